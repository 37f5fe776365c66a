// The worker count a command uses, in a module of its own so that a command that may not start a
// pool (run) does not load the pool's code to decide.
import { availableParallelism } from 'node:os';

/** The worker count to use: at most the machine's cores, with the note to print when capped. */
export function capWorkers(
  requested: number,
  cores = availableParallelism(),
): { workers: number; note?: string } {
  if (requested <= cores) return { workers: requested };
  return {
    workers: cores,
    note: `--workers ${requested}: this machine has ${cores} core${cores > 1 ? 's' : ''}; using ${cores} worker${cores > 1 ? 's' : ''}`,
  };
}
