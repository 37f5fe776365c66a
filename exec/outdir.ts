// Output folders with one writer and whole files (STYLE §13, as SQLite and git do it): an
// exclusive lock file naming its holder, taken over when that process is gone; files written to a
// temporary name, flushed and renamed; a marker that says a folder was left incomplete.
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { errnoReason, UsageError } from './errors.ts';

export const LOCK_FILE = '.pilotnet.lock';
export const INCOMPLETE_FILE = 'INCOMPLETE';

export interface LockRecord {
  pid: number;
  host: string;
  command: string;
  started: string;
}

export interface OutputLock {
  dir: string;
  release(): void;
}

/** Locks this process holds, removed on exit whatever the way out (an error, process.exit). */
const held = new Set<string>();
/** Folders this process has locked, held or since released (an interrupt marks them). */
const touched = new Set<string>();

/** Folders whose lock this process holds now. */
export const heldFolders = (): string[] => [...held].map((f) => dirname(f));
/** Folders this process has locked at any time. */
export const touchedFolders = (): string[] => [...touched];
let exitHook = false;

/**
 * Whether a process is running. A zombie (killed, not yet reaped by its parent, as in a container
 * without an init) answers kill(pid, 0) but holds nothing: it counts as gone.
 */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ...": the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no /proc (macOS): kill(pid, 0) is the answer
  }
}

const mtimeOr = (file: string, otherwise: number): number => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return otherwise; // removed meanwhile: try the link again
  }
};

function readLock(file: string): LockRecord | null {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as LockRecord;
    return typeof r.pid === 'number' ? r : null;
  } catch {
    return null;
  }
}

/**
 * Make `dir` (with its parents) and a usage error naming it when that is impossible. Each missing
 * folder is made on its own (Node's recursive mkdir loops for ever on a path like /proc/x).
 */
export function makeDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new UsageError(`${dir}: exists and is not a folder`);
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d || missing.length > 256) break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(d).isDirectory()) continue;
      throw new UsageError(`${dir}: cannot make the output folder: ${errnoReason(e)}`);
    }
  }
  if (!statSync(dir).isDirectory()) throw new UsageError(`${dir}: exists and is not a folder`);
}

/**
 * Take the output folder's lock (making the folder). A second writer is refused with exit 2,
 * naming the holder; a lock whose process is gone (killed, power cut) on this host is taken over.
 */
