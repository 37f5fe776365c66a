// pilotnet benchmarks (issue 6): `npm run bench` prints a table of every figure and writes
// bench/results/<time>-<section>.json. `npm run bench -- --only kernel --json` prints one JSON line
// per figure instead (kernel: one per N; scaling: one per size and one with the exponent).
// Sections: kernel, model, scaling, memory, abc, sobol, search, view (the browser view's long tasks), start
// (the built CLI's start-up and worker speed-up), speed (this engine against a pinned copy of an earlier one). Timings in a warm process, best of several rounds;
// the machine is shared, so ratios against in-process baselines are the figures to quote.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measureAbc } from './abc.ts';
import { measureKernel } from './kernel.ts';
import { measureLargeRun, measureStreamedSweep } from './memory.ts';
import { measureRuns, measureSweep } from './model.ts';
import { fitExponent, measureWeek, SCALING_SIZES } from './scaling.ts';
import { measureSearch } from './search.ts';
import { measureSobol } from './sobol.ts';
import { measureSpeed } from './speed.ts';
import { measureStartup, measureWorkerSpeedUp } from './start.ts';
import { measureView } from './view.ts';

const SECTIONS = [
  'kernel',
  'model',
  'scaling',
  'memory',
  'abc',
  'sobol',
  'search',
  'view',
  'start',
  'speed',
] as const;
type Section = (typeof SECTIONS)[number];

const USAGE = `usage: npm run bench -- [--only ${SECTIONS.join('|')}[,...]] [--json] [--quick] [--rounds N]
  --only   run only these sections (comma-separated; default: all)
  --json   one JSON line per figure instead of the table
  --quick  smaller workloads (kernel N <= 1,000, sweeps of 200 and 10,000 runs, scaling to 1,000,
           ABC of 1,500 runs, 5 s of playback per view case instead of 15, start-up over 8 rounds
           and sweeps of 2,000 runs; speed: sweeps of 2,000 runs, one round)
  --rounds speed: rounds of sweeps interleaving the two engines (default 2; --quick 1)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function options() {
  try {
    const { values } = parseArgs({
      options: {
        only: { type: 'string' },
        json: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        rounds: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    const only = (values.only ?? SECTIONS.join(',')).split(',').map((x) => x.trim());
    const bad = only.filter((x) => !(SECTIONS as readonly string[]).includes(x));
    if (bad.length) fail(`--only: expected ${SECTIONS.join(', ')}, got ${bad.join(', ')}`);
    const rounds = values.rounds === undefined ? undefined : Number(values.rounds);
    if (rounds !== undefined && !(Number.isInteger(rounds) && rounds >= 1))
      fail(`--rounds: expected a whole number >= 1, got ${values.rounds}`);
    return { only: only as Section[], json: values.json, quick: values.quick, rounds };
  } catch (e) {
    return fail((e as Error).message);
  }
}

const opts = options();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const resultsDir = new URL('./results/', import.meta.url);
const machine = { node: process.version, platform: process.platform, arch: process.arch };

function emit(lines: Record<string, unknown>[]): void {
  if (opts.json) for (const l of lines) process.stdout.write(`${JSON.stringify(l)}\n`);
}

function save(section: Section, figures: unknown): void {
  mkdirSync(resultsDir, { recursive: true });
  const file = new URL(`${stamp}-${section}.json`, resultsDir);
  writeFileSync(
    file,
    `${JSON.stringify({ section, when: new Date().toISOString(), machine, figures }, null, 2)}\n`,
  );
}

function table(title: string, head: string[], rows: (string | number)[][]): void {
  if (opts.json) return;
  const cells = [head, ...rows.map((r) => r.map(String))];
  const width = head.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r.map((x, c) => (c === 0 ? x.padEnd(width[c]) : x.padStart(width[c]))).join('  ');
  process.stdout.write(`\n${title}\n${line(head)}\n${width.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of cells.slice(1)) process.stdout.write(`${line(r)}\n`);
}

const M = (x: number) => `${(x / 1e6).toFixed(2)} M`;
const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);
const check = (ok: boolean) => (ok ? 'yes' : 'NO');

