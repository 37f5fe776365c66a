// Sobol' worker (a piscina worker thread of the sweep's pool): runs a batch of the analysis's runs
// by index (run = point * replicates + replicate) and returns their sobol-runs.csv lines. Point p
// of Saltelli's design is rebuilt here from the A and B matrices, so the plan stays small.
import { workerData } from 'piscina';
import { csvLine, formatValue } from '../exec/columns.ts';
import { designPoint, sampleAt } from '../methods/saltelli.ts';
import { createRunContext, formatProblems, replicateSeed, type Scenario, simulate } from '../sim/index.ts';
import { pointScenario } from './point-values.ts';
import { OUTPUTS } from './sensitivity-outputs.ts';
import type { SobolPlanData } from './sobol.ts';

const plan = workerData as SobolPlanData;
const design = { k: plan.factors.length, n: plan.n, a: plan.a, b: plan.b };
const outputs = Object.values(OUTPUTS);
let cached: { point: number; scenario: Scenario } | null = null;
/**
 * The worker's runs refill one run context (sim/engine.ts, RunContext): a point's scenario is new,
 * so its groups are built again, but the consortium, its arrays and tie store are refilled.
 */
const context = createRunContext();

function scenarioAt(p: number): Scenario {
  if (cached?.point === p) return cached.scenario;
  const u = designPoint(design, p);
  // The base was validated once; a point's values are checked in the sections they fall in.
  const res = pointScenario(
    plan.base,
    plan.factors.map((f, i): [string, number] => [f.path, sampleAt(f, u[i])]),
    `${plan.base.id} (Sobol point ${p})`,
  );
  if (!res.ok) throw new Error(`pilotnet-problems\n${formatProblems(res.problems)}`);
  const scenario = res.scenario;
  cached = { point: p, scenario };
  return scenario;
}

export default function runBatch(task: { runs: number[] }): string[] {
  const R = plan.replicates;
  return task.runs.map((i) => {
    const p = Math.floor(i / R);
    const r = i % R;
    const seed = replicateSeed(plan.baseSeed, r);
    const o = simulate.summary(scenarioAt(p), { seed, context }).outcomes;
    return csvLine([String(p), String(r), String(seed), ...outputs.map((f) => formatValue(f(o)))]);
  });
}