export function lockOutDir(dir: string, command = process.argv.slice(2).join(' ')): OutputLock {
  makeDir(dir);
  const file = join(dir, LOCK_FILE);
  const record: LockRecord = {
    pid: process.pid,
    host: hostname(),
    command,
    started: new Date().toISOString(),
  };
  // Written whole under a private name, then linked: link() fails with EEXIST if a lock is there.
  const mine = join(dir, `${LOCK_FILE}.${process.pid}`);
  try {
    writeFileSync(mine, `${JSON.stringify(record)}\n`);
  } catch (e) {
    throw new UsageError(`${dir}: cannot write in the output folder: ${errnoReason(e)}`);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw e;
      }
      const holder = readLock(file);
      const stale =
        holder === null
          ? Date.now() - mtimeOr(file, Date.now()) > 10_000 // unreadable: a writer killed mid-write
          : holder.host === record.host && holder.pid !== process.pid && !processAlive(holder.pid);
      if (!stale) {
        const who = holder
          ? `pid ${holder.pid}${holder.host !== record.host ? ` on ${holder.host}` : ''}`
          : 'another process';
        throw new UsageError(
          `${dir}: another pilotnet (${who}${holder ? `, since ${holder.started}` : ''}) is writing in this folder; ` +
            `wait for it, or choose another --out (if no such process is running, remove ${file})`,
        );
      }
      process.stderr.write(
        `note: ${dir}: taking over the lock of pid ${holder?.pid ?? '?'}, which is no longer running\n`,
      );
      removeStaleLock(file, holder);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${dir}: cannot lock the output folder: ${errnoReason(e)}`);
  } finally {
    rmSync(mine, { force: true });
  }
  held.add(file);
  touched.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const f of held) rmSync(f, { force: true });
    });
  }
  return {
    dir,
    release() {
      if (held.delete(file)) rmSync(file, { force: true });
    },
  };
}

/**
 * Remove a stale lock, atomically with respect to other processes taking it over: only the holder
 * of an exclusive claim file (O_EXCL) may remove a lock, and only after reading it again under the
 * claim and finding the same stale record (else another process took it over first, and it stays).
 * A claim left by a process killed mid-takeover is cleared once it is 10 s old.
 */
export function removeStaleLock(file: string, seen: LockRecord | null): void {
  const claim = `${file}.claim`;
  let fd = -1;
  try {
    fd = openSync(claim, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    try {
      if (Date.now() - statSync(claim).mtimeMs > 10_000) rmSync(claim, { force: true });
    } catch {
      // gone meanwhile: its holder finished
    }
    return; // someone else is taking over: the next link() attempt says who holds the lock
  }
  try {
    writeSync(fd, `${process.pid}\n`);
    const now = readLock(file);
    const same =
      now === null ? seen === null : seen !== null && now.pid === seen.pid && now.started === seen.started;
    if (same) rmSync(file, { force: true });
  } finally {
    closeSync(fd);
    rmSync(claim, { force: true });
  }
}

/** The holder of a folder's lock when a live process holds it (for merge and resume). */
export function lockHolder(dir: string): LockRecord | null {
  const holder = readLock(join(dir, LOCK_FILE));
  if (!holder) return null;
  if (holder.host === hostname() && !processAlive(holder.pid)) return null;
  return holder;
}

/**
 * Write a file whole: to a temporary name beside it, flushed to disk, then renamed over the
 * target, so a reader (or a kill) sees the old file or the new one, never half of one.
 */
export function writeFileAtomic(file: string, data: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  let fd = -1;
  try {
    fd = openSync(tmp, 'w');
    writeSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, file);
  } catch (e) {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new UsageError(`${file}: cannot write: ${errnoReason(e)}`);
  }
}

/**
 * Write a file whole from pieces (too large for one string): `fill` calls `write` with each piece;
 * they go to a temporary name beside the target, buffered, flushed, then renamed over the target.
 */
export function writeFileAtomicStreamed(
  file: string,
  fill: (write: (piece: string | Uint8Array) => void) => void,
): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  let fd = -1;
  try {
    fd = openSync(tmp, 'w');
    const fdOut = fd;
    let buffered: Uint8Array[] = [];
    let bytes = 0;
    const flush = () => {
      if (bytes) writeSync(fdOut, Buffer.concat(buffered, bytes));
      buffered = [];
      bytes = 0;
    };
    fill((piece) => {
      const b = typeof piece === 'string' ? Buffer.from(piece) : piece;
      buffered.push(b);
      bytes += b.length;
      if (bytes >= 1 << 20) flush();
    });
    flush();
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, file);
  } catch (e) {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: cannot write: ${errnoReason(e)}`);
  }
}

/** Mark a folder as being written; the marker stays if the writer is killed or interrupted. */
export function markIncomplete(dir: string, what: string): void {
  writeFileAtomic(
    join(dir, INCOMPLETE_FILE),
    `This folder is incomplete: ${what}\nStarted ${new Date().toISOString()} by pid ${process.pid}: pilotnet ${process.argv.slice(2).join(' ')}\n`,
  );
}

export function markComplete(dir: string): void {
  try {
    unlinkSync(join(dir, INCOMPLETE_FILE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** The marker's first line when the folder is marked incomplete, else null. */
export function incompleteNote(dir: string): string | null {
  try {
    return readFileSync(join(dir, INCOMPLETE_FILE), 'utf8').split('\n')[0];
  } catch {
    return null;
  }
}

/**
 * Check, before any computing, that `file` can be written: its folder exists and is writable, and
 * the file is not there already (unless `force`).
 */
export function checkWritableFile(file: string, force = false, flag = ''): void {
  const dir = dirname(file) || '.';
  const who = flag ? `${flag} ${file}` : file;
  if (!existsSync(dir)) throw new UsageError(`${who}: the folder ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`${who}: ${dir} is not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new UsageError(`${who}: cannot write in ${dir}: ${errnoReason(e)}`);
  }
  refuseExisting(file, force);
}

/**
 * Refuse a target that exists, unless `force`. A symbolic link counts as existing even when it
 * points nowhere (existsSync follows it and says no): writing would go through it to wherever it
 * points. With `force`, writeFileAtomic's rename replaces the link itself, never its target.
 */
export function refuseExisting(file: string, force: boolean): void {
  let st: ReturnType<typeof lstatSync> | null = null;
  try {
    st = lstatSync(file);
  } catch {
    return; // nothing there
  }
  if (force) return;
  if (st?.isSymbolicLink())
    throw new UsageError(`${file}: is a symbolic link; refused (pass --force to replace the link itself)`);
  throw new UsageError(`${file}: exists; pass --force to overwrite it`);
}