async function kernel(): Promise<void> {
  const sizes = opts.quick ? [100, 1000] : [100, 1000, 10_000];
  const figures = sizes.map((n) => measureKernel(n, n >= 10_000 ? 3000 : 2000));
  emit(figures.map((f) => ({ section: 'kernel', ...f })));
  save('kernel', figures);
  table(
    'Kernel: bounded confidence, 5 opinions, groups of 8, 100 weeks (pair interactions / s)',
    ['N', 'engine', 'baseline', 'which', 'hashed', 'dense', 'engine/base', 'same result'],
    figures.map((f) => [
      f.N,
      M(f.pairsPerSec),
      M(f.baselinePairsPerSec),
      f.baseline,
      M(f.hashedPairsPerSec),
      f.densePairsPerSec === null ? '-' : M(f.densePairsPerSec),
      f2(f.ratio),
      check(f.sameResult),
    ]),
  );
  if (!opts.json) {
    const k = figures.find((f) => f.N === 1000);
    if (k)
      process.stdout.write(
        `targets at N = 1,000: >= 10 M/s (got ${M(k.pairsPerSec)}), engine/baseline >= 0.67 (got ${f2(k.ratio)})\n`,
      );
  }
}

async function model(): Promise<void> {
  const runs = measureRuns();
  const sweepRuns = opts.quick ? 200 : 1000;
  const one = await measureSweep(sweepRuns, 1);
  const two = await measureSweep(sweepRuns, 2, one);
  const big = await measureSweep(10_000, 2);
  const sweeps = [one, two, big];
  const figures = { runs, sweeps, sameRowsAcrossWorkers: one.digest === two.digest };
  emit([
    ...runs.map((r) => ({ section: 'model', ...r })),
    ...sweeps.map((s) => ({ section: 'model', ...s })),
  ]);
  save('model', figures);
  table(
    'Model: warm process, best round',
    ['case', 'ms / run', 'runs / s', 'target'],
    runs.map((r) => [
      r.case,
      f3(r.msPerRun),
      Math.round(1000 / r.msPerRun),
      r.case === 'default' ? '< 2 ms' : '',
    ]),
  );
  table(
    'Sweeps on the runner worker pool (cli/api.ts sweepDefaultRuns; wall time incl. pool start)',
    ['case', 'workers', 'seconds', 'runs / s', 'pool start s', 'steady runs / s', 'speed-up', 'target'],
    sweeps.map((s) => [
      s.case,
      s.workers,
      f2(s.seconds),
      Math.round(s.runsPerSec),
      f2(s.startSeconds),
      Math.round(s.steadyRunsPerSec),
      s.speedUp === null ? '' : f2(s.speedUp),
      s.runs === 10_000 ? '< 10 s' : '',
    ]),
  );
  if (!opts.json)
    process.stdout.write(`same rows on 1 and 2 workers: ${check(figures.sameRowsAcrossWorkers)}\n`);
}

async function scaling(): Promise<void> {
  const sizes = opts.quick ? SCALING_SIZES.filter((n) => n <= 1000) : SCALING_SIZES;
  measureWeek(sizes[0], 300); // warm up
  const points = sizes.map((n) => measureWeek(n));
  const exponent = fitExponent(points);
  emit([...points.map((p) => ({ section: 'scaling', ...p })), { section: 'scaling', exponent }]);
  save('scaling', { points, exponent });
  table(
    'Scaling: one consortium, groups scaled, weekly metrics on (init timed apart)',
    ['actors', 'ms / week', 'µs / week / actor', 'no metrics', 'metrics share', 'init ms', 'runs'],
    points.map((p) => [
      p.actors,
      f3(p.msPerWeek),
      f2((1000 * p.msPerWeek) / p.actors),
      f3(p.msPerWeekNoMetrics),
      `${Math.round(100 * p.metricsShare)} %`,
      f2(p.initMs),
      p.runs,
    ]),
  );
  if (!opts.json) process.stdout.write(`fitted exponent ${f3(exponent)} (target <= 1.15)\n`);
}

