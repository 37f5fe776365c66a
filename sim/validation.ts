// Validation out of sample and ablations (MODEL.md §8; issue 9): the ten patterns measured per
// batch of replicates on base seeds the calibration never used, each with a 95% bootstrap interval,
// and, for every switch of the scenario's `mechanisms`, what the model does without it.
// Pattern-oriented modelling (Grimm et al. 2005): a pattern is evidence only if some ablation breaks
// it. Pure and seeded (the bootstrap draws from its own named stream), like the engine.
import seedrandom from 'seedrandom';
import {
  asblShare,
  attritionPattern,
  closurePattern,
  type DetailedRun,
  delayPattern,
  extraMeetingsPattern,
  familiarPattern,
  fragmentationPattern,
  hubPattern,
  legalAfterFocusPattern,
  modularityPattern,
  type PatternResult,
  patternClass,
  patternsOfClass,
  runDetailedMany,
  runSummaries,
  tamingPattern,
} from './patterns.ts';
import type { Scenario } from './scenario/schema.ts';
import type { RunSummary } from './types.ts';

/** Base seeds of the validation when PILOTNET_VALIDATION_SEEDS is not set; calibration never uses them. */
export const VALIDATION_SEEDS = [7001, 7013, 7019, 7027, 7039] as const;

/** The switches of the scenario section `mechanisms`, in the ODD's order. */
export const MECHANISMS = [
  'taming',
  'trustWidening',
  'chairSynthesis',
  'anchoring',
  'familiarityBias',
  'legalNegotiation',
  'fatigue',
  'extraMeetings',
  'workingGroups',
  'coach',
  'deadlineAdaptation',
  'sizeCosts',
  'pillarTension',
  'homophily',
  'pillarStakes',
  'reopening',
  'dropout',
] as const;
export type Mechanism = (typeof MECHANISMS)[number];

/**
 * Where an ablation is run: the default, except for mechanisms that act only off the default's
 * path: size costs need a consortium above the reference size of 40 (80 partners), the pillar
 * tension a lead organisation in the chair (the lead-organisation preset).
 */
export const ABLATION_CONTEXT: Record<Mechanism, { scenario: string; overrides: Record<string, number> }> =
  Object.fromEntries(
    MECHANISMS.map((m) => [
      m,
      m === 'sizeCosts'
        ? { scenario: 'default', overrides: { 'composition.size': 80 } }
        : m === 'pillarTension'
          ? { scenario: 'lead-organisation', overrides: {} }
          : { scenario: 'default', overrides: {} },
    ]),
  ) as Record<Mechanism, { scenario: string; overrides: Record<string, number> }>;

/** The scenarios one batch needs: the default, the default with a legal expert, the national one. */
export interface ValidationScenarios {
  base: Scenario;
  expert: Scenario;
  national: Scenario;
}

export interface ValidationOptions {
  /** Replicates of the default, of the legal-expert variant and with weekly series. */
  replicates: number;
  /** Replicates of the national scenario (20 consortia each). */
  nationalReplicates: number;
  /** Bootstrap resamples for the intervals (0: none). */
  resamples: number;
  /** Replicates with weekly series (patterns 5, 8, 10); default: replicates. */
  detailedReplicates?: number;
}

export interface IntervalResult extends PatternResult {
  /** 95% percentile-bootstrap interval of `value` (NaN without resamples). */
  lo: number;
  hi: number;
  /** Share of the bootstrap resamples in which the pattern passes (NaN without resamples). */
  passShare: number;
  /**
   * The batch's verdict: `pass` when the batch's own figures pass; `within` when they miss but at
   * least 2.5% of the resamples pass, so the batch's 95% interval reaches the band and cannot tell
   * the model from one inside it; `fail` when the whole interval lies outside (issue 17: a band is
   * judged with the batch's interval, never on a knife-edge).
   */
  verdict: Verdict;
}

export type Verdict = 'pass' | 'within' | 'fail';

/** Share of resamples that must pass for a missed pattern to count as within the batch's interval. */
export const WITHIN_SHARE = 0.025;

