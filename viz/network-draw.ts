// Drawing one picture of the network on a 2D context: meeting hulls, ties batched by colour and
// strength, actors batched by colour and shape, then labels. No DOM: it runs in the render worker
// (render-worker.ts, on an OffscreenCanvas) and, where that is missing, on the page's canvas.
import { color, polygonHull } from 'd3';
import { ROLES } from '../sim/roles.ts';
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
import type { ActorInfo, Frame } from './protocol.ts';

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** The week's data the picture needs (a Frame without what only the panels read). */
export type DrawFrame = Pick<
  Frame,
  'week' | 'source' | 'target' | 'weight' | 'active' | 'engagement' | 'degree' | 'betweenness' | 'meetings'
>;

/** A consortium's name over it in the national view; the followed one is framed (box in world units). */
export interface ConsortiumLabel {
  x: number;
  y: number;
  text: string;
  followed: boolean;
  box?: [number, number, number, number];
  /** Type size in label units (the followed one's and the others' defaults: 22 and 17). */
  size?: number;
}

/** Everything that changes from one picture to the next. */
export interface Scene {
  /** World positions, x, y per actor. */
  xy: Float32Array;
  view: { k: number; x: number; y: number };
  /** Screen pixels per mark unit. */
  markScale: number;
  sizeBy: SizeBy;
  hovered: number;
  /** Consortium labels in the national view: world position of each label, the followed one bold. */
  consortia: ConsortiumLabel[];
  width: number;
  height: number;
  dpr: number;
  /**
   * CSS pixels at the top (the caption), right (the zoom buttons) and bottom (the news line and the
   * status under the network) that labels keep clear of; and boxes inside the pane they keep clear
   * of too (`boxes`, canvas CSS px: the consortium index, open at the pane's foot on the left).
   */
  clear: { top: number; right: number; bottom: number; boxes?: Box[] };
  /** The smallest a meeting's label is set, CSS px (presenting: the page's type size), or 0. */
  minType: number;
  /**
   * The consortium of a national run shown large, or -1: shown large, its own meetings alone have
   * halos and labels (the twenty consortia's were all labelled, down the pane's left edge).
   */
  only: number;
}

/** The meetings a picture shows: those of the consortium shown large (`only`), or all. */
export const meetingsOf = (f: Pick<DrawFrame, 'meetings'>, only: number): DrawFrame['meetings'] =>
  only >= 0 ? f.meetings.filter((m) => m.consortium === only) : f.meetings;

/** A box on the canvas, CSS px (or world units, once placed under the view). */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Boxes in canvas CSS px under the view `{k, x, y}`, in world units (what the labels are placed in). */
export const worldBoxes = (boxes: Box[] | undefined, k: number, x: number, y: number): Box[] =>
  (boxes ?? []).map((b) => ({
    x0: (b.x0 - x) / k,
    y0: (b.y0 - y) / k,
    x1: (b.x1 - x) / k,
    y1: (b.y1 - y) / k,
  }));

/** CSS px a label keeps from the pane's left edge and from the zoom buttons' column on the right. */
export const LABEL_MARGIN = 12;

/** World units per label type unit: meeting labels (13 units) at least `minType` CSS px. */
export const labelUnit = (markScale: number, k: number, minType = 0): number =>
  Math.max(0.85, markScale, minType / 13) / k;

/** Tie indices of a frame batched by colour and strength, one stroke per batch. */
export type TieBatch = { mark: TieMark; edges: number[] };

export function batchTies(f: DrawFrame, actors: ActorInfo[]): TieBatch[] {
  const map = new Map<string, TieBatch>();
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
  return [...map.values()].sort((a, b) => a.mark.alpha - b.mark.alpha);
}

export function hullOf(xy: Float32Array, attendees: number[]): [number, number][] {
  const pts: [number, number][] = attendees.map((a) => [xy[2 * a], xy[2 * a + 1]]);
  return (pts.length >= 3 ? polygonHull(pts) : null) ?? pts;
}

