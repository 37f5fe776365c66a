// Network observations (MODEL.md §6), computed straight from the tie store's typed arrays.
// E-I index: Krackhardt & Stern (1988). Assortativity: Newman (2003). Modularity of a given
// partition (weighted): Newman (2006). Betweenness: Brandes (2001), with evenly spaced pivot
// sources above a size (Brandes & Pich 2007); centralisation: Freeman (1979).
import type { TieStore } from './ties.ts';

/** (E - I) / (E + I) over ties with w >= threshold; 0 when there is no such tie. */
export function eiIndex(ties: TieStore, attr: Uint8Array, threshold: number): number {
  let e = 0;
  let i = 0;
  const { a, b, w, count } = ties;
  for (let k = 0; k < count; k++) {
    if (w[k] < threshold) continue;
    if (attr[a[k]] === attr[b[k]]) i++;
    else e++;
  }
  return e + i === 0 ? 0 : (e - i) / (e + i);
}

export interface TieSummary {
  density: number;
  meanTie: number;
  strongTies: number;
}

export function tieSummary(ties: TieStore, n: number, threshold: number): TieSummary {
  let m = 0;
  let sum = 0;
  const { w, count } = ties;
  for (let k = 0; k < count; k++) {
    if (w[k] >= threshold) {
      m++;
      sum += w[k];
    }
  }
  return { density: n > 1 ? (2 * m) / (n * (n - 1)) : 0, meanTie: m ? sum / m : 0, strongTies: m };
}

/** Connected components over ties with w >= threshold (isolated actors count as components). */
export function components(ties: TieStore, n: number, threshold: number): number {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  let c = n;
  const { a, b, w, count } = ties;
  for (let k = 0; k < count; k++) {
    if (w[k] < threshold) continue;
    const ra = find(a[k]);
    const rb = find(b[k]);
    if (ra !== rb) {
      parent[ra] = rb;
      c--;
    }
  }
  return c;
}

/**
 * Weighted modularity of a given partition: Q = sum_c [ W_c / W - (S_c / 2W)^2 ], with W the total
 * tie weight, W_c the weight inside c, S_c the summed strength of c's members.
 */
export function partitionModularity(ties: TieStore, attr: Uint8Array, classes: number): number {
  const inside = new Float64Array(classes);
  const strength = new Float64Array(classes);
  let total = 0;
  const { a, b, w, count } = ties;
  for (let k = 0; k < count; k++) {
    const x = w[k];
    if (x <= 0) continue;
    total += x;
    const ca = attr[a[k]];
    const cb = attr[b[k]];
    strength[ca] += x;
    strength[cb] += x;
    if (ca === cb) inside[ca] += x;
  }
  if (total === 0) return 0;
  let q = 0;
  for (let c = 0; c < classes; c++) q += inside[c] / total - (strength[c] / (2 * total)) ** 2;
  return q;
}

/** Attribute assortativity (Newman 2003, categorical) over ties with w >= threshold. */
export function assortativity(ties: TieStore, attr: Uint8Array, classes: number, threshold: number): number {
  const e = new Float64Array(classes * classes);
  let m = 0;
  const { a, b, w, count } = ties;
  for (let k = 0; k < count; k++) {
    if (w[k] < threshold) continue;
    const ca = attr[a[k]];
    const cb = attr[b[k]];
    e[ca * classes + cb] += 1;
    e[cb * classes + ca] += 1;
    m += 2;
  }
  if (m === 0) return 0;
  let trace = 0;
  let ab = 0;
  for (let i = 0; i < classes; i++) {
    trace += e[i * classes + i] / m;
    let ai = 0;
    for (let j = 0; j < classes; j++) ai += e[i * classes + j] / m;
    ab += ai * ai;
  }
  return ab >= 1 ? 0 : (trace - ab) / (1 - ab);
}

export interface NetworkMetrics {
  eiPillar: number;
  eiLine: number;
  assortativityPillar: number;
  density: number;
  meanTie: number;
  strongTies: number;
  components: number;
  modularityPillar: number;
}

