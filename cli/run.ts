// The run command: R seeded replicates of one scenario, written as tidy tables (runs.csv,
// weekly.csv), an event log, the final network of each replicate (GEXF) and a provenance summary.
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  consortiumRecord,
  csvLine,
  formatValue,
  groupIds,
  KEY_COLUMNS,
  layoutFor,
  runRow,
  runsHeader,
  shortHash,
  weeklyHeader,
  weeklyRow,
} from '../exec/columns.ts';
import { errnoReason, UsageError } from '../exec/errors.ts';
import {
  defaultOutDir,
  fingerprint,
  type LoadedScenario,
  pilotnetVersion,
  prepareOutDir,
} from '../exec/io.ts';
import { writeManifest } from '../exec/manifest.ts';
import { INCOMPLETE_FILE, makeDir, markComplete, markIncomplete, writeFileAtomic } from '../exec/outdir.ts';
import { xmlSafe } from '../report/xml.ts';
import { withVizNamespace } from '../sim/graph.ts';
import {
  createRunContext,
  createSimulation,
  type RunResult,
  type RunSummary,
  replicateSeed,
  type Scenario,
  type Snapshot,
  simulate,
  toGraph,
} from '../sim/index.ts';
import { LIMITS } from '../sim/scenario/limits.ts';
import { type OutcomeStats, summariseRecords, summaryRecords } from './summary.ts';

export interface ReplicateOptions {
  /** Number of replicates (default 1). */
  replicates?: number;
  /** Base seed (default: the scenario's seed). Replicate r runs with replicateSeed(seed, r). */
  seed?: number;
}

export interface Replicate {
  replicate: number;
  seed: number;
  result: RunResult;
  /** The network at the end of the run. */
  snapshot: Snapshot;
}

export function checkCount(
  name: string,
  n: number | undefined,
  fallback: number,
  min = 1,
  max = name === '--replicates' ? LIMITS.replicates : Number.MAX_SAFE_INTEGER,
): number {
  const v = n ?? fallback;
  if (!Number.isInteger(v) || v < min)
    throw new UsageError(`${name}: expected a whole number >= ${min}, got ${v}`);
  if (v > max) throw new UsageError(`${name}: ${v} is above the limit of ${max}`);
  return v;
}

/** The seeds of replicates 0..R-1: identity (base seed, replicate), never order. */
export function replicateSeeds(base: number, replicates: number): number[] {
  return Array.from({ length: replicates }, (_, r) => replicateSeed(base, r));
}

/** Full runs one by one (weekly series, events, final network), lazily so memory stays flat. */
export function* replicates(scenario: Scenario, options: ReplicateOptions = {}): Generator<Replicate> {
  const n = checkCount('--replicates', options.replicates, 1);
  const base = checkCount('--seed', options.seed, scenario.seed, 0);
  for (let r = 0; r < n; r++) {
    const seed = replicateSeed(base, r);
    const sim = createSimulation(scenario, { seed });
    while (sim.step());
    yield { replicate: r, seed, result: sim.result(), snapshot: sim.snapshot() };
  }
}

/** End-of-run summaries of R replicates (the fast path: no weekly series, no events). */
export function runReplicates(scenario: Scenario, options: ReplicateOptions = {}): RunSummary[] {
  const n = checkCount('--replicates', options.replicates, 1);
  const base = checkCount('--seed', options.seed, scenario.seed, 0);
  // The replicates refill one run context (sim/engine.ts, RunContext): the same summaries.
  const context = createRunContext();
  return replicateSeeds(base, n).map((seed) => simulate.summary(scenario, { seed, context }));
}

export interface RunOptions extends ReplicateOptions {
  /** Output folder (default results/<scenario>-<timestamp>/). */
  out?: string;
  force?: boolean;
  /** Write network-<replicate>.gexf per replicate (default true). */
  network?: boolean;
  /** Compute and return the summary only; write no file. */
  summaryOnly?: boolean;
  /** Abort to stop between replicates; the folder stays marked INCOMPLETE. */
  signal?: AbortSignal;
  /** Worker threads (default 1: this thread). The files are the same bytes for any count. */
  workers?: number;
  /** Called after each replicate is written, with the count written and the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface RunReport {
  /** The folder written, or null with summaryOnly. */
  out: string | null;
  scenario: string;
  baseSeed: number;
  seeds: number[];
  /** Per outcome across replicates; national runs: over every consortium of every replicate. */
  outcomes: Record<string, OutcomeStats>;
  /** What one value of `outcomes` is: "runs", or "consortium runs" in the national scenario. */
  unit: string;
  /** End-of-run summaries, one per replicate (small: no weekly series). */
  summaries: RunSummary[];
  /** Set when stopped by the signal: replicates written, and the folder they are in. */
  interrupted?: boolean;
  done?: number;
  building?: string;
}

