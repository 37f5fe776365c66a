// The network as a standalone SVG document: the same marks, positions and view as the canvas
// (marks.ts, network-draw.ts), for the SVG export.

import { xmlSafe } from '../report/xml.ts';
import type { RunData } from './engine-client.ts';
import { type ActorMark, COORDINATOR_RING, portrayActor, portrayMeeting, type SizeBy } from './marks.ts';
import {
  batchTies,
  type ConsortiumLabel,
  coordinatorLabels,
  hullOf,
  labelsOf,
  labelUnit,
  markDiscs,
  nameLabels,
  placeLabels,
} from './network-draw.ts';
import type { Frame } from './protocol.ts';
import { namesOf } from './words.ts';

export interface SvgScene {
  run: RunData | null;
  frame: Frame | null;
  xy: Float32Array;
  view: { k: number; x: number; y: number };
  markScale: number;
  sizeBy: SizeBy;
  width: number;
  height: number;
  consortia: ConsortiumLabel[];
}

/** The title's type and line (px), and its left margin: the same in the picture and its margins. */
export const TITLE_SIZE = 15;
export const TITLE_LINE = 19;
const TITLE_X = 12;
const TITLE_FONT = `600 ${TITLE_SIZE}px system-ui, sans-serif`;

let measurer: OffscreenCanvasRenderingContext2D | null | undefined;
/** A text's width in the title's type: measured where a canvas can, estimated where not. */
function titleWidth(text: string): number {
  if (measurer === undefined)
    measurer = typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1).getContext('2d');
  if (!measurer) return text.length * TITLE_SIZE * 0.62;
  measurer.font = TITLE_FONT;
  return measurer.measureText(text).width;
}

/**
 * A picture's title in lines that fit its width (`W` px, with its margins and a few px to spare for
 * another font where the file is opened): A's long name ran on in one line, cut mid-word at the
 * picture's edge. A word longer than a line stands alone, cut to fit with '…'.
 */
