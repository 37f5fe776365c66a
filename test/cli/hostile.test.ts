// Hostile and careless input through the command line (issue 11, items 2, 4, 5 and 7): each is a
// one-line message with exit code 2, quickly, never a stack trace, an out-of-memory crash or a
// polluted process.

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capWorkers, nodeFlagsForWorkers } from '../../exec/sweep.ts';
import { BIN, cli, hasStack, SCENARIOS, tempDir, writeJson } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const DEFAULT = join(SCENARIOS, 'default.json');

writeJson(join(dir, 'sweep-proto.json'), {
  scenario: 'default',
  set: { '__proto__.polluted': 1 },
  vary: [{ path: 'ties.alpha', values: [0.1] }],
});
writeJson(join(dir, 'sweep-vary-proto.json'), {
  scenario: 'default',
  vary: [{ path: 'constructor.prototype.x', values: [1] }],
});
writeFileSync(join(dir, 'keys.json'), '{"id":"k","ties":{"__proto__":{"alpha":0.9}}}');
writeJson(join(dir, 'huge-range.json'), {
  scenario: 'default',
  vary: [{ path: 'ties.alpha', values: { from: 0, to: 1, by: 1e-9 } }],
});
writeJson(join(dir, 'many-points.json'), {
  scenario: 'default',
  vary: [
    { path: 'ties.alpha', values: { from: 0, to: 1, by: 0.0001 } },
    { path: 'ties.decay', values: { from: 0, to: 1, by: 0.0001 } },
  ],
});
writeJson(join(dir, 'many-runs.json'), {
  scenario: 'default',
  replicates: 100000,
  vary: [{ path: 'ties.alpha', values: { from: 0, to: 1, by: 0.001 } }],
});
writeJson(join(dir, 'actors.json'), { id: 'crowd', consortia: 200, composition: { size: 46000 } });
writeJson(join(dir, 'newline-id.json'), { id: 'a\nb' });
writeFileSync(join(dir, 'secret.json'), 'root:x:0:0:root:/root:/bin/bash\n');
writeJson(join(dir, 'leaky.json'), { extends: 'secret.json' });
writeJson(join(dir, 'traversal.json'), { extends: '../../../../etc/passwd' });
writeFileSync(join(dir, 'deep.json'), `{"ties":{"alpha":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`);

const cases: [string, string[], RegExp][] = [
  [
    '--set through __proto__',
    ['run', DEFAULT, '--summary-only', '--set', '__proto__.toString="x"'],
    /^--set: __proto__\.toString: the name "__proto__" is not allowed/m,
  ],
  [
    '--set through constructor',
    ['run', DEFAULT, '--summary-only', '--set', 'constructor.name=1'],
    /constructor/,
  ],
  [
    'a sweep set through __proto__',
    ['validate', 'sweep-proto.json'],
    /sweep-proto\.json: set: __proto__\.polluted: the name "__proto__" is not allowed/,
  ],
  [
    'a sweep factor through constructor',
    ['sweep', 'sweep-vary-proto.json', '--out', 'never'],
    /sweep-vary-proto\.json: vary\[0\]\.path: constructor\.prototype\.x: the name "constructor"/,
  ],
  [
    'a __proto__ key in a scenario file',
    ['run', 'keys.json', '--summary-only'],
    /^keys\.json: ties\.__proto__: the name/m,
  ],
  [
    'a range of 10^9 values, counted before expansion',
    ['validate', 'huge-range.json'],
    /huge-range\.json: ties\.alpha: from 0 to 1 by 1e-9 gives 1000000000 values; the limit is 100000/,
  ],
  [
    'a --vary range past the limit',
    ['sweep', DEFAULT, '--vary', 'ties.alpha=0..1:0.000000001', '--out', 'never'],
    /^--vary ties\.alpha: .* the limit is 100000/m,
  ],
  ['too many points', ['validate', 'many-points.json'], /100020001 points; a sweep may have at most 1000000/],
  ['too many runs', ['validate', 'many-runs.json'], /runs; a sweep may have at most 10000000|replicates/],
  [
    'replicates 10^15',
    ['run', DEFAULT, '--replicates', '1000000000000000', '--summary-only'],
    /--replicates: .*limit of 100000/,
  ],
  ['10^7 actors', ['validate', 'actors.json'], /actors\.json: composition\.size: up to \d+ actors in all/],
  ['a newline in an id', ['validate', 'newline-id.json'], /newline-id\.json: id: expected an identifier/],
  [
    'a 200,000-deep value',
    ['run', 'deep.json', '--summary-only'],
    /deep\.json: ties\.alpha.*nested more than 64 levels/,
  ],
  [
    'extends outside .json and presets',
    ['run', 'traversal.json'],
    /traversal\.json: extends: expected a preset name/,
  ],
];

describe('refused with exit 2 and one message', () => {
  it.each(cases)('%s', async (_name, args, pattern) => {
    const r = await cli(args, dir);
    expect(r.stderr).toMatch(pattern);
    expect(r.code).toBe(2);
    expect(hasStack(r.stderr)).toBe(false);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('an extends error does not echo the content of the file it reached', async () => {
    const r = await cli(['run', 'leaky.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/leaky\.json: extends: cannot load "secret\.json": secret\.json: invalid JSON/);
    expect(r.stderr).not.toMatch(/root:x/);
  });
});

describe('workers', () => {
  it('more workers than cores are capped with a message', () => {
    expect(capWorkers(1000, 2)).toEqual({
      workers: 2,
      note: '--workers 1000: this machine has 2 cores; using 2 workers',
    });
    expect(capWorkers(2, 8)).toEqual({ workers: 2 });
  });

  it('only module-loading flags reach the workers', () => {
    expect(
      nodeFlagsForWorkers([
        '--max-old-space-size=4096',
        '--import',
        'tsx',
        '--stack-size=2000',
        '--enable-source-maps',
      ]),
    ).toEqual(['--import', 'tsx', '--enable-source-maps']);
  });

  it('a sweep started with node --max-old-space-size runs (the flag is not passed to workers)', async () => {
    const child = spawn(
      process.execPath,
      [
        '--max-old-space-size=1024',
        BIN,
        'sweep',
        DEFAULT,
        '--vary',
        'ties.alpha=0.1,0.2',
        '--replicates',
        '1',
        '--workers',
        '2',
        '--out',
        'flags',
      ],
      { cwd: dir },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise((res) => child.on('close', res));
    expect(stderr).not.toMatch(/internal error|ERR_WORKER_INVALID_EXEC_ARGV/);
    expect(code).toBe(0);
  });
});
