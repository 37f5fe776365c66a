// pilotnet compare and validate, and the library API behind the CLI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compare, loadScenario, pairedDifference, runReplicates, sweepDefaultRuns } from '../../cli/api.ts';
import { replicateSeed } from '../../sim/index.ts';
import { cli, SCENARIOS, tempDir, writeJson } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const DEFAULT = join(SCENARIOS, 'default.json');
// A local what-if that leaves the coordinator 4 hours a week: it must take longer to write the file
// (halved hours no longer did clearly: under model v3 the controversies, not the writing, set the pace).
writeJson(join(dir, 'half-coordinator.json'), {
  extends: 'default',
  id: 'half-coordinator',
  coordinator: { hoursPerWeek: 4 },
});

describe('pilotnet compare', () => {
  it('json: paired differences whose CIs contain the mean difference, common seeds', async () => {
    const r = await cli(
      ['compare', DEFAULT, 'half-coordinator.json', '--replicates', '12', '--format', 'json'],
      dir,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.a.id).toBe('default');
    expect(out.b.id).toBe('half-coordinator');
    expect(out.seeds).toEqual(Array.from({ length: 12 }, (_, k) => replicateSeed(1, k)));
    for (const o of out.outcomes) {
      // Durations count the pairs where both submitted; every other outcome all 12.
      if (o.among === 'submitted') expect(o.n).toBeLessThanOrEqual(12);
      else expect(o.n).toBe(12);
      expect(o.a).toHaveLength(12);
      expect(o.diff).toBeCloseTo(o.meanB - o.meanA, 9); // mean of differences = difference of means
      expect(o.lo).toBeLessThanOrEqual(o.diff + 1e-12);
      expect(o.hi).toBeGreaterThanOrEqual(o.diff - 1e-12);
      expect(typeof o.sentence).toBe('string');
    }
    const hours = out.outcomes.find((o: { key: string }) => o.key === 'coordinatorHours');
    expect(hours).toBeDefined();
    const months = out.outcomes.find((o: { key: string }) => o.key === 'months');
    expect(months.diff).toBeGreaterThan(0);
    expect(months.sentence).toMatch(
      /^half-coordinator takes [\d.]+ months? longer than default \(95% CI [\d.]+ to [\d.]+; over the \d+ pairs where both submitted\)$/,
    );
  });

  it('a scenario against itself: every difference is exactly 0 (common random numbers)', async () => {
    const r = await cli(['compare', DEFAULT, DEFAULT, '--replicates', '5', '--format', 'csv'], dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('outcome,label,unit,meanA,meanB,diff,ciLow,ciHigh,n,mdd,sentence');
    for (const l of lines.slice(1)) {
      const f = l.split(',');
      expect([f[5], f[6], f[7]]).toEqual(['0', '0', '0']);
      expect(l).toMatch(/do not differ in .* \(identical in every replicate\)/);
    }
  });

  it('text and md formats, and an SVG plot with one marker per outcome', async () => {
    const text = await cli(
      ['compare', DEFAULT, 'half-coordinator.json', '--replicates', '6', '--plot', 'cmp.svg'],
      dir,
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/half-coordinator \(B\) against default \(A\), common random numbers/);
    expect(text.stdout).toMatch(/^6 replicate pairs \(fixed by --replicates\)$/m);
    expect(text.stdout).toMatch(/^duration \(months\)\s+\S+\s+\S+\s+\S+\s+\S+ to \S+\s+(6|\d of 6)$/m);
    const svg = readFileSync(join(dir, 'cmp.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<circle /g)?.length).toBe(16);
    const md = await cli(
      ['compare', DEFAULT, 'half-coordinator.json', '--replicates', '6', '--format', 'md'],
      dir,
    );
    expect(md.stdout).toMatch(
      /^\| outcome \| default \(A\) \| half-coordinator \(B\) \| B − A \| 95% CI \| pairs \|$/m,
    );
    const again = await cli(['compare', DEFAULT, DEFAULT, '--replicates', '2', '--plot', 'cmp.svg'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/cmp\.svg: exists; pass --force/);
  });
});

describe('pilotnet validate', () => {
  it('reports ok files and every problem of every bad file', async () => {
    writeJson(join(dir, 'bad1.json'), { ties: { alpha: -1 }, calendar: { deadline: 'soon' } });
    writeJson(join(dir, 'bad2.json'), {
      scenario: 'default',
      vary: [{ path: 'ties.alpha', values: [0.1, 7] }],
    });
    const r = await cli(
      [
        'validate',
        DEFAULT,
        join(SCENARIOS, 'sweeps', 'project-meetings-coach.json'),
        'bad1.json',
        'bad2.json',
      ],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^ok {2}.*default\.json \(scenario "default"\)$/m);
    expect(r.stdout).toMatch(/project-meetings-coach\.json \(10 points × 20 replicates = 200 runs\)/);
    expect(r.stderr).toMatch(/^bad1\.json: ties\.alpha: .*>=0/m);
    expect(r.stderr).toMatch(/^bad1\.json: calendar\.deadline: /m);
    expect(r.stderr).toMatch(/^bad2\.json: ties\.alpha: .*<=1.*\(point 1\)$/m);
    expect(r.stderr).toMatch(/2 of 4 files with problems/);
  });
});

describe('library API', () => {
  it('runReplicates and compare agree with the seeds the CLI uses', () => {
    const d = loadScenario(DEFAULT);
    const runs = runReplicates(d.scenario, { replicates: 3, seed: 9 });
    expect(runs.map((s) => s.seed)).toEqual([0, 1, 2].map((r) => replicateSeed(9, r)));
    const c = compare(d, d, { replicates: 3, seed: 9 });
    expect(c.outcomes.every((o) => o.diff === 0)).toBe(true);
  });

  it('pairedDifference: a known t interval and minimum detectable difference; none below 5 pairs', () => {
    // Differences 1..5: mean 3, sd sqrt(2.5), t(0.975, 4) = 2.776445 -> half-width 1.963243;
    // MDD (80% power) adds t(0.8, 4) = 0.940965: 2.628606.
    const d = pairedDifference([0, 0, 0, 0, 0], [1, 2, 3, 4, 5]);
    expect(d.diff).toBe(3);
    expect(d.lo).toBeCloseTo(3 - 1.963243, 5);
    expect(d.hi).toBeCloseTo(3 + 1.963243, 5);
    expect(d.mdd).toBeCloseTo(2.628606, 5);
    const few = pairedDifference([0, 0, 0], [1, 2, 3]);
    expect(few.diff).toBe(2);
    expect(few.lo).toBeNaN();
    expect(few.mdd).toBeNaN();
  });

  it('sweepDefaultRuns: N default runs on W workers, the same rows for 1 and 2 workers', async () => {
    const one = await sweepDefaultRuns(40, 1);
    const two = await sweepDefaultRuns(40, 2);
    expect(one.rows).toBe(40);
    expect(two.digest).toBe(one.digest);
  });
});
