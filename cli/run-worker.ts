// Run worker (a piscina worker thread of the sweep's pool, for `run --workers`): runs replicates
// by index and returns what each adds to the run folder's files; the main thread writes them in
// replicate order, so the folder is the same bytes as a single-thread run.
import { workerData } from 'piscina';
import { layoutFor } from '../exec/columns.ts';
import { gexfReady, type ReplicateChunks, type RunPlanData, replicateChunks } from './run.ts';

const plan = workerData as RunPlanData;
const layout = layoutFor([plan.scenario]);
if (plan.network) await gexfReady();

export default function runBatch(task: { runs: number[] }): ReplicateChunks[] {
  return task.runs.map((r) => replicateChunks(plan.scenario, layout, r, plan.baseSeed, plan.network));
}
