// `pilotnet calibrate --method abc`: a posterior over the free parameters (MODEL.md §7) instead of
// one calibrated point. The algorithm is methods/abc.ts abcSmcMcmc (ABC-SMC with MCMC moves,
// Drovandi & Pettitt 2011); this file supplies the model: summary statistics are the measured
// values of the patterns of MODEL.md §8 that end-of-run summaries give (the study's §3.1, §3.3,
// §3.4, §4.1), and the distance of docs/uncertainty.md. Each batch of particles runs through the
// sweep's worker pool (exec/sweep.ts) into <out>/batch-<b>/<scenario>/runs.csv, keyed by (point, replicate), so a
// killed calibration resumes with --resume and proposes the same particles again.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { splitCsvLine } from '../exec/columns.ts';
import { UsageError } from '../exec/errors.ts';
import {
  type LoadedScenario,
  loadScenario,
  pilotnetVersion,
  prepareOutDir,
  readTextBounded,
  sha256,
} from '../exec/io.ts';
import { writeManifest } from '../exec/manifest.ts';
import { writeFileAtomic } from '../exec/outdir.ts';
import { createPool, type RunPool, sweep } from '../exec/sweep.ts';
import { buildPlan } from '../exec/sweep-spec.ts';
import {
  abcSmcMcmc,
  type McmcGenerationRecord,
  type McmcSettings,
  type mcmcResult,
  type Particle,
  uniformBox,
  weightedQuantile,
} from '../methods/abc.ts';
import { parsePosterior } from '../report/ensemble.ts';
import { LIMITS } from '../sim/scenario/limits.ts';
import { WITHIN_SHARE } from '../sim/validation.ts';
import { ABC_PRIOR, applyDraw, drawRange, FREE_PARAMETERS } from './free-parameters.ts';
import { Interrupted, interruptSignal } from './interrupt.ts';

/** One run's outcomes as read back from runs.csv (numbers, booleans as 0/1, strings as they are). */
export type Row = Record<string, string>;

const num = (r: Row, k: string) => (r[k] === '' || r[k] === undefined ? Number.NaN : Number(r[k]));
const share = (rows: readonly Row[], f: (r: Row) => boolean) =>
  rows.length ? rows.filter(f).length / rows.length : Number.NaN;
const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  const m = s.length;
  return m === 0 ? Number.NaN : m % 2 ? s[(m - 1) >> 1] : 0.5 * (s[m / 2 - 1] + s[m / 2]);
};

/**
 * A summary statistic: a pattern's measured value, its band, and how a value turns into a
 * normalised deviation: the distance outside the band divided by `scale` (the pattern's own scale,
 * as in its `miss`), 0 inside. The distance is 0 exactly when every calibration target's band is
 * met, as the predictive check and validation judge them. The study's single figures (13 months,
 * two ASBLs in three projects) are not pulled towards: 13 months as the median, at the spread of
 * durations the model gives (about 1.2 months), puts a fifth of the consortia past month 14, which
 * pattern 6 (19 of 20 submitted by then) forbids; a pull to 13 set the two targets against each
 * other (the first posterior over 15 parameters passed pattern 6 in 15 of 30 draws).
 * Together they cover every calibration target of the ledger (sim/patterns.ts LEDGER) and nothing
 * else: a validation-only pattern is never seen by ABC.
 */
export interface Statistic {
  key: string;
  pattern: number;
  label: string;
  band: [number, number];
  scale: number;
  /**
   * 1: measured on the default's runs alone, so a particle they already put beyond the tolerance is
   * rejected before its legal-expert and national runs (the second stage) are made.
   */
  stage: 1 | 2;
  value: (runs: AbcRuns) => number;
}

/** One particle's runs: the default, the default with a legal expert, the national scenario. */
export interface AbcRuns {
  default: Row[];
  expert: Row[];
  national: Row[];
}

const asbl = (rows: Row[]) => share(rows, (r) => r.legalOutcome === 'asbl');

