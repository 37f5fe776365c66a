// The optimised betweenness (predecessor lists; bit masks up to 64 actors) against Brandes' plain
// queue-and-scan formulation, bit for bit, on random tie stores of 2 to 90 actors: the speed-up
// must not move a single value (sums in the same order).
import { describe, expect, it } from 'vitest';
import { betweenness } from '../../sim/metrics.ts';
import { stream } from '../../sim/rng.ts';
import { TieStore } from '../../sim/ties.ts';

/** Brandes (2001) as first written in the engine: fresh arrays, full scans, fills per source. */
function plainBetweenness(ties: TieStore, n: number, threshold: number, pivots: number, phase: number) {
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

/** Random tie stores: sizes uniform in 2..90, densities from sparse trees to nearly complete. */
function* networks(count: number) {
  const rng = stream(6, 'ties');
  for (let t = 0; t < count; t++) {
    const n = 2 + Math.floor(rng() * 89);
    const store = new TieStore(n, 16);
    const m = Math.floor((rng() * n * n) / 2);
    for (let k = 0; k < m; k++) {
      const i = Math.floor(rng() * n);
      const j = Math.floor(rng() * n);
      if (i !== j) store.add(store.ensure(i, j), rng());
    }
    const pivots = rng() < 0.5 ? 64 : 1 + Math.floor(rng() * n);
    yield { n, store, threshold: 0.8 * rng(), pivots, phase: Math.floor(rng() * 200) };
  }
}

describe('betweenness', () => {
  it('equals the plain formulation bit for bit (small networks on bit masks, larger on lists)', () => {
    let compared = 0;
    for (const { n, store, threshold, pivots, phase } of networks(600)) {
      const got = betweenness(store, n, threshold, pivots, phase);
      const want = plainBetweenness(store, n, threshold, pivots, phase);
      for (let i = 0; i < n; i++) expect(Object.is(got.values[i], want.values[i])).toBe(true);
      expect(Object.is(got.centralisation, want.centralisation)).toBe(true);
      compared++;
    }
    expect(compared).toBe(600);
  });

  it('on a star the hub carries every path', () => {
    const store = new TieStore(6);
    for (let i = 1; i < 6; i++) store.add(store.ensure(0, i), 1);
    const { values, centralisation } = betweenness(store, 6, 0.5, 64);
    expect(values[0]).toBe(1);
    expect(Array.from(values.subarray(1))).toEqual([0, 0, 0, 0, 0]);
    expect(centralisation).toBe(1);
  });
});
