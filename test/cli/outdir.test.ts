// Output folders (issue 11, items 3, 4 and 5): one writer per folder, a stale lock taken over,
// files written whole, `run --force` swapping the new result in only when it is whole, folders
// left incomplete saying so, signals stopping a sweep at once, and file-system errors as one line
// naming the path and the cause (exit 2, never "internal error").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockOutDir, writeFileAtomic } from '../../exec/outdir.ts';
import { cli, hasStack, SCENARIOS, start, tempDir, writeJson } from './helpers.ts';

const { dir, cleanup } = tempDir();
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) spawnSync('umount', [m]);
  cleanup();
});
const DEFAULT = join(SCENARIOS, 'default.json');
const SMALL = join(dir, 'small.json');
writeJson(SMALL, {
  scenario: 'default',
  vary: [{ path: 'ties.alpha', values: [0.06, 0.1] }],
  replicates: 3,
  seed: 3,
});
const LONG = join(dir, 'long.json');
writeJson(LONG, { scenario: 'default', points: [{}], replicates: 3000, seed: 5 });

const rowsIn = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 2 : 0);
const until = async (cond: () => boolean, child: { exitCode: number | null }) => {
  while (!cond()) {
    if (child.exitCode !== null) throw new Error('the command ended too early');
    await new Promise((r) => setTimeout(r, 20));
  }
};
const plainError = (stderr: string) => {
  expect(hasStack(stderr)).toBe(false);
  expect(stderr).not.toMatch(/internal error/);
  expect(stderr.trim().split('\n')).toHaveLength(1);
};

describe('one writer per output folder', () => {
  it('a second writer is refused with exit 2, naming the holder', async () => {
    const out = join(dir, 'held');
    const lock = lockOutDir(out, 'test');
    try {
      for (const extra of [[], ['--force'], ['--resume']]) {
        const r = await cli(['sweep', SMALL, '--workers', '1', '--out', 'held', ...extra], dir);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(
          new RegExp(`held: another pilotnet \\(pid ${process.pid}, since .*\\) is writing in this folder`),
        );
        plainError(r.stderr);
      }
      const run = await cli(['run', DEFAULT, '--out', 'held', '--force'], dir);
      expect(run.code).toBe(2);
      expect(readdirSync(out)).toEqual([LOCK_FILE]);
    } finally {
      lock.release();
    }
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
  });

  it('a lock left by a killed process is taken over', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    mkdirSync(join(dir, 'stale'));
    writeFileSync(
      join(dir, 'stale', LOCK_FILE),
      JSON.stringify({ pid: dead, host: hostname(), command: 'sweep', started: '2026-01-01T00:00:00Z' }),
    );
    const r = await cli(['sweep', SMALL, '--workers', '1', '--out', 'stale'], dir);
    expect(r.stderr).toMatch(new RegExp(`taking over the lock of pid ${dead}, which is no longer running`));
    expect(r.code).toBe(0);
    expect(rowsIn(join(dir, 'stale', 'runs.csv'))).toBe(6);
    expect(readdirSync(join(dir, 'stale')).sort()).toEqual(['manifest.json', 'runs.csv', 'sweep.json']);
  });

  it('files are written whole: no temporary file is left, the target holds all of it', () => {
    const f = join(dir, 'whole.json');
    writeFileAtomic(f, 'x'.repeat(100_000));
    expect(readFileSync(f, 'utf8')).toHaveLength(100_000);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });
});

