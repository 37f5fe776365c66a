// Ensemble what-ifs: a comparison (or a sweep) run across the particles of an ABC posterior
// (docs/uncertainty.md), so an answer carries what the study leaves open about the parameters as
// well as the noise of the runs. Particles are resampled by weight, deterministically from the
// seed (systematic resampling); within each particle, replicate r of A and of B share a seed
// (common random numbers). Runs go through the sweep's worker pool.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { csvTable, splitCsvLine } from '../exec/columns.ts';
import { type LoadedScenario, loadScenario, readTextBounded, SCENARIOS_DIR, sha256 } from '../exec/io.ts';
import { executeRuns, shardRuns } from '../exec/sweep.ts';
import { buildPlan, type SweepPlan } from '../exec/sweep-spec.ts';
import {
  calibrationsPhrase,
  drawMembers,
  type EnsembleOutcome,
  ensembleSentence,
  particleOverrides,
  poolOutcome,
  posteriorFits,
  resample,
} from '../report/ensemble.ts';
import type { RunSummary, Scenario } from '../sim/index.ts';
import { LIMITS } from '../sim/scenario/limits.ts';
import { readPosterior } from './calibrate-abc.ts';
import { type CompareOptions, type CompareResult, compare } from './compare.ts';
import { checkCount } from './run.ts';
import { human } from './summary.ts';

/** The shipped posterior, used by `--ensemble default`. */
export const DEFAULT_POSTERIOR = join(SCENARIOS_DIR, 'posterior', 'default.csv');

export const posteriorFile = (name: string): string => (name === 'default' ? DEFAULT_POSTERIOR : name);

/** The posterior predictive check recorded beside a posterior: `x.csv` -> `x.check.json`. */
export const checkFile = (posterior: string): string => `${posterior.replace(/\.csv$/, '')}.check.json`;

/**
 * Whether the drawn calibrations fit the study, from the check recorded beside the posterior
 * (report/ensemble.ts posteriorFits): no check, a check of another posterior, or one that failed
 * all say no. A check file that cannot be read says no too; it is the check's writer that errs.
 */
export function readFits(posterior: string): boolean {
  const file = checkFile(posterior);
  if (!existsSync(file) || statSync(file).size > 16 * 1024 * 1024) return false;
  try {
    return posteriorFits(JSON.parse(readFileSync(file, 'utf8')), readFileSync(posterior, 'utf8'));
  } catch {
    return false;
  }
}

/** Particles drawn from a posterior: distinct parameter sets with their share of the draws. */
export interface EnsembleDraw {
  file: string;
  sha256: string;
  draws: number;
  /** Distinct particles drawn, each with its parameter values and its share of the draws. */
  members: { particle: number; values: Record<string, number>; weight: number }[];
}

/** Indices of `draws` particles drawn by weight (systematic resampling seeded by `seed`). */
function drawIndices(name: string, draws: number, seed: number) {
  const file = posteriorFile(name);
  const { paths, particles } = readPosterior(file);
  const idx = resample(
    particles.map((p) => p.weight),
    draws,
    seedrandom(`ensemble:${seed}`),
  );
  const values = (i: number) => Object.fromEntries(paths.map((p, j) => [p, particles[i].theta[j]]));
  return { file, idx, values };
}

/** Draw `draws` particles by weight, merged when repeated (deterministic from the seed). */
export function drawEnsemble(name: string, draws: number, seed: number): EnsembleDraw {
  const file = posteriorFile(name);
  const { paths, particles } = readPosterior(file);
  const members = drawMembers(paths, particles, draws, seedrandom(`ensemble:${seed}`));
  return {
    file,
    sha256: sha256(readTextBounded(file, LIMITS.jsonBytes, { what: 'a posterior file' })),
    draws,
    members,
  };
}

