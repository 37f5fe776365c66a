// pilotnet sweep and merge: the example sweep file, results independent of workers and shards,
// streamed whole rows that survive a kill, --resume with no run lost or duplicated.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replicateSeed } from '../../sim/index.ts';
import { cli, readCsv, SCENARIOS, sortedLines, start, tempDir, writeJson } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const EXAMPLE = join(SCENARIOS, 'sweeps', 'project-meetings-coach.json');
const runsOf = (out: string) => join(dir, out, 'runs.csv');

/** A sweep of 2 points × 12 replicates: small enough to run often, two points so order matters. */
const SMALL = join(dir, 'small.json');
writeJson(SMALL, {
  scenario: 'default',
  vary: [{ path: 'ties.alpha', name: 'alpha', values: [0.06, 0.1] }],
  replicates: 12,
  seed: 3,
});

describe('pilotnet sweep', () => {
  it('runs the example sweep: 5 × 2 points, a column per factor, common seeds', async () => {
    const r = await cli(['sweep', EXAMPLE, '--replicates', '2', '--workers', '2', '--out', 'example'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/20 runs in example\/runs\.csv/);
    expect(r.stderr).toMatch(/10 points × 2 replicates = 20 runs/);
    // The per-point digest: one line per point with its parameters and run count.
    expect(r.stdout).toMatch(/^point\s+projectMeetings\s+coach\s+runs\s+submitted/m);
    expect(r.stdout).toMatch(/^9\s+12\s+false\s+2\s+\d+%/m);
    const { header, rows } = readCsv(runsOf('example'));
    expect(header.slice(0, 7)).toEqual([
      'scenario',
      'scenarioHash',
      'point',
      'replicate',
      'seed',
      'projectMeetings',
      'coach',
    ]);
    expect(rows).toHaveLength(20);
    const points = new Map<string, string>();
    for (const row of rows) {
      expect(Number(row.seed)).toBe(replicateSeed(1, Number(row.replicate)));
      points.set(row.point, `${row.projectMeetings}/${row.coach}`);
    }
    // Canonical order: the last factor (coach) varies fastest.
    expect([...points.entries()].sort((a, b) => Number(a[0]) - Number(b[0])).map((e) => e[1])).toEqual([
      '4/true',
      '4/false',
      '6/true',
      '6/false',
      '8/true',
      '8/false',
      '10/true',
      '10/false',
      '12/true',
      '12/false',
    ]);
    const meta = JSON.parse(readFileSync(join(dir, 'example', 'sweep.json'), 'utf8'));
    expect(meta.factors[0].values).toEqual([4, 6, 8, 10, 12]);
    expect(meta.runCount).toBe(20);
  });

  let reference = '';
  beforeAll(async () => {
    const r = await cli(['sweep', SMALL, '--workers', '1', '--out', 'w1'], dir);
    expect(r.code).toBe(0);
    reference = sortedLines(runsOf('w1'));
  });

  it('gives the same rows (sorted bytes) with 1 and 2 workers, and adding a point changes no run', async () => {
    const r = await cli(['sweep', SMALL, '--workers', '2', '--out', 'w2'], dir);
    expect(r.code).toBe(0);
    expect(sortedLines(runsOf('w2'))).toBe(reference);
    // Same sweep from --vary with one more point in front: the old runs keep their results.
    const more = await cli(
      [
        'sweep',
        join(SCENARIOS, 'default.json'),
        '--vary',
        'ties.alpha=0.02,0.06,0.1',
        '--replicates',
        '12',
        '--seed',
        '3',
        '--workers',
        '2',
        '--out',
        'w3',
      ],
      dir,
    );
    expect(more.code).toBe(0);
    const outcomes = (file: string, alpha: string) =>
      readCsv(file)
        .lines.slice(1)
        .map((l) => l.split(','))
        .filter((f) => f[4] === alpha)
        .map((f) => [f[2], f[3], ...f.slice(5)].join(','))
        .sort();
    for (const alpha of ['0.06', '0.1'])
      expect(outcomes(runsOf('w3'), alpha)).toEqual(outcomes(runsOf('w1'), alpha));
  });

  it('3 shards merged equal 1 shard, in canonical order; merge refuses duplicates and other sweeps', async () => {
    const shards = await Promise.all(
      [1, 2, 3].map((i) =>
        cli(['sweep', SMALL, '--workers', '1', '--shard', `${i}/3`, '--out', `s${i}`], dir),
      ),
    );
    for (const s of shards) expect(s.code).toBe(0);
    const sizes = [1, 2, 3].map((i) => readCsv(runsOf(`s${i}`)).rows.length);
    expect(sizes).toEqual([8, 8, 8]);
    const m = await cli(['merge', 's1', 's2', 's3', '--out', 'merged'], dir);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/24 runs from 3 folders/);
    expect(sortedLines(runsOf('merged'))).toBe(reference);
    const keys = readCsv(runsOf('merged')).rows.map((r) => [Number(r.point), Number(r.replicate)]);
    expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));

    const dup = await cli(['merge', 's1', 's1', '--out', 'dup'], dir);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/is also in/);
    const other = await cli(['merge', 's1', 'example', '--out', 'other'], dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds a different sweep/);
    expect(existsSync(join(dir, 'dup', 'runs.csv')) || existsSync(join(dir, 'other', 'runs.csv'))).toBe(
      false,
    );
  });

  it('refuses an existing output folder without --force or --resume', async () => {
    const r = await cli(['sweep', SMALL, '--workers', '1', '--out', 'w1'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/w1: the output folder already holds results.*--force.*--resume/);
    expect(sortedLines(runsOf('w1'))).toBe(reference);
  });

  it('--resume cuts a torn last line and runs only the missing runs', async () => {
    const src = readFileSync(runsOf('w1'), 'utf8').split('\n');
    // Keep the header and 15 rows, then half a row as a kill mid-write would leave it.
    const cut = `${src.slice(0, 16).join('\n')}\n${src[16].slice(0, 25)}`;
    const r0 = await cli(['sweep', SMALL, '--workers', '1', '--out', 'torn'], dir);
    expect(r0.code).toBe(0);
    writeFileSync(runsOf('torn'), cut);
    const r = await cli(['sweep', SMALL, '--workers', '2', '--out', 'torn', '--resume'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/24 runs in torn\/runs\.csv \(9 new, 15 resumed\)/);
    expect(sortedLines(runsOf('torn'))).toBe(reference);
  });
});

