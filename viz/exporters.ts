// Exports: the network as PNG and SVG, the weekly series as CSV, the parts of the GEXF written by
// the worker (gexf.ts), and the scenario as JSON.
import * as d3 from 'd3';
import { xmlSafe } from '../report/xml.ts';
import { csvSafeCell } from '../sim/csv-cell.ts';
import type { WeeklyRecord } from '../sim/index.ts';
import type { RunData } from './engine-client.ts';
import { LINE_LABELS, LINE_SHAPES, PILLAR_COLOURS, PILLAR_LABELS, TIE_STRENGTH_WORDS } from './marks.ts';
import type { GexfPart, Slot } from './protocol.ts';

export function download(name: string, data: Blob | string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Weekly records flattened to columns (per-controversy arrays become one column each), every week of
 * every run shown, A and B labelled. `week` is the engine's week stepped; `view_week` (= week + 1) is
 * the week the timeline shows after it, so the rows cover the timeline from week 1 to its end (week 0
 * is the start, before any meeting). Text cells pass the shared formula-injection rule (csv-cell.ts).
 */
export function weeklyCSV(
  runs: { slot: string; label: string; run: RunData }[],
  upToViewWeek = Number.POSITIVE_INFINITY,
): string {
  const rows: Record<string, string | number | boolean>[] = [];
  for (const { slot, label, run } of runs) {
    const ids = run.controversies;
    for (const r of run.weekly as WeeklyRecord[]) {
      // (Presenting, no further than the room has seen: export.ts.)
      if (r.week + 1 > upToViewWeek) continue;
      const { dispersion, status, ...rest } = r;
      const row: Record<string, string | number | boolean> = {
        slot,
        scenario: label,
        scenario_id: run.scenario.id,
        seed: run.seed,
        ...rest,
        view_week: r.week + 1,
      };
      ids.forEach((c, i) => {
        row[`dispersion_${c}`] = dispersion[i];
        row[`status_${c}`] = status[i];
      });
      for (const k of Object.keys(row))
        if (typeof row[k] === 'string') row[k] = csvSafeCell(row[k] as string);
      rows.push(row);
    }
  }
  return d3.csvFormat(rows);
}

/** What the worker needs to write the GEXF of a run at one week (copies: the frames stay here). */
export function gexfPart(slot: Slot, run: RunData, week: number, label: string): GexfPart {
  const f = run.frame(week);
  return {
    slot,
    name: label,
    seed: run.seed,
    week: f.week,
    threshold: run.scenario.observation.tieThreshold,
    controversies: run.controversies,
    actors: run.actors,
    source: f.source.slice(),
    target: f.target.slice(),
    weight: f.weight.slice(),
    engagement: f.engagement.slice(),
    active: f.active.slice(),
    positions: f.positions.slice(),
  };
}

/** The legend written into the PNG and SVG exports: what colour and shape mean. */
const LEGEND: { kind: 'colour' | 'shape'; key: string; label: string }[] = [
  ...Object.keys(PILLAR_COLOURS).map((p) => ({
    kind: 'colour' as const,
    key: p,
    label: PILLAR_LABELS[p] ?? p,
  })),
  ...Object.keys(LINE_SHAPES).map((l) => ({
    kind: 'shape' as const,
    key: l,
    label: (LINE_LABELS[l] ?? l).replace(/ \(.*\)$/, ''),
  })),
];
const LEGEND_NOTE = `lines: ties (${TIE_STRENGTH_WORDS}; dark grey = across pillars, a pillar’s colour = within it) · double ring: coordinator`;

function shapeSVG(shape: string, x: number, y: number, fill: string): string {
  if (shape === 'square') return `<rect x="${x - 5}" y="${y - 5}" width="10" height="10" fill="${fill}"/>`;
  if (shape === 'triangle')
    return `<polygon points="${x},${y - 6} ${x + 6},${y + 5} ${x - 6},${y + 5}" fill="${fill}"/>`;
  return `<circle cx="${x}" cy="${y}" r="5.5" fill="${fill}"/>`;
}

function drawShape(ctx: CanvasRenderingContext2D, shape: string, x: number, y: number, s: number): void {
  ctx.beginPath();
  if (shape === 'square') ctx.rect(x - 5 * s, y - 5 * s, 10 * s, 10 * s);
  else if (shape === 'triangle') {
    ctx.moveTo(x, y - 6 * s);
    ctx.lineTo(x + 6 * s, y + 5 * s);
    ctx.lineTo(x - 6 * s, y + 5 * s);
    ctx.closePath();
  } else ctx.arc(x, y, 5.5 * s, 0, 2 * Math.PI);
  ctx.fill();
}

/** The narrowest PNG export: a network drawn 600 px wide on screen is scaled up to print. */
export const PNG_MIN_WIDTH = 1600;
/** The widest (a canvas larger than this fails in some browsers). */
const PNG_MAX_WIDTH = 8000;

/** Words of `text` in lines no wider than `width` (a word longer than that stands alone). */
function wrapText(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

const svgImage = async (svg: string): Promise<HTMLImageElement> => {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
};

/**
 * The networks shown side by side on white, each drawn from its SVG (so it is sharp at any scale)
 * at its export size (NetworkView.exportSize: as wide as on screen) times a scale that makes the image at least PNG_MIN_WIDTH wide; each title
 * wraps over its own network, and the legend wraps under them, whole.
 */
export async function composePNG(
  parts: { svg: string; width: number; height: number }[],
  titles: string[],
  footer: string,
): Promise<Blob> {
  const gapCss = 16;
  const wCss = parts.reduce((s, p) => s + p.width, 0) + gapCss * (parts.length - 1);
  const k = Math.min(PNG_MAX_WIDTH / wCss, Math.max(window.devicePixelRatio || 1, PNG_MIN_WIDTH / wCss));
  const W = Math.round(wCss * k);
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d')!;
  const pad = 12 * k;
  // 1. Measure: the titles' lines over each network, the legend's rows under them.
  const titleFont = `600 ${16 * k}px system-ui, sans-serif`;
  const textFont = `${12 * k}px system-ui, sans-serif`;
  ctx.font = titleFont;
  const titleLines = parts.map((p, i) => wrapText(ctx, titles[i] ?? '', p.width * k - 2 * pad));
  const titleLine = 21 * k;
  const head = Math.max(...titleLines.map((l) => l.length)) * titleLine + 14 * k;
  ctx.font = textFont;
  const rows: { item: (typeof LEGEND)[number]; x: number }[][] = [[]];
  let lx = pad;
  for (const item of LEGEND) {
    const w = 15 * k + ctx.measureText(item.label).width + 14 * k;
    if (lx + w > W - pad && rows.at(-1)!.length) {
      rows.push([]);
      lx = pad;
    }
    rows.at(-1)!.push({ item, x: lx });
    lx += w;
  }
  const noteLines = wrapText(ctx, LEGEND_NOTE, W - 2 * pad);
  const footLines = wrapText(ctx, footer, W - 2 * pad);
  const line = 19 * k;
  const netH = Math.max(...parts.map((p) => p.height)) * k;
  const foot = (rows.length + noteLines.length + footLines.length) * line + 16 * k;
  out.width = Math.max(1, W);
  out.height = Math.max(1, Math.round(head + netH + foot));
  // 2. Draw.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  const images = await Promise.all(parts.map((p) => svgImage(p.svg)));
  let x = 0;
  parts.forEach((p, i) => {
    ctx.font = titleFont;
    ctx.fillStyle = '#111827';
    titleLines[i].forEach((t, j) => {
      ctx.fillText(t, x + pad, (j + 1) * titleLine);
    });
    ctx.drawImage(images[i], x, head, p.width * k, p.height * k);
    x += (p.width + gapCss) * k;
  });
  ctx.font = textFont;
  let y = head + netH + line;
  for (const row of rows) {
    for (const { item, x: ix } of row) {
      ctx.fillStyle = item.kind === 'colour' ? PILLAR_COLOURS[item.key] : '#9ca3af';
      drawShape(ctx, item.kind === 'colour' ? 'circle' : LINE_SHAPES[item.key], ix + 6 * k, y - 4 * k, k);
      ctx.fillStyle = '#374151';
      ctx.fillText(item.label, ix + 15 * k, y);
    }
    y += line;
  }
  for (const t of noteLines) {
    ctx.fillText(t, pad, y);
    y += line;
  }
  ctx.fillStyle = '#4b5563';
  for (const t of footLines) {
    ctx.fillText(t, pad, y);
    y += line;
  }
  return new Promise((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png'),
  );
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One SVG of the networks shown (each an SVG from NetworkView.toSVG), side by side, with the legend. */
export function composeSVG(
  parts: { svg: string; width: number; height: number }[],
  title: string,
  footer: string,
): string {
  const gap = 12;
  const head = 10;
  const W = parts.reduce((s, p) => s + p.width, 0) + gap * (parts.length - 1);
  // The legend in rows and lines that fit the picture's width (no canvas to measure with here:
  // 6.6 px a character of 12 px type, as its items were spaced): its note ran on in one line past a
  // phone's picture.
  const chars = Math.max(20, Math.floor((W - 20) / 6.6));
  const rows: { item: (typeof LEGEND)[number]; x: number }[][] = [[]];
  let lx = 10;
  for (const item of LEGEND) {
    const w = 15 + item.label.length * 6.6 + 14;
    if (lx + w - 14 > W - 10 && rows.at(-1)!.length) {
      rows.push([]);
      lx = 10;
    }
    rows.at(-1)!.push({ item, x: lx });
    lx += w;
  }
  const lines = (text: string) => {
    const out: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && next.length > chars) {
        out.push(line);
        line = word;
      } else line = next;
    }
    if (line) out.push(line);
    return out;
  };
  const note = lines(LEGEND_NOTE);
  const footLines = lines(footer);
  const step = 20;
  const foot = 8 + (rows.length + note.length + footLines.length) * step;
  const H = Math.max(...parts.map((p) => p.height)) + head + foot;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif">`,
    `<title>${xmlText(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  let x = 0;
  for (const p of parts) {
    out.push(p.svg.replace(/^<svg /, `<svg x="${x}" y="${head}" `));
    x += p.width + gap;
  }
  let ly = H - foot + 18;
  const legend: string[] = [];
  for (const row of rows) {
    for (const { item, x: ix } of row) {
      const fill = item.kind === 'colour' ? PILLAR_COLOURS[item.key] : '#9ca3af';
      legend.push(shapeSVG(item.kind === 'colour' ? 'circle' : LINE_SHAPES[item.key], ix + 6, ly - 4, fill));
      legend.push(
        `<text x="${ix + 15}" y="${ly}" font-size="12" fill="#374151">${xmlText(item.label)}</text>`,
      );
    }
    ly += step;
  }
  for (const t of note) {
    legend.push(`<text x="10" y="${ly}" font-size="12" fill="#374151">${xmlText(t)}</text>`);
    ly += step;
  }
  for (const t of footLines) {
    legend.push(`<text x="10" y="${ly}" font-size="12" fill="#6b7280">${xmlText(t)}</text>`);
    ly += step;
  }
  out.push(`<g class="legend">${legend.join('')}</g>`, '</svg>');
  return xmlSafe(out.join(''));
}
