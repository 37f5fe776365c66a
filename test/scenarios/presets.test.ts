// Scenario presets (MODEL.md §9): every file in scenarios/ resolves through its `extends` chain,
// holds only its change, says which paper section motivates it, and runs to an end.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, SCENARIOS_DIR } from '../../cli/calibrate.ts';
import { createSimulation, DEFAULTS, simulate } from '../../sim/index.ts';

const PRESETS = [
  'participant-governed',
  'lead-organisation',
  'lean',
  'meetings-halved',
  'firm-deadline',
  'no-coach',
  'attendance-fees',
  'legal-expert',
  'intra-pillar',
  'national',
  'joint-focus-groups',
];

const raw = (name: string) => JSON.parse(readFileSync(join(SCENARIOS_DIR, `${name}.json`), 'utf8'));

describe('scenario presets', () => {
  it('the library holds exactly the default, the ten presets of MODEL.md §9 and the joint focus-group session (§3.4)', () => {
    const files = readdirSync(SCENARIOS_DIR)
      .filter((f) => f.endsWith('.json') && f !== 'schema.json')
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual(expect.arrayContaining(['default', ...PRESETS]));
  });

  for (const name of PRESETS) {
    it(`${name}: extends default, names its change and its paper section, and runs`, () => {
      const r = raw(name);
      expect(r.$schema).toBe('./schema.json');
      expect(r.extends).toBe('default');
      expect(r.id).toBe(name);
      expect(r.description).toMatch(/default/);
      expect(r.description).toMatch(/§\d|Provan/);
      const s = loadScenario(name);
      expect(s.id).toBe(name);
      const summary = simulate.summary(s, { seed: 7 });
      for (const o of summary.consortia) {
        expect(o.submitted !== o.gaveUp).toBe(true);
        expect(o.weeks).toBeGreaterThan(0);
        expect(o.weeks).toBeLessThanOrEqual(s.calendar.horizonWeeks);
      }
    });
  }

  it('each preset changes what it says it changes', () => {
    expect(loadScenario('firm-deadline').calendar.deadline).toBe('firm');
    expect(loadScenario('no-coach').coach.enabled).toBe(false);
    expect(loadScenario('attendance-fees').attendanceFees).toBe(true);
    expect(loadScenario('legal-expert').composition.roles).toEqual([{ role: 'legalAdvisor', count: 1 }]);
    const national = loadScenario('national');
    expect(national.consortia).toBe(20);
    expect(national.composition.variation).toBeGreaterThan(0);
    const halved = loadScenario('meetings-halved').governance.groups.map((g) => g.plannedMeetings);
    expect(halved).toEqual(DEFAULTS.governance.groups.map((g) => Math.ceil(g.plannedMeetings / 2)));
    expect(loadScenario('participant-governed').governance.groups.map((g) => g.id)).toEqual(['plenary']);
    const lead = loadScenario('lead-organisation').governance;
    expect(lead.chair).toBe('lead');
    expect(lead.groups.some((g) => g.id === 'steering')).toBe(false);
    expect(loadScenario('lean').governance.groups.map((g) => g.id)).toEqual(['reflection', 'project']);
  });

  it('firm-deadline ends every run by the planned 30 weeks', () => {
    const s = loadScenario('firm-deadline');
    for (let seed = 1; seed <= 20; seed++)
      expect(simulate.summary(s, { seed }).weeks).toBeLessThanOrEqual(30);
  });

  it('intra-pillar draws every partner from one pillar; legal-expert adds one legal advisor', () => {
    const intra = createSimulation(loadScenario('intra-pillar'), { seed: 3 }).snapshot();
    expect(new Set(intra.actors.filter((a) => !a.isCoordinator).map((a) => a.pillar))).toEqual(
      new Set(['catholic']),
    );
    const base = createSimulation(loadScenario('default'), { seed: 3 }).snapshot();
    const expert = createSimulation(loadScenario('legal-expert'), { seed: 3 }).snapshot();
    expect(expert.actors.length).toBe(base.actors.length + 1);
    expect(expert.actors.filter((a) => a.role === 'legalAdvisor')).toHaveLength(1);
  });

  it('national runs 20 consortia of varied size and reports national outcomes', () => {
    const r = simulate.summary(loadScenario('national'), { seed: 5 });
    expect(r.national?.consortia).toBe(20);
    expect(r.consortia).toHaveLength(20);
    const snap = createSimulation(loadScenario('national'), { seed: 5 }).snapshot();
    const perConsortium = new Set(
      Array.from({ length: 20 }, (_, c) => snap.actors.filter((a) => a.consortium === c).length),
    );
    expect(perConsortium.size).toBeGreaterThan(1);
  });

  it('a bare name and a path load the same scenario; an unknown preset is a clear error', () => {
    expect(loadScenario(join(SCENARIOS_DIR, 'lean.json'))).toEqual(loadScenario('lean'));
    expect(() => loadScenario('no-such-preset')).toThrow(/no-such-preset\.json.*cannot read/);
  });
});
