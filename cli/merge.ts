// Merge: join the runs.csv of sweep shards (or of any folders of one sweep) into one file in
// canonical order (point, then replicate). Folders of different sweeps, or a run twice, are refused.
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LIMITS } from '../sim/scenario/limits.ts';
import { splitCsvLine } from './columns.ts';
import { UsageError } from './errors.ts';
import { prepareOutDir, readTextBounded } from './io.ts';
import { incompleteNote, lockHolder, markComplete, markIncomplete, writeFileAtomic } from './outdir.ts';
import { shardSize } from './sweep.ts';

export interface MergeReport {
  out: string;
  rows: number;
  /** Runs of the sweep that no folder holds (0 when every shard is complete). */
  missing: number;
  /** Partial last lines dropped (from shards killed mid-write). */
  tornLines: number;
  /** One line per input folder that is not complete: what it lacks and why it may. */
  incomplete: string[];
}

interface SweepMeta {
  id: string;
  sweepHash: string;
  runCount: number;
  replicates: number;
  shard: { index: number; count: number } | null;
  [k: string]: unknown;
}

export function merge(dirs: readonly string[], out: string, options: { force?: boolean } = {}): MergeReport {
  if (dirs.length === 0) throw new UsageError('merge: name at least one folder to merge');
  let meta: SweepMeta | null = null;
  let header: string | null = null;
  const rows: { point: number; replicate: number; line: string }[] = [];
  const owner = new Map<number, string>();
  let tornLines = 0;
  const incomplete: string[] = [];
  for (const dir of dirs) {
    const metaFile = join(dir, 'sweep.json');
    const runsFile = join(dir, 'runs.csv');
    if (!existsSync(metaFile) || !existsSync(runsFile))
      throw new UsageError(`${dir}: not a sweep folder (expected sweep.json and runs.csv in it)`);
    const holder = lockHolder(dir);
    if (holder)
      throw new UsageError(
        `${dir}: pid ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''} is still writing this folder; merge when it has finished`,
      );
    let m: SweepMeta;
    try {
      m = JSON.parse(
        readTextBounded(metaFile, LIMITS.jsonBytes, { what: 'sweep.json', regularOnly: true }),
      ) as SweepMeta;
    } catch {
      throw new UsageError(`${metaFile}: damaged (not valid JSON); cannot tell which sweep the folder holds`);
    }
    if (typeof m?.sweepHash !== 'string' || !Number.isInteger(m.replicates) || !Number.isInteger(m.runCount))
      throw new UsageError(`${metaFile}: damaged (no sweepHash, replicates or runCount)`);
    if (meta && m.sweepHash !== meta.sweepHash)
      throw new UsageError(
        `${dir}: holds a different sweep (${m.id}) from ${dirs[0]} (${meta.id}); merge only shards of one sweep`,
      );
    meta ??= m;
    const text = readFileSync(runsFile, 'utf8');
    const lines = text.split('\n');
    if (lines[lines.length - 1] !== '') tornLines++;
    lines.pop(); // the empty string after the last newline, or the torn last line
    const head = lines.shift();
    if (head === undefined) continue;
    if (header !== null && head !== header)
      throw new UsageError(`${runsFile}: its columns differ from ${join(dirs[0], 'runs.csv')}`);
    header = head;
    const expected = m.shard ? shardSize(m.runCount, m.shard) : m.runCount;
    const note = incompleteNote(dir);
    if (lines.length < expected || note)
      incomplete.push(
        `${dir}: ${expected - lines.length} of its ${expected} runs missing${note ? ` (${note.replace(/^This folder is incomplete: /, '')})` : ''}`,
      );
    for (const line of lines) {
      const f = splitCsvLine(line);
      const point = Number(f[1]);
      const replicate = Number(f[2]);
      if (!Number.isInteger(point) || !Number.isInteger(replicate))
        throw new UsageError(`${runsFile}: a row without point and replicate: ${line.slice(0, 60)}`);
      const key = point * m.replicates + replicate;
      const prev = owner.get(key);
      if (prev !== undefined)
        throw new UsageError(
          `${runsFile}: run (point ${point}, replicate ${replicate}) is also in ${prev}; a shard given twice, or shards of different sweeps?`,
        );
      owner.set(key, runsFile);
      rows.push({ point, replicate, line });
    }
  }
  if (!meta || header === null) throw new UsageError('merge: no rows to merge');
  rows.sort((a, b) => a.point - b.point || a.replicate - b.replicate);
  const lock = prepareOutDir(out, (f) => f === 'runs.csv' || f === 'sweep.json', options);
  const missing = meta.runCount - rows.length;
  try {
    writeFileAtomic(join(out, 'runs.csv'), `${header}\n${rows.map((r) => `${r.line}\n`).join('')}`);
    writeFileAtomic(
      join(out, 'sweep.json'),
      `${JSON.stringify({ ...meta, shard: null, mergedFrom: [...dirs], missingRuns: missing }, null, 2)}\n`,
    );
    if (missing > 0)
      markIncomplete(out, `${missing} of the ${meta.runCount} runs of sweep ${meta.id} are missing`);
    else markComplete(out);
  } finally {
    lock.release();
  }
  return { out, rows: rows.length, missing, tornLines, incomplete };
}
