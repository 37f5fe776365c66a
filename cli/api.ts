// pilotnet's headless library API: what the CLI uses, for scripts and notebooks.
// `import { loadScenario, runReplicates, sweep, compare } from 'pilotnet/cli/api.ts'`. Nothing here
// exits the process; bad input throws UsageError (exit code 2 in the CLI).

export type { RunKey, RunsLayout } from '../exec/columns.ts';
export { OUTCOME_COLUMNS, runsHeader, weeklyHeader } from '../exec/columns.ts';
export { isUsageError, UsageError } from '../exec/errors.ts';
export type { Assignment, LoadedScenario } from '../exec/io.ts';
export { loadScenario, parseAssignment, pilotnetVersion } from '../exec/io.ts';
export type { MergeReport } from '../exec/merge.ts';
export { merge } from '../exec/merge.ts';
export type { Shard, SweepOptions, SweepProgress, SweepReport } from '../exec/sweep.ts';
export { executeRuns, parseShard, sweep, sweepDefaultRuns } from '../exec/sweep.ts';
export type { Factor, SweepPlan, SweepSpec } from '../exec/sweep-spec.ts';
export { parseVary, planFromScenario, planFromSweepFile, sweepSchema } from '../exec/sweep-spec.ts';
export { briefHtml } from '../report/brief.ts';
export type { ComparedOutcome, CompareFormat, CompareOptions, CompareResult } from './compare.ts';
export { COMPARE_OUTCOMES, compare, formatCompare } from './compare.ts';
export { comparePlot } from './plot.ts';
export type { Replicate, ReplicateOptions, RunOptions, RunReport } from './run.ts';
export { replicateSeeds, replicates, runReplicates, runScenario } from './run.ts';
export { pairedDifference, spread } from './stats.ts';
export { formatSummaryTable, summariseRecords } from './summary.ts';
export type { FileCheck } from './validate.ts';
export { validateFiles } from './validate.ts';