async function memory(): Promise<void> {
  const figures = [measureLargeRun(5000), measureStreamedSweep(opts.quick ? 10_000 : 100_000, 2)];
  emit(figures.map((f) => ({ section: 'memory', ...f })));
  save('memory', figures);
  table(
    'Memory: peak resident set of a child process',
    ['case', 'peak MB', 'target MB', 'seconds', 'within'],
    figures.map((f) => [
      f.case,
      Math.round(f.peakRssMB),
      f.targetMB,
      f2(f.seconds),
      check(f.peakRssMB < f.targetMB),
    ]),
  );
}

async function abc(): Promise<void> {
  // The target: >= 20,000 model runs in minutes on 2 cores (250 particles, 4 generations,
  // 10 replicates of default and of legal-expert per particle: 25,000 runs).
  const f = opts.quick ? await measureAbc(25, 2, 10, 2) : await measureAbc(250, 4, 10, 2);
  emit([{ section: 'abc', ...f }]);
  save('abc', f);
  table(
    'ABC-SMC calibration (calibrate --method abc) on the sweep pool, against plain default runs',
    ['case', 'workers', 'model runs', 'seconds', 'runs / s', 'plain runs / s', 'abc/plain', 'ESS'],
    [
      [
        f.case,
        f.workers,
        f.modelRuns,
        f2(f.seconds),
        Math.round(f.runsPerSec),
        Math.round(f.baselineRunsPerSec),
        f2(f.ratio),
        Math.round(f.ess),
      ],
    ],
  );
}

async function sobol(): Promise<void> {
  const f = await measureSobol(opts.quick ? 8 : 64, 2);
  emit([{ section: 'sobol', ...f }]);
  save('sobol', f);
  table(
    "Sobol': default scenario, all factors, 1 replicate per point, 2 workers (wall time incl. pool start)",
    [
      'case',
      'factors',
      'runs',
      'seconds',
      'runs / s',
      'plain sweep s',
      'sobol/sweep',
      'N = 512 runs',
      'N = 512 s (extrapolated)',
    ],
    [
      [
        f.case,
        f.factors,
        f.runs,
        f2(f.seconds),
        Math.round(f.runsPerSec),
        f2(f.sweepSeconds),
        f2(f.ratio),
        f.runs512,
        Math.round(f.seconds512),
      ],
    ],
  );
}

async function search(): Promise<void> {
  // The issue's target: 30 designs × 20 generations × 20 replicates (12,000 evaluations' runs) in
  // under a minute on 2 workers.
  const f = opts.quick ? await measureSearch(10, 3, 5, 2) : await measureSearch(30, 20, 20, 2);
  emit([{ section: 'search', ...f }]);
  save('search', f);
  table(
    'Design search (NSGA-II, fewer-meetings, 2 objectives) on 2 workers, against a plain sweep of as many runs',
    [
      'case',
      'evaluations',
      'runs',
      'reused',
      'seconds',
      'runs / s',
      'plain sweep s',
      'search/sweep',
      'front',
    ],
    [
      [
        f.case,
        f.evaluations,
        f.runs,
        f.reused,
        f2(f.seconds),
        Math.round(f.runsPerSec),
        f2(f.sweepSeconds),
        f2(f.ratio),
        f.front,
      ],
    ],
  );
}

async function view(): Promise<void> {
  // Target (issue 12): no main-thread task over 50 ms during playback (PerformanceObserver 'longtask').
  const figures = await measureView(opts.quick ? 5 : 15);
  emit(figures.map((f) => ({ section: 'view', ...f })));
  save('view', figures);
  table(
    'Browser view: main-thread tasks over 50 ms during playback at 8 weeks/s, 1920×1080 (idle page as baseline)',
    ['case', 'actors', 'weeks played', 'tasks > 50 ms', 'longest ms', 'idle longest ms', 'target'],
    figures.map((f) => [
      f.case,
      f.actors,
      f.weeksPlayed,
      f.longTasks,
      Math.round(f.longestTaskMs),
      Math.round(f.idleLongestTaskMs),
      check(f.longTasks === 0),
    ]),
  );
}

