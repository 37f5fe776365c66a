// Speed section (issue 20 item 4): this checkout's engine against a pinned copy of the engine as
// it was before the allocation work (bench/baseline.ts), in one bench run. Bytes allocated per
// default run (summary only, as a sweep runs it; V8's sampling heap profiler, counting objects the
// collector has already freed), CPU ms per run, and wall time of a one-point sweep of `runs`
// replicates on the sweep's pool with 1 worker, 2 workers, and as two separate shard processes of
// 1 worker started together (bench/speed-child.ts). Rounds interleave the engines, so both see the
// same load; the ratios are the figures to quote.
import { spawn } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { loadScenario } from '../cli/api.ts';
import { SCENARIOS_DIR } from '../exec/io.ts';
import type * as Engine from '../sim/index.ts';
import { BASELINE_COMMIT, speedWorker } from './baseline.ts';
import { cpuMs } from './clock.ts';

type Which = 'current' | 'baseline';
const CHILD = new URL('./speed-child.ts', import.meta.url).pathname;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function engine(which: Which): Promise<typeof Engine> {
  // The worker file sits next to its engine; the engine's entry is beside it.
  const worker = speedWorker(which);
  return (await import(
    which === 'current' ? '../sim/index.ts' : new URL('./sim/index.ts', worker).href
  )) as typeof Engine;
}

/** A run context, as a sweep's worker keeps one; undefined for the pinned engine, which has none. */
function contextOf(sim: typeof Engine): Engine.RunContext | undefined {
  return (sim as Partial<typeof Engine>).createRunContext?.();
}

/** Bytes allocated per summary run, from V8's sampling heap profiler (freed objects included). */
async function bytesPerRun(sim: typeof Engine, scenario: Engine.Scenario, runs: number): Promise<number> {
  const context = contextOf(sim);
  for (let i = 0; i < 200; i++) sim.simulate.summary(scenario, { seed: sim.replicateSeed(1, i), context });
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 256,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as never);
    for (let i = 0; i < runs; i++) sim.simulate.summary(scenario, { seed: sim.replicateSeed(2, i), context });
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as {
      profile: { samples: { size: number }[] };
    };
    let bytes = 0;
    for (const s of profile.samples) bytes += s.size;
    return bytes / runs;
  } finally {
    session.disconnect();
  }
}

/** CPU ms of one summary run, best of rounds of 200. */
function msPerRun(sim: typeof Engine, scenario: Engine.Scenario, rounds: number): number {
  const context = contextOf(sim);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const t0 = cpuMs();
    for (let i = 0; i < 200; i++)
      sim.simulate.summary(scenario, { seed: sim.replicateSeed(3, r * 200 + i), context });
    best = Math.min(best, (cpuMs() - t0) / 200);
  }
  return best;
}

interface ChildResult {
  start: number;
  end: number;
  rows: number;
  first: number;
  firstRows: number;
  digest: string;
}

function child(args: string[]): Promise<ChildResult> {
  return new Promise((ok, fail) => {
    const c = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => {
      out += d;
    });
    c.stderr.on('data', (d) => {
      err += d;
    });
    c.on('error', fail);
    c.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{'))
        fail(new Error(`speed child ${args.join(' ')}: ${code} ${err.slice(-2000)}`));
      else ok(JSON.parse(last) as ChildResult);
    });
  });
}

/** Wall seconds of a sweep: one process, or two shard processes started together. */
interface SweepTime {
  seconds: number;
  /** Runs per second after the first batch came back (pool up and warm). */
  steady: number;
  rows: number;
  digest: string;
}

async function sweep(which: Which, runs: number, workers: number | 'shards'): Promise<SweepTime> {
  const base = ['--engine', which, '--runs', String(runs)];
  if (workers !== 'shards') {
    const r = await child([...base, '--workers', String(workers)]);
    const steady = (1000 * (r.rows - r.firstRows)) / (r.end - r.first);
    return { seconds: (r.end - r.start) / 1000, steady, rows: r.rows, digest: r.digest };
  }
  const [a, b] = await Promise.all([
    child([...base, '--workers', '1', '--shard', '1/2']),
    child([...base, '--workers', '1', '--shard', '2/2']),
  ]);
  const digest = ((BigInt(`0x${a.digest}`) + BigInt(`0x${b.digest}`)) & ((1n << 64n) - 1n)).toString(16);
  const end = Math.max(a.end, b.end);
  const first = Math.max(a.first, b.first);
  const steady = (1000 * (a.rows + b.rows - a.firstRows - b.firstRows)) / (end - first);
  return { seconds: (end - Math.min(a.start, b.start)) / 1000, steady, rows: a.rows + b.rows, digest };
}

