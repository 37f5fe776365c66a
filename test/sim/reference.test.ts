// Reference values at fixed seeds. The scenario is a frozen fixture (the default as it was when the
// values were recorded), so recalibrating the defaults does not move them; a change to a rule does,
// and must update them deliberately. Re-pinned with issue 9 (the §3.4 negotiation after the focus
// groups, deadline adaptation, size costs): the fixture gained those parameters at their defaults.
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
      77,
      14,
      10,
      0,
      'existing-partner',
    ]);
    expect(o.settleWeek).toEqual({
      name: 13,
      targets: 27,
      actions: 20,
      dataProtection: 51,
      funding: 71,
      legal: 33,
    });
    expectClose(o.eiPillarEnd, 0.26717557251908397);
    expectClose(o.modularityPillarEnd, 0.03722849092777131);
    expect(o.volunteerHours).toBe(647);
  });

  it('seed 2', () => {
    const o = simulate(s, { seed: 2 }).summary.outcomes;
    expect([o.weeks, o.meetingsPlanned, o.meetingsExtra, o.workingGroups, o.legalOutcome]).toEqual([
      83,
      14,
      11,
      1,
      'asbl',
    ]);
    expectClose(o.eiPillarEnd, 0.2631578947368421);
    expectClose(o.modularityPillarEnd, 0.011034977366519382);
    expect(o.volunteerHours).toBe(564);
  });
});

describe('reference values (hk rule)', () => {
  it('seed 1', () => {
    const o = simulate({ ...s, deliberation: { ...s.deliberation, rule: 'hk' } }, { seed: 1 }).summary
      .outcomes;
    expect([o.weeks, o.meetingsExtra, o.legalOutcome]).toEqual([95, 13, 'existing-partner']);
    expectClose(o.eiPillarEnd, 0.20634920634920634);
  });
});