export const STATISTICS: Statistic[] = [
  {
    key: 'months',
    pattern: 1,
    label: 'median duration (months)',
    band: [11, 15],
    scale: 2,
    stage: 1,
    value: (s) => median(s.default.map((r) => num(r, 'months'))),
  },
  {
    key: 'within7',
    pattern: 1,
    label: 'share submitting within 7 months',
    band: [0, 0.1],
    scale: 0.1,
    stage: 1,
    value: (s) => share(s.default, (r) => r.submitted === 'true' && num(r, 'months') <= 7 + 1e-9),
  },
  {
    key: 'asbl',
    pattern: 4,
    label: 'ASBL share',
    band: [0.5, 1],
    scale: 0.15,
    stage: 1,
    value: (s) => asbl(s.default),
  },
  {
    key: 'deFacto',
    pattern: 4,
    label: 'share of de facto associations with a mandated partner',
    band: [0.1, 0.45],
    scale: 0.1,
    stage: 1,
    value: (s) =>
      share(s.default, (r) => r.legalOutcome === 'de-facto' || r.legalOutcome === 'existing-partner'),
  },
  {
    key: 'expertDrop',
    pattern: 4,
    label: 'fall of the ASBL share with a legal expert',
    band: [0.2, 1],
    scale: 0.1,
    stage: 2,
    value: (s) => asbl(s.default) - asbl(s.expert),
  },
  {
    key: 'attrition',
    pattern: 6,
    label: 'median consortia of 20 not submitted by month 14 (national)',
    band: [0, 1],
    scale: 1,
    stage: 2,
    value: (s) => median(s.national.map((r) => num(r, 'consortia') - num(r, 'submittedWithin14Months'))),
  },
  {
    key: 'modularityRatio',
    pattern: 7,
    label: 'median end/start pillar modularity',
    band: [0.25, 0.75],
    scale: 0.25,
    stage: 1,
    value: (s) =>
      median(
        s.default.map((r) => {
          const a = num(r, 'modularityPillarStart');
          return a > 0 ? num(r, 'modularityPillarEnd') / a : 1;
        }),
      ),
  },
];

/** Normalised deviation of one statistic (see Statistic). */
export function deviation(s: Statistic, x: number): number {
  if (!Number.isFinite(x)) return 10;
  return Math.max(0, s.band[0] - x, x - s.band[1]) / s.scale;
}

/** The distance: root of the sum of squared normalised deviations over the statistics. */
export const distance = (values: readonly number[]): number =>
  Math.sqrt(STATISTICS.reduce((t, s, k) => t + deviation(s, values[k]) ** 2, 0));

const FIRST_STAGE = STATISTICS.filter((s) => s.stage === 1);

/** Bootstrap resamples with which a particle's batch is judged (judgedDistance). */
export const RESAMPLES = 100;

/** Each pattern's deviation over the given statistics: the root of its statistics' squares. */
function patternDeviations(stats: readonly Statistic[], runs: AbcRuns): Map<number, number> {
  const sq = new Map<number, number>();
  for (const s of stats) sq.set(s.pattern, (sq.get(s.pattern) ?? 0) + deviation(s, s.value(runs)) ** 2);
  return new Map([...sq].map(([p, v]) => [p, Math.sqrt(v)]));
}

/**
 * The distance of a particle's batch, each pattern judged as validation and the predictive check
 * judge a batch (sim/validation.ts judgedPatterns, docs/validation.md "A revised rule"): a pattern
 * its runs meet counts 0; a pattern they miss counts 0 too when at least `share` (2.5%, the check's
 * own) of `resamples` bootstrap resamples of the runs meet it (the batch's 95% interval reaches the
 * band), else the deviation of the resample at that point. A stricter share fits sets that a fresh
 * batch will meet, not only reach (calibrate --judge-share); above one half every pattern is judged
 * by its resamples. The distance is the root of the patterns' squares.
 * Resampling draws the replicates (the same draw for the default and the legal expert, and the
 * national runs at the same indices modulo their count, as the check does) from a stream keyed by
 * the batch's first replicate seed: the same draws for every particle of a batch, whatever the
 * order. Over fewer statistics (the first stage) the distance is never more than over all of them:
 * each resample's deviations only gain squares, and the draws are the same.
 */
