// The network view: a d3-force layout of the actors drawn on a canvas (SVG is too slow for 800
// actors), with meeting hulls, ties by strength and a tooltip; also renders the same marks as SVG.
import * as d3 from 'd3';
import type { RunData } from './engine-client.ts';
import {
  type ActorMark,
  COORDINATOR_RING,
  type MeetingMark,
  portrayActor,
  portrayMeeting,
  portrayTie,
  type SizeBy,
  type TieMark,
} from './marks.ts';
import type { Frame } from './protocol.ts';

interface Node extends d3.SimulationNodeDatum {
  id: number;
  consortium: number;
  cx: number;
  cy: number;
}
interface Link extends d3.SimulationLinkDatum<Node> {
  w: number;
}

/** Deterministic jitter from an integer (the layout starts the same for the same consortium). */
const hash01 = (i: number, salt: number) => {
  let h = Math.imul(i ^ (salt * 0x9e3779b9), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
};
const PILLAR_ANGLE: Record<string, number> = { catholic: 0, socialist: 1, liberal: 2, public: 3 };
const SPACING = 360;

export interface DrawStats {
  week: number;
  ties: number;
  actors: number;
  meetings: number;
}

export class NetworkView {
  readonly canvas: HTMLCanvasElement;
  private ctx: CanvasRenderingContext2D;
  private run: RunData | null = null;
  private nodes: Node[] = [];
  private sim: d3.Simulation<Node, Link>;
  private linkForce: d3.ForceLink<Node, Link>;
  private week = -1;
  private frame: Frame | null = null;
  /** Tie indices of the current frame batched by colour and strength, one stroke per batch. */
  private batches: { mark: TieMark; edges: number[] }[] = [];
  private view = { k: 1, x: 0, y: 0 };
  private hovered = -1;
  private _sizeBy: SizeBy = 'degree';
  private _labelScale = 1;
  private frames = 0;
  /** Something changed since the last drawing (the layout at rest is not redrawn every frame). */
  private dirty = true;
  stats: DrawStats = { week: 0, ties: 0, actors: 0, meetings: 0 };
  onHover: ((actor: number, x: number, y: number) => void) | null = null;

  constructor(readonly container: HTMLElement) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'network-canvas';
    container.appendChild(this.canvas);
    this.ctx = this.canvas.getContext('2d')!;
    this.linkForce = d3
      .forceLink<Node, Link>([])
      .id((d) => d.id)
      .distance((l) => 34 + 50 * (1 - l.w))
      .strength((l) => 0.05 + 0.5 * l.w);
    this.sim = d3
      .forceSimulation<Node, Link>([])
      .force('link', this.linkForce)
      .force('charge', d3.forceManyBody<Node>().strength(-38).distanceMax(220).theta(0.95))
      .force('x', d3.forceX<Node>((d) => d.cx).strength(0.045))
      .force('y', d3.forceY<Node>((d) => d.cy).strength(0.045))
      .force('collide', d3.forceCollide<Node>(7))
      .force('meetings', this.meetingForce())
      .alphaDecay(0.015)
      .velocityDecay(0.45)
      .stop();
    const pick = (e: PointerEvent) => {
      const rect = this.canvas.getBoundingClientRect();
      const i = this.pick(e.clientX - rect.left, e.clientY - rect.top);
      if (i !== this.hovered) this.dirty = true;
      this.hovered = i;
      this.onHover?.(i, e.clientX, e.clientY);
    };
    this.canvas.addEventListener('pointermove', pick);
    this.canvas.addEventListener('pointerdown', pick);
    // On a touch screen the tooltip stays after the finger lifts; a tap on empty space closes it.
    this.canvas.addEventListener('pointerleave', (e) => {
      if (e.pointerType === 'touch') return;
      this.dirty = true;
      this.hovered = -1;
      this.onHover?.(-1, 0, 0);
    });
  }

  /** Attendees of this week's smaller meetings drift together, so the room sees who met whom. */
  private meetingForce() {
    const force = (alpha: number) => {
      const f = this.frame;
      if (!f) return;
      for (const m of f.meetings) {
        if (m.attendees.length > 16 || m.attendees.length < 2) continue;
        let cx = 0;
        let cy = 0;
        for (const a of m.attendees) {
          cx += this.nodes[a].x!;
          cy += this.nodes[a].y!;
        }
        cx /= m.attendees.length;
        cy /= m.attendees.length;
        for (const a of m.attendees) {
          const n = this.nodes[a];
          n.vx! += (cx - n.x!) * 0.06 * alpha;
          n.vy! += (cy - n.y!) * 0.06 * alpha;
        }
      }
    };
    return force;
  }

  setRun(run: RunData | null): void {
    const prev = this.nodes;
    const same = run && this.run && run.actors.length === this.run.actors.length;
    this.run = run;
    this.week = -1;
    this.frame = null;
    this.dirty = true;
    if (!run) {
      this.nodes = [];
      this.sim.nodes([]);
      return;
    }
    const k = run.scenario.consortia;
    // Consortia on a grid shaped like the stage.
    const aspect = this.container.clientWidth / Math.max(1, this.container.clientHeight) || 1.6;
    const cols = Math.min(k, Math.ceil(Math.sqrt(k * aspect)));
    this.nodes = run.actors.map((a) => {
      const col = a.consortium % cols;
      const row = Math.floor(a.consortium / cols);
      const cx = (col - (cols - 1) / 2) * SPACING;
      const cy = (row - (Math.ceil(k / cols) - 1) / 2) * SPACING;
      const old = same ? prev[a.id] : undefined;
      // Start fragmented: each pillar in its own sector, each line at its own distance.
      const angle = ((PILLAR_ANGLE[a.pillar] ?? 0) + 0.15 + 0.7 * hash01(a.id, 1)) * (Math.PI / 2);
      const radius = (a.line === 'second' ? 60 : a.line === 'first' ? 100 : 140) + 30 * hash01(a.id, 2);
      return {
        id: a.id,
        consortium: a.consortium,
        cx,
        cy,
        x: old?.x ?? cx + radius * Math.cos(angle),
        y: old?.y ?? cy + radius * Math.sin(angle),
        vx: 0,
        vy: 0,
      };
    });
    this.sim.nodes(this.nodes);
    const big = run.actors.length > 200;
    (this.sim.force('charge') as d3.ForceManyBody<Node>).strength(big ? -26 : -38);
    this.sim.alpha(1);
    this.fitNow = true;
  }

  private fitNow = true;

  setWeek(week: number): void {
    if (!this.run || this.run.frames.length === 0) return;
    const f = this.run.frame(week);
    if (f === this.frame) return;
    this.frame = f;
    this.week = f.week;
    this.dirty = true;
    const threshold = this.run.scenario.observation.tieThreshold;
    const links: Link[] = [];
    for (let e = 0; e < f.weight.length; e++)
      if (f.weight[e] >= threshold && f.active[f.source[e]] && f.active[f.target[e]])
        links.push({ source: f.source[e], target: f.target[e], w: f.weight[e] });
    this.linkForce.links(links);
    this.sim.alpha(Math.max(this.sim.alpha(), 0.22));
    this.rebatch();
    this.stats = {
      week: f.week,
      ties: f.weight.length,
      actors: f.active.reduce((a, b) => a + b, 0),
      meetings: f.meetings.length,
    };
  }

  private rebatch(): void {
    const f = this.frame!;
    const actors = this.run!.actors;
    const map = new Map<string, { mark: TieMark; edges: number[] }>();
    for (let e = 0; e < f.weight.length; e++) {
      const s = f.source[e];
      const t = f.target[e];
      // Quantise strength so ties share a handful of strokes.
      const w = Math.round(f.weight[e] * 8) / 8;
      const both = f.active[s] === 1 && f.active[t] === 1;
      const mark = portrayTie(Math.max(w, 0.06), actors[s], actors[t], both, 1);
      const key = `${mark.colour}|${mark.width.toFixed(2)}|${mark.alpha.toFixed(3)}`;
      const b = map.get(key);
      if (b) b.edges.push(e);
      else map.set(key, { mark, edges: [e] });
    }
    this.batches = [...map.values()].sort((a, b) => a.mark.alpha - b.mark.alpha);
  }

  get sizeBy(): SizeBy {
    return this._sizeBy;
  }
  set sizeBy(v: SizeBy) {
    this._sizeBy = v;
    this.dirty = true;
  }
  get labelScale(): number {
    return this._labelScale;
  }
  set labelScale(v: number) {
    this._labelScale = v;
    this.dirty = true;
  }

  /** Advance the layout one step and draw; called once per animation frame. Idle when at rest. */
  tick(): void {
    if (!this.run || !this.frame) {
      this.clear();
      return;
    }
    const moving = this.sim.alpha() > this.sim.alphaMin();
    if (moving) this.sim.tick();
    this.resize();
    const easing = this.fit();
    if (!moving && !easing && !this.dirty) return;
    this.dirty = false;
    this.draw(this.ctx, this.canvas.width, this.canvas.height, window.devicePixelRatio || 1);
  }

  private resize(): void {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.container.clientWidth * dpr));
    const h = Math.max(1, Math.round(this.container.clientHeight * dpr));
    // Marks follow the page's type size (it grows on large screens and with the large-type option).
    if (this.frames++ % 30 === 0) {
      const type = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) / 15 || 1;
      if (Math.abs(type - this._labelScale) > 0.01) this.labelScale = type;
    }
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
      this.fitNow = true;
      this.dirty = true;
    }
  }

  /** Ease the view towards the nodes' bounding box so the network always fills the stage. */
  private fit(): boolean {
    const W = this.container.clientWidth;
    const H = this.container.clientHeight;
    if (!this.nodes.length || !W || !H) return false;
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = x0;
    let x1 = -x0;
    let y1 = -x0;
    for (const n of this.nodes) {
      if (n.x! < x0) x0 = n.x!;
      if (n.x! > x1) x1 = n.x!;
      if (n.y! < y0) y0 = n.y!;
      if (n.y! > y1) y1 = n.y!;
    }
    // Margins leave room for the title above, the outcome badge below and hull labels.
    const side = 40;
    const top = 72;
    const bottom = 40;
    const k = Math.min(
      2.2,
      (W - 2 * side) / Math.max(60, x1 - x0),
      (H - top - bottom) / Math.max(60, y1 - y0),
    );
    const x = W / 2 - (k * (x0 + x1)) / 2;
    const y = top + (H - top - bottom) / 2 - (k * (y0 + y1)) / 2;
    const ease = this.fitNow ? 1 : 0.06;
    this.fitNow = false;
    const dk = (k - this.view.k) * ease;
    const dx = (x - this.view.x) * ease;
    const dy = (y - this.view.y) * ease;
    this.view.k += dk;
    this.view.x += dx;
    this.view.y += dy;
    return Math.abs(dk) > 1e-4 || Math.abs(dx) > 0.05 || Math.abs(dy) > 0.05;
  }

  private clear(): void {
    this.resize();
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }

  /**
   * Screen pixels per mark unit: marks shrink a little when the layout is zoomed out (the national
   * view) and grow a little when zoomed in, so they stay readable without swamping the picture.
   */
  private markScale(): number {
    return Math.max(0.5, Math.min(1.15, Math.sqrt(this.view.k))) * this.labelScale;
  }

  private draw(ctx: CanvasRenderingContext2D, width: number, height: number, dpr: number): void {
    const f = this.frame!;
    const run = this.run!;
    const { k, x, y } = this.view;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * x, dpr * y);
    // World units per mark unit.
    const rs = this.markScale() / k;
    const nodes = this.nodes;

    // 1. Meeting hulls (under everything).
    const hulls = f.meetings.map((m) => ({ m, mark: portrayMeeting(m) }));
    for (const h of hulls) this.drawHull(ctx, h.m.attendees, h.mark, rs);

    // 2. Ties, one stroke per batch.
    ctx.lineCap = 'round';
    for (const { mark, edges } of this.batches) {
      ctx.strokeStyle = mark.colour;
      ctx.globalAlpha = mark.alpha;
      ctx.lineWidth = mark.width * rs;
      ctx.beginPath();
      for (const e of edges) {
        const a = nodes[f.source[e]];
        const b = nodes[f.target[e]];
        ctx.moveTo(a.x!, a.y!);
        ctx.lineTo(b.x!, b.y!);
      }
      ctx.stroke();
    }
    // The hovered actor's ties stand out.
    if (this.hovered >= 0) {
      ctx.strokeStyle = '#111827';
      ctx.globalAlpha = 0.85;
      ctx.lineWidth = 1.6 * rs;
      ctx.beginPath();
      for (let e = 0; e < f.weight.length; e++) {
        if (f.source[e] !== this.hovered && f.target[e] !== this.hovered) continue;
        if (f.weight[e] < run.scenario.observation.tieThreshold) continue;
        const a = nodes[f.source[e]];
        const b = nodes[f.target[e]];
        ctx.moveTo(a.x!, a.y!);
        ctx.lineTo(b.x!, b.y!);
      }
      ctx.stroke();
    }

    // 3. Actors, batched by colour, shape and (quantised) opacity: one fill and one stroke per batch.
    const batches = new Map<string, { mark: ActorMark; at: number[] }>();
    const special: { id: number; mark: ActorMark }[] = [];
    for (const a of run.actors) {
      const mark = portrayActor(a, f, this.sizeBy, rs);
      if (mark.ring || a.id === this.hovered) {
        special.push({ id: a.id, mark });
        continue;
      }
      mark.alpha = Math.round(mark.alpha * 10) / 10;
      const key = `${mark.fill}|${mark.shape}|${mark.alpha}`;
      const b = batches.get(key);
      if (b) b.at.push(a.id, mark.r);
      else batches.set(key, { mark, at: [a.id, mark.r] });
    }
    ctx.lineWidth = rs;
    ctx.strokeStyle = 'rgba(255,255,255,0.95)';
    for (const { mark, at } of batches.values()) {
      ctx.beginPath();
      for (let i = 0; i < at.length; i += 2) {
        const n = nodes[at[i]];
        ctx.moveTo(n.x! + (mark.shape === 'circle' ? at[i + 1] : 0), n.y!);
        shapePath(ctx, n.x!, n.y!, mark.shape, at[i + 1]);
      }
      ctx.globalAlpha = mark.alpha;
      ctx.fillStyle = mark.fill;
      ctx.fill();
      ctx.globalAlpha = Math.min(1, mark.alpha + 0.2);
      ctx.stroke();
    }
    const labels: { x: number; y: number; r: number }[] = [];
    for (const { id, mark } of special) {
      const n = nodes[id];
      drawActor(ctx, n.x!, n.y!, mark, rs, id === this.hovered);
      if (mark.ring === 'coordinator') labels.push({ x: n.x!, y: n.y!, r: mark.r });
    }

    // 4. Labels on top: meetings, then the coordinator (only in a single consortium, to stay legible).
    for (const h of hulls) this.drawHullLabel(ctx, h.m.attendees, h.mark, rs);
    if (labels.length <= 2) {
      const fs = Math.max(0.85, this.markScale()) / k;
      ctx.globalAlpha = 1;
      ctx.font = `700 ${13 * fs}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      for (const c of labels) {
        ctx.lineWidth = 3.5 * fs;
        ctx.strokeStyle = 'rgba(255,255,255,0.92)';
        ctx.strokeText('coordinator', c.x, c.y - c.r - 8 * rs);
        ctx.fillStyle = COORDINATOR_RING;
        ctx.fillText('coordinator', c.x, c.y - c.r - 8 * rs);
      }
    }
  }

  private hullOf(attendees: number[]): [number, number][] {
    const pts: [number, number][] = attendees.map((a) => [this.nodes[a].x!, this.nodes[a].y!]);
    return (pts.length >= 3 ? d3.polygonHull(pts) : null) ?? pts;
  }

  private drawHull(ctx: CanvasRenderingContext2D, attendees: number[], mark: MeetingMark, rs: number): void {
    if (!attendees.length) return;
    const poly = this.hullOf(attendees);
    const pad = mark.pad * rs;
    ctx.globalAlpha = 0.14;
    ctx.fillStyle = mark.fill;
    ctx.strokeStyle = mark.fill;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    ctx.lineWidth = pad * 2;
    ctx.beginPath();
    ctx.moveTo(poly[0][0], poly[0][1]);
    for (const p of poly.slice(1)) ctx.lineTo(p[0], p[1]);
    ctx.closePath();
    ctx.stroke();
    ctx.fill();
  }

  private drawHullLabel(
    ctx: CanvasRenderingContext2D,
    attendees: number[],
    mark: MeetingMark,
    rs: number,
  ): void {
    if (!attendees.length) return;
    const poly = this.hullOf(attendees);
    let top = poly[0];
    for (const p of poly) if (p[1] < top[1]) top = p;
    const fs = Math.max(0.85, this.markScale()) / this.view.k;
    ctx.font = `700 ${13 * fs}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.globalAlpha = 1;
    ctx.lineWidth = 4 * fs;
    ctx.lineJoin = 'round';
    ctx.strokeStyle = 'rgba(255,255,255,0.92)';
    const ly = top[1] - mark.pad * rs - 5 * fs;
    ctx.strokeText(mark.label, top[0], ly);
    ctx.fillStyle = shade(mark.fill);
    ctx.fillText(mark.label, top[0], ly);
  }

  /** Nearest actor under a point in CSS pixels, or -1. */
  pick(px: number, py: number): number {
    if (!this.run || !this.frame) return -1;
    const { k, x, y } = this.view;
    const wx = (px - x) / k;
    const wy = (py - y) / k;
    let best = -1;
    let bestD = (16 / k) ** 2;
    for (const n of this.nodes) {
      const d = (n.x! - wx) ** 2 + (n.y! - wy) ** 2;
      if (d < bestD) {
        bestD = d;
        best = n.id;
      }
    }
    return best;
  }

  /** Screen position (CSS pixels, relative to the canvas) of an actor. */
  screenOf(id: number): { x: number; y: number } | null {
    const n = this.nodes[id];
    if (!n) return null;
    return { x: n.x! * this.view.k + this.view.x, y: n.y! * this.view.k + this.view.y };
  }

  setHovered(id: number): void {
    this.hovered = id;
    this.dirty = true;
  }

  /** The current drawing as a standalone SVG document (same marks as the canvas). */
  toSVG(title: string): string {
    const f = this.frame;
    const run = this.run;
    const W = this.container.clientWidth || 800;
    const H = this.container.clientHeight || 600;
    const out: string[] = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif">`,
      `<title>${esc(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>`,
    ];
    if (f && run) {
      const { k, x, y } = this.view;
      const rs = this.markScale() / k;
      out.push(`<g transform="translate(${x.toFixed(2)},${y.toFixed(2)}) scale(${k.toFixed(4)})">`);
      for (const m of f.meetings) {
        const mark = portrayMeeting(m);
        const pts: [number, number][] = m.attendees.map((a) => [this.nodes[a].x!, this.nodes[a].y!]);
        const poly = (pts.length >= 3 ? d3.polygonHull(pts) : null) ?? pts;
        const d = `M${poly.map((p) => `${p[0].toFixed(1)},${p[1].toFixed(1)}`).join('L')}Z`;
        const pad = mark.pad * rs;
        out.push(
          `<path d="${d}" fill="${mark.fill}" stroke="${mark.fill}" stroke-width="${(2 * pad).toFixed(1)}" stroke-linejoin="round" opacity="0.16"/>`,
        );
      }
      for (const { mark, edges } of this.batches) {
        const d = edges
          .map((e) => {
            const a = this.nodes[f.source[e]];
            const b = this.nodes[f.target[e]];
            return `M${a.x!.toFixed(1)},${a.y!.toFixed(1)}L${b.x!.toFixed(1)},${b.y!.toFixed(1)}`;
          })
          .join('');
        out.push(
          `<path d="${d}" stroke="${mark.colour}" stroke-opacity="${mark.alpha.toFixed(3)}" stroke-width="${(mark.width * rs).toFixed(2)}" stroke-linecap="round" fill="none"/>`,
        );
      }
      for (const a of run.actors) {
        const n = this.nodes[a.id];
        const mark = portrayActor(a, f, this.sizeBy, rs);
        out.push(actorSVG(n.x!, n.y!, mark, rs, a.label));
        if (mark.ring !== 'coordinator') continue;
        out.push(
          `<circle cx="${n.x!.toFixed(1)}" cy="${n.y!.toFixed(1)}" r="${(mark.r + 4 * rs).toFixed(2)}" fill="none" stroke="${COORDINATOR_RING}" stroke-width="${(1.5 * rs).toFixed(2)}"/>`,
        );
        if (run.scenario.consortia === 1)
          out.push(
            `<text x="${n.x!.toFixed(1)}" y="${(n.y! - mark.r - 8 * rs).toFixed(1)}" text-anchor="middle" font-weight="700" font-size="${(13 * rs).toFixed(2)}" fill="${COORDINATOR_RING}" stroke="#fff" stroke-width="${(3.5 * rs).toFixed(2)}" paint-order="stroke">coordinator</text>`,
          );
      }
      out.push('</g>');
      for (const m of f.meetings) {
        const pts: [number, number][] = m.attendees.map((a) => [this.nodes[a].x!, this.nodes[a].y!]);
        let top = pts[0];
        for (const p of pts) if (p[1] < top[1]) top = p;
        if (!top) continue;
        const sx = top[0] * k + x;
        const sy = (top[1] - portrayMeeting(m).pad * rs) * k + y - 6;
        out.push(
          `<text x="${sx.toFixed(1)}" y="${sy.toFixed(1)}" text-anchor="middle" font-weight="700" font-size="13" fill="${shade(portrayMeeting(m).fill)}" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(portrayMeeting(m).label)}</text>`,
        );
      }
    }
    out.push(`<text x="12" y="22" font-size="15" font-weight="600" fill="#111827">${esc(title)}</text>`);
    out.push('</svg>');
    return out.join('\n');
  }
}

