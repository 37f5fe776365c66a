// The sweep runner: runs of a plan on a worker-thread pool (piscina), rows streamed to runs.csv
// one whole line per write as runs finish, bounded batches in flight so memory stays flat,
// --resume from the rows on disk, --shard i/n for array jobs. Results never depend on order.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { capWorkers } from './workers.ts';

export { capWorkers };

import { LIMITS } from '../sim/scenario/limits.ts';
import { csvLine, SWEEP_WEEKLY_KEYS, type WeeklyRun, weeklySeries } from './columns.ts';
import { errnoReason, UsageError } from './errors.ts';
import {
  defaultOutDir,
  loadScenario,
  pilotnetVersion,
  prepareOutDir,
  readTextBounded,
  SCENARIOS_DIR,
} from './io.ts';
import { writeManifest } from './manifest.ts';
import { lockOutDir, markComplete, markIncomplete, writeFileAtomic } from './outdir.ts';
import { scanRuns, wholeRowsLength } from './runs-file.ts';
import { buildPlan, planData, type SweepPlan, type SweepPlanData } from './sweep-spec.ts';

/** The i-th of n slices (1-based): runs whose canonical index mod n is i - 1. */
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard ${text}: expected i/n with 1 <= i <= n, such as 2/8`);
  return { index, count };
}

export interface SweepProgress {
  /** Runs of this shard on disk (resumed ones included). */
  done: number;
  /** Runs in this shard. */
  total: number;
  /** Runs skipped because they were already on disk (--resume). */
  skipped: number;
}

export interface SweepOptions {
  /** Output folder (default results/<sweep id>-<timestamp>/). */
  out?: string;
  /** Worker threads (default: all cores). */
  workers?: number;
  resume?: boolean;
  force?: boolean;
  shard?: Shard;
  /** Abort to stop submitting; runs in flight finish and are written, then the file is closed. */
  signal?: AbortSignal;
  onStart?: (p: SweepProgress) => void;
  onProgress?: (p: SweepProgress) => void;
  /**
   * Runs per worker task (default: adaptive, up to 50: a stop drops at most 4 batches per worker,
   * redone on --resume; each task costs the pool about a millisecond, so batches of 10 cost a
   * 2-worker sweep of 10,000 runs about a sixth of its time, measured in bench/start.ts).
   */
  batchSize?: number;
  /**
   * Weekly series (weekly.csv columns, checked by parseWeeklyColumns) to write per run into the
   * folder's weekly.csv, besides runs.csv. Each run then runs in full (weekly records kept).
   */
  weekly?: string[];
  /**
   * A pool to run on (createPool with no plan), kept open afterwards: a caller that runs many small
   * sweeps (an ABC calibration runs three per batch of particles) starts its workers once.
   */
  pool?: RunPool;
}

export interface SweepReport {
  out: string;
  runs: number;
  skipped: number;
  completed: number;
  interrupted: boolean;
  hash: string;
}

/** Canonical run indices of a shard (run = point * replicates + replicate), skipping done ones. */
export function* shardRuns(total: number, shard: Shard, done?: Uint8Array): Generator<number> {
  for (let i = shard.index - 1; i < total; i += shard.count) if (!done?.[i]) yield i;
}

export const shardSize = (total: number, shard: Shard): number =>
  total >= shard.index ? Math.floor((total - shard.index) / shard.count) + 1 : 0;

/**
 * The Node flags of this process that a worker thread accepts: module loading (--import,
 * --require, --loader, --conditions) and source maps. Process-wide flags such as
 * --max-old-space-size are refused by workers (ERR_WORKER_INVALID_EXEC_ARGV); their heap is set
 * by resourceLimits instead.
 */
export function nodeFlagsForWorkers(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  const withValue = /^(--import|--require|-r|--loader|--experimental-loader|--conditions|-C)$/;
  const inline =
    /^(--import|--require|--loader|--experimental-loader|--conditions)=|^--enable-source-maps$|^--no-warnings$/;
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i];
    if (withValue.test(a) && i + 1 < execArgv.length) out.push(a, execArgv[++i]);
    else if (inline.test(a)) out.push(a);
  }
  return out;
}

/**
 * A worker module's file, next to the module that starts it: built JavaScript when that module is
 * itself built (lib/, what the CLI and the package run), else the TypeScript source (tests, tsx),
 * which the worker loads through tsx. `name` without extension, `from` the caller's import.meta.url.
 */
export function workerFile(name: string, from: string): string {
  return new URL(`./${name}.${from.endsWith('.ts') ? 'ts' : 'js'}`, from).href;
}

/** Node flags for a worker: a TypeScript worker loads through tsx, resolved from this package. */
function workerExecArgv(filename: string): string[] {
  const argv = nodeFlagsForWorkers(process.execArgv);
  const hasTsx = argv.some((a) => a.includes('tsx'));
  return hasTsx || !filename.endsWith('.ts') ? [...argv] : [...argv, '--import', import.meta.resolve('tsx')];
}

const WORKER_PROBLEMS = 'pilotnet-problems\n';

export interface ExecuteOptions {
  workers?: number;
  batchSize?: number;
  signal?: AbortSignal;
  /** Another worker module and its data (the Sobol' design: cli/sobol-worker.ts); default the sweep's. */
  worker?: { filename: string; data: unknown };
  /**
   * A pool to run on (createPool), kept open afterwards: a caller that runs many small plans (a
   * design search, one plan per generation) starts its workers once. Its owner destroys it.
   */
  pool?: RunPool;
  /** Fields sent with every batch besides its runs (the plan, to a pool made without one). */
  task?: Record<string, unknown>;
}

/**
 * A pool of worker threads made by createPool, opaque to its callers (so that the package's types
 * need no Node.js types): pass it to executeRuns, and `destroy()` it when done.
 */
export interface RunPool {
  destroy(): Promise<void>;
}

/**
 * A worker pool of `workers` threads on a worker module (default the sweep's, with `data` as its
 * plan; null when each task brings its plan).
 */
export function createPool(
  workers: number,
  data: unknown,
  filename = workerFile('sweep-worker', import.meta.url),
): RunPool {
  return new Piscina({
    filename,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    workerData: data,
    execArgv: workerExecArgv(filename),
    // Heap limits keep memory flat: V8's defaults let each worker's heap grow to ~100 MB on this
    // short-lived garbage (measured, 10,000 default runs on 2 workers: 320 MB peak RSS in all
    // without limits, 240 MB with these). 512 MB of old generation still fits large scenarios.
    resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 512 },
  });
}

/**
 * Run the given runs of a plan on a pool and hand each finished batch's lines to `onLines`.
 * At most 4 batches per worker are in flight, so memory does not grow with the sweep.
 * Returns false when stopped by the signal.
 */
export async function executeRuns<T = string>(
  plan: SweepPlanData | null,
  runs: Iterable<number>,
  count: number,
  onLines: (lines: T[]) => void,
  options: ExecuteOptions = {},
): Promise<boolean> {
  const requested = options.workers ?? availableParallelism();
  if (!Number.isInteger(requested) || requested < 1)
    throw new UsageError(`--workers: expected a whole number >= 1, got ${requested}`);
  // More threads than cores only add memory (each worker holds a heap): capped, see capWorkers.
  const workers = Math.min(requested, availableParallelism());
  if (count === 0) return true;
  const batch = options.batchSize ?? Math.max(1, Math.min(50, Math.ceil(count / (workers * 16))));
  const pool = (options.pool ??
    createPool(
      workers,
      options.worker ? options.worker.data : plan,
      options.worker?.filename ?? workerFile('sweep-worker', import.meta.url),
    )) as Piscina;
  const inflight = new Set<Promise<void>>();
  let failure: unknown = null;
  // Once stopped, batches still in flight are dropped (their runs are redone on --resume): the
  // pool is destroyed at once, so a signal stops the sweep within a run's time, not a batch's.
  let closed = false;
  const signal = options.signal;
  // The listener is removed when the sweep ends: a command that runs many sweeps on one signal
  // (an ABC calibration runs three per batch of particles) would otherwise pile them up.
  let onAbort = () => {};
  const stopped = new Promise<void>((res) => {
    if (signal?.aborted) res();
    onAbort = () => res();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const submit = (ids: number[]) => {
    const p: Promise<void> = pool
      .run({ runs: ids, ...options.task })
      .then((lines: T[]) => {
        if (!failure && !closed) onLines(lines);
      })
      .catch((e: unknown) => {
        if (!closed && !signal?.aborted) failure ??= e;
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };
  try {
    let ids: number[] = [];
    for (const i of runs) {
      if (signal?.aborted || failure) break;
      ids.push(i);
      if (ids.length === batch) {
        submit(ids);
        ids = [];
        while (inflight.size >= workers * 4 && !signal?.aborted) await Promise.race([...inflight, stopped]);
      }
    }
    if (ids.length && !signal?.aborted && !failure) submit(ids);
    while (inflight.size && !signal?.aborted) await Promise.race([...inflight, stopped]);
  } finally {
    closed = true;
    signal?.removeEventListener('abort', onAbort);
    if (!options.pool) await pool.destroy();
  }
  if (failure) {
    const msg = failure instanceof Error ? failure.message : String(failure);
    if (msg.startsWith(WORKER_PROBLEMS)) throw new UsageError(msg.slice(WORKER_PROBLEMS.length));
    throw failure;
  }
  return !options.signal?.aborted;
}

const SWEEP_FILES = /^(runs\.csv|weekly\.csv|sweep\.json|manifest\.json)$/;

/** The provenance written to sweep.json when a sweep starts. */
function sweepRecord(plan: SweepPlan, shard: Shard, weekly: readonly string[] = []) {
  return {
    pilotnet: pilotnetVersion(),
    command: 'sweep',
    id: plan.id,
    file: plan.file,
    sweepHash: plan.hash,
    scenario: { file: plan.scenario.file, id: plan.base.id, sha256: plan.scenario.hash },
    factors: plan.factors,
    points: plan.points,
    replicates: plan.replicates,
    baseSeed: plan.baseSeed,
    seeds: 'replicate r of every point runs with replicateSeed(baseSeed, r)',
    pointCount: plan.pointCount,
    runCount: plan.runCount,
    shard: shard.count > 1 ? shard : null,
    columns: plan.header,
    ...(weekly.length ? { weekly: [...SWEEP_WEEKLY_KEYS, ...weekly] } : {}),
    resolvedScenario: plan.base,
  };
}

/** sweep.json of a folder to resume; damaged or foreign content is a usage error naming it. */
function readSweepRecord(file: string): ReturnType<typeof sweepRecord> {
  let meta: unknown;
  try {
    meta = JSON.parse(readTextBounded(file, LIMITS.jsonBytes, { what: 'sweep.json', regularOnly: true }));
  } catch (e) {
    const why = e instanceof SyntaxError ? 'damaged (not valid JSON)' : errnoReason(e);
    throw new UsageError(
      `${file}: ${why}; cannot tell which sweep the folder holds (start again with --force)`,
    );
  }
  if (!meta || typeof meta !== 'object' || typeof (meta as { sweepHash?: unknown }).sweepHash !== 'string')
    throw new UsageError(
      `${file}: damaged (no sweepHash); cannot tell which sweep the folder holds (start again with --force)`,
    );
  return meta as ReturnType<typeof sweepRecord>;
}

function openOrFail(file: string, flags: string): number {
  try {
    return openSync(file, flags);
  } catch (e) {
    throw new UsageError(`${file}: cannot open for writing: ${errnoReason(e)}`);
  }
}

/** writeSync with the file named in the error (a full disk, a revoked permission). */
function writeOrFail(fd: number, text: string, file: string): void {
  try {
    writeSync(fd, text);
  } catch (e) {
    throw new UsageError(`${file}: cannot write: ${errnoReason(e)}`);
  }
}

/** The whole lines of a rows file; a partial last line (a run killed mid-write) is cut from the file. */
export function readWholeLines(file: string): string {
  const text = readFileSync(file, 'utf8');
  const lastNewline = text.lastIndexOf('\n');
  if (lastNewline === text.length - 1) return text;
  // The run whose row was torn is redone.
  truncateSync(file, Buffer.byteLength(text.slice(0, lastNewline + 1)));
  return text.slice(0, lastNewline + 1);
}

/**
 * Read the runs already in runs.csv, streamed; cut a torn last line. Every row is checked: a run
 * of this sweep and shard, not there twice, no cell a spreadsheet would run as a formula (the
 * writer never leaves one: such a row was put there by hand). Returns the done bitmap and count.
 */
async function readDone(
  file: string,
  plan: SweepPlan,
  shard: Shard,
): Promise<{ done: Uint8Array; count: number }> {
  const done = new Uint8Array(plan.runCount);
  let count = 0;
  const { whole, size } = wholeRowsLength(file);
  // The run whose row was torn is redone.
  if (whole < size) truncateSync(file, whole);
  const header = csvLine(plan.header).replace(/\r?\n$/, '');
  const R = plan.replicates;
  await scanRuns(
    file,
    whole,
    (head) => {
      if (head !== header)
        throw new UsageError(`${file}: its columns differ from this sweep's; it belongs to another sweep`);
    },
    (row) => {
      const { point, replicate } = row;
      const i = point * R + replicate;
      if (point >= plan.pointCount || replicate >= R || i % shard.count !== shard.index - 1)
        throw new UsageError(
          `${file}: line ${row.line}: holds run (point ${point}, replicate ${replicate}) that is not in this sweep or shard`,
        );
      if (done[i])
        throw new UsageError(
          `${file}: line ${row.line}: run (point ${point}, replicate ${replicate}) is there twice; the file was edited or written by two sweeps (start again with --force)`,
        );
      if (row.formula)
        throw new UsageError(
          `${file}: line ${row.line}: a cell that a spreadsheet would run as a formula; pilotnet never writes one (start again with --force)`,
        );
      done[i] = 1;
      count++;
    },
  );
  return { done, count };
}

