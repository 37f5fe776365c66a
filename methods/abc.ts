// Approximate Bayesian computation by sequential Monte Carlo, two samplers. Model-independent, pure
// and seeded: the model is a callback that turns parameter vectors into distances; random numbers
// come from seedrandoms keyed by identity (the seed and the generation; in abcSmcMcmc also the move
// and the particle), so a proposal is the same whatever ran before it in the process (a resumed run
// proposes the same). abcSmcMcmc is also a state machine (mcmcStart, mcmcAdvance, mcmcResult) whose
// state is plain data between two calls of the model: a cluster runs it one call at a time.
// - abcSmcMcmc, the one calibrate --method abc uses: equally weighted particles moved by MCMC
//   steps, the replenishment algorithm of Drovandi & Pettitt (2011), Biometrics 67(1):225-233.
// - abcSmc: the adaptive population Monte Carlo (APMC) of Lenormand, Jabot & Deffuant (2013),
//   "Adaptive approximate Bayesian computation for complex models", Computational Statistics
//   28:2777-2796, on the ABC population Monte Carlo of Beaumont, Cornuet, Marin & Robert (2009),
//   Biometrika 96(4):983-990 (a Gaussian kernel of twice the weighted covariance), with the
//   deterministic-mixture importance weights of Cornuet, Marin, Mira & Robert (2012), Scand. J.
//   Statist. 39:798-812. Its importance weights degenerate in many dimensions (docs/uncertainty.md).

import seedrandom from 'seedrandom';
import { resample } from './ensemble.ts';

/** A prior over R^d: draws, and the log density (-Infinity outside its support). */
export interface Prior {
  dimension: number;
  sample(rng: () => number): number[];
  logDensity(theta: readonly number[]): number;
  /**
   * A map of the support onto R^d for random-walk moves (abcSmcMcmc): `toFree` and `fromFree` are
   * inverses, `logJacobian(phi)` is log |d theta / d phi|. Without it the walk is on theta itself.
   */
  free?: {
    toFree(theta: readonly number[]): number[];
    fromFree(phi: readonly number[]): number[];
    logJacobian(phi: readonly number[]): number;
  };
}

/** Independent uniform priors on a box [lo_j, hi_j]. */
export function uniformBox(box: readonly (readonly [number, number])[]): Prior {
  const logVolume = box.reduce((s, [lo, hi]) => s + Math.log(hi - lo), 0);
  return {
    dimension: box.length,
    sample: (rng) => box.map(([lo, hi]) => lo + rng() * (hi - lo)),
    logDensity: (t) => (t.every((x, j) => x >= box[j][0] && x <= box[j][1]) ? -logVolume : -Infinity),
    // The logit of each coordinate's place in its range: a walk on it never leaves the box, where a
    // walk on theta in 33 dimensions stepped outside on most proposals.
    free: {
      toFree: (t) =>
        t.map((x, j) => {
          const u = Math.min(1 - 1e-12, Math.max(1e-12, (x - box[j][0]) / (box[j][1] - box[j][0])));
          return Math.log(u / (1 - u));
        }),
      fromFree: (f) => f.map((y, j) => box[j][0] + (box[j][1] - box[j][0]) / (1 + Math.exp(-y))),
      logJacobian: (f) =>
        f.reduce((s, y, j) => {
          const u = 1 / (1 + Math.exp(-y));
          return s + Math.log((box[j][1] - box[j][0]) * u * (1 - u));
        }, 0),
    },
  };
}