/** Run every member of the ensemble R times on a scenario through the pool; rows by member. */
async function runMembers(
  loaded: LoadedScenario,
  reference: Scenario,
  ensemble: EnsembleDraw,
  replicates: number,
  seed: number,
  workers?: number,
): Promise<RunSummary[][]> {
  const plan = buildPlan({
    id: `ensemble-${loaded.scenario.id}`,
    file: loaded.file,
    scenario: loaded,
    factors: [],
    points: ensemble.members.map((m) => particleOverrides(loaded.scenario, reference, m.values)),
    replicates,
    seed,
  });
  const byMember: RunSummary[][] = ensemble.members.map(() => new Array(replicates));
  await executeRuns(
    plan,
    shardRuns(plan.runCount, { index: 1, count: 1 }),
    plan.runCount,
    (lines) => {
      for (const line of lines) {
        const row = rowSummary(plan, splitCsvLine(line.replace(/\r?\n$/, '')));
        byMember[row.point][row.replicate] = row.summary;
      }
    },
    { workers },
  );
  return byMember;
}

/** The outcome fields a comparison reads, rebuilt from one runs.csv line. */
function rowSummary(
  plan: SweepPlan,
  fields: string[],
): { point: number; replicate: number; summary: RunSummary } {
  const rec: Record<string, string> = {};
  plan.header.forEach((h, i) => {
    rec[h] = fields[i];
  });
  const n = (k: string) => (rec[k] === '' || rec[k] === undefined ? Number.NaN : Number(rec[k]));
  const outcomes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec))
    outcomes[k] =
      v === 'true' ? true : v === 'false' ? false : k === 'legalOutcome' || k === 'gaveUpReason' ? v : n(k);
  const national = plan.layout.national
    ? {
        submittedCount: n('submittedCount'),
        submittedWithin7Months: n('submittedWithin7Months'),
        gaveUpCount: n('gaveUpCount'),
      }
    : undefined;
  return {
    point: n('point'),
    replicate: n('replicate'),
    // runs.csv holds consortium 0 and the national counts: a national run's consortia are read as
    // consortium 0 alone.
    summary: { outcomes, consortia: [outcomes], national: national ?? null } as unknown as RunSummary,
  };
}

export type { EnsembleOutcome };
export { ensembleSentence, particleOverrides };

export interface EnsembleCompareResult extends Omit<CompareResult, 'outcomes'> {
  ensemble: {
    posterior: string;
    sha256: string;
    draws: number;
    members: number;
    replicatesPerMember: number;
    seed: number;
    /** The posterior's recorded check found >= 80% of draws passing every calibration target. */
    fits: boolean;
    interval: string;
  };
  outcomes: EnsembleOutcome[];
}

export interface EnsembleCompareOptions extends CompareOptions {
  /** Posterior file, or "default" for the shipped one. */
  ensemble: string;
  /** Particles drawn from the posterior (default 50). */
  draws?: number;
  /** Replicate pairs per drawn particle (default 10). */
  memberReplicates?: number;
  workers?: number;
}

/** Compare A and B across the posterior, next to the comparison at the default. */
export async function compareEnsemble(
  a: LoadedScenario,
  b: LoadedScenario,
  o: EnsembleCompareOptions,
): Promise<EnsembleCompareResult> {
  // Checked before anything runs.
  const draws = checkCount('--draws', o.draws, 50, 1, LIMITS.replicates);
  const R = checkCount('--ensemble-replicates', o.memberReplicates, 10, 2, LIMITS.replicates);
  const base = compare(a, b, o);
  const ensemble = drawEnsemble(o.ensemble, draws, base.baseSeed);
  const reference = loadScenario('default').scenario;
  const runsA = await runMembers(a, reference, ensemble, R, base.baseSeed, o.workers);
  const runsB = await runMembers(b, reference, ensemble, R, base.baseSeed, o.workers);
  const w = ensemble.members.map((m) => m.weight);
  const fits = readFits(ensemble.file);
  const phrase = calibrationsPhrase(fits);
  const outcomes = base.outcomes.map((s) =>
    poolOutcome(s, runsA, runsB, w, R, base.a.name, base.b.name, phrase),
  );
  return {
    ...base,
    ensemble: {
      posterior: o.ensemble === 'default' ? 'scenarios/posterior/default.csv' : ensemble.file,
      sha256: ensemble.sha256,
      draws,
      members: ensemble.members.length,
      replicatesPerMember: R,
      seed: base.baseSeed,
      fits,
      interval:
        'pooled 95% interval: diff ± sqrt((1.96 × parameterSd)^2 + h^2); h the larger of the half-width of the stochastic 95% CI at the default and 1.96 × the standard error of the pooled mean; parameterSd the spread of the members’ mean effects less their replicate noise',
    },
    outcomes,
  };
}

