// Exports: the network as PNG and SVG, the weekly series as CSV, the network at the current week as
// GEXF (via the engine's toGraph and graphology-gexf), and the scenario as JSON.
import * as d3 from 'd3';
import { type Snapshot, toGraph, type WeeklyRecord } from '../sim/index.ts';
import type { RunData } from './engine-client.ts';

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

/** The network at one week as a graphology graph, through the engine's own toGraph. */
export function graphAt(run: RunData, week: number) {
  const f = run.frame(week);
  const C = run.controversies.length;
  const snapshot = {
    week: f.week,
    controversies: run.controversies,
    actors: run.actors.map((a) => ({
      ...a,
      engagement: f.engagement[a.id],
      active: f.active[a.id] === 1,
      positions: Array.from(f.positions.subarray(a.id * C, (a.id + 1) * C)),
    })),
    ties: { source: f.source, target: f.target, weight: Float64Array.from(f.weight) },
    meetings: f.meetings,
    consortia: f.consortia,
  } as unknown as Snapshot;
  return toGraph(snapshot);
}

export async function gexfAt(run: RunData, week: number): Promise<string> {
  const { write } = await import('graphology-gexf/browser');
  return write(graphAt(run, week));
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
