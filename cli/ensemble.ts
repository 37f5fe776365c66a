// Ensemble what-ifs: a comparison (or a sweep) run across the particles of an ABC posterior
// (docs/uncertainty.md), so an answer carries what the study leaves open about the parameters as
// well as the noise of the runs. Particles are resampled by weight, deterministically from the
// seed (systematic resampling); within each particle, replicate r of A and of B share a seed
// (common random numbers). Runs go through the sweep's worker pool.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { runValue } from '../report/compare.ts';
import { amount } from '../report/format.ts';
import { MIN_N_CI } from '../report/stats.ts';
import type { RunSummary, Scenario } from '../sim/index.ts';
import { parsePath } from '../sim/scenario/validate.ts';
import { resample } from './abc.ts';
import { readPosterior } from './calibrate-abc.ts';
import { csvTable, splitCsvLine } from './columns.ts';
import { COMPARE_OUTCOMES, type CompareOptions, type CompareResult, compare } from './compare.ts';
import { type LoadedScenario, loadScenario, SCENARIOS_DIR, sha256 } from './io.ts';
import { human } from './summary.ts';
import { executeRuns, shardRuns } from './sweep.ts';
import { buildPlan, type SweepPlan } from './sweep-spec.ts';

/** The shipped posterior, used by `--ensemble default`. */
export const DEFAULT_POSTERIOR = join(SCENARIOS_DIR, 'posterior', 'default.csv');

export const posteriorFile = (name: string): string => (name === 'default' ? DEFAULT_POSTERIOR : name);

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

/** Draw `draws` particles by weight, merged when repeated. */
export function drawEnsemble(name: string, draws: number, seed: number): EnsembleDraw {
  const { file, idx, values } = drawIndices(name, draws, seed);
  const counts = new Map<number, number>();
  for (const i of idx) counts.set(i, (counts.get(i) ?? 0) + 1);
  const members = [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([particle, c]) => ({ particle, values: values(particle), weight: c / draws }));
  return { file, sha256: sha256(readFileSync(file, 'utf8')), draws, members };
}

function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of parsePath(path) ?? []) cur = (cur as Record<PropertyKey, unknown> | undefined)?.[k];
  return cur;
}

/**
 * The overrides a particle makes to a scenario: its values, except where the scenario itself
 * changed the parameter from the default (a what-if about that parameter keeps its own value).
 */
export function particleOverrides(
  scenario: Scenario,
  reference: Scenario,
  values: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [path, v] of Object.entries(values))
    if (getPath(scenario, path) === getPath(reference, path)) out[path] = v;
  return out;
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

export interface EnsembleOutcome {
  key: string;
  label: string;
  unit: string;
  /** Pairs over all members and replicates. */
  n: number;
  meanA: number;
  meanB: number;
  /** The pooled effect: the weighted mean over members of each member's mean paired difference. */
  diff: number;
  sd: number;
  /**
   * Pooled 95% interval: parameter and stochastic half-widths added in quadrature (the stochastic one
   * is the default's, or the pooled mean's own when that is wider).
   */
  lo: number;
  hi: number;
  /** The stochastic-only interval: the comparison at the shipped default with its own replicates. */
  stochasticDiff: number;
  stochasticLo: number;
  stochasticHi: number;
  /** Standard deviation of the members' mean effects, less their replicate noise. */
  parameterSd: number;
  /** Weighted share of members whose mean effect has the pooled effect's sign. */
  sameSign: number;
  sentence: string;
}

