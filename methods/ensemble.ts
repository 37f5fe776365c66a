// Ensembles across a weighted sample (an ABC posterior): which members to run, and an effect pooled
// over them. Systematic resampling (Kitagawa 1996; Douc, Cappé & Moulines 2005): one uniform places
// n evenly spaced pointers on the cumulative weights, so a member of weight w is drawn n*w times,
// rounded, with the least variance of the usual schemes. Pooling: each member's mean paired effect,
// weighted, with an interval that adds the members' spread and the runs' noise (docs/uncertainty.md).
// Pure; the uniform comes from the caller's seeded generator.

/** Indices of n draws by weight: systematic resampling with one uniform from `rng`. */
export function resample(weights: readonly number[], n: number, rng: () => number): number[] {
  // Scaled by the largest weight first: weights near 1e308 would sum to Infinity, and every draw
  // would then fall on the last particle.
  let max = 0;
  for (const w of weights) if (w > max) max = w;
  const scaled = weights.map((w) => w / max);
  const s = scaled.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  const u0 = rng() / n;
  let c = scaled[0] / s;
  let i = 0;
  for (let k = 0; k < n; k++) {
    const u = u0 + k / n;
    while (u > c && i < scaled.length - 1) c += scaled[++i] / s;
    out.push(i);
  }
  return out;
}

/** An effect pooled over the members of an ensemble. */
export interface PooledEffect {
  /** Pairs with a value on both sides, over all members. */
  n: number;
  meanA: number;
  meanB: number;
  /** The weighted mean over members of each member's mean paired difference b - a. */
  diff: number;
  /** Standard deviation of all the pairs' differences about `diff`. */
  sd: number;
  /** 95% interval: parameter and stochastic half-widths added in quadrature. */
  lo: number;
  hi: number;
  /** Standard deviation of the members' mean effects, less their replicate noise. */
  parameterSd: number;
  /** Weighted share of members whose mean effect has the pooled effect's sign. */
  sameSign: number;
}

const Z = 1.959963984540054;

/**
 * Pool paired runs across the members of an ensemble (draws from a posterior, of weights `w`):
 * `values[i].a[r]` and `.b[r]` are replicate r of member i under A and under B (a pair shares its
 * seed; a pair with a value missing on either side is left out). The interval adds, in quadrature,
 * the spread of the members' mean effects less their replicate noise (a random-effects estimate)
 * and the larger of `stochasticHalfWidth` and the pooled mean's own half-width.
 */
export function poolMembers(
  values: readonly { a: readonly number[]; b: readonly number[] }[],
  w: readonly number[],
  stochasticHalfWidth: number,
): PooledEffect {
  let n = 0;
  let meanA = 0;
  let meanB = 0;
  let sumD2 = 0;
  const m: number[] = [];
  const se2: number[] = [];
  w.forEach((_, i) => {
    const ds: number[] = [];
    let ai = 0;
    let bi = 0;
    const { a, b } = values[i];
    for (let r = 0; r < a.length; r++) {
      const x = a[r];
      const y = b[r];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      ds.push(y - x);
      ai += x;
      bi += y;
    }
    const c = ds.length;
    n += c;
    meanA += c ? (w[i] * ai) / c : 0;
    meanB += c ? (w[i] * bi) / c : 0;
    const mean = c ? ds.reduce((s2, d) => s2 + d, 0) / c : Number.NaN;
    const v = c > 1 ? ds.reduce((s2, d) => s2 + (d - mean) ** 2, 0) / (c - 1) : 0;
    sumD2 += ds.reduce((s2, d) => s2 + d * d, 0);
    m.push(mean);
    se2.push(c ? v / c : 0);
  });
  const ok = m.map(Number.isFinite);
  const wsum = w.reduce((t, x, i) => t + (ok[i] ? x : 0), 0);
  // No member with a value (e.g. durations where no run submitted): no effect to pool.
  const raw = wsum > 0 ? m.reduce((t, x, i) => t + (ok[i] ? (w[i] * x) / wsum : 0), 0) : Number.NaN;
  // Sums of equal effects can leave a rounding residue (1e-16) where the effect is exactly 0.
  const diff = Math.abs(raw) < 1e-12 ? 0 : raw;
  const between = m.reduce((t, x, i) => t + (ok[i] ? (w[i] * (x - diff) ** 2) / wsum : 0), 0);
  const noise = se2.reduce((t, x, i) => t + (ok[i] ? (w[i] * x) / wsum : 0), 0);
  const parameterSd = Math.sqrt(Math.max(0, between - noise));
  // Stochastic half-width: the given one, or that of the pooled mean if wider (few replicates).
  const hPooled = Z * Math.sqrt(se2.reduce((t, x, i) => t + (ok[i] ? (w[i] / wsum) ** 2 * x : 0), 0));
  const half = Math.sqrt((Z * parameterSd) ** 2 + Math.max(stochasticHalfWidth, hPooled) ** 2);
  const sign = Math.sign(diff);
  const agree = w.reduce((t, x, i) => t + (ok[i] && Math.sign(m[i]) === sign ? x : 0), 0);
  const sameSign = Number.isNaN(sign) ? Number.NaN : sign === 0 ? 0 : Math.min(1, agree / wsum);
  const sd = n > 1 ? Math.sqrt(Math.max(0, (sumD2 - n * diff * diff) / (n - 1))) : Number.NaN;
  return { n, meanA, meanB, diff, sd, lo: diff - half, hi: diff + half, parameterSd, sameSign };
}