export function drawNetwork(
  ctx: Ctx,
  actors: ActorInfo[],
  f: DrawFrame,
  batches: TieBatch[],
  threshold: number,
  s: Scene,
): void {
  const { k, x, y } = s.view;
  const { xy, dpr } = s;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, s.width, s.height);
  ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * x, dpr * y);
  // World units per mark unit.
  const rs = s.markScale / k;
  const fs = labelUnit(s.markScale, k, s.minType);
  const ts = textScale(k);

  // 1. Meeting hulls (under everything).
  const hulls = meetingsOf(f, s.only).map((m) => ({
    poly: hullOf(xy, m.attendees),
    mark: portrayMeeting(m),
  }));
  for (const h of hulls) drawHull(ctx, h.poly, h.mark, rs);

  // The consortium the panels follow, framed.
  for (const c of s.consortia)
    if (c.box) {
      const [x0, y0, x1, y1] = c.box;
      const pad = 10 * rs;
      ctx.globalAlpha = 0.55;
      ctx.strokeStyle = '#111827';
      ctx.lineWidth = 2 * rs;
      ctx.setLineDash([6 * rs, 5 * rs]);
      ctx.beginPath();
      ctx.roundRect(x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad, 16 * rs);
      ctx.stroke();
      ctx.setLineDash([]);
    }

  // 2. Ties, one stroke per batch; the hovered actor's ties stand out.
  ctx.lineCap = 'round';
  const line = (e: number) => {
    const a = f.source[e];
    const b = f.target[e];
    ctx.moveTo(xy[2 * a], xy[2 * a + 1]);
    ctx.lineTo(xy[2 * b], xy[2 * b + 1]);
  };
  for (const { mark, edges } of batches) {
    ctx.strokeStyle = mark.colour;
    ctx.globalAlpha = mark.alpha;
    ctx.lineWidth = mark.width * rs;
    ctx.beginPath();
    for (const e of edges) line(e);
    ctx.stroke();
  }
  if (s.hovered >= 0) {
    ctx.strokeStyle = '#111827';
    ctx.globalAlpha = 0.85;
    ctx.lineWidth = 1.6 * rs;
    ctx.beginPath();
    for (let e = 0; e < f.weight.length; e++)
      if ((f.source[e] === s.hovered || f.target[e] === s.hovered) && f.weight[e] >= threshold) line(e);
    ctx.stroke();
  }

  // 3. Actors, batched by colour, shape and (quantised) opacity: one fill and one stroke per batch.
  const frame = f as Frame;
  const batchesA = new Map<string, { mark: ActorMark; at: number[] }>();
  const special: { id: number; mark: ActorMark }[] = [];
  for (const a of actors) {
    const mark = portrayActor(a, frame, s.sizeBy, rs);
    if (mark.ring || a.id === s.hovered) {
      special.push({ id: a.id, mark });
      continue;
    }
    mark.alpha = Math.round(mark.alpha * 10) / 10;
    const key = `${mark.fill}|${mark.shape}|${mark.alpha}`;
    const b = batchesA.get(key);
    if (b) b.at.push(a.id, mark.r);
    else batchesA.set(key, { mark, at: [a.id, mark.r] });
  }
  ctx.lineWidth = rs;
  ctx.strokeStyle = 'rgba(255,255,255,0.95)';
  for (const { mark, at } of batchesA.values()) {
    ctx.beginPath();
    for (let i = 0; i < at.length; i += 2) {
      const px = xy[2 * at[i]];
      const py = xy[2 * at[i] + 1];
      ctx.moveTo(px + (mark.shape === 'circle' ? at[i + 1] : 0), py);
      shapePath(ctx, px, py, mark.shape, at[i + 1]);
    }
    ctx.globalAlpha = mark.alpha;
    ctx.fillStyle = mark.fill;
    ctx.fill();
    ctx.globalAlpha = Math.min(1, mark.alpha + 0.2);
    ctx.stroke();
  }
  for (const { id, mark } of special) drawActor(ctx, xy[2 * id], xy[2 * id + 1], mark, rs, id === s.hovered);

  // 4. Labels on top, placed so none overlaps: the consortia of the national view and the coordinator
  // (only in a single consortium, to stay legible) stay put, then the meetings (not in the national
  // view) and the partners' names move clear of them.
  ctx.globalAlpha = 1;
  ctx.textAlign = 'center';
  ctx.lineJoin = 'round';
  const placed = placeLabels(
    (l, text) => {
      ctx.font = labelFont(l, (fs * k) / ts);
      return (ctx.measureText(text ?? l.text).width * ts) / k;
    },
    ...labelsOf(
      hulls,
      s.consortia,
      rs,
      fs,
      nameLabels(actors, frame, xy, s.sizeBy, rs, fs),
      coordinatorLabels(actors, frame, xy, s.sizeBy, rs, fs, s.consortia),
    ),
    {
      x0: (LABEL_MARGIN - x) / k,
      x1: (s.width / dpr - s.clear.right - x) / k,
      y0: (s.clear.top - y) / k,
      y1: (s.height / dpr - s.clear.bottom - y) / k,
    },
    markDiscs(actors, frame, xy, s.sizeBy, rs),
    worldBoxes(s.clear.boxes, k, x, y),
  );
  // Never scaled up more than twice: zoomed in further, set larger (a small consortium zoomed in
  // fourfold had its labels set at about 4 px and scaled up, each glyph's advance rounded at that
  // size, and "coordinator" read "coord in ator" at a device pixel ratio of 1); up to twice, set in
  // world units under the zoom as before (the labels' room was measured so).
  ctx.setTransform(dpr * ts, 0, 0, dpr * ts, 0, 0);
  for (const l of placed) {
    ctx.font = labelFont(l, (fs * k) / ts);
    const lines = l.lines ?? [l.text];
    for (const [i, t] of lines.entries())
      halo(
        ctx,
        t,
        (l.x * k + x) / ts,
        ((l.y - (lines.length - 1 - i) * l.lh) * k + y) / ts,
        l.fill,
        (4 * fs * k) / ts,
      );
  }
}

/**
 * The scale labels are drawn under, device pixels apart: the zoom, but never above 2 (the font set
 * larger instead, so that it is never a few pixels scaled up).
 */
export const textScale = (k: number): number => Math.min(k, 2);

/** The font a label is set in, `unit` CSS px per label type unit (its size on screen, never scaled). */
export const labelFont = (l: { weight: number; size: number }, unit: number): string =>
  `${l.weight} ${l.size * unit}px system-ui, sans-serif`;

