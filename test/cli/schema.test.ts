// The generated JSON Schemas: up to date with the zod schemas and defaults, every scenario
// property optional with its default, unit and description kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { designJsonSchema, scenarioJsonSchema, sweepJsonSchema } from '../../scenarios/build-schema.ts';
import { DEFAULTS } from '../../sim/index.ts';
import { SCENARIOS } from './helpers.ts';

const read = (f: string) => JSON.parse(readFileSync(join(SCENARIOS, f), 'utf8'));

describe('generated JSON Schemas', () => {
  it('are up to date (run `npm run schema` after changing the schema or the defaults)', () => {
    expect(read('schema.json')).toEqual(scenarioJsonSchema());
    expect(read('sweep.schema.json')).toEqual(sweepJsonSchema());
    expect(read('design.schema.json')).toEqual(designJsonSchema());
  });

  it('design schema: objectives and limits name the numeric outcome columns, no text column', () => {
    const s = read('design.schema.json');
    expect(s.required).toEqual(expect.arrayContaining(['scenario', 'variables', 'objectives']));
    const outcomes = s.properties.objectives.items.properties.outcome.enum;
    expect(outcomes).toEqual(
      expect.arrayContaining(['months', 'volunteerHours', 'coordinatorHours', 'submitted', 'eiPillarEnd']),
    );
    expect(outcomes).not.toContain('legalOutcome');
    expect(s.properties.limits.items.properties.outcome.enum).toEqual(outcomes);
  });

  it('scenario schema: no required property, defaults from DEFAULTS, units and descriptions', () => {
    const s = read('schema.json');
    const props = s.properties;
    expect(s.required).toBeUndefined();
    expect(props.ties.required).toBeUndefined();
    expect(props.ties.properties.alpha.default).toBe(DEFAULTS.ties.alpha);
    expect(props.ties.properties.alpha.unit).toBe('per conversation');
    expect(props.calendar.properties.plannedWeeks.description).toMatch(/planned length/);
    expect(props.governance.properties.groups.default).toEqual(DEFAULTS.governance.groups);
    expect(props.extends.type).toBe('string');
    // Groups merge by id, so a group in a file needs only its id, and may be removed.
    expect(props.governance.properties.groups.items.required).toEqual(['id']);
    expect(props.governance.properties.groups.items.properties.remove.const).toBe(true);
  });

  it('sweep schema: names the base scenario and the factors', () => {
    const s = read('sweep.schema.json');
    expect(s.required).toContain('scenario');
    expect(Object.keys(s.properties)).toEqual(
      expect.arrayContaining(['scenario', 'set', 'vary', 'points', 'replicates', 'seed']),
    );
  });
});
