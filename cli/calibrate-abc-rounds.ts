// `calibrate --method abc` on a cluster, one call of the sampler (a round) at a time: --plan draws
// the prior sample into <out>/abc-state.json; --shard i/n runs every n-th run of the round's
// particles from the i-th into <out>/batch-<b>/shard-<i>of<n>/ (resumable); --advance reads every
// shard of the round, steps the sampler (methods/abc.ts mcmcAdvance) and writes the next round's
// state, or the posterior. The sampler's state is plain data and its proposals are keyed by
// identity, so the posterior is the bytes `calibrate --method abc` writes in one process.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { csvLine, splitCsvLine } from '../exec/columns.ts';
import { UsageError } from '../exec/errors.ts';
import { parseJson, pilotnetVersion, prepareOutDir, readTextBounded, sha256 } from '../exec/io.ts';
import { lockHolder, lockOutDir, writeFileAtomic } from '../exec/outdir.ts';
import { readShardSet } from '../exec/shards.ts';
import { createPool, parseShard, type RunPool, type Shard, shardSize, sweep } from '../exec/sweep.ts';
import { type McmcState, mcmcAdvance, mcmcBound, mcmcResult, mcmcStart } from '../methods/abc.ts';
import {
  ABC_KEYS,
  type AbcCalibration,
  type AbcCommandOptions,
  type AbcRoundOptions,
  type AbcRuns,
  type AbcScenarios,
  abcSettings,
  batchDistances,
  batchPlan,
  finishedCalibration,
  generationLine,
  loadAbcScenarios,
  type Row,
  runsPerParticle,
  sizeOptions,
  summary,
  type WholeOption,
  writePosterior,
} from './calibrate-abc.ts';
import { ABC_PRIOR } from './free-parameters.ts';
import { Interrupted, interruptSignal } from './interrupt.ts';

export const STATE_FILE = 'abc-state.json';
const SHARD_FILE = 'shard.json';
const SHARD_DIR = /^shard-(\d+)of(\d+)$/;
/** The state of 10,000 particles in 33 dimensions is about 25 MB. */
const STATE_BYTES = 256 * 1024 * 1024;

/** <out>/abc-state.json: the calibration's options and the sampler waiting for round `round`. */
interface StateFile {
  pilotnet: string;
  command: string;
  /** A hash of the options and the scenarios' content: what every shard must share. */
  identity: string;
  options: AbcRoundOptions;
  scenarios: Record<keyof AbcRuns, { file: string; id: string; sha256: string }>;
  /** The call of the sampler the shards evaluate (the batch of calibrate --method abc). */
  round: number;
  state: McmcState;
}

/** shard.json in each shard's folder. */
interface ShardRecord {
  command: string;
  /** The round's identity: the calibration's, the round and its particles. */
  identity: string;
  round: number;
  shard: string;
  particles: number;
}

const scenarioRecord = (s: AbcScenarios) =>
  Object.fromEntries(
    ABC_KEYS.map((k) => [k, { file: s[k].file, id: s[k].scenario.id, sha256: s[k].hash }]),
  ) as StateFile['scenarios'];

const calibrationIdentity = (options: AbcRoundOptions, scenarios: StateFile['scenarios']) =>
  sha256(
    JSON.stringify({
      options,
      scenarios: ABC_KEYS.map((k) => scenarios[k].sha256),
      parameters: ABC_PRIOR.map((p) => p.path),
    }),
  );

const roundIdentity = (f: StateFile) =>
  sha256(`${f.identity}:${f.round}:${JSON.stringify(f.state.pending?.thetas ?? [])}`);

export const nextSteps = (out: string) =>
  `pilotnet calibrate --method abc --out ${out} --shard i/n, for every i of 1..n (any n, at once or in any order), then pilotnet calibrate --method abc --out ${out} --advance`;