export function judgedDistance(
  stats: readonly Statistic[],
  runs: AbcRuns,
  resamples = RESAMPLES,
  share = WITHIN_SHARE,
): number {
  const observed = patternDeviations(stats, runs);
  // Above one half, a pattern the runs meet is judged by its resamples as well: meeting it on
  // these runs alone is not enough when most resamples miss it.
  const missed = new Set([...observed].filter(([, d]) => d > 0 || share > 0.5).map(([p]) => p));
  if (missed.size === 0) return 0;
  const judged = stats.filter((s) => missed.has(s.pattern));
  const n = runs.default.length;
  const rng = seedrandom.alea(`abc-bootstrap:${runs.default[0]?.seed ?? ''}`);
  const devs = new Map<number, number[]>([...missed].map((p) => [p, []]));
  for (let k = 0; k < resamples && n > 0; k++) {
    const idx = Array.from({ length: n }, () => Math.floor(rng() * n));
    const pick = (xs: readonly Row[]): Row[] => (xs.length ? idx.map((i) => xs[i % xs.length]) : []);
    const again = patternDeviations(judged, {
      default: pick(runs.default),
      expert: pick(runs.expert),
      national: pick(runs.national),
    });
    for (const [p, d] of again) devs.get(p)?.push(d);
  }
  const at = Math.max(0, Math.ceil(share * resamples) - 1);
  let total = 0;
  for (const p of missed) {
    const d = (devs.get(p) ?? []).sort((a, b) => a - b);
    total += (d.length > at ? d[at] : (observed.get(p) ?? 0)) ** 2;
  }
  return Math.sqrt(total);
}

/**
 * The distance over the first stage's statistics alone: never more than the whole distance (see
 * judgedDistance), so a particle it puts beyond the tolerance is beyond it in full.
 */
export const firstStageDistance = (runs: readonly Row[], share = WITHIN_SHARE): number => {
  let seen = firstStageSeen.get(runs);
  if (!seen) firstStageSeen.set(runs, (seen = new Map()));
  let d = seen.get(share);
  if (d === undefined) {
    d = judgedDistance(FIRST_STAGE, { default: [...runs], expert: [], national: [] }, RESAMPLES, share);
    seen.set(share, d);
  }
  return d;
};
/** The first stage's distances of rows already judged, by share (secondStage, then batchDistances, ask twice). */
const firstStageSeen = new WeakMap<readonly Row[], Map<number, number>>();

/** Read runs.csv into rows grouped by point. */
export function readRuns(file: string, points: number): Row[][] {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const header = splitCsvLine(lines[0]);
  const by: Row[][] = Array.from({ length: points }, () => []);
  for (const line of lines.slice(1)) {
    const f = splitCsvLine(line);
    const row: Row = {};
    header.forEach((h, i) => {
      row[h] = f[i];
    });
    by[Number(row.point)].push(row);
  }
  return by;
}

/** The effective sample size a posterior must reach to be shipped (issue 17). */
export const MIN_ESS = 150;

export interface AbcCalibrationOptions {
  out: string;
  particles: number;
  /** Safety cap on generations; the run stops on its rules (cli/abc.ts). */
  generations: number;
  replicates: number;
  /** Replicates of the national scenario (20 consortia each) per particle: pattern 6. */
  nationalReplicates: number;
  minImprovement?: number;
  seed: number;
  workers?: number;
  /** Share of the population replenished each generation (methods/abc.ts abcSmcMcmc; default 0.4). */
  drop?: number;
  /** The most Metropolis-Hastings steps per replenished particle and generation (default 10). */
  moves?: number;
  /** The most rejuvenation steps after the stop, to reach the effective size MIN_ESS (default 20). */
  rejuvenation?: number;
  minAcceptance?: number;
  /** The share of a batch's resamples that must meet a pattern for it to count 0 (default WITHIN_SHARE). */
  judgeShare?: number;
  resume?: boolean;
  force?: boolean;
  log?: (line: string) => void;
}

export interface AbcCalibration {
  particles: Particle[];
  generations: (McmcGenerationRecord & { runs: number })[];
  modelRuns: number;
  stopped: string;
  seconds: number;
}

const OUR_FILES = /^(posterior\.(csv|json|svg)|manifest\.json|abc-state\.json|batch-\d+)$/;

/** Run ABC-SMC on pilotnet: the default and legal-expert scenarios per particle. */
export async function calibrateAbc(o: AbcCalibrationOptions): Promise<AbcCalibration> {
  const log = o.log ?? (() => {});
  const t0 = performance.now();
  // The generations' run folders are ours too: --force removes them whole (prepareOutDir takes files).
  const lock = prepareOutDir(o.out, (f) => OUR_FILES.test(f), {
    force: o.force,
    resume: o.resume,
    keepOld: true,
  });
  try {
    if (lock.existing.length && !o.resume)
      for (const f of lock.existing) rmSync(join(o.out, f), { recursive: true, force: true });
    return await calibrateIn(o, log, t0);
  } finally {
    lock.release();
  }
}

/** The scenarios every particle runs: the default, the default with a legal expert, the national. */
export type AbcScenarios = Record<keyof AbcRuns, LoadedScenario>;
export const ABC_KEYS = ['default', 'expert', 'national'] as const;