export interface EnsembleCompareResult extends Omit<CompareResult, 'outcomes'> {
  ensemble: {
    posterior: string;
    sha256: string;
    draws: number;
    members: number;
    replicatesPerMember: number;
    seed: number;
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

const Z = 1.959963984540054;

/** Compare A and B across the posterior, next to the comparison at the default. */
export async function compareEnsemble(
  a: LoadedScenario,
  b: LoadedScenario,
  o: EnsembleCompareOptions,
): Promise<EnsembleCompareResult> {
  const base = compare(a, b, o);
  const draws = o.draws ?? 50;
  const R = o.memberReplicates ?? 10;
  const ensemble = drawEnsemble(o.ensemble, draws, base.baseSeed);
  const reference = loadScenario('default').scenario;
  const runsA = await runMembers(a, reference, ensemble, R, base.baseSeed, o.workers);
  const runsB = await runMembers(b, reference, ensemble, R, base.baseSeed, o.workers);
  const w = ensemble.members.map((m) => m.weight);
  const outcomes = base.outcomes.map((s): EnsembleOutcome => {
    const spec = COMPARE_OUTCOMES.find((x) => x.key === s.key);
    const k = spec?.scale ?? 1;
    const value = (r: RunSummary) => (spec ? runValue(spec, r) * k : Number.NaN);
    let n = 0;
    let meanA = 0;
    let meanB = 0;
    let sumD2 = 0;
    const m: number[] = [];
    const se2: number[] = [];
    ensemble.members.forEach((_, i) => {
      const ds: number[] = [];
      let ai = 0;
      let bi = 0;
      for (let r = 0; r < R; r++) {
        const x = value(runsA[i][r]);
        const y = value(runsB[i][r]);
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        ds.push(y - x);
        ai += x;
        bi += y;
      }
      const c = ds.length;
      n += c;
      meanA += c ? (w[i] * ai) / c : 0;
      meanB += c ? (w[i] * bi) / c : 0;
      const mean = c ? ds.reduce((s2, d) => s2 + d, 0) / c : Number.NaN;
      const v = c > 1 ? ds.reduce((s2, d) => s2 + (d - mean) ** 2, 0) / (c - 1) : 0;
      sumD2 += ds.reduce((s2, d) => s2 + d * d, 0);
      m.push(mean);
      se2.push(c ? v / c : 0);
    });
    const ok = m.map(Number.isFinite);
    const wsum = w.reduce((t, x, i) => t + (ok[i] ? x : 0), 0);
    // No member with a value (e.g. durations where no run submitted): no effect to pool.
    const raw = wsum > 0 ? m.reduce((t, x, i) => t + (ok[i] ? (w[i] * x) / wsum : 0), 0) : Number.NaN;
    // Sums of equal effects can leave a rounding residue (1e-16) where the effect is exactly 0.
    const diff = Math.abs(raw) < 1e-12 ? 0 : raw;
    const between = m.reduce((t, x, i) => t + (ok[i] ? (w[i] * (x - diff) ** 2) / wsum : 0), 0);
    const noise = se2.reduce((t, x, i) => t + (ok[i] ? (w[i] * x) / wsum : 0), 0);
    const parameterSd = Math.sqrt(Math.max(0, between - noise));
    // Stochastic half-width: the default's own, or that of the pooled mean if wider (few replicates).
    const hs = Number.isFinite(s.lo) ? (s.hi - s.lo) / 2 : 0;
    const hPooled = Z * Math.sqrt(se2.reduce((t, x, i) => t + (ok[i] ? (w[i] / wsum) ** 2 * x : 0), 0));
    const half = Math.sqrt((Z * parameterSd) ** 2 + Math.max(hs, hPooled) ** 2);
    const sign = Math.sign(diff);
    const agree = w.reduce((t, x, i) => t + (ok[i] && Math.sign(m[i]) === sign ? x : 0), 0);
    const sameSign = Number.isNaN(sign) ? Number.NaN : sign === 0 ? 0 : Math.min(1, agree / wsum);
    const sd = n > 1 ? Math.sqrt(Math.max(0, (sumD2 - n * diff * diff) / (n - 1))) : Number.NaN;
    const out: EnsembleOutcome = {
      key: s.key,
      label: s.label,
      unit: s.unit,
      n,
      meanA,
      meanB,
      diff,
      sd,
      lo: diff - half,
      hi: diff + half,
      stochasticDiff: s.diff,
      stochasticLo: s.lo,
      stochasticHi: s.hi,
      parameterSd,
      sameSign,
      sentence: '',
    };
    out.sentence = ensembleSentence(out, spec, base.a.name, base.b.name);
    return out;
  });
  return {
    ...base,
    ensemble: {
      posterior: o.ensemble === 'default' ? 'scenarios/posterior/default.csv' : ensemble.file,
      sha256: ensemble.sha256,
      draws,
      members: ensemble.members.length,
      replicatesPerMember: R,
      seed: base.baseSeed,
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
            },
          }
        : o;
    }),
  };
}

export function ensembleSentence(
  x: EnsembleOutcome,
  spec: (typeof COMPARE_OUTCOMES)[number] | undefined,
  nameA: string,
  nameB: string,
): string {
  if (!Number.isFinite(x.diff)) return `${x.label}: no values to compare`;
  if (x.n < MIN_N_CI)
    return `${x.label}: only ${x.n} pair${x.n === 1 ? '' : 's'} with values across the calibrations, too few to compare`;
  const both = `pooled 95% interval ${human(x.lo)} to ${human(x.hi)}; at the default alone ${human(x.stochasticLo)} to ${human(x.stochasticHi)}`;
  const share = `${Math.round(100 * x.sameSign)}%`;
  if (x.diff === 0 && x.hi === x.lo)
    return `${nameB} and ${nameA} do not differ in ${x.label} in any calibration`;
  if (x.lo > 0 || x.hi < 0) {
    const size = Math.abs(x.diff);
    const words = spec ? (x.diff > 0 ? spec.up : spec.down) : `changes ${x.label} by {d}`;
    const d = spec?.unit && !/\(s\)|consorti\(a\)/.test(words) ? amount(size, spec.unit) : human(size);
    const phrase = words
      .replace(/\(s\)/g, human(size) === '1' ? '' : 's')
      .replace(/consorti\(a\)/g, human(size) === '1' ? 'consortium' : 'consortia')
      .replace('{d}', d);
    return `in ${share} of the calibrations that fit the study, ${nameB} ${phrase} than ${nameA} (${both})`;
  }
  return `${nameB} and ${nameA} do not differ clearly in ${x.label} once the calibrations that fit the study are counted: ${amount(x.diff, x.unit)}, the same sign in ${share} of them (${both})`;
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
