// GEXF of the network at one week, built in the worker through the engine's own toGraph, so the page
// never bundles the engine. Ties below the observation threshold (the one the charts count) are left
// out, the threshold and the scenarios are written in the file's meta description; in compare mode A
// and B are two labelled components of one graph (node ids "A:12", "B:12", attribute `scenario`).
import Graph from 'graphology';
import write from 'graphology-gexf/browser/writer.js';
import { xmlSafe } from '../report/xml.ts';
import { withVizNamespace } from '../sim/graph.ts';
import { type Snapshot, toGraph } from '../sim/index.ts';
import type { GexfPart } from './protocol.ts';

function snapshotOf(p: GexfPart): Snapshot {
  const C = p.controversies.length;
  return {
    week: p.week,
    controversies: p.controversies,
    actors: p.actors.map((a) => ({
      ...a,
      engagement: p.engagement[a.id],
      active: p.active[a.id] === 1,
      positions: Array.from(p.positions.subarray(a.id * C, (a.id + 1) * C)),
    })),
    ties: { source: p.source, target: p.target, weight: Float64Array.from(p.weight) },
    meetings: [],
    consortia: [],
  } as unknown as Snapshot;
}

export function gexfOf(parts: GexfPart[]): string {
  const out = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  const many = parts.length > 1;
  const key = (p: GexfPart, id: string) => (many ? `${p.slot}:${id}` : id);
  for (const p of parts) {
    const g = toGraph(snapshotOf(p), { minWeight: p.threshold });
    g.forEachNode((id, attrs) => {
      out.addNode(key(p, id), { ...attrs, ...(many ? { scenario: p.slot } : {}) });
    });
    // Edge ids from the endpoints, not from a counter: the same week gives the same file.
    g.forEachEdge((_e, attrs, s, t) => {
      out.addUndirectedEdgeWithKey(`${key(p, s)}-${key(p, t)}`, key(p, s), key(p, t), attrs);
    });
  }
  const names = parts.map((p) => `${many ? `${p.slot}: ` : ''}${p.name} (seed ${p.seed})`).join('; ');
  const t = parts[0]?.threshold ?? 0;
  out.setAttribute('creator', 'pilotnet');
  out.setAttribute(
    'description',
    `${names}; week ${parts[0]?.week ?? 0}; ties of strength at least ${t} (the threshold the view's charts count); edge weight = tie strength`,
  );
  return xmlSafe(withVizNamespace(write(out)));
}
