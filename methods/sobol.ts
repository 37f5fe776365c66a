// Sobol' indices from the outputs of Saltelli's design (methods/saltelli.ts): first-order indices by
// the Saltelli et al. (2010) estimator (Comput. Phys. Commun. 181, 259–270, Table 2 (b)), total
// indices by Jansen's (1999, Comput. Phys. Commun. 117, 35–43; Saltelli et al. 2010 Table 2 (f)),
// percentile bootstrap 95% intervals over the design's rows (Archer, Saltelli & Sobol 1997).
// Pure: outputs in, indices out; where the outputs were computed is the caller's affair.
import seedrandom from 'seedrandom';
import { designPoint, designSize, saltelliDesign } from './saltelli.ts';

export interface SobolIndex {
  factor: string;
  output: string;
  S1: number;
  S1_low: number;
  S1_high: number;
  ST: number;
  ST_low: number;
  ST_high: number;
}

/**
 * First-order and total indices of each factor from the outputs `y` of the design points (in
 * `designPoint` order: A_j, B_j, A_B^(1)_j ... A_B^(k)_j for each row j), over the rows `rows`
 * (all rows, or a bootstrap resample). V is the variance of f(A) and f(B) pooled.
 * Returns NaN indices when the output does not vary.
 */
export function sobolIndices(
  y: ArrayLike<number>,
  k: number,
  rows: ArrayLike<number>,
): { S1: Float64Array; ST: Float64Array } {
  const n = rows.length;
  const w = k + 2;
  let sum = 0;
  for (let r = 0; r < n; r++) sum += y[rows[r] * w] + y[rows[r] * w + 1];
  const mean = sum / (2 * n);
  let ss = 0;
  for (let r = 0; r < n; r++) ss += (y[rows[r] * w] - mean) ** 2 + (y[rows[r] * w + 1] - mean) ** 2;
  const v = ss / (2 * n - 1);
  const S1 = new Float64Array(k);
  const ST = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let first = 0;
    let total = 0;
    for (let r = 0; r < n; r++) {
      const o = rows[r] * w;
      const fa = y[o];
      const fb = y[o + 1];
      const fab = y[o + 2 + i];
      first += fb * (fab - fa);
      total += (fa - fab) ** 2;
    }
    S1[i] = v > 0 ? first / n / v : Number.NaN;
    ST[i] = v > 0 ? total / (2 * n) / v : Number.NaN;
  }
  return { S1, ST };
}

/** Percentile of sorted values (type 7). */
function percentile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Indices with percentile bootstrap 95% intervals (resampling the design's rows, seeded). */
export function sobolWithIntervals(
  y: ArrayLike<number>,
  factors: readonly string[],
  n: number,
  output: string,
  bootstrap: number,
  seed: number,
): SobolIndex[] {
  const k = factors.length;
  const all = Int32Array.from({ length: n }, (_, j) => j);
  const point = sobolIndices(y, k, all);
  const rng = seedrandom.alea(`sobol-bootstrap/${seed}/${output}`);
  const s1 = factors.map(() => new Float64Array(bootstrap));
  const st = factors.map(() => new Float64Array(bootstrap));
  const rows = new Int32Array(n);
  for (let b = 0; b < bootstrap; b++) {
    for (let r = 0; r < n; r++) rows[r] = Math.floor(rng() * n);
    const est = sobolIndices(y, k, rows);
    for (let i = 0; i < k; i++) {
      s1[i][b] = est.S1[i];
      st[i][b] = est.ST[i];
    }
  }
  // A resample that happens to hold no variance (small N) has no indices: left out of the intervals.
  const finite = (xs: Float64Array) => xs.filter(Number.isFinite).sort();
  return factors.map((factor, i) => {
    const a = finite(s1[i]);
    const t = finite(st[i]);
    const ok = a.length > 0 && t.length > 0 && !Number.isNaN(point.S1[i]);
    return {
      factor,
      output,
      S1: point.S1[i],
      S1_low: ok ? percentile(a, 0.025) : Number.NaN,
      S1_high: ok ? percentile(a, 0.975) : Number.NaN,
      ST: point.ST[i],
      ST_low: ok ? percentile(t, 0.025) : Number.NaN,
      ST_high: ok ? percentile(t, 0.975) : Number.NaN,
    };
  });
}

/** Sobol' analysis of any function of the unit cube (for the analytic test functions). */
export function sobolOfFunction(
  f: (u: Float64Array) => number,
  factors: readonly string[],
  n: number,
  options: { seed?: number; bootstrap?: number } = {},
): SobolIndex[] {
  const d = saltelliDesign(factors.length, n, options.seed ?? 1);
  const y = new Float64Array(designSize(d));
  for (let p = 0; p < y.length; p++) y[p] = f(designPoint(d, p));
  return sobolWithIntervals(y, factors, n, 'y', options.bootstrap ?? 500, options.seed ?? 1);
}

/**
 * Mean of each point's replicates (runs in point-major order: run = point * replicates + replicate),
 * summed in replicate order: the same bytes for any order in which the runs arrived.
 */
export function pointMeans(perRun: Float64Array, replicates: number): Float64Array {
  const out = new Float64Array(perRun.length / replicates);
  for (let p = 0; p < out.length; p++) {
    let t = 0;
    for (let r = 0; r < replicates; r++) t += perRun[p * replicates + r];
    out[p] = t / replicates;
  }
  return out;
}
