// Global sensitivity by Sobol' indices (issue 10 item 3; MODEL.md §10): Saltelli's design
// (sensitivity-design.ts), first-order indices by the Saltelli et al. (2010) estimator (Comput.
// Phys. Commun. 181, 259–270, Table 2 (b)), total indices by Jansen's (1999, Comput. Phys. Commun.
// 117, 35–43; Saltelli et al. 2010 Table 2 (f)), percentile bootstrap 95% intervals over the
// design's rows (Archer, Saltelli & Sobol 1997). Runs go through the sweep's worker pool and are
// kept on disk one row per run, keyed by (point, replicate), so a killed analysis resumes.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import type { Scenario } from '../sim/index.ts';
import { LIMITS } from '../sim/scenario/limits.ts';
import { csvLine, splitCsvLine } from './columns.ts';
import { UsageError } from './errors.ts';
import { prepareOutDir, readTextBounded } from './io.ts';
import { lockOutDir, writeFileAtomic } from './outdir.ts';
import {
  designPoint,
  designSize,
  esc,
  type Factor,
  OUTPUTS,
  saltelliDesign,
  svgStart,
} from './sensitivity-design.ts';
import { executeRuns, readWholeLines, workerFile } from './sweep.ts';

// -----------------------------------------------------------------------------------------------
// Estimators.

export interface SobolIndex {
  factor: string;
  output: string;
  S1: number;
  S1_low: number;
  S1_high: number;
  ST: number;
  ST_low: number;
  ST_high: number;
}

/**
 * First-order and total indices of each factor from the outputs `y` of the design points (in
 * `designPoint` order: A_j, B_j, A_B^(1)_j ... A_B^(k)_j for each row j), over the rows `rows`
 * (all rows, or a bootstrap resample). V is the variance of f(A) and f(B) pooled.
 * Returns NaN indices when the output does not vary.
 */
export function sobolIndices(
  y: ArrayLike<number>,
  k: number,
  rows: ArrayLike<number>,
): { S1: Float64Array; ST: Float64Array } {
  const n = rows.length;
  const w = k + 2;
  let sum = 0;
  for (let r = 0; r < n; r++) sum += y[rows[r] * w] + y[rows[r] * w + 1];
  const mean = sum / (2 * n);
  let ss = 0;
  for (let r = 0; r < n; r++) ss += (y[rows[r] * w] - mean) ** 2 + (y[rows[r] * w + 1] - mean) ** 2;
  const v = ss / (2 * n - 1);
  const S1 = new Float64Array(k);
  const ST = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let first = 0;
    let total = 0;
    for (let r = 0; r < n; r++) {
      const o = rows[r] * w;
      const fa = y[o];
      const fb = y[o + 1];
      const fab = y[o + 2 + i];
      first += fb * (fab - fa);
      total += (fa - fab) ** 2;
    }
    S1[i] = v > 0 ? first / n / v : Number.NaN;
    ST[i] = v > 0 ? total / (2 * n) / v : Number.NaN;
  }
  return { S1, ST };
}

