// Sobol' benchmark (issue 10 item 4): a Sobol' analysis of the default scenario (all factors of
// cli/sensitivity.ts, one replicate per point) on 2 workers through the sweep's pool, against a
// plain sweep of as many default runs on the same pool in the same process. The ratio is the
// figure to compare between machines; the N = 512 time is extrapolated from the measured rate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, sweepDefaultRuns } from '../cli/api.ts';
import { factors } from '../cli/sensitivity.ts';
import { runSobol } from '../cli/sobol.ts';
import { SCENARIOS_DIR } from '../exec/io.ts';

export interface SobolTiming {
  case: string;
  samples: number;
  factors: number;
  runs: number;
  workers: number;
  seconds: number;
  runsPerSec: number;
  /** Seconds of a plain sweep of the same number of default runs on the same pool. */
  sweepSeconds: number;
  /** Sobol' seconds / sweep seconds: the cost of building a new scenario at every point. */
  ratio: number;
  /** Runs of N = 512 over these factors, and their time at this rate (extrapolated). */
  runs512: number;
  seconds512: number;
}

export async function measureSobol(samples: number, workers = 2): Promise<SobolTiming> {
  const base = loadScenario(join(SCENARIOS_DIR, 'default.json')).scenario;
  const fs = factors(base);
  const dir = mkdtempSync(join(tmpdir(), 'pilotnet-bench-sobol-'));
  try {
    const t0 = performance.now();
    const res = await runSobol(base, fs, {
      out: dir,
      samples,
      replicates: 1,
      seed: 1,
      workers,
      bootstrap: 1000,
    });
    const seconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await sweepDefaultRuns(res.runs, workers);
    const sweepSeconds = (performance.now() - t1) / 1000;
    const runs512 = 512 * (fs.length + 2);
    return {
      case: `sobol N = ${samples}`,
      samples,
      factors: fs.length,
      runs: res.runs,
      workers,
      seconds,
      runsPerSec: res.runs / seconds,
      sweepSeconds,
      ratio: seconds / sweepSeconds,
      runs512,
      seconds512: (runs512 * seconds) / res.runs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