/** Options as the calibration keeps them (undefined ones dropped, so that JSON gives them back). */
const keptOptions = (o: AbcRoundOptions): AbcRoundOptions =>
  JSON.parse(
    JSON.stringify({
      particles: o.particles,
      generations: o.generations,
      replicates: o.replicates,
      nationalReplicates: o.nationalReplicates,
      rejuvenation: o.rejuvenation,
      drop: o.drop,
      moves: o.moves,
      minAcceptance: o.minAcceptance,
      minImprovement: o.minImprovement,
      judgeShare: o.judgeShare,
      seed: o.seed,
    }),
  );

/** Every number finite, every vector of the free parameters' length: a state the sampler can take. */
function stateProblems(s: McmcState): string[] {
  const d = ABC_PRIOR.length;
  const vector = (t: unknown) =>
    Array.isArray(t) && t.length === d && t.every((x) => typeof x === 'number' && Number.isFinite(x));
  const members = (ms: unknown) =>
    Array.isArray(ms) &&
    ms.every(
      (m) =>
        m &&
        typeof m === 'object' &&
        vector(m.theta) &&
        Number.isFinite((m as { distance: number }).distance),
    );
  const whole = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0;
  const problems = [
    ['prior', 'refresh', 'move', 'rejuvenation', 'done'].includes(s?.phase) ? '' : '$.state.phase: unknown',
    whole(s?.batch) && whole(s?.simulated) && whole(s?.generation) ? '' : '$.state: counters damaged',
    members(s?.population) && members(s?.kept) && members(s?.chains) ? '' : '$.state: members damaged',
    Array.isArray(s?.generations) ? '' : '$.state.generations: expected a list',
    s?.pending === null ||
    (s?.pending &&
      Array.isArray(s.pending.thetas) &&
      s.pending.thetas.every(vector) &&
      Array.isArray(s.pending.chains) &&
      s.pending.chains.every(whole))
      ? ''
      : '$.state.pending: damaged',
  ];
  return problems.filter(Boolean);
}

/** Read <out>/abc-state.json; every problem is a usage error naming the file. */
function readState(out: string): StateFile {
  const file = join(out, STATE_FILE);
  if (!existsSync(file))
    throw new UsageError(
      `${out}: no calibration planned here (${STATE_FILE} missing); start one with pilotnet calibrate --method abc --out ${out} --plan`,
    );
  const f = parseJson(
    readTextBounded(file, STATE_BYTES, { what: STATE_FILE, regularOnly: true }),
    file,
  ) as StateFile;
  if (!f || typeof f !== 'object' || typeof f.identity !== 'string' || !f.options || !f.scenarios)
    throw new UsageError(`${file}: damaged (no identity, options or scenarios); plan again with --force`);
  const problems = stateProblems(f.state);
  if (!Number.isSafeInteger(f.round) || f.round !== f.state?.batch)
    problems.push('$.round: not the state’s pending call');
  if (calibrationIdentity(keptOptions(f.options), f.scenarios) !== f.identity)
    problems.push('$.identity: does not match its options and scenarios (edited by hand?)');
  if (problems.length)
    throw new UsageError(`${file}: damaged; plan again with --force:\n  ${problems.join('\n  ')}`);
  return f;
}

/** The options given on the command line must be the plan's: a round runs the plan's calibration. */
function checkGiven(f: StateFile, out: string, given: Partial<AbcRoundOptions>): void {
  const flags: Record<string, string> = {
    particles: '--particles',
    generations: '--generations',
    replicates: '--replicates',
    nationalReplicates: '--national-replicates',
    rejuvenation: '--rejuvenation',
    judgeShare: '--judge-share',
    seed: '--seed',
  };
  const problems = Object.entries(given)
    .filter(([k, v]) => v !== undefined && (f.options as unknown as Record<string, unknown>)[k] !== v)
    .map(
      ([k, v]) =>
        `${flags[k] ?? k} ${v}: this calibration was planned with ${(f.options as unknown as Record<string, unknown>)[k] ?? 'the default'}`,
    );
  if (problems.length)
    throw new UsageError(
      `${join(out, STATE_FILE)}: another calibration's options:\n  ${problems.join('\n  ')}\n(rounds take the options of --plan; drop these flags, or plan again in another --out)`,
    );
}

