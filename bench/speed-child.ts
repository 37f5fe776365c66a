// Child process of the speed section: one sweep of `runs` replicates of the default scenario's one
// point on the sweep's pool (exec/sweep.ts executeRuns), on the engine named, optionally one shard
// of them. Prints one JSON line: absolute start and end times (ms since the epoch, so that two
// shards started together can be timed as one), rows, when the first batch came back (to give a
// steady rate once the pool is up), and an order-free digest of the rows.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadScenario } from '../cli/api.ts';
import { SCENARIOS_DIR } from '../exec/io.ts';
import { executeRuns, parseShard, shardRuns, shardSize } from '../exec/sweep.ts';
import { speedWorker } from './baseline.ts';
import type { SpeedWorkerData } from './speed-batch.ts';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'current' },
    runs: { type: 'string', default: '10000' },
    workers: { type: 'string', default: '1' },
    shard: { type: 'string', default: '1/1' },
  },
});
const engine = values.engine === 'baseline' ? 'baseline' : 'current';
const runs = Number(values.runs);
const shard = parseShard(values.shard);
const data: SpeedWorkerData = {
  scenario: loadScenario(join(SCENARIOS_DIR, 'default.json')).scenario,
  baseSeed: 1,
};
const now = () => performance.timeOrigin + performance.now();

/** Sum of the rows' 64-bit hashes, mod 2^64: the same for any order and any split into shards. */
let digest = 0n;
let rows = 0;
/** When the first batch came back (the pool is up and warm), and the rows by then. */
let first = 0;
let firstRows = 0;
const start = now();
await executeRuns(
  null,
  shardRuns(runs, shard),
  shardSize(runs, shard),
  (lines: string[]) => {
    for (const l of lines) {
      digest = (digest + createHash('sha256').update(l).digest().readBigUInt64BE(0)) & ((1n << 64n) - 1n);
      rows++;
    }
    if (!first) {
      first = now();
      firstRows = rows;
    }
  },
  {
    workers: Number(values.workers),
    worker: { filename: speedWorker(engine), data },
  },
);
const end = now();
process.stdout.write(
  `${JSON.stringify({ engine, start, end, rows, first, firstRows, digest: digest.toString(16) })}\n`,
);