/** Whether a batch's verdict lets the pattern hold (passed, or missed within the batch's interval). */
export const holds = (p: { verdict: Verdict }): boolean => p.verdict !== 'fail';

export function verdictOf(pass: boolean, passShare: number): Verdict {
  if (pass) return 'pass';
  return passShare >= WITHIN_SHARE ? 'within' : 'fail';
}

export interface Batch {
  seed: number;
  patterns: IntervalResult[];
}

interface BatchRuns {
  runs: RunSummary[];
  expert: RunSummary[];
  detailed: DetailedRun[];
  national: RunSummary[];
}

function allPatterns(r: BatchRuns, base: Scenario): PatternResult[] {
  return [
    delayPattern(r.runs),
    extraMeetingsPattern(r.runs),
    fragmentationPattern(r.runs),
    familiarPattern(r.runs, r.expert),
    tamingPattern(r.detailed),
    attritionPattern(r.national),
    modularityPattern(r.runs),
    hubPattern(r.detailed),
    closurePattern(r.runs, base),
    legalAfterFocusPattern(r.detailed),
  ];
}

/** One batch: every pattern over `replicates` runs from base seed `seed`, with intervals. */
export function validationBatch(sc: ValidationScenarios, seed: number, o: ValidationOptions): Batch {
  return {
    seed,
    patterns: judgedPatterns(batchRuns(sc, seed, o), sc.base, o.resamples, `pilotnet/bootstrap/${seed}`),
  };
}

/**
 * Every pattern over one batch's runs, each with its 95% percentile-bootstrap interval and the
 * batch's verdict: resample the replicates (the same draw for every list, from the named stream)
 * and recompute all ten.
 */
export function judgedPatterns(
  r: BatchRuns,
  base: Scenario,
  resamples: number,
  stream: string,
): IntervalResult[] {
  const results = allPatterns(r, base);
  const rng = seedrandom.alea(stream);
  const values: number[][] = results.map(() => []);
  const passes = results.map(() => 0);
  for (let k = 0; k < resamples; k++) {
    const n = r.runs.length;
    const idx = Array.from({ length: n }, () => Math.floor(rng() * n));
    const pick = <T>(xs: readonly T[]): T[] => idx.map((i) => xs[i % xs.length]);
    const again = allPatterns(
      { runs: pick(r.runs), expert: pick(r.expert), detailed: pick(r.detailed), national: pick(r.national) },
      base,
    );
    again.forEach((p, j) => {
      if (!Number.isNaN(p.value)) values[j].push(p.value);
      if (p.pass) passes[j]++;
    });
  }
  return results.map((p, j): IntervalResult => {
    const [lo, hi] = quantiles(values[j]);
    const passShare = resamples > 0 ? passes[j] / resamples : Number.NaN;
    return { ...p, lo, hi, passShare, verdict: verdictOf(p.pass, passShare) };
  });
}

function quantiles(xs: number[]): [number, number] {
  if (!xs.length) return [Number.NaN, Number.NaN];
  const v = [...xs].sort((a, b) => a - b);
  const q = (p: number) => v[Math.min(v.length - 1, Math.max(0, Math.floor(p * v.length)))];
  return [q(0.025), q(0.975)];
}

/** Parse PILOTNET_VALIDATION_SEEDS-style text: comma-separated whole numbers; empty: the defaults. */
export function parseSeeds(text: string | undefined): number[] {
  if (!text?.trim()) return [...VALIDATION_SEEDS];
  return text.split(',').map((t) => {
    const v = Number(t.trim());
    if (!Number.isInteger(v) || v < 0 || v > 2 ** 31 - 1)
      throw new Error(`PILOTNET_VALIDATION_SEEDS: expected comma-separated whole numbers, got "${t.trim()}"`);
    return v;
  });
}

// -----------------------------------------------------------------------------------------------
// Ablations.

