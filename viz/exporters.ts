// Exports: the network as PNG and SVG, the weekly series as CSV, the parts of the GEXF written by
// the worker (gexf.ts), and the scenario as JSON.
import * as d3 from 'd3';
import type { WeeklyRecord } from '../sim/index.ts';
import type { RunData } from './engine-client.ts';
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

/** Weekly records flattened to columns (per-controversy arrays become one column each). */
export function weeklyCSV(runs: { label: string; run: RunData }[]): string {
  const rows: Record<string, string | number | boolean>[] = [];
  for (const { label, run } of runs) {
    const ids = run.controversies;
    for (const r of run.weekly as WeeklyRecord[]) {
      const { dispersion, status, ...rest } = r;
      const row: Record<string, string | number | boolean> = { scenario: label, seed: run.seed, ...rest };
      ids.forEach((c, i) => {
        row[`dispersion_${c}`] = dispersion[i];
        row[`status_${c}`] = status[i];
      });
      rows.push(row);
    }
  }
  return d3.csvFormat(rows);
}

/** What the worker needs to write the GEXF of a run at one week (copies: the frames stay here). */
export function gexfPart(slot: Slot, run: RunData, week: number): GexfPart {
  const f = run.frame(week);
  return {
    slot,
    name: run.scenario.name,
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

/** Several canvases side by side on white, with a title line: the PNG of what is on screen. */
export function composePNG(canvases: HTMLCanvasElement[], titles: string[], footer: string): Promise<Blob> {
  const dpr = window.devicePixelRatio || 1;
  const head = Math.round(34 * dpr);
  const foot = Math.round(26 * dpr);
  const gap = Math.round(12 * dpr);
  const w = canvases.reduce((s, c) => s + c.width, 0) + gap * (canvases.length - 1);
  const h = Math.max(...canvases.map((c) => c.height)) + head + foot;
  const out = document.createElement('canvas');
  out.width = Math.max(1, w);
  out.height = Math.max(1, h);
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  let x = 0;
  canvases.forEach((c, i) => {
    ctx.fillStyle = '#111827';
    ctx.font = `600 ${16 * dpr}px system-ui, sans-serif`;
    ctx.fillText(titles[i] ?? '', x + 10 * dpr, 23 * dpr);
    ctx.drawImage(c, x, head);
    x += c.width + gap;
  });
  ctx.fillStyle = '#6b7280';
  ctx.font = `${12 * dpr}px system-ui, sans-serif`;
  ctx.fillText(footer, 10 * dpr, h - 9 * dpr);
  return new Promise((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png'),
  );
}
