// Provenance in every output folder: manifest.json (command line, options, time, version, commit
// where known, Node, platform, the resolved scenario's hash after --set) and runs.csv's
// scenarioHash column, which keeps runs of different scenarios apart once merged although they
// share an id and seeds. The results themselves stay byte-identical: only manifest.json has a clock.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, readCsv, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const json = (...p: string[]) => JSON.parse(readFileSync(join(dir, ...p), 'utf8'));

describe('provenance', () => {
  beforeAll(async () => {
    const runs = [
      ['run', 'lean', '--replicates', '2', '--no-network', '--out', 'plain'],
      ['run', 'lean', '--replicates', '2', '--no-network', '--out', 'again'],
      ['run', 'lean', '--replicates', '2', '--no-network', '--set', 'ties.alpha=0.1', '--out', 'alpha'],
    ];
    for (const a of runs) expect((await cli(a, dir)).code).toBe(0);
    const sweep = ['sweep', 'lean', '--vary', 'ties.alpha=0.05,0.1', '--replicates', '1', '--workers', '1'];
    for (const s of ['1/2', '2/2'])
      expect((await cli([...sweep, '--shard', s, '--out', `shard-${s[0]}`], dir)).code).toBe(0);
    expect((await cli(['merge', 'shard-1', 'shard-2', '--out', 'merged'], dir)).code).toBe(0);
  }, 180_000);

  it('--set changes the scenarioHash of every row, and the hash is the summary.json digest', () => {
    const plain = readCsv(join(dir, 'plain', 'runs.csv'));
    const alpha = readCsv(join(dir, 'alpha', 'runs.csv'));
    expect(plain.header.slice(0, 5)).toEqual(['scenario', 'scenarioHash', 'point', 'replicate', 'seed']);
    // Same id, same seeds: before this column, the two files could not be told apart once merged.
    expect(alpha.rows.map((r) => [r.scenario, r.seed])).toEqual(plain.rows.map((r) => [r.scenario, r.seed]));
    const hash = (rows: Record<string, string>[]) => [...new Set(rows.map((r) => r.scenarioHash))];
    expect(hash(plain.rows)).toHaveLength(1);
    expect(hash(plain.rows)[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(hash(alpha.rows)[0]).not.toBe(hash(plain.rows)[0]);
    for (const [d, rows] of [
      ['plain', plain.rows],
      ['alpha', alpha.rows],
    ] as const) {
      const digest = json(d, 'summary.json').scenario.sha256 as string;
      expect(digest.slice(0, 16)).toBe(rows[0].scenarioHash);
      expect(json(d, 'manifest.json').scenarios).toEqual([
        { id: rows[0].scenario, file: expect.stringMatching(/lean\.json$/), sha256: digest },
      ]);
    }
  });

  it('manifest.json records the command line, options, times, version, commit, Node and platform', () => {
    const m = json('alpha', 'manifest.json');
    expect(m.command).toBe('run');
    expect(m.commandLine).toBe(
      'pilotnet run lean --replicates 2 --no-network --set ties.alpha=0.1 --out alpha',
    );
    expect(m.argv).toEqual(m.commandLine.split(' ').slice(1));
    expect(m.options).toMatchObject({ replicates: 2, network: false, set: ['ties.alpha=0.1'], out: 'alpha' });
    expect(m.pilotnet).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(m.node).toBe(process.version);
    expect(m.platform).toBe(`${process.platform}-${process.arch}`);
    expect(Date.parse(m.finished)).toBeGreaterThanOrEqual(Date.parse(m.started));
    expect(m.cwd).toBe(dir);
    // From a clone (as here) the commit is HEAD's; an installed package records null.
    let head: string | null = null;
    try {
      head = execFileSync('git', ['-C', ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {}
    expect(m.commit).toBe(head);
  });

  it('the results stay byte-identical run to run; only the manifest differs', () => {
    for (const f of ['runs.csv', 'weekly.csv', 'events.jsonl', 'summary.json'])
      expect(readFileSync(join(dir, 'again', f), 'utf8'), f).toBe(
        readFileSync(join(dir, 'plain', f), 'utf8'),
      );
    expect(json('again', 'manifest.json').commandLine).toContain('--out again');
  });

  it('each sweep point has its own hash; shards and their merge carry manifests', () => {
    const merged = readCsv(join(dir, 'merged', 'runs.csv'));
    const byPoint = new Map(merged.rows.map((r) => [r.point, r.scenarioHash]));
    expect(byPoint.size).toBe(2);
    expect(new Set(byPoint.values()).size).toBe(2);
    expect(json('shard-1', 'manifest.json')).toMatchObject({ command: 'sweep', options: { shard: '1/2' } });
    const m = json('merged', 'manifest.json');
    expect(m.command).toBe('merge');
    expect(m.commandLine).toBe('pilotnet merge shard-1 shard-2 --out merged');
    expect(m.scenarios).toEqual([json('merged', 'sweep.json').scenario]);
  });
});
