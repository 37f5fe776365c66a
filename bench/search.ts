// Design search benchmark (issue 19 item 6): a two-objective search of the shipped design space
// (scenarios/designs/fewer-meetings.json) of 30 designs × 20 generations × 20 replicates on 2
// workers, timed whole (wall time, pool starts included: one pool per generation), against a plain
// sweep of as many default runs on the same pool in the same process. The machine is shared, so
// the ratio is the figure to compare; the target is the search in under a minute.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepDefaultRuns } from '../cli/api.ts';
import { searchDesigns } from '../cli/search.ts';

export interface SearchTiming {
  case: string;
  population: number;
  generations: number;
  replicates: number;
  workers: number;
  /** Evaluations asked for (population × generations) and the runs they cost (designs met again are not rerun). */
  evaluations: number;
  runs: number;
  reused: number;
  seconds: number;
  runsPerSec: number;
  /** Seconds of a plain sweep of the same number of default runs on the same pool. */
  sweepSeconds: number;
  /** Search seconds / sweep seconds: the cost of a pool per generation and of varied designs. */
  ratio: number;
  front: number;
}

export async function measureSearch(
  population: number,
  generations: number,
  replicates: number,
  workers = 2,
): Promise<SearchTiming> {
  const dir = mkdtempSync(join(tmpdir(), 'pilotnet-bench-search-'));
  try {
    const t0 = performance.now();
    const r = await searchDesigns('fewer-meetings', {
      out: join(dir, 'search'),
      population,
      generations,
      replicates,
      workers,
    });
    const seconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await sweepDefaultRuns(r.runs, workers);
    const sweepSeconds = (performance.now() - t1) / 1000;
    return {
      case: `search ${population} × ${generations} × ${replicates}`,
      population,
      generations,
      replicates,
      workers,
      evaluations: population * generations,
      runs: r.runs,
      reused: r.reused,
      seconds,
      runsPerSec: r.runs / seconds,
      sweepSeconds,
      ratio: seconds / sweepSeconds,
      front: r.front.length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
