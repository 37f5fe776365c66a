// A graphology graph from a snapshot, for analysis and export (GEXF for Gephi). Built on demand,
// never used as the engine's tie store (STYLE §3).
import Graph from 'graphology';
import type { AbstractGraph } from 'graphology-types';
import type { Snapshot } from './types.ts';

export interface GraphOptions {
  /** Keep only ties at least this strong (default 0: every tie with weight > 0). */
  minWeight?: number;
}

/** Typed as graphology's AbstractGraph, which a package user's TypeScript resolves in any module mode. */
export function toGraph(snapshot: Snapshot, options: GraphOptions = {}): AbstractGraph {
  const min = options.minWeight ?? 0;
  const g = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (const a of snapshot.actors) {
    g.addNode(String(a.id), {
      label: a.isCoordinator ? `coordinator ${a.consortium + 1}` : `${a.label} #${a.id}`,
      role: a.role,
      pillar: a.pillar,
      line: a.line,
      consortium: a.consortium,
      organisation: a.organisation,
      coordinator: a.isCoordinator,
      engagement: a.engagement,
      active: a.active,
    });
  }
  const { source, target, weight } = snapshot.ties;
  for (let e = 0; e < weight.length; e++) {
    const w = weight[e];
    if (w <= 0 || w < min) continue;
    // The key comes from the data (the pair), not from graphology's per-process counter, so the
    // GEXF of a scenario and seed is the same bytes in every process.
    g.addUndirectedEdgeWithKey(`${source[e]}-${target[e]}`, String(source[e]), String(target[e]), {
      weight: w,
    });
  }
  return g;
}

/** The viz namespace of GEXF 1.2 (gexf.net's 1.2draft/viz schema). */
export const GEXF_VIZ_NAMESPACE = 'http://www.gexf.net/1.2draft/viz';

/**
 * GEXF text with a well-formed viz namespace: graphology-gexf writes GEXF 1.2's as
 * "http:///www.gexf.net/1.1draft/viz" (three slashes, the 1.1 draft), which strict readers refuse.
 */
export function withVizNamespace(gexf: string): string {
  return gexf.replace(/xmlns:viz="[^"]*"/, `xmlns:viz="${GEXF_VIZ_NAMESPACE}"`);
}