export const loadAbcScenarios = (): AbcScenarios => ({
  default: loadScenario('default'),
  expert: loadScenario('legal-expert'),
  national: loadScenario('national'),
});

/** Model runs per particle: replicates of the default and of the legal expert, national ones. */
export const runsPerParticle = (o: { replicates: number; nationalReplicates: number }): number =>
  2 * o.replicates + o.nationalReplicates;

/**
 * The sweep of one scenario for batch b (the b-th call of the sampler): every particle of the batch
 * a point, over the replicates. Replicate seeds differ between batches (common within one, so
 * particles compare on the same draws), and never equal the seeds of the validation, which come
 * from their own list.
 */
export function batchPlan(
  o: { seed: number; replicates: number; nationalReplicates: number },
  scenarios: AbcScenarios,
  key: keyof AbcRuns,
  b: number,
  thetas: readonly (readonly number[])[],
) {
  const baseSeed = Number.parseInt(sha256(`abc-runs:${o.seed}:${b}`).slice(0, 8), 16) % 2 ** 31;
  return buildPlan({
    id: `abc-batch${b}-${key}`,
    file: scenarios[key].file,
    scenario: scenarios[key],
    factors: [],
    points: thetas.map(particleValues),
    replicates: key === 'national' ? o.nationalReplicates : o.replicates,
    seed: baseSeed,
  });
}

/**
 * Each particle's distance from its runs (rows grouped by particle; their order does not matter),
 * with early rejection: a particle whose default runs alone put it beyond `bound` (the tolerance it
 * must meet) keeps that first-stage distance, which is enough to reject it, and needs no legal-expert
 * or national runs (its rows of those may be empty). `runs` counts the model runs the batch needed:
 * the default's for every particle, the other two for those that passed the first stage.
 */
export function batchDistances(
  rows: Record<keyof AbcRuns, Row[][]>,
  particles: number,
  o: { replicates: number; nationalReplicates: number; judgeShare?: number },
  bound = Number.POSITIVE_INFINITY,
): { distances: number[]; runs: number } {
  let second = 0;
  const share = o.judgeShare ?? WITHIN_SHARE;
  const distances = Array.from({ length: particles }, (_, i) => {
    const first = firstStageDistance(rows.default[i], share);
    if (first > bound) return first;
    second++;
    return judgedDistance(
      STATISTICS,
      { default: rows.default[i], expert: rows.expert[i], national: rows.national[i] },
      RESAMPLES,
      share,
    );
  });
  return { distances, runs: particles * o.replicates + second * (o.replicates + o.nationalReplicates) };
}

/** The particles (by index) a batch's second stage runs: those the first stage left within `bound`. */
export const secondStage = (defaultRows: readonly Row[][], bound: number, share = WITHIN_SHARE): number[] =>
  defaultRows.flatMap((r, i) => (firstStageDistance(r, share) <= bound ? [i] : []));

/** What fixes the sampler's steps, from the calibration's options (the same for local and rounds). */
export const abcSettings = (o: AbcCalibrationOptions | AbcRoundOptions): McmcSettings => ({
  prior: uniformBox(ABC_PRIOR.map(drawRange)),
  particles: o.particles,
  generations: o.generations,
  drop: o.drop,
  moves: o.moves,
  minAcceptance: o.minAcceptance,
  minImprovement: o.minImprovement,
  minEss: MIN_ESS,
  rejuvenation: o.rejuvenation,
  // A particle must meet the bands again on fresh runs every generation to be kept: on one batch a
  // set that rarely meets them gets in by luck, and its copies multiplied (docs/uncertainty.md).
  refresh: true,
  seed: o.seed,
});

/** The options that fix a calibration's result (no folder, workers or flags of the run itself). */
export interface AbcRoundOptions {
  particles: number;
  generations: number;
  replicates: number;
  nationalReplicates: number;
  rejuvenation?: number;
  drop?: number;
  moves?: number;
  minAcceptance?: number;
  minImprovement?: number;
  /** The share of a batch's resamples that must meet a pattern for it to count 0 (default WITHIN_SHARE). */
  judgeShare?: number;
  seed: number;
}