/** One standard normal draw (Box-Muller on the seeded generator). */
export function normal(rng: () => number): number {
  let u = rng();
  while (u <= 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export interface AbcOptions {
  prior: Prior;
  /**
   * The model and the distance: for each parameter vector, the distance of its simulated summary
   * statistics from the observed ones. `generation` lets the caller key its runs (for resuming).
   */
  distances: (thetas: number[][], generation: number) => Promise<number[]> | number[];
  /** Particles kept in every generation: the size of the posterior sample (N_alpha). */
  particles: number;
  /**
   * A safety bound on the generations, the first (from the prior) included: the run stops on its
   * rules (minAcceptance, minImprovement); reaching this cap is reported as such (`stopped: 'cap'`).
   */
  generations: number;
  /** Share of the simulated particles kept each generation (alpha; 0.5 in Lenormand et al.). */
  alpha?: number;
  /** Stop when the share of new particles accepted falls below this (p_acc_min; default 0.05). */
  minAcceptance?: number;
  /** Stop when the tolerance falls by less than this share of itself in a generation (default 0.05). */
  minImprovement?: number;
  seed: number;
  /** Called after each generation. */
  onGeneration?: (g: GenerationRecord) => void;
}

export interface Particle {
  theta: number[];
  /** Normalised importance weight (the weights of a generation sum to 1). */
  weight: number;
  distance: number;
}

export interface GenerationRecord {
  generation: number;
  /** The tolerance: the largest distance kept. */
  epsilon: number;
  /** Share of this generation's new particles within the new tolerance (1 for the first). */
  acceptance: number;
  /** Parameter vectors simulated in this generation. */
  simulated: number;
  /** Effective sample size of the kept particles, 1 / sum(w^2) with normalised weights. */
  ess: number;
}

export interface AbcResult {
  particles: Particle[];
  generations: GenerationRecord[];
  simulated: number;
  /**
   * Why the run stopped: acceptance below minAcceptance, the tolerance improving by less than
   * minImprovement (the two rules), or the safety cap on generations (no rule was met).
   */
  stopped: 'acceptance' | 'tolerance' | 'cap';
}

interface Kept {
  theta: number[];
  logW: number;
  distance: number;
}

const logSumExp = (xs: readonly number[]): number => {
  const m = Math.max(...xs);
  return m === -Infinity ? m : m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
};

/** Normalised weights from log weights. */
function normalise(logW: readonly number[]): number[] {
  const m = Math.max(...logW);
  const w = logW.map((x) => Math.exp(x - m));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
}

export const effectiveSampleSize = (w: readonly number[]): number => {
  const s = w.reduce((a, b) => a + b, 0);
  return s > 0 ? s ** 2 / w.reduce((a, b) => a + b * b, 0) : 0;
};

/** Weighted mean and covariance (unbiased for weights: divided by 1 - sum w^2). */
export function weightedCovariance(
  xs: readonly (readonly number[])[],
  w: readonly number[],
): { mean: number[]; cov: number[][] } {
  const d = xs[0].length;
  const mean = new Array<number>(d).fill(0);
  xs.forEach((x, i) => {
    for (let j = 0; j < d; j++) mean[j] += w[i] * x[j];
  });
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  xs.forEach((x, i) => {
    for (let a = 0; a < d; a++)
      for (let b = 0; b <= a; b++) cov[a][b] += w[i] * (x[a] - mean[a]) * (x[b] - mean[b]);
  });
  const k = 1 - w.reduce((s, x) => s + x * x, 0);
  for (let a = 0; a < d; a++)
    for (let b = 0; b <= a; b++) {
      cov[a][b] /= k > 1e-12 ? k : 1;
      cov[b][a] = cov[a][b];
    }
  return { mean, cov };
}

/** Lower Cholesky factor; a tiny ridge is added to the diagonal until the matrix is positive definite. */
export function cholesky(m: readonly (readonly number[])[]): number[][] {
  const d = m.length;
  const scale = Math.max(...m.map((r, i) => Math.abs(r[i])), 1e-300);
  for (let ridge = 0; ; ridge = ridge ? ridge * 10 : 1e-10 * scale) {
    const L = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    let ok = true;
    for (let i = 0; i < d && ok; i++)
      for (let j = 0; j <= i; j++) {
        let s = m[i][j] + (i === j ? ridge : 0);
        for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
        if (i === j) {
          if (!(s > 0)) {
            ok = false;
            break;
          }
          L[i][i] = Math.sqrt(s);
        } else L[i][j] = s / L[j][j];
      }
    if (ok) return L;
    if (ridge > scale) throw new Error('abc: the particles have no spread left to build a kernel from');
  }
}

/** Log density of N(mean, L L^T) at x, L lower triangular. */
function logNormal(x: readonly number[], mean: readonly number[], L: readonly (readonly number[])[]): number {
  const d = x.length;
  const z = new Array<number>(d);
  let logDet = 0;
  let q = 0;
  for (let i = 0; i < d; i++) {
    let s = x[i] - mean[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
    z[i] = s / L[i][i];
    q += z[i] * z[i];
    logDet += Math.log(L[i][i]);
  }
  return -0.5 * q - logDet - 0.5 * d * Math.log(2 * Math.PI);
}

/** Index drawn with probability proportional to `w` (normalised), by inversion of the cumulative sum. */
function pick(cumulative: readonly number[], rng: () => number): number {
  const u = rng() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Keep the n smallest distances (ties broken by position: the older particle first). */
function keepBest(all: Kept[], n: number): Kept[] {
  return all
    .map((k, i) => ({ k, i }))
    .sort((a, b) => a.k.distance - b.k.distance || a.i - b.i)
    .slice(0, n)
    .map((x) => x.k);
}

/**
 * Both samplers' stopping rules: the share of proposals still within the new tolerance fell below
 * `minAcceptance`, or the tolerance improved by less than `minImprovement` of its previous value.
 */
function stoppingRule(
  acceptance: number,
  previous: number,
  epsilon: number,
  minAcceptance: number,
  minImprovement: number,
): 'acceptance' | 'tolerance' | undefined {
  if (acceptance < minAcceptance) return 'acceptance';
  // A tolerance of 0 cannot improve: every particle meets the data as closely as the distance says.
  if (epsilon <= 0 || previous - epsilon < minImprovement * previous) return 'tolerance';
  return undefined;
}

/**
 * Adaptive population Monte Carlo ABC (Lenormand et al. 2013, algorithm 4):
 * 1. draw N/alpha parameter vectors from the prior, simulate, keep the N closest (weights 1);
 *    the tolerance is the largest distance kept;
 * 2. each later generation draws N/alpha - N vectors by resampling the kept ones by weight and
 *    moving them with a Gaussian kernel of twice their weighted covariance (redrawn until inside
 *    the prior's support) and simulates them; the new and the kept particles together give the next
 *    N closest and the new tolerance, and each of them is weighted by prior / the mixture of every
 *    proposal so far, the prior included, in proportion to the vectors each drew (the balance
 *    heuristic of adaptive multiple importance sampling, Cornuet et al. 2012, in place of the
 *    weights of Beaumont et al. 2009 carried from the generation that drew a particle);
 * 3. stop when the share of new particles within the new tolerance falls below `minAcceptance`
 *    (Lenormand et al.'s rule), or when the tolerance falls by less than `minImprovement` of itself
 *    (further generations would buy little); `generations` is only a safety cap, reported as such.
 */
export async function abcSmc(o: AbcOptions): Promise<AbcResult> {
  const alpha = o.alpha ?? 0.5;
  const minAcceptance = o.minAcceptance ?? 0.05;
  const minImprovement = o.minImprovement ?? 0.05;
  const N = o.particles;
  if (!Number.isInteger(N) || N < 2) throw new Error('abc: particles must be a whole number >= 2');
  if (!(alpha > 0 && alpha < 1)) throw new Error('abc: alpha must lie in (0, 1)');
  const total = Math.round(N / alpha);
  const fresh = total - N;
  if (fresh < 1) throw new Error('abc: alpha too close to 1: no new particles per generation');
  const generations: GenerationRecord[] = [];
  let simulated = 0;

  // Every proposal used so far and how many vectors each drew (the prior first): the weights are
  // the deterministic-mixture (balance-heuristic) weights of adaptive multiple importance sampling
  // (Cornuet, Marin, Mira & Robert 2012, Scand. J. Statist. 39:798-812), prior / the mixture of
  // all proposals in proportion to their draws, recomputed for every kept particle each generation.
  // Lenormand et al. keep a survivor's weight from the generation that drew it; in 28 dimensions
  // the later, narrower proposals then give new particles weights orders of magnitude below the
  // survivors' and the effective sample size collapses (3 of 60 after four generations).
  const proposals: { n: number; centres: number[][]; logW: number[]; L: number[][] }[] = [];
  const drawnFromPrior = total;
  const logMixture = (theta: readonly number[]): number => {
    const drawn = drawnFromPrior + proposals.reduce((t, q) => t + q.n, 0);
    const parts = [Math.log(drawnFromPrior / drawn) + o.prior.logDensity(theta)];
    for (const q of proposals)
      parts.push(
        Math.log(q.n / drawn) + logSumExp(q.centres.map((c, j) => q.logW[j] + logNormal(theta, c, q.L))),
      );
    return logSumExp(parts);
  };
  const reweight = (ks: Kept[]): Kept[] =>
    ks.map((k) => ({ ...k, logW: o.prior.logDensity(k.theta) - logMixture(k.theta) }));

  // 1. From the prior.
  let rng = seedrandom(`abc:${o.seed}:0`);
  const first = Array.from({ length: total }, () => o.prior.sample(rng));
  const d0 = await o.distances(first, 0);
  simulated += total;
  let kept = keepBest(
    first.map((theta, i) => ({ theta, logW: 0, distance: d0[i] })),
    N,
  );
  const record = (generation: number, acceptance: number, count: number) => {
    const w = normalise(kept.map((k) => k.logW));
    const g: GenerationRecord = {
      generation,
      epsilon: kept[kept.length - 1].distance,
      acceptance,
      simulated: count,
      ess: effectiveSampleSize(w),
    };
    generations.push(g);
    o.onGeneration?.(g);
    return g;
  };
  record(0, 1, total);
  let stopped: AbcResult['stopped'] = 'cap';

  for (let g = 1; g < o.generations; g++) {
    rng = seedrandom(`abc:${o.seed}:${g}`);
    // The proposal is built from the kept particles with equal weights: their spread, not their
    // importance weights, sets where to look. Any proposal is valid when its density is known (the
    // weights below use it); one built from the weights narrows onto the few heaviest particles as
    // soon as the weights are uneven, which makes them more uneven: in 28 dimensions the effective
    // sample size fell to 1 of 60 within six generations.
    const w = kept.map(() => 1 / kept.length);
    const thetas = kept.map((k) => k.theta);
    const { cov } = weightedCovariance(thetas, w);
    const L = cholesky(cov.map((r) => r.map((x) => 2 * x)));
    const cumulative: number[] = [];
    w.reduce((s, x, i) => {
      cumulative[i] = s + x;
      return s + x;
    }, 0);
    const d = o.prior.dimension;

    // 2. Propose: resample by weight, move, stay inside the prior's support.
    const moved: number[][] = [];
    for (let i = 0; i < fresh; i++) {
      let theta: number[] = [];
      for (let attempt = 0; ; attempt++) {
        const from = thetas[pick(cumulative, rng)];
        const z = Array.from({ length: d }, () => normal(rng));
        theta = from.map((x, a) => {
          let s = x;
          for (let b = 0; b <= a; b++) s += L[a][b] * z[b];
          return s;
        });
        if (Number.isFinite(o.prior.logDensity(theta))) break;
        if (attempt > 1_000_000) throw new Error('abc: the kernel keeps leaving the prior support');
      }
      moved.push(theta);
    }
    const dn = await o.distances(moved, g);
    simulated += fresh;
    proposals.push({ n: fresh, centres: thetas, logW: w.map(Math.log), L });
    // The N closest of the survivors and the new particles, all weighted against every proposal.
    const next = reweight(
      keepBest([...kept, ...moved.map((theta, i) => ({ theta, logW: 0, distance: dn[i] }))], N),
    );
    const epsilon = next[next.length - 1].distance;
    const previous = kept[kept.length - 1].distance;
    const accepted = dn.filter((x) => x < epsilon).length;
    kept = next;
    const acceptance = accepted / fresh;
    record(g, acceptance, fresh);
    // 3. The stopping rules: few proposals still improve on the tolerance, or it barely moved.
    const rule = stoppingRule(acceptance, previous, epsilon, minAcceptance, minImprovement);
    if (rule) {
      stopped = rule;
      break;
    }
  }

  const w = normalise(kept.map((k) => k.logW));
  return {
    particles: kept.map((k, i) => ({ theta: k.theta, weight: w[i], distance: k.distance })),
    generations,
    simulated,
    stopped,
  };
}

/** Weighted quantile (weights need not sum to 1), by the cumulative weight at the sorted values. */
export function weightedQuantile(xs: readonly number[], w: readonly number[], p: number): number {
  const idx = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const s = w.reduce((a, b) => a + b, 0);
  let c = 0;
  for (const i of idx) {
    c += w[i] / s;
    if (c >= p - 1e-12) return xs[i];
  }
  return xs[idx[idx.length - 1]];
}

export interface McmcAbcOptions {
  prior: Prior;
  /**
   * The model and the distance, as for abcSmc; `batch` numbers the calls in the order the sampler
   * makes them (0: the prior sample; then each move step of each generation), so a caller that keys
   * its runs by batch resumes a killed run on the same proposals. `bound` is the tolerance the
   * call's vectors must meet (Infinity for the prior sample): a vector whose distance is sure to
   * exceed it may be given any distance above it without being simulated in full (early rejection:
   * its distance is never kept). The model runs the call took may be returned with the distances.
   */
  distances: (thetas: number[][], batch: number, bound: number) => Promise<McmcDistances> | McmcDistances;
  /** Particles in the population: the size of the posterior sample. */
  particles: number;
  /** A safety bound on the generations, the prior sample included; reaching it is reported. */
  generations: number;
  /** Share of the population dropped and replenished each generation (default 0.4). */
  drop?: number;
  /**
   * The most Metropolis-Hastings steps of each replenished particle per generation (default 10). A
   * generation takes R = ceil(log 0.1 / log(1 - p)) steps, p the previous generation's acceptance
   * (Drovandi & Pettitt's rule: each copy then moves at least once with probability 0.9), at least 1
   * and at most this; the first takes 3.
   */
  moves?: number;
  /** Stop when the share of accepted moves in a generation falls below this (default 0.05). */
  minAcceptance?: number;
  /** Shorten the walk's steps when few are accepted (default true; see `stretch`). */
  adaptScale?: boolean;
  /** Stop when the tolerance falls by less than this share of itself in a generation (default 0.05). */
  minImprovement?: number;
  /**
   * After the stop, repeated members take further steps at the final tolerance until the effective
   * size (distinctSampleSize) reaches this, or `rejuvenation` steps have been taken (default 0: none).
   */
  minEss?: number;
  /** The most rejuvenation steps after the stop (default 20). */
  rejuvenation?: number;
  /**
   * Before each generation after the first, simulate the population's distinct vectors again (on
   * the fresh draws of a call of their own) and give every member its new distance (default false).
   * Without it a member keeps the distance of the one simulation that let it in: with a noisy model
   * a vector that met the tolerance by luck stays, its copies cannot move away from where the model
   * rarely meets it, and they multiply generation after generation. With it the member must meet the
   * tolerance again to be kept: Monte Carlo within Metropolis (O'Neill, Balding, Becker, Eerola &
   * Mollison 2000, Applied Statistics 49(4):517-542; Andrieu & Roberts 2009, Annals of Statistics
   * 37(2):697-725, who contrast it with the exact pseudo-marginal chain), which favours vectors that
   * meet the tolerance often over those that met it once. The tolerance, measured on fresh runs,
   * then carries their noise, so the tolerance rule spans two generations: stop when the tolerance
   * falls by less than 1 - (1 - minImprovement)^2 of the one two generations back.
   */
  refresh?: boolean;
  seed: number;
  onGeneration?: (g: McmcGenerationRecord) => void;
}

/** What a call of the model gives back: the distances, with the model runs they took if counted. */
export type McmcDistances = number[] | { distances: number[]; runs: number };

export interface McmcGenerationRecord extends GenerationRecord {
  /** Model runs so far, as the callers counted them (0 when they do not). */
  runsSoFar?: number;
  /** Distinct vectors in the population. */
  distinct: number;
  /** Calls of `distances` so far. */
  batches: number;
  /** Metropolis-Hastings steps each moved particle took (0 for the prior sample). */
  moves: number;
  /** The walk's covariance as a multiple of 2.38^2/d times the kept particles' (0 for the prior sample). */
  stretch: number;
  /** True for the rejuvenation steps after the stop (the tolerance no longer falls). */
  rejuvenation?: boolean;
  /** Members simulated again before the generation (refresh; counted in `simulated`). */
  refreshed?: number;
}

/**
 * Effective sample size of an equally weighted population with repeated members: members that are
 * the same vector are merged, each weighted by its count m, and the size is (sum m)^2 / sum m^2. A
 * population of N distinct members has N; one where every member appears twice has N/2. This is
 * the size the posterior is judged by: a copy made by resampling adds no information.
 */
export function distinctSampleSize(thetas: readonly (readonly number[])[]): {
  ess: number;
  distinct: number;
} {
  const counts = new Map<string, number>();
  for (const t of thetas) {
    const k = t.join(',');
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let sq = 0;
  for (const m of counts.values()) sq += m * m;
  return { ess: thetas.length ** 2 / sq, distinct: counts.size };
}

/**
 * ABC sequential Monte Carlo with Markov chain Monte Carlo moves, the replenishment algorithm of
 * Drovandi & Pettitt (2011), "Estimation of parameters for macroparasite population evolution using
 * approximate Bayesian computation", Biometrics 67(1):225-233, in the family of Del Moral, Doucet &
 * Jasra (2012), Statistics and Computing 22:1009-1020:
 * 1. draw N vectors from the prior and simulate;
 * 2. each generation, the tolerance is the largest distance of the best (1 - drop) N; the rest are
 *    dropped and replaced by copies of the kept ones (systematic resampling: each kept particle is
 *    copied at most once while drop <= 1/2), and every copy takes R Metropolis-Hastings steps (see
 *    `moves`) that target the ABC posterior at that tolerance: a Gaussian random walk with the kept
 *    particles' covariance times 2.38^2 / d (Roberts, Gelman & Gilks 1997, Ann. Appl. Probab.
 *    7(1):110-120) on the prior's free coordinates, shortened by a factor that follows the
 *    acceptance (exp(2 (p - 1/4)) a generation, at most 1), accepted when the prior ratio allows and
 *    the new simulation lies within the tolerance;
 * 3. stop when fewer than `minAcceptance` of the generation's steps were accepted (the tolerance has
 *    reached what the model's noise allows) or the tolerance fell by less than `minImprovement`;
 * 4. with `minEss`, repeated members step on at the final tolerance until the effective size
 *    reaches it (at most `rejuvenation` steps).
 * With `refresh`, each generation from the second on first simulates the population's distinct
 * vectors again and ranks the members by their new distances (see `refresh`). A member whose new
 * distance was cut short by early rejection (beyond the last tolerance) ranks by that lower bound.
 * Every particle carries the same weight: no importance weights, so none can degenerate in many
 * dimensions (the population Monte Carlo weights of abcSmc did, with the model's 33 parameters).
 * The effective size reported is distinctSampleSize's: copies count once.
 * Each call of `distances` is a fixed set of vectors given the state before it (mcmcStart, then
 * mcmcAdvance after each call): every step is drawn from a generator keyed by the seed, the
 * generation, the move and the chain, never by which batch or in what order it is simulated.
 */
export async function abcSmcMcmc(
  o: McmcAbcOptions,
): Promise<Omit<AbcResult, 'generations'> & { generations: McmcGenerationRecord[] }> {
  let s = mcmcStart(o);
  let told = 0;
  while (s.pending) {
    const d = await o.distances(s.pending.thetas, s.batch, mcmcBound(s));
    s = Array.isArray(d) ? mcmcAdvance(o, s, d) : mcmcAdvance(o, s, d.distances, d.runs);
    for (; told < s.generations.length; told++) o.onGeneration?.(s.generations[told]);
  }
  return mcmcResult(s);
}

/** The tolerance the pending call's vectors must meet: none for the prior sample. */
export const mcmcBound = (s: McmcState): number =>
  s.phase === 'prior' ? Number.POSITIVE_INFINITY : s.epsilon;

/** What fixes abcSmcMcmc's steps: its options without the model and the callback. */
export type McmcSettings = Omit<McmcAbcOptions, 'distances' | 'onGeneration'>;

/** A member of the population: its vector and the distance of its simulation. */
export interface McmcMember {
  theta: number[];
  distance: number;
}

/**
 * abcSmcMcmc between two calls of the model, as plain data: JSON gives it back exactly (every
 * number in it is finite, and JSON writes doubles so that they read back the same), so a run can
 * stop after any call and go on in another process (calibrate --method abc --advance). `pending` is
 * the call the sampler waits for: a fixed set of vectors, whoever evaluates them and in what order.
 */
export interface McmcState {
  phase: 'prior' | 'refresh' | 'move' | 'rejuvenation' | 'done';
  /** Calls of the model made so far: the pending call is number `batch`. */
  batch: number;
  simulated: number;
  /** Model runs so far, as the callers of mcmcAdvance counted them (absent in older states: 0). */
  runs?: number;
  /** The generation under way (in the rejuvenation: the last one run). */
  generation: number;
  population: McmcMember[];
  generations: McmcGenerationRecord[];
  /** The random walk's covariance as a multiple of 2.38^2/d times the kept particles'. */
  stretch: number;
  /** The tolerance of the generation before the one under way. */
  previous: number;
  /** The tolerance two generations before (refresh: the tolerance rule spans two; absent: none). */
  earlier?: number;
  stopped: AbcResult['stopped'];
  /** The generation's kept members (the walk's covariance is theirs) and its moving copies. */
  kept: McmcMember[];
  chains: McmcMember[];
  /** The tolerance the moves (or the rejuvenation steps) must meet. */
  epsilon: number;
  /** Steps the generation takes, steps taken, moves accepted and vectors simulated so far. */
  moves: number;
  move: number;
  accepted: number;
  count: number;
  /** The rejuvenation step under way, and the population indices of the repeated members it moves. */
  rejuvenation: number;
  repeated: number[];
  /** Distinct vectors simulated again before the generation under way (refresh; absent: 0). */
  refreshed?: number;
  /** The vectors to simulate, and which chain (or repeated member) each would move; null when done. */
  pending: { thetas: number[][]; chains: number[] } | null;
}

/** The sampler's constants from its settings (checked). */
function mcmcSetup(o: McmcSettings) {
  const N = o.particles;
  const drop = o.drop ?? 0.4;
  const maxMoves = o.moves ?? 10;
  if (!Number.isInteger(N) || N < 4) throw new Error('abc: particles must be a whole number >= 4');
  if (!(drop > 0 && drop < 1)) throw new Error('abc: drop must lie in (0, 1)');
  if (!Number.isInteger(maxMoves) || maxMoves < 1) throw new Error('abc: moves must be a whole number >= 1');
  const dropped = Math.max(1, Math.min(N - 2, Math.round(drop * N)));
  const d = o.prior.dimension;
  const free = o.prior.free;
  const toFree = (t: readonly number[]) => (free ? free.toFree(t) : [...t]);
  // The walk runs on the free coordinates (the prior's map onto R^d, else theta itself); the
  // Metropolis-Hastings ratio takes the prior density times the map's Jacobian there.
  const logTarget = (phi: readonly number[], theta: readonly number[]) =>
    o.prior.logDensity(theta) + (free ? free.logJacobian(phi) : 0);
  return {
    N,
    dropped,
    alive: N - dropped,
    maxMoves,
    minAcceptance: o.minAcceptance ?? 0.05,
    minImprovement: o.minImprovement ?? 0.05,
    /** The walk's Cholesky factor: the members' covariance times 2.38^2 / d times `stretch`. */
    kernel(members: readonly McmcMember[], stretch: number) {
      const { cov } = weightedCovariance(
        members.map((p) => toFree(p.theta)),
        members.map(() => 1 / members.length),
      );
      return cholesky(cov.map((r) => r.map((x) => (2.38 ** 2 / d) * stretch * x)));
    },
    /**
     * One Metropolis-Hastings proposal from a member, on its own generator (keyed by the member's
     * identity, never by its place in a batch): the step, and whether the prior ratio lets it be
     * simulated (the tolerance decides the rest).
     */
    propose(m: McmcMember, L: readonly (readonly number[])[], rand: () => number) {
      const phi0 = toFree(m.theta);
      const z = Array.from({ length: d }, () => normal(rand));
      const phi = phi0.map((x, a) => {
        let s = x;
        for (let b = 0; b <= a; b++) s += L[a][b] * z[b];
        return s;
      });
      const theta = free ? free.fromFree(phi) : phi;
      const u = rand();
      const logRatio = logTarget(phi, theta) - logTarget(phi0, m.theta);
      return { theta, ok: Number.isFinite(logRatio) && Math.log(u) < logRatio };
    },
  };
}

const byDistance = (members: readonly McmcMember[]): McmcMember[] =>
  members
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.distance - b.p.distance || a.i - b.i)
    .map((x) => x.p);

/** Step 1: the prior sample, the first call. */
export function mcmcStart(o: McmcSettings): McmcState {
  const { N } = mcmcSetup(o);
  const rng = seedrandom(`abc-mcmc:${o.seed}:0`);
  const first = Array.from({ length: N }, () => o.prior.sample(rng));
  return {
    phase: 'prior',
    batch: 0,
    simulated: 0,
    runs: 0,
    generation: 0,
    population: [],
    generations: [],
    stretch: 1,
    previous: 0,
    stopped: 'cap',
    kept: [],
    chains: [],
    epsilon: 0,
    moves: 0,
    move: 0,
    accepted: 0,
    count: 0,
    rejuvenation: 0,
    repeated: [],
    pending: { thetas: first, chains: [] },
  };
}

/**
 * The sampler after the pending call: its distances (in the order of `pending.thetas`) applied, then
 * on to the next call, or to the end (`pending` null, phase 'done'). The state given is not changed.
 */
export function mcmcAdvance(
  o: McmcSettings,
  state: McmcState,
  distances: readonly number[],
  runs = 0,
): McmcState {
  const c = mcmcSetup(o);
  const seed = o.seed;
  if (!state.pending) throw new Error('abc: the sampler has finished; there is no call to advance');
  if (distances.length !== state.pending.thetas.length)
    throw new Error(
      `abc: ${distances.length} distances for the ${state.pending.thetas.length} vectors of call ${state.batch}`,
    );
  const s = structuredClone(state);
  const pending = state.pending;
  s.pending = null;
  s.batch++;
  s.simulated += pending.thetas.length;
  s.runs = (s.runs ?? 0) + runs;

  const record = (
    generation: number,
    acceptance: number,
    count: number,
    rejuvenation = false,
    moves = 0,
    stepScale = 0,
    refreshed = 0,
  ) => {
    const e = distinctSampleSize(s.population.map((p) => p.theta));
    s.generations.push({
      generation,
      epsilon: s.epsilon,
      acceptance,
      simulated: count,
      ess: e.ess,
      distinct: e.distinct,
      batches: s.batch,
      moves,
      stretch: stepScale,
      runsSoFar: s.runs ?? 0,
      ...(rejuvenation ? { rejuvenation } : {}),
      ...(refreshed ? { refreshed } : {}),
    });
  };
  const openGeneration = () => {
    const g = s.generation;
    const rng = seedrandom(`abc-mcmc:${seed}:${g}`);
    s.epsilon = s.population[c.alive - 1].distance;
    s.kept = s.population.slice(0, c.alive);
    s.chains = resample(
      s.kept.map(() => 1),
      c.dropped,
      rng,
    ).map((i) => ({ theta: [...s.kept[i].theta], distance: s.kept[i].distance }));
    const last = s.generations[s.generations.length - 1];
    // Scale adaptation towards a quarter of the steps accepted (the optimum of Roberts, Gelman &
    // Gilks for a random walk): exp(2 (p - 0.25)) per generation, at most 1. With the fixed scale the
    // run on the model's 33 parameters stalled at 5% acceptance while the population still covered
    // most of the prior: steps scaled to the whole population overshot the region within tolerance.
    if (o.adaptScale !== false && g > 1)
      s.stretch = Math.min(1, s.stretch * Math.exp(2 * (last.acceptance - 0.25)));
    s.moves =
      g === 1
        ? Math.min(3, c.maxMoves)
        : last.acceptance >= 1
          ? 1
          : Math.max(1, Math.min(c.maxMoves, Math.ceil(Math.log(0.1) / Math.log(1 - last.acceptance))));
    s.move = 0;
    s.accepted = 0;
    s.count = s.refreshed ?? 0;
    s.phase = 'move';
  };
  /** The distinct vectors of the population, simulated again before the generation opens. */
  const openRefresh = () => {
    s.phase = 'refresh';
    const seen = new Set<string>();
    const thetas: number[][] = [];
    const chains: number[] = [];
    s.population.forEach((p, i) => {
      const key = p.theta.join(',');
      if (seen.has(key)) return;
      seen.add(key);
      thetas.push(p.theta);
      chains.push(i);
    });
    s.pending = { thetas, chains };
  };
  /** The next generation: refreshed first when asked (never the first, whose prior sample is new). */
  const nextGeneration = () => {
    s.refreshed = 0;
    if (o.refresh && s.generation > 1) openRefresh();
    else openGeneration();
  };
  const openRejuvenation = () => {
    s.phase = 'rejuvenation';
    s.epsilon = s.population[c.N - 1].distance;
    s.kept = [];
    s.chains = [];
    s.rejuvenation = 0;
    s.repeated = [];
  };
  const closeGeneration = () => {
    s.population = byDistance([...s.kept, ...s.chains]);
    const acceptance = s.accepted / (s.moves * c.dropped);
    record(s.generation, acceptance, s.count, false, s.moves, s.stretch, s.refreshed ?? 0);
    // With refresh the tolerance is measured on fresh runs and carries their noise: a generation may
    // improve by less than minImprovement by chance while the sampler still moves (acceptance 15-23%,
    // the tolerance falling 3-23% a generation, in the run that stopped on such a dip at 0.997).
    // The rule then asks for the improvement over the last two generations, minImprovement a
    // generation compounded: the tolerance must fall below (1 - m)^2 of the one two generations back.
    const [reference, improvement] =
      o.refresh && s.earlier !== undefined
        ? [s.earlier, 1 - (1 - c.minImprovement) ** 2]
        : [s.previous, c.minImprovement];
    const rule = stoppingRule(acceptance, reference, s.epsilon, c.minAcceptance, improvement);
    if (rule) s.stopped = rule;
    else {
      s.earlier = s.previous;
      s.previous = s.epsilon;
      s.generation++;
      if (s.generation < o.generations) nextGeneration();
      else openRejuvenation();
      return;
    }
    openRejuvenation();
  };
  const closeRejuvenationStep = (accepted: number, simulated: number) => {
    const acceptance = s.repeated.length ? accepted / s.repeated.length : 0;
    record(s.generation + s.rejuvenation + 1, acceptance, simulated, true, 1, s.stretch);
    s.rejuvenation++;
    // The walk keeps the last generation's scale. Shrinking it step by step towards a quarter
    // accepted (as between generations) did not raise the share accepted, which the runs' noise
    // bounds at the final tolerance, and left steps of a millionth of the population's spread:
    // copies counted as distinct while they stood where they were.
  };

  // 1. The pending call's distances.
  if (s.phase === 'prior') {
    s.population = byDistance(pending.thetas.map((theta, i) => ({ theta, distance: distances[i] })));
    s.epsilon = s.population[c.N - 1].distance;
    record(0, 1, c.N);
    s.previous = s.epsilon;
    s.generation = 1;
    if (s.generation < o.generations) openGeneration();
    else openRejuvenation();
  } else if (s.phase === 'refresh') {
    // Every member takes the new distance of its vector (copies share one simulation).
    const fresh = new Map<string, number>();
    pending.thetas.forEach((t, k) => {
      fresh.set(t.join(','), distances[k]);
    });
    s.population = byDistance(
      s.population.map((p) => ({ theta: p.theta, distance: fresh.get(p.theta.join(',')) ?? p.distance })),
    );
    s.refreshed = pending.thetas.length;
    openGeneration();
  } else if (s.phase === 'move') {
    pending.chains.forEach((i, k) => {
      if (distances[k] <= s.epsilon) {
        s.chains[i] = { theta: pending.thetas[k], distance: distances[k] };
        s.accepted++;
      }
    });
    s.count += pending.thetas.length;
    s.move++;
  } else {
    let accepted = 0;
    pending.chains.forEach((j, k) => {
      if (distances[k] <= s.epsilon) {
        s.population[s.repeated[j]] = { theta: pending.thetas[k], distance: distances[k] };
        accepted++;
      }
    });
    closeRejuvenationStep(accepted, pending.thetas.length);
  }

  // 2. On to the next call. Each proposal has a generator of its own, keyed by the seed, the
  // generation (or rejuvenation step), the move and the member: a step is the same whoever
  // simulates the batch, and a proposal outside the prior's support is not simulated at all.
  for (;;) {
    if (s.phase === 'move') {
      if (s.move === s.moves) {
        closeGeneration();
        continue;
      }
      const L = c.kernel(s.kept, s.stretch);
      const steps = s.chains.map((m, i) =>
        c.propose(m, L, seedrandom(`abc-mcmc:${seed}:${s.generation}:move:${s.move}:${i}`)),
      );
      const run = steps.flatMap((p, i) => (p.ok ? [i] : []));
      if (run.length) {
        s.pending = { thetas: run.map((i) => steps[i].theta), chains: run };
        return s;
      }
      s.move++;
      continue;
    }
    if (s.phase === 'rejuvenation') {
      // 4. The second and later copies of a vector step on at the final tolerance (the population's
      // largest distance), which leaves the target unchanged and makes them distinct.
      const k = s.rejuvenation;
      const more =
        o.minEss &&
        k < (o.rejuvenation ?? 20) &&
        distinctSampleSize(s.population.map((p) => p.theta)).ess < o.minEss;
      const seen = new Set<string>();
      s.repeated = [];
      if (more)
        s.population.forEach((p, i) => {
          const key = p.theta.join(',');
          if (seen.has(key)) s.repeated.push(i);
          else seen.add(key);
        });
      if (s.repeated.length === 0) {
        s.population = byDistance(s.population);
        s.phase = 'done';
        return s;
      }
      const L = c.kernel(s.population, s.stretch);
      const steps = s.repeated.map((i) =>
        c.propose(s.population[i], L, seedrandom(`abc-mcmc:${seed}:rejuvenation:${k}:${i}`)),
      );
      const run = steps.flatMap((p, j) => (p.ok ? [j] : []));
      if (run.length) {
        s.pending = { thetas: run.map((j) => steps[j].theta), chains: run };
        return s;
      }
      closeRejuvenationStep(0, 0);
      continue;
    }
    return s;
  }
}

/** The posterior of a finished run: every particle with the same weight, sorted by distance. */
export function mcmcResult(
  s: McmcState,
): Omit<AbcResult, 'generations'> & { generations: McmcGenerationRecord[] } {
  if (s.phase !== 'done') throw new Error(`abc: the sampler has not finished (it waits for call ${s.batch})`);
  const w = 1 / s.population.length;
  return {
    particles: s.population.map((p) => ({ theta: p.theta, weight: w, distance: p.distance })),
    generations: s.generations,
    simulated: s.simulated,
    stopped: s.stopped,
  };
}
