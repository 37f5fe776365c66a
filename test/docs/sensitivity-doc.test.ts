// docs/sensitivity.md's tables are generated from the CSV files beside it (npm run docs:sensitivity):
// a table edited by hand, or a CSV replaced without regenerating the doc, fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { morrisTable, ofatTable, readRows, sobolTable, splice } from '../../scripts/sensitivity-report.ts';

const DOCS = join(import.meta.dirname, '..', '..', 'docs');
const doc = readFileSync(join(DOCS, 'sensitivity.md'), 'utf8');

describe('docs/sensitivity.md', () => {
  it('holds the tables its CSV files give', () => {
    let regenerated = doc;
    regenerated = splice(regenerated, 'sobol', sobolTable(readRows(join(DOCS, 'sensitivity-sobol.csv'))));
    regenerated = splice(regenerated, 'morris', morrisTable(readRows(join(DOCS, 'sensitivity-morris.csv'))));
    regenerated = splice(regenerated, 'ofat', ofatTable(readRows(join(DOCS, 'sensitivity-ofat.csv'))));
    expect(regenerated).toBe(doc);
  });

  it('ranks Sobol factors by mean total index, largest first', () => {
    const rows = [
      {
        factor: 'a',
        output: 'months',
        S1: '0.1',
        S1_low: '0',
        S1_high: '0.2',
        ST: '0.1',
        ST_low: '0',
        ST_high: '0.2',
      },
      {
        factor: 'b',
        output: 'months',
        S1: '0.5',
        S1_low: '0.4',
        S1_high: '0.6',
        ST: '0.7',
        ST_low: '0.6',
        ST_high: '0.8',
      },
    ];
    const table = sobolTable(rows, 2);
    expect(table.indexOf('`b`')).toBeLessThan(table.indexOf('`a`'));
    expect(table).toContain('| 1 | `b` | 0.70 | 0.70 [0.60, 0.80] | 0.50 [0.40, 0.60] |');
  });

  it('refuses a doc without its markers', () => {
    expect(() => splice('no markers here', 'sobol', 'x')).toThrow(/markers/);
  });
});
