// Tie store: undirected weighted ties (familiarity and trust, "taming each other", §4.1) in typed
// arrays. Open-addressing hash from the pair to an edge index; edges are never removed (a tie
// decays towards 0 instead), so edge indices are stable and the edge list doubles as the graph.
// STYLE §3: hot state as struct-of-arrays; graphology is built from this, not used in the loop.

export class TieStore {
  readonly n: number;
  count = 0;
  a: Int32Array;
  b: Int32Array;
  w: Float64Array;
  /** strength[i] = sum of the weights of i's ties, kept exactly as weights change. */
  readonly strength: Float64Array;
  /** Adjacency: per actor, the edge indices of its ties (for triadic closure). */
  readonly adj: number[][];
  private slots: Int32Array;
  private keys: Int32Array;
  private mask: number;

  constructor(n: number, capacity = 64) {
    this.n = n;
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    this.slots = new Int32Array(cap).fill(-1);
    this.keys = new Int32Array(cap);
    this.mask = cap - 1;
    const ecap = Math.max(16, capacity);
    this.a = new Int32Array(ecap);
    this.b = new Int32Array(ecap);
    this.w = new Float64Array(ecap);
    this.strength = new Float64Array(n);
    this.adj = Array.from({ length: n }, () => []);
  }

  private static hash(key: number): number {
    return Math.imul(key ^ (key >>> 15), 0x2c1b3c6d) ^ (key >>> 12);
  }

  /** Edge index of the tie between i and j, or -1. */
  find(i: number, j: number): number {
    const key = i < j ? i * this.n + j : j * this.n + i;
    let s = TieStore.hash(key) & this.mask;
    for (;;) {
      const e = this.slots[s];
      if (e < 0) return -1;
      if (this.keys[s] === key) return e;
      s = (s + 1) & this.mask;
    }
  }

  weight(i: number, j: number): number {
    const e = this.find(i, j);
    return e < 0 ? 0 : this.w[e];
  }

  /** Edge index of the tie between i and j, created with weight 0 if absent. */
  ensure(i: number, j: number): number {
    const key = i < j ? i * this.n + j : j * this.n + i;
    let s = TieStore.hash(key) & this.mask;
    for (;;) {
      const e = this.slots[s];
      if (e < 0) break;
      if (this.keys[s] === key) return e;
      s = (s + 1) & this.mask;
    }
    const e = this.count++;
    if (e >= this.a.length) this.growEdges();
    this.a[e] = i < j ? i : j;
    this.b[e] = i < j ? j : i;
    this.w[e] = 0;
    this.slots[s] = e;
    this.keys[s] = key;
    this.adj[i].push(e);
    this.adj[j].push(e);
    if (this.count * 2 > this.mask) this.rehash();
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
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.keys = new Int32Array(cap);
    this.mask = cap - 1;
    for (let e = 0; e < this.count; e++) {
      const key = this.a[e] * this.n + this.b[e];
      let s = TieStore.hash(key) & this.mask;
      while (this.slots[s] >= 0) s = (s + 1) & this.mask;
      this.slots[s] = e;
      this.keys[s] = key;
    }
  }
}
