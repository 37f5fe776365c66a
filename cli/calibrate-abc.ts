// `pilotnet calibrate --method abc`: a posterior over the free parameters (MODEL.md §7) instead of
// one calibrated point. The algorithm is cli/abc.ts (Lenormand et al. 2013 adaptive population
// Monte Carlo); this file supplies the model: summary statistics are the measured values of the
// patterns of MODEL.md §8 that end-of-run summaries give (the study's §3.1, §3.3, §3.4, §4.1),
// and the distance of docs/uncertainty.md. Each generation's runs go through the sweep's worker
// pool (cli/sweep.ts) into <out>/gen-<g>/<scenario>/runs.csv, keyed by (point, replicate), so a
// killed calibration resumes with --resume and proposes the same particles again.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parsePosterior } from '../report/ensemble.ts';
import { CONTROVERSIES } from '../sim/index.ts';
import { LIMITS } from '../sim/scenario/limits.ts';
import { abcSmc, type GenerationRecord, type Particle, uniformBox, weightedQuantile } from './abc.ts';
import { FREE_PARAMETERS } from './calibrate.ts';
import { splitCsvLine } from './columns.ts';
import { UsageError } from './errors.ts';
import { Interrupted, interruptSignal } from './interrupt.ts';
import {
  type LoadedScenario,
  loadScenario,
  pilotnetVersion,
  prepareOutDir,
  readTextBounded,
  sha256,
} from './io.ts';
import { writeFileAtomic } from './outdir.ts';
import { sweep } from './sweep.ts';
import { buildPlan } from './sweep-spec.ts';