/** The scenarios on disk must be the ones the calibration was planned on. */
function checkScenarios(f: StateFile, out: string): AbcScenarios {
  const scenarios = loadAbcScenarios();
  const now = scenarioRecord(scenarios);
  const changed = ABC_KEYS.filter((k) => now[k].sha256 !== f.scenarios[k].sha256);
  if (changed.length)
    throw new UsageError(
      `${join(out, STATE_FILE)}: the scenario${changed.length > 1 ? 's' : ''} ${changed.map((k) => now[k].file).join(', ')} changed since --plan; finish the calibration with the pilotnet that planned it (${f.pilotnet}), or plan again`,
    );
  return scenarios;
}

function finishedError(out: string): UsageError {
  return new UsageError(
    `${out}: the calibration has finished (posterior.csv, posterior.json and posterior.svg are there); nothing is left to run or advance`,
  );
}

function writeState(out: string, f: StateFile): void {
  writeFileAtomic(join(out, STATE_FILE), `${JSON.stringify(f)}\n`);
}

/** --plan: the prior sample as round 0. Refuses a folder with results unless `force`. */
export function planAbc(o: AbcRoundOptions & { out: string; force?: boolean }): {
  round: number;
  particles: number;
} {
  const options = keptOptions(o);
  const scenarios = loadAbcScenarios();
  const lock = prepareOutDir(
    o.out,
    (f) => f === STATE_FILE || /^(posterior\.(csv|json|svg)|manifest\.json|batch-\d+)$/.test(f),
    { force: o.force, keepOld: true },
  );
  try {
    // --force: this command's own outputs go, the batch folders whole (prepareOutDir takes files).
    for (const f of lock.existing) rmSync(join(o.out, f), { recursive: true, force: true });
    const state = mcmcStart(abcSettings(options));
    const recorded = scenarioRecord(scenarios);
    const f: StateFile = {
      pilotnet: pilotnetVersion(),
      command: 'calibrate --method abc --plan',
      identity: calibrationIdentity(options, recorded),
      options,
      scenarios: recorded,
      round: state.batch,
      state,
    };
    writeState(o.out, f);
    return { round: f.round, particles: state.pending?.thetas.length ?? 0 };
  } finally {
    lock.release();
  }
}

/** The shard folders present for round b: name, index and count. */
function shardFolders(out: string, b: number): { dir: string; index: number; count: number }[] {
  const batch = join(out, `batch-${b}`);
  if (!existsSync(batch)) return [];
  return readdirSync(batch)
    .map((name) => ({ name, m: SHARD_DIR.exec(name) }))
    .filter((x) => x.m)
    .map(({ name, m }) => ({ dir: join(batch, name), index: Number(m?.[1]), count: Number(m?.[2]) }))
    .sort((a, b) => a.count - b.count || a.index - b.index);
}

