// Cross-checks of the engine's network metrics against independent computations: graphology-metrics
// (modularity, betweenness) and brute-force counts over a graphology graph (E-I, density,
// components, assortativity), on networks the model itself produces.
import type Graph from 'graphology';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness.js';
import modularity from 'graphology-metrics/graph/modularity.js';
import { describe, expect, it } from 'vitest';
import { createSimulation, type Snapshot, toGraph } from '../../sim/index.ts';
import {
  assortativity,
  betweenness,
  components,
  eiIndex,
  partitionModularity,
  tieSummary,
} from '../../sim/metrics.ts';
import { TieStore } from '../../sim/ties.ts';
import { scenario } from '../helpers/scenario.ts';
import { expectClose } from '../helpers/tolerance.ts';

const THR = 0.2;

/** A snapshot at some week of a run, and the same ties loaded into a fresh TieStore. */
function networkAt(
  seed: number,
  weeks: number,
): { snap: Snapshot; ties: TieStore; pillar: Uint8Array; line: Uint8Array } {
  const sim = createSimulation(scenario(), { seed });
  for (let k = 0; k < weeks && sim.step(); k++);
  const snap = sim.snapshot();
  const n = snap.actors.length;
  const ties = new TieStore(n);
  const { source, target, weight } = snap.ties;
  for (let e = 0; e < weight.length; e++) ties.add(ties.ensure(source[e], target[e]), weight[e]);
  const pillars = ['catholic', 'socialist', 'liberal', 'public'];
  const lines = ['first', 'second', 'community'];
  return {
    snap,
    ties,
    pillar: Uint8Array.from(snap.actors.map((a) => pillars.indexOf(a.pillar))),
    line: Uint8Array.from(snap.actors.map((a) => lines.indexOf(a.line))),
  };
}

function strongGraph(snap: Snapshot): Graph {
  return toGraph(snap, { minWeight: THR });
}

function bruteEI(g: Graph, attr: string): number {
  let e = 0;
  let i = 0;
  g.forEachEdge((_k, _a, s, t) => {
    if (g.getNodeAttribute(s, attr) === g.getNodeAttribute(t, attr)) i++;
    else e++;
  });
  return (e - i) / (e + i);
}

function bruteComponents(g: Graph): number {
  const seen = new Set<string>();
  let c = 0;
  g.forEachNode((start) => {
    if (seen.has(start)) return;
    c++;
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const v = stack.pop() as string;
      g.forEachNeighbor(v, (u) => {
        if (!seen.has(u)) {
          seen.add(u);
          stack.push(u);
        }
      });
    }
  });
  return c;
}

/** Newman (2003) r from the mixing matrix, written directly from the definition. */
function bruteAssortativity(g: Graph, attr: string): number {
  const cats = [...new Set(g.mapNodes((_n, a) => a[attr] as string))];
  const e = cats.map(() => cats.map(() => 0));
  let m = 0;
  g.forEachEdge((_k, _a, s, t) => {
    const x = cats.indexOf(g.getNodeAttribute(s, attr));
    const y = cats.indexOf(g.getNodeAttribute(t, attr));
    e[x][y] += 1;
    e[y][x] += 1;
    m += 2;
  });
  const a = e.map((row) => row.reduce((p, q) => p + q, 0) / m);
  const tr = cats.reduce((p, _c, k) => p + e[k][k] / m, 0);
  const sab = a.reduce((p, q) => p + q * q, 0);
  return (tr - sab) / (1 - sab);
}

describe('network metrics agree with independent computations', () => {
  for (const [seed, weeks] of [
    [1, 0],
    [2, 20],
    [3, 60],
  ] as const) {
    describe(`seed ${seed}, week ${weeks}`, () => {
      const { snap, ties, pillar, line } = networkAt(seed, weeks);
      const n = snap.actors.length;
      const g = strongGraph(snap);

      it('E-I index by pillar and by line', () => {
        expectClose(eiIndex(ties, pillar, THR), bruteEI(g, 'pillar'));
        expectClose(eiIndex(ties, line, THR), bruteEI(g, 'line'));
      });

      it('density and components', () => {
        expectClose(tieSummary(ties, n, THR).density, g.size / ((n * (n - 1)) / 2));
        expect(components(ties, n, THR)).toBe(bruteComponents(g));
      });

      it('weighted modularity of the pillar partition equals graphology-metrics', () => {
        const all = toGraph(snap);
        const q = modularity(all, { getNodeCommunity: 'pillar', getEdgeWeight: 'weight' });
        expectClose(partitionModularity(ties, pillar, 4), q, 1e-9);
      });

      it('attribute assortativity equals the textbook formula', () => {
        expectClose(assortativity(ties, pillar, 4, THR), bruteAssortativity(g, 'pillar'), 1e-9);
      });

      it('exact betweenness equals graphology-metrics (normalised)', () => {
        const ours = betweenness(ties, n, THR, n);
        const ref = betweennessCentrality(g, { normalized: true, getEdgeWeight: null });
        for (let i = 0; i < n; i++) expectClose(ours.values[i], ref[String(i)], 1e-9);
      });
    });
  }

  it('pivot-sampled betweenness is close to the exact one and exact when pivots >= n', () => {
    const { ties, snap } = networkAt(4, 50);
    const n = snap.actors.length;
    const exact = betweenness(ties, n, THR, n);
    const same = betweenness(ties, n, THR, n + 10);
    expect(Array.from(same.values)).toEqual(Array.from(exact.values));
    const sampled = betweenness(ties, n, THR, Math.floor(n / 2));
    // The coordinator (node 0) keeps its rank as the most central actor within sampling error.
    expect(Math.abs(sampled.values[0] - exact.values[0])).toBeLessThan(0.15);
  });

  it('E-I is -1 for a network of internal ties only and +1 for external ties only', () => {
    const t = new TieStore(4);
    t.add(t.ensure(0, 1), 0.5);
    t.add(t.ensure(2, 3), 0.5);
    expect(eiIndex(t, Uint8Array.from([0, 0, 1, 1]), THR)).toBe(-1);
    expect(eiIndex(t, Uint8Array.from([0, 1, 0, 1]), THR)).toBe(1);
  });

  it('a star has centralisation 1 and its centre betweenness 1', () => {
    const t = new TieStore(6);
    for (let i = 1; i < 6; i++) t.add(t.ensure(0, i), 1);
    const b = betweenness(t, 6, THR, 6);
    expectClose(b.values[0], 1);
    expectClose(b.centralisation, 1);
  });
});

describe('tie store', () => {
  it('keeps strengths equal to the sum of weights through growth, rehash and decay', () => {
    const n = 300;
    const t = new TieStore(n, 4);
    let x = 12345;
    const rnd = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let k = 0; k < 5000; k++) {
      const i = Math.floor(rnd() * n);
      let j = Math.floor(rnd() * n);
      if (j === i) j = (j + 1) % n;
      t.add(t.ensure(i, j), rnd() * 0.1);
      if (k % 1000 === 0) t.decay(0.01);
    }
    const sum = new Float64Array(n);
    for (let e = 0; e < t.count; e++) {
      sum[t.a[e]] += t.w[e];
      sum[t.b[e]] += t.w[e];
      expect(t.find(t.a[e], t.b[e])).toBe(e);
      expect(t.find(t.b[e], t.a[e])).toBe(e);
    }
    for (let i = 0; i < n; i++) expectClose(t.strength[i], sum[i], 1e-9);
    expect(t.find(0, 0)).toBe(-1);
  });
});