/** Scratch shared by the observations of one thread (runs are sequential within a thread). */
let parent = new Int32Array(0);
const classScratch = { inside: new Float64Array(0), strength: new Float64Array(0), mix: new Float64Array(0) };

/**
 * The weekly network observations in one pass over the tie list: the E-I index by pillar and by
 * line, pillar assortativity, density and mean tie, components and pillar modularity. Each value
 * is the one its own function above returns, bit for bit: the same sums in the same edge order.
 */
export function networkMetrics(
  ties: TieStore,
  n: number,
  pillar: Uint8Array,
  line: Uint8Array,
  classes: number,
  threshold: number,
): NetworkMetrics {
  if (parent.length < n) parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  if (classScratch.inside.length < classes) {
    classScratch.inside = new Float64Array(classes);
    classScratch.strength = new Float64Array(classes);
    classScratch.mix = new Float64Array(classes * classes);
  }
  const { inside, strength, mix } = classScratch;
  inside.fill(0, 0, classes);
  strength.fill(0, 0, classes);
  mix.fill(0, 0, classes * classes);
  let eP = 0;
  let iP = 0;
  let eL = 0;
  let iL = 0;
  let strong = 0;
  let strongSum = 0;
  let total = 0;
  let comps = n;
  const { a, b, w, count } = ties;
  for (let k = 0; k < count; k++) {
    const x = w[k];
    const u = a[k];
    const v = b[k];
    const pu = pillar[u];
    const pv = pillar[v];
    if (x > 0) {
      // Modularity: every tie with a weight.
      total += x;
      strength[pu] += x;
      strength[pv] += x;
      if (pu === pv) inside[pu] += x;
    }
    if (x < threshold) continue;
    // The rest: ties at or above the threshold.
    strong++;
    strongSum += x;
    if (pu === pv) iP++;
    else eP++;
    if (line[u] === line[v]) iL++;
    else eL++;
    mix[pu * classes + pv] += 1;
    mix[pv * classes + pu] += 1;
    let ru = u;
    while (parent[ru] !== ru) {
      parent[ru] = parent[parent[ru]];
      ru = parent[ru];
    }
    let rv = v;
    while (parent[rv] !== rv) {
      parent[rv] = parent[parent[rv]];
      rv = parent[rv];
    }
    if (ru !== rv) {
      parent[ru] = rv;
      comps--;
    }
  }
  let q = 0;
  if (total !== 0) {
    for (let c = 0; c < classes; c++) q += inside[c] / total - (strength[c] / (2 * total)) ** 2;
  }
  let assort = 0;
  const m = 2 * strong;
  if (m !== 0) {
    let trace = 0;
    let ab = 0;
    for (let i = 0; i < classes; i++) {
      trace += mix[i * classes + i] / m;
      let ai = 0;
      for (let j = 0; j < classes; j++) ai += mix[i * classes + j] / m;
      ab += ai * ai;
    }
    assort = ab >= 1 ? 0 : (trace - ab) / (1 - ab);
  }
  return {
    eiPillar: eP + iP === 0 ? 0 : (eP - iP) / (eP + iP),
    eiLine: eL + iL === 0 ? 0 : (eL - iL) / (eL + iL),
    assortativityPillar: assort,
    density: n > 1 ? (2 * strong) / (n * (n - 1)) : 0,
    meanTie: strong ? strongSum / strong : 0,
    strongTies: strong,
    components: comps,
    modularityPillar: q,
  };
}

export interface Betweenness {
  /** Normalised betweenness of every actor, in [0,1]. */
  values: Float64Array;
  /** Freeman centralisation: sum (max - b_i) / (n - 1), in [0,1]. */
  centralisation: number;
}

/** Scratch of the betweenness computation, grown to the largest network seen in this thread. */
const bs = {
  deg: new Int32Array(0),
  fill: new Int32Array(0),
  nbr: new Int32Array(0),
  pred: new Int32Array(0),
  npred: new Int32Array(0),
  sigma: new Float64Array(0),
  dist: new Int32Array(0),
  delta: new Float64Array(0),
  order: new Int32Array(0),
};

