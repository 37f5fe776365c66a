// Morris elementary effects (Morris 1991, Technometrics 33, 161–174): r trajectories of k + 1 points
// on a p-level grid, one factor moved per step; mu* (mean absolute effect) of Campolongo, Cariboni &
// Saltelli (2007), sigma, and a percentile bootstrap interval of mu*. The design and the estimator
// are apart, so the points can be evaluated anywhere (a pool, a cluster's shards) and analysed
// after. Pure and seeded.
import seedrandom from 'seedrandom';
import { type Factor, valueAt } from './saltelli.ts';

export interface MorrisEffect {
  path: string;
  output: string;
  muStar: number;
  /** Percentile bootstrap 95% interval of mu* (elementary effects resampled with replacement). */
  muStarLow: number;
  muStarHigh: number;
  mu: number;
  sigma: number;
  /** Elementary effects behind the figures (a rounded integer step of zero gives none). */
  effects: number;
}

export interface MorrisRun {
  points: {
    trajectory: number;
    step: number;
    values: Record<string, number>;
    outputs: Record<string, number>;
  }[];
  effects: MorrisEffect[];
}

/** One point of a Morris design: its trajectory, its step, and the parameter values. */
export interface MorrisPoint {
  trajectory: number;
  step: number;
  values: Record<string, number>;
  /** The factor this step moved (index into the factors); -1 at a trajectory's start. */
  moved: number;
}

/**
 * The Morris design alone: r trajectories of k + 1 points on a p-level grid, in evaluation order
 * (trajectory by trajectory, step by step). Seeded by `morris:<seed>`; nothing is evaluated.
 */
export function morrisTrajectories(
  fs: readonly Factor[],
  levels: number,
  trajectories: number,
  seed: number,
): MorrisPoint[] {
  const rng = seedrandom(`morris:${seed}`);
  const k = fs.length;
  const delta = levels / (2 * (levels - 1));
  const points: MorrisPoint[] = [];
  for (let t = 0; t < trajectories; t++) {
    // A base point on the grid from which +delta stays inside [0,1], then one factor at a time.
    const x = fs.map(() => Math.floor(rng() * Math.floor(levels / 2)) / (levels - 1));
    const order = fs.map((_, i) => i);
    for (let i = k - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const up = fs.map(() => rng() < 0.5);
    // Start at x or x + delta per factor so each step moves by ±delta.
    const cur = x.map((v, i) => (up[i] ? v : v + delta));
    const at = (u: number[]) => Object.fromEntries(fs.map((f, i) => [f.path, valueAt(f, u[i])]));
    points.push({ trajectory: t, step: 0, values: at(cur), moved: -1 });
    order.forEach((i, step) => {
      cur[i] += (up[i] ? 1 : -1) * delta;
      points.push({ trajectory: t, step: step + 1, values: at(cur), moved: i });
    });
  }
  return points;
}

/**
 * Elementary effects of each factor on each output from the outputs `ys[p]` of the design's points,
 * with mu*, mu, sigma and a bootstrap interval of mu* (seeded by `morris-bootstrap:<seed>`).
 */
export function morrisEffects(
  fs: readonly Factor[],
  points: readonly MorrisPoint[],
  ys: readonly Record<string, number>[],
  outputs: readonly string[],
  seed: number,
  bootstrap = 1000,
): MorrisEffect[] {
  const ee: number[][][] = outputs.map(() => fs.map(() => []));
  points.forEach((pt, p) => {
    if (pt.moved < 0) return;
    // The step the factor actually took, as a share of its range: an integer factor's rounding
    // makes it differ from delta (ties.k 2–8 moves by 4 or 5 where delta is 4.67), or vanish.
    const f = fs[pt.moved];
    const taken = (pt.values[f.path] - points[p - 1].values[f.path]) / (f.high - f.low);
    if (taken !== 0)
      outputs.forEach((o, oi) => {
        ee[oi][pt.moved].push((ys[p][o] - ys[p - 1][o]) / taken);
      });
  });
  const boot = seedrandom(`morris-bootstrap:${seed}`);
  const effects: MorrisEffect[] = [];
  outputs.forEach((output, oi) => {
    fs.forEach((f, i) => {
      const xs = ee[oi][i];
      const n = xs.length;
      const mu = xs.reduce((a, b) => a + b, 0) / n;
      const muStar = xs.reduce((a, b) => a + Math.abs(b), 0) / n;
      const sigma = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1)) : 0;
      const [muStarLow, muStarHigh] = bootstrapMeanAbs(xs, bootstrap, boot);
      effects.push({ path: f.path, output, muStar, muStarLow, muStarHigh, mu, sigma, effects: n });
    });
  });
  return effects;
}

/** The Morris design and its elementary effects for any model `evaluate(values) -> outputs`. */
export function morrisDesign(
  fs: Factor[],
  levels: number,
  trajectories: number,
  seed: number,
  outputs: string[],
  evaluatePoint: (values: Record<string, number>) => Record<string, number>,
  bootstrap = 1000,
): MorrisRun {
  const design = morrisTrajectories(fs, levels, trajectories, seed);
  const ys = design.map((p) => evaluatePoint(p.values));
  return {
    points: design.map((p, i) => ({
      trajectory: p.trajectory,
      step: p.step,
      values: p.values,
      outputs: ys[i],
    })),
    effects: morrisEffects(fs, design, ys, outputs, seed, bootstrap),
  };
}

/** Percentile bootstrap 95% interval of the mean absolute value of xs. */
function bootstrapMeanAbs(xs: readonly number[], resamples: number, rng: () => number): [number, number] {
  const n = xs.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let t = 0;
    for (let r = 0; r < n; r++) t += Math.abs(xs[Math.floor(rng() * n)]);
    means[b] = t / n;
  }
  means.sort();
  const q = (p: number) => {
    const h = (resamples - 1) * p;
    const lo = Math.floor(h);
    return means[lo] + (h - lo) * (means[Math.min(lo + 1, resamples - 1)] - means[lo]);
  };
  return [q(0.025), q(0.975)];
}

/** Overall rank of each factor: mean over outputs of mu* scaled by that output's largest mu*. */
export function overallRanking(
  effects: readonly MorrisEffect[],
): { path: string; score: number; rank: number }[] {
  const outputs = [...new Set(effects.map((e) => e.output))];
  const paths = [...new Set(effects.map((e) => e.path))];
  const max = Object.fromEntries(
    outputs.map((o) => [o, Math.max(1e-12, ...effects.filter((e) => e.output === o).map((e) => e.muStar))]),
  );
  return paths
    .map((path) => ({
      path,
      score:
        outputs.reduce(
          (t, o) => t + (effects.find((e) => e.path === path && e.output === o)?.muStar ?? 0) / max[o],
          0,
        ) / outputs.length,
    }))
    .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path))
    .map((x, i) => ({ ...x, rank: i + 1 }));
}