const RUN_FILES =
  /^(runs\.csv|weekly\.csv|consortia\.csv|summary\.json|manifest\.json|events\.jsonl|network-\d+\.gexf)$/;

/**
 * Run replicates of a loaded scenario and write the run folder. The folder is locked while it is
 * written and marked INCOMPLETE until the end; with --force over earlier results, the new result
 * is built in a folder beside them (.pilotnet-new) and swapped in only when whole, so a kill
 * leaves the old result as it was. Aborting `signal` stops between replicates (interrupted: true).
 */
export async function runScenario(loaded: LoadedScenario, options: RunOptions = {}): Promise<RunReport> {
  const { scenario } = loaded;
  if (!options.summaryOnly && options.network !== false) await gexfReady();
  const n = checkCount('--replicates', options.replicates, 1);
  const baseSeed = checkCount('--seed', options.seed, scenario.seed, 0);
  const seeds = replicateSeeds(baseSeed, n);
  const layout = layoutFor([scenario]);
  const records = { consortia: [] as Record<string, unknown>[], national: [] as Record<string, unknown>[] };
  const summaries: RunSummary[] = [];
  const unit = scenario.consortia > 1 ? 'consortium runs' : 'runs';
  const report = (out: string | null, dir = out): RunReport => {
    const outcomes = { ...summariseRecords(records.consortia), ...summariseRecords(records.national) };
    if (dir !== null) {
      writeSummary(dir, loaded, baseSeed, seeds, outcomes);
      writeManifest(dir, 'run', [{ id: scenario.id, file: loaded.file, sha256: loaded.hash }], {
        ...options,
        replicates: n,
        seed: baseSeed,
      });
    }
    return { out, scenario: scenario.id, baseSeed, seeds, outcomes, unit, summaries };
  };

  if (options.summaryOnly) {
    const context = createRunContext();
    for (const seed of seeds) {
      const s = simulate.summary(scenario, { seed, context });
      summaries.push(s);
      summaryRecords(s, layout, records);
    }
    // With --out, the summary alone is kept (summary.json); without it nothing is written.
    if (options.out === undefined) return report(null);
    const lock = prepareOutDir(options.out, (f) => f === 'summary.json', { force: options.force });
    try {
      return report(options.out);
    } finally {
      lock.release();
    }
  }

  const out = options.out ?? defaultOutDir(scenario.id);
  const lock = prepareOutDir(out, (f) => RUN_FILES.test(f), { force: options.force, keepOld: true });
  try {
    // Over earlier results (--force), build beside them; else in the folder itself.
    const build = lock.existing.length ? join(out, NEW_DIR) : out;
    if (build !== out) {
      rmSync(build, { recursive: true, force: true });
      makeDir(build);
    }
    markIncomplete(build, `pilotnet run of ${scenario.id}, ${n} replicates, did not finish`);
    let done = 0;
    try {
      done = await writeReplicates(
        build,
        scenario,
        layout,
        n,
        baseSeed,
        (summary) => {
          summaries.push(summary);
          summaryRecords(summary, layout, records);
        },
        options,
      );
    } catch (e) {
      throw writeError(e, build);
    }
    if (done < n) {
      markIncomplete(
        build,
        `pilotnet run of ${scenario.id} was interrupted after ${done} of ${n} replicates`,
      );
      return { ...report(out, null), interrupted: true, done, building: build };
    }
    const result = report(out, build);
    if (build !== out) swapIn(build, out, (f) => RUN_FILES.test(f));
    markComplete(out);
    return result;
  } finally {
    lock.release();
  }
}

/** The folder, inside --out, where a forced run builds its new result before swapping it in. */
const NEW_DIR = '.pilotnet-new';

/** A file-system error while writing a run, named by the folder (writeSync errors carry no path). */
function writeError(e: unknown, dir: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (!code || (e as NodeJS.ErrnoException).path) return e;
  return new UsageError(`${dir}: cannot write the results: ${errnoReason(e)}`);
}

