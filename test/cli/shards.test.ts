// Every method on a cluster: the work run in 3 shards (as 3 array tasks would), then analysed over
// their folders, gives the local run's result byte for byte: Sobol' (sobol.csv, sobol.svg), Morris
// (morris.csv, morris-points.csv, morris.svg), ABC one generation at a time (posterior.csv and .svg)
// and validation (its Markdown). Folders that are not one whole design (a shard missing or twice,
// another design, the output among the inputs) are refused with every problem listed, exit code 2.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, hasStack, ROOT, readCsv, tempDir } from './helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const SCENARIO = join(ROOT, 'scenarios', 'default.json');
const at = (...p: string[]) => join(tmp.dir, ...p);
const same = (a: string, b: string) => expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));

describe('sensitivity --method sobol in shards', () => {
  const design = [
    '--method',
    'sobol',
    '--samples',
    '3',
    '--bootstrap',
    '50',
    '--seed',
    '5',
    '--workers',
    '1',
  ];

  it('the analysis of 3 shards equals the local run, byte for byte', async () => {
    const local = await cli(['sensitivity', SCENARIO, ...design, '--out', at('sobol-local')], tmp.dir);
    expect(local.code).toBe(0);
    const shards = await Promise.all(
      [1, 2, 3].map((i) =>
        cli(['sensitivity', SCENARIO, ...design, '--shard', `${i}/3`, '--out', at(`sobol-${i}`)], tmp.dir),
      ),
    );
    for (const s of shards) {
      expect(s.code).toBe(0);
      expect(s.stdout).toMatch(/sensitivity --analyse/);
    }
    // A shard holds its runs only: every third run, no analysis.
    const one = readCsv(at('sobol-2', 'sobol-runs.csv')).rows;
    const all = readCsv(at('sobol-local', 'sobol-runs.csv')).rows;
    expect(one.length).toBe(Math.floor((all.length - 2) / 3) + 1);
    expect(JSON.parse(readFileSync(at('sobol-2', 'sobol.json'), 'utf8')).shard).toBe('2/3');
    expect(() => readFileSync(at('sobol-2', 'sobol.csv'))).toThrow();
    // Folders in any order.
    const a = await cli(
      [
        'sensitivity',
        '--analyse',
        at('sobol-3'),
        at('sobol-1'),
        at('sobol-2'),
        '--bootstrap',
        '50',
        '--out',
        at('sobol-an'),
      ],
      tmp.dir,
    );
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    same(at('sobol-an', 'sobol.csv'), at('sobol-local', 'sobol.csv'));
    same(at('sobol-an', 'sobol.svg'), at('sobol-local', 'sobol.svg'));
    // The local run's own folder analyses to the same bytes too.
    const again = await cli(
      ['sensitivity', '--analyse', at('sobol-local'), '--bootstrap', '50', '--out', at('sobol-an2')],
      tmp.dir,
    );
    expect(again.code).toBe(0);
    same(at('sobol-an2', 'sobol.csv'), at('sobol-local', 'sobol.csv'));
  }, 300_000);

  it('refuses a missing shard, a repeated one, another design and --out among the inputs, listing each', async () => {
    const missing = await cli(
      ['sensitivity', '--analyse', at('sobol-1'), at('sobol-3'), '--out', at('x')],
      tmp.dir,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/shards missing: 2\/3/);
    expect(hasStack(missing.stderr)).toBe(false);
    const other = await cli(
      ['sensitivity', SCENARIO, ...design, '--samples', '2', '--shard', '2/3', '--out', at('sobol-other')],
      tmp.dir,
    );
    expect(other.code).toBe(0);
    const mixed = await cli(
      [
        'sensitivity',
        '--analyse',
        at('sobol-1'),
        at('sobol-other'),
        at('sobol-1'),
        at('sobol-3'),
        '--out',
        at('w'),
      ],
      tmp.dir,
    );
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/sobol-other[/\\]sobol\.json: \$\.identity: another design/);
    expect(mixed.stderr).toMatch(/shard 1\/3 again/);
    expect(hasStack(mixed.stderr)).toBe(false);
    const into = await cli(
      ['sensitivity', '--analyse', at('sobol-1'), at('sobol-2'), at('sobol-3'), '--out', at('sobol-2')],
      tmp.dir,
    );
    expect(into.code).toBe(2);
    expect(into.stderr).toMatch(/sobol-2: is also --out/);
    const none = await cli(['sensitivity', '--analyse', tmp.dir, '--out', at('y')], tmp.dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/neither sobol\.json nor morris\.json/);
    const both = await cli(['sensitivity', SCENARIO, '--analyse', at('sobol-1'), '--out', at('y')], tmp.dir);
    expect(both.code).toBe(2);
    const ofat = await cli(
      ['sensitivity', SCENARIO, '--method', 'ofat', '--shard', '1/2', '--out', at('y')],
      tmp.dir,
    );
    expect(ofat.code).toBe(2);
    expect(ofat.stderr).toMatch(/--shard: only --method sobol or morris/);
  }, 120_000);
});

