// Honest statistics (report/): durations over submitted runs, never-settled as missing, reasons
// among those that gave up, national over all consortia, no interval below the documented n,
// numbers rounded for people; compare's precision target and minimum detectable difference.
import { describe, expect, it } from 'vitest';
import { compare, loadScenario } from '../../cli/api.ts';
import { amount, human, pct, unitFor } from '../../report/format.ts';
import { MIN_N_CI, MIN_N_RANGE, share, spread } from '../../report/stats.ts';
import { endingLine, formatSummaryTable, summariseRecords } from '../../report/summary.ts';
import { simulate } from '../../sim/index.ts';
import { scenario } from '../helpers/scenario.ts';

const rec = (submitted: boolean, months: number, settle: number, reason = '') => ({
  submitted,
  gaveUp: !submitted,
  gaveUpReason: submitted ? '' : reason,
  months,
  settleWeek_legal: settle,
  meetingsExtra: 3,
});

describe('summariseRecords', () => {
  const records = [
    ...Array.from({ length: 18 }, (_, k) => rec(true, 10 + k, 20 + k)),
    rec(false, 24, -1, 'horizon'),
    rec(false, 5, -1, 'quorum'),
  ];
  const s = summariseRecords(records);

  it('durations are over the submitted runs; the horizon of a run that gave up is not one', () => {
    expect(s.months).toMatchObject({ kind: 'number', among: 'submitted', n: 18, of: 20, max: 27 });
    if (s.months.kind !== 'number') throw new Error('months');
    expect(s.months.mean).toBeCloseTo(18.5, 12);
  });

  it('a controversy never settled is missing, never -1 in a mean', () => {
    expect(s.settleWeek_legal).toMatchObject({ kind: 'number', among: 'settled', n: 18, of: 20, min: 20 });
  });

  it('reasons are counted among the runs that gave up; shares carry a Wilson CI', () => {
    expect(s.gaveUpReason).toEqual({
      kind: 'category',
      among: 'gaveUp',
      n: 2,
      counts: { horizon: 1, quorum: 1 },
    });
    expect(s.submitted).toMatchObject({ kind: 'share', k: 18, n: 20, share: 0.9 });
    expect(endingLine(s)).toBe(
      'submitted in 18 of 20 runs (90%), 95% CI 70% to 97%; 2 gave up (horizon 1, quorum 1)',
    );
  });

  it(`no 95% range from fewer than ${MIN_N_RANGE} values, no CI from fewer than ${MIN_N_CI}`, () => {
    const table = formatSummaryTable(s);
    expect(table).toMatch(/^months\s+18 of 20\s+18\.5\s+18\.5\s+submitted runs only$/m);
    expect(table).toMatch(/^settleWeek_legal\s+18 of 20\s+28\.5\s+28\.5\s+2 never settled$/m);
    expect(spread(Array.from({ length: 19 }, (_, k) => k)).lo).toBeNaN();
    expect(spread(Array.from({ length: 20 }, (_, k) => k)).lo).toBeCloseTo(0.475, 12);
    expect(share(2, 4).lo).toBeNaN();
    expect(share(2, 5).lo).toBeGreaterThan(0);
  });

  it('the national scenario is summarised over every consortium', () => {
    const sc = scenario({ consortia: 6 });
    const s6 = simulate.summary(sc, { seed: 3 });
    const n = s6.consortia.filter((o) => o.submitted).length;
    const table = summariseRecords(s6.consortia.map((o) => ({ submitted: o.submitted, months: o.months })));
    expect(table.submitted).toMatchObject({ k: n, n: 6 });
  });
});

describe('numbers for people', () => {
  it('rounds float noise, keeps whole numbers, singular units for 1', () => {
    expect(human(57.49999999999999)).toBe('57.5');
    expect(human(0.30000000000000004)).toBe('0.3');
    expect(human(1074)).toBe('1074');
    expect(human(-0.0000001)).toBe('-1e-7');
    expect(human(Number.NaN)).toBe('–');
    expect(pct(0.575)).toBe('58%');
    expect(unitFor('percentage points', '1')).toBe('percentage point');
    expect(amount(1, 'percentage points')).toBe('1 percentage point');
    expect(amount(2, 'months')).toBe('2 months');
    expect(amount(-1, 'consortia')).toBe('-1 consortium');
  });
});

describe('compare by precision', () => {
  const a = loadScenario('default');
  const b = loadScenario('meetings-halved');

  it('adds pairs until the duration CI is within the target, and says so', () => {
    const r = compare(a, b, { precision: 1 });
    const months = r.outcomes.find((o) => o.key === 'months')!;
    expect(r.precision).toMatchObject({ outcome: 'months', target: 1, met: true });
    expect(r.replicates).toBeGreaterThanOrEqual(20);
    expect((months.hi - months.lo) / 2).toBeLessThanOrEqual(1);
    expect(r.precision!.reached).toBeCloseTo((months.hi - months.lo) / 2, 10);
  });

  it('stops at the cap and reports the half-width reached; not-clear sentences give the MDD', () => {
    const r = compare(a, b, { precision: 0.01, maxReplicates: 30 });
    expect(r.replicates).toBe(30);
    expect(r.precision?.met).toBe(false);
    const unclear = r.outcomes.filter((o) => o.lo <= 0 && o.hi >= 0 && o.sd > 0);
    for (const o of unclear) expect(o.sentence).toMatch(/would have been seen$/);
  });

  it('the same pairs as a fixed count: seeds come from identity, not from the stopping rule', () => {
    const r = compare(a, b, { precision: 1 });
    const fixed = compare(a, b, { replicates: r.replicates });
    expect(fixed.outcomes.map((o) => o.diff)).toEqual(r.outcomes.map((o) => o.diff));
  });
});