export interface SpeedFigures {
  baselineCommit: string;
  runs: number;
  rounds: number;
  /** Bytes allocated per default run (summary only), and ms of CPU per run, each engine. */
  kbPerRun: Record<Which, number>;
  msPerRun: Record<Which, number>;
  /** Median over rounds of the sweep's runs/s, each engine and each way of running it. */
  runsPerSec: Record<Which, { oneWorker: number; twoWorkers: number; twoShards: number }>;
  /** The same once the pool is up (after the first batch): the engine's rate without the start. */
  steadyRunsPerSec: Record<Which, { oneWorker: number; twoWorkers: number; twoShards: number }>;
  /** current / baseline, 1 worker, steady rate (median of per-round ratios). */
  oneWorkerSteadyRatio: number;
  /** current / baseline, 1 worker (median of per-round ratios): target >= 1.5. */
  oneWorkerRatio: number;
  /** The per-round ratios of oneWorkerRatio, in round order. */
  oneWorkerRatios: number[];
  /** 2 workers / two shard processes, current engine (median of per-round ratios): target >= 0.95. */
  poolOverShards: number;
  /** The per-round ratios of poolOverShards, in round order. */
  poolOverShardsRatios: number[];
  baselinePoolOverShards: number;
  /** Every sweep of either engine gave the same rows (order-free digest). */
  sameRows: boolean;
}

export async function measureSpeed(runs = 10_000, rounds = 2): Promise<SpeedFigures> {
  const scenario = loadScenario(join(SCENARIOS_DIR, 'default.json')).scenario;
  const engines: Record<Which, typeof Engine> = {
    current: await engine('current'),
    baseline: await engine('baseline'),
  };
  const kbPerRun = {
    current: (await bytesPerRun(engines.current, scenario, 500)) / 1024,
    baseline: (await bytesPerRun(engines.baseline, scenario, 500)) / 1024,
  };
  const ms = { current: [] as number[], baseline: [] as number[] };
  for (let r = 0; r < 3; r++)
    for (const w of ['baseline', 'current'] as const) ms[w].push(msPerRun(engines[w], scenario, 3));
  const slot = () => ({ one: [] as number[], two: [] as number[], shards: [] as number[] });
  const rate = { current: slot(), baseline: slot() };
  const steady = { current: slot(), baseline: slot() };
  const oneRatio: number[] = [];
  const oneSteady: number[] = [];
  const pool: number[] = [];
  const basePool: number[] = [];
  const digests = new Set<string>();
  for (let r = 0; r < rounds; r++) {
    const got = {} as Record<Which, { one: number; two: number; shards: number }>;
    // The sweeps whose ratio is a target run back to back: 1 worker of each engine, then each
    // engine's 2 workers and two shards; which engine first alternates from round to round. The
    // load of a shared machine drifts within seconds, and a ratio of two sweeps a minute apart
    // measured the drift as much as the engines.
    const order = r % 2 ? (['current', 'baseline'] as const) : (['baseline', 'current'] as const);
    const timed = {} as Record<Which, { one: SweepTime; two: SweepTime; shards: SweepTime }>;
    for (const w of order) timed[w] = { one: await sweep(w, runs, 1) } as (typeof timed)[Which];
    for (const w of order) {
      timed[w].two = await sweep(w, runs, 2);
      timed[w].shards = await sweep(w, runs, 'shards');
    }
    for (const w of ['baseline', 'current'] as const) {
      const { one, two, shards } = timed[w];
      for (const s of [one, two, shards]) {
        if (s.rows !== runs) throw new Error(`speed: ${w} sweep returned ${s.rows} rows for ${runs}`);
        digests.add(s.digest);
      }
      got[w] = { one: runs / one.seconds, two: runs / two.seconds, shards: runs / shards.seconds };
      rate[w].one.push(got[w].one);
      rate[w].two.push(got[w].two);
      rate[w].shards.push(got[w].shards);
      steady[w].one.push(one.steady);
      steady[w].two.push(two.steady);
      steady[w].shards.push(shards.steady);
    }
    oneRatio.push(got.current.one / got.baseline.one);
    oneSteady.push(steady.current.one[r] / steady.baseline.one[r]);
    pool.push(got.current.two / got.current.shards);
    basePool.push(got.baseline.two / got.baseline.shards);
  }
  const rates = (w: Which, of = rate) => ({
    oneWorker: median(of[w].one),
    twoWorkers: median(of[w].two),
    twoShards: median(of[w].shards),
  });
  return {
    baselineCommit: BASELINE_COMMIT,
    runs,
    rounds,
    kbPerRun,
    msPerRun: { current: Math.min(...ms.current), baseline: Math.min(...ms.baseline) },
    runsPerSec: { current: rates('current'), baseline: rates('baseline') },
    steadyRunsPerSec: { current: rates('current', steady), baseline: rates('baseline', steady) },
    oneWorkerRatio: median(oneRatio),
    oneWorkerRatios: oneRatio,
    oneWorkerSteadyRatio: median(oneSteady),
    poolOverShards: median(pool),
    poolOverShardsRatios: pool,
    baselinePoolOverShards: median(basePool),
    sameRows: digests.size === 1,
  };
}
