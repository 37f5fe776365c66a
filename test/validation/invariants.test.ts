// The invariants of the evidence ledger (sim/patterns.ts LEDGER): clauses of patterns 2, 9 and 10
// that the model's rules make true, tested here as rules over random seeds and random points of the
// calibration's prior (fast-check), so that they are never counted as evidence and yet still fail
// the day a rule changes. Also the ledger's own laws, and the band tolerance at its knife edge.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../cli/calibrate.ts';
import { applyDraw, drawRange, FREE_PARAMETERS } from '../../cli/free-parameters.ts';
import { createSimulation } from '../../sim/engine.ts';
import {
  closurePattern,
  familiarPattern,
  LEDGER,
  legalAfterFocusPattern,
  patternClass,
  patternsOfClass,
  runDetailed,
} from '../../sim/patterns.ts';
import type { RunSummary } from '../../sim/types.ts';
import { candidateFailures } from '../../sim/validation.ts';

/** A point of the prior: every free parameter drawn in its range (whole numbers rounded). */
const point = fc.tuple(...FREE_PARAMETERS.map(() => fc.double({ min: 0, max: 1, noNaN: true }))).map((u) =>
  Object.fromEntries(
    FREE_PARAMETERS.map((p, j) => {
      const [lo, hi] = drawRange(p);
      return [p.path, applyDraw(p, lo + u[j] * (hi - lo))];
    }),
  ),
);
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe('invariants hold as rules of the model, at any seed and any point of the prior', () => {
  it('pattern 2: a submitted file is signed off at a meeting of the sign-off group held at or after the last settlement, an extra one when no planned one is left', () => {
    fc.assert(
      fc.property(point, seed, (values, sd) => {
        const s = loadScenario('default', values);
        const sim = createSimulation(s, { seed: sd, events: true });
        while (!sim.done) sim.step();
        const r = sim.result();
        if (!r.summary.outcomes.submitted) return;
        const own = r.events.filter((e) => e.consortium === 0);
        const lastSettled = Math.max(-1, ...own.filter((e) => e.type === 'settled').map((e) => e.week));
        const signOff = own.filter(
          (e) => e.type === 'meeting' && e.group === s.governance.signOff && e.week >= lastSettled,
        );
        expect(signOff.length, 'a sign-off meeting after the last settlement').toBeGreaterThan(0);
        if (signOff.every((e) => e.type === 'meeting' && e.kind !== 'planned'))
          expect(r.summary.outcomes.meetingsExtra).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 12, seed: 17 },
    );
  }, 120_000);

  it('pattern 9, first clause: every submitted run closed every controversy', () => {
    fc.assert(
      fc.property(point, seed, (values, sd) => {
        const s = loadScenario('default', values);
        const sim = createSimulation(s, { seed: sd });
        while (!sim.done) sim.step();
        const summary: RunSummary = sim.result().summary;
        const o = summary.outcomes;
        if (o.submitted)
          for (const w of Object.values(o.settleWeek)) {
            expect(w).toBeGreaterThanOrEqual(0);
            expect(w).toBeLessThanOrEqual(o.weeks - 1);
          }
        expect(closurePattern([summary], s).invariant).toBe(true);
      }),
      { numRuns: 12, seed: 19 },
    );
  }, 120_000);

  it('pattern 10, first clause: a legal form is chosen only after the focus groups’ advice, at a later meeting of the validating group', () => {
    fc.assert(
      fc.property(point, seed, (values, sd) => {
        const run = runDetailed(loadScenario('default', values), sd);
        if (run.legal.choiceWeek >= 0) {
          expect(run.legal.adviceWeek).toBeGreaterThanOrEqual(0);
          expect(run.legal.choiceWeek).toBeGreaterThan(run.legal.adviceWeek);
          expect(run.legal.meetingsAfterAdvice).toBeGreaterThanOrEqual(1);
        }
        expect(legalAfterFocusPattern([run]).invariant).toBe(true);
      }),
      { numRuns: 8, seed: 23 },
    );
  }, 120_000);
});

describe('the evidence ledger', () => {
  it('classes every pattern 1-10, names the invariants of the issue, and keeps at least three validation-only', () => {
    expect([...new Set(LEDGER.map((e) => e.id))].sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(patternClass(2)).toBe('invariant');
    for (const id of [9, 10]) {
      const classes = LEDGER.filter((e) => e.id === id).map((e) => e.class);
      expect(classes).toContain('invariant');
      expect(patternClass(id)).not.toBe('invariant');
    }
    expect(patternsOfClass('validation').length).toBeGreaterThanOrEqual(3);
    expect(patternsOfClass('target').length).toBeGreaterThanOrEqual(1);
    // No pattern is both: a target the search saw is never validation.
    for (const id of patternsOfClass('target')) expect(patternsOfClass('validation')).not.toContain(id);
  });

  it('counts the candidates that fail each validation-only pattern, apart from confirmation re-runs and among the fit', () => {
    const targets = patternsOfClass('target');
    const [v] = patternsOfClass('validation');
    const all = (pass: boolean) => Object.fromEntries(targets.map((id) => [id, pass]));
    const f = candidateFailures([
      { stage: 'screen', verdicts: { ...all(true), [v]: false } },
      { stage: 'screen', verdicts: { ...all(true), [v]: true } },
      { stage: 'screen', verdicts: { ...all(false), [v]: false } },
      { stage: 'screen', verdicts: { ...all(false) } },
      { stage: 'confirm', verdicts: { ...all(true), [v]: false } },
    ]).find((x) => x.id === v);
    expect(f).toEqual({ id: v, measured: 3, failed: 2, measuredFit: 2, failedFit: 1 });
  });
});

describe('comparisons with a band forgive floating-point rounding, not a run', () => {
  const runs = (asbl: number, n: number): RunSummary[] =>
    Array.from(
      { length: n },
      (_, i) =>
        ({
          outcomes: {
            legalOutcome: i < asbl ? 'asbl' : i < asbl + Math.round(0.2 * n) ? 'de-facto' : 'innovative',
          },
        }) as unknown as RunSummary,
    );
  it('pattern 4: an ASBL share of 0.585 with the expert at 0.385 is a fall of 20 points (0.19999… in floating point)', () => {
    expect(0.585 - 0.385 >= 0.2).toBe(false); // the knife edge the tolerance is for
    const p = familiarPattern(runs(117, 200), runs(77, 200));
    expect(p.pass, p.measured).toBe(true);
    // One run fewer is a real miss: 0.585 - 0.39 < 0.2.
    const q = familiarPattern(runs(117, 200), runs(78, 200));
    expect(q.pass, q.measured).toBe(false);
  });
});