describe('sensitivity --method morris in shards', () => {
  const design = [
    '--method',
    'morris',
    '--trajectories',
    '2',
    '--replicates',
    '2',
    '--bootstrap',
    '50',
    '--seed',
    '3',
  ];

  it('the analysis of 3 shards equals the local run, byte for byte', async () => {
    const local = await cli(['sensitivity', SCENARIO, ...design, '--out', at('morris-local')], tmp.dir);
    expect(local.code).toBe(0);
    for (const i of [1, 2, 3]) {
      const s = await cli(
        ['sensitivity', SCENARIO, ...design, '--shard', `${i}/3`, '--out', at(`morris-${i}`)],
        tmp.dir,
      );
      expect(s.code).toBe(0);
    }
    const a = await cli(
      [
        'sensitivity',
        '--analyse',
        at('morris-1'),
        at('morris-2'),
        at('morris-3'),
        '--bootstrap',
        '50',
        '--out',
        at('morris-an'),
      ],
      tmp.dir,
    );
    expect(a.code).toBe(0);
    for (const f of ['morris.csv', 'morris-points.csv', 'morris.svg'])
      same(at('morris-an', f), at('morris-local', f));
    const torn = await cli(
      ['sensitivity', '--analyse', at('morris-1'), at('morris-2'), '--out', at('z')],
      tmp.dir,
    );
    expect(torn.code).toBe(2);
    expect(torn.stderr).toMatch(/shards missing: 3\/3/);
  }, 300_000);
});

describe('validation in shards', () => {
  const v = [
    'validation',
    '--seeds',
    '5,6',
    '--replicates',
    '3',
    '--national-replicates',
    '1',
    '--resamples',
    '5',
  ];

  it('batches and ablations computed in 3 shards give the local Markdown byte for byte', async () => {
    const local = await cli([...v, '--out', 'validation.md'], at());
    expect(local.code).toBe(0);
    for (const i of [1, 2, 3]) {
      const s = await cli([...v, '--shard', `${i}/3`, '--out', at(`validation-${i}`)], tmp.dir);
      expect(s.code).toBe(0);
    }
    mkdirSync(at('validation-an'), { recursive: true });
    const a = await cli(
      [
        'validation',
        '--analyse',
        at('validation-2'),
        at('validation-1'),
        at('validation-3'),
        '--out',
        'validation.md',
      ],
      at('validation-an'),
    );
    expect(a.code).toBe(0);
    same(at('validation-an', 'validation.md'), at('validation.md'));
    expect(readFileSync(at('validation.md'), 'utf8')).toMatch(
      /Generated by `pilotnet validation --seeds 5,6 --out validation\.md`/,
    );
    const missing = await cli(['validation', '--analyse', at('validation-1'), '--out', at('v.md')], tmp.dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/shards missing: 2\/3, 3\/3/);
  }, 300_000);
});

describe('shard records are input too', () => {
  it('refuses a record whose sizes are out of bounds or inconsistent, naming each field', async () => {
    const dir = at('hostile-morris');
    mkdirSync(dir, { recursive: true });
    const record = {
      identity: 'x',
      scenario: 'default',
      factors: [{ path: '__proto__', integer: false, low: 0, high: 1, base: 0.5 }],
      levels: 4,
      trajectories: 1e12,
      replicates: 1,
      seed: 1,
      points: 2,
      runs: 2,
    };
    writeFileSync(join(dir, 'morris.json'), JSON.stringify(record));
    const r = await cli(['sensitivity', '--analyse', dir, '--out', at('hostile-out')], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.trajectories: expected a whole number from 1 to 1000000/);
    expect(hasStack(r.stderr)).toBe(false);
    writeFileSync(join(dir, 'morris.json'), JSON.stringify({ ...record, trajectories: 1, runs: 3 }));
    const r2 = await cli(['sensitivity', '--analyse', dir, '--out', at('hostile-out')], tmp.dir);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/\$\.runs: expected trajectories x \(factors \+ 1\) x replicates/);
    writeFileSync(join(dir, 'morris.json'), '{"identity": 1');
    const r3 = await cli(['sensitivity', '--analyse', dir, '--out', at('hostile-out')], tmp.dir);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/morris\.json: not JSON/);
  }, 120_000);
});
