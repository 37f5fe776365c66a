// Usage errors: bad input the user can fix (a missing file, invalid JSON, a schema violation).
// They carry exit code 2 and a message that names the file and the JSON path; never a stack trace.
import { formatProblems, type Problem } from '../sim/index.ts';

export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'UsageError';
  }

  /** One error for a list of `{file, path, message}` problems, printed one per line. */
  static fromProblems(problems: Problem[]): UsageError {
    return new UsageError(formatProblems(problems), problems);
  }
}

export const isUsageError = (e: unknown): e is UsageError => e instanceof UsageError;

/** Plain words for the file-system errors a user can fix, with the code for searching. */
const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder',
  EEXIST: 'already exists',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
  EBUSY: 'busy',
};

/** The cause of a file-system error in plain words, e.g. "permission denied (EACCES)". */
export function errnoReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code && ERRNO_WORDS[code]) return `${ERRNO_WORDS[code]} (${code})`;
  return (e as Error)?.message ?? String(e);
}

/**
 * A file-system or resource error a user can fix (a read-only --out, a full disk) as a one-line
 * usage error naming the path; null for anything else (a real bug stays an internal error).
 */
export function fromSystemError(e: unknown): UsageError | null {
  const err = e as NodeJS.ErrnoException;
  if (!err || typeof err !== 'object' || !err.code || !ERRNO_WORDS[err.code]) return null;
  const where = err.path ?? (err as { dest?: string }).dest ?? '';
  const verb = err.syscall ? ` (${err.syscall})` : '';
  return new UsageError(`${where ? `${where}: ` : ''}${errnoReason(err)}${verb}`);
}

/**
 * Text made safe for a terminal: control characters (ESC, OSC and CSI sequences, a carriage return
 * that would overwrite a line, C1 codes) and bidirectional overrides become visible `\u{..}`
 * escapes, so a scenario name or a value from a file cannot forge or hide output lines. Newlines
 * and tabs stay.
 */
export function terminalText(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u{${c.charCodeAt(0).toString(16)}}`,
  );
}
