// The network's layout as a function of the run alone: each consortium has its own d3-force
// simulation, started from positions derived from the actors' ids and stepped a fixed number of
// ticks per week with that week's ties and meetings. Runs in the engine worker, so the same scenario
// and seed give the same picture at every week however the week was reached (played, scrubbed,
// restored from a link), and the page's main thread never integrates forces.
import {
  type Force,
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type Simulation,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3';
import type { ActorInfo, Frame } from './protocol.ts';

interface Node extends SimulationNodeDatum {
  id: number;
}
interface Link extends SimulationLinkDatum<Node> {
  w: number;
}

/** Ticks at week 0 (from the fragmented start) and for every week after it. */
export const FIRST_TICKS = 60;
export const WEEK_TICKS = 16;

/** Deterministic jitter in [0, 1) from an integer (no random source: the layout is the run's). */
export const hash01 = (i: number, salt: number) => {
  let h = Math.imul(i ^ (salt * 0x9e3779b9), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
};
const PILLAR_ANGLE: Record<string, number> = { catholic: 0, socialist: 1, liberal: 2, public: 3 };

/** Where an actor starts: its pillar in its own sector, its care line at its own distance. */
function start(a: ActorInfo): [number, number] {
  const angle = ((PILLAR_ANGLE[a.pillar] ?? 0) + 0.15 + 0.7 * hash01(a.id, 1)) * (Math.PI / 2);
  const radius = (a.line === 'second' ? 60 : a.line === 'first' ? 100 : 140) + 30 * hash01(a.id, 2);
  return [radius * Math.cos(angle), radius * Math.sin(angle)];
}

/** Attendees of a week's smaller meetings drift together, so the room sees who met whom. */
function meetingForce(groups: () => Node[][]): Force<Node, Link> {
  return (alpha: number) => {
    for (const g of groups()) {
      let cx = 0;
      let cy = 0;
      for (const n of g) {
        cx += n.x!;
        cy += n.y!;
      }
      cx /= g.length;
      cy /= g.length;
      for (const n of g) {
        n.vx! += (cx - n.x!) * 0.06 * alpha;
        n.vy! += (cy - n.y!) * 0.06 * alpha;
      }
    }
  };
}

/**
 * Steps the layout week by week. `next(frame)` returns the positions after that frame's week as
 * x, y pairs per actor, relative to the actor's consortium centre (the view places the consortia).
 */
export class Layout {
  private sims: Simulation<Node, Link>[] = [];
  private links: ((l: Link[]) => void)[] = [];
  private nodes: Node[];
  private meetings: Node[][][] = [];
  private weeks = 0;
  private consortium: Int32Array;

  constructor(
    actors: ActorInfo[],
    private threshold: number,
  ) {
    this.nodes = actors.map((a) => {
      const [x, y] = start(a);
      return { id: a.id, x, y, vx: 0, vy: 0 };
    });
    this.consortium = Int32Array.from(actors, (a) => a.consortium);
    const byConsortium = new Map<number, Node[]>();
    for (const a of actors) {
      const list = byConsortium.get(a.consortium) ?? [];
      list.push(this.nodes[a.id]);
      byConsortium.set(a.consortium, list);
    }
    const big = actors.length > 200;
    for (const [c, nodes] of [...byConsortium].sort((p, q) => p[0] - q[0])) {
      const link = forceLink<Node, Link>([])
        .id((d) => d.id)
        .distance((l) => 34 + 50 * (1 - l.w))
        .strength((l) => 0.05 + 0.5 * l.w);
      this.meetings[c] = [];
      const sim = forceSimulation<Node, Link>(nodes)
        .force('link', link)
        .force(
          'charge',
          forceManyBody<Node>()
            .strength(big ? -26 : -38)
            .distanceMax(220)
            .theta(0.95),
        )
        .force('x', forceX<Node>(0).strength(0.045))
        .force('y', forceY<Node>(0).strength(0.045))
        .force('collide', forceCollide<Node>(7))
        .force(
          'meetings',
          meetingForce(() => this.meetings[c]),
        )
        .alphaDecay(0.015)
        .velocityDecay(0.45)
        .stop();
      this.sims[c] = sim;
      this.links[c] = (l) => link.links(l);
    }
  }

  next(f: Frame): Float32Array {
    const perConsortium: Link[][] = this.sims.map(() => []);
    for (let e = 0; e < f.weight.length; e++) {
      const s = f.source[e];
      const t = f.target[e];
      if (f.weight[e] < this.threshold || !f.active[s] || !f.active[t]) continue;
      const c = this.consortium[s];
      if (c === this.consortium[t]) perConsortium[c].push({ source: s, target: t, w: f.weight[e] });
    }
    this.meetings = this.sims.map(() => []);
    for (const m of f.meetings)
      if (m.attendees.length >= 2 && m.attendees.length <= 16)
        this.meetings[m.consortium]?.push(m.attendees.map((a) => this.nodes[a]));
    const ticks = this.weeks++ === 0 ? FIRST_TICKS : WEEK_TICKS;
    this.sims.forEach((sim, c) => {
      if (!sim) return;
      this.links[c](perConsortium[c]);
      if (this.weeks > 1) sim.alpha(Math.max(sim.alpha(), 0.22));
      sim.tick(ticks);
    });
    const xy = new Float32Array(this.nodes.length * 2);
    for (const n of this.nodes) {
      xy[2 * n.id] = n.x!;
      xy[2 * n.id + 1] = n.y!;
    }
    return xy;
  }
}