/** Percentile of sorted values (type 7). */
function percentile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Indices with percentile bootstrap 95% intervals (resampling the design's rows, seeded). */
export function sobolWithIntervals(
  y: ArrayLike<number>,
  factors: readonly string[],
  n: number,
  output: string,
  bootstrap: number,
  seed: number,
): SobolIndex[] {
  const k = factors.length;
  const all = Int32Array.from({ length: n }, (_, j) => j);
  const point = sobolIndices(y, k, all);
  const rng = seedrandom.alea(`sobol-bootstrap/${seed}/${output}`);
  const s1 = factors.map(() => new Float64Array(bootstrap));
  const st = factors.map(() => new Float64Array(bootstrap));
  const rows = new Int32Array(n);
  for (let b = 0; b < bootstrap; b++) {
    for (let r = 0; r < n; r++) rows[r] = Math.floor(rng() * n);
    const est = sobolIndices(y, k, rows);
    for (let i = 0; i < k; i++) {
      s1[i][b] = est.S1[i];
      st[i][b] = est.ST[i];
    }
  }
  // A resample that happens to hold no variance (small N) has no indices: left out of the intervals.
  const finite = (xs: Float64Array) => xs.filter(Number.isFinite).sort();
  return factors.map((factor, i) => {
    const a = finite(s1[i]);
    const t = finite(st[i]);
    const ok = a.length > 0 && t.length > 0 && !Number.isNaN(point.S1[i]);
    return {
      factor,
      output,
      S1: point.S1[i],
      S1_low: ok ? percentile(a, 0.025) : Number.NaN,
      S1_high: ok ? percentile(a, 0.975) : Number.NaN,
      ST: point.ST[i],
      ST_low: ok ? percentile(t, 0.025) : Number.NaN,
      ST_high: ok ? percentile(t, 0.975) : Number.NaN,
    };
  });
}

/** Sobol' analysis of any function of the unit cube (for the analytic test functions). */
export function sobolOfFunction(
  f: (u: Float64Array) => number,
  factors: readonly string[],
  n: number,
  options: { seed?: number; bootstrap?: number } = {},
): SobolIndex[] {
  const d = saltelliDesign(factors.length, n, options.seed ?? 1);
  const y = new Float64Array(designSize(d));
  for (let p = 0; p < y.length; p++) y[p] = f(designPoint(d, p));
  return sobolWithIntervals(y, factors, n, 'y', options.bootstrap ?? 500, options.seed ?? 1);
}

// -----------------------------------------------------------------------------------------------
// Running the model over the design: a worker pool, rows on disk, resumable.

/** What a worker needs to run any run of the analysis (structured-cloneable). */
export interface SobolPlanData {
  base: Scenario;
  factors: Factor[];
  n: number;
  a: Float64Array;
  b: Float64Array;
  replicates: number;
  baseSeed: number;
}

export const SOBOL_RUNS_HEADER = ['point', 'replicate', 'seed', ...Object.keys(OUTPUTS)];
const SOBOL_FILES = /^(sobol-runs\.csv|sobol\.json|sobol\.csv|sobol\.svg)$/;

export interface SobolRunOptions {
  out: string;
  samples: number;
  replicates: number;
  seed: number;
  workers?: number;
  bootstrap?: number;
  resume?: boolean;
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface SobolResult {
  indices: SobolIndex[];
  runs: number;
  skipped: number;
  interrupted: boolean;
  identity: string;
}

/** Read the rows already on disk: outputs per run index, and which runs are done. */
function readRows(
  file: string,
  replicates: number,
  perRun: Float64Array[],
): { done: Uint8Array; count: number } {
  const runCount = perRun[0].length;
  const done = new Uint8Array(runCount);
  let count = 0;
  const text = readWholeLines(file);
  const header = csvLine(SOBOL_RUNS_HEADER);
  if (text === '') return { done, count };
  if (!text.startsWith(header)) throw new UsageError(`${file}: its columns differ from this analysis's`);
  const lines = text.slice(header.length).split('\n');
  for (const line of lines) {
    if (line === '') continue;
    const f = splitCsvLine(line);
    const p = Number(f[0]);
    const r = Number(f[1]);
    const i = p * replicates + r;
    if (!Number.isInteger(p) || !Number.isInteger(r) || r >= replicates || i >= runCount || i < 0)
      throw new UsageError(
        `${file}: holds run (point ${f[0]}, replicate ${f[1]}) that is not in this analysis`,
      );
    if (!done[i]) count++;
    done[i] = 1;
    perRun.forEach((col, o) => {
      col[i] = Number(f[3 + o]);
    });
  }
  return { done, count };
}

/** Mean of each point's replicates, summed in replicate order (the same bytes for any arrival order). */
function pointMeans(perRun: Float64Array, replicates: number): Float64Array {
  const out = new Float64Array(perRun.length / replicates);
  for (let p = 0; p < out.length; p++) {
    let t = 0;
    for (let r = 0; r < replicates; r++) t += perRun[p * replicates + r];
    out[p] = t / replicates;
  }
  return out;
}

/**
 * Run the design on the pool into `out/sobol-runs.csv` (one row per run, appended as runs finish),
 * then compute the indices. `resume` keeps the rows of an interrupted analysis of the same identity
 * (scenario, factors, samples, replicates, seed) and runs only the missing ones.
 */
export async function runSobol(base: Scenario, fs: Factor[], options: SobolRunOptions): Promise<SobolResult> {
  const { out, samples: n, replicates } = options;
  const k = fs.length;
  const d = saltelliDesign(k, n, options.seed);
  const points = designSize(d);
  const runCount = points * replicates;
  const identity = createHash('sha256')
    .update(
      JSON.stringify({ base, factors: fs, n, replicates, seed: options.seed, header: SOBOL_RUNS_HEADER }),
    )
    .digest('hex');
  const runsFile = join(out, 'sobol-runs.csv');
  const metaFile = join(out, 'sobol.json');
  const perRun = Object.keys(OUTPUTS).map(() => new Float64Array(runCount));
  let done: Uint8Array | undefined;
  let skipped = 0;
  // One writer per folder: the lock is held from before anything is read until the results are written.
  const lock = options.resume
    ? lockOutDir(out)
    : prepareOutDir(out, (f) => SOBOL_FILES.test(f), { force: options.force });
  try {
    return await runLocked();
  } finally {
    lock.release();
  }

  async function runLocked(): Promise<SobolResult> {
    const resuming = Boolean(options.resume) && existsSync(runsFile);
    if (resuming) {
      const meta = existsSync(metaFile)
        ? (JSON.parse(readTextBounded(metaFile, LIMITS.jsonBytes, { regularOnly: true })) as {
            identity?: string;
          })
        : {};
      if (meta.identity !== identity)
        throw new UsageError(
          `${out}: holds another analysis; --resume needs the same scenario, factors, --samples, --replicates and --seed`,
        );
      ({ done, count: skipped } = readRows(runsFile, replicates, perRun));
    } else {
      writeFileAtomic(
        metaFile,
        `${JSON.stringify(
          {
            command: 'sensitivity --method sobol',
            identity,
            scenario: base.id,
            samples: n,
            factors: fs,
            replicates,
            seed: options.seed,
            points,
            runs: runCount,
            seeds: 'replicate r of every point runs with replicateSeed(seed, r) (common random numbers)',
            design: 'Saltelli et al. (2010): A, B and A_B^(i), seeded Monte Carlo',
          },
          null,
          2,
        )}\n`,
      );
    }
    const fd = openSync(runsFile, resuming ? 'a' : 'w');
    let completed = 0;
    let finished = false;
    try {
      if (!resuming || readFileSync(runsFile, 'utf8') === '') writeSync(fd, csvLine(SOBOL_RUNS_HEADER));
      const todo = function* () {
        for (let i = 0; i < runCount; i++) if (!done?.[i]) yield i;
      };
      const plan: SobolPlanData = {
        base,
        factors: fs,
        n,
        a: d.a,
        b: d.b,
        replicates,
        baseSeed: options.seed,
      };
      finished = await executeRuns(
        null,
        todo(),
        runCount - skipped,
        (lines) => {
          for (const line of lines) {
            writeSync(fd, line);
            const f = splitCsvLine(line.trimEnd());
            const i = Number(f[0]) * replicates + Number(f[1]);
            perRun.forEach((col, o) => {
              col[i] = Number(f[3 + o]);
            });
          }
          completed += lines.length;
          options.onProgress?.(skipped + completed, runCount);
        },
        {
          workers: options.workers,
          signal: options.signal,
          worker: { filename: workerFile('sobol-worker', import.meta.url), data: plan },
        },
      );
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const names = fs.map((f) => f.path);
    const indices = finished
      ? Object.keys(OUTPUTS).flatMap((o, oi) =>
          sobolWithIntervals(
            pointMeans(perRun[oi], replicates),
            names,
            n,
            o,
            options.bootstrap ?? 1000,
            options.seed,
          ),
        )
      : [];
    if (finished) {
      writeFileAtomic(join(out, 'sobol.csv'), sobolCsv(indices));
      writeFileAtomic(
        join(out, 'sobol.svg'),
        await sobolSvg(
          indices,
          `${base.id}: Sobol indices, N = ${n}, ${runCount} runs (${replicates} replicate${replicates > 1 ? 's' : ''} per point)`,
        ),
      );
    }
    return { indices, runs: runCount, skipped, interrupted: !finished, identity };
  }
}

// -----------------------------------------------------------------------------------------------
// Outputs: sobol.csv and the chart.

const cell = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : '');

export function sobolCsv(indices: readonly SobolIndex[]): string {
  const cols = ['factor', 'output', 'S1', 'S1_low', 'S1_high', 'ST', 'ST_low', 'ST_high'] as const;
  return (
    csvLine([...cols]) +
    indices
      .map((r) => csvLine(cols.map((c) => (typeof r[c] === 'number' ? cell(r[c] as number) : String(r[c])))))
      .join('')
  );
}

/** Per output, the leading factors by ST: bars of S1 (dark) and ST (light) with their intervals. */
export async function sobolSvg(indices: readonly SobolIndex[], title: string, shown = 12): Promise<string> {
  const d3 = await import('d3');
  const outputs = [...new Set(indices.map((r) => r.output))];
  const cols = 2;
  const PW = 480;
  const bar = 16;
  const m = { top: 34, right: 16, bottom: 30, left: 230 };
  const PH = m.top + m.bottom + shown * bar;
  const rows = Math.ceil(outputs.length / cols);
  const W = cols * PW;
  const H = rows * PH + 48;
  const parts = [
    ...svgStart(W, H, title),
    `<rect x="${W / 2 - 150}" y="28" width="10" height="8" fill="#4e79a7"/><text x="${W / 2 - 136}" y="36">first order S1</text>`,
    `<rect x="${W / 2 - 40}" y="28" width="10" height="8" fill="#a0cbe8"/><text x="${W / 2 - 26}" y="36">total ST (lines: bootstrap 95% intervals)</text>`,
  ];
  outputs.forEach((o, q) => {
    const ox = (q % cols) * PW;
    const oy = 44 + Math.floor(q / cols) * PH;
    const rs = indices
      .filter((r) => r.output === o && Number.isFinite(r.ST))
      .sort((a, b) => b.ST - a.ST || a.factor.localeCompare(b.factor))
      .slice(0, shown);
    const x = d3
      .scaleLinear()
      .domain([
        0,
        Math.max(0.1, ...rs.map((r) => Math.max(r.ST_high, r.S1_high, r.ST)).filter(Number.isFinite)),
      ])
      .nice()
      .range([ox + m.left, ox + PW - m.right]);
    parts.push(
      `<text x="${ox + PW / 2}" y="${oy + 16}" text-anchor="middle" font-size="12">${esc(o)}</text>`,
    );
    if (rs.length === 0)
      parts.push(
        `<text x="${ox + PW / 2}" y="${oy + 50}" text-anchor="middle">no variance in this output</text>`,
      );
    for (const t of x.ticks(5))
      parts.push(
        `<line x1="${x(t)}" x2="${x(t)}" y1="${oy + m.top - 4}" y2="${oy + PH - m.bottom}" stroke="#eee"/>`,
        `<text x="${x(t)}" y="${oy + PH - m.bottom + 12}" text-anchor="middle">${t}</text>`,
      );
    const x0 = x(0);
    rs.forEach((r, i) => {
      const y = oy + m.top + i * bar;
      const w = (v: number) => Math.max(0, x(Math.max(0, v)) - x0).toFixed(1);
      parts.push(
        `<text x="${ox + m.left - 5}" y="${y + bar - 5}" text-anchor="end">${esc(r.factor)}</text>`,
        `<rect x="${x0}" y="${y + 2}" width="${w(r.ST)}" height="${bar - 4}" fill="#a0cbe8"/>`,
        `<rect x="${x0}" y="${y + 5}" width="${w(r.S1)}" height="${bar - 10}" fill="#4e79a7"/>`,
      );
      if ([r.ST_low, r.ST_high, r.S1_low, r.S1_high].every(Number.isFinite))
        parts.push(
          `<line x1="${x(Math.max(0, r.ST_low)).toFixed(1)}" x2="${x(Math.max(0, r.ST_high)).toFixed(1)}" y1="${y + 3}" y2="${y + 3}" stroke="#555"/>`,
          `<line x1="${x(Math.max(0, r.S1_low)).toFixed(1)}" x2="${x(Math.max(0, r.S1_high)).toFixed(1)}" y1="${y + bar - 3}" y2="${y + bar - 3}" stroke="#222"/>`,
        );
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
