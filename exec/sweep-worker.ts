// Sweep worker (a piscina worker thread): runs a batch of runs by canonical index and returns
// their runs.csv lines. Points are resolved once per worker and cached. The plan is the pool's
// workerData, or comes with each task (a design search's pool outlives its generations' plans).
import { workerData } from 'piscina';
import { createRunContext, formatProblems, replicateSeed, type Scenario, simulate } from '../sim/index.ts';
import { csvLine, runRow, shortHash, sweepWeeklyLines, type WeeklyRun } from './columns.ts';
import { fingerprint } from './io.ts';
import { paramValues, resolvePoint, type SweepPlanData } from './sweep-spec.ts';

let plan = workerData as SweepPlanData;
let planKey = '';
const cache = new Map<number, { scenario: Scenario; params: unknown[]; hash: string }>();
/** The worker's runs refill one set of consortia (sim/engine.ts, RunContext): the same rows. */
const context = createRunContext();

function point(p: number) {
  let hit = cache.get(p);
  if (!hit) {
    const res = resolvePoint(plan, p);
    if (!res.ok) throw new Error(`pilotnet-problems\n${formatProblems(res.problems)}`);
    if (cache.size >= 256) cache.clear();
    hit = {
      scenario: res.scenario,
      params: paramValues(plan, res.scenario),
      hash: shortHash(fingerprint(res.scenario).hash),
    };
    cache.set(p, hit);
  }
  return hit;
}

/**
 * Run the given canonical run indices (run = point * replicates + replicate); one runs.csv line
 * each, or with plan.weekly the full run (its weekly records) and the chosen series. A task may
 * bring its own plan (a search keeps one pool for many plans).
 */
export default function runBatch(task: {
  runs: number[];
  plan?: SweepPlanData;
  planKey?: string;
}): string[] | WeeklyRun[] {
  if (task.plan && task.planKey !== planKey) {
    plan = task.plan;
    planKey = task.planKey ?? '';
    cache.clear();
  }
  if (plan.weekly?.length) return weeklyBatch(task.runs, plan.weekly);
  const out: string[] = [];
  const R = plan.replicates;
  for (const i of task.runs) {
    const p = Math.floor(i / R);
    const replicate = i % R;
    const { scenario, params, hash } = point(p);
    const seed = replicateSeed(plan.baseSeed, replicate);
    const summary = simulate.summary(scenario, { seed, context });
    out.push(
      csvLine(
        runRow(
          { scenario: scenario.id, scenarioHash: hash, point: p, replicate, seed },
          params,
          summary,
          plan.layout,
        ),
      ),
    );
  }
  return out;
}

function weeklyBatch(runs: number[], columns: string[]): WeeklyRun[] {
  const R = plan.replicates;
  return runs.map((i) => {
    const p = Math.floor(i / R);
    const replicate = i % R;
    const { scenario, params, hash } = point(p);
    const seed = replicateSeed(plan.baseSeed, replicate);
    const { summary, weekly } = simulate(scenario, { seed });
    const key = { scenario: scenario.id, scenarioHash: hash, point: p, replicate, seed };
    return {
      run: csvLine(runRow(key, params, summary, plan.layout)),
      weekly: sweepWeeklyLines(key, scenario.controversies.order, weekly, columns),
    };
  });
}
