// Replicate statistics: the shared pure module report/stats.ts, re-exported for the CLI's callers.
export type { PairedDifference, Share, Spread } from '../report/stats.ts';
export {
  halfWidth,
  MIN_N_CI,
  MIN_N_RANGE,
  minimumDetectable,
  pairedDifference,
  share,
  spread,
} from '../report/stats.ts';