export interface Ablation {
  mechanism: Mechanism;
  /** Patterns that hold with the mechanism and fail without it (whole interval outside the band). */
  breaks: number[];
  /** Patterns that fail with it and hold without it. */
  repairs: number[];
  /** Mean duration in months without minus with, and its 95% interval (paired bootstrap). */
  months: { diff: number; lo: number; hi: number };
  /** ASBL share without minus with. */
  asbl: { diff: number; lo: number; hi: number };
  /** Share submitted by month 14 without minus with. */
  within14: { diff: number; lo: number; hi: number };
  /** Mean final E-I index by pillar without minus with (the network's openness). */
  eiPillar: { diff: number; lo: number; hi: number };
  withPatterns: IntervalResult[];
  withoutPatterns: IntervalResult[];
}

const eiEnd = (rs: readonly RunSummary[]) =>
  rs.reduce((t, r) => t + r.outcomes.eiPillarEnd, 0) / Math.max(1, rs.length);

const within14 = (rs: readonly RunSummary[]) =>
  rs.filter((r) => r.outcomes.submitted && r.outcomes.months <= 14 + 1e-9).length / Math.max(1, rs.length);

function pairedDiff(
  a: readonly RunSummary[],
  b: readonly RunSummary[],
  f: (rs: readonly RunSummary[]) => number,
  resamples: number,
  seed: string,
): { diff: number; lo: number; hi: number } {
  const rng = seedrandom.alea(seed);
  const n = a.length;
  const diffs: number[] = [];
  for (let k = 0; k < resamples; k++) {
    const idx = Array.from({ length: n }, () => Math.floor(rng() * n));
    diffs.push(f(idx.map((i) => b[i])) - f(idx.map((i) => a[i])));
  }
  const [lo, hi] = quantiles(diffs);
  return { diff: f(b) - f(a), lo, hi };
}

/** The runs of one scenario set, kept so that several ablations compare against one baseline. */
export function batchRuns(sc: ValidationScenarios, seed: number, o: ValidationOptions): BatchRuns {
  return {
    runs: runSummaries(sc.base, o.replicates, seed),
    expert: runSummaries(sc.expert, o.replicates, seed),
    detailed: runDetailedMany(sc.base, o.detailedReplicates ?? o.replicates, seed),
    national: runSummaries(sc.national, o.nationalReplicates, seed),
  };
}

/**
 * Compare the model with and without one mechanism on the same seeds (common random numbers):
 * which patterns break, and how the median duration, the ASBL share and the share submitted by
 * month 14 move, each difference with a 95% paired-bootstrap interval.
 */
export function ablation(
  mechanism: Mechanism,
  withRuns: BatchRuns,
  withoutScenarios: ValidationScenarios,
  seed: number,
  o: ValidationOptions,
  base: Scenario,
): Ablation {
  const without = batchRuns(withoutScenarios, seed, o);
  // A pattern breaks when it holds with the mechanism and its whole interval misses without it.
  const a = judgedPatterns(withRuns, base, o.resamples, `pilotnet/ablation/${mechanism}/with`);
  const b = judgedPatterns(
    without,
    withoutScenarios.base,
    o.resamples,
    `pilotnet/ablation/${mechanism}/without`,
  );
  const monthsMean = (rs: readonly RunSummary[]) =>
    rs.reduce((t, r) => t + r.outcomes.months, 0) / Math.max(1, rs.length);
  return {
    mechanism,
    breaks: a.filter((p, k) => holds(p) && b[k].verdict === 'fail').map((p) => p.id),
    repairs: a.filter((p, k) => p.verdict === 'fail' && holds(b[k])).map((p) => p.id),
    months: pairedDiff(
      withRuns.runs,
      without.runs,
      monthsMean,
      o.resamples,
      `pilotnet/ablation/${mechanism}/m`,
    ),
    asbl: pairedDiff(withRuns.runs, without.runs, asblShare, o.resamples, `pilotnet/ablation/${mechanism}/a`),
    within14: pairedDiff(
      withRuns.runs,
      without.runs,
      within14,
      o.resamples,
      `pilotnet/ablation/${mechanism}/w`,
    ),
    eiPillar: pairedDiff(withRuns.runs, without.runs, eiEnd, o.resamples, `pilotnet/ablation/${mechanism}/e`),
    withPatterns: a,
    withoutPatterns: b,
  };
}

export { allPatterns, type BatchRuns };

// -----------------------------------------------------------------------------------------------
// The evidence ledger against the calibration's own candidates.

