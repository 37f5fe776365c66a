// Tidy table layouts: runs.csv (one row per run) and weekly.csv (one row per run and week).
// Every value is formatted here, once, so every worker and every shard writes the same bytes.
import { stringify } from 'csv-stringify/sync';
import { csvSafeCell } from '../sim/csv-cell.ts';
import {
  CONTROVERSIES,
  type ControversyId,
  type NationalOutcomes,
  type Outcomes,
  type RunSummary,
  type Scenario,
  type WeeklyRecord,
} from '../sim/index.ts';

/** Scalar outcomes, in column order; settle weeks and extra meetings per group follow them. */
export const OUTCOME_COLUMNS = [
  'submitted',
  'gaveUp',
  'gaveUpReason',
  'weeks',
  'months',
  'monthsOverPlan',
  'meetingsPlanned',
  'meetingsExtra',
  'workingGroups',
  'focusGroups',
  'legalOutcome',
  'eiPillarStart',
  'eiPillarEnd',
  'eiLineStart',
  'eiLineEnd',
  'modularityPillarStart',
  'modularityPillarEnd',
  'assortativityPillarStart',
  'assortativityPillarEnd',
  'densityStart',
  'density',
  'meanTie',
  'dropouts',
  'thinAgreements',
  'reopenings',
  'agreementDepth',
  'dissent',
  'volunteerHours',
  'coordinatorHours',
  'coordinatorMonthsUnfunded',
] as const satisfies readonly (keyof Outcomes)[];

/** Columns of the national scenario (consortia > 1): counts over the run's consortia. */
export const NATIONAL_COLUMNS = [
  'consortia',
  'submittedCount',
  'submittedWithin7Months',
  'submittedWithin14Months',
  'gaveUpCount',
  'medianMonths',
] as const satisfies readonly (keyof NationalOutcomes)[];

export const KEY_COLUMNS = ['scenario', 'scenarioHash', 'point', 'replicate', 'seed'] as const;

/** Where point and replicate sit in a runs.csv line (read back by --resume and merge). */
export const POINT_FIELD = KEY_COLUMNS.indexOf('point');
export const REPLICATE_FIELD = KEY_COLUMNS.indexOf('replicate');

/**
 * The scenarioHash column: the first 16 hex digits of the SHA-256 of the run's resolved scenario
 * (after --set and the sweep point), so runs of different scenarios that share an id and seeds
 * stay apart once their files are merged. summary.json's scenario.sha256 is the full digest.
 */
export const shortHash = (sha256: string): string => sha256.slice(0, 16);

/** What decides the columns of runs.csv: swept parameters, group ids, national columns. */
export interface RunsLayout {
  params: string[];
  groups: string[];
  national: boolean;
}

/** Group ids of a scenario's governance, for the extra_<group> columns. */
export const groupIds = (s: Scenario): string[] => s.governance.groups.map((g) => g.id);

export function layoutFor(scenarios: Iterable<Scenario>, params: string[] = []): RunsLayout {
  const groups: string[] = [];
  let national = false;
  for (const s of scenarios) {
    for (const g of groupIds(s)) if (!groups.includes(g)) groups.push(g);
    if (s.consortia > 1) national = true;
  }
  return { params, groups, national };
}

export function runsHeader(layout: RunsLayout): string[] {
  return [
    ...KEY_COLUMNS,
    ...layout.params,
    ...OUTCOME_COLUMNS,
    ...CONTROVERSIES.map((c) => `settleWeek_${c}`),
    ...layout.groups.map((g) => `extra_${g}`),
    ...(layout.national ? NATIONAL_COLUMNS : []),
  ];
}

/** One value as CSV text: full-precision numbers (shortest round trip), true/false, '' for none. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export interface RunKey {
  scenario: string;
  /** shortHash() of the resolved scenario's SHA-256. */
  scenarioHash: string;
  point: number;
  replicate: number;
  seed: number;
}

/** The outcome columns of one run (consortium 0, plus national counts), keyed by column name. */
export function outcomeRecord(summary: RunSummary, layout: RunsLayout): Record<string, unknown> {
  return consortiumRecord(summary.outcomes, layout, layout.national ? summary.national : undefined);
}

/** The outcome columns of one consortium; `national` adds the national columns (null: empty). */
export function consortiumRecord(
  o: Outcomes,
  layout: Pick<RunsLayout, 'groups'>,
  national?: NationalOutcomes | null,
): Record<string, unknown> {
  const rec: Record<string, unknown> = {};
  for (const c of OUTCOME_COLUMNS) rec[c] = o[c];
  for (const c of CONTROVERSIES) rec[`settleWeek_${c}`] = o.settleWeek[c];
  for (const g of layout.groups) rec[`extra_${g}`] = o.extraByGroup[g];
  if (national !== undefined) for (const c of NATIONAL_COLUMNS) rec[c] = national ? national[c] : undefined;
  return rec;
}

