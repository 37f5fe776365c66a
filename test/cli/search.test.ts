// pilotnet search: the design space file checked with every problem named, the same bytes for a
// seed whatever the worker count, a killed search resumed to the bytes of an unbroken one, the
// robust mode recording its posterior, and objectives drawn from the outcome columns.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OBJECTIVE_OUTCOMES } from '../../cli/design-spec.ts';
import { OUTCOME_COLUMNS } from '../../exec/columns.ts';
import { loadScenario } from '../../exec/io.ts';
import { cli, readCsv, SCENARIOS, start, tempDir, writeJson } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

/** 6 designs × 4 generations × 3 replicates: small, yet with choices, whole numbers and a limit. */
const SMALL = join(dir, 'small.json');
writeJson(SMALL, {
  scenario: 'default',
  variables: [
    { path: 'governance.groups[1].plannedMeetings', name: 'projectMeetings', min: 2, max: 10, integer: true },
    { path: 'ties.alpha', name: 'alpha', min: 0.04, max: 0.12 },
    { path: 'coach.enabled', name: 'coach', values: [true, false] },
  ],
  objectives: [
    { outcome: 'meetingsPlanned', goal: 'min' },
    { outcome: 'months', goal: 'min' },
  ],
  limits: [{ outcome: 'submitted', min: 0.5 }],
  population: 6,
  generations: 4,
  replicates: 3,
  seed: 5,
});
const files = (out: string) =>
  ['evaluations.csv', 'pareto.csv', 'front.svg']
    .map((f) => readFileSync(join(dir, out, f), 'utf8'))
    .join('\n---\n');

