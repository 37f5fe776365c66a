// Kernel benchmark (issue 6): the classic bounded-confidence workload run through the engine's own
// meeting kernel (ConsortiumSim.converse), next to plain typed-array loops of the same work in the
// same process. N agents with 5 opinions; each week they are shuffled into groups of 8; every pair
// in a group does a Deffuant update on each opinion (mu 0.3, threshold 0.4) and strengthens its
// tie; 100 weeks. Speed is in pair interactions per second; the ratio to the baseline is the figure.
import { ConsortiumSim } from '../sim/consortium-sim.ts';
import { parseScenario } from '../sim/index.ts';
import { type Rng, shuffle, stream, streams } from '../sim/rng.ts';
import { cpuMs } from './clock.ts';

export const OPINIONS = 5;
export const GROUP = 8;
export const WEEKS = 100;
export const MU = 0.3;
export const THRESHOLD = 0.4;
/** Tie growth per conversation (the engine's ties.alpha). */
export const ALPHA = 0.1;

/**
 * A scenario under which converse() does exactly the workload: every pair of a group of 8 talks
 * (k = 7), the bound is 0.4 whatever the tie (d0 0.4, dTrust 0), nobody is stubborn, no process
 * losses, no chair's pull and no anchoring (muChair 0, gamma 0), no starting ties.
 */
export function kernelScenario(n: number) {
  return parseScenario(
    {
      composition: { size: n - 1, sameOrganisation: 0, stubbornness: [0, 0] },
      ties: {
        alpha: ALPHA,
        decay: 0,
        k: GROUP - 1,
        initial: {
          sameOrganisation: [0, 0],
          samePillarLine: { probability: 0, strength: [0, 0] },
          other: { probability: 0, strength: [0, 0] },
        },
      },
      deliberation: {
        rule: 'deffuant',
        mu: MU,
        d0: THRESHOLD,
        dTrust: 0,
        muChair: 0,
        gamma: 0,
        eta: 0,
        processLoss: 0,
      },
      coach: { enabled: false },
    },
    'bench/kernel',
  );
}

export interface KernelRun {
  pairs: number;
  ms: number;
  positions: Float64Array;
}

/** Pairs met in one week by N agents in groups of 8 (the last group may be smaller). */
export function pairsPerWeek(n: number): number {
  let p = 0;
  for (let g = 0; g < n; g += GROUP) {
    const m = Math.min(GROUP, n - g);
    p += (m * (m - 1)) / 2;
  }
  return p;
}

/** The engine: a consortium of N actors, all deliberating, meeting through ConsortiumSim.converse. */
export function engineSetup(n: number, seed: number) {
  const sim = new ConsortiumSim(kernelScenario(n), streams(seed), 0, 0, {
    weekly: false,
    events: false,
    betweenness: false,
  });
  // The coordinator is neutral in the model; here every agent holds opinions.
  sim.pop.deliberates.fill(1);
  return sim;
}

export function runEngine(sim: ConsortiumSim, rng: Rng): KernelRun {
  const n = sim.n;
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const group = new Int32Array(GROUP);
  const agenda = Array.from({ length: OPINIONS }, (_, c) => c);
  const t0 = cpuMs();
  for (let week = 0; week < WEEKS; week++) {
    shuffle(perm, rng);
    for (let g = 0; g < n; g += GROUP) {
      const m = Math.min(GROUP, n - g);
      for (let p = 0; p < m; p++) group[p] = perm[g + p];
      sim.converse(group, m, agenda);
    }
  }
  const ms = cpuMs() - t0;
  return { pairs: WEEKS * pairsPerWeek(n), ms, positions: sim.positions };
}

/** Baseline with a hashed tie store (open addressing on the pair key, grown by doubling). */
export function runHashedBaseline(n: number, start: Float64Array, stride: number, rng: Rng): KernelRun {
  const x = new Float64Array(start);
  let cap = 1 << 12;
  let keys = new Int32Array(cap).fill(-1);
  let w = new Float64Array(cap);
  let used = 0;
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const t0 = cpuMs();
  for (let week = 0; week < WEEKS; week++) {
    shuffle(perm, rng);
    for (let g = 0; g < n; g += GROUP) {
      const m = Math.min(GROUP, n - g);
      for (let p = 0; p < m; p++) {
        const i = perm[g + p];
        for (let q = p + 1; q < m; q++) {
          const j = perm[g + q];
          const key = i < j ? i * n + j : j * n + i;
          let s = Math.imul(key, 0x9e3779b1) >>> 0;
          s &= cap - 1;
          while (keys[s] !== -1 && keys[s] !== key) s = (s + 1) & (cap - 1);
          if (keys[s] === -1) {
            keys[s] = key;
            w[s] = 0;
            if (++used * 2 > cap) {
              // Grow and re-insert; find the pair's slot again afterwards.
              const ok = keys;
              const ow = w;
              cap <<= 1;
              keys = new Int32Array(cap).fill(-1);
              w = new Float64Array(cap);
              for (let t = 0; t < ok.length; t++) {
                if (ok[t] === -1) continue;
                let u = (Math.imul(ok[t], 0x9e3779b1) >>> 0) & (cap - 1);
                while (keys[u] !== -1) u = (u + 1) & (cap - 1);
                keys[u] = ok[t];
                w[u] = ow[t];
              }
              s = (Math.imul(key, 0x9e3779b1) >>> 0) & (cap - 1);
              while (keys[s] !== key) s = (s + 1) & (cap - 1);
            }
          }
          w[s] += ALPHA * (1 - w[s]);
          const oi = i * stride;
          const oj = j * stride;
          for (let c = 0; c < OPINIONS; c++) {
            const xi = x[oi + c];
            const xj = x[oj + c];
            const d = xj - xi;
            if (d < THRESHOLD && -d < THRESHOLD) {
              x[oi + c] = xi + MU * d;
              x[oj + c] = xj - MU * d;
            }
          }
        }
      }
    }
  }
  const ms = cpuMs() - t0;
  return { pairs: WEEKS * pairsPerWeek(n), ms, positions: x };
}

