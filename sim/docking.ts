// Docking the deliberation core with the classics (issue 9 item 6; Axtell, Axelrod, Epstein &
// Cohen 1996 on "docking"): the bounded-confidence rules of the meetings (sim/bounded-confidence.ts,
// MODEL.md §3 step c), run on their own on one controversy with uniform initial opinions, must give the
// published cluster counts.
// - Deffuant, Neau, Amblard & Weisbuch (2000), Advances in Complex Systems 3, 87–98: N = 1000
//   agents, mu = 0.5, random pairwise encounters; about floor(1 / (2d)) major clusters for a
//   confidence bound d (their "1/2d rule"), plus minor clusters of a few agents near the extremes.
// - Hegselmann & Krause (2002), JASSS 5(3) 2: n = 625 agents, synchronous updates, each agent
//   moves to the mean of all opinions within epsilon (its own included); consensus for epsilon
//   above about 0.2 (their Fig. for epsilon = 0.25), polarisation and fragmentation below.
// A major cluster holds at least 2% of the agents (minor clusters are the extremes' stragglers).
// Pure and seeded: opinions from a seedrandom stream named after the run's identity.
import seedrandom from 'seedrandom';
import { deffuantExchange, hkHear, hkMove } from './bounded-confidence.ts';
import { replicateSeed } from './rng.ts';

export type DockRule = 'deffuant' | 'hk';
export const DOCK_RULES: readonly DockRule[] = ['deffuant', 'hk'];

export interface DockOptions {
  rule: DockRule;
  /** Confidence bound: Deffuant's d, Hegselmann–Krause's epsilon (0 < epsilon <= 1). */
  epsilon: number;
  /** Agents (default: 1000 for Deffuant, 625 for HK, as in the papers). */
  agents?: number;
  /** Deffuant's convergence parameter mu (default 0.5, as in the paper). */
  mu?: number;
  /** Smallest share of the agents that makes a cluster major (default 0.02). */
  majorShare?: number;
  /** Base seed; replicate r draws from replicateSeed(seed, r). */
  seed?: number;
  /** Give up after this many encounters per agent (Deffuant) or steps (HK); default 100,000 / 10,000. */
  maxRounds?: number;
}

export interface DockRun {
  /** Major clusters (at least majorShare of the agents). */
  clusters: number;
  /** All clusters, minor ones included. */
  allClusters: number;
  /** Sizes and opinions of all clusters, in opinion order. */
  sizes: number[];
  opinions: number[];
  /** Encounters per agent (Deffuant) or synchronous steps (HK) until the clusters were fixed. */
  rounds: number;
  /** False when maxRounds ran out before the clusters were fixed (the counts are then provisional). */
  converged: boolean;
}

export const defaultAgents = (rule: DockRule): number => (rule === 'deffuant' ? 1000 : 625);

interface Groups {
  sizes: number[];
  opinions: number[];
  /** Largest minus smallest opinion of each group. */
  widths: number[];
}

/** Sorted opinions split wherever neighbours are at least `bound` apart. */
export function splitAtGaps(x: Float64Array, bound: number): Groups {
  const s = Float64Array.from(x).sort();
  const out: Groups = { sizes: [], opinions: [], widths: [] };
  let start = 0;
  let sum = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || (i > start && s[i] - s[i - 1] >= bound)) {
      out.sizes.push(i - start);
      out.opinions.push(sum / (i - start));
      out.widths.push(s[i - 1] - s[start]);
      start = i;
      sum = 0;
    }
    if (i < s.length) sum += s[i];
  }
  return out;
}

/**
 * The clusters once they can no longer change, or null: groups split at gaps of at least `bound`
 * never meet again (the bound is strict, and a group only contracts), and a group narrower than
 * `bound` ends as one cluster (all its members still meet).
 */
export function settledClusters(x: Float64Array, bound: number): Groups | null {
  const g = splitAtGaps(x, bound);
  return g.widths.every((w) => w < bound) ? g : null;
}

