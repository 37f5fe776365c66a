// Start-up and worker speed-up of the CLI as users run it (bin/pilotnet.js on the JavaScript built
// into lib/), as ratios against baselines measured in the same process, rounds interleaved so
// both sides see the same load: `pilotnet run default --summary-only` against a bare `node -e 0`
// (target <= 3), and a sweep of 10,000 default runs on 1 worker against 2 (target >= 1.7 on 2 cores),
// beside the same runs split over two separate processes: the most any 2-way split can get here.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULTS } from '../sim/index.ts';

const BIN = fileURLToPath(new URL('../bin/pilotnet.js', import.meta.url));

/**
 * CPU seconds (user + system) of this process's waited-for children, from /proc (Linux): with the
 * wall time it gives the cores a child kept busy. NaN where /proc is not there.
 */
function childrenCpu(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of stat(5) (cutime, cstime), in clock ticks (100 per second on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Cores used by the last child timed: its CPU time over its wall time. */
let lastCores = Number.NaN;

/** Wall milliseconds of one child process; a failure or a stale build stops the benchmark. */
function timed(args: string[]): number {
  const c0 = childrenCpu();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = performance.now() - t0;
  lastCores = ((childrenCpu() - c0) * 1000) / ms;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  if (/running the TypeScript sources/.test(r.stderr))
    throw new Error(`the build in lib/ is stale (${r.stderr.trim()}): npm run build:lib first`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export interface StartFigures {
  case: string;
  rounds: number;
  /** Median and range of the ratio per round (each round times both sides back to back). */
  ratio: number;
  ratioMin: number;
  ratioMax: number;
  /** Medians of the two sides, ms. */
  ms: number;
  baselineMs: number;
  baseline: string;
  target: string;
  /** Whether the target is met; null for a figure with no target of its own. */
  met: boolean | null;
  /** Cores kept busy (CPU time / wall time, medians) by the measured side and by its baseline. */
  cores: number;
  baselineCores: number;
}

function figures(
  name: string,
  baseline: string,
  pairs: [number, number][],
  ratio: (a: number, b: number) => number,
  target: string,
  met: ((r: number) => boolean) | null,
  cores: [number, number][],
): StartFigures {
  const ratios = pairs.map(([a, b]) => ratio(a, b));
  const r = median(ratios);
  return {
    case: name,
    rounds: pairs.length,
    ratio: r,
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    ms: median(pairs.map((p) => p[0])),
    baselineMs: median(pairs.map((p) => p[1])),
    baseline,
    target,
    met: met ? met(r) : null,
    cores: median(cores.map((c) => c[0])),
    baselineCores: median(cores.map((c) => c[1])),
  };
}

/** Time the measured side and its baseline back to back; wall ms and cores used of each. */
function pairOf(measured: () => number, baseline: () => number, cores: [number, number][]): [number, number] {
  const a = measured();
  const ca = lastCores;
  const b = baseline();
  cores.push([ca, lastCores]);
  return [a, b];
}

/** `pilotnet run default --summary-only` against `node -e 0`, interleaved. */
export function measureStartup(rounds = 15): StartFigures {
  const run = [BIN, 'run', 'default', '--summary-only'];
  timed(run); // warm the file cache
  timed(['-e', '0']);
  const pairs: [number, number][] = [];
  const cores: [number, number][] = [];
  for (let i = 0; i < rounds; i++)
    pairs.push(
      pairOf(
        () => timed(run),
        () => timed(['-e', '0']),
        cores,
      ),
    );
  return figures(
    'pilotnet run default --summary-only',
    'node -e 0',
    pairs,
    (a, b) => a / b,
    '<= 3',
    (r) => r <= 3,
    cores,
  );
}

/** Wall ms of two child processes started together (both must succeed); cores as for `timed`. */
async function timedTogether(a: string[], b: string[]): Promise<number> {
  const c0 = childrenCpu();
  const t0 = performance.now();
  const one = (args: string[]) =>
    new Promise<void>((ok, fail) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
      });
      child.on('error', fail);
      child.on('close', (code) =>
        code === 0 ? ok() : fail(new Error(`node ${args.join(' ')} exited ${code}: ${err}`)),
      );
    });
  await Promise.all([one(a), one(b)]);
  const ms = performance.now() - t0;
  lastCores = ((childrenCpu() - c0) * 1000) / ms;
  return ms;
}

/**
 * A sweep of `runs` default runs by the CLI on 1 worker against 2 workers, and against the
 * ceiling of any two-way split on this machine: two separate processes (shards 1/2 and 2/2, one
 * worker each) started together, which share nothing but the cores. Rounds interleave the three.
 */
export async function measureWorkerSpeedUp(runs = 10_000, rounds = 3): Promise<StartFigures[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pilotnet-bench-'));
  const sweep = (workers: number, out: string, shard?: string) => [
    BIN,
    'sweep',
    'default',
    '--vary',
    `coach.enabled=${DEFAULTS.coach.enabled}`, // one point: the default's own value
    '--replicates',
    String(runs),
    '--workers',
    String(workers),
    ...(shard ? ['--shard', shard] : []),
    '--out',
    join(dir, out),
    '--force',
  ];
  try {
    const pool: [number, number][] = [];
    const split: [number, number][] = [];
    const poolCores: [number, number][] = [];
    const splitCores: [number, number][] = [];
    for (let i = 0; i < rounds; i++) {
      const two = timed(sweep(2, 'w2'));
      const twoCores = lastCores;
      const one = timed(sweep(1, 'w1'));
      const oneCores = lastCores;
      const shards = await timedTogether(sweep(1, 's1', '1/2'), sweep(1, 's2', '2/2'));
      pool.push([two, one]);
      poolCores.push([twoCores, oneCores]);
      split.push([shards, one]);
      splitCores.push([lastCores, oneCores]);
    }
    return [
      figures(
        `sweep of ${runs} default runs, 2 workers`,
        '1 worker',
        pool,
        (two, one) => one / two,
        '>= 1.7',
        (r) => r >= 1.7,
        poolCores,
      ),
      figures(
        `the same runs as two separate processes (shards 1/2 and 2/2, 1 worker each)`,
        '1 worker',
        split,
        (two, one) => one / two,
        'none: the ceiling for 2 workers',
        null,
        splitCores,
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