function betweennessScratch(n: number, adjacency: number): typeof bs {
  if (bs.sigma.length < n) {
    bs.deg = new Int32Array(n + 1);
    bs.fill = new Int32Array(n);
    bs.npred = new Int32Array(n);
    bs.sigma = new Float64Array(n);
    bs.dist = new Int32Array(n).fill(-1);
    bs.delta = new Float64Array(n);
    bs.order = new Int32Array(n);
  }
  if (bs.nbr.length < adjacency) {
    bs.nbr = new Int32Array(adjacency);
    bs.pred = new Int32Array(adjacency);
  }
  return bs;
}

/**
 * Unweighted shortest-path betweenness over ties with w >= threshold (Brandes 2001). Exact when
 * n <= pivots; otherwise from `pivots` evenly spaced sources (offset by `phase`), scaled by n/pivots.
 * Each search records its shortest-path predecessors and afterwards resets only what it reached;
 * dependencies accumulate in the same order as in Brandes' formulation (reverse BFS order). Up to
 * 64 actors (the study's consortium) the searches run on bit masks (smallBrandes), with the same
 * order and so the same values.
 */
export function betweenness(
  ties: TieStore,
  n: number,
  threshold: number,
  pivots: number,
  phase = 0,
): Betweenness {
  const { a, b, w, count } = ties;
  // CSR adjacency of the strong ties.
  let strong = 0;
  for (let k = 0; k < count; k++) if (w[k] >= threshold) strong++;
  const { deg, fill, nbr, pred, npred, sigma, dist, delta, order } = betweennessScratch(n, 2 * strong);
  deg.fill(0, 0, n + 1);
  for (let k = 0; k < count; k++) {
    if (w[k] < threshold) continue;
    deg[a[k] + 1]++;
    deg[b[k] + 1]++;
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  fill.set(deg.subarray(0, n));
  for (let k = 0; k < count; k++) {
    if (w[k] < threshold) continue;
    nbr[fill[a[k]]++] = b[k];
    nbr[fill[b[k]]++] = a[k];
  }
  const bc = new Float64Array(n);
  const sources = Math.min(n, pivots);
  const stride = n / sources;
  if (n <= 64) {
    smallBrandes(n, deg, nbr, sources, stride, phase, bc);
  } else {
    for (let si = 0; si < sources; si++) {
      const s = sources === n ? si : Math.floor((si * stride + phase) % n);
      sigma[s] = 1;
      dist[s] = 0;
      npred[s] = 0;
      let head = 0;
      let tail = 0;
      order[tail++] = s;
      while (head < tail) {
        const v = order[head++];
        const dv = dist[v] + 1;
        const sv = sigma[v];
        for (let p = deg[v], end = deg[v + 1]; p < end; p++) {
          const u = nbr[p];
          let du = dist[u];
          if (du < 0) {
            du = dv;
            dist[u] = dv;
            sigma[u] = 0;
            npred[u] = 0;
            order[tail++] = u;
          }
          if (du === dv) {
            sigma[u] += sv;
            pred[deg[u] + npred[u]++] = v;
          }
        }
      }
      for (let q = tail - 1; q > 0; q--) {
        const u = order[q];
        const su = sigma[u];
        const du = 1 + delta[u];
        for (let p = deg[u], end = deg[u] + npred[u]; p < end; p++) {
          const v = pred[p];
          delta[v] += (sigma[v] / su) * du;
        }
        bc[u] += delta[u];
      }
      // Reset only the reached actors.
      for (let q = 0; q < tail; q++) {
        const u = order[q];
        dist[u] = -1;
        sigma[u] = 0;
        delta[u] = 0;
      }
    }
  }
  // Undirected: each pair counted from both ends; normalise by (n-1)(n-2).
  const scale = n > 2 ? n / sources / ((n - 1) * (n - 2)) : 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    bc[i] *= scale;
    if (bc[i] > 1) bc[i] = 1;
    if (bc[i] > max) max = bc[i];
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += max - bc[i];
  return { values: bc, centralisation: n > 1 ? Math.min(1, sum / (n - 1)) : 0 };
}

/** Bit masks of up to 64 actors, as two 32-bit words (lo: actors 0–31, hi: 32–63). */
const small = {
  adjLo: new Int32Array(64),
  adjHi: new Int32Array(64),
  levelLo: new Int32Array(65),
  levelHi: new Int32Array(65),
  order: new Int32Array(64),
  dist: new Int32Array(64),
  sigma: new Float64Array(64),
  delta: new Float64Array(64),
};

/**
 * Brandes' sources for a network of at most 64 actors with neighbour sets as bit masks. The BFS
 * order is the one of the queue-and-list formulation (undiscovered neighbours appended in list
 * order), so every dependency is summed in the same order; path counts are whole numbers, whose
 * sums do not depend on order. A node's list is scanned only when it discovers someone.
 */
function smallBrandes(
  n: number,
  deg: Int32Array,
  nbr: Int32Array,
  sources: number,
  stride: number,
  phase: number,
  bc: Float64Array,
): void {
  const { adjLo, adjHi, levelLo, levelHi, order, dist, sigma, delta } = small;
  for (let v = 0; v < n; v++) {
    let lo = 0;
    let hi = 0;
    for (let p = deg[v]; p < deg[v + 1]; p++) {
      const u = nbr[p];
      if (u < 32) lo |= 1 << u;
      else hi |= 1 << (u - 32);
    }
    adjLo[v] = lo;
    adjHi[v] = hi;
  }
  for (let si = 0; si < sources; si++) {
    const s = sources === n ? si : Math.floor((si * stride + phase) % n);
    let visLo = s < 32 ? 1 << s : 0;
    let visHi = s < 32 ? 0 : 1 << (s - 32);
    order[0] = s;
    dist[s] = 0;
    sigma[s] = 1;
    delta[s] = 0;
    levelLo[0] = visLo;
    levelHi[0] = visHi;
    let head = 0;
    let tail = 1;
    let depth = 0;
    while (head < tail) {
      const v = order[head++];
      let newLo = adjLo[v] & ~visLo;
      let newHi = adjHi[v] & ~visHi;
      if ((newLo | newHi) === 0) continue;
      visLo |= newLo;
      visHi |= newHi;
      const dv = dist[v] + 1;
      if (dv > depth) {
        depth = dv;
        levelLo[dv] = 0;
        levelHi[dv] = 0;
      }
      levelLo[dv] |= newLo;
      levelHi[dv] |= newHi;
      for (let p = deg[v]; (newLo | newHi) !== 0; p++) {
        const u = nbr[p];
        if (u < 32) {
          const bit = 1 << u;
          if ((newLo & bit) === 0) continue;
          newLo &= ~bit;
        } else {
          const bit = 1 << (u - 32);
          if ((newHi & bit) === 0) continue;
          newHi &= ~bit;
        }
        order[tail++] = u;
        dist[u] = dv;
        delta[u] = 0;
      }
    }
    // Path counts, level by level.
    for (let q = 1; q < tail; q++) {
      const u = order[q];
      const d = dist[u] - 1;
      let lo = adjLo[u] & levelLo[d];
      let hi = adjHi[u] & levelHi[d];
      let sum = 0;
      while (lo !== 0) {
        sum += sigma[31 - Math.clz32(lo & -lo)];
        lo &= lo - 1;
      }
      while (hi !== 0) {
        sum += sigma[63 - Math.clz32(hi & -hi)];
        hi &= hi - 1;
      }
      sigma[u] = sum;
    }
    // Dependencies in reverse BFS order.
    for (let q = tail - 1; q > 0; q--) {
      const u = order[q];
      const su = sigma[u];
      const du = 1 + delta[u];
      const d = dist[u] - 1;
      let lo = adjLo[u] & levelLo[d];
      let hi = adjHi[u] & levelHi[d];
      while (lo !== 0) {
        const v = 31 - Math.clz32(lo & -lo);
        delta[v] += (sigma[v] / su) * du;
        lo &= lo - 1;
      }
      while (hi !== 0) {
        const v = 63 - Math.clz32(hi & -hi);
        delta[v] += (sigma[v] / su) * du;
        hi &= hi - 1;
      }
      bc[u] += delta[u];
    }
  }
}
