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
