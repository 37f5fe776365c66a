// A design run in shards, read back for one analysis: each shard's folder holds a record (JSON) of
// the design it belongs to (its identity: a hash of everything that fixes the runs) and of the
// shard it ran (`i/n`). Before an analysis reads any run, the folders must hold one design and
// every shard of it exactly once; every problem is listed at once, with the folder it concerns.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from './errors.ts';
import { parseShard, type Shard } from './sweep.ts';

/** What a sharded design's record must hold; the rest is the method's. */
export interface ShardRecord {
  identity: string;
  /** `i/n`; absent when the folder ran the whole design. */
  shard?: string;
}

export interface ShardFolder<T extends ShardRecord> {
  dir: string;
  record: T;
  /** The shard the folder ran: 1/1 for a whole design. */
  shard: Shard;
}

/** At most this many folders in one analysis (a Slurm array is capped lower on most sites). */
export const MAX_SHARD_FOLDERS = 100_000;

/**
 * Read `<dir>/<recordName>` of each folder and check that together they are one design, each shard
 * once and none missing. `out` (the analysis's folder) must not be one of them.
 */
export function readShardSet<T extends ShardRecord>(
  dirs: readonly string[],
  recordName: string,
  out: string,
  what: string,
): ShardFolder<T>[] {
  const problems: string[] = [];
  if (dirs.length === 0) throw new UsageError(`--analyse: no folder given`);
  if (dirs.length > MAX_SHARD_FOLDERS)
    throw new UsageError(`--analyse: at most ${MAX_SHARD_FOLDERS} folders, got ${dirs.length}`);
  const folders: ShardFolder<T>[] = [];
  for (const dir of dirs) {
    const file = join(dir, recordName);
    if (resolve(dir) === resolve(out)) {
      problems.push(`${dir}: is also --out; write the analysis to another folder`);
      continue;
    }
    if (!existsSync(file)) {
      problems.push(`${file}: missing (not a folder of ${what})`);
      continue;
    }
    let record: T;
    try {
      record = JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch (e) {
      problems.push(`${file}: not JSON (${(e as Error).message})`);
      continue;
    }
    if (!record || typeof record !== 'object' || typeof record.identity !== 'string') {
      problems.push(`${file}: $.identity: missing (not a record of ${what})`);
      continue;
    }
    let shard: Shard = { index: 1, count: 1 };
    if (record.shard !== undefined) {
      try {
        shard = parseShard(String(record.shard));
      } catch {
        problems.push(`${file}: $.shard: expected i/n, got ${JSON.stringify(record.shard)}`);
        continue;
      }
    }
    folders.push({ dir, record, shard });
  }
  if (folders.length) {
    const identity = folders[0].record.identity;
    for (const f of folders.slice(1))
      if (f.record.identity !== identity)
        problems.push(
          `${join(f.dir, recordName)}: $.identity: another design than ${join(folders[0].dir, recordName)}'s (scenario, factors, samples, replicates or seed differ)`,
        );
    const count = folders[0].shard.count;
    const seen = new Map<number, string>();
    for (const f of folders) {
      if (f.shard.count !== count)
        problems.push(
          `${join(f.dir, recordName)}: $.shard: ${f.shard.index}/${f.shard.count}, but ${folders[0].dir} is one of ${count}`,
        );
      else if (seen.has(f.shard.index))
        problems.push(`${f.dir}: shard ${f.shard.index}/${count} again (also in ${seen.get(f.shard.index)})`);
      else seen.set(f.shard.index, f.dir);
    }
    if (problems.length === 0) {
      const missing: number[] = [];
      for (let i = 1; i <= count && missing.length <= 20; i++) if (!seen.has(i)) missing.push(i);
      if (missing.length)
        problems.push(
          `shards missing: ${missing
            .slice(0, 20)
            .map((i) => `${i}/${count}`)
            .join(', ')}${missing.length > 20 ? ', ...' : ''}`,
        );
    }
  }
  if (problems.length)
    throw new UsageError(`${what}: cannot analyse these folders:\n  ${problems.join('\n  ')}`);
  return folders.sort((a, b) => a.shard.index - b.shard.index);
}

/** Whether canonical run `i` belongs to `shard` (runs whose index mod n is i - 1, as shardRuns). */
export const inShard = (i: number, shard: Shard): boolean => i % shard.count === shard.index - 1;
