// A batch judges each band with its own 95% bootstrap interval (sim/validation.ts verdictOf): a
// pattern missed at the batch's figures still holds when at least 2.5% of the resamples pass it,
// and fails when its whole interval lies outside the band. The looser rule must still let a
// pattern fail: with the mechanisms through which ties move opinions off, pattern 5 fails.
import { describe, expect, it } from 'vitest';
import { scenariosFor } from '../../cli/validation.ts';
import {
  batchRuns,
  holds,
  judgedPatterns,
  VALIDATION_SEEDS,
  verdictOf,
  WITHIN_SHARE,
} from '../../sim/validation.ts';

describe('the batch verdict', () => {
  it('passes at the figures, holds within the interval from 2.5% of passing resamples, else fails', () => {
    expect(verdictOf(true, 0)).toBe('pass');
    expect(verdictOf(true, Number.NaN)).toBe('pass');
    expect(verdictOf(false, WITHIN_SHARE)).toBe('within');
    expect(verdictOf(false, 0.5)).toBe('within');
    expect(verdictOf(false, WITHIN_SHARE - 1e-6)).toBe('fail');
    // Without resamples there is no interval: the figures alone decide.
    expect(verdictOf(false, Number.NaN)).toBe('fail');
    expect([holds({ verdict: 'pass' }), holds({ verdict: 'within' }), holds({ verdict: 'fail' })]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('still fails a pattern the model clearly misses: pattern 5 with ties that move no opinion', {
    timeout: 300_000,
  }, () => {
    const off = scenariosFor({
      'mechanisms.taming': false,
      'mechanisms.trustWidening': false,
      'mechanisms.chairSynthesis': false,
    });
    const o = { replicates: 100, nationalReplicates: 5, resamples: 200 };
    const seed = VALIDATION_SEEDS[0];
    const p = judgedPatterns(batchRuns(off, seed, o), off.base, o.resamples, 'test/verdict')[4];
    expect(p.id).toBe(5);
    expect(p.verdict, `${p.measured}; ${p.passShare} of resamples pass`).toBe('fail');
    expect(p.passShare).toBeLessThan(WITHIN_SHARE);
    expect(p.hi).toBeLessThan(0.1);
  });
});