/** One terminal line per generation (or rejuvenation step). */
export const generationLine = (g: McmcGenerationRecord, particles: number): string =>
  `${g.rejuvenation ? 'rejuvenation' : 'generation'} ${g.generation}: tolerance ${g.epsilon.toFixed(3)}, acceptance ${(100 * g.acceptance).toFixed(0)}%, ESS ${g.ess.toFixed(0)} of ${particles} (${g.distinct} distinct)${g.refreshed ? `, ${g.refreshed} run again` : ''}, ${g.runsSoFar ?? 0} runs so far`;

async function calibrateIn(
  o: AbcCalibrationOptions,
  log: (l: string) => void,
  t0: number,
): Promise<AbcCalibration> {
  const scenarios = loadAbcScenarios();
  // One pool for every batch: three sweeps per batch would otherwise each start their workers.
  const pool = createPool(Math.min(o.workers ?? availableParallelism(), availableParallelism()), null);
  try {
    return await calibrateOn(o, log, t0, scenarios, pool);
  } finally {
    await pool.destroy();
  }
}

async function calibrateOn(
  o: AbcCalibrationOptions,
  log: (l: string) => void,
  t0: number,
  scenarios: AbcScenarios,
  pool: RunPool,
): Promise<AbcCalibration> {
  const distances = async (thetas: number[][], b: number, bound: number) => {
    const runsOf = async (key: keyof AbcRuns, points: number[][]): Promise<Row[][]> => {
      if (points.length === 0) return [];
      const dir = join(o.out, `batch-${b}`, key);
      const report = await sweep(batchPlan(o, scenarios, key, b, points), {
        out: dir,
        workers: o.workers,
        resume: true,
        signal: interruptSignal(),
        pool,
      });
      if (report.interrupted)
        throw new Interrupted(`Interrupted in batch ${b}: the runs done are kept in ${o.out}/batch-${b}/.`);
      return readRuns(join(dir, 'runs.csv'), points.length);
    };
    // The default first; the legal expert and the national scenario only for the particles its
    // runs leave within the tolerance (every point of a batch runs on the same seeds, so a particle's
    // rows do not depend on which others share its sweep).
    const def = await runsOf('default', thetas);
    const on = secondStage(def, bound, o.judgeShare);
    const spread = (sub: Row[][]) => {
      const all: Row[][] = thetas.map(() => []);
      on.forEach((i, k) => {
        all[i] = sub[k];
      });
      return all;
    };
    const points = on.map((i) => thetas[i]);
    const expert = spread(await runsOf('expert', points));
    const national = spread(await runsOf('national', points));
    return batchDistances({ default: def, expert, national }, thetas.length, o, bound);
  };
  const result = await abcSmcMcmc({
    ...abcSettings(o),
    distances,
    onGeneration: (g) => log(generationLine(g, o.particles)),
  });
  const calibration = finishedCalibration(result, (performance.now() - t0) / 1000);
  writePosterior(o.out, o, calibration, scenarios, { ...o, method: 'abc' });
  return calibration;
}

/** The calibration of a finished sampler; its model runs as the batches counted them. */
export function finishedCalibration(result: ReturnType<typeof mcmcResult>, seconds: number): AbcCalibration {
  const gens = result.generations;
  return {
    particles: result.particles,
    generations: gens.map((g, k) => ({
      ...g,
      runs: (g.runsSoFar ?? 0) - (k ? (gens[k - 1].runsSoFar ?? 0) : 0),
    })),
    modelRuns: gens.length ? (gens[gens.length - 1].runsSoFar ?? 0) : 0,
    stopped: result.stopped,
    seconds,
  };
}

/**
 * posterior.csv, posterior.json and posterior.svg, then the manifest. The three are the same bytes
 * however the calibration ran (in one process, resumed, or in rounds of shards): the clock is only
 * in manifest.json.
 */
export function writePosterior(
  out: string,
  o: AbcRoundOptions,
  c: AbcCalibration,
  scenarios: AbcScenarios,
  manifestOptions: Record<string, unknown>,
): void {
  writeFileAtomic(join(out, 'posterior.csv'), posteriorCsv(c.particles));
  writeFileAtomic(
    join(out, 'posterior.json'),
    `${JSON.stringify(posteriorRecord(o, c, scenarios), null, 2)}\n`,
  );
  writeFileAtomic(join(out, 'posterior.svg'), posteriorSvg(c.particles));
  writeManifest(
    out,
    'calibrate',
    Object.values(scenarios).map((s) => ({ id: s.scenario.id, file: s.file, sha256: s.hash })),
    manifestOptions,
  );
}

