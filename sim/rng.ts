// Seeded random streams. One generator per run, split into named streams so that two scenarios
// run with one seed share every stream a change does not touch (common random numbers, MODEL.md §4).
// Seeds derive from identity (base seed, replicate, consortium), never from run order (STYLE §5).
import seedrandom from 'seedrandom';

export type Rng = () => number;

export const STREAMS = ['composition', 'ties', 'attendance', 'conversation', 'votes'] as const;
export type StreamName = (typeof STREAMS)[number];

/** 32-bit FNV-1a of a string: a stable, platform-independent hash for seed derivation. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The seed of replicate `replicate` of a run with base seed `base`: identity, not order. */
export function replicateSeed(base: number, replicate: number): number {
  return hash32(`pilotnet/${base}/${replicate}`) & 0x7fffffff;
}

/** A fast seeded generator (Alea, via seedrandom) for one named stream of one run. */
export function stream(seed: number, name: StreamName, consortium = 0): Rng {
  return seedrandom.alea(`${seed}/${consortium}/${name}`);
}

export type Streams = Record<StreamName, Rng>;

export function streams(seed: number, consortium = 0): Streams {
  return Object.fromEntries(STREAMS.map((n) => [n, stream(seed, n, consortium)])) as Streams;
}

export const uniform = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng();

/** Standard normal by Box–Muller (one value per call; simple and stream-stable). */
export function normal(rng: Rng): number {
  let u = rng();
  while (u <= 1e-12) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** In-place Fisher–Yates shuffle of the first `n` entries. */
export function shuffle(a: Int32Array | number[], rng: Rng, n = a.length): void {
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** Index drawn with probability proportional to weights. */
export function weightedIndex(weights: readonly number[], rng: Rng): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  let r = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  return weights.length - 1;
}