export function titleLines(title: string, W: number): string[] {
  const room = Math.max(40, W - 2 * TITLE_X - 6);
  const lines: string[] = [];
  let line = '';
  const cutToFit = (word: string) => {
    if (titleWidth(word) <= room) return word;
    let w = word;
    while (w.length > 1 && titleWidth(`${w}…`) > room) w = w.slice(0, -1);
    return `${w}…`;
  };
  for (const word of title.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (titleWidth(next) <= room) line = next;
    else {
      if (line) lines.push(line);
      line = cutToFit(word);
    }
  }
  if (line) lines.push(line);
  return lines;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n1 = (v: number) => v.toFixed(1);

export function networkSVG(title: string, s: SvgScene): string {
  const { frame: f, run, xy, width: W, height: H } = s;
  const heading = title ? titleLines(title, W) : [];
  // The labels keep below the title's last line.
  const below = 28 + Math.max(0, heading.length - 1) * TITLE_LINE;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif">`,
    `<title>${esc(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  if (f && run) {
    const { k, x, y } = s.view;
    const rs = s.markScale / k;
    const P = (i: number) => [xy[2 * i], xy[2 * i + 1]] as const;
    out.push(`<g transform="translate(${x.toFixed(2)},${y.toFixed(2)}) scale(${k.toFixed(4)})">`);
    for (const m of f.meetings) {
      const mark = portrayMeeting(m);
      const poly = hullOf(xy, m.attendees);
      const d = `M${poly.map((p) => `${n1(p[0])},${n1(p[1])}`).join('L')}Z`;
      out.push(
        `<path d="${d}" fill="${mark.fill}" stroke="${mark.fill}" stroke-width="${n1(2 * mark.pad * rs)}" stroke-linejoin="round" opacity="0.16"/>`,
      );
    }
    for (const c of s.consortia)
      if (c.box) {
        const [x0, y0, x1, y1] = c.box;
        const pad = 10 * rs;
        out.push(
          `<rect x="${n1(x0 - pad)}" y="${n1(y0 - pad)}" width="${n1(x1 - x0 + 2 * pad)}" height="${n1(y1 - y0 + 2 * pad)}" rx="${n1(16 * rs)}" fill="none" stroke="#111827" stroke-opacity="0.55" stroke-width="${(2 * rs).toFixed(2)}" stroke-dasharray="${n1(6 * rs)} ${n1(5 * rs)}"/>`,
        );
      }
    for (const { mark, edges } of batchTies(f, run.actors)) {
      const d = edges
        .map((e) => {
          const [ax, ay] = P(f.source[e]);
          const [bx, by] = P(f.target[e]);
          return `M${n1(ax)},${n1(ay)}L${n1(bx)},${n1(by)}`;
        })
        .join('');
      out.push(
        `<path d="${d}" stroke="${mark.colour}" stroke-opacity="${mark.alpha.toFixed(3)}" stroke-width="${(mark.width * rs).toFixed(2)}" stroke-linecap="round" fill="none"/>`,
      );
    }
    // Each actor titled by the name the tooltip gives it: two hospital directors of one consortium
    // are told apart by their pillar or a number, as on screen.
    const names = namesOf(run.actors);
    for (const [i, a] of run.actors.entries()) {
      const [ax, ay] = P(a.id);
      const mark = portrayActor(a, f, s.sizeBy, rs);
      out.push(actorSVG(ax, ay, mark, rs, names[i]));
      if (mark.ring !== 'coordinator') continue;
      out.push(
        `<circle cx="${n1(ax)}" cy="${n1(ay)}" r="${(mark.r + 4 * rs).toFixed(2)}" fill="none" stroke="${COORDINATOR_RING}" stroke-width="${(1.5 * rs).toFixed(2)}"/>`,
      );
    }
    // Labels placed as on the canvas, so they do not overlap (widths estimated: no canvas here).
    const fs = labelUnit(s.markScale, k);
    const hulls = f.meetings.map((m) => ({ poly: hullOf(xy, m.attendees), mark: portrayMeeting(m) }));
    for (const l of placeLabels(
      (l, text = l.text) => text.length * l.size * fs * 0.6,
      ...labelsOf(
        hulls,
        s.consortia,
        rs,
        fs,
        nameLabels(run.actors, f, xy, s.sizeBy, rs, fs),
        coordinatorLabels(run.actors, f, xy, s.sizeBy, rs, fs, s.consortia),
      ),
      // Inside the picture on every side: a name under the lowest mark ran off its foot, cut in half
      // in the PNG, and one at the right edge touched it (8 px keep a descender and the estimate's
      // error in).
      { x0: (8 - x) / k, x1: (W - 8 - x) / k, y0: (below - y) / k, y1: (H - 8 - y) / k },
      markDiscs(run.actors, f, xy, s.sizeBy, rs),
    ))
      for (const [i, t, all] of (l.lines ?? [l.text]).map((t, i, all) => [i, t, all.length] as const))
        out.push(
          `<text x="${n1(l.x)}" y="${n1(l.y - (all - 1 - i) * l.lh)}" text-anchor="middle" font-weight="${l.weight}" font-size="${(l.size * fs).toFixed(2)}" fill="${l.fill}" stroke="#fff" stroke-width="${(3 * fs).toFixed(2)}" paint-order="stroke">${esc(t)}${l.full ? `<title>${esc(l.full)}</title>` : ''}</text>`,
        );
    out.push('</g>');
  }
  if (heading.length)
    out.push(
      `<text class="title" x="${TITLE_X}" y="22" font-size="${TITLE_SIZE}" font-weight="600" fill="#111827">${heading
        .map((t, i) => `<tspan x="${TITLE_X}" dy="${i ? TITLE_LINE : 0}">${esc(t)}</tspan>`)
        .join('')}</text>`,
    );
  out.push('</svg>');
  return xmlSafe(out.join('\n'));
}

function actorSVG(x: number, y: number, m: ActorMark, rs: number, title: string): string {
  const r = m.r;
  const stroke = m.ring ? COORDINATOR_RING : '#ffffff';
  const sw = ((m.ring === 'coordinator' ? 3.2 : m.ring === 'chair' ? 2.2 : 1) * rs).toFixed(2);
  const common = `fill="${m.fill}" fill-opacity="${m.alpha.toFixed(2)}" stroke="${stroke}" stroke-width="${sw}"`;
  let shape: string;
  if (m.shape === 'circle') shape = `<circle cx="${n1(x)}" cy="${n1(y)}" r="${r.toFixed(2)}" ${common}>`;
  else if (m.shape === 'square') {
    const s = r * 0.9;
    shape = `<rect x="${n1(x - s)}" y="${n1(y - s)}" width="${(2 * s).toFixed(2)}" height="${(2 * s).toFixed(2)}" ${common}>`;
  } else {
    const s = r * 1.25;
    shape = `<polygon points="${n1(x)},${n1(y - s)} ${n1(x + s * 0.95)},${n1(y + s * 0.65)} ${n1(x - s * 0.95)},${n1(y + s * 0.65)}" ${common}>`;
  }
  const tag = shape.slice(1, shape.indexOf(' '));
  return `${shape}<title>${esc(title)}</title></${tag}>`;
}