/** The scenario values of a particle: whole-number parameters rounded as the runs used them. */
export const particleValues = (theta: readonly number[]): Record<string, number> =>
  Object.fromEntries(ABC_PRIOR.map((p, j) => [p.path, applyDraw(p, theta[j])]));

/** posterior.csv: each particle's values as its runs used them, its weight and distance. */
export function posteriorCsv(particles: readonly Particle[]): string {
  const head = [...ABC_PRIOR.map((p) => p.path), 'weight', 'distance'];
  const body = particles.map((p) =>
    [...ABC_PRIOR.map((q, j) => applyDraw(q, p.theta[j])), p.weight, p.distance]
      .map((x) => String(x))
      .join(','),
  );
  return `${[head.join(','), ...body].join('\n')}\n`;
}

/** Weighted mean, sd and quantiles of each parameter. */
export function marginals(particles: readonly Particle[]) {
  const w = particles.map((p) => p.weight);
  return ABC_PRIOR.map((p, j) => {
    const xs = particles.map((q) => applyDraw(p, q.theta[j]));
    const mean = xs.reduce((s, x, i) => s + w[i] * x, 0);
    const sd = Math.sqrt(xs.reduce((s, x, i) => s + w[i] * (x - mean) ** 2, 0));
    return {
      path: p.path,
      range: p.range,
      mean,
      sd,
      q025: weightedQuantile(xs, w, 0.025),
      median: weightedQuantile(xs, w, 0.5),
      q975: weightedQuantile(xs, w, 0.975),
    };
  });
}

function posteriorRecord(o: AbcRoundOptions, c: AbcCalibration, scenarios: Record<string, LoadedScenario>) {
  const last = c.generations[c.generations.length - 1];
  const best = [...c.particles].sort((a, b) => a.distance - b.distance)[0];
  return {
    pilotnet: pilotnetVersion(),
    command: 'calibrate --method abc',
    method:
      'ABC-SMC with Markov chain Monte Carlo moves: the replenishment algorithm of Drovandi & Pettitt (2011, Biometrics 67:225-233), R = ceil(log 0.1 / log(1 - acceptance)) random-walk Metropolis-Hastings steps per replenished particle (at most maxMoves), on the logit of each parameter within its prior range, scaled 2.38^2/d (Roberts, Gelman & Gilks 1997); early rejection: a particle whose default runs alone put it beyond the tolerance runs neither the legal expert nor the national scenario; refresh: before each generation after the first, the population’s distinct particles run again on the fresh seeds of a batch of their own and are ranked by their new distances (Monte Carlo within Metropolis, O’Neill et al. 2000), so a particle is kept only if it meets the tolerance again; distance: each calibration target judged with the batch’s bootstrap interval as the predictive check judges a draw (a missed pattern counts 0 when at least judgeShare of 100 resamples meet it, else its deviation at that point; above one half, a pattern the runs meet is judged by its resamples too); equal weights, the effective size counts repeated particles once',
    options: {
      particles: o.particles,
      generationsCap: o.generations,
      drop: o.drop ?? 0.4,
      maxMoves: o.moves ?? 10,
      rejuvenationCap: o.rejuvenation ?? 20,
      minAcceptance: o.minAcceptance ?? 0.05,
      minImprovement: o.minImprovement ?? 0.05,
      judgeShare: o.judgeShare ?? WITHIN_SHARE,
      replicates: o.replicates,
      nationalReplicates: o.nationalReplicates,
      seed: o.seed,
    },
    stoppingRule:
      'stop when fewer than minAcceptance of a generation’s moves are accepted, or when the tolerance falls by less than 1 - (1 - minImprovement)^2 of the tolerance two generations before (refreshed tolerances carry the runs’ noise, so the rule spans two generations); generationsCap is only a safety bound; then repeated particles step on at the final tolerance until the effective size reaches essMinimum (at most rejuvenationCap steps)',
    seeds:
      'algorithm: the prior sample seedrandom("abc-mcmc:<seed>:0"), the resampling of generation g seedrandom("abc-mcmc:<seed>:<g>"), the m-th step of chain i in generation g seedrandom("abc-mcmc:<seed>:<g>:move:<m>:<i>"), the k-th rejuvenation step of particle i seedrandom("abc-mcmc:<seed>:rejuvenation:<k>:<i>"); runs of batch b (the b-th set of particles simulated): replicateSeed(first 32 bits of sha256("abc-runs:<seed>:<b>") mod 2^31, r), the same for every particle of the batch',
    scenarios: Object.fromEntries(
      Object.entries(scenarios).map(([k, s]) => [k, { file: s.file, id: s.scenario.id, sha256: s.hash }]),
    ),
    prior: ABC_PRIOR.map((p) => ({
      path: p.path,
      uniform: drawRange(p),
      ...(p.integer ? { rounded: 'to a whole number within the range' } : {}),
    })),
    statistics: STATISTICS.map(({ key, pattern, label, band, scale }) => ({
      key,
      pattern,
      label,
      band,
      scale,
    })),
    distance:
      'sqrt(sum_k dev_k^2); dev_k = the distance outside the band / scale (0 inside); see docs/uncertainty.md',
    generations: c.generations,
    tolerance: last.epsilon,
    ess: last.ess,
    essMinimum: MIN_ESS,
    essMet: last.ess >= MIN_ESS,
    particles: c.particles.length,
    modelRuns: c.modelRuns,
    stopped: c.stopped,
    stoppedBy:
      c.stopped === 'cap'
        ? 'the safety cap on generations, before either rule was met: the posterior is not converged'
        : c.stopped === 'acceptance'
          ? 'the acceptance rule'
          : 'the tolerance rule',
    marginals: marginals(c.particles),
    closest: particleValues(best.theta),
  };
}

