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

export interface Betweenness {
  /** Normalised betweenness of every actor, in [0,1]. */
  values: Float64Array;
  /** Freeman centralisation: sum (max - b_i) / (n - 1), in [0,1]. */
  centralisation: number;
}

/**
 * Unweighted shortest-path betweenness over ties with w >= threshold (Brandes 2001). Exact when
 * n <= pivots; otherwise from `pivots` evenly spaced sources (offset by `phase`), scaled by n/pivots.
 */
export function betweenness(
  ties: TieStore,
  n: number,
  threshold: number,
  pivots: number,
  phase = 0,
): Betweenness {
  // CSR adjacency of the strong ties.
  const deg = new Int32Array(n + 1);
  const { a, b, w, count } = ties;
  for (let k = 0; k < count; k++) {
    if (w[k] < threshold) continue;
    deg[a[k] + 1]++;
    deg[b[k] + 1]++;
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const nbr = new Int32Array(deg[n]);
  const fill = deg.slice(0, n);
  for (let k = 0; k < count; k++) {
    if (w[k] < threshold) continue;
    nbr[fill[a[k]]++] = b[k];
    nbr[fill[b[k]]++] = a[k];
  }
  const bc = new Float64Array(n);
  const sigma = new Float64Array(n);
  const dist = new Int32Array(n);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  const sources = Math.min(n, pivots);
  const stride = n / sources;
  for (let si = 0; si < sources; si++) {
    const s = sources === n ? si : Math.floor((si * stride + phase) % n);
    sigma.fill(0);
    dist.fill(-1);
    delta.fill(0);
    sigma[s] = 1;
    dist[s] = 0;
    let head = 0;
    let tail = 0;
    order[tail++] = s;
    while (head < tail) {
      const v = order[head++];
      for (let p = deg[v]; p < deg[v + 1]; p++) {
        const u = nbr[p];
        if (dist[u] < 0) {
          dist[u] = dist[v] + 1;
          order[tail++] = u;
        }
        if (dist[u] === dist[v] + 1) sigma[u] += sigma[v];
      }
    }
    for (let q = tail - 1; q > 0; q--) {
      const u = order[q];
      for (let p = deg[u]; p < deg[u + 1]; p++) {
        const v = nbr[p];
        if (dist[v] === dist[u] - 1) delta[v] += (sigma[v] / sigma[u]) * (1 + delta[u]);
      }
      bc[u] += delta[u];
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