describe('an interrupted sweep', () => {
  /** Long enough to interrupt: 1 point × 800 replicates on one worker. */
  const LONG = join(dir, 'long.json');
  writeJson(LONG, { scenario: 'default', points: [{}], replicates: 800, seed: 5 });
  let longReference = '';
  beforeAll(async () => {
    const r = await cli(['sweep', LONG, '--workers', '2', '--out', 'long-ref'], dir);
    expect(r.code).toBe(0);
    longReference = sortedLines(runsOf('long-ref'));
  });

  const rowsOnDisk = (out: string) => {
    const f = runsOf(out);
    return existsSync(f) ? readFileSync(f, 'utf8').split('\n').length - 2 : 0;
  };
  async function interrupt(out: string, signal: NodeJS.Signals) {
    const run = start(['sweep', LONG, '--workers', '1', '--out', out], dir);
    while (rowsOnDisk(out) < 60) {
      if (run.child.exitCode !== null) throw new Error('the sweep ended before it could be interrupted');
      await new Promise((r) => setTimeout(r, 20));
    }
    run.child.kill(signal);
    return run.done;
  }
  const checkWhole = (out: string) => {
    const text = readFileSync(runsOf(out), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    const width = lines[0].split(',').length;
    for (const l of lines) expect(l.split(',')).toHaveLength(width);
    return lines.length - 1;
  };

  it('SIGKILL: every row on disk is whole, and --resume completes it with no run lost or duplicated', async () => {
    const killed = await interrupt('killed', 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const rows = checkWhole('killed');
    expect(rows).toBeGreaterThanOrEqual(60);
    expect(rows).toBeLessThan(800);
    const resumed = await cli(['sweep', LONG, '--workers', '2', '--out', 'killed', '--resume'], dir);
    expect(resumed.code).toBe(0);
    expect(sortedLines(runsOf('killed'))).toBe(longReference);
  });

  it('SIGINT: exit 130 with the command to resume, rows whole; resuming completes it', async () => {
    const stopped = await interrupt('stopped', 'SIGINT');
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/Interrupted: \d+ of 800 runs are in stopped\/runs\.csv/);
    expect(stopped.stderr).toMatch(/Resume with:\n\s+pilotnet sweep .*long\.json.*--out stopped --resume/);
    const rows = checkWhole('stopped');
    expect(rows).toBeLessThan(800);
    const resumed = await cli(['sweep', LONG, '--workers', '2', '--out', 'stopped', '--resume'], dir);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(
      new RegExp(`800 runs in stopped/runs\\.csv \\(${800 - rows} new, ${rows} resumed\\)`),
    );
    expect(sortedLines(runsOf('stopped'))).toBe(longReference);
  });
});
