// `pilotnet sensitivity --method sobol`: the runs go through the worker pool into
// sobol-runs.csv, sobol.csv has the documented columns, and a killed analysis resumes to the same
// indices; bad input exits with code 2.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { factors } from '../../cli/sensitivity.ts';
import { cli, ROOT, readCsv, tempDir } from './helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('pilotnet sensitivity --method sobol', () => {
  const args = (out: string) => [
    'sensitivity',
    join(ROOT, 'scenarios', 'default.json'),
    '--method',
    'sobol',
    '--samples',
    '4',
    '--workers',
    '2',
    '--bootstrap',
    '100',
    '--out',
    out,
  ];
  const first = join(tmp.dir, 'a');

  it('writes sobol.csv with a row per factor and output, and one run row per design point', async () => {
    const r = await cli(args(first), tmp.dir);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const { header, rows } = readCsv(join(first, 'sobol.csv'));
    expect(header).toEqual(['factor', 'output', 'S1', 'S1_low', 'S1_high', 'ST', 'ST_low', 'ST_high']);
    const k = factors().length;
    expect(rows).toHaveLength(k * 6);
    expect(rows.map((x) => x.factor)).toContain('governance.groups[2].extraInterval');
    const runs = readCsv(join(first, 'sobol-runs.csv'));
    expect(runs.rows).toHaveLength(4 * (k + 2));
    expect(new Set(runs.rows.map((x) => x.point)).size).toBe(4 * (k + 2));
    expect(readFileSync(join(first, 'sobol.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('resumes a killed analysis from the rows on disk and reaches the same indices', async () => {
    const second = join(tmp.dir, 'b');
    const again = await cli(args(second), tmp.dir);
    expect(again.code).toBe(0);
    // Same flags, same bytes.
    expect(readFileSync(join(second, 'sobol.csv'), 'utf8')).toBe(
      readFileSync(join(first, 'sobol.csv'), 'utf8'),
    );
    // As a kill would leave it: half the rows, a torn last line, no results yet.
    const lines = readFileSync(join(second, 'sobol-runs.csv'), 'utf8').split('\n');
    const kept = lines.slice(0, Math.floor(lines.length / 2));
    writeFileSync(join(second, 'sobol-runs.csv'), `${kept.join('\n')}\n${lines[kept.length].slice(0, 7)}`);
    writeFileSync(join(second, 'sobol.csv'), '');
    const resumed = await cli([...args(second), '--resume'], tmp.dir);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`\\(${kept.length - 1} resumed\\)`));
    expect(readFileSync(join(second, 'sobol.csv'), 'utf8')).toBe(
      readFileSync(join(first, 'sobol.csv'), 'utf8'),
    );
    // Another design in the same folder is refused.
    const other = await cli([...args(second).map((a) => (a === '4' ? '5' : a)), '--resume'], tmp.dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/another analysis/);
  });

  it.each([
    [['--method', 'fast'], '--method'],
    [['--method', 'sobol', '--samples', '1'], '--samples'],
    [['--method', 'sobol', '--samples', 'x'], '--samples'],
    [['--method', 'morris', '--resume'], '--resume'],
  ])('refuses %j with code 2', async (extra, flag) => {
    const r = await cli(['sensitivity', 'default', ...extra, '--out', join(tmp.dir, 'bad')], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