async function start(): Promise<void> {
  // The CLI as users run it (the build in lib/), each ratio against a baseline timed in turn with it.
  const figures = [
    measureStartup(opts.quick ? 8 : 15),
    ...(await measureWorkerSpeedUp(opts.quick ? 2000 : 10_000, opts.quick ? 1 : 3)),
  ];
  emit(figures.map((f) => ({ section: 'start', ...f })));
  save('start', figures);
  table(
    'Start-up and worker speed-up of the built CLI (child processes, rounds interleaved with the baseline)',
    [
      'case',
      'baseline',
      'ms',
      'baseline ms',
      'cores used',
      'baseline cores',
      'ratio (median)',
      'ratio range',
      'rounds',
      'target',
      'met',
    ],
    figures.map((f) => [
      f.case,
      f.baseline,
      Math.round(f.ms),
      Math.round(f.baselineMs),
      f2(f.cores),
      f2(f.baselineCores),
      f2(f.ratio),
      `${f2(f.ratioMin)}–${f2(f.ratioMax)}`,
      f.rounds,
      f.target,
      f.met === null ? '' : check(f.met),
    ]),
  );
}

/** The lowest and highest of per-round ratios, as `lo–hi`. */
const range = (xs: number[]) => `${f2(Math.min(...xs))}–${f2(Math.max(...xs))}`;

async function speed(): Promise<void> {
  // Targets (issue 20 item 4): <= 30 KB allocated per default run; a one-point sweep of 10,000 runs
  // on 1 worker >= 1.5x the pinned engine's rate; 2 workers >= 0.95x two separate shard processes.
  const f = opts.quick
    ? await measureSpeed(2000, opts.rounds ?? 1)
    : await measureSpeed(10_000, opts.rounds ?? 2);
  emit([{ section: 'speed', ...f }]);
  save('speed', f);
  const rows = (['baseline', 'current'] as const).map((w) => [
    w === 'current' ? 'this engine' : `pinned ${f.baselineCommit.slice(0, 7)}`,
    f2(f.kbPerRun[w]),
    f3(f.msPerRun[w]),
    Math.round(f.runsPerSec[w].oneWorker),
    Math.round(f.runsPerSec[w].twoWorkers),
    Math.round(f.runsPerSec[w].twoShards),
    f2(f.runsPerSec[w].twoWorkers / f.runsPerSec[w].twoShards),
    Math.round(f.steadyRunsPerSec[w].oneWorker),
    Math.round(f.steadyRunsPerSec[w].twoWorkers),
    Math.round(f.steadyRunsPerSec[w].twoShards),
  ]);
  table(
    `Speed: default runs (summary only) and a one-point sweep of ${f.runs} runs (wall, pool start included; median of ${f.rounds} rounds)`,
    [
      'engine',
      'KB / run',
      'CPU ms / run',
      '1 worker runs/s',
      '2 workers',
      '2 shard processes',
      '2 workers / shards',
      'steady: 1 worker',
      '2 workers',
      '2 shards',
    ],
    rows,
  );
  if (!opts.json)
    process.stdout.write(
      `KB / run <= 30: ${check(f.kbPerRun.current <= 30)} (${f2(f.kbPerRun.current)}, pinned ${f2(f.kbPerRun.baseline)}); ` +
        `1 worker vs pinned >= 1.5: ${check(f.oneWorkerRatio >= 1.5)} (${f2(f.oneWorkerRatio)}, rounds ${range(f.oneWorkerRatios)}; steady ${f2(f.oneWorkerSteadyRatio)}); ` +
        `2 workers / 2 shards >= 0.95: ${check(f.poolOverShards >= 0.95)} (${f2(f.poolOverShards)}, rounds ${range(f.poolOverShardsRatios)}; pinned ${f2(f.baselinePoolOverShards)}); ` +
        `same rows: ${check(f.sameRows)}\n`,
    );
}

const run: Record<Section, () => Promise<void>> = {
  kernel,
  model,
  scaling,
  memory,
  abc,
  sobol,
  search,
  view,
  start,
  speed,
};
const t0 = performance.now();
for (const s of SECTIONS) if (opts.only.includes(s)) await run[s]();
if (!opts.json)
  process.stdout.write(
    `\nbench: ${((performance.now() - t0) / 1000).toFixed(0)} s; results in bench/results/\n`,
  );