export interface Label {
  x: number;
  y: number;
  /** Height in world units (the font size). */
  h: number;
  /** A partner's name: left out where it would cover a mark or a label (the tooltip names it). */
  optional?: boolean;
  /**
   * The mark a partner's name (or the coordinator's label) belongs to, world units: where the name
   * under it would cover a mark or a label, it may stand above the mark, beside it, on two lines, or
   * shortened (the tooltip and the SVG's title give it whole) before it is left out.
   */
  around?: { x: number; y: number; r: number };
  /** The actor a partner's name belongs to (the view shows its tooltip over the name too). */
  actor?: number;
  /**
   * Shorter forms of the text, longest first: a partner's name's that no other partner's name reads
   * as; a meeting's label's, for a pane too narrow for it.
   */
  shorts?: string[];
  /** A meeting's label: kept on one line (shortened, or set smaller, where it is too wide). */
  oneLine?: boolean;
  /**
   * A meeting's label: the other places by its halo it may stand (baseline; x is the label's centre,
   * or, with side -1 or 1, its right or left edge), tried where over the halo it finds no clear
   * place, or only one far from the halo.
   */
  beside?: { x: number; y: number; side: -1 | 0 | 1 }[];
  /** A meeting's halo, its box in world units: its label stays by it. */
  halo?: { x0: number; y0: number; x1: number; y1: number };
  text: string;
  fill: string;
  size: number;
  weight: number;
}

/**
 * The labels of a picture, before placement: the consortia of the national view (they stay put),
 * or the meetings of a single consortium (twenty consortia's meeting labels would bury the picture;
 * the news line and the panels say what the followed one does).
 */
/**
 * The names of a consortium's own partners (a partner list), under each actor: an actor whose label
 * is its role's words was drawn from the mixes and has no name to show.
 */
/** Whether an actor has a name of its own to show (a listed partner), not its role's words. */
export const isNamed = (a: ActorInfo): boolean =>
  !a.isCoordinator && a.label !== (ROLES as Record<string, { label: string }>)[a.role]?.label;

/**
 * The shortened forms of a partner's name, longest first, that none of the `others` reads as: its
 * first words and '…' ("Home nursing…"), two words at least, where no other name starts with those
 * words; and its first words, '…' and its last word ("Saint Anne… director", "Liberal… mutual"),
 * where no other name both starts with those words and ends with that word. So two partners never
 * show the same short form, and one word alone ("Saint…", "Liberal…") is never all that is left.
 */