function drawActor(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  m: ActorMark,
  rs: number,
  hovered: boolean,
): void {
  ctx.globalAlpha = m.alpha;
  ctx.fillStyle = m.fill;
  ctx.beginPath();
  shapePath(ctx, x, y, m.shape, m.r);
  ctx.fill();
  ctx.lineWidth = (m.ring === 'coordinator' ? 3.2 : m.ring === 'chair' ? 2.2 : 1) * rs;
  ctx.strokeStyle = m.ring ? COORDINATOR_RING : 'rgba(255,255,255,0.95)';
  ctx.globalAlpha = Math.min(1, m.alpha + 0.2);
  ctx.stroke();
  if (m.ring === 'coordinator') {
    ctx.beginPath();
    ctx.arc(x, y, m.r + 4 * rs, 0, Math.PI * 2);
    ctx.lineWidth = 1.5 * rs;
    ctx.stroke();
  }
  if (hovered) {
    ctx.globalAlpha = 1;
    ctx.beginPath();
    ctx.arc(x, y, m.r + 6 * rs, 0, Math.PI * 2);
    ctx.lineWidth = 2.5 * rs;
    ctx.strokeStyle = '#111827';
    ctx.stroke();
  }
}

function shapePath(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  shape: ActorMark['shape'],
  r: number,
): void {
  if (shape === 'circle') ctx.arc(x, y, r, 0, Math.PI * 2);
  else if (shape === 'square') {
    const s = r * 0.9;
    ctx.rect(x - s, y - s, 2 * s, 2 * s);
  } else {
    const s = r * 1.25;
    ctx.moveTo(x, y - s);
    ctx.lineTo(x + s * 0.95, y + s * 0.65);
    ctx.lineTo(x - s * 0.95, y + s * 0.65);
    ctx.closePath();
  }
}