/** Move a finished result from `build` into `out`: old files of ours that are not renewed go first. */
function swapIn(build: string, out: string, ours: (f: string) => boolean): void {
  markIncomplete(out, 'pilotnet run was replacing the results here (--force) and did not finish');
  const fresh = new Set(readdirSync(build));
  for (const f of readdirSync(out)) if (ours(f) && !fresh.has(f)) rmSync(join(out, f), { force: true });
  for (const f of fresh) if (f !== INCOMPLETE_FILE) renameSync(join(build, f), join(out, f));
  rmSync(build, { recursive: true, force: true });
}

/**
 * The GEXF writer (graphology-gexf and its XML library), loaded only by a run that writes the
 * network files: `gexfReady()` before the first replicateChunks with `network`.
 */
let writeGexf: ((graph: ReturnType<typeof toGraph>) => string) | null = null;
export async function gexfReady(): Promise<void> {
  if (writeGexf) return;
  // A CommonJS package: its functions are named exports under Node, on `default` in the bundle.
  const m = (await import('graphology-gexf')) as unknown as {
    write?: typeof writeGexf;
    default?: { write: typeof writeGexf };
  };
  writeGexf = m.write ?? m.default?.write ?? null;
}

/** What one replicate adds to each file of the run folder; the same text in a worker or here. */
export interface ReplicateChunks {
  replicate: number;
  seed: number;
  summary: RunSummary;
  runs: string;
  weekly: string;
  events: string;
  /** consortia.csv lines (national scenario), else ''. */
  consortia: string;
  /** network-<replicate>.gexf, or null with --no-network. */
  gexf: string | null;
}

/** Run replicate r of a scenario and render its rows (pure: no file is touched). */
export function replicateChunks(
  scenario: Scenario,
  layout: ReturnType<typeof layoutFor>,
  replicate: number,
  baseSeed: number,
  network: boolean,
): ReplicateChunks {
  const seed = replicateSeed(baseSeed, replicate);
  const sim = createSimulation(scenario, { seed });
  while (sim.step());
  const { summary, weekly: series, events: log } = sim.result();
  const scenarioHash = shortHash(fingerprint(scenario).hash);
  const key = { scenario: scenario.id, scenarioHash, point: 0, replicate, seed };
  const order = scenario.controversies.order;
  let weekly = '';
  for (const w of series) weekly += csvLine(weeklyRow(scenario.id, replicate, seed, order, w));
  let events = '';
  for (const e of log) events += `${JSON.stringify({ replicate, seed, ...e })}\n`;
  let consortia = '';
  if (scenario.consortia > 1) {
    const groups = { groups: groupIds(scenario) };
    summary.consortia.forEach((o, c) => {
      const rec = consortiumRecord(o, groups);
      consortia += csvLine([
        scenario.id,
        scenarioHash,
        '0',
        String(replicate),
        String(seed),
        String(c),
        ...Object.values(rec).map(formatValue),
      ]);
    });
  }
  return {
    replicate,
    seed,
    summary,
    runs: csvLine(runRow(key, [], summary, layout)),
    weekly,
    events,
    consortia,
    gexf: network ? networkGexf(scenario, sim.snapshot(), replicate, seed) : null,
  };
}

/**
 * network-<replicate>.gexf: the final network with the ties runs.csv counts (strength at least
 * observation.tieThreshold, so a reader's density is runs.csv's), its provenance in <meta>, and
 * the viz namespace of GEXF 1.2 (graphology-gexf's is malformed). No date: the same run, same bytes.
 */
function networkGexf(scenario: Scenario, snapshot: Snapshot, replicate: number, seed: number): string {
  if (!writeGexf) throw new Error('replicateChunks: gexfReady() was not awaited');
  const threshold = scenario.observation.tieThreshold;
  const graph = toGraph(snapshot, { minWeight: threshold });
  graph.setAttribute('creator', `pilotnet ${pilotnetVersion()}`);
  graph.setAttribute(
    'description',
    `${scenario.id}, replicate ${replicate}, seed ${seed}, week ${snapshot.week} (end of run); ` +
      `ties of strength at least ${threshold} (observation.tieThreshold, the ties runs.csv counts); edge weight = tie strength`,
  );
  graph.setAttribute('keywords', `pilotnet, ${scenario.id}, replicate ${replicate}, seed ${seed}`);
  return xmlSafe(withVizNamespace(writeGexf(graph)));
}

