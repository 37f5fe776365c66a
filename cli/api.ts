// pilotnet's headless library API: what the CLI uses, for scripts and notebooks.
// `import { loadScenario, runReplicates, sweep, compare } from 'pilotnet/cli/api.ts'`. Nothing here
// exits the process; bad input throws UsageError (exit code 2 in the CLI).

export { briefHtml } from '../report/brief.ts';
export type { RunKey, RunsLayout } from './columns.ts';
export { OUTCOME_COLUMNS, runsHeader, weeklyHeader } from './columns.ts';
export type { ComparedOutcome, CompareFormat, CompareOptions, CompareResult } from './compare.ts';
export { COMPARE_OUTCOMES, compare, formatCompare } from './compare.ts';
export { isUsageError, UsageError } from './errors.ts';
export type { Assignment, LoadedScenario } from './io.ts';
export { loadScenario, parseAssignment, pilotnetVersion } from './io.ts';
export type { MergeReport } from './merge.ts';
export { merge } from './merge.ts';
export { comparePlot } from './plot.ts';
export type { Replicate, ReplicateOptions, RunOptions, RunReport } from './run.ts';
export { replicateSeeds, replicates, runReplicates, runScenario } from './run.ts';
export { pairedDifference, spread } from './stats.ts';
export { formatSummaryTable, summariseRecords } from './summary.ts';
export type { Shard, SweepOptions, SweepProgress, SweepReport } from './sweep.ts';
export { executeRuns, parseShard, sweep, sweepDefaultRuns } from './sweep.ts';
export type { Factor, SweepPlan, SweepSpec } from './sweep-spec.ts';
export { parseVary, planFromScenario, planFromSweepFile, sweepSchema } from './sweep-spec.ts';
export type { FileCheck } from './validate.ts';
export { validateFiles } from './validate.ts';
