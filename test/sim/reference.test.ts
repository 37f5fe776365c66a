// Reference values at fixed seeds. The scenario is a frozen fixture (the default as it was when the
// values were recorded), so recalibrating the defaults does not move them; a change to a rule does,
// and must update them deliberately.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../sim/index.ts';
import { expectClose } from '../helpers/tolerance.ts';

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/reference-scenario.json', import.meta.url), 'utf8'),
);
const s = parseScenario(fixture, 'reference-scenario.json');

describe('reference values (deffuant rule)', () => {
  it('seed 1', () => {
    const o = simulate(s, { seed: 1 }).summary.outcomes;
    expect([o.weeks, o.meetingsPlanned, o.meetingsExtra, o.workingGroups, o.legalOutcome]).toEqual([
      87,
      14,
      10,
      0,
      'asbl',
    ]);
    expect(o.settleWeek).toEqual({
      name: 13,
      targets: 27,
      actions: 20,
      dataProtection: 51,
      funding: 81,
      legal: 33,
    });
    expectClose(o.eiPillarEnd, 0.22580645161290322);
    expectClose(o.modularityPillarEnd, 0.044871748773232537);
    expect(o.volunteerHours).toBe(673);
  });

  it('seed 2', () => {
    const o = simulate(s, { seed: 2 }).summary.outcomes;
    expect([o.weeks, o.meetingsPlanned, o.meetingsExtra, o.workingGroups, o.legalOutcome]).toEqual([
      89,
      14,
      11,
      1,
      'asbl',
    ]);
    expectClose(o.eiPillarEnd, 0.27835051546391754);
    expectClose(o.modularityPillarEnd, 0.01563622003201951);
    expect(o.volunteerHours).toBe(586);
  });
});

describe('reference values (hk rule)', () => {
  it('seed 1', () => {
    const o = simulate({ ...s, deliberation: { ...s.deliberation, rule: 'hk' } }, { seed: 1 }).summary
      .outcomes;
    expect([o.weeks, o.meetingsExtra, o.legalOutcome]).toEqual([104, 12, 'asbl']);
    expectClose(o.eiPillarEnd, 0.21739130434782608);
  });
});