export function runRow(
  key: RunKey,
  paramValues: readonly unknown[],
  summary: RunSummary,
  layout: RunsLayout,
): string[] {
  const row = [
    key.scenario,
    key.scenarioHash,
    String(key.point),
    String(key.replicate),
    String(key.seed),
    ...paramValues.map(formatValue),
  ];
  for (const v of Object.values(outcomeRecord(summary, layout))) row.push(formatValue(v));
  return row;
}

/** Weekly records: metrics in WeeklyRecord order, then dispersion_ and status_ per controversy. */
export const WEEKLY_METRICS = [
  'month',
  'eiPillar',
  'eiLine',
  'assortativityPillar',
  'density',
  'meanTie',
  'components',
  'modularityPillar',
  'coordinatorBetweenness',
  'coordinatorIsHub',
  'centralisation',
  'fileCompletion',
  'volunteerHours',
  'coordinatorHours',
  'meetingsPlanned',
  'meetingsExtra',
  'workingGroups',
  'active',
  'settled',
  'reopenings',
] as const satisfies readonly (keyof WeeklyRecord)[];

export function weeklyHeader(): string[] {
  return [
    'scenario',
    'replicate',
    'seed',
    'consortium',
    'week',
    ...WEEKLY_METRICS,
    ...CONTROVERSIES.map((c) => `dispersion_${c}`),
    ...CONTROVERSIES.map((c) => `status_${c}`),
  ];
}

export function weeklyRow(
  scenario: string,
  replicate: number,
  seed: number,
  order: readonly ControversyId[],
  w: WeeklyRecord,
): string[] {
  const row = [scenario, String(replicate), String(seed), String(w.consortium), String(w.week)];
  for (const m of WEEKLY_METRICS) row.push(formatValue(w[m]));
  const idx = CONTROVERSIES.map((c) => order.indexOf(c));
  for (const i of idx) row.push(i >= 0 ? formatValue(w.dispersion[i]) : '');
  for (const i of idx) row.push(i >= 0 ? formatValue(w.status[i]) : '');
  return row;
}

/** The series `sweep --weekly` can write: every column of weekly.csv after its keys. */
export const weeklySeries = (): string[] => weeklyHeader().slice(5);

/** Key columns of a sweep's weekly.csv: the run's keys (as in runs.csv), then consortium and week. */
export const SWEEP_WEEKLY_KEYS = [...KEY_COLUMNS, 'consortium', 'week'] as const;

/**
 * `--weekly a,b,c`: the chosen series, each checked against weeklySeries(); the problems, if any,
 * name every unknown column and the known ones.
 */
export function parseWeeklyColumns(text: string): { columns: string[]; problems: string[] } {
  const known = weeklySeries();
  const columns = text
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const problems = columns.filter((c) => !known.includes(c)).map((c) => `--weekly: no weekly series "${c}"`);
  if (!columns.length) problems.push('--weekly: name at least one weekly series');
  if (problems.length) problems.push(`the weekly series: ${known.join(', ')}`);
  if (new Set(columns).size !== columns.length) problems.push('--weekly: a series is named twice');
  return { columns, problems };
}

/** A sweep run with --weekly, as a worker returns it: its runs.csv line and its weekly.csv lines. */
export interface WeeklyRun {
  run: string;
  weekly: string;
}

/** A sweep run's weekly.csv lines: its keys, consortium and week, then the chosen series. */
export function sweepWeeklyLines(
  key: RunKey,
  order: readonly ControversyId[],
  records: readonly WeeklyRecord[],
  columns: readonly string[],
): string {
  const header = weeklyHeader();
  const at = columns.map((c) => header.indexOf(c));
  const keys = [key.scenario, key.scenarioHash, String(key.point), String(key.replicate), String(key.seed)];
  let out = '';
  for (const w of records) {
    const row = weeklyRow(key.scenario, key.replicate, key.seed, order, w);
    out += csvLine([...keys, row[3], row[4], ...at.map((i) => row[i])]);
  }
  return out;
}

/** One CSV line, newline included (RFC 4180 quoting by csv-stringify, formulas neutralised). */
export const csvLine = (fields: readonly string[]): string => stringify([fields.map(csvSafeCell)]);

/**
 * csv-stringify for whole tables, with text cells neutralised by the same rule as csvLine
 * (numbers and booleans are written as they are). Every CSV the CLI writes goes through one of the two.
 */
export const csvTable = (rows: readonly unknown[], options: CsvTableOptions = {}): string =>
  stringify(rows as unknown[][], { ...options, cast: { string: (v) => csvSafeCell(v) } });

/**
 * csvTable's options: our own type, not csv-stringify's, whose declarations need Node's types (the
 * package's declarations must type-check in a project without @types/node).
 */
export interface CsvTableOptions {
  /** Write the object keys of the first row as a header line. */
  header?: boolean;
}

/**
 * Split one CSV line into fields (quotes handled). Used to read back the key columns of
 * runs.csv on --resume and merge; the lines are our own, one record per line.
 */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i <= n) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          v += line.slice(i);
          i = n;
          break;
        }
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      i++; // the comma
    } else {
      let c = line.indexOf(',', i);
      if (c < 0) c = n;
      out.push(line.slice(i, c));
      i = c + 1;
    }
  }
  return out;
}