/** SVG: weighted histograms of each parameter on the diagonal, pairwise scatter below it. */
export function posteriorSvg(particles: readonly Particle[]): string {
  const d = ABC_PRIOR.length;
  const cell = 64;
  const pad = 150;
  const W = pad + d * cell + 10;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${W}" viewBox="0 0 ${W} ${W}" font-family="sans-serif" font-size="9">`,
    `<rect width="${W}" height="${W}" fill="white"/>`,
    `<text x="10" y="16" font-size="12">ABC posterior: weighted marginals (diagonal), pairwise scatter (below); axes span the prior ranges</text>`,
  ];
  const wMax = Math.max(...particles.map((p) => p.weight));
  const u = (j: number, x: number) => {
    const [lo, hi] = drawRange(ABC_PRIOR[j]);
    return Math.min(1, Math.max(0, (x - lo) / (hi - lo)));
  };
  const bins = 12;
  for (let a = 0; a < d; a++) {
    const y0 = pad + a * cell;
    parts.push(`<text x="${pad - 4}" y="${y0 + cell / 2 + 3}" text-anchor="end">${ABC_PRIOR[a].path}</text>`);
    for (let b = 0; b <= a; b++) {
      const x0 = pad + b * cell;
      parts.push(
        `<rect x="${x0 + 2}" y="${y0 + 2}" width="${cell - 4}" height="${cell - 4}" fill="none" stroke="#ccc"/>`,
      );
      if (a === b) {
        const h = new Array<number>(bins).fill(0);
        for (const p of particles) h[Math.min(bins - 1, Math.floor(u(a, p.theta[a]) * bins))] += p.weight;
        const top = Math.max(...h, 1e-12);
        h.forEach((v, k) => {
          const bh = ((cell - 8) * v) / top;
          parts.push(
            `<rect x="${(x0 + 4 + (k * (cell - 8)) / bins).toFixed(1)}" y="${(y0 + cell - 4 - bh).toFixed(1)}" width="${((cell - 8) / bins).toFixed(1)}" height="${bh.toFixed(1)}" fill="#4e79a7"/>`,
          );
        });
      } else
        for (const p of particles)
          parts.push(
            `<circle cx="${(x0 + 4 + u(b, p.theta[b]) * (cell - 8)).toFixed(1)}" cy="${(y0 + cell - 4 - u(a, p.theta[a]) * (cell - 8)).toFixed(1)}" r="1.2" fill="#e15759" fill-opacity="${(0.2 + 0.8 * (p.weight / wMax)).toFixed(2)}"/>`,
          );
    }
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Particles of a posterior.csv: the free parameters by column name, weight and distance. */
export function readPosterior(file: string): { paths: string[]; particles: Particle[] } {
  if (!existsSync(file)) throw new UsageError(`${file}: no such posterior file`);
  const parsed = parsePosterior(readTextBounded(file, LIMITS.jsonBytes, { what: 'a posterior file' }));
  if (!parsed.ok) throw new UsageError(`${file}: ${parsed.message}`);
  const { paths, particles } = parsed;
  const known = new Set(FREE_PARAMETERS.map((p) => p.path));
  for (const p of paths)
    if (!known.has(p)) throw new UsageError(`${file}: line 1: ${p}: not a free parameter of the calibration`);
  return { paths, particles };
}

/** `calibrate --method abc` as commander parsed it. */
export interface AbcCommandOptions {
  particles: string;
  generations: string;
  replicates: string;
  nationalReplicates: string;
  workers?: string;
  rejuvenation: string;
  judgeShare?: string;
  seed: number;
  out: string;
  resume?: boolean;
  force?: boolean;
  plan?: boolean;
  shard?: string;
  advance?: boolean;
  given: (option: string) => boolean;
}

/** Checks a whole-number option: at least `min`, else a usage error naming the flag. */
export type WholeOption = (flag: string, v: string, min: number) => number;

/** The rounds' command (cli/calibrate-abc-rounds.ts), handed in by the caller so neither module imports the other back. */
export type RoundCommand = (opts: AbcCommandOptions, out: string, whole: WholeOption) => Promise<void>;

/** The command body behind `calibrate --method abc`; --plan, --shard and --advance go to `rounds`. */
export async function abcCommand(opts: AbcCommandOptions, rounds: RoundCommand): Promise<void> {
  const whole: WholeOption = (flag: string, v: string, min: number) => {
    const n = Number(v);
    if (!/^\s*\d+\s*$/.test(v) || !Number.isSafeInteger(n) || n < min)
      throw new UsageError(`${flag}: expected a whole number >= ${min}, got "${v}"`);
    return n;
  };
  const out = opts.given('out') ? opts.out : 'posterior';
  const verbs = [
    opts.plan && '--plan',
    opts.shard !== undefined && '--shard',
    opts.advance && '--advance',
  ].filter(Boolean);
  if (verbs.length > 1) throw new UsageError(`${verbs.join(' and ')}: one at a time`);
  if (verbs.length) return rounds(opts, out, whole);
  if (existsSync(join(out, 'abc-state.json')) && !opts.force)
    throw new UsageError(
      `${out}: holds a calibration run in rounds (abc-state.json); go on with --shard i/n and --advance, or --force to start over in one process`,
    );
  const c = await calibrateAbc({
    out,
    ...sizeOptions(opts, whole, 2),
    workers: opts.workers === undefined ? undefined : whole('--workers', opts.workers, 1),
    resume: opts.resume,
    force: opts.force,
    log: (l) => process.stderr.write(`${l}\n`),
  });
  process.stdout.write(summary(c, out, `, ${c.seconds.toFixed(0)} s`));
}

/** The options both ways of running the ABC share: sizes, rejuvenation and seed, checked. */
export function sizeOptions(opts: AbcCommandOptions, whole: WholeOption, minParticles: number) {
  return {
    particles: whole('--particles', opts.particles, minParticles),
    generations: whole('--generations', opts.generations, 1),
    replicates: opts.given('replicates') ? whole('--replicates', opts.replicates, 1) : 10,
    nationalReplicates: opts.given('nationalReplicates')
      ? whole('--national-replicates', opts.nationalReplicates, 1)
      : 4,
    rejuvenation: whole('--rejuvenation', opts.rejuvenation, 0),
    judgeShare: opts.judgeShare === undefined ? undefined : judgeShare(opts.judgeShare),
    seed: opts.seed,
  };
}

/** --judge-share: a share in (0, 1], else a usage error. */
export function judgeShare(v: string): number {
  const n = Number(v);
  if (!/^\s*(0|1)?(\.\d+)?\s*$/.test(v) || !(n > 0 && n <= 1))
    throw new UsageError(`--judge-share: expected a share in (0, 1], e.g. 0.5, got "${v}"`);
  return n;
}

/** What a finished calibration prints. */
export function summary(c: AbcCalibration, out: string, time = ''): string {
  const last = c.generations[c.generations.length - 1];
  return (
    `${c.particles.length} particles after ${c.generations.filter((g) => !g.rejuvenation).length} generations and ${c.generations.filter((g) => g.rejuvenation).length} rejuvenation steps (${c.modelRuns} model runs${time}); ` +
    `tolerance ${last.epsilon.toFixed(3)}, effective sample size ${last.ess.toFixed(0)}\n` +
    `stopped by ${c.stopped === 'cap' ? 'the safety cap on generations (--generations), before either stopping rule: not converged' : `the ${c.stopped} rule`}\n` +
    (last.ess < MIN_ESS
      ? `effective sample size below ${MIN_ESS}: run again with more --particles before shipping this posterior\n`
      : '') +
    `posterior.csv, posterior.json and posterior.svg in ${out}/\n`
  );
}
