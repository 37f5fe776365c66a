// Attack suite, outputs (issue 21, finding 8): a target that is a symbolic link, dangling or not,
// is refused without --force before any computing, and nothing is written through it; with
// --force the link itself is replaced (temporary file, then rename). An empty file name is refused.
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNew } from '../../cli/calibrate.ts';
import { UsageError } from '../../exec/errors.ts';
import { cli, hasStack, tempDir } from '../cli/helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const victim = join(dir, 'victim.txt');
const dangling = (name: string) => {
  const link = join(dir, name);
  symlinkSync(join(dir, `nowhere-${name}`), link);
  return link;
};

const refused = (r: { code: number | null; stderr: string }) => {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/symbolic link; refused|exists; pass --force|expected a file name/);
  expect(hasStack(r.stderr)).toBe(false);
};

describe('attack: outputs never follow links', () => {
  it('writeNew refuses a dangling link and a link to a file, and writes nothing through them', () => {
    writeFileSync(victim, 'keep me');
    const toVictim = join(dir, 'to-victim.csv');
    symlinkSync(victim, toVictim);
    const nowhere = dangling('out.csv');
    expect(() => writeNew(toVictim, 'x', false)).toThrow(UsageError);
    expect(() => writeNew(nowhere, 'x', false)).toThrow(/symbolic link; refused/);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(existsSync(join(dir, 'nowhere-out.csv'))).toBe(false);
    // --force replaces the link itself; its target is untouched.
    writeNew(toVictim, 'new', true);
    expect(lstatSync(toVictim).isSymbolicLink()).toBe(false);
    expect(readFileSync(toVictim, 'utf8')).toBe('new');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });

  it('dock --figure to a dangling link is refused before the grid runs', async () => {
    const r = await cli(['dock', '--figure', dangling('fig.svg')], dir);
    refused(r);
    expect(existsSync(join(dir, 'nowhere-fig.svg'))).toBe(false);
  });

  it('calibrate --out to a dangling link is refused before computing', async () => {
    refused(await cli(['calibrate', '--out', dangling('cal.csv')], dir));
  });

  it('validation --out to a dangling link is refused before computing', async () => {
    refused(await cli(['validation', '--out', dangling('val.md')], dir));
  });

  it('sensitivity ofat with ofat.csv a link is refused', async () => {
    mkdirSync(join(dir, 'sens'));
    symlinkSync(victim, join(dir, 'sens', 'ofat.csv'));
    const r = await cli(['sensitivity', 'default', '--method', 'ofat', '--out', 'sens'], dir);
    refused(r);
    expect(existsSync(join(dir, 'sens', '.pilotnet.lock'))).toBe(false);
  });

  it("compare --report '' is refused (it wrote nothing, silently)", async () => {
    refused(await cli(['compare', 'default', 'no-coach', '--report', ''], dir));
  });
});
