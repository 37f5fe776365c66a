// Child process of the memory benchmark: does one job and prints one JSON line with its own peak
// resident memory (maxRSS covers the process and its worker threads).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../cli/main.ts';
import { SCENARIOS_DIR } from '../exec/io.ts';
import { DEFAULTS, simulate } from '../sim/index.ts';
import { scaledScenario } from './scaling.ts';

const [job, a, b, c] = process.argv.slice(2);
const t0 = performance.now();
let detail: Record<string, unknown> = {};
if (job === 'run') {
  // The whole run with weekly metrics and the event log, as the view or `pilotnet run` keep it.
  const res = simulate(scaledScenario(Number(a)), { seed: 1 });
  detail = { actors: Number(a), weeks: res.summary.weeks, events: res.events.length };
} else if (job === 'sweep') {
  const runs = Number(a);
  const out = c;
  const code = await main([
    process.execPath,
    'pilotnet',
    'sweep',
    join(SCENARIOS_DIR, 'default.json'),
    // One point: a factor holding the default's own value.
    '--vary',
    `coach.enabled=${DEFAULTS.coach.enabled}`,
    '--replicates',
    String(runs),
    '--workers',
    b,
    '--out',
    out,
  ]);
  const file = join(out, 'runs.csv');
  const rows = existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 2 : 0;
  if (code !== 0 || rows !== runs) {
    console.error(`sweep exited ${code} with ${rows} of ${runs} rows`);
    process.exit(1);
  }
  detail = { runs, workers: Number(b), rows };
} else {
  console.error(`unknown job ${job}`);
  process.exit(2);
}
const maxRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ ...detail, maxRssMB, seconds: (performance.now() - t0) / 1000 }));