describe('pilotnet search', () => {
  let reference = '';
  it('writes every evaluation, the front with intervals and its plot', async () => {
    const r = await cli(['search', SMALL, '--out', 'w1', '--workers', '1'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Design search small: 4 generations of 6 designs, 3 replicates each with common seeds \(base seed 5\)/,
    );
    const ev = readCsv(join(dir, 'w1', 'evaluations.csv'));
    expect(ev.rows).toHaveLength(24);
    expect(ev.header.slice(0, 5)).toEqual(['generation', 'index', 'projectMeetings', 'alpha', 'coach']);
    for (const row of ev.rows) {
      expect(Number(row.projectMeetings)).toBeGreaterThanOrEqual(2);
      expect(Number.isInteger(Number(row.projectMeetings))).toBe(true);
      expect(['true', 'false']).toContain(row.coach);
      // An interval holds its estimate.
      expect(Number(row.monthsLow)).toBeLessThanOrEqual(Number(row.months));
      expect(Number(row.monthsHigh)).toBeGreaterThanOrEqual(Number(row.months));
    }
    const front = readCsv(join(dir, 'w1', 'pareto.csv'));
    expect(front.header).toEqual([
      'design',
      'generation',
      'index',
      'projectMeetings',
      'alpha',
      'coach',
      'meetingsPlanned',
      'meetingsPlannedLow',
      'meetingsPlannedHigh',
      'months',
      'monthsLow',
      'monthsHigh',
    ]);
    expect(front.rows.length).toBeGreaterThan(0);
    // The front is mutually non-dominated, sorted by the first objective.
    const f = front.rows.map((r) => [Number(r.meetingsPlanned), Number(r.months)]);
    for (const a of f)
      for (const b of f) expect(a[0] <= b[0] && a[1] <= b[1] && (a[0] < b[0] || a[1] < b[1])).toBe(false);
    for (let i = 1; i < f.length; i++) expect(f[i][0]).toBeGreaterThanOrEqual(f[i - 1][0]);
    // Every front design is one of the evaluations, with the same figures.
    for (const row of front.rows) {
      const e = ev.rows.find((x) => x.generation === row.generation && x.index === row.index);
      expect(e?.months).toBe(row.months);
      expect(e?.feasible).toBe('true');
    }
    // Each front design is a scenario file with the design's choices, and front.json carries them.
    const d1 = loadScenario(join(dir, 'w1', 'design-1.json')).scenario;
    expect(d1.governance.groups[1].plannedMeetings).toBe(Number(front.rows[0].projectMeetings));
    expect(d1.ties.alpha).toBe(Number(front.rows[0].alpha));
    expect(d1.coach.enabled).toBe(front.rows[0].coach === 'true');
    expect(existsSync(join(dir, 'w1', `design-${front.rows.length + 1}.json`))).toBe(false);
    const fj = JSON.parse(readFileSync(join(dir, 'w1', 'front.json'), 'utf8'));
    expect(fj.designs).toHaveLength(front.rows.length);
    expect(fj.designs[0].scenario).toEqual(
      JSON.parse(readFileSync(join(dir, 'w1', 'design-1.json'), 'utf8')),
    );
    expect(String(fj.designs[0].outcomes.months.value)).toBe(front.rows[0].months);
    expect(readFileSync(join(dir, 'w1', 'front.svg'), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>\n$/);
    const meta = JSON.parse(readFileSync(join(dir, 'w1', 'search.json'), 'utf8'));
    expect(meta).toMatchObject({
      command: 'search',
      population: 6,
      replicates: 3,
      baseSeed: 5,
      robust: null,
    });
    expect(existsSync(join(dir, 'w1', 'INCOMPLETE'))).toBe(false);
    reference = files('w1');
  }, 120_000);

  it('the same bytes with 2 workers', async () => {
    const r = await cli(['search', SMALL, '--out', 'w2', '--workers', '2'], dir);
    expect(r.code).toBe(0);
    expect(files('w2')).toBe(reference);
  }, 120_000);

  it('killed after a generation, --resume gives the bytes of the unbroken search', async () => {
    const run = start(['search', SMALL, '--out', 'killed', '--workers', '1'], dir);
    const evals = join(dir, 'killed', 'evaluations.csv');
    while (!existsSync(evals)) {
      if (run.child.exitCode !== null) throw new Error('the search ended before it could be killed');
      await new Promise((r) => setTimeout(r, 10));
    }
    run.child.kill('SIGKILL');
    await run.done;
    const kept = readFileSync(evals, 'utf8').trimEnd().split('\n').length - 1;
    expect(kept).toBeGreaterThanOrEqual(6);
    expect(kept).toBeLessThan(24);
    expect(existsSync(join(dir, 'killed', 'INCOMPLETE'))).toBe(true);
    const again = await cli(['search', SMALL, '--out', 'killed', '--workers', '2'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds results/);
    const resumed = await cli(['search', SMALL, '--out', 'killed', '--workers', '2', '--resume'], dir);
    expect(resumed.code).toBe(0);
    expect(files('killed')).toBe(reference);
    // Resuming into the folder of another search is refused.
    const other = await cli(['search', SMALL, '--out', 'killed', '--resume', '--seed', '6'], dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds another search/);
  }, 120_000);

  it('--robust: each design across posterior draws, the posterior named by its hash', async () => {
    const r = await cli(
      [
        'search',
        SMALL,
        '--out',
        'robust',
        '--generations',
        '1',
        '--robust',
        'default',
        '--draws',
        '2',
        '--quantile',
        '0.75',
      ],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /each across 2 posterior draws \(default, sha256 [0-9a-f]{12}\), optimising the 0\.75 pessimistic quantile/,
    );
    expect(r.stdout).toMatch(/^36 runs;/m); // 6 designs × 2 draws × 3 replicates
    const meta = JSON.parse(readFileSync(join(dir, 'robust', 'search.json'), 'utf8'));
    const posterior = readFileSync(join(SCENARIOS, 'posterior', 'default.csv'));
    const { createHash } = await import('node:crypto');
    expect(meta.robust).toEqual({
      file: 'default',
      sha256: createHash('sha256').update(posterior).digest('hex'),
      draws: 2,
      quantile: 0.75,
    });
  }, 120_000);

  it('a bad design space file: every problem with its JSON path, exit 2, no stack', async () => {
    const bad = join(dir, 'bad.json');
    writeJson(bad, {
      scenario: 'default',
      variables: [
        { path: 'a.__proto__.b', min: 0, max: 1 },
        { path: 'ties.alpha', min: 0.2, max: 0.1 },
        { path: 'coach.enabled', values: [] },
      ],
      objectives: [
        { outcome: 'legalOutcome', goal: 'min' },
        { outcome: 'months', goal: 'least' },
      ],
      population: 5,
      extra: 1,
    });
    const r = await cli(['search', bad, '--out', 'bad'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
    for (const path of [
      'variables[2].values',
      'objectives[0].outcome',
      'objectives[1].goal',
      'population',
      'extra',
    ])
      expect(r.stderr).toContain(path);
    // Paths and bounds are checked once the shape is right.
    const bad2 = join(dir, 'bad2.json');
    writeJson(bad2, {
      scenario: 'default',
      variables: [
        { path: 'a.__proto__.b', min: 0, max: 1 },
        { path: 'ties.alpha', min: 0.2, max: 0.1 },
      ],
      objectives: [{ outcome: 'months', goal: 'min' }],
    });
    const r2 = await cli(['search', bad2, '--out', 'bad2'], dir);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('variables[0].path');
    expect(r2.stderr).toContain('variables[1].max');
    expect(existsSync(join(dir, 'bad2', 'evaluations.csv'))).toBe(false);
  }, 60_000);
});

describe('objectives come from the outcome columns', () => {
  it('every numeric outcome of runs.csv is an objective, in column order, and no text column', () => {
    expect(OBJECTIVE_OUTCOMES).toEqual(
      OUTCOME_COLUMNS.filter((c) => c !== 'gaveUpReason' && c !== 'legalOutcome'),
    );
    expect(OBJECTIVE_OUTCOMES).toEqual(
      expect.arrayContaining([
        'months',
        'volunteerHours',
        'coordinatorHours',
        'coordinatorMonthsUnfunded',
        'submitted',
        'eiPillarEnd',
      ]),
    );
  });
});