/** --shard i/n: this shard's runs of the current round, resumed where a previous attempt stopped. */
export async function runAbcShard(o: {
  out: string;
  shard: Shard;
  workers?: number;
  given?: Partial<AbcRoundOptions>;
  signal?: AbortSignal;
  /** A pool to run on (kept open); by default one of `workers` threads for this shard. */
  pool?: RunPool;
}): Promise<{ round: number; dir: string; runs: number; skipped: number }> {
  const f = readState(o.out);
  if (!f.state.pending) throw finishedError(o.out);
  checkGiven(f, o.out, o.given ?? {});
  const scenarios = checkScenarios(f, o.out);
  const b = f.round;
  const { index, count } = o.shard;
  const other = shardFolders(o.out, b).find((s) => s.count !== count);
  if (other)
    throw new UsageError(
      `${other.dir}: round ${b} is run in ${other.count} shards here; run shard i/${other.count}, or remove the shard folders of round ${b} to use another count`,
    );
  const dir = join(o.out, `batch-${b}`, `shard-${index}of${count}`);
  const lock = lockOutDir(dir);
  try {
    const identity = roundIdentity(f);
    const recordFile = join(dir, SHARD_FILE);
    if (existsSync(recordFile)) {
      const r = parseJson(
        readTextBounded(recordFile, 65536, { what: SHARD_FILE, regularOnly: true }),
        recordFile,
      ) as ShardRecord;
      if (r?.identity !== identity)
        throw new UsageError(
          `${recordFile}: a shard of another round or calibration than round ${b} of ${join(o.out, STATE_FILE)}; remove ${dir} and run the shard again`,
        );
    } else {
      const record: ShardRecord = {
        command: 'calibrate --method abc --shard',
        identity,
        round: b,
        shard: `${index}/${count}`,
        particles: f.state.pending.thetas.length,
      };
      writeFileAtomic(recordFile, `${JSON.stringify(record, null, 2)}\n`);
    }
    let runs = 0;
    let skipped = 0;
    const pool =
      o.pool ?? createPool(Math.min(o.workers ?? availableParallelism(), availableParallelism()), null);
    try {
      for (const key of ABC_KEYS) {
        const report = await sweep(batchPlan(f.options, scenarios, key, b, f.state.pending.thetas), {
          out: join(dir, key),
          workers: o.workers,
          resume: true,
          shard: o.shard,
          signal: o.signal,
          pool,
        });
        if (report.interrupted)
          throw new Interrupted(
            `Interrupted in round ${b}, shard ${index}/${count}: the runs done are kept in ${dir}/.`,
          );
        runs += report.runs;
        skipped += report.skipped;
      }
    } finally {
      if (!o.pool) await pool.destroy();
    }
    return { round: b, dir, runs, skipped };
  } finally {
    lock.release();
  }
}

/**
 * A shard's rows of one scenario, checked: the sweep it ran is the round's (its hash), each row one
 * of the shard's runs and there once. Rows go into `into` by particle. Returns the rows read, or a
 * problem.
 */
function readShardRows(
  dir: string,
  plan: ReturnType<typeof batchPlan>,
  shard: Shard,
  seen: Uint8Array,
  into: Row[][],
): { got: number; problem?: string } {
  const meta = join(dir, 'sweep.json');
  const runsFile = join(dir, 'runs.csv');
  if (!existsSync(meta) || !existsSync(runsFile)) return { got: 0 };
  let hash: unknown;
  try {
    hash = (JSON.parse(readFileSync(meta, 'utf8')) as { sweepHash?: unknown }).sweepHash;
  } catch {
    return { got: 0, problem: `${meta}: damaged (not JSON); remove ${dir} and run the shard again` };
  }
  if (hash !== plan.hash)
    return {
      got: 0,
      problem: `${dir}: holds runs of another sweep than this round's; remove it and run the shard again`,
    };
  const text = readFileSync(runsFile, 'utf8');
  // A torn last line (a shard killed mid-write) is not a run: the shard is then incomplete.
  const lines = text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .slice(0, -1);
  const header = csvLine(plan.header).replace(/\r?\n$/, '');
  if (lines.length && lines[0] !== header)
    return { got: 0, problem: `${runsFile}: its columns differ from this round's sweep` };
  const names = splitCsvLine(header);
  const R = plan.replicates;
  let got = 0;
  for (const [n, line] of lines.slice(1).entries()) {
    const cells = splitCsvLine(line);
    const row: Row = {};
    names.forEach((h, i) => {
      row[h] = cells[i];
    });
    const point = Number(row.point);
    const replicate = Number(row.replicate);
    const i = point * R + replicate;
    if (
      !Number.isInteger(point) ||
      !Number.isInteger(replicate) ||
      point < 0 ||
      point >= plan.pointCount ||
      replicate < 0 ||
      replicate >= R ||
      i % shard.count !== shard.index - 1
    )
      return { got, problem: `${runsFile}: line ${n + 2}: not a run of shard ${shard.index}/${shard.count}` };
    if (seen[i])
      return {
        got,
        problem: `${runsFile}: line ${n + 2}: run (point ${point}, replicate ${replicate}) twice`,
      };
    seen[i] = 1;
    into[point].push(row);
    got++;
  }
  return { got };
}