describe('interrupted and incomplete folders', () => {
  it('SIGTERM stops a sweep at once, keeps the finished rows, marks the folder, and merge and --resume say what is missing', async () => {
    const out = join(dir, 'term');
    const run = start(['sweep', LONG, '--workers', '2', '--out', 'term'], dir);
    await until(() => rowsIn(join(out, 'runs.csv')) >= 1, run.child);
    run.child.kill('SIGTERM');
    const guard = setTimeout(() => run.child.kill('SIGKILL'), 20_000); // a hang fails, never waits
    const r = await run.done;
    clearTimeout(guard);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/Resume with:\n\s+pilotnet sweep .*--out term --resume/);
    const rows = rowsIn(join(out, 'runs.csv'));
    expect(rows).toBeLessThan(3000);
    expect(readFileSync(join(out, 'INCOMPLETE'), 'utf8')).toMatch(
      /interrupted: \d+ of its 3000 runs are missing/,
    );
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);

    const merged = await cli(['merge', 'term', '--out', 'term-merged'], dir);
    expect(merged.code).toBe(0);
    expect(merged.stderr).toMatch(new RegExp(`term: ${3000 - rows} of its 3000 runs missing`));
    expect(existsSync(join(dir, 'term-merged', 'INCOMPLETE'))).toBe(true);

    // Resume only a few of them: the note says how many are done and how many are left.
    const sweepJson = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8'));
    expect(sweepJson.runCount).toBe(3000);
    const resumed = start(['sweep', LONG, '--workers', '2', '--out', 'term', '--resume'], dir);
    let said = '';
    resumed.child.stderr?.on('data', (d) => {
      said += d;
    });
    await until(() => /already done/.test(said), resumed.child);
    resumed.child.kill('SIGINT');
    const rr = await resumed.done;
    expect(rr.stderr).toMatch(new RegExp(`${rows} already done, ${3000 - rows} to run`));
    expect(rr.code).toBe(130);
  });

  it('run --force builds beside the old result: interrupted, the old one is untouched; finished, it is replaced', async () => {
    const first = await cli(['run', DEFAULT, '--replicates', '2', '--out', 'kept'], dir);
    expect(first.code).toBe(0);
    const before = readFileSync(join(dir, 'kept', 'runs.csv'), 'utf8');
    const run = start(
      ['run', DEFAULT, '--replicates', '400', '--seed', '9', '--out', 'kept', '--force'],
      dir,
    );
    await until(
      () =>
        existsSync(join(dir, 'kept', '.pilotnet-new', 'runs.csv')) &&
        rowsIn(join(dir, 'kept', '.pilotnet-new', 'runs.csv')) >= 2,
      run.child,
    );
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(
      /Interrupted after \d+ of 400 replicates\. The earlier results in kept\/ are unchanged; the \d+ new replicates? finished are set aside in kept\/\.pilotnet-new\/ \(not a result\)\./,
    );
    expect(r.stderr).toMatch(/run again.*\n {2}pilotnet run .*--out kept --force\n/);
    expect(readFileSync(join(dir, 'kept', 'runs.csv'), 'utf8')).toBe(before);
    expect(existsSync(join(dir, 'kept', 'INCOMPLETE'))).toBe(false);
    expect(readFileSync(join(dir, 'kept', '.pilotnet-new', 'INCOMPLETE'), 'utf8')).toMatch(
      /interrupted after \d+ of 400/,
    );

    const again = await cli(
      ['run', DEFAULT, '--replicates', '3', '--seed', '9', '--out', 'kept', '--force', '--no-network'],
      dir,
    );
    expect(again.code).toBe(0);
    expect(rowsIn(join(dir, 'kept', 'runs.csv'))).toBe(3);
    expect(readdirSync(join(dir, 'kept')).sort()).toEqual([
      'events.jsonl',
      'manifest.json',
      'runs.csv',
      'summary.json',
      'weekly.csv',
    ]);
  });
});

describe('file-system errors: one line naming the path and the cause, exit 2', () => {
  writeFileSync(join(dir, 'a-file'), 'x');
  mkdirSync(join(dir, 'damaged'));
  writeFileSync(join(dir, 'damaged', 'sweep.json'), '{"id": "x", "sweepHa');
  writeFileSync(join(dir, 'damaged', 'runs.csv'), '');

  const cases: [string, string[], RegExp][] = [
    [
      '--out under a file',
      ['sweep', SMALL, '--out', 'a-file/sub'],
      /a-file\/sub: cannot make the output folder: .*(ENOTDIR|EEXIST)/,
    ],
    ['--out that is a file', ['run', DEFAULT, '--out', 'a-file'], /a-file: exists and is not a folder/],
    [
      'compare --plot into a missing folder, before computing',
      ['compare', DEFAULT, DEFAULT, '--plot', 'missing-dir/p.svg'],
      /--plot missing-dir\/p\.svg: the folder missing-dir does not exist/,
    ],
    [
      'a damaged sweep.json on --resume',
      ['sweep', SMALL, '--out', 'damaged', '--resume'],
      /damaged\/sweep\.json: damaged \(not valid JSON\)/,
    ],
  ];
  it.each(cases)('%s', async (_name, args, pattern) => {
    const r = await cli(args, dir);
    expect(r.stderr).toMatch(pattern);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    plainError(r.stderr);
  });

  // Read-only and full file systems: small tmpfs mounts (needs root, as in CI; skipped otherwise).
  const mount = (name: string, opts: string): string | null => {
    const at = join(dir, name);
    mkdirSync(at, { recursive: true });
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', at]);
    if (r.status !== 0) return null;
    mounts.push(at);
    return at;
  };
  const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;

  it.skipIf(!canMount)('a read-only --out', async () => {
    if (!mount('ro', 'ro,size=64k')) return;
    const r = await cli(['sweep', SMALL, '--out', 'ro/out'], dir);
    expect(r.stderr).toMatch(/ro\/out: cannot make the output folder: read-only file system \(EROFS\)/);
    expect(r.code).toBe(2);
    plainError(r.stderr);
  });

  it.skipIf(!canMount)('a full disk (ENOSPC) while writing rows', async () => {
    if (!mount('full', 'size=64k')) return;
    const r = await cli(['run', DEFAULT, '--replicates', '3', '--out', 'full/out'], dir);
    expect(r.stderr).toMatch(/full\/out.*no space left on the device \(ENOSPC\)/);
    expect(r.code).toBe(2);
    plainError(r.stderr);
  });
});