/** A comparison at the shipped calibration with each outcome's pooled interval attached (the brief). */
export function withEnsemble(base: CompareResult, ens: EnsembleCompareResult): CompareResult {
  return {
    ...base,
    outcomes: base.outcomes.map((o) => {
      const x = ens.outcomes.find((y) => y.key === o.key);
      return x
        ? {
            ...o,
            ensemble: {
              diff: x.diff,
              lo: x.lo,
              hi: x.hi,
              sameSign: x.sameSign,
              calibrations: ens.ensemble.members,
              fits: ens.ensemble.fits,
            },
          }
        : o;
    }),
  };
}

export function formatEnsemble(r: EnsembleCompareResult, format: string): string {
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  const iv = (lo: number, hi: number) => (Number.isFinite(lo) ? `${human(lo)} to ${human(hi)}` : '–');
  const intro = `${r.b.name} (B) against ${r.a.name} (A) across ${r.ensemble.draws} draws (${r.ensemble.members} distinct calibrations) from ${r.ensemble.posterior}, ${r.ensemble.replicatesPerMember} paired replicates each; at the default: ${r.replicates} paired replicates, base seed ${r.baseSeed}`;
  const head = ['outcome', 'B - A pooled', 'pooled 95%', 'default alone 95%', 'same sign'];
  const rows = r.outcomes.map((x) => [
    x.unit && !x.label.includes(x.unit)
      ? `${x.label} (${x.unit === 'percentage points' ? '%' : x.unit})`
      : x.label,
    Number.isFinite(x.diff) ? human(x.diff) : '–',
    iv(x.lo, x.hi),
    iv(x.stochasticLo, x.stochasticHi),
    Number.isFinite(x.sameSign) ? `${Math.round(100 * x.sameSign)}%` : '–',
  ]);
  if (format === 'csv') {
    const cols = [
      'key',
      'label',
      'unit',
      'meanA',
      'meanB',
      'diff',
      'lo',
      'hi',
      'stochasticLo',
      'stochasticHi',
      'parameterSd',
      'sameSign',
      'n',
      'sentence',
    ] as const;
    return csvTable([
      cols,
      ...r.outcomes.map((x) =>
        cols.map((c) => (typeof x[c] === 'number' && !Number.isFinite(x[c]) ? '' : x[c])),
      ),
    ]);
  }
  if (format === 'md')
    return `${intro}.\n\n| ${head.join(' | ')} |\n| --- | ---: | --- | --- | ---: |\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n\n${r.outcomes.map((x) => `- ${x.sentence}.`).join('\n')}\n`;
  const all = [head, ...rows];
  const width = head.map((_, c) => Math.max(...all.map((row) => row[c].length)));
  const table = all
    .map((row) => row.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  '))
    .join('\n');
  return `${intro}\n\n${table}\n\n${r.outcomes.map((x) => `${x.sentence}.`).join('\n')}\n`;
}

/**
 * `sweep --ensemble`: every point of a sweep crossed with `draws` particles drawn from a posterior
 * (each draw its own point, so plain averages over the rows are posterior averages). The point's
 * own values and the sweep's factors win over the particle's.
 */
export function ensemblePlan(plan: SweepPlan, name: string, draws: number, seed: number): SweepPlan {
  const { idx, values: particle } = drawIndices(name, draws, seed);
  const reference = loadScenario('default').scenario;
  const points = idx.flatMap((i) => {
    const values = particleOverrides(plan.base, reference, particle(i));
    return plan.points.map((p) => {
      const own = { ...values };
      for (const k of Object.keys(p)) delete own[k];
      for (const f of plan.factors) delete own[f.path];
      return { ...own, ...p };
    });
  });
  return buildPlan({
    id: plan.id,
    file: plan.file,
    scenario: plan.scenario,
    factors: plan.factors,
    points,
    replicates: plan.replicates,
    seed: plan.baseSeed,
  });
}