export function shortForms(name: string, others: string[]): string[] {
  const words = name.split(' ');
  const bare = (w: string) => w.replace(/^[("“']+|[)"”',;:.]+$/g, '');
  const head = (n: number) =>
    words
      .slice(0, n)
      .join(' ')
      .replace(/[\s,;:(·-]+$/, '');
  const startsWith = (o: string, n: number) => {
    const ow = o.split(' ');
    return ow.length >= n && words.slice(0, n).every((w, i) => bare(ow[i]) === bare(w));
  };
  const last = bare(words.at(-1) ?? '');
  const out: string[] = [];
  for (let n = words.length - 1; n >= 1; n--) {
    const rivals = others.filter((o) => o !== name && startsWith(o, n));
    if (n >= 2 && rivals.length === 0) out.push(`${head(n)}…`);
    if (n + 1 < words.length && last && !rivals.some((o) => bare(o.split(' ').at(-1) ?? '') === last))
      out.push(`${head(n)}… ${last}`);
  }
  return [...new Set(out)]
    .filter((s) => s.length >= 4 && s.length < name.length)
    .sort((a, b) => b.length - a.length);
}

export function nameLabels(
  actors: ActorInfo[],
  f: DrawFrame,
  xy: Float32Array,
  sizeBy: SizeBy,
  rs: number,
  fs: number,
): Label[] {
  const out: Label[] = [];
  const all = actors.filter(isNamed).map((a) => a.label);
  for (const a of actors) {
    if (!isNamed(a)) continue;
    // Just below its own mark, however large the mark is drawn.
    out.push({
      x: xy[2 * a.id],
      y: xy[2 * a.id + 1] + discOf(portrayActor(a, f as Frame, sizeBy, rs), rs) + 3 * rs + 11 * fs,
      h: 11 * fs,
      optional: true,
      around: {
        x: xy[2 * a.id],
        y: xy[2 * a.id + 1],
        r: discOf(portrayActor(a, f as Frame, sizeBy, rs), rs) + 3 * rs,
      },
      actor: a.id,
      text: a.label,
      shorts: shortForms(a.label, all),
      fill: '#1f2937',
      size: 11,
      weight: 600,
    });
  }
  return out;
}

/** The radius of the disc a mark covers (the coordinator's outer ring, a triangle's corners). */
export const discOf = (m: ActorMark, rs: number): number =>
  m.ring === 'coordinator' ? m.r + 4 * rs : m.shape === 'triangle' ? m.r * 1.25 : m.r;

/** The discs the actors' marks cover, world units: labels of partners' names keep off them. */
export function markDiscs(
  actors: ActorInfo[],
  f: DrawFrame,
  xy: Float32Array,
  sizeBy: SizeBy,
  rs: number,
): { x: number; y: number; r: number }[] {
  return actors.map((a) => ({
    x: xy[2 * a.id],
    y: xy[2 * a.id + 1],
    r: discOf(portrayActor(a, f as Frame, sizeBy, rs), rs),
  }));
}

/**
 * "coordinator" over the coordinator of a single consortium (one or two of them, as in a comparison
 * drawn on one canvas), just above its ring: the names and the meetings' labels are placed clear of it.
 */
export function coordinatorLabels(
  actors: ActorInfo[],
  f: DrawFrame,
  xy: Float32Array,
  sizeBy: SizeBy,
  rs: number,
  fs: number,
  consortia: Scene['consortia'],
): Label[] {
  const coordinators = actors.filter((a) => a.isCoordinator);
  if (consortia.length || coordinators.length > 2) return [];
  return coordinators.map((a) => ({
    x: xy[2 * a.id],
    y: xy[2 * a.id + 1] - portrayActor(a, f as Frame, sizeBy, rs).r - 8 * rs,
    around: { x: xy[2 * a.id], y: xy[2 * a.id + 1], r: portrayActor(a, f as Frame, sizeBy, rs).r + 8 * rs },
    h: 13 * fs,
    text: 'coordinator',
    fill: COORDINATOR_RING,
    size: 13,
    weight: 700,
  }));
}

export function labelsOf(
  hulls: { poly: [number, number][]; mark: MeetingMark }[],
  consortia: Scene['consortia'],
  rs: number,
  fs: number,
  names: Label[] = [],
  coordinators: Label[] = [],
): [Label[], number] {
  const meetingLabels: Label[] = [];
  hulls.forEach((h) => {
    if (consortia.length) return;
    let top = h.poly[0];
    let bottom = top;
    let left = top;
    let right = top;
    for (const p of h.poly) {
      if (p[1] < top[1]) top = p;
      if (p[1] > bottom[1]) bottom = p;
      if (p[0] < left[0]) left = p;
      if (p[0] > right[0]) right = p;
    }
    const pad = h.mark.pad * rs + 5 * fs;
    const y = top[1] - pad;
    meetingLabels.push({
      x: top[0],
      y,
      halo: { x0: left[0] - pad, y0: top[1] - pad, x1: right[0] + pad, y1: bottom[1] + pad },
      beside: [
        { x: bottom[0], y: bottom[1] + pad + 13 * fs, side: 0 },
        { x: left[0] - pad, y: left[1] + 6.5 * fs, side: -1 },
        { x: right[0] + pad, y: right[1] + 6.5 * fs, side: 1 },
      ],
      h: 13 * fs,
      text: h.mark.label,
      shorts: h.mark.shorts,
      oneLine: true,
      fill: shade(h.mark.fill),
      size: 13,
      weight: 700,
    });
  });
  // The followed consortium's name stays put; another's number is left out where it would cover a
  // mark (of the row above, on a narrow screen) or a neighbour's name.
  const consortiumLabels: Label[] = consortia.map((c) => ({
    x: c.x,
    y: c.y,
    h: (c.size ?? (c.followed ? 22 : 17)) * fs,
    optional: !c.followed,
    text: c.text,
    fill: c.followed ? '#111827' : '#4b5563',
    size: c.size ?? (c.followed ? 22 : 17),
    weight: c.followed ? 800 : 600,
  }));
  const followed = consortiumLabels.filter((l) => !l.optional);
  const others = consortiumLabels.filter((l) => l.optional);
  return [
    [...followed, ...coordinators, ...others, ...meetingLabels, ...names],
    followed.length + coordinators.length,
  ];
}

/**
 * Label positions that do not overlap (text baseline at y, centred on x, h tall): the first `fixed`
 * labels stay where they are; each other label keeps its x and moves up, lowest first, until its box
 * clears every label placed before it (or down, when up would leave `within`, the part of the world
 * on screen and clear of the caption); `within` also keeps them inside its left and right edges,
 * breaking a label too wide for it into lines (three at most), then setting it in smaller type. The
 * SVG export places its labels the same way. `width` measures a label's text, or a line of it.
 */
export function placeLabels<L extends { x: number; y: number; h: number; size: number; text: string }>(
  width: (l: L, text?: string) => number,
  labels: L[],
  fixed = 0,
  within?: { x0: number; x1: number; y0: number; y1?: number },
  marks: { x: number; y: number; r: number }[] = [],
  avoid: Box[] = [],
): (L & { w: number; lh: number; lines?: string[]; full?: string })[] {
  const out = labels.map((l) => ({
    ...l,
    w: width(l),
    lh: l.h * 1.2,
    lines: undefined as string[] | undefined,
    full: undefined as string | undefined,
  }));
  if (within) {
    // A label wider than the space on screen breaks into lines (a meeting's label, in presentation
    // type, over half a projected stage), and one still too wide is set smaller until it fits (a
    // working group named by its debate runs long on a narrow panel); then one that would run off
    // the left or right edge slides inside it.
    const room = within.x1 - within.x0;
    for (const l of out.slice(fixed)) {
      if (l.w > room && room > 0 && (l as { oneLine?: boolean }).oneLine) {
        // A meeting's label stays on one line: its longest shorter form that fits, else its shortest
        // (in lines below only where even that is too wide: half a tablet's stage, presenting).
        const shorts = (l as { shorts?: string[] }).shorts ?? [];
        const short = shorts.find((t) => width(l, t) <= room) ?? shorts.at(-1);
        if (short) {
          l.full = l.text;
          l.text = short;
          l.w = width(l, short);
        }
      }
      if (l.w > room && room > 0) {
        const lines = breakLines(l.text, (t) => width(l, t), room);
        if (lines.length > 1 && lines.length <= 3) {
          l.lines = lines;
          l.w = Math.max(...lines.map((t) => width(l, t)));
          l.h += (lines.length - 1) * l.lh;
        }
      }
    }
    for (const l of out)
      if (l.w > room && room > 0) {
        const f = room / l.w;
        l.size *= f;
        l.h *= f;
        l.lh *= f;
        l.w = room;
      }
    // (The fixed ones too: the followed consortium's name over the grid's first column ran off the
    // pane's left edge.)
    for (const l of out) l.x = Math.max(within.x0 + l.w / 2, Math.min(within.x1 - l.w / 2, l.x));
  }
  const free = out.slice(fixed).sort((a, b) => b.y - a.y);
  // Boxes the labels keep clear of (the consortium index over the pane's lower left) stand among
  // the labels placed, as labels with no text that are never drawn: a label moves past them as past
  // another, or is left out (counted in the summary).
  const done = [
    ...out.slice(0, fixed),
    ...avoid.map(
      (b) =>
        ({
          x: (b.x0 + b.x1) / 2,
          y: b.y1,
          h: b.y1 - b.y0,
          w: b.x1 - b.x0,
          text: '',
          size: 0,
        }) as unknown as L & {
          w: number;
        },
    ),
  ];
  // Each bound is written exactly as the move below computes it: `l.y - l.h - gap < o.y` (the same
  // in real numbers) can stay true by a rounding error after `l.y = o.y + l.h + gap`, and the loop
  // then never ends (it froze the render worker, and the page, on a phone in presentation mode).
  const clash = (l: L & { w: number }, o: L & { w: number }, gap: number) =>
    Math.abs(o.x - l.x) * 2 < o.w + l.w + gap && l.y > o.y - o.h - gap && l.y < o.y + l.h + gap;
  // A label (optional: a partner's name) that would cover a mark, another label, or leave the
  // screen stays where it belongs or is left out: a name moved away from its partner names no one.
  const covers = (l: L & { w: number }, gap: number, ofMarks = true) =>
    done.some((o) => clash(l, o, gap)) ||
    (ofMarks &&
      marks.some((m) => {
        const cx = Math.max(l.x - l.w / 2, Math.min(l.x + l.w / 2, m.x));
        const cy = Math.max(l.y - l.h, Math.min(l.y, m.y));
        return (cx - m.x) ** 2 + (cy - m.y) ** 2 < m.r ** 2;
      })) ||
    (within !== undefined &&
      // (Within a rounding error: a label set at the top edge, y0 plus its height, was out of the
      // pane or in it as the view's last digits fell, so the page's placement and the picture's
      // differed.)
      (l.y - l.h < within.y0 - 1e-9 ||
        (within.y1 !== undefined && l.y > within.y1 + 1e-9) ||
        l.x - l.w / 2 < within.x0 - 1e-9 ||
        l.x + l.w / 2 > within.x1 + 1e-9));
  // The marks as boxes a meeting's label moves past (a disc's bounding square).
  const markBoxes = marks.map((m) => ({ x: m.x, y: m.y + m.r, h: 2 * m.r, w: 2 * m.r }) as L & { w: number });
  const left = new Set<L & { w: number }>();
  // A label placed first that belongs to a mark (the coordinator's) stays over it, or, where that
  // would cover another mark or leave the pane, stands under it or beside it; it is left out where
  // none of these is clear (the ring says who coordinates, as the legend tells).
  for (const l of out.slice(0, fixed)) {
    if (!(l as { around?: unknown }).around) continue;
    done.splice(done.indexOf(l), 1);
    const spot = [l, ...spotsOf(l, width, within)].find(
      (s) => s.full === undefined && !covers(s, l.h * 0.25),
    );
    if (spot) {
      Object.assign(l, spot);
      done.push(l);
    } else left.add(l);
  }
  for (const l of free) {
    // Meetings' labels keep half a line apart (at a quarter, two stacked over one halo read as one).
    const gap = l.h * ((l as { oneLine?: boolean }).oneLine ? 0.5 : 0.25);
    if ((l as { optional?: boolean }).optional) {
      // A name is tried under its mark, then in the other places it may stand (spotsOf); a short
      // form must not read as another label on screen.
      const spot = [l, ...spotsOf(l, width, within)].find(
        (s) => !covers(s, gap) && (s.full === undefined || !done.some((o) => o.text === s.text)),
      );
      if (spot) {
        Object.assign(l, spot);
        done.push(l);
      } else left.add(l);
      continue;
    }
    const y = l.y;
    // Up until clear of the labels placed and of the marks; a label pushed above the top (the
    // caption, the edge) goes down instead; one that still covers a mark or leaves the pane (below
    // it) is left out: a meeting's label over its partners hid them.
    const obstacles = [...done, ...markBoxes];
    for (const dir of [-1, 1]) {
      l.y = dir < 0 || !within ? y : Math.max(y, within.y0 + l.h);
      // Every move goes one way (up, or down), so each label is passed at most once per round;
      // the cap only guards against a rule change that would break that.
      for (let moved = true, rounds = 0; moved && rounds <= obstacles.length; rounds++) {
        moved = false;
        for (const o of obstacles)
          if (clash(l, o, gap)) {
            l.y = dir < 0 ? o.y - o.h - gap : o.y + l.h + gap;
            moved = true;
          }
      }
      if (!within || l.y - l.h >= within.y0) break;
    }
    // Moved more than two lines away from its meeting's halo, it stands apart from it (above the
    // whole network, over a working group's halo in the middle of it): under the halo, or left or
    // right of it, is taken where that is clear, and the place apart where none is. A label with no
    // clear place over the halo is tried there too, or left out.
    const { beside, halo } = l as {
      beside?: { x: number; y: number; side: -1 | 0 | 1 }[];
      halo?: { x0: number; y0: number; x1: number; y1: number };
    };
    const apart =
      halo !== undefined &&
      Math.max(halo.x0 - (l.x + l.w / 2), l.x - l.w / 2 - halo.x1, halo.y0 - l.y, l.y - l.h - halo.y1) >
        2 * l.lh;
    if ((apart || covers(l, 0)) && beside) {
      const inside = (x: number) =>
        within ? Math.max(within.x0 + l.w / 2, Math.min(within.x1 - l.w / 2, x)) : x;
      const one = l.lh / 1.2;
      // Beside the halo, a label wider than the room between it and the pane's edge is set in
      // lines (three at most) that fit there.
      // A working group's label keeps its debate's name where some place by the halo has room for a
      // form with it, before a form without it is tried anywhere.
      const named = l.text.includes('“');
      const fitted = (b: { x: number; y: number; side: -1 | 0 | 1 }, keep: boolean) => {
        const room = b.side < 0 ? b.x - (within?.x0 ?? -Infinity) : (within?.x1 ?? Infinity) - b.x;
        if (b.side === 0 || l.w <= room) return { ...l };
        // A meeting's label stays on one line there where a shorter form fits (else in lines, below).
        if ((l as { oneLine?: boolean }).oneLine) {
          const short = (l as { shorts?: string[] }).shorts
            ?.filter((t) => !keep || t.includes('“'))
            .find((t) => width(l, t) <= room);
          if (short) return { ...l, text: short, full: l.full ?? l.text, w: width(l, short) };
          // With shorter forms, none of which fits there, it does not stand there in lines.
          if (keep || (l as { shorts?: string[] }).shorts?.length) return null;
        }
        const lines = breakLines(l.text, (t) => width(l, t), room);
        if (lines.length > 3) return { ...l };
        return {
          ...l,
          lines,
          w: Math.max(...lines.map((t) => width(l, t))),
          h: one + (lines.length - 1) * l.lh,
        };
      };
      // Left or right of the halo it may also stand higher or lower, by steps of a line, along
      // the halo's side (two focus groups' labels, on one side of their overlapping halos).
      const along = (b: { side: -1 | 0 | 1 }) => {
        if (b.side === 0 || !halo) return [0];
        const steps = [0];
        for (let d = one * 1.25; d <= (halo.y1 - halo.y0) / 2 && steps.length < 13; d += one * 1.25)
          steps.push(-d, d);
        return steps;
      };
      const spot = (named ? [true, false] : [false])
        .flatMap((keep) =>
          beside.flatMap((b) => {
            const f = fitted(b, keep);
            if (!f) return [];
            return along(b).map((d) => ({
              ...f,
              x: b.side === 0 ? inside(b.x) : b.x + (b.side * f.w) / 2,
              y: b.y + d + (b.side === 0 ? f.h - one : (f.h - one) / 2),
            }));
          }),
        )
        .find((s) => !covers(s, gap));
      if (spot) Object.assign(l, spot);
      if (spot || !covers(l, 0)) done.push(l);
      else left.add(l);
      continue;
    }
    if (covers(l, 0)) left.add(l);
    else done.push(l);
  }
  const summary = summarise(
    free.filter((l) => left.has(l) && (l as { oneLine?: boolean }).oneLine),
    done,
    width,
    covers,
    within,
  );
  return [...out.filter((l) => !left.has(l)), ...summary];
}

/**
 * Meetings whose labels found no place are not passed over in silence: "+N more focus groups" (or
 * meetings) stands under or over a meeting's label that was placed, or that label takes the count
 * before it ("+2 more · focus group 1 · 10 partners came"); where none was placed, "N focus groups
 * this week" stands by the first one's halo or in a corner of the pane, clear of marks and labels.
 */
function summarise<L extends { x: number; y: number; h: number; size: number; text: string }>(
  missed: (L & { w: number; lh: number; lines?: string[]; full?: string })[],
  done: (L & { w: number })[],
  width: (l: L, text?: string) => number,
  covers: (l: L & { w: number }, gap: number, marks?: boolean) => boolean,
  within?: { x0: number; x1: number; y0: number; y1?: number },
): (L & { w: number; lh: number; lines?: string[]; full?: string })[] {
  const n = missed.length;
  if (!n) return [];
  const hosts = done.filter((o) => (o as { oneLine?: boolean }).oneLine) as (L & {
    w: number;
    lh: number;
    lines?: string[];
    full?: string;
    shorts?: string[];
  })[];
  const first = missed[0];
  const one = first.lh / 1.2;
  const gap = one * 0.5;
  const at = (text: string, x: number, y: number, like = first) => {
    const l = { ...like, text, h: one, lines: undefined, full: undefined, shorts: undefined };
    const w = width(l, text);
    const c = within ? Math.max(within.x0 + w / 2, Math.min(within.x1 - w / 2, x)) : x;
    return { ...l, w, x: c, y };
  };
  // Named by their kind where they share one ("+2 more focus groups"), else as meetings.
  const kindOf = (ls: { text: string; full?: string }[]) => {
    const kinds = new Set(
      ls.map((m) =>
        (m.full ?? m.text)
          .split(' · ')[0]
          .replace(/ on “.*$|, \d+ members$/, '')
          .replace(/ \(extra meeting\)$| \d+$/, ''),
      ),
    );
    const k = [...kinds][0];
    return kinds.size === 1 && /^[a-z ]+$/.test(k) ? k : 'meeting';
  };
  const kind = kindOf(missed);
  const more = `+${n} more ${kind}${n === 1 ? '' : 's'}`;
  for (const o of hosts)
    for (const y of [o.y + gap + one, o.y - o.h - gap]) {
      const s = at(more, o.x, y, o);
      if (!covers(s, gap)) {
        done.push(s);
        return [s];
      }
    }
  // Or a placed label takes the count before it ("+2 more · focus group 1 · 10 partners came"), in a
  // shorter form where the whole does not fit.
  for (const o of hosts) {
    if (o.lines) continue;
    done.splice(done.indexOf(o), 1);
    const forms = [o.text, ...(o.shorts ?? []).filter((t) => t.length < o.text.length)];
    const s = forms
      .map((t) => at(`+${n} more · ${t}`, o.x, o.y, o))
      .find((c) => (!within || c.w <= within.x1 - within.x0) && !covers(c, gap));
    if (s) Object.assign(o, { text: s.text, w: s.w, x: s.x, full: o.full ?? o.text });
    done.push(o);
    if (s) return [];
  }
  // A lone meeting is told in its own words first, as the screen or the other export tells it
  // ("project group (extra meeting) · 5 partners came", or a shorter form, or its name alone): the
  // PNG said "1 project group this week" beside an SVG and a screen that said it was an extra
  // meeting. Then the count, and shorter forms of it: without "this week", then as meetings.
  const whole = first.full ?? first.text;
  const own =
    n === 1 && !hosts.length
      ? [whole, first.text, ...((first as { shorts?: string[] }).shorts ?? []), whole.split(' · ')[0]]
      : [];
  const count = (k: string) => `${n} ${k}${n === 1 ? '' : 's'}`;
  // One meeting is said as a sentence, not counted ("reflection group met this week", "a meeting",
  // where "1 reflection group this week" and "1 meeting" read as a count of groups).
  const oneMeeting = [
    ...(kind === 'meeting' ? [] : [`${kind} met this week`, `${kind} met`]),
    'a meeting this week',
    'a meeting',
  ];
  const texts = [
    ...new Set([
      ...own,
      ...(hosts.length
        ? [more, `+${count('more meeting')}`]
        : n === 1
          ? oneMeeting
          : [`${count(kind)} this week`, count(kind), `${count('meeting')} this week`, count('meeting')]),
    ]),
  ];
  // By a halo, or in a corner of the pane.
  const spots = (text: string) => {
    const out: { x: number; y: number }[] = [];
    for (const m of missed) {
      const beside = (m as { beside?: { x: number; y: number; side: -1 | 0 | 1 }[] }).beside ?? [];
      for (const b of beside) out.push({ x: b.x + (b.side * width(first, text)) / 2, y: b.y });
    }
    if (within) {
      const y1 = within.y1 ?? within.y0 + 10 * one;
      for (const y of [within.y0 + one, y1])
        for (const x of [within.x0, (within.x0 + within.x1) / 2, within.x1]) out.push({ x, y });
    }
    return out;
  };
  // Else anywhere in the pane clear of marks and labels, rows nearer its top or bottom edge first
  // (presenting, with a tall caption over a network filling its pane, neither a halo's side nor a
  // corner had room, and the meeting went untold: a halo with no label and no count).
  const rows = () => {
    if (!within) return [];
    const y0 = within.y0 + one;
    const y1 = within.y1 ?? within.y0 + 10 * one;
    const ys: number[] = [];
    for (let y = y0; y <= y1 + 1e-9; y += one / 2) ys.push(y);
    ys.sort((a, b) => Math.min(a - y0, y1 - a) - Math.min(b - y0, y1 - b));
    // (Each a line's height apart: the room between a tall caption and the marks is narrow.)
    const xs: number[] = [];
    for (let x = within.x0; x <= within.x1 + 1e-9; x += one) xs.push(x);
    return ys.flatMap((y) => xs.map((x) => ({ x, y })));
  };
  const grid = rows();
  // In its own words or named by their kind (by a halo or a corner, then anywhere) before as meetings.
  const named = texts.filter((t) => own.includes(t) || kind === 'meeting' || !t.includes('meeting'));
  const unnamed = texts.filter((t) => !named.includes(t));
  const fits = (l: { w: number }) => !within || l.w <= within.x1 - within.x0;
  const spot =
    [named, unnamed]
      .flatMap((ts) => [
        ...ts.flatMap((t) => spots(t).map((p) => at(t, p.x, p.y))),
        ...ts.flatMap((t) => grid.map((p) => at(t, p.x, p.y))),
      ])
      .find((s) => fits(s) && !covers(s, gap)) ??
    // Last, over marks where nothing else has room (never a meeting left untold): clear of the
    // labels placed and inside the pane, in the shortest form.
    texts
      .slice(-1)
      .flatMap((t) => [...spots(t), ...grid].map((p) => at(t, p.x, p.y)))
      .find((s) => !covers(s, gap, false));
  if (!spot) return [];
  if (own.includes(spot.text) && spot.text !== whole) (spot as { full?: string }).full = whole;
  done.push(spot);
  return [spot];
}

type Placed<L> = L & { w: number; lh: number; lines?: string[]; full?: string };

/**
 * The other places a partner's name may stand, in the order they are tried (after the one under its
 * mark): above the mark, right and left of it; then on two lines under and over it; then shortened
 * to its first words and '…', longest first, in the same four places. Each keeps clear of its own
 * mark by the gap the name under it keeps.
 */
function spotsOf<L extends { x: number; y: number; h: number; size: number; text: string }>(
  l: Placed<L>,
  width: (l: L, text?: string) => number,
  within?: { x0: number; x1: number },
): Placed<L>[] {
  const m = (l as { around?: { x: number; y: number; r: number } }).around;
  if (!m) return [];
  const one = l.lines ? l.h - (l.lines.length - 1) * l.lh : l.h;
  const at = (text: string, lines: string[] | undefined, full: string | undefined) => {
    const w = Math.max(...(lines ?? [text]).map((t) => width(l, t)));
    const h = one + ((lines?.length ?? 1) - 1) * l.lh;
    const room = within ? within.x1 - within.x0 : Number.POSITIVE_INFINITY;
    if (w > room) return [];
    const inside = (x: number) => (within ? Math.max(within.x0 + w / 2, Math.min(within.x1 - w / 2, x)) : x);
    const side = m.r + one * 0.3;
    return [
      { x: inside(m.x), y: m.y + m.r + h },
      { x: inside(m.x), y: m.y - m.r },
      { x: m.x + side + w / 2, y: m.y + h / 2 - one * 0.1 },
      { x: m.x - side - w / 2, y: m.y + h / 2 - one * 0.1 },
    ].map((p) => ({ ...l, ...p, w, h, text, lines, full }));
  };
  const words = l.text.split(' ');
  const out: Placed<L>[] = [];
  // Under, over, right and left of the mark (a name's own place, under it, is tried again: the
  // coordinator's is over it).
  out.push(...at(l.text, l.lines, undefined));
  if (words.length > 1 && !l.lines) {
    const lines = breakLines(l.text, (t) => width(l, t), width(l) / 2 + one);
    if (lines.length === 2) out.push(...at(l.text, lines, undefined).slice(0, 2));
  }
  const shorts = (l as { shorts?: string[] }).shorts;
  if (shorts) for (const short of shorts) out.push(...at(short, undefined, l.text));
  else
    for (let n = words.length - 1; n >= 1; n--) {
      const short = `${words
        .slice(0, n)
        .join(' ')
        .replace(/[\s,;:(·-]+$/, '')}…`;
      if (short.length >= 4) out.push(...at(short, undefined, l.text));
    }
  return out;
}

/** Words set in lines no wider than `room` (a word wider than it keeps a line of its own). */
function breakLines(text: string, width: (t: string) => number, room: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && width(`${last} ${word}`) <= room) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function halo(ctx: Ctx, text: string, x: number, y: number, fill: string, width: number): void {
  ctx.lineWidth = width;
  ctx.strokeStyle = 'rgba(255,255,255,0.92)';
  ctx.strokeText(text, x, y);
  ctx.fillStyle = fill;
  ctx.fillText(text, x, y);
}

function drawHull(ctx: Ctx, poly: [number, number][], mark: MeetingMark, rs: number): void {
  if (!poly.length) return;
  ctx.globalAlpha = 0.14;
  ctx.fillStyle = mark.fill;
  ctx.strokeStyle = mark.fill;
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.lineWidth = mark.pad * rs * 2;
  ctx.beginPath();
  ctx.moveTo(poly[0][0], poly[0][1]);
  for (const p of poly.slice(1)) ctx.lineTo(p[0], p[1]);
  ctx.closePath();
  ctx.stroke();
  ctx.fill();
}

function drawActor(ctx: Ctx, x: number, y: number, m: ActorMark, rs: number, hovered: boolean): void {
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

function shapePath(ctx: Ctx, x: number, y: number, shape: ActorMark['shape'], r: number): void {
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

/** A darker shade of a colour, for labels that must read on white. */
export function shade(c: string): string {
  const col = color(c);
  return col ? col.darker(1.2).formatHex() : c;
}
