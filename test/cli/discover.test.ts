// pilotnet discover: both scenarios at every parameter set with common seeds, the peeling
// trajectory and the box in words, the same bytes for any worker count, bad flags refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, readCsv, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const ARGS = [
  'discover',
  'default',
  'meetings-halved',
  '--outcome',
  'months',
  '--at-most',
  '0.5',
  '--draws',
  '20',
  '--replicates',
  '2',
  '--seed',
  '4',
];
const files = (out: string) =>
  ['draws.csv', 'peeling.csv', 'peeling.svg', 'discover.json']
    .map((f) => readFileSync(join(dir, out, f), 'utf8'))
    .join('\n---\n');

describe('pilotnet discover', () => {
  let reference = '';
  it('writes the sets, the trajectory and its plot, and says where the what-if holds', async () => {
    const r = await cli([...ARGS, '--out', 'd1', '--workers', '1'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const draws = readCsv(join(dir, 'd1', 'draws.csv'));
    expect(draws.rows).toHaveLength(20);
    expect(draws.header.slice(-4)).toEqual(['monthsA', 'monthsB', 'diff', 'holds']);
    // holds is the stated condition on the paired difference.
    for (const row of draws.rows) expect(row.holds).toBe(String(Number(row.diff) <= 0.5));
    const holds = draws.rows.filter((x) => x.holds === 'true').length;
    expect(r.stdout).toContain(
      `the difference in months (B − A) is at most 0.5 in ${holds} of 20 parameter sets drawn from the prior`,
    );
    const peel = readCsv(join(dir, 'd1', 'peeling.csv'));
    expect(peel.rows[0]).toMatchObject({ step: '0', move: 'start', coverage: '1', mass: '1' });
    expect(peel.rows.filter((x) => x.chosen === 'true')).toHaveLength(1);
    const meta = JSON.parse(readFileSync(join(dir, 'd1', 'discover.json'), 'utf8'));
    expect(meta.sentence).toBe(r.stdout.split('\n')[0]);
    expect(meta).toMatchObject({ command: 'discover', draws: 20, replicates: 2, seed: 4, holds });
    reference = files('d1');
  }, 120_000);

  it('the same bytes with 2 workers', async () => {
    const r = await cli([...ARGS, '--out', 'd2', '--workers', '2'], dir);
    expect(r.code).toBe(0);
    expect(files('d2')).toBe(reference);
  }, 120_000);

  it('refuses an unknown outcome, a missing condition, and an existing folder', async () => {
    const a = await cli(
      ['discover', 'default', 'meetings-halved', '--outcome', 'legalOutcome', '--at-most', '0', '--out', 'x'],
      dir,
    );
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--outcome legalOutcome: expected one of submitted, gaveUp, weeks, months/);
    const b = await cli(['discover', 'default', 'meetings-halved', '--outcome', 'months', '--out', 'x'], dir);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--at-most or --at-least/);
    const c = await cli([...ARGS, '--out', 'd1'], dir);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/already holds results/);
  }, 60_000);
});
