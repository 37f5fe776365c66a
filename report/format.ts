// Numbers for people (pure; the CLI and the browser view share it): three significant digits,
// whole numbers as they are, percentages rounded to whole points, units in the singular for 1.
// Files keep full precision; only what is printed or shown goes through here.
import { formatLocale } from 'd3-format';

// ASCII minus, so numbers copied from the terminal paste into R or a spreadsheet as they are.
const threeDigits = formatLocale({
  decimal: '.',
  thousands: ',',
  grouping: [3],
  currency: ['', ''],
  minus: '-',
}).format('.3~g');

/** A number for people: whole numbers as they are, else 3 significant digits (integers from 100). */
export function human(x: number): string {
  if (!Number.isFinite(x)) return '–';
  // Float noise (57.49999999999999) is rounded before the integer test.
  const r = Number(x.toPrecision(12));
  if (Number.isInteger(r)) return String(r === 0 ? 0 : r);
  if (Math.abs(r) >= 100) return r.toFixed(0);
  const s = threeDigits(r);
  return s === '-0' ? '0' : s;
}

/** A share in [0, 1] as a whole percentage ("57%"); '–' when unknown. */
export const pct = (x: number): string =>
  Number.isFinite(x) ? `${Math.round(Number((100 * x).toPrecision(12)))}%` : '–';

/** A unit for an amount: "1 percentage point", "2 percentage points", "1 month". */
export function unitFor(unit: string, amount: string): string {
  if (!unit) return '';
  const one = /^-?1$/.test(amount);
  if (!one) return unit;
  if (unit === 'consortia') return 'consortium';
  return unit.replace(/s$/, '');
}

/** "3 months", "1 percentage point", "0.5" (no unit). */
export const amount = (x: number, unit: string): string => {
  const a = human(x);
  const u = unitFor(unit, a);
  return u ? `${a} ${u}` : a;
};

/** Rows as an aligned text table (first column left, the others left unless `right`). */
export function alignTable(rows: readonly string[][], right: readonly number[] = []): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (right.includes(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
