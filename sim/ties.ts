// Tie store: undirected weighted ties (familiarity and trust, "taming each other", §4.1) in typed
// arrays. Open-addressing hash from the pair to an edge index; edges are never removed (a tie
// decays towards 0 instead), so edge indices are stable and the edge list doubles as the graph.
// STYLE §3: hot state as struct-of-arrays; graphology is built from this, not used in the loop.

/** Fibonacci hashing constant (2^32 / golden ratio): spreads the pair keys i·n + j evenly. */
const GOLDEN = 0x9e3779b1 | 0;

/**
 * Up to this many actors the pair -> edge map is a direct n × n index (at most 16 MB, zero pages
 * until touched: only the upper triangle is written) instead of the hash: one memory access per
 * lookup and no rehashing as the network grows.
 */
export const DIRECT_INDEX_MAX = 2048;

/** An empty array, in place of those not made yet (never written). */
const NONE = new Int32Array(0);

export class TieStore {
  readonly n: number;
  count = 0;
  a: Int32Array;
  b: Int32Array;
  w: Float64Array;
  /** strength[i] = sum of the weights of i's ties, kept exactly as weights change. */
  readonly strength: Float64Array;
  /** Direct index for small n: edge + 1 at i·n + j (i < j), 0 = no tie; null above DIRECT_INDEX_MAX. */
  private readonly index: Int32Array | null;
  /** Hash table, interleaved [key, edge] so a probe touches one cache line; edge -1 = empty. */
  private table: Int32Array;
  private shift: number;
  private mask: number;
  /**
   * Adjacency for triadic closure: actor i's incident edges, in creation order, are
   * adjPool[adjStart[i] .. adjStart[i] + adjLen[i]). Blocks double in place of per-actor arrays,
   * so building the network allocates no objects. Built lazily: incident edges in creation order
   * are the edges in index order, so the lists are brought up to date (edges adjSynced..count-1)
   * only when read, and cost nothing when no rule reads them: the arrays are made on the first read.
   */
  private adjPool: Int32Array = NONE;
  private adjUsed = 0;
  private adjSynced = 0;
  private adjStart: Int32Array = NONE;
  private adjLen: Int32Array = NONE;
  private adjCap: Int32Array = NONE;