/**
 * --advance: every shard of the current round read, the sampler stepped; the next round's state
 * written, or, when the sampler has finished, the posterior (the bytes of a run in one process).
 */
export function advanceAbc(o: {
  out: string;
  given?: Partial<AbcRoundOptions>;
  log?: (line: string) => void;
}): { round: number; next: number; particles: number; calibration: AbcCalibration | null } {
  const log = o.log ?? (() => {});
  const t0 = performance.now();
  const lock = lockOutDir(o.out);
  try {
    const f = readState(o.out);
    const pending = f.state.pending;
    if (!pending) throw finishedError(o.out);
    checkGiven(f, o.out, o.given ?? {});
    const scenarios = checkScenarios(f, o.out);
    const b = f.round;
    const present = shardFolders(o.out, b);
    if (present.length === 0)
      throw new UsageError(
        `round ${b}: no shard has run (no ${join(o.out, `batch-${b}`, 'shard-<i>of<n>')}/); run ${nextSteps(o.out)}`,
      );
    // 1. Every shard of this round, none running, each once.
    const identity = roundIdentity(f);
    const problems: string[] = [];
    for (const s of present) {
      for (const d of [s.dir, ...ABC_KEYS.map((k) => join(s.dir, k))]) {
        const holder = lockHolder(d);
        if (holder) problems.push(`${d}: pid ${holder.pid} on ${holder.host} is still running this shard`);
      }
      const file = join(s.dir, SHARD_FILE);
      if (!existsSync(file)) continue; // readShardSet names it
      let r: ShardRecord;
      try {
        r = JSON.parse(readFileSync(file, 'utf8')) as ShardRecord;
      } catch {
        problems.push(`${file}: damaged (not JSON); remove ${s.dir} and run the shard again`);
        continue;
      }
      if (r?.identity !== identity)
        problems.push(
          `${file}: a shard of another round or calibration than round ${b} of ${join(o.out, STATE_FILE)}; remove ${s.dir} and run the shard again`,
        );
      else if (r.shard !== `${s.index}/${s.count}`)
        problems.push(`${file}: holds shard ${r.shard}, not the ${s.index}/${s.count} of its folder's name`);
    }
    if (problems.length)
      throw new UsageError(`round ${b}: cannot advance:\n  ${[...new Set(problems)].join('\n  ')}`);
    const folders = readShardSet<ShardRecord>(
      present.map((s) => s.dir),
      SHARD_FILE,
      o.out,
      `calibrate --method abc round ${b}`,
    );
    // 2. Their runs, each once and none missing.
    const rows = {} as Record<keyof AbcRuns, Row[][]>;
    for (const key of ABC_KEYS) {
      const plan = batchPlan(f.options, scenarios, key, b, pending.thetas);
      const seen = new Uint8Array(plan.runCount);
      rows[key] = Array.from({ length: pending.thetas.length }, () => []);
      for (const folder of folders) {
        const dir = join(folder.dir, key);
        const r = readShardRows(dir, plan, folder.shard, seen, rows[key]);
        const want = shardSize(plan.runCount, folder.shard);
        if (r.problem) problems.push(r.problem);
        else if (r.got < want)
          problems.push(
            `${dir}: ${r.got} of its ${want} runs (run --shard ${folder.shard.index}/${folder.shard.count} again to finish it)`,
          );
      }
    }
    if (problems.length) throw new UsageError(`round ${b}: cannot advance:\n  ${problems.join('\n  ')}`);
    // 3. The sampler's step, then the next round or the posterior.
    // The same distances and run count as a run in one process, which makes the legal-expert and
    // national runs only for the particles the default's runs leave within the tolerance (a round
    // runs every scenario for every particle: its shards are planned before the default's rows exist).
    const d = batchDistances(rows, pending.thetas.length, f.options, mcmcBound(f.state));
    const next = mcmcAdvance(abcSettings(f.options), f.state, d.distances, d.runs);
    for (const g of next.generations.slice(f.state.generations.length))
      log(generationLine(g, f.options.particles));
    let calibration: AbcCalibration | null = null;
    if (!next.pending) {
      calibration = finishedCalibration(mcmcResult(next), (performance.now() - t0) / 1000);
      writePosterior(o.out, f.options, calibration, scenarios, {
        ...f.options,
        method: 'abc',
        rounds: next.batch,
      });
    }
    writeState(o.out, { ...f, pilotnet: pilotnetVersion(), round: next.batch, state: next });
    return { round: b, next: next.batch, particles: next.pending?.thetas.length ?? 0, calibration };
  } finally {
    lock.release();
  }
}

