// Outcome summaries across replicates and the table the run command prints: the shared pure
// module report/summary.ts (honest durations, never-settled as missing, national over all
// consortia), re-exported for the CLI's callers, plus the records a run contributes.

import { consortiumRecord, NATIONAL_COLUMNS, type RunsLayout } from '../exec/columns.ts';
import type { RunSummary } from '../sim/index.ts';

export { amount, human, pct } from '../report/format.ts';
export type { OutcomeStats } from '../report/summary.ts';
export { consortiumTable, endingLine, formatSummaryTable, summariseRecords } from '../report/summary.ts';

/**
 * The records one run adds to a summary: one per consortium (all of them, so a national run is
 * summarised over every consortium), and the run's national counts apart.
 */
export function summaryRecords(
  summary: RunSummary,
  layout: Pick<RunsLayout, 'groups'>,
  into: { consortia: Record<string, unknown>[]; national: Record<string, unknown>[] },
): void {
  for (const o of summary.consortia) into.consortia.push(consortiumRecord(o, layout));
  if (summary.national) {
    const rec: Record<string, unknown> = {};
    for (const c of NATIONAL_COLUMNS) rec[c] = summary.national[c];
    into.national.push(rec);
  }
}
