// Attack suite, the minor findings of issue 21 (item 14): every count has a cap, an error names
// the flag that was given, a number past the largest double is named as such (not "null"), and a
// sweep that varies a list's length is refused by its path, not run out of memory.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, hasStack, tempDir, writeJson } from '../cli/helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const oneLine = (r: { code: number | null; stderr: string }, pattern: RegExp) => {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(hasStack(r.stderr)).toBe(false);
};

describe('attack: minor findings', () => {
  it('--max-replicates has a cap', async () => {
    const r = await cli(
      ['compare', 'default', 'no-coach', '--precision', '0.5', '--max-replicates', '99999999999'],
      dir,
    );
    oneLine(r, /^--max-replicates: 99999999999 is above the limit of 100000/);
  });

  it('the --ensemble-replicates limit names --ensemble-replicates', async () => {
    const r = await cli(
      ['compare', 'default', 'no-coach', '--ensemble', 'default', '--ensemble-replicates', '999999999'],
      dir,
    );
    oneLine(r, /^--ensemble-replicates: 999999999 is above the limit of 100000/);
  });

  it('1e999 is reported as a number too large, not as null', async () => {
    const file = join(dir, 'big.json');
    writeJson(file, {});
    const r = await cli(['run', file, '--set', 'ties.alpha=1e999', '--summary-only'], dir);
    oneLine(r, /ties\.alpha: .*got Infinity \(a number past the largest/);
  });

  it('a sweep that varies governance.groups.length is refused by its path', async () => {
    const file = join(dir, 'len.json');
    writeJson(file, {
      scenario: 'default',
      vary: [{ path: 'governance.groups.length', values: [100000000] }],
    });
    const r = await cli(['sweep', file, '--workers', '1', '--out', 'len'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/governance\.groups\.length: "length" is not an item of a list/);
    expect(hasStack(r.stderr)).toBe(false);
  });
});