/** --plan, --shard i/n, --advance: the calibration round by round. */
export async function abcRoundCommand(
  opts: AbcCommandOptions,
  out: string,
  whole: WholeOption,
): Promise<void> {
  if (opts.resume)
    throw new UsageError(
      '--resume: not with --plan, --shard or --advance (a shard run again continues by itself)',
    );
  if (opts.workers !== undefined && opts.shard === undefined)
    throw new UsageError(
      "--workers: only with --shard (the runs are the shards'; --plan and --advance run none)",
    );
  const options = sizeOptions(opts, whole, 4);
  if (opts.plan) {
    const p = planAbc({ ...options, out, force: opts.force });
    process.stdout.write(
      `round ${p.round}: ${p.particles} particles from the prior to simulate (${p.particles * runsPerParticle(options)} runs)\n` +
        `next: ${nextSteps(out)}\n`,
    );
    return;
  }
  if (opts.force)
    throw new UsageError('--force: only with --plan (shards resume, and advancing overwrites nothing)');
  // Only the options given are checked against the plan's: a round takes the rest from it.
  const flags = {
    particles: 'particles',
    generations: 'generations',
    replicates: 'replicates',
    nationalReplicates: 'nationalReplicates',
    rejuvenation: 'rejuvenation',
    judgeShare: 'judgeShare',
    seed: 'seed',
  } as const;
  const given = Object.fromEntries(
    Object.entries(flags)
      .filter(([, flag]) => opts.given(flag))
      .map(([k]) => [k, options[k as keyof typeof options]]),
  );
  if (opts.shard !== undefined) {
    const shard = parseShard(opts.shard);
    const r = await runAbcShard({
      out,
      shard,
      workers: opts.workers === undefined ? undefined : whole('--workers', opts.workers, 1),
      given,
      signal: interruptSignal(),
    });
    process.stdout.write(
      `round ${r.round}, shard ${shard.index}/${shard.count}: ${r.runs} runs (${r.skipped} already done) in ${r.dir}/\n` +
        `once every shard of round ${r.round} has run: pilotnet calibrate --method abc --out ${out} --advance\n`,
    );
    return;
  }
  const a = advanceAbc({ out, given, log: (l) => process.stderr.write(`${l}\n`) });
  if (!a.calibration) {
    process.stdout.write(
      `round ${a.round} advanced; round ${a.next}: ${a.particles} particles to simulate\nnext: ${nextSteps(out)}\n`,
    );
    return;
  }
  process.stdout.write(
    `round ${a.round} advanced; the calibration has finished\n${summary(a.calibration, out)}`,
  );
}
