// What the sensitivity designs share, independent of the model: the factor type, how a point of the
// unit cube becomes parameter values, and Saltelli's sampling design for Sobol' indices (Saltelli et
// al. 2010, Comput. Phys. Commun. 181, 259–270, §3: matrices A and B, and A_B^(i) = A with column i
// from B; N (k + 2) points). Pure and light enough for a worker thread to load.
import seedrandom from 'seedrandom';

/** A numeric model parameter varied in the analysis, with the range it is varied over. */
export interface Factor {
  path: string;
  integer: boolean;
  low: number;
  high: number;
  base: number;
}

/** A grid value (Morris, OFAT): u in [0, 1] mapped onto the range; integers rounded. */
export const valueAt = (f: Factor, u: number): number => {
  const v = f.low + u * (f.high - f.low);
  return f.integer ? Math.round(v) : Number(v.toPrecision(6));
};

/**
 * A sampled value (Sobol'): u uniform in [0, 1) gives a value uniform over the range; an integer
 * factor takes each whole number from low to high with equal probability.
 */
export const sampleAt = (f: Factor, u: number): number =>
  f.integer ? Math.min(f.high, f.low + Math.floor(u * (f.high - f.low + 1))) : f.low + u * (f.high - f.low);

/** Saltelli's base matrices: N rows of k independent uniforms each, row-major. */
export interface SaltelliDesign {
  k: number;
  n: number;
  a: Float64Array;
  b: Float64Array;
}

/**
 * Seeded Monte Carlo base matrices (no well-kept npm package offers a Sobol' low-discrepancy
 * sequence; plain Monte Carlo keeps the rows independent, which the bootstrap intervals assume).
 */
export function saltelliDesign(k: number, n: number, seed: number): SaltelliDesign {
  const rng = seedrandom.alea(`sobol/${seed}/${k}/${n}`);
  const a = new Float64Array(n * k);
  const b = new Float64Array(n * k);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < k; i++) a[j * k + i] = rng();
    for (let i = 0; i < k; i++) b[j * k + i] = rng();
  }
  return { k, n, a, b };
}

/** Points of the design: for each row j, A_j, B_j, then A_B^(1)_j ... A_B^(k)_j. */
export const designSize = (d: Pick<SaltelliDesign, 'k' | 'n'>): number => d.n * (d.k + 2);

/** The unit-cube coordinates of point p of the design. */
export function designPoint(d: SaltelliDesign, p: number): Float64Array {
  const { k } = d;
  const j = Math.floor(p / (k + 2));
  const m = p % (k + 2);
  const row = d.a.slice(j * k, (j + 1) * k);
  if (m === 1) return d.b.slice(j * k, (j + 1) * k);
  if (m >= 2) row[m - 2] = d.b[j * k + m - 2];
  return row;
}