function actorSVG(x: number, y: number, m: ActorMark, rs: number, title: string): string {
  const r = m.r;
  const stroke = m.ring ? COORDINATOR_RING : '#ffffff';
  const sw = ((m.ring === 'coordinator' ? 3.2 : m.ring === 'chair' ? 2.2 : 1) * rs).toFixed(2);
  const common = `fill="${m.fill}" fill-opacity="${m.alpha.toFixed(2)}" stroke="${stroke}" stroke-width="${sw}"`;
  let shape: string;
  if (m.shape === 'circle')
    shape = `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(2)}" ${common}>`;
  else if (m.shape === 'square') {
    const s = r * 0.9;
    shape = `<rect x="${(x - s).toFixed(1)}" y="${(y - s).toFixed(1)}" width="${(2 * s).toFixed(2)}" height="${(2 * s).toFixed(2)}" ${common}>`;
  } else {
    const s = r * 1.25;
    shape = `<polygon points="${x.toFixed(1)},${(y - s).toFixed(1)} ${(x + s * 0.95).toFixed(1)},${(y + s * 0.65).toFixed(1)} ${(x - s * 0.95).toFixed(1)},${(y + s * 0.65).toFixed(1)}" ${common}>`;
  }
  const tag = shape.slice(1, shape.indexOf(' '));
  return `${shape}<title>${esc(title)}</title></${tag}>`;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A darker shade of a colour, for labels that must read on white. */
function shade(c: string): string {
  const col = d3.color(c);
  return col ? col.darker(1.2).formatHex() : c;
}
