// Bad input: every kind the issue names exits with code 2 and a message naming the file and
// path, with no stack trace.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, hasStack, SCENARIOS, tempDir, writeJson } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const DEFAULT = join(SCENARIOS, 'default.json');

writeFileSync(join(dir, 'broken.json'), '{\n  "ties": {\n    "alpha": 0.1,\n  }\n}\n');
writeJson(join(dir, 'invalid.json'), {
  ties: { alpha: 2, alhpa: 0.1 },
  seed: 'x',
  governance: { signOff: 'board' },
});
writeJson(join(dir, 'orphan.json'), { extends: 'no-such-preset' });
writeJson(join(dir, 'empty-vary.json'), { scenario: 'default', vary: [{ path: 'ties.alpha', values: [] }] });
writeJson(join(dir, 'empty-points.json'), { scenario: 'default', points: [] });
writeJson(join(dir, 'nothing.json'), { scenario: 'default', replicates: 2 });

const cases: [string, string[], RegExp][] = [
  ['a missing file', ['run', 'nope.json'], /^nope\.json: cannot read the file: no such file$/m],
  [
    'invalid JSON, with line and column',
    ['run', 'broken.json'],
    /^broken\.json: line 4, column 3: invalid JSON/m,
  ],
  [
    'a schema violation, each problem with its path',
    ['run', 'invalid.json'],
    /invalid\.json: ties\.alpha: .*<=1, got 2\ninvalid\.json: ties\.alhpa: unknown field/,
  ],
  [
    'a cross-reference error',
    ['validate', 'invalid.json'],
    /invalid\.json: governance\.signOff: .*"board"|invalid\.json: seed: expected number/,
  ],
  [
    'an unknown preset in extends',
    ['run', 'orphan.json'],
    /orphan\.json: extends: cannot load "no-such-preset"/,
  ],
  [
    'a --set path that does not exist',
    ['run', DEFAULT, '--set', 'ties.alhpa=0.1'],
    /^--set: ties\.alhpa: no such parameter/m,
  ],
  [
    'a --set value of the wrong type',
    ['run', DEFAULT, '--set', 'ties.alpha=high'],
    /^--set: ties\.alpha: expected number, got "high"/m,
  ],
  ['a --set without =', ['run', DEFAULT, '--set', 'ties.alpha'], /--set ties\.alpha: expected path=value/],
  ['an unknown command', ['rnu', DEFAULT], /unknown command 'rnu'/],
  ['an unknown flag', ['run', DEFAULT, '--replicate', '3'], /unknown option '--replicate'/],
  ['a bad number', ['run', DEFAULT, '--replicates', 'many'], /--replicates <r>.*expected a whole number/],
  [
    'a sweep factor with no values',
    ['sweep', 'empty-vary.json', '--out', 'o1'],
    /empty-vary\.json: ties\.alpha: the sweep has no points/,
  ],
  [
    'a sweep with an empty list of points',
    ['sweep', 'empty-points.json', '--out', 'o2'],
    /empty-points\.json: points: the sweep has no points/,
  ],
  [
    'a sweep with neither vary nor points',
    ['sweep', 'nothing.json', '--out', 'o3'],
    /nothing\.json: the sweep has no points/,
  ],
  [
    '--vary with no values',
    ['sweep', DEFAULT, '--vary', 'ties.alpha=', '--out', 'o4'],
    /ties\.alpha: the sweep has no points/,
  ],
  [
    '--vary on a path that does not exist',
    ['sweep', DEFAULT, '--vary', 'ties.beta=1,2', '--out', 'o5'],
    /ties\.beta: no such parameter/,
  ],
  ['a scenario given to sweep without --vary', ['sweep', DEFAULT], /this is a scenario, not a sweep/],
  [
    'a sweep file given to run',
    ['run', 'empty-vary.json'],
    /empty-vary\.json: this is a sweep file, not a scenario/,
  ],
  [
    'a bad shard',
    ['sweep', DEFAULT, '--vary', 'ties.alpha=0.1', '--shard', '4/3', '--out', 'o6'],
    /--shard 4\/3: expected i\/n/,
  ],
];

describe('bad input exits with code 2, a clear message and no stack trace', () => {
  it.concurrent.each(cases)('%s', async (_, args, message) => {
    const r = await cli(args, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(hasStack(r.stderr)).toBe(false);
    expect(r.stdout).toBe('');
  });
});
