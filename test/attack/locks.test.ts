// Attack suite, output folders (issue 21, findings 4 and 9): a folder that cannot be made is a
// message at once (never a loop); a stale lock is taken over by one process only; a killed writer
// that is still a zombie holds no lock.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../exec/errors.ts';
import { LOCK_FILE, type LockRecord, lockOutDir, makeDir, removeStaleLock } from '../../exec/outdir.ts';
import { cli, hasStack, tempDir } from '../cli/helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const record = (pid: number, started: string): LockRecord => ({
  pid,
  host: hostname(),
  command: 'test',
  started,
});
const writeLock = (folder: string, r: LockRecord) =>
  writeFileSync(join(folder, LOCK_FILE), `${JSON.stringify(r)}\n`);

describe('attack: output folders and locks', () => {
  it('a folder under /proc is refused at once with a message (recursive mkdir looped for ever)', () => {
    expect(() => makeDir('/proc/pilotnet-x/y')).toThrow(UsageError);
    expect(() => makeDir('/proc/pilotnet-x/y')).toThrow(/cannot make the output folder/);
  });

  it('the CLI with --out /proc/x exits 2 with one line', async () => {
    const r = await cli(['run', 'default', '--out', '/proc/pilotnet-x', '--replicates', '1'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(hasStack(r.stderr)).toBe(false);
  });

  it('a takeover that finds the lock already taken over leaves the new holder in place', () => {
    const folder = join(dir, 'race');
    makeDir(folder);
    const stale = record(2 ** 22 + 7, '2020-01-01T00:00:00.000Z');
    // A took over the stale lock of a dead process: its own record is there now.
    const fresh = record(process.pid + 1, new Date().toISOString());
    writeLock(folder, fresh);
    // B read the stale record before A's takeover, and now removes "the stale lock".
    removeStaleLock(join(folder, LOCK_FILE), stale);
    expect(JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8'))).toEqual(fresh);
  });

  it('a stale lock of a dead process is taken over', () => {
    const folder = join(dir, 'stale');
    makeDir(folder);
    writeLock(folder, record(2 ** 22 + 9, '2020-01-01T00:00:00.000Z'));
    const lock = lockOutDir(folder, 'test');
    expect(JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('the lock of a zombie (killed, not reaped) is taken over', async () => {
    // sh starts `sleep 0` in the background, then becomes `sleep 3`, which never reaps it.
    const sh = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 3']);
    const pid = await new Promise<number>((res) =>
      sh.stdout.once('data', (d) => res(Number(String(d).trim()))),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toMatch(/\) Z /);
    const folder = join(dir, 'zombie');
    makeDir(folder);
    writeLock(folder, record(pid, new Date().toISOString()));
    const lock = lockOutDir(folder, 'test');
    expect(JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
    sh.kill();
  });
});