/** Run a sweep plan into a folder: sweep.json (provenance) and runs.csv (one row per run). */
export async function sweep(plan: SweepPlan, options: SweepOptions = {}): Promise<SweepReport> {
  const shard = options.shard ?? { index: 1, count: 1 };
  const out =
    options.out ??
    defaultOutDir(shard.count > 1 ? `${plan.id}-shard${shard.index}of${shard.count}` : plan.id);
  const runsFile = join(out, 'runs.csv');
  const metaFile = join(out, 'sweep.json');
  const weekly = options.weekly ?? [];
  if (weekly.length) {
    const bad = weekly.filter((c) => !weeklySeries().includes(c));
    if (bad.length) throw new UsageError(`--weekly: no weekly series ${bad.join(', ')}`);
    // The weekly rows of runs cut short by a stop cannot be told from whole ones: run it again.
    if (options.resume)
      throw new UsageError(
        '--resume: not with --weekly; run the sweep again with --force (same seeds, same rows)',
      );
  }
  const weeklyFile = join(out, 'weekly.csv');
  const record = sweepRecord(plan, shard, weekly);
  let done: Uint8Array | undefined;
  let skipped = 0;
  // One writer per folder: the lock is taken before anything in it is read, removed or written.
  const lock = options.resume
    ? lockOutDir(out)
    : prepareOutDir(out, (f) => SWEEP_FILES.test(f), { force: options.force });
  const total = shardSize(plan.runCount, shard);
  let completed = 0;
  let finished = false;
  try {
    const resuming = options.resume && existsSync(runsFile);
    if (resuming) {
      if (!existsSync(metaFile))
        throw new UsageError(`${out}: has runs.csv but no sweep.json; cannot tell which sweep it holds`);
      const meta = readSweepRecord(metaFile);
      if (meta.sweepHash !== plan.hash)
        throw new UsageError(
          `${out}: holds a different sweep (${meta.id}, ${meta.file}); --resume needs the same sweep file, flags and scenario`,
        );
      if (JSON.stringify(meta.shard) !== JSON.stringify(record.shard))
        throw new UsageError(
          `${out}: holds shard ${meta.shard ? `${meta.shard.index}/${meta.shard.count}` : '(none)'}; resume it with the same --shard`,
        );
      ({ done, count: skipped } = await readDone(runsFile, plan, shard));
    } else {
      writeFileAtomic(metaFile, `${JSON.stringify(record, null, 2)}\n`);
    }
    markIncomplete(
      out,
      `${total - skipped} of the ${total} runs of sweep ${plan.id} were not yet in runs.csv`,
    );
    const fd = openOrFail(runsFile, resuming ? 'a' : 'w');
    const wfd = weekly.length ? openOrFail(weeklyFile, 'w') : -1;
    if (wfd >= 0) writeOrFail(wfd, csvLine([...SWEEP_WEEKLY_KEYS, ...weekly]), weeklyFile);
    try {
      // A sweep killed before its header was whole resumes from an empty file.
      if (!resuming || fstatSync(fd).size === 0) writeOrFail(fd, csvLine(plan.header), runsFile);
      const progress = { done: skipped, total, skipped };
      options.onStart?.({ ...progress });
      const data = planData(plan, weekly);
      finished = await executeRuns<string | WeeklyRun>(
        options.pool ? null : weekly.length ? { ...plan, weekly } : plan,
        shardRuns(plan.runCount, shard, done),
        total - skipped,
        (lines: (string | WeeklyRun)[]) => {
          // One write per row: a kill leaves at most the row being written torn, never a mix. A
          // run's weekly rows go first, so a row in runs.csv means its weekly rows are whole.
          for (const line of lines) {
            if (typeof line === 'string') writeOrFail(fd, line, runsFile);
            else {
              writeOrFail(wfd, line.weekly, weeklyFile);
              writeOrFail(fd, line.run, runsFile);
            }
          }
          completed += lines.length;
          progress.done = skipped + completed;
          options.onProgress?.({ ...progress });
        },
        {
          workers: options.workers,
          batchSize: options.batchSize,
          signal: options.signal,
          ...(options.pool
            ? { pool: options.pool, task: { plan: data, planKey: `${plan.hash}:${weekly.join(',')}` } }
            : {}),
        },
      );
      fsyncSync(fd);
      if (wfd >= 0) fsyncSync(wfd);
    } finally {
      closeSync(fd);
      if (wfd >= 0) closeSync(wfd);
    }
    if (finished) markComplete(out);
    else
      markIncomplete(
        out,
        `sweep ${plan.id} was interrupted: ${total - skipped - completed} of its ${total} runs are missing (continue it with --resume)`,
      );
    writeManifest(
      out,
      'sweep',
      [{ id: plan.base.id, file: plan.scenario.file, sha256: plan.scenario.hash }],
      {
        ...options,
        pool: undefined,
        sweep: plan.file,
        shard,
      },
    );
  } finally {
    lock.release();
  }
  return { out, runs: total, skipped, completed, interrupted: !finished, hash: plan.hash };
}

/**
 * For benchmarks: N runs of the default scenario (one point, N replicates) on W workers, kept in
 * memory. Returns how many rows came back and a digest of the sorted rows (timing is the caller's).
 */
export async function sweepDefaultRuns(
  runs: number,
  workers: number,
  options: { batchSize?: number } = {},
): Promise<{ runs: number; rows: number; digest: string }> {
  const scenario = loadScenario(join(SCENARIOS_DIR, 'default.json'));
  const plan = buildPlan({
    id: 'bench',
    file: scenario.file,
    scenario,
    factors: [],
    points: [{}],
    replicates: runs,
    seed: undefined,
  });
  const lines: string[] = [];
  await executeRuns(
    plan,
    shardRuns(plan.runCount, { index: 1, count: 1 }),
    plan.runCount,
    (l) => lines.push(...l),
    {
      workers,
      batchSize: options.batchSize,
    },
  );
  lines.sort();
  const hash = createHash('sha256');
  for (const l of lines) hash.update(l);
  return { runs, rows: lines.length, digest: hash.digest('hex') };
}