/** Baseline with a dense N × N tie matrix (only where it fits: 8 N² bytes). */
export function runDenseBaseline(n: number, start: Float64Array, stride: number, rng: Rng): KernelRun {
  const x = new Float64Array(start);
  const w = new Float64Array(n * n);
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const t0 = cpuMs();
  for (let week = 0; week < WEEKS; week++) {
    shuffle(perm, rng);
    for (let g = 0; g < n; g += GROUP) {
      const m = Math.min(GROUP, n - g);
      for (let p = 0; p < m; p++) {
        const i = perm[g + p];
        for (let q = p + 1; q < m; q++) {
          const j = perm[g + q];
          const e = i < j ? i * n + j : j * n + i;
          w[e] += ALPHA * (1 - w[e]);
          const oi = i * stride;
          const oj = j * stride;
          for (let c = 0; c < OPINIONS; c++) {
            const xi = x[oi + c];
            const xj = x[oj + c];
            const d = xj - xi;
            if (d < THRESHOLD && -d < THRESHOLD) {
              x[oi + c] = xi + MU * d;
              x[oj + c] = xj - MU * d;
            }
          }
        }
      }
    }
  }
  const ms = cpuMs() - t0;
  return { pairs: WEEKS * pairsPerWeek(n), ms, positions: x };
}

export const DENSE_LIMIT = 4000;

export interface KernelFigure {
  N: number;
  /** Best round of the engine, pair interactions per second. */
  pairsPerSec: number;
  /** Best round of the faster baseline (dense where it fits and is faster, else hashed). */
  baselinePairsPerSec: number;
  /**
   * Engine speed over baseline speed (1 = as fast as the typed-array loop): the median over rounds
   * of the ratio within a round, where engine and baseline ran back to back under the same load.
   */
  ratio: number;
  baseline: 'dense' | 'hashed';
  hashedPairsPerSec: number;
  densePairsPerSec: number | null;
  rounds: number;
  /** The engine ended with exactly the baselines' opinions: the same work was done. */
  sameResult: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length;
  return m % 2 ? s[(m - 1) >> 1] : 0.5 * (s[m / 2 - 1] + s[m / 2]);
};

/** Rounds of engine, hashed and dense runs back to back until about `budgetMs` (at least 3). */
export function measureKernel(n: number, budgetMs = 2000): KernelFigure {
  const engine: number[] = [];
  const hashed: number[] = [];
  const dense: number[] = [];
  let sameResult = true;
  let spent = 0;
  // One warm-up round, then at least three timed rounds.
  for (let round = -1; round < 3 || (spent < budgetMs && round < 60); round++) {
    const seed = 1000 + round;
    const sim = engineSetup(n, seed);
    const start = Float64Array.from(sim.positions);
    const e = runEngine(sim, stream(seed, 'votes'));
    const h = runHashedBaseline(n, start, sim.C, stream(seed, 'votes'));
    const d = n <= DENSE_LIMIT ? runDenseBaseline(n, start, sim.C, stream(seed, 'votes')) : null;
    for (let k = 0; k < start.length; k++) {
      if (e.positions[k] !== h.positions[k] || (d && e.positions[k] !== d.positions[k])) sameResult = false;
    }
    if (round < 0) continue;
    spent += e.ms + h.ms + (d ? d.ms : 0);
    engine.push(e.pairs / (e.ms / 1000));
    hashed.push(h.pairs / (h.ms / 1000));
    if (d) dense.push(d.pairs / (d.ms / 1000));
  }
  const hashedPairsPerSec = Math.max(...hashed);
  const densePairsPerSec = dense.length ? Math.max(...dense) : null;
  const useDense = densePairsPerSec !== null && median(dense) > median(hashed);
  const base = useDense ? dense : hashed;
  return {
    N: n,
    pairsPerSec: Math.max(...engine),
    baselinePairsPerSec: Math.max(...base),
    ratio: median(engine.map((x, r) => x / base[r])),
    baseline: useDense ? 'dense' : 'hashed',
    hashedPairsPerSec,
    densePairsPerSec,
    rounds: engine.length,
    sameResult,
  };
}
