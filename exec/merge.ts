// Merge: join the runs.csv of sweep shards (or of any folders of one sweep) into one file in
// canonical order (point, then replicate). Folders of different sweeps, or a run twice, are refused.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LIMITS } from '../sim/scenario/limits.ts';
import { csvLine, POINT_FIELD, REPLICATE_FIELD, splitCsvLine } from './columns.ts';
import { UsageError } from './errors.ts';
import { prepareOutDir, readTextBounded } from './io.ts';
import { MANIFEST_FILE, type ManifestScenario, writeManifest } from './manifest.ts';
import {
  incompleteNote,
  lockHolder,
  markComplete,
  markIncomplete,
  writeFileAtomic,
  writeFileAtomicStreamed,
} from './outdir.ts';
import { scanRuns, wholeRowsLength } from './runs-file.ts';
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
  scenario?: ManifestScenario;
  [k: string]: unknown;
}

export async function merge(
  dirs: readonly string[],
  out: string,
  options: { force?: boolean } = {},
): Promise<MergeReport> {
  if (dirs.length === 0) throw new UsageError('merge: name at least one folder to merge');
  let meta: SweepMeta | null = null;
  let header: string | null = null;
  const runsFiles: string[] = [];
  // Where each run's row is: file (index into runsFiles, -1 when no folder holds it), byte offset
  // and length. Typed arrays of the sweep's size, so 10 million runs take about 160 MB, not their text.
  let where: Int32Array | null = null;
  let offsets: Float64Array | null = null;
  let lengths: Uint32Array | null = null;
  /** Rows with a formula cell, re-neutralised (the writer never leaves one; rare). */
  const rewritten = new Map<number, string>();
  let rows = 0;
  // sweep --weekly: every shard's weekly.csv rows (all shards have one, or none does).
  const weeklyRows: { point: number; replicate: number; line: string }[] = [];
  let weeklyHeader: string | null = null;
  let tornLines = 0;
  const incomplete: string[] = [];
  for (const dir of dirs) {
    const metaFile = join(dir, 'sweep.json');
    const runsFile = join(dir, 'runs.csv');
    if (!existsSync(metaFile) || !existsSync(runsFile))
      throw new UsageError(`${dir}: not a sweep folder (expected sweep.json and runs.csv in it)`);
    const weeklyFile = join(dir, 'weekly.csv');
    const hasWeekly = existsSync(weeklyFile);
    if (dir !== dirs[0] && hasWeekly !== (weeklyHeader !== null))
      throw new UsageError(
        `${dir}: ${hasWeekly ? 'has' : 'has no'} weekly.csv, unlike ${dirs[0]}; merge shards run with the same --weekly`,
      );
    if (hasWeekly) {
      const [head, ...lines] = readTextBounded(weeklyFile, 256 * 1024 * 1024, {
        what: 'weekly.csv',
        regularOnly: true,
      }).split('\n');
      if (weeklyHeader !== null && head !== weeklyHeader)
        throw new UsageError(`${weeklyFile}: its columns differ from ${join(dirs[0], 'weekly.csv')}`);
      weeklyHeader = head;
      for (const line of lines) {
        if (!line) continue;
        const f = splitCsvLine(line);
        weeklyRows.push({ point: Number(f[POINT_FIELD]), replicate: Number(f[REPLICATE_FIELD]), line });
      }
    }
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
    } catch (e) {
      if (e instanceof UsageError && !/invalid JSON/.test(e.message)) throw e;
      throw new UsageError(`${metaFile}: damaged (not valid JSON); cannot tell which sweep the folder holds`);
    }
    if (
      typeof m?.sweepHash !== 'string' ||
      !Number.isInteger(m.replicates) ||
      !Number.isInteger(m.runCount) ||
      m.replicates < 1 ||
      m.runCount < 0 ||
      m.runCount > LIMITS.runs
    )
      throw new UsageError(`${metaFile}: damaged (no sweepHash, replicates or runCount in range)`);
    if (meta && m.sweepHash !== meta.sweepHash)
      throw new UsageError(
        `${dir}: holds a different sweep (${m.id}) from ${dirs[0]} (${meta.id}); merge only shards of one sweep`,
      );
    if (!meta) {
      meta = m;
      where = new Int32Array(m.runCount).fill(-1);
      offsets = new Float64Array(m.runCount);
      lengths = new Uint32Array(m.runCount);
    }
    const sweepMeta = meta;
    const [at, off, len] = [where as Int32Array, offsets as Float64Array, lengths as Uint32Array];
    const fileIndex = runsFiles.push(runsFile) - 1;
    const { whole, size } = wholeRowsLength(runsFile);
    if (whole < size) tornLines++;
    const shard = m.shard;
    let inFile = 0;
    let headSeen = false;
    await scanRuns(
      runsFile,
      whole,
      (head) => {
        headSeen = true;
        if (header !== null && head !== header)
          throw new UsageError(`${runsFile}: its columns differ from ${runsFiles[0]}`);
        header = head;
      },
      (row) => {
        const { point, replicate } = row;
        const key = point * sweepMeta.replicates + replicate;
        if (
          replicate >= sweepMeta.replicates ||
          key >= sweepMeta.runCount ||
          (shard && key % shard.count !== shard.index - 1)
        )
          throw new UsageError(
            `${runsFile}: line ${row.line}: run (point ${point}, replicate ${replicate}) is not in this sweep${shard ? ' or shard' : ''}`,
          );
        if (at[key] !== -1)
          throw new UsageError(
            `${runsFile}: line ${row.line}: run (point ${point}, replicate ${replicate}) is also in ${runsFiles[at[key]]}${at[key] === fileIndex ? ' (twice in one file)' : ''}; a shard given twice, or shards of different sweeps?`,
          );
        at[key] = fileIndex;
        off[key] = row.offset;
        len[key] = row.length;
        if (row.formula) rewritten.set(key, csvLine(row.cells));
        inFile++;
      },
    );
    if (!headSeen) continue;
    rows += inFile;
    const expected = m.shard ? shardSize(m.runCount, m.shard) : m.runCount;
    const note = incompleteNote(dir);
    if (inFile < expected || note)
      incomplete.push(
        `${dir}: ${expected - inFile} of its ${expected} runs missing${note ? ` (${note.replace(/^This folder is incomplete: /, '')})` : ''}`,
      );
  }
  if (!meta || header === null || !where || !offsets || !lengths)
    throw new UsageError('merge: no rows to merge');
  const [at, off, len] = [where, offsets, lengths];
  const head: string = header;
  const R = meta.replicates;
  // Stable: a run's weeks keep their order. Only the weeks of runs in runs.csv (a stopped shard may
  // hold the weeks of a run whose runs.csv row was never written).
  const weeks = weeklyRows
    .filter(
      (r) => Number.isInteger(r.point) && Number.isInteger(r.replicate) && at[r.point * R + r.replicate] >= 0,
    )
    .sort((a, b) => a.point - b.point || a.replicate - b.replicate);
  const lock = prepareOutDir(
    out,
    (f) => f === 'runs.csv' || f === 'weekly.csv' || f === 'sweep.json' || f === MANIFEST_FILE,
    options,
  );
  const missing = meta.runCount - rows;
  const fds = runsFiles.map((f) => openSync(f, 'r'));
  try {
    // Canonical order (point, then replicate) is the order of the run index.
    writeFileAtomicStreamed(join(out, 'runs.csv'), (write) => {
      write(`${head}\n`);
      for (let key = 0; key < at.length; key++) {
        if (at[key] === -1) continue;
        const text = rewritten.get(key);
        if (text !== undefined) {
          write(text);
          continue;
        }
        const buf = Buffer.allocUnsafe(len[key]);
        readSync(fds[at[key]], buf, 0, len[key], off[key]);
        write(buf);
      }
    });
    if (weeklyHeader !== null)
      writeFileAtomic(
        join(out, 'weekly.csv'),
        `${weeklyHeader}\n${weeks.map((r) => `${r.line}\n`).join('')}`,
      );
    writeFileAtomic(
      join(out, 'sweep.json'),
      `${JSON.stringify({ ...meta, shard: null, mergedFrom: [...dirs], missingRuns: missing }, null, 2)}\n`,
    );
    if (missing > 0)
      markIncomplete(out, `${missing} of the ${meta.runCount} runs of sweep ${meta.id} are missing`);
    else markComplete(out);
    writeManifest(out, 'merge', meta.scenario ? [meta.scenario] : [], { ...options, dirs: [...dirs] });
  } finally {
    for (const fd of fds) closeSync(fd);
    lock.release();
  }
  return { out, rows, missing, tornLines, incomplete };
}
