// A pooled interval over calibrations is cut to the values a difference can take (report/ensemble.ts
// withinRange), and the what-if table of docs/uncertainty.md holds no impossible share difference.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withinRange } from '../../report/ensemble.ts';

describe('pooled intervals stay within what a difference can be', () => {
  it('cuts a share difference to -100..100 percentage points and leaves other units alone', () => {
    expect(withinRange(-125, 26.7, 'percentage points')).toEqual([-100, 26.7]);
    expect(withinRange(-3, 140, 'percentage points')).toEqual([-3, 100]);
    expect(withinRange(-20, 20, 'percentage points')).toEqual([-20, 20]);
    expect(withinRange(-125, 26.7, 'months')).toEqual([-125, 26.7]);
    expect(withinRange(Number.NaN, Number.NaN, 'percentage points').every(Number.isNaN)).toBe(true);
  });

  it('docs/uncertainty.md: every pooled bound of a share outcome lies within -100..100', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'uncertainty.md'), 'utf8');
    const table = doc.slice(doc.indexOf('<!-- whatifs:start'), doc.indexOf('<!-- whatifs:end'));
    const rows = table.split('\n').filter((l) => /^\| [a-z-]+ \| .*\(points\)/.test(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const pooled = row.split('|')[4].trim();
      for (const x of pooled.split(' to ').map(Number)) expect(Math.abs(x), row).toBeLessThanOrEqual(100);
    }
  });
});
