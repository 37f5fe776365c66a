// Global sensitivity by Sobol' indices (MODEL.md §10) on pilotnet: Saltelli's design
// (methods/saltelli.ts) and the estimators (methods/sobol.ts) applied to the model. Runs go through
// the sweep's worker pool and are kept on disk one row per run, keyed by (point, replicate), so a
// killed analysis resumes, and a cluster can run the design in shards that one analysis reads.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine, splitCsvLine } from '../exec/columns.ts';
import { UsageError } from '../exec/errors.ts';
import { fingerprint, prepareOutDir, readTextBounded } from '../exec/io.ts';
import { writeManifest } from '../exec/manifest.ts';
import { lockOutDir, writeFileAtomic } from '../exec/outdir.ts';
import { inShard, readShardSet } from '../exec/shards.ts';
import { executeRuns, readWholeLines, type Shard, shardRuns, shardSize, workerFile } from '../exec/sweep.ts';
import { designSize, type Factor, saltelliDesign } from '../methods/saltelli.ts';
import { pointMeans, type SobolIndex, sobolWithIntervals } from '../methods/sobol.ts';
import type { Scenario } from '../sim/index.ts';
import { LIMITS } from '../sim/scenario/limits.ts';
import { esc, OUTPUTS, svgStart } from './sensitivity-outputs.ts';

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
const SOBOL_FILES = /^(sobol-runs\.csv|sobol\.json|sobol\.csv|sobol\.svg|sobol\.manifest\.json)$/;

export interface SobolRunOptions {
  out: string;
  samples: number;
  replicates: number;
  seed: number;
  workers?: number;
  bootstrap?: number;
  resume?: boolean;
  force?: boolean;
  /** Run only this shard of the design's runs and leave the indices to `analyseSobol`. */
  shard?: Shard;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface SobolResult {
  indices: SobolIndex[];
  /** Runs of this folder: the whole design's, or the shard's. */
  runs: number;
  skipped: number;
  interrupted: boolean;
  identity: string;
}

/** sobol.json: the design's record, written when the runs start (`shard` only in a shard's folder). */
export interface SobolRecord {
  command: string;
  identity: string;
  scenario: string;
  samples: number;
  factors: Factor[];
  replicates: number;
  seed: number;
  points: number;
  runs: number;
  shard?: string;
  seeds: string;
  design: string;
}

/**
 * Read a folder's rows into `perRun` (outputs per canonical run index) and `done`. Every row must
 * be a run of `shard`. A torn last line is cut when `repair` (resuming our own folder), else skipped
 * (another process's folder is only read): that run then counts as missing.
 */
function readRows(
  file: string,
  replicates: number,
  perRun: Float64Array[],
  done: Uint8Array,
  shard: Shard,
  repair: boolean,
): number {
  const runCount = perRun[0].length;
  let count = 0;
  const text = repair ? readWholeLines(file) : readFileSync(file, 'utf8');
  const header = csvLine(SOBOL_RUNS_HEADER);
  if (text === '') return count;
  if (!text.startsWith(header)) throw new UsageError(`${file}: its columns differ from this analysis's`);
  const lines = text.slice(header.length).split('\n');
  if (!repair) lines.pop(); // the text after the last newline: '' or a torn row
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
    if (!inShard(i, shard))
      throw new UsageError(
        `${file}: holds run (point ${p}, replicate ${r}), which is not in shard ${shard.index}/${shard.count}`,
      );
    if (!done[i]) count++;
    done[i] = 1;
    perRun.forEach((col, o) => {
      col[i] = Number(f[3 + o]);
    });
  }
  return count;
}

/** The indices of every output from the runs' outputs, and sobol.csv and sobol.svg written. */
async function writeAnalysis(
  out: string,
  record: SobolRecord,
  perRun: readonly Float64Array[],
  bootstrap: number,
): Promise<SobolIndex[]> {
  const { samples: n, replicates } = record;
  const names = record.factors.map((f) => f.path);
  const indices = Object.keys(OUTPUTS).flatMap((o, oi) =>
    sobolWithIntervals(pointMeans(perRun[oi], replicates), names, n, o, bootstrap, record.seed),
  );
  writeFileAtomic(join(out, 'sobol.csv'), sobolCsv(indices));
  writeFileAtomic(
    join(out, 'sobol.svg'),
    await sobolSvg(
      indices,
      `${record.scenario}: Sobol indices, N = ${n}, ${record.runs} runs (${replicates} replicate${replicates > 1 ? 's' : ''} per point)`,
    ),
  );
  return indices;
}

/**
 * Run the design on the pool into `out/sobol-runs.csv` (one row per run, appended as runs finish),
 * then compute the indices. `resume` keeps the rows of an interrupted analysis of the same identity
 * (scenario, factors, samples, replicates, seed) and runs only the missing ones. With `shard`, only
 * that shard's runs, and no indices: `analyseSobol` reads the shards' folders together.
 */
