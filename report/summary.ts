// Honest outcome summaries across replicates (pure; shared by the CLI and the browser view):
// - durations (weeks, months, monthsOverPlan) over the runs that submitted, beside the share that
//   gave up and why (a run that gave up "lasted" until it stopped, which is not a duration);
// - a controversy that never settled is missing (its -1 code never enters a mean);
// - the national scenario is summarised over every consortium of every run, not consortium 0;
// - no 95% range below MIN_N_RANGE values and no interval below MIN_N_CI (report/stats.ts).
import type { Outcomes, RunSummary } from '../sim/index.ts';
import { alignTable, human, pct } from './format.ts';
import { MIN_N_CI, MIN_N_RANGE, type Share, type Spread, share, spread } from './stats.ts';

/** Outcomes that measure how long the run took: summarised over submitted runs only. */
export const DURATION_KEYS = ['weeks', 'months', 'monthsOverPlan'] as const;
const isDuration = (k: string) => (DURATION_KEYS as readonly string[]).includes(k);
const isSettleWeek = (k: string) => k.startsWith('settleWeek_');

export type OutcomeStats =
  | ({ kind: 'number'; among: 'all' | 'submitted' | 'settled'; of: number } & Spread)
  | ({ kind: 'share'; mean: number } & Share)
  | { kind: 'category'; among: 'all' | 'gaveUp'; n: number; counts: Record<string, number> };

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/**
 * Summarise records (one per run, or per consortium and run, keyed by runs.csv column) column by
 * column. Records with `submitted` give durations over the submitted ones; settle weeks of -1 are
 * counted as "never settled" and left out of the numbers.
 */
export function summariseRecords(records: readonly Record<string, unknown>[]): Record<string, OutcomeStats> {
  const out: Record<string, OutcomeStats> = {};
  if (records.length === 0) return out;
  const hasSubmitted = records.some((r) => typeof r.submitted === 'boolean');
  for (const key of Object.keys(records[0])) {
    const values = records.map((r) => r[key]).filter(present);
    if (values.length && values.every((v) => typeof v === 'boolean')) {
      const s = share(values.filter(Boolean).length, values.length);
      out[key] = { kind: 'share', mean: s.share, ...s };
    } else if (values.every((v) => typeof v === 'number')) {
      if (isDuration(key) && hasSubmitted) {
        const xs = records.filter((r) => r.submitted === true).map((r) => r[key] as number);
        out[key] = { kind: 'number', among: 'submitted', of: records.length, ...spread(xs) };
      } else if (isSettleWeek(key)) {
        const xs = (values as number[]).filter((x) => x >= 0);
        out[key] = { kind: 'number', among: 'settled', of: values.length, ...spread(xs) };
      } else {
        out[key] = { kind: 'number', among: 'all', of: values.length, ...spread(values as number[]) };
      }
    } else {
      // Categories: the reason for giving up is asked of the runs that gave up only.
      const among = key === 'gaveUpReason' ? 'gaveUp' : 'all';
      const counts: Record<string, number> = {};
      const rows = among === 'gaveUp' ? records.filter((r) => r.gaveUp === true) : records;
      for (const r of rows) {
        const k = present(r[key]) ? String(r[key]) : 'none';
        counts[k] = (counts[k] ?? 0) + 1;
      }
      out[key] = { kind: 'category', among, n: rows.length, counts };
    }
  }
  return out;
}

/** One sentence on how runs ended: "submitted in 19 of 20 runs (95%); 1 gave up: horizon 1". */
export function endingLine(stats: Record<string, OutcomeStats>, unit = 'runs'): string {
  const sub = stats.submitted;
  const gave = stats.gaveUp;
  if (sub?.kind !== 'share') return '';
  let line = `submitted in ${sub.k} of ${sub.n} ${unit} (${pct(sub.share)})`;
  if (Number.isFinite(sub.lo)) line += `, 95% CI ${pct(sub.lo)} to ${pct(sub.hi)}`;
  if (gave?.kind === 'share' && gave.k > 0) {
    const why = stats.gaveUpReason;
    const reasons =
      why?.kind === 'category'
        ? Object.entries(why.counts)
            .sort((a, b) => b[1] - a[1])
            .map(([r, c]) => `${r} ${c}`)
            .join(', ')
        : '';
    line += `; ${gave.k} gave up${reasons ? ` (${reasons})` : ''}`;
  }
  const rest = sub.n - sub.k - (gave?.kind === 'share' ? gave.k : 0);
  if (rest > 0) line += `; ${rest} still running at the horizon`;
  return line;
}

/** The table the run command prints: one line per outcome, with the n behind each number. */
export function formatSummaryTable(stats: Record<string, OutcomeStats>, unit = 'runs'): string {
  const rows: string[][] = [['outcome', 'n', 'median', '95% range', 'mean', '']];
  let ranged = false;
  for (const [name, s] of Object.entries(stats)) {
    if (s.kind === 'category') {
      if (s.n === 0) continue; // e.g. no run gave up: the reason has nothing to say
      const parts = Object.entries(s.counts)
        .sort((a, b) => b[1] - a[1])
        .map(([k, c]) => `${k} ${pct(c / s.n)}`);
      rows.push([
        name,
        String(s.n),
        parts.join(', '),
        '',
        '',
        s.among === 'gaveUp' ? 'of those that gave up' : '',
      ]);
    } else if (s.kind === 'share') {
      const ci = Number.isFinite(s.lo) ? `CI ${pct(s.lo)} to ${pct(s.hi)}` : '';
      rows.push([name, String(s.n), `${pct(s.share)} yes`, ci, '', '']);
    } else {
      const n = s.among === 'all' ? String(s.n) : `${s.n} of ${s.of}`;
      const note =
        s.among === 'all'
          ? ''
          : s.among === 'submitted'
            ? 'submitted runs only'
            : `${s.of - s.n} never settled`;
      if (s.n === 0) {
        rows.push([name, n, '–', '', '', note]);
        continue;
      }
      if (Number.isFinite(s.lo)) ranged = true;
      rows.push([
        name,
        n,
        human(s.median),
        Number.isFinite(s.lo) ? `${human(s.lo)} to ${human(s.hi)}` : '',
        human(s.mean),
        s.among === 'settled' && s.of === s.n ? '' : note.replace(/^0 never settled$/, ''),
      ]);
    }
  }
  const notes = [
    `95% range: 2.5% to 97.5% of ${unit}, given from ${MIN_N_RANGE} values${ranged ? '' : ' (too few here)'}; CI: 95% Wilson interval of a share, from ${MIN_N_CI}.`,
    `Durations (${DURATION_KEYS.join(', ')}) are of the ${unit} that submitted; settle weeks of those where the controversy settled.`,
  ];
  return `${alignTable(rows)}\n\n${notes.join('\n')}`;
}

/** Per-consortium digest of national runs: runs, submitted share, median months of those submitted. */
export function consortiumTable(summaries: readonly RunSummary[]): string {
  const count = summaries[0]?.consortia.length ?? 0;
  const rows = [['consortium', 'runs', 'submitted', 'gave up', 'months (median, submitted)']];
  for (let c = 0; c < count; c++) {
    const os: Outcomes[] = summaries.map((s) => s.consortia[c]);
    const sub = os.filter((o) => o.submitted);
    rows.push([
      String(c),
      String(os.length),
      pct(sub.length / os.length),
      String(os.filter((o) => o.gaveUp).length),
      human(spread(sub.map((o) => o.months)).median),
    ]);
  }
  return alignTable(rows);
}
