// Attack suite, resume and merge (issue 21, findings 3 and 11): runs.csv is streamed and every row
// is checked: a duplicated row stops --resume and merge; a cell a spreadsheet would run is refused
// on resume and re-neutralised by merge; a row outside the sweep is named by its line.
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, hasStack, tempDir, writeJson } from '../cli/helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const SMALL = join(dir, 'small.json');
writeJson(SMALL, {
  scenario: 'default',
  vary: [{ path: 'ties.alpha', values: [0.06, 0.1] }],
  replicates: 2,
  seed: 3,
});

const copyFolder = (from: string, to: string) => {
  for (const f of ['runs.csv', 'sweep.json']) {
    const text = readFileSync(join(dir, from, f), 'utf8');
    writeFileSync(join(dir, to, f), text);
  }
};
const oneLine = (stderr: string) => expect(stderr.trim().split('\n')).toHaveLength(1);

describe('attack: resume and merge check every row', () => {
  beforeAll(async () => {
    const r = await cli(['sweep', SMALL, '--workers', '1', '--out', 'base'], dir);
    expect(r.code).toBe(0);
  });

  it('--resume refuses a duplicated row, naming its line (it kept 5 rows for 4 runs)', async () => {
    await cli(['sweep', SMALL, '--workers', '1', '--out', 'dup'], dir);
    const runs = join(dir, 'dup', 'runs.csv');
    const lines = readFileSync(runs, 'utf8').split('\n');
    writeFileSync(runs, `${lines.slice(0, 3).join('\n')}\n${lines[2]}\n`);
    const r = await cli(['sweep', SMALL, '--workers', '1', '--out', 'dup', '--resume'], dir);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/runs\.csv: line 4: run \(point \d, replicate \d\) is there twice/);
    expect(hasStack(r.stderr)).toBe(false);
  });

  it('--resume refuses a row with a formula cell', async () => {
    await cli(['sweep', SMALL, '--workers', '1', '--out', 'formula'], dir);
    const runs = join(dir, 'formula', 'runs.csv');
    const lines = readFileSync(runs, 'utf8').trimEnd().split('\n');
    lines[1] = lines[1].replace(/^[^,]*/, '"=HYPERLINK(""http://x"")"');
    writeFileSync(runs, `${lines.slice(0, 2).join('\n')}\n`);
    const r = await cli(['sweep', SMALL, '--workers', '1', '--out', 'formula', '--resume'], dir);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/line 2: a cell that a spreadsheet would run as a formula/);
  });

  it('merge re-neutralises a formula cell and keeps every other byte', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'hyper'));
    copyFolder('base', 'hyper');
    const runs = join(dir, 'hyper', 'runs.csv');
    const lines = readFileSync(runs, 'utf8').trimEnd().split('\n');
    lines[1] = lines[1].replace(/^[^,]*/, '"=HYPERLINK(""http://x"")"');
    writeFileSync(runs, `${lines.join('\n')}\n`);
    const r = await cli(['merge', 'hyper', '--out', 'hyper-merged'], dir);
    expect(r.code).toBe(0);
    const out = readFileSync(join(dir, 'hyper-merged', 'runs.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    const neutralised = out.filter((l) => l.startsWith(`"'=HYPERLINK(""http://x"")"`));
    expect(neutralised).toHaveLength(1);
    expect(out.filter((l) => !neutralised.includes(l)).sort()).toEqual([lines[0], ...lines.slice(2)].sort());
    expect(readFileSync(join(dir, 'hyper-merged', 'runs.csv'), 'utf8')).not.toMatch(/(^|\n|,)"?=/);
  });

  it('merge refuses a row twice in one file, and a run outside the sweep', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'twice'));
    copyFolder('base', 'twice');
    const runs = join(dir, 'twice', 'runs.csv');
    const lines = readFileSync(runs, 'utf8').trimEnd().split('\n');
    appendFileSync(runs, `${lines[1]}\n`);
    let r = await cli(['merge', 'twice', '--out', 'twice-merged'], dir);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/line 6: run \(point 0, replicate 0\) is also in .*\(twice in one file\)/);
    writeFileSync(runs, `${lines.join('\n')}\n${lines[1].replace(/^([^,]*),([^,]*),0,0,/, '$1,$2,7,0,')}\n`);
    r = await cli(['merge', 'twice', '--out', 'twice-merged'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 6: run \(point 7, replicate 0\) is not in this sweep/);
    rmSync(join(dir, 'twice-merged'), { recursive: true, force: true });
  });

  it('merge of a whole folder gives its rows byte for byte, in point and replicate order', async () => {
    const r = await cli(['merge', 'base', '--out', 'base-merged'], dir);
    expect(r.code).toBe(0);
    const merged = readFileSync(join(dir, 'base-merged', 'runs.csv'), 'utf8').split('\n');
    const base = readFileSync(join(dir, 'base', 'runs.csv'), 'utf8').split('\n');
    expect([...merged].sort()).toEqual([...base].sort());
    // Key columns: scenario, scenarioHash, point, replicate, seed.
    const keys = merged.slice(1, -1).map((l) => l.split(',').slice(2, 4).join(','));
    expect(keys).toEqual(['0,0', '0,1', '1,0', '1,1']);
  });
});