/** One docking run (replicate `replicate` of the base seed). */
export function dockRun(options: DockOptions, replicate = 0): DockRun {
  const { rule, epsilon } = options;
  const n = options.agents ?? defaultAgents(rule);
  const mu = options.mu ?? 0.5;
  const major = options.majorShare ?? 0.02;
  const maxRounds = options.maxRounds ?? (rule === 'deffuant' ? 100_000 : 10_000);
  const rng = seedrandom.alea(`docking/${rule}/${replicateSeed(options.seed ?? 1, replicate)}`);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = rng();
  let settled = settledClusters(x, epsilon);
  let rounds = 0;
  if (rule === 'deffuant') {
    // Random pairwise encounters; check the clusters after every 10 encounters per agent.
    const check = 10;
    while (!settled && rounds < maxRounds) {
      for (let t = 0; t < check * n; t++) {
        const i = Math.floor(rng() * n);
        let j = Math.floor(rng() * (n - 1));
        if (j >= i) j++;
        deffuantExchange(x, i, j, epsilon, mu, mu);
      }
      rounds += check;
      settled = settledClusters(x, epsilon);
    }
  } else {
    // Synchronous steps: everyone hears everyone within epsilon, with equal weights. Agents are
    // interchangeable, so opinions are kept sorted and each scan stops at the first one out of
    // reach: the same pairs, in the same order, as hearing all n (n - 1) / 2 pairs.
    const num = new Float64Array(n);
    const den = new Float64Array(n);
    while (!settled && rounds < maxRounds) {
      x.sort();
      for (let i = 0; i < n; i++) {
        num[i] = x[i];
        den[i] = 1;
      }
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n && x[j] - x[i] < epsilon; j++)
          hkHear(num, den, i, j, x[i], x[j], 1, epsilon);
      for (let i = 0; i < n; i++) x[i] = hkMove(x[i], num[i], den[i], 0);
      rounds++;
      settled = settledClusters(x, epsilon);
    }
  }
  // Out of rounds: count the groups as they stand.
  const groups = settled ?? splitAtGaps(x, epsilon);
  return {
    clusters: groups.sizes.filter((k) => k >= major * n).length,
    allClusters: groups.sizes.length,
    sizes: groups.sizes,
    opinions: groups.opinions,
    rounds,
    converged: settled !== null,
  };
}

export interface DockSummary {
  rule: DockRule;
  epsilon: number;
  agents: number;
  mu: number | null;
  replicates: number;
  seed: number;
  /** Median number of major clusters over the replicates. */
  clusters: number;
  /** Per-replicate major cluster counts, in replicate order. */
  perReplicate: number[];
  /** 2.5% and 97.5% quantiles of the per-replicate counts (nearest rank, so whole counts). */
  interval: [number, number];
  /** Mean number of all clusters (minor ones included). */
  meanAllClusters: number;
  /** Deffuant's 1/2d rule, floor(1 / (2 epsilon)); null for HK. */
  expected: number | null;
  /** Replicates whose clusters were fixed before maxRounds. */
  converged: number;
}

/** Quantile (type 7, linear between order statistics) of sorted values. */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

/** Quantile by nearest rank (type 1): always one of the values. */
const nearestRank = (sorted: readonly number[], p: number): number =>
  sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];

/** R replicates of a docking run: the median number of major clusters and its spread. */
export function dock(options: DockOptions, replicates = 20): DockSummary {
  const runs = Array.from({ length: replicates }, (_, r) => dockRun(options, r));
  const perReplicate = runs.map((r) => r.clusters);
  const sorted = [...perReplicate].sort((a, b) => a - b);
  return {
    rule: options.rule,
    epsilon: options.epsilon,
    agents: options.agents ?? defaultAgents(options.rule),
    mu: options.rule === 'deffuant' ? (options.mu ?? 0.5) : null,
    replicates,
    seed: options.seed ?? 1,
    clusters: quantile(sorted, 0.5),
    perReplicate,
    interval: [nearestRank(sorted, 0.025), nearestRank(sorted, 0.975)],
    meanAllClusters: runs.reduce((t, r) => t + r.allClusters, 0) / replicates,
    expected: options.rule === 'deffuant' ? Math.floor(1 / (2 * options.epsilon) + 1e-9) : null,
    converged: runs.filter((r) => r.converged).length,
  };
}
