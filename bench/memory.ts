// Memory benchmark (issue 6): peak resident memory of a 5,000-actor run and of a 100,000-run
// streamed sweep, each in a child process of its own (bench/child.ts) so the figure is that
// process's alone; the child reports process.resourceUsage().maxRSS, which counts worker threads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHILD = new URL('./child.ts', import.meta.url).pathname;

export interface MemoryFigure {
  case: string;
  peakRssMB: number;
  targetMB: number;
  seconds: number;
  detail: Record<string, unknown>;
}

function child(args: string[]): Record<string, unknown> {
  const res = spawnSync(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const last = res.stdout.trim().split('\n').pop() ?? '';
  if (res.status !== 0 || !last.startsWith('{'))
    throw new Error(`bench child ${args.join(' ')} failed (${res.status}): ${res.stderr.slice(-2000)}`);
  return JSON.parse(last) as Record<string, unknown>;
}

export function measureLargeRun(actors = 5000): MemoryFigure {
  const r = child(['run', String(actors)]);
  return {
    case: `one ${actors}-actor run`,
    peakRssMB: r.maxRssMB as number,
    targetMB: 500,
    seconds: r.seconds as number,
    detail: r,
  };
}

export function measureStreamedSweep(runs = 100_000, workers = 2): MemoryFigure {
  const dir = mkdtempSync(join(tmpdir(), 'pilotnet-bench-'));
  try {
    const r = child(['sweep', String(runs), String(workers), join(dir, 'sweep')]);
    return {
      case: `streamed sweep of ${runs} runs, ${workers} workers`,
      peakRssMB: r.maxRssMB as number,
      targetMB: 300,
      seconds: r.seconds as number,
      detail: r,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
