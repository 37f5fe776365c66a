// Interrupts that tell the truth: one handler for SIGINT, SIGTERM and SIGHUP that every long
// command shares. The first signal aborts the command's work (interruptSignal()); a command that
// has not stopped within INTERRUPT_GRACE_MS, or a second signal, is stopped at once: every folder
// it holds is marked INCOMPLETE, the message says how to continue, the exit code is 130 and the
// exit hook frees the locks. A CLI started by npx also stops when npx dies (npx does not pass
// SIGTERM on, and the process would otherwise finish unattended).
import { readFileSync } from 'node:fs';
import { heldFolders, incompleteNote, markIncomplete, touchedFolders } from '../exec/outdir.ts';

/** How long a command may take to stop cleanly after the first signal. */
export const INTERRUPT_GRACE_MS = 1000;

let controller = new AbortController();
let received: string | null = null;
let timer: NodeJS.Timeout | null = null;
let watch: NodeJS.Timeout | null = null;
let installed = false;
let say: (text: string) => void = (t) => process.stderr.write(`${t}\n`);

/** The signal a long command passes to its runner: aborted by the first interrupt. */
export const interruptSignal = (): AbortSignal => controller.signal;
/** The interrupt received ("SIGTERM", "SIGINT", "parent gone"), or null. */
export const interruptReceived = (): string | null => received;

function markFolders(folders: readonly string[], why: string): string[] {
  const marked: string[] = [];
  for (const dir of folders) {
    try {
      if (!incompleteNote(dir)) markIncomplete(dir, why);
      marked.push(dir);
    } catch {
      // a folder that can no longer be written: its lock goes at exit all the same
    }
  }
  return marked;
}

/** Stop now: mark what is held, say how to continue, exit 130 (the exit hook frees the locks). */
function stopNow(): never {
  const marked = markFolders(heldFolders(), `interrupted by ${received} before it finished`);
  say(
    `Interrupted (${received}); stopped at once.` +
      (marked.length ? ` Marked INCOMPLETE: ${marked.join(', ')}.` : '') +
      ' Run the same command again to finish (sweep and sensitivity: add --resume to keep the runs done).',
  );
  process.exit(130);
}

function onInterrupt(name: string): void {
  if (received !== null) stopNow(); // a second signal
  received = name;
  say(`\nStopping (${name}): finishing what is in flight, at most ${INTERRUPT_GRACE_MS / 1000} s...`);
  controller.abort();
  timer = setTimeout(stopNow, INTERRUPT_GRACE_MS);
}

/** The command line of a process, or '' (no /proc). */
function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * Install the handlers (once per process; main() does it before any command). A new long command
 * adopts them by passing interruptSignal() to its runner and checking it between units of work;
 * main() turns a finished-but-interrupted command into exit 130 with its folders marked.
 */
export function installInterrupts(write?: (text: string) => void): void {
  if (write) say = write;
  if (installed) return;
  installed = true;
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, () => onInterrupt(s));
  // Started by npx (npm exec): when it dies, so does this process.
  const parent = process.ppid;
  if (/\bnpx\b|npm[- ]exec|npm-cli|npx-cli/.test(commandOf(parent))) {
    watch = setInterval(() => {
      if (process.ppid !== parent) onInterrupt('parent gone');
    }, 250);
    watch.unref();
  }
}

/**
 * After a command returns: the exit code it should have. An interrupted command never reports
 * success: one that returns 0 anyway gets 130, and the folders it wrote are marked INCOMPLETE.
 */
export function settleInterrupts(code: number): number {
  if (timer) clearTimeout(timer);
  timer = null;
  if (watch) clearInterval(watch);
  watch = null;
  if (received === null || code !== 0) return code;
  // The command finished as if nothing happened (its runner ignored the signal, or it came after
  // the last unit of work): it still does not report success.
  markFolders(touchedFolders(), `interrupted by ${received} before it finished`);
  return 130;
}

/**
 * Thrown by a command whose runner stopped on interruptSignal() with nothing useful to report: main()
 * prints the message, marks the folders written INCOMPLETE and exits 130.
 */
export class Interrupted extends Error {
  constructor(message = 'Interrupted before it finished.') {
    super(message);
    this.name = 'Interrupted';
  }
}

/** After an Interrupted error: mark the folders written and give the exit code (130). */
export function settleInterrupted(): number {
  settleInterrupts(0);
  markFolders(touchedFolders(), `interrupted by ${received ?? 'a signal'} before it finished`);
  return 130;
}

/** For tests in one process: forget a previous interrupt. */
export function resetInterrupts(): void {
  controller = new AbortController();
  received = null;
}