  constructor(n: number, capacity = 64) {
    this.n = n;
    this.index = n <= DIRECT_INDEX_MAX ? new Int32Array(n * n) : null;
    let bits = 4;
    while (!this.index && 1 << bits < capacity * 2) bits++;
    // The hash table only when there is no direct index.
    this.table = this.index ? NONE : TieStore.emptyTable(1 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    const ecap = Math.max(16, capacity);
    this.a = new Int32Array(ecap);
    this.b = new Int32Array(ecap);
    this.w = new Float64Array(ecap);
    this.strength = new Float64Array(n);
  }

  /**
   * Back to no ties, as a new store of n actors reads (a run context's next run: sim/engine.ts).
   * Only a store with the direct index clears: it unmarks the pairs of its edges.
   */
  clear(): void {
    const index = this.index;
    if (index === null) throw new Error('TieStore.clear: only a store with the direct index clears');
    for (let e = 0; e < this.count; e++) index[this.a[e] * this.n + this.b[e]] = 0;
    this.count = 0;
    this.strength.fill(0);
    if (this.adjStart !== NONE) {
      this.adjUsed = 0;
      this.adjSynced = 0;
      this.adjLen.fill(0);
      this.adjCap.fill(0);
    }
  }

  /** Can clear() make this store a new one of n actors. */
  clears(n: number): boolean {
    return this.n === n && this.index !== null;
  }

  private static emptyTable(slots: number): Int32Array {
    const t = new Int32Array(2 * slots);
    for (let s = 1; s < t.length; s += 2) t[s] = -1;
    return t;
  }

  /** Edge index of the tie between i and j, or -1. */
  find(i: number, j: number): number {
    const key = i < j ? i * this.n + j : j * this.n + i;
    if (this.index !== null) return this.index[key] - 1;
    const t = this.table;
    const mask = this.mask;
    let s = Math.imul(key, GOLDEN) >>> this.shift;
    for (;;) {
      const e = t[2 * s + 1];
      if (e < 0 || t[2 * s] === key) return e;
      s = (s + 1) & mask;
    }
  }

  weight(i: number, j: number): number {
    const e = this.find(i, j);
    return e < 0 ? 0 : this.w[e];
  }

  /** Edge index of the tie between i and j, created with weight 0 if absent. */
  ensure(i: number, j: number): number {
    const key = i < j ? i * this.n + j : j * this.n + i;
    const index = this.index;
    if (index !== null) {
      const known = index[key];
      if (known > 0) return known - 1;
      const e = this.newEdge(i, j);
      index[key] = e + 1;
      return e;
    }
    const t = this.table;
    const mask = this.mask;
    let s = Math.imul(key, GOLDEN) >>> this.shift;
    for (;;) {
      const e = t[2 * s + 1];
      if (e < 0) break;
      if (t[2 * s] === key) return e;
      s = (s + 1) & mask;
    }
    const e = this.newEdge(i, j);
    t[2 * s] = key;
    t[2 * s + 1] = e;
    if (this.count * 2 > mask) this.rehash();
    return e;
  }

  private newEdge(i: number, j: number): number {
    const e = this.count++;
    if (e >= this.a.length) this.growEdges();
    this.a[e] = i < j ? i : j;
    this.b[e] = i < j ? j : i;
    this.w[e] = 0;
    return e;
  }

  /** Add `delta` to edge e's weight, keeping strengths exact. */
  add(e: number, delta: number): void {
    this.w[e] += delta;
    this.strength[this.a[e]] += delta;
    this.strength[this.b[e]] += delta;
  }

  /** Weekly decay: every tie loses the same share. */
  decay(rate: number): void {
    if (rate === 0) return;
    const f = 1 - rate;
    const w = this.w;
    for (let e = 0; e < this.count; e++) w[e] *= f;
    const st = this.strength;
    for (let i = 0; i < this.n; i++) st[i] *= f;
  }

  other(e: number, i: number): number {
    return this.a[e] === i ? this.b[e] : this.a[e];
  }

  /** Number of ties of actor i (whatever their weight). */
  degree(i: number): number {
    if (this.adjSynced < this.count || this.adjStart === NONE) this.syncAdjacency();
    return this.adjLen[i];
  }

  /** The k-th tie of actor i, in the order the ties were made (k < degree(i)). */
  incident(i: number, k: number): number {
    if (this.adjSynced < this.count || this.adjStart === NONE) this.syncAdjacency();
    return this.adjPool[this.adjStart[i] + k];
  }

  private syncAdjacency(): void {
    if (this.adjStart === NONE) {
      this.adjPool = new Int32Array(64);
      this.adjStart = new Int32Array(this.n);
      this.adjLen = new Int32Array(this.n);
      this.adjCap = new Int32Array(this.n);
    }
    for (let e = this.adjSynced; e < this.count; e++) {
      this.pushAdj(this.a[e], e);
      this.pushAdj(this.b[e], e);
    }
    this.adjSynced = this.count;
  }

  private pushAdj(i: number, e: number): void {
    const len = this.adjLen[i];
    if (len === this.adjCap[i]) {
      const cap = len < 4 ? 4 : 2 * len;
      if (this.adjUsed + cap > this.adjPool.length) {
        const pool = new Int32Array(Math.max(2 * this.adjPool.length, this.adjUsed + cap));
        pool.set(this.adjPool.subarray(0, this.adjUsed));
        this.adjPool = pool;
      }
      const from = this.adjStart[i];
      this.adjPool.copyWithin(this.adjUsed, from, from + len);
      this.adjStart[i] = this.adjUsed;
      this.adjCap[i] = cap;
      this.adjUsed += cap;
    }
    this.adjPool[this.adjStart[i] + len] = e;
    this.adjLen[i] = len + 1;
  }

  private growEdges(): void {
    const cap = this.a.length * 2;
    const a = new Int32Array(cap);
    a.set(this.a);
    const b = new Int32Array(cap);
    b.set(this.b);
    const w = new Float64Array(cap);
    w.set(this.w);
    this.a = a;
    this.b = b;
    this.w = w;
  }

  private rehash(): void {
    // The slot is the top bits of the product, so doubling sends old slot s to about 2s: walking
    // the old table in slot order writes the new one front to back, not at random.
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    const t = TieStore.emptyTable(slots);
    this.mask = slots - 1;
    this.shift--;
    const mask = this.mask;
    const shift = this.shift;
    for (let o = 0; o < old.length; o += 2) {
      const e = old[o + 1];
      if (e < 0) continue;
      const key = old[o];
      let s = Math.imul(key, GOLDEN) >>> shift;
      while (t[2 * s + 1] >= 0) s = (s + 1) & mask;
      t[2 * s] = key;
      t[2 * s + 1] = e;
    }
    this.table = t;
  }
}
