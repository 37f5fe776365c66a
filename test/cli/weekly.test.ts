// sweep --weekly COLUMNS: the chosen weekly series of every run of a sweep, in weekly.csv beside
// runs.csv, keyed like runs.csv. Checked against the run command's weekly.csv for the same point and
// seeds; runs.csv is unchanged by it; shards merge to the unsharded bytes; bad columns exit 2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, readCsv, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const SERIES = ['density', 'eiPillar', 'dispersion_name', 'status_legal'];
const SWEEP = ['sweep', 'lean', '--vary', 'ties.alpha=0.05,0.1', '--replicates', '2', '--workers', '1'];
const text = (...p: string[]) => readFileSync(join(dir, ...p), 'utf8');

describe('sweep --weekly', () => {
  beforeAll(async () => {
    const runs = [
      [...SWEEP, '--weekly', SERIES.join(','), '--out', 'w'],
      [...SWEEP, '--out', 'plain'],
      [...SWEEP, '--weekly', SERIES.join(','), '--shard', '1/2', '--out', 's1'],
      [...SWEEP, '--weekly', SERIES.join(','), '--shard', '2/2', '--out', 's2'],
      ['merge', 's1', 's2', '--out', 'merged'],
      ['run', 'lean', '--set', 'ties.alpha=0.1', '--replicates', '2', '--no-network', '--out', 'run'],
    ];
    for (const a of runs) {
      const r = await cli(a, dir);
      expect(r.code, `${a.join(' ')}\n${r.stderr}`).toBe(0);
    }
  }, 240_000);

  it('writes the chosen series per run and week, keyed like runs.csv', () => {
    const { header, rows } = readCsv(join(dir, 'w', 'weekly.csv'));
    expect(header).toEqual([
      'scenario',
      'scenarioHash',
      'point',
      'replicate',
      'seed',
      'consortium',
      'week',
      ...SERIES,
    ]);
    const runs = readCsv(join(dir, 'w', 'runs.csv')).rows;
    // Every run's weeks 0..weeks-1 (the run's weekly records), and its keys as in runs.csv.
    for (const r of runs) {
      const mine = rows.filter((w) => w.point === r.point && w.replicate === r.replicate);
      expect(mine.map((w) => Number(w.week))).toEqual(Array.from({ length: Number(r.weeks) }, (_, k) => k));
      for (const w of mine) expect([w.scenarioHash, w.seed]).toEqual([r.scenarioHash, r.seed]);
    }
    expect(JSON.parse(text('w', 'sweep.json')).weekly).toEqual(header);
  });

  it('holds what the run command writes for the same point and seeds', () => {
    const run = readCsv(join(dir, 'run', 'weekly.csv')).rows;
    const point1 = readCsv(join(dir, 'w', 'weekly.csv')).rows.filter((w) => w.point === '1');
    expect(point1).toHaveLength(run.length);
    point1.forEach((w, i) => {
      for (const c of ['replicate', 'seed', 'consortium', 'week', ...SERIES]) expect(w[c], c).toBe(run[i][c]);
    });
    expect(point1[0].scenarioHash).toBe(readCsv(join(dir, 'run', 'runs.csv')).rows[0].scenarioHash);
  });

  it('leaves runs.csv as it is without it; shards merge to the same rows in canonical order', () => {
    expect(text('w', 'runs.csv')).toBe(text('plain', 'runs.csv'));
    // merge writes runs in (point, replicate) order, each run's weeks in order: the unsharded
    // sweep's rows, so ordered, are the same bytes.
    const canonical = (file: string) => {
      const [head, ...lines] = text(file).trim().split('\n');
      const key = (l: string) => l.split(',').slice(2, 4).map(Number);
      const sorted = [...lines].sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
      return [head, ...sorted].join('\n');
    };
    expect(text('merged', 'weekly.csv').trim()).toBe(canonical('w/weekly.csv'));
    expect(text('merged', 'runs.csv').trim()).toBe(canonical('w/runs.csv'));
  });

  it('names unknown series and refuses --resume, exit 2', async () => {
    const bad = await cli([...SWEEP, '--weekly', 'density,nonsense,alsoBad', '--out', 'bad'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--weekly: no weekly series "nonsense"');
    expect(bad.stderr).toContain('--weekly: no weekly series "alsoBad"');
    expect(bad.stderr).toMatch(/the weekly series: month, eiPillar, /);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const resume = await cli([...SWEEP, '--weekly', 'density', '--resume', '--out', 'w'], dir);
    expect(resume.code).toBe(2);
    expect(resume.stderr).toContain('--resume: not with --weekly');
    const mixed = await cli(['merge', 's1', 'plain', '--out', 'mixed'], dir);
    expect(mixed.code).toBe(2);
  });
});