/** One run's outcomes as read back from runs.csv (numbers, booleans as 0/1, strings as they are). */
type Row = Record<string, string>;

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
 * normalised deviation. With `target`, the deviation is (value - target) / scale everywhere (the
 * study gives a figure: 13 months, two ASBLs in three projects); otherwise it is the distance
 * outside the band divided by `scale` (the pattern's own scale, as in its `miss`), 0 inside.
 */
export interface Statistic {
  key: string;
  pattern: number;
  label: string;
  band: [number, number];
  target?: number;
  scale: number;
  value: (runs: { default: Row[]; expert: Row[] }, ctx: StatContext) => number;
}

interface StatContext {
  /** Last planned meeting week of the group that validates each controversy. */
  lastPlanned: Record<string, number>;
}

const asbl = (rows: Row[]) => share(rows, (r) => r.legalOutcome === 'asbl');

export const STATISTICS: Statistic[] = [
  {
    key: 'months',
    pattern: 1,
    label: 'median duration (months)',
    band: [11, 15],
    target: 13,
    scale: 2,
    value: (s) => median(s.default.map((r) => num(r, 'months'))),
  },
  {
    key: 'within7',
    pattern: 1,
    label: 'share submitting within 7 months',
    band: [0, 0.1],
    scale: 0.1,
    value: (s) => share(s.default, (r) => r.submitted === 'true' && num(r, 'months') <= 7 + 1e-9),
  },
  {
    key: 'extraMeetings',
    pattern: 2,
    label: 'share of runs adding a meeting',
    band: [0.9, 1],
    scale: 0.1,
    value: (s) => share(s.default, (r) => num(r, 'meetingsExtra') >= 1),
  },
  {
    key: 'fragmentation',
    pattern: 3,
    label: 'share of runs overcoming fragmentation',
    band: [0.95, 1],
    scale: 0.05,
    value: (s) =>
      share(s.default, (r) => {
        const [ps, pe, ls, le] = ['eiPillarStart', 'eiPillarEnd', 'eiLineStart', 'eiLineEnd'].map((k) =>
          num(r, k),
        );
        return ps < -0.4 && ls < -0.4 && pe - ps >= 0.3 && le - ls >= 0.3;
      }),
  },
  {
    key: 'asbl',
    pattern: 4,
    label: 'ASBL share',
    band: [0.55, 0.85],
    target: 0.7,
    scale: 0.15,
    value: (s) => asbl(s.default),
  },
  {
    key: 'expertDrop',
    pattern: 4,
    label: 'fall of the ASBL share with a legal expert',
    band: [0.2, 1],
    scale: 0.1,
    value: (s) => asbl(s.default) - asbl(s.expert),
  },
  {
    key: 'modularityRatio',
    pattern: 7,
    label: 'median end/start pillar modularity',
    band: [0, 0.5],
    scale: 0.25,
    value: (s) =>
      median(
        s.default.map((r) => {
          const a = num(r, 'modularityPillarStart');
          return a > 0 ? num(r, 'modularityPillarEnd') / a : 1;
        }),
      ),
  },
  {
    key: 'modularityHalved',
    pattern: 7,
    label: 'share of runs halving pillar modularity',
    band: [0.9, 1],
    scale: 0.1,
    value: (s) =>
      share(s.default, (r) => num(r, 'modularityPillarEnd') <= 0.5 * num(r, 'modularityPillarStart')),
  },
  {
    key: 'closure',
    pattern: 9,
    label: 'share needing an extra meeting or a working group to close',
    band: [0.9, 1],
    scale: 0.1,
    value: (s, ctx) =>
      share(
        s.default,
        (r) =>
          num(r, 'workingGroups') > 0 ||
          CONTROVERSIES.some((c) => (num(r, `settleWeek_${c}`) || -1) > (ctx.lastPlanned[c] ?? Infinity)),
      ),
  },
];

/** Normalised deviation of one statistic (see Statistic). */
export function deviation(s: Statistic, x: number): number {
  if (!Number.isFinite(x)) return 10;
  if (s.target !== undefined) return (x - s.target) / s.scale;
  return Math.max(0, s.band[0] - x, x - s.band[1]) / s.scale;
}

/** The distance: root of the sum of squared normalised deviations over the statistics. */
export const distance = (values: readonly number[]): number =>
  Math.sqrt(STATISTICS.reduce((t, s, k) => t + deviation(s, values[k]) ** 2, 0));

/** Read runs.csv into rows grouped by point. */
function readRuns(file: string, points: number): Row[][] {
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

export interface AbcCalibrationOptions {
  out: string;
  particles: number;
  generations: number;
  replicates: number;
  seed: number;
  workers?: number;
  alpha?: number;
  minAcceptance?: number;
  resume?: boolean;
  force?: boolean;
  log?: (line: string) => void;
}

export interface AbcCalibration {
  particles: Particle[];
  generations: (GenerationRecord & { runs: number })[];
  modelRuns: number;
  stopped: string;
  seconds: number;
}

const OUR_FILES = /^(posterior\.(csv|json|svg)|gen-\d+)$/;

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

async function calibrateIn(
  o: AbcCalibrationOptions,
  log: (l: string) => void,
  t0: number,
): Promise<AbcCalibration> {
  const scenarios: Record<'default' | 'expert', LoadedScenario> = {
    default: loadScenario('default'),
    expert: loadScenario('legal-expert'),
  };
  const gov = scenarios.default.scenario.governance;
  const lastPlanned: Record<string, number> = {};
  for (const c of CONTROVERSIES) {
    const g = gov.groups.find((x) => x.id === gov.decisions[c]?.validate);
    if (g) lastPlanned[c] = g.firstWeek + (g.plannedMeetings - 1) * g.interval;
  }
  const paths = FREE_PARAMETERS.map((p) => p.path);
  let modelRuns = 0;
  const runsPerGeneration: number[] = [];
  const distances = async (thetas: number[][], g: number): Promise<number[]> => {
    const points = thetas.map((t) => Object.fromEntries(paths.map((p, j) => [p, t[j]])));
    // Replicate seeds differ between generations (common within one, so particles compare on
    // the same draws), and never equal the seeds of the validation, which come from their own list.
    const baseSeed = Number.parseInt(sha256(`abc-runs:${o.seed}:${g}`).slice(0, 8), 16) % 2 ** 31;
    const rows: Record<string, Row[][]> = {};
    for (const key of ['default', 'expert'] as const) {
      const plan = buildPlan({
        id: `abc-gen${g}-${key}`,
        file: scenarios[key].file,
        scenario: scenarios[key],
        factors: [],
        points,
        replicates: o.replicates,
        seed: baseSeed,
      });
      const dir = join(o.out, `gen-${g}`, key);
      const report = await sweep(plan, {
        out: dir,
        workers: o.workers,
        resume: true,
        signal: interruptSignal(),
      });
      if (report.interrupted)
        throw new Interrupted(
          `Interrupted in generation ${g}: the runs done are kept in ${o.out}/gen-${g}/.`,
        );
      modelRuns += report.runs;
      rows[key] = readRuns(join(dir, 'runs.csv'), thetas.length);
    }
    runsPerGeneration[g] = thetas.length * o.replicates * 2;
    return thetas.map((_, i) => {
      const values = STATISTICS.map((s) =>
        s.value({ default: rows.default[i], expert: rows.expert[i] }, { lastPlanned }),
      );
      return distance(values);
    });
  };
  const result = await abcSmc({
    prior: uniformBox(FREE_PARAMETERS.map((p) => p.range)),
    distances,
    particles: o.particles,
    generations: o.generations,
    alpha: o.alpha,
    minAcceptance: o.minAcceptance,
    seed: o.seed,
    onGeneration: (g) =>
      log(
        `generation ${g.generation}: tolerance ${g.epsilon.toFixed(3)}, acceptance ${(100 * g.acceptance).toFixed(0)}%, ESS ${g.ess.toFixed(0)} of ${o.particles}`,
      ),
  });
  const seconds = (performance.now() - t0) / 1000;
  const generations = result.generations.map((g) => ({ ...g, runs: runsPerGeneration[g.generation] }));
  const calibration = {
    particles: result.particles,
    generations,
    modelRuns,
    stopped: result.stopped,
    seconds,
  };
  writeFileAtomic(join(o.out, 'posterior.csv'), posteriorCsv(result.particles));
  writeFileAtomic(
    join(o.out, 'posterior.json'),
    `${JSON.stringify(posteriorRecord(o, calibration, scenarios), null, 2)}\n`,
  );
  writeFileAtomic(join(o.out, 'posterior.svg'), posteriorSvg(result.particles));
  return calibration;
}

export function posteriorCsv(particles: readonly Particle[]): string {
  const head = [...FREE_PARAMETERS.map((p) => p.path), 'weight', 'distance'];
  const body = particles.map((p) => [...p.theta, p.weight, p.distance].map((x) => String(x)).join(','));
  return `${[head.join(','), ...body].join('\n')}\n`;
}

/** Weighted mean, sd and quantiles of each parameter. */
export function marginals(particles: readonly Particle[]) {
  const w = particles.map((p) => p.weight);
  return FREE_PARAMETERS.map((p, j) => {
    const xs = particles.map((q) => q.theta[j]);
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

function posteriorRecord(
  o: AbcCalibrationOptions,
  c: AbcCalibration,
  scenarios: Record<string, LoadedScenario>,
) {
  const last = c.generations[c.generations.length - 1];
  const best = [...c.particles].sort((a, b) => a.distance - b.distance)[0];
  return {
    pilotnet: pilotnetVersion(),
    command: 'calibrate --method abc',
    method:
      'ABC-SMC, adaptive population Monte Carlo (Lenormand, Jabot & Deffuant 2013, Computational Statistics 28:2777-2796) with the importance weights of Beaumont et al. (2009)',
    options: {
      particles: o.particles,
      generations: o.generations,
      alpha: o.alpha ?? 0.5,
      minAcceptance: o.minAcceptance ?? 0.05,
      replicates: o.replicates,
      seed: o.seed,
    },
    seeds:
      'algorithm: seedrandom("abc:<seed>:<generation>"); runs of generation g: replicateSeed(first 32 bits of sha256("abc-runs:<seed>:<g>") mod 2^31, r), the same for every particle of the generation',
    scenarios: Object.fromEntries(
      Object.entries(scenarios).map(([k, s]) => [k, { file: s.file, id: s.scenario.id, sha256: s.hash }]),
    ),
    prior: FREE_PARAMETERS.map((p) => ({ path: p.path, uniform: p.range })),
    statistics: STATISTICS.map(({ key, pattern, label, band, target, scale }) => ({
      key,
      pattern,
      label,
      band,
      target: target ?? null,
      scale,
    })),
    distance:
      'sqrt(sum_k dev_k^2); dev_k = (value - target) / scale where the study gives a figure, else the distance outside the band / scale (0 inside); see docs/uncertainty.md',
    generations: c.generations,
    tolerance: last.epsilon,
    ess: last.ess,
    particles: c.particles.length,
    modelRuns: c.modelRuns,
    stopped: c.stopped,
    seconds: Number(c.seconds.toFixed(1)),
    marginals: marginals(c.particles),
    closest: Object.fromEntries(FREE_PARAMETERS.map((p, j) => [p.path, best.theta[j]])),
  };
}

/** SVG: weighted histograms of each parameter on the diagonal, pairwise scatter below it. */
export function posteriorSvg(particles: readonly Particle[]): string {
  const d = FREE_PARAMETERS.length;
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
    const [lo, hi] = FREE_PARAMETERS[j].range;
    return (x - lo) / (hi - lo);
  };
  const bins = 12;
  for (let a = 0; a < d; a++) {
    const y0 = pad + a * cell;
    parts.push(
      `<text x="${pad - 4}" y="${y0 + cell / 2 + 3}" text-anchor="end">${FREE_PARAMETERS[a].path}</text>`,
    );
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

/** The command body behind `calibrate --method abc` (options as commander parsed them). */
export async function abcCommand(opts: {
  particles: string;
  generations: string;
  replicates: string;
  workers?: string;
  seed: number;
  out: string;
  resume?: boolean;
  force?: boolean;
  given: (option: string) => boolean;
}): Promise<void> {
  const whole = (flag: string, v: string, min: number) => {
    const n = Number(v);
    if (!/^\s*\d+\s*$/.test(v) || !Number.isSafeInteger(n) || n < min)
      throw new UsageError(`${flag}: expected a whole number >= ${min}, got "${v}"`);
    return n;
  };
  const out = opts.given('out') ? opts.out : 'posterior';
  const c = await calibrateAbc({
    out,
    particles: whole('--particles', opts.particles, 2),
    generations: whole('--generations', opts.generations, 1),
    replicates: opts.given('replicates') ? whole('--replicates', opts.replicates, 1) : 10,
    workers: opts.workers === undefined ? undefined : whole('--workers', opts.workers, 1),
    seed: opts.seed,
    resume: opts.resume,
    force: opts.force,
    log: (l) => process.stderr.write(`${l}\n`),
  });
  const last = c.generations[c.generations.length - 1];
  process.stdout.write(
    `${c.particles.length} particles after ${c.generations.length} generations (${c.modelRuns} model runs, ${c.seconds.toFixed(0)} s); ` +
      `tolerance ${last.epsilon.toFixed(3)}, effective sample size ${last.ess.toFixed(0)}\n` +
      `posterior.csv, posterior.json and posterior.svg in ${out}/\n`,
  );
}
