// Replicate statistics shared by the CLI and the browser view (pure: no Node, no DOM): spreads
// across replicates, paired differences with a t confidence interval, the share of a yes/no
// outcome with a Wilson interval, and the minimum detectable difference of a paired design.
// The thresholds below are the documented n under which no interval is given (docs/statistics.md).

import { deviation, mean, quantileSorted } from 'd3-array';
import { tQuantile } from './t-quantile.ts';

/**
 * Fewest values for a 95% range across replicates (2.5% and 97.5% quantiles): below 20, those
 * quantiles are interpolations between the two most extreme runs, not a range anyone saw.
 */
export const MIN_N_RANGE = 20;
/** Fewest values (or pairs) for a 95% confidence interval of a mean or a share. */
export const MIN_N_CI = 5;

export interface Spread {
  n: number;
  mean: number;
  sd: number;
  median: number;
  /** 2.5% and 97.5% quantiles across replicates (R type 7); NaN below MIN_N_RANGE values. */
  lo: number;
  hi: number;
  min: number;
  max: number;
}

const finite = (xs: readonly number[]): number[] => xs.filter((x) => Number.isFinite(x));

export function spread(values: readonly number[]): Spread {
  const xs = finite(values).sort((a, b) => a - b);
  const n = xs.length;
  const none = Number.NaN;
  if (n === 0) return { n, mean: none, sd: none, median: none, lo: none, hi: none, min: none, max: none };
  const ranged = n >= MIN_N_RANGE;
  return {
    n,
    mean: mean(xs) ?? none,
    sd: n > 1 ? (deviation(xs) ?? none) : 0,
    median: quantileSorted(xs, 0.5) ?? none,
    lo: ranged ? (quantileSorted(xs, 0.025) ?? none) : none,
    hi: ranged ? (quantileSorted(xs, 0.975) ?? none) : none,
    min: xs[0],
    max: xs[n - 1],
  };
}

export interface PairedDifference {
  n: number;
  meanA: number;
  meanB: number;
  /** Mean of B - A over the replicate pairs. */
  diff: number;
  sd: number;
  /** 95% t confidence interval of the mean difference (NaN with fewer than MIN_N_CI pairs). */
  lo: number;
  hi: number;
  /**
   * Minimum detectable difference: the true mean difference this many pairs would find clear
   * (interval excluding 0) 80% of the time, two-sided 5% level, at the observed sd. NaN below MIN_N_CI.
   */
  mdd: number;
}

const tq = (p: number, df: number) => tQuantile(p, df);

/** Half-width of the 95% t interval of a mean of n values with standard deviation sd. */
export const halfWidth = (sd: number, n: number, level = 0.95): number =>
  n >= 2 ? tq(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n)) : Number.NaN;

/** Minimum detectable difference at 80% power, two-sided test at 1 - level. */
export const minimumDetectable = (sd: number, n: number, level = 0.95, power = 0.8): number =>
  n >= 2 ? (tq(1 - (1 - level) / 2, n - 1) + tq(power, n - 1)) * (sd / Math.sqrt(n)) : Number.NaN;

/** Paired differences b[r] - a[r], skipping pairs where either side has no value. */
export function pairedDifference(a: readonly number[], b: readonly number[], level = 0.95): PairedDifference {
  const as: number[] = [];
  const bs: number[] = [];
  const ds: number[] = [];
  for (let r = 0; r < Math.min(a.length, b.length); r++) {
    if (!Number.isFinite(a[r]) || !Number.isFinite(b[r])) continue;
    as.push(a[r]);
    bs.push(b[r]);
    ds.push(b[r] - a[r]);
  }
  const n = ds.length;
  const diff = n ? (mean(ds) ?? Number.NaN) : Number.NaN;
  const sd = n > 1 ? (deviation(ds) ?? 0) : Number.NaN;
  const enough = n >= MIN_N_CI;
  const half = enough ? halfWidth(sd, n, level) : Number.NaN;
  return {
    n,
    meanA: n ? (mean(as) ?? Number.NaN) : Number.NaN,
    meanB: n ? (mean(bs) ?? Number.NaN) : Number.NaN,
    diff,
    sd,
    lo: diff - half,
    hi: diff + half,
    mdd: enough ? minimumDetectable(sd, n, level) : Number.NaN,
  };
}

/** A yes/no outcome: k of n, with the Wilson score interval (NaN below MIN_N_CI). */
export interface Share {
  k: number;
  n: number;
  share: number;
  lo: number;
  hi: number;
}

export function share(k: number, n: number): Share {
  if (n === 0) return { k, n, share: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  const p = k / n;
  if (n < MIN_N_CI) return { k, n, share: p, lo: Number.NaN, hi: Number.NaN };
  const z = 1.959963984540054;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { k, n, share: p, lo: Math.max(0, c - h), hi: Math.min(1, c + h) };
}