export async function runSobol(base: Scenario, fs: Factor[], options: SobolRunOptions): Promise<SobolResult> {
  const { out, samples: n, replicates } = options;
  const shard = options.shard ?? { index: 1, count: 1 };
  const k = fs.length;
  const d = saltelliDesign(k, n, options.seed);
  const points = designSize(d);
  const runCount = points * replicates;
  const ownRuns = shardSize(runCount, shard);
  const identity = createHash('sha256')
    .update(
      JSON.stringify({ base, factors: fs, n, replicates, seed: options.seed, header: SOBOL_RUNS_HEADER }),
    )
    .digest('hex');
  const runsFile = join(out, 'sobol-runs.csv');
  const metaFile = join(out, 'sobol.json');
  const perRun = Object.keys(OUTPUTS).map(() => new Float64Array(runCount));
  const done = new Uint8Array(runCount);
  let skipped = 0;
  const shardText = options.shard ? `${shard.index}/${shard.count}` : undefined;
  const record: SobolRecord = {
    command: 'sensitivity --method sobol',
    identity,
    scenario: base.id,
    samples: n,
    factors: fs,
    replicates,
    seed: options.seed,
    points,
    runs: runCount,
    shard: shardText,
    seeds: 'replicate r of every point runs with replicateSeed(seed, r) (common random numbers)',
    design: 'Saltelli et al. (2010): A, B and A_B^(i), seeded Monte Carlo',
  };
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
        ? (JSON.parse(
            readTextBounded(metaFile, LIMITS.jsonBytes, { regularOnly: true }),
          ) as Partial<SobolRecord>)
        : {};
      if (meta.identity !== identity || meta.shard !== shardText)
        throw new UsageError(
          `${out}: holds another analysis; --resume needs the same scenario, factors, --samples, --replicates, --seed and --shard`,
        );
      skipped = readRows(runsFile, replicates, perRun, done, shard, true);
    } else {
      writeFileAtomic(metaFile, `${JSON.stringify(record, null, 2)}\n`);
    }
    const fd = openSync(runsFile, resuming ? 'a' : 'w');
    let completed = 0;
    let finished = false;
    try {
      if (!resuming || readFileSync(runsFile, 'utf8') === '') writeSync(fd, csvLine(SOBOL_RUNS_HEADER));
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
        shardRuns(runCount, shard, done),
        ownRuns - skipped,
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
          options.onProgress?.(skipped + completed, ownRuns);
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
    const indices =
      finished && !options.shard ? await writeAnalysis(out, record, perRun, options.bootstrap ?? 1000) : [];
    if (finished)
      writeManifest(
        out,
        'sensitivity',
        [{ id: base.id, sha256: fingerprint(base).hash }],
        { ...options, method: 'sobol', replicates: record.replicates, samples: record.samples },
        'sobol.manifest.json',
      );
    return { indices, runs: ownRuns, skipped, interrupted: !finished, identity };
  }
}

export interface SobolAnalysis {
  indices: SobolIndex[];
  record: SobolRecord;
  runs: number;
  folders: number;
}

/**
 * The indices from the folders of a design run in shards (or of one whole run): every shard once,
 * every run present. The same runs give the same bytes as the analysis of a local run: sobol.csv and
 * sobol.svg are computed from the runs' outputs by run index, whatever folder or order they came in.
 */
export async function analyseSobol(
  dirs: readonly string[],
  options: { out: string; bootstrap?: number; force?: boolean },
): Promise<SobolAnalysis> {
  const folders = readShardSet<SobolRecord>(dirs, 'sobol.json', options.out, 'sensitivity --method sobol');
  const record = folders[0].record;
  const { runs: runCount, replicates } = record;
  const fileName = join(folders[0].dir, 'sobol.json');
  if (!Number.isSafeInteger(runCount) || runCount < 1 || runCount > 100_000_000)
    throw new UsageError(`${fileName}: $.runs: expected a whole number from 1 to 100000000`);
  if (
    !Array.isArray(record.factors) ||
    !Number.isSafeInteger(record.samples) ||
    !Number.isSafeInteger(replicates) ||
    record.points !== record.samples * (record.factors.length + 2) ||
    runCount !== record.points * replicates
  )
    throw new UsageError(`${fileName}: $.runs: expected samples x (factors + 2) x replicates`);
  const perRun = Object.keys(OUTPUTS).map(() => new Float64Array(runCount));
  const done = new Uint8Array(runCount);
  const short: string[] = [];
  for (const f of folders) {
    const file = join(f.dir, 'sobol-runs.csv');
    const got = existsSync(file) ? readRows(file, replicates, perRun, done, f.shard, false) : 0;
    const want = shardSize(runCount, f.shard);
    if (got < want) short.push(`${f.dir}: ${got} of its ${want} runs (run it again with --resume)`);
  }
  if (short.length) throw new UsageError(`sensitivity --analyse: runs missing:\n  ${short.join('\n  ')}`);
  const lock = prepareOutDir(options.out, (f) => SOBOL_FILES.test(f), { force: options.force });
  try {
    const analysis: SobolRecord & { analysed: string[] } = {
      ...record,
      shard: undefined,
      analysed: folders.map((f) => `${f.dir} (${f.shard.index}/${f.shard.count})`),
    };
    writeFileAtomic(join(options.out, 'sobol.json'), `${JSON.stringify(analysis, null, 2)}\n`);
    const indices = await writeAnalysis(options.out, record, perRun, options.bootstrap ?? 1000);
    return { indices, record, runs: runCount, folders: folders.length };
  } finally {
    lock.release();
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
