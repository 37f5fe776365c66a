// Outcome summaries across replicates: median and 95% interval per numeric outcome, the share
// for yes/no outcomes, counts for categorical ones; and the plain-text table the run command prints.
import { formatLocale } from 'd3';
import { type Spread, spread } from './stats.ts';

export type OutcomeStats =
  | ({ kind: 'number' } & Spread)
  | ({ kind: 'share' } & Spread)
  | { kind: 'category'; n: number; counts: Record<string, number> };

/** Summarise records (one per replicate, keyed by column) column by column. */
export function summariseRecords(records: readonly Record<string, unknown>[]): Record<string, OutcomeStats> {
  const out: Record<string, OutcomeStats> = {};
  if (records.length === 0) return out;
  for (const key of Object.keys(records[0])) {
    const values = records.map((r) => r[key]);
    const present = values.filter((v) => v !== undefined && v !== null && v !== '');
    if (present.length && present.every((v) => typeof v === 'boolean')) {
      out[key] = { kind: 'share', ...spread(present.map((v) => (v ? 1 : 0))) };
    } else if (present.every((v) => typeof v === 'number')) {
      out[key] = { kind: 'number', ...spread(present as number[]) };
    } else {
      const counts: Record<string, number> = {};
      for (const v of values) {
        const k = v === undefined || v === null || v === '' ? '(none)' : String(v);
        counts[k] = (counts[k] ?? 0) + 1;
      }
      out[key] = { kind: 'category', n: values.length, counts };
    }
  }
  return out;
}

// ASCII minus, so numbers copied from the terminal paste into R or a spreadsheet as they are.
const threeDigits = formatLocale({
  decimal: '.',
  thousands: ',',
  grouping: [3],
  currency: ['', ''],
  minus: '-',
}).format('.3~g');

/** A number for people: whole numbers as they are, else 3 significant digits (integers above 100). */
export function human(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (Number.isInteger(x)) return String(x);
  if (Math.abs(x) >= 100) return x.toFixed(0);
  const s = threeDigits(x);
  return s === '-0' ? '0' : s;
}

const pct = (x: number) => `${Math.round(100 * x)}%`;

/** The table the run command prints: one line per outcome. */
export function formatSummaryTable(stats: Record<string, OutcomeStats>, replicates: number): string {
  const rows: string[][] = [['outcome', 'median', '95% interval', 'mean']];
  for (const [name, s] of Object.entries(stats)) {
    if (s.kind === 'category') {
      const parts = Object.entries(s.counts)
        .sort((a, b) => b[1] - a[1])
        .map(([k, c]) => `${k} ${pct(c / s.n)}`);
      rows.push([name, parts.join(', '), '', '']);
    } else if (s.kind === 'share') {
      rows.push([name, `${pct(s.mean)} of runs`, '', '']);
    } else if (s.n === 0) {
      rows.push([name, '–', '', '']);
    } else {
      rows.push([
        name,
        human(s.median),
        replicates > 1 ? `${human(s.lo)} to ${human(s.hi)}` : '',
        human(s.mean),
      ]);
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padEnd(widths[c])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