/** One calibration candidate as its CSV records it: each pattern's verdict where it was measured. */
export interface Candidate {
  stage: string;
  /** Pattern id -> true (pass), false (fail); absent where not measured. */
  verdicts: Record<number, boolean>;
}

export interface CandidateFailures {
  id: number;
  /** Candidates on which the pattern was measured, and how many of them failed it. */
  measured: number;
  failed: number;
  /** The same among the candidates that passed every calibration target. */
  measuredFit: number;
  failedFit: number;
}

/**
 * How many calibration candidates fail each validation-only pattern: a pattern that no candidate
 * fails could not have failed and is no evidence. Confirmation rows re-run a candidate and are not
 * counted again; a candidate passes the targets when every target pattern is measured and passed.
 */
export function candidateFailures(rows: readonly Candidate[]): CandidateFailures[] {
  const candidates = rows.filter((r) => r.stage !== 'confirm');
  const targets = patternsOfClass('target');
  const fit = candidates.filter((r) => targets.every((id) => r.verdicts[id] === true));
  const count = (rs: readonly Candidate[], id: number) => {
    const m = rs.filter((r) => r.verdicts[id] !== undefined);
    return [m.length, m.filter((r) => r.verdicts[id] === false).length];
  };
  return patternsOfClass('validation').map((id) => {
    const [measured, failed] = count(candidates, id);
    const [measuredFit, failedFit] = count(fit, id);
    return { id, measured, failed, measuredFit, failedFit };
  });
}

// -----------------------------------------------------------------------------------------------
// The posterior predictive check: calibrations drawn from a posterior by weight, each run like a
// validation batch, every pattern counted. The draws fit the study when at least FIT_SHARE of them
// pass every calibration target (issue 17); the validation-only patterns are counted beside them.

/** Share of posterior draws that must pass every calibration target for the draws to fit the study. */
export const FIT_SHARE = 0.8;

/** One distinct calibration of the check: how many draws picked it, and its patterns. */
export interface CheckMember {
  particle: number;
  draws: number;
  /** Each pattern, with the batch's verdict where it was judged with an interval (else its point verdict). */
  patterns: (PatternResult & { verdict?: Verdict })[];
}

export interface PosteriorCheckSummary {
  draws: number;
  /** Per pattern: its class and the draws that passed it (an invariant: the draws where its rule held). */
  patterns: { id: number; key: string; class: string; passed: number; invariantHeld?: number }[];
  /** Draws passing every calibration target, and every target and validation-only pattern. */
  passedTargets: number;
  passedEvidence: number;
  /** passedTargets / draws, and whether it reaches FIT_SHARE. */
  share: number;
  fits: boolean;
}

export function summariseCheck(members: readonly CheckMember[]): PosteriorCheckSummary {
  const draws = members.reduce((t, m) => t + m.draws, 0);
  const ids = members[0]?.patterns.map((p) => p.id) ?? [];
  const count = (f: (m: CheckMember) => boolean) => members.reduce((t, m) => t + (f(m) ? m.draws : 0), 0);
  const pass = (m: CheckMember, id: number) => {
    const p = m.patterns.find((x) => x.id === id);
    return p ? (p.verdict ? holds({ verdict: p.verdict }) : p.pass) : false;
  };
  const targets = patternsOfClass('target');
  const evidence = [...targets, ...patternsOfClass('validation')];
  const passedTargets = count((m) => targets.every((id) => pass(m, id)));
  const share = draws ? passedTargets / draws : 0;
  return {
    draws,
    patterns: ids.map((id) => {
      const key = members[0].patterns.find((p) => p.id === id)?.key ?? '';
      const withRule = members[0].patterns.find((p) => p.id === id)?.invariant !== undefined;
      return {
        id,
        key,
        class: patternClass(id),
        passed: count((m) => pass(m, id)),
        ...(withRule
          ? { invariantHeld: count((m) => m.patterns.find((p) => p.id === id)?.invariant === true) }
          : {}),
      };
    }),
    passedTargets,
    passedEvidence: count((m) => evidence.every((id) => pass(m, id))),
    share,
    fits: draws > 0 && share >= FIT_SHARE,
  };
}
