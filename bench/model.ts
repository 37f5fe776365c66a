// Model benchmark (issue 6): one default run (weekly metrics and events, and the summary-only
// fast path), the national scenario (20 consortia), and sweeps of default runs on the runner's
// worker pool at 1 and 2 workers. All in a warm process; best round of several.
import { join } from 'node:path';
import { loadScenario, sweepDefaultRuns } from '../cli/api.ts';
import { SCENARIOS_DIR } from '../exec/io.ts';
import { replicateSeed, type Scenario, simulate } from '../sim/index.ts';
import { cpuMs } from './clock.ts';

export interface RunTiming {
  case: string;
  /** Best round's mean time of one run. */
  msPerRun: number;
  runsPerRound: number;
  rounds: number;
}

/** Mean ms per run over rounds of `per` runs (seeds replicate 0, 1, ...), best round. */
function timeRuns(name: string, run: (seed: number) => void, per: number, budgetMs: number): RunTiming {
  for (let r = 0; r < Math.max(20, per); r++) run(replicateSeed(1, r)); // warm up
  const rounds: number[] = [];
  let spent = 0;
  for (let round = 0; round < 3 || (spent < budgetMs && round < 100); round++) {
    const t0 = cpuMs();
    for (let r = 0; r < per; r++) run(replicateSeed(1, round * per + r));
    const ms = cpuMs() - t0;
    spent += ms;
    rounds.push(ms / per);
  }
  return { case: name, msPerRun: Math.min(...rounds), runsPerRound: per, rounds: rounds.length };
}

export function scenarioFile(name: string): Scenario {
  return loadScenario(join(SCENARIOS_DIR, `${name}.json`)).scenario;
}

export function measureRuns(budgetMs = 2000): RunTiming[] {
  const def = scenarioFile('default');
  const national = scenarioFile('national');
  return [
    timeRuns('default', (seed) => simulate(def, { seed }), 100, budgetMs),
    timeRuns('default, summary only', (seed) => simulate.summary(def, { seed }), 200, budgetMs),
    timeRuns(
      `national (${national.consortia} consortia)`,
      (seed) => simulate(national, { seed }),
      10,
      budgetMs,
    ),
  ];
}

export interface SweepTiming {
  case: string;
  runs: number;
  workers: number;
  seconds: number;
  runsPerSec: number;
  /** Wall time of a sweep of one run per worker: starting the pool (workers load the engine). */
  startSeconds: number;
  /** Runs per second once the pool is up: runs / (seconds - startSeconds). */
  steadyRunsPerSec: number;
  /** Against the same sweep on one worker, steady state (null for the one-worker sweep itself). */
  speedUp: number | null;
  /** sha256 of the sorted rows: equal across worker counts (results never depend on order). */
  digest: string;
}

/** The runner's sweep (cli/api.ts sweepDefaultRuns), wall time including the pool's start. */
export async function measureSweep(
  runs: number,
  workers: number,
  oneWorker?: SweepTiming,
): Promise<SweepTiming> {
  const s0 = performance.now();
  await sweepDefaultRuns(workers, workers);
  const startSeconds = (performance.now() - s0) / 1000;
  const t0 = performance.now();
  const res = await sweepDefaultRuns(runs, workers);
  const seconds = (performance.now() - t0) / 1000;
  if (res.rows !== runs) throw new Error(`sweep returned ${res.rows} rows for ${runs} runs`);
  const runsPerSec = runs / seconds;
  const steadyRunsPerSec = runs / Math.max(1e-3, seconds - startSeconds);
  return {
    case: `sweep of ${runs} default runs`,
    runs,
    workers,
    seconds,
    runsPerSec,
    startSeconds,
    steadyRunsPerSec,
    speedUp: oneWorker ? steadyRunsPerSec / oneWorker.steadyRunsPerSec : null,
    digest: res.digest,
  };
}