/** Data of the run worker (cli/run-worker.ts): the resolved scenario and the seeds' base. */
export interface RunPlanData {
  scenario: Scenario;
  baseSeed: number;
  network: boolean;
}

/**
 * Write the replicates' tables into `dir`, in replicate order whatever the worker count: with
 * --workers > 1 the replicates run on the sweep's pool (executeRuns) and finished ones wait in a
 * buffer until those before them are written. Yields to the event loop between replicates.
 * Returns the number of replicates written (all, or the first k when stopped by the signal).
 */
async function writeReplicates(
  dir: string,
  scenario: Scenario,
  layout: ReturnType<typeof layoutFor>,
  n: number,
  baseSeed: number,
  onSummary: (summary: RunSummary) => void,
  options: RunOptions,
): Promise<number> {
  const open = (name: string) => openSync(join(dir, name), 'w');
  const fds: number[] = [];
  let done = 0;
  try {
    const runs = open('runs.csv');
    fds.push(runs);
    const weekly = open('weekly.csv');
    fds.push(weekly);
    const events = open('events.jsonl');
    fds.push(events);
    const national = scenario.consortia > 1;
    const consortia = national ? open('consortia.csv') : -1;
    if (national) fds.push(consortia);
    writeSync(runs, csvLine(runsHeader(layout)));
    writeSync(weekly, csvLine(weeklyHeader()));
    if (national) {
      const groups = { groups: groupIds(scenario) };
      const head = [...KEY_COLUMNS, 'consortium', ...Object.keys(consortiumRecord(emptyOutcomes(), groups))];
      writeSync(consortia, csvLine(head));
    }
    const write = (c: ReplicateChunks) => {
      writeSync(runs, c.runs);
      onSummary(c.summary);
      writeSync(weekly, c.weekly);
      writeSync(events, c.events);
      if (national) writeSync(consortia, c.consortia);
      if (c.gexf !== null) writeFileAtomic(join(dir, `network-${c.replicate}.gexf`), c.gexf);
      done++;
      options.onProgress?.(done, n);
    };
    const network = options.network !== false;
    if ((options.workers ?? 1) > 1 && n > 1) {
      const { executeRuns, workerFile } = await import('../exec/sweep.ts');
      const waiting = new Map<number, ReplicateChunks>();
      const data: RunPlanData = { scenario, baseSeed, network };
      await executeRuns<ReplicateChunks>(
        null,
        Array.from({ length: n }, (_, r) => r),
        n,
        (chunks) => {
          for (const c of chunks) waiting.set(c.replicate, c);
          for (let c = waiting.get(done); c; c = waiting.get(done)) {
            waiting.delete(done);
            write(c);
          }
        },
        {
          workers: options.workers,
          batchSize: 1,
          signal: options.signal,
          worker: { filename: workerFile('run-worker', import.meta.url), data },
        },
      );
    } else {
      for (let r = 0; r < n; r++) {
        write(replicateChunks(scenario, layout, r, baseSeed, network));
        // Let SIGINT / SIGTERM handlers run between replicates.
        await new Promise((res) => setImmediate(res));
        if (options.signal?.aborted) break;
      }
    }
    for (const fd of fds) fsyncSync(fd);
  } finally {
    for (const fd of fds) closeSync(fd);
  }
  return done;
}

/** summary.json: the outcomes across replicates and the provenance of the run. */
function writeSummary(
  out: string,
  loaded: LoadedScenario,
  baseSeed: number,
  seeds: number[],
  outcomes: Record<string, OutcomeStats>,
): void {
  const summary = {
    pilotnet: pilotnetVersion(),
    command: 'run',
    scenario: { file: loaded.file, id: loaded.scenario.id, sha256: loaded.hash },
    baseSeed,
    replicates: seeds.length,
    seeds,
    outcomes,
    resolvedScenario: loaded.scenario,
  };
  writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
}

/** An Outcomes-shaped object used only for its keys (the consortia.csv header). */
function emptyOutcomes(): Parameters<typeof consortiumRecord>[0] {
  return { settleWeek: {}, extraByGroup: {} } as Parameters<typeof consortiumRecord>[0];
}
