// Seeded random streams. One generator per run, split into named streams so that two scenarios
// run with one seed share every stream a change does not touch (common random numbers, MODEL.md §4).
// Seeds derive from identity (base seed, replicate, consortium), never from run order (STYLE §5).
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

/** Baagoe's Mash over a string, from state n; returns the new state (mash() is n >>> 0 · 2^-32). */
function mash(n: number, data: string): number {
  for (let i = 0; i < data.length; i++) {
    n += data.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * 0x100000000; // 2^32
  }
  return n;
}

/** Alea's state: plain double fields, updated in place (no allocation per draw). */
class AleaState {
  s0 = 0.5;
  s1 = 0.5;
  s2 = 0.5;
  c = 0.5;
}

/**
 * Baagoe's Alea, seeded by a string: the generator of seedrandom.alea, the same arithmetic so the
 * same numbers (test/sim/rng.test.ts draws both), without the extra methods seedrandom hangs on
 * each generator; a run makes five, so they are kept small.
 */
export function alea(seed: string): Rng {
  const st = new AleaState();
  const k = 2.3283064365386963e-10; // 2^-32
  let n = 0xefc8249d;
  n = mash(n, ' ');
  st.s0 = (n >>> 0) * k;
  n = mash(n, ' ');
  st.s1 = (n >>> 0) * k;
  n = mash(n, ' ');
  st.s2 = (n >>> 0) * k;
  st.c = 1;
  n = mash(n, seed);
  st.s0 -= (n >>> 0) * k;
  if (st.s0 < 0) st.s0 += 1;
  n = mash(n, seed);
  st.s1 -= (n >>> 0) * k;
  if (st.s1 < 0) st.s1 += 1;
  n = mash(n, seed);
  st.s2 -= (n >>> 0) * k;
  if (st.s2 < 0) st.s2 += 1;
  return () => {
    const t = 2091639 * st.s0 + st.c * k;
    st.s0 = st.s1;
    st.s1 = st.s2;
    st.c = t | 0;
    st.s2 = t - st.c;
    return st.s2;
  };
}

/** A fast seeded generator (Alea) for one named stream of one run. */
export function stream(seed: number, name: StreamName, consortium = 0): Rng {
  return alea(`${seed}/${consortium}/${name}`);
}

export type Streams = Record<StreamName, Rng>;

export function streams(seed: number, consortium = 0): Streams {
  return {
    composition: stream(seed, 'composition', consortium),
    ties: stream(seed, 'ties', consortium),
    attendance: stream(seed, 'attendance', consortium),
    conversation: stream(seed, 'conversation', consortium),
    votes: stream(seed, 'votes', consortium),
  };
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
