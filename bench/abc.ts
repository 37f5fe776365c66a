// ABC benchmark (issue 10 item 4): a calibration by ABC-SMC (cli/calibrate-abc.ts) through the
// sweep's worker pool, timed whole (pool starts, CSV written and read back, weights), against plain
// default runs on the same pool in the same process: the ratio is the ABC's overhead per run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepDefaultRuns } from '../cli/api.ts';
import { calibrateAbc } from '../cli/calibrate-abc.ts';

export interface AbcTiming {
  case: string;
  particles: number;
  generations: number;
  replicates: number;
  workers: number;
  modelRuns: number;
  seconds: number;
  runsPerSec: number;
  /** Plain default runs per second on the same pool (a sweep of up to 5,000 runs). */
  baselineRunsPerSec: number;
  /** ABC runs per second / plain runs per second (1 = no overhead). */
  ratio: number;
  ess: number;
}

export async function measureAbc(
  particles: number,
  generations: number,
  replicates: number,
  workers: number,
): Promise<AbcTiming> {
  const dir = mkdtempSync(join(tmpdir(), 'pilotnet-bench-abc-'));
  try {
    const t0 = performance.now();
    const c = await calibrateAbc({
      out: dir,
      particles,
      generations,
      replicates,
      nationalReplicates: 1,
      workers,
      seed: 1,
    });
    const seconds = (performance.now() - t0) / 1000;
    const base = Math.min(c.modelRuns, 5000);
    const t1 = performance.now();
    await sweepDefaultRuns(base, workers);
    const baselineRunsPerSec = base / ((performance.now() - t1) / 1000);
    const runsPerSec = c.modelRuns / seconds;
    return {
      case: `ABC-SMC ${particles} particles × ${c.generations.length} generations`,
      particles,
      generations: c.generations.length,
      replicates,
      workers,
      modelRuns: c.modelRuns,
      seconds,
      runsPerSec,
      baselineRunsPerSec,
      ratio: runsPerSec / baselineRunsPerSec,
      ess: c.generations[c.generations.length - 1].ess,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
