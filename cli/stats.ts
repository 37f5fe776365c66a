// Replicate statistics: median and 95% interval across replicates, and paired differences with
// a t confidence interval (common random numbers make the pairs; Student's t for the mean).
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { deviation, mean, quantileSorted } from 'd3';

export interface Spread {
  n: number;
  mean: number;
  sd: number;
  median: number;
  /** 2.5% and 97.5% quantiles across replicates (linear interpolation, R type 7). */
  lo: number;
  hi: number;
  min: number;
  max: number;
}

const finite = (xs: readonly number[]): number[] => xs.filter((x) => Number.isFinite(x));

export function spread(values: readonly number[]): Spread {
  const xs = finite(values).sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0)
    return {
      n,
      mean: Number.NaN,
      sd: Number.NaN,
      median: Number.NaN,
      lo: Number.NaN,
      hi: Number.NaN,
      min: Number.NaN,
      max: Number.NaN,
    };
  return {
    n,
    mean: mean(xs) ?? Number.NaN,
    sd: n > 1 ? (deviation(xs) ?? Number.NaN) : 0,
    median: quantileSorted(xs, 0.5) ?? Number.NaN,
    lo: quantileSorted(xs, 0.025) ?? Number.NaN,
    hi: quantileSorted(xs, 0.975) ?? Number.NaN,
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
  /** 95% t confidence interval of the mean difference (NaN with fewer than 2 pairs). */
  lo: number;
  hi: number;
}

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
  let lo = Number.NaN;
  let hi = Number.NaN;
  if (n > 1) {
    const half = tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
    lo = diff - half;
    hi = diff + half;
  }
  return {
    n,
    meanA: n ? (mean(as) ?? Number.NaN) : Number.NaN,
    meanB: n ? (mean(bs) ?? Number.NaN) : Number.NaN,
    diff,
    sd,
    lo,
    hi,
  };
}
