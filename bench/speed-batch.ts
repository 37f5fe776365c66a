// The batch of the speed section's workers (bench/speed-worker.ts for this checkout's engine, and
// the same file written next to the pinned copy by bench/baseline.ts): one point's replicates,
// each formatted as the sweep's runs.csv line like exec/sweep-worker.ts, so that the two engines
// differ in nothing but the engine. The engine is imported statically by each worker file: a
// worker thread loads TypeScript only through static imports.
import { csvLine, layoutFor, runRow } from '../exec/columns.ts';
import type * as Engine from '../sim/index.ts';

export interface SpeedWorkerData {
  /** The resolved scenario (validated once, by the parent). */
  scenario: Engine.Scenario;
  baseSeed: number;
}

/** The pinned engine has no run context (createRunContext): each of its runs builds its own. */
type EngineApi = Pick<typeof Engine, 'replicateSeed' | 'simulate'> &
  Partial<Pick<typeof Engine, 'createRunContext'>>;

export function makeRunBatch(sim: EngineApi, data: SpeedWorkerData): (task: { runs: number[] }) => string[] {
  const { scenario, baseSeed } = data;
  const layout = layoutFor([scenario]);
  // One context per worker, as exec/sweep-worker.ts keeps it.
  const context = sim.createRunContext?.();
  return (task) =>
    task.runs.map((replicate) => {
      const seed = sim.replicateSeed(baseSeed, replicate);
      const summary = sim.simulate.summary(scenario, { seed, context });
      const key = { scenario: scenario.id, scenarioHash: '-', point: 0, replicate, seed };
      return csvLine(runRow(key, [], summary, layout));
    });
}
