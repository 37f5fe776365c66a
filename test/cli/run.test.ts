// pilotnet run: tidy outputs with provenance, determinism, summary-only, output never overwritten.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Graph from 'graphology';
import { parse } from 'graphology-gexf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../cli/api.ts';
import { replicateSeed } from '../../sim/index.ts';
import { type CliResult, cli, readCsv, SCENARIOS, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const DEFAULT = join(SCENARIOS, 'default.json');

describe('pilotnet run', () => {
  let res: CliResult;
  beforeAll(async () => {
    res = await cli(['run', DEFAULT, '--replicates', '3', '--seed', '7', '--out', 'r'], dir);
  });

  it('prints a summary table and writes every file', () => {
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/3 replicates, base seed 7/);
    // Durations over the submitted runs ("k of 3"), and no 95% range from 3 runs.
    const months = res.stdout.split('\n').find((l) => l.startsWith('months '));
    expect(months).toMatch(/^months\s+\d of 3\s+\S+\s+\S+\s+submitted runs only$/);
    expect(res.stdout).toMatch(/^submitted in \d of 3 runs/m);
    const files = readdirSync(join(dir, 'r')).sort();
    expect(files).toEqual(
      [
        'events.jsonl',
        ...[0, 1, 2].map((r) => `network-${r}.gexf`),
        'manifest.json',
        'runs.csv',
        'summary.json',
        'weekly.csv',
      ].sort(),
    );
  });

  it('runs.csv: one row per replicate, the named columns, sane values', () => {
    const { header, rows } = readCsv(join(dir, 'r', 'runs.csv'));
    for (const c of [
      'scenario',
      'point',
      'replicate',
      'seed',
      'submitted',
      'gaveUp',
      'weeks',
      'months',
      'monthsOverPlan',
      'meetingsPlanned',
      'meetingsExtra',
      'workingGroups',
      'legalOutcome',
      'eiPillarStart',
      'eiPillarEnd',
      'eiLineStart',
      'eiLineEnd',
      'modularityPillarStart',
      'modularityPillarEnd',
      'density',
      'dropouts',
      'volunteerHours',
      'coordinatorHours',
      'settleWeek_legal',
      'extra_project',
    ])
      expect(header).toContain(c);
    expect(rows).toHaveLength(3);
    rows.forEach((r, i) => {
      expect(r.scenario).toBe('default');
      expect(Number(r.replicate)).toBe(i);
      expect(Number(r.seed)).toBe(replicateSeed(7, i));
      expect(['true', 'false']).toContain(r.submitted);
      expect(Number(r.months)).toBeCloseTo(Number(r.weeks) / 4.33, 1);
      expect(Number(r.eiPillarStart)).toBeGreaterThanOrEqual(-1);
      expect(Number(r.eiPillarEnd)).toBeLessThanOrEqual(1);
      expect(Number(r.density)).toBeGreaterThan(0);
    });
  });

  it('weekly.csv: one row per replicate and week, with per-controversy columns', () => {
    const runs = readCsv(join(dir, 'r', 'runs.csv')).rows;
    const { header, rows } = readCsv(join(dir, 'r', 'weekly.csv'));
    expect(header).toEqual(
      expect.arrayContaining(['replicate', 'week', 'eiPillar', 'dispersion_funding', 'status_legal']),
    );
    for (const run of runs) {
      const weeks = rows.filter((w) => w.replicate === run.replicate);
      expect(weeks).toHaveLength(Number(run.weeks));
      expect(weeks.map((w) => Number(w.week))).toEqual(weeks.map((_, k) => k));
    }
    expect(new Set(rows.map((r) => r.status_legal))).toContain('settled');
  });

  it('summary.json: outcomes by column name, provenance with version, hash, seeds, resolved scenario', () => {
    const s = JSON.parse(readFileSync(join(dir, 'r', 'summary.json'), 'utf8'));
    const pkg = JSON.parse(readFileSync(join(SCENARIOS, '..', 'package.json'), 'utf8'));
    expect(s.pilotnet).toBe(pkg.version);
    expect(s.seeds).toEqual([0, 1, 2].map((r) => replicateSeed(7, r)));
    expect(s.scenario.sha256).toBe(
      createHash('sha256').update(JSON.stringify(s.resolvedScenario)).digest('hex'),
    );
    expect(s.resolvedScenario).toEqual(loadScenario(DEFAULT).scenario);
    const months = readCsv(join(dir, 'r', 'runs.csv'))
      .rows.filter((r) => r.submitted === 'true')
      .map((r) => Number(r.months));
    expect(s.outcomes.months.among).toBe('submitted');
    expect(s.outcomes.months.n).toBe(months.length);
    expect(s.outcomes.months.mean).toBeCloseTo(months.reduce((a, b) => a + b, 0) / months.length, 10);
    expect(s.outcomes.months.lo).toBeNull(); // no 95% range from 3 runs
    expect(s.outcomes.months.median).toBeGreaterThan(0);
    expect(s.outcomes.submitted.kind).toBe('share');
  });

  it('events.jsonl and the GEXF network are readable; the GEXF holds the ties runs.csv counts', () => {
    const events = readFileSync(join(dir, 'r', 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.some((e) => e.type === 'meeting' && e.replicate === 0)).toBe(true);
    const text = readFileSync(join(dir, 'r', 'network-0.gexf'), 'utf8');
    const g = parse(Graph, text);
    expect(g.order).toBe(41); // 40 partners and the coordinator
    expect(g.size).toBeGreaterThan(40);
    // Filtered at observation.tieThreshold: its density is runs.csv's, to the last digit.
    const run0 = readCsv(join(dir, 'r', 'runs.csv')).rows[0];
    expect((2 * g.size) / (g.order * (g.order - 1))).toBe(Number(run0.density));
    const threshold = JSON.parse(readFileSync(join(dir, 'r', 'summary.json'), 'utf8')).resolvedScenario
      .observation.tieThreshold;
    g.forEachEdge((_e, a) => expect(a.weight).toBeGreaterThanOrEqual(threshold));
    // Provenance in <meta>, a well-formed viz namespace, named by replicate.
    expect(text).toContain('xmlns:viz="http://www.gexf.net/1.2draft/viz"');
    expect(text).toMatch(/<creator>pilotnet \d+\.\d+\.\d+<\/creator>/);
    expect(text).toContain(`replicate 0, seed ${replicateSeed(7, 0)}`);
    expect(text).toContain(`at least ${threshold}`);
  });

  it('same seed, same bytes; --set changes the run; an existing folder is refused without --force', async () => {
    const again = await cli(
      ['run', DEFAULT, '--replicates', '3', '--seed', '7', '--out', 'r2', '--no-network'],
      dir,
    );
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'r2', 'runs.csv'), 'utf8')).toBe(
      readFileSync(join(dir, 'r', 'runs.csv'), 'utf8'),
    );
    expect(readdirSync(join(dir, 'r2')).some((f) => f.endsWith('.gexf'))).toBe(false);

    const refused = await cli(['run', DEFAULT, '--out', 'r2'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/r2: the output folder already holds results.*--force/);

    const forced = await cli(['run', DEFAULT, '--out', 'r2', '--force', '--set', 'coach.enabled=false'], dir);
    expect(forced.code).toBe(0);
    const s = JSON.parse(readFileSync(join(dir, 'r2', 'summary.json'), 'utf8'));
    expect(s.resolvedScenario.coach.enabled).toBe(false);
    expect(readCsv(join(dir, 'r2', 'runs.csv')).rows).toHaveLength(1);
  });

  it('--summary-only prints the summary and writes nothing', async () => {
    const { dir: empty, cleanup: done } = tempDir();
    try {
      const r = await cli(['run', DEFAULT, '--summary-only'], empty);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^months\s/m);
      expect(existsSync(join(empty, 'results'))).toBe(false);
    } finally {
      done();
    }
  });

  it('--workers 2 writes the same bytes as one thread; a bad --workers exits 2', async () => {
    const args = ['run', DEFAULT, '--replicates', '4', '--seed', '11'];
    const one = await cli([...args, '--out', 'w1'], dir);
    const two = await cli([...args, '--workers', '2', '--out', 'w2'], dir);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const files = readdirSync(join(dir, 'w1')).sort();
    expect(readdirSync(join(dir, 'w2')).sort()).toEqual(files);
    expect(files).toContain('summary.json');
    // summary.json holds no timestamp, so every file is compared whole; manifest.json (the clock, the
    // command line) is the one file that records how the folder was made, --workers included.
    for (const f of files.filter((f) => f !== 'manifest.json'))
      expect(readFileSync(join(dir, 'w2', f), 'utf8'), f).toBe(readFileSync(join(dir, 'w1', f), 'utf8'));
    const manifest = (d: string) => JSON.parse(readFileSync(join(dir, d, 'manifest.json'), 'utf8'));
    expect(manifest('w2').options.workers).toBe(2);
    expect(manifest('w2').scenarios).toEqual(manifest('w1').scenarios);
    expect(two.stdout).toBe(one.stdout.replaceAll('w1/', 'w2/'));

    for (const bad of ['0', '-1', '1.5', 'two']) {
      const r = await cli(['run', DEFAULT, '--workers', bad, '--summary-only'], dir);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/--workers/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
