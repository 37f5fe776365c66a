// Calibration: pattern-oriented filtering (Grimm et al. 2005) of the free parameters of MODEL.md §7
// against the ten stylised facts of MODEL.md §8 (the study's §3.1, §3.3, §3.4, §4.1).
// Calibration runs on its own seed stream (calibrationSeed): the validation's base seeds
// (test/validation, docs/validation.md) are never among them.
// Latin-hypercube screening, full pattern check of the survivors, refinement around the best;
// seeded and reproducible. Also the scenario loader; the patterns themselves live in sim/patterns.ts.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import seedrandom from 'seedrandom';
import { csvTable } from '../exec/columns.ts';
import { UsageError } from '../exec/errors.ts';
import { refuseExisting } from '../exec/outdir.ts';
import { latinHypercube } from '../methods/lhs.ts';
import type { Outcomes, Scenario } from '../sim/index.ts';
import {
  attritionPattern,
  closurePattern,
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
} from '../sim/patterns.ts';
import { hash32 } from '../sim/rng.ts';
// -----------------------------------------------------------------------------------------------
import {
  guarded,
  loadScenario,
  type Overrides,
  positiveInt,
  runStandalone,
  writeNew,
} from './command-kit.ts';
import { applyDraw, drawRange, FREE_PARAMETERS } from './free-parameters.ts';

// -----------------------------------------------------------------------------------------------
// Evaluating a parameter set.

export interface EvaluationOptions {
  replicates: number;
  /** Replicates of the national scenario (20 consortia each). */
  nationalReplicates: number;
  /** Replicates with weekly series (patterns 5 and 8). */
  detailedReplicates: number;
  seed: number;
  /** Only the patterns computed from end-of-run summaries of the default (1, 2, 3, 4a, 7, 9). */
  screenOnly?: boolean;
  /** Evaluate all ten even when a cheap calibration target fails (slower; for exploring). */
  all?: boolean;
}

/**
 * The base seed of the calibration's replicates: a stream of its own, derived from --seed, so that
 * no replicate the calibration selects on is a replicate the validation checks (the validation's
 * base seeds are small documented integers; these are 31-bit hashes).
 */
export const calibrationSeed = (seed: number): number => hash32(`pilotnet/calibration/${seed}`) & 0x7fffffff;

export const PATTERN_COUNT = 10;

export function evaluate(overrides: Overrides, o: EvaluationOptions): PatternResult[] {
  const base = loadScenario('default', overrides);
  const seed = calibrationSeed(o.seed);
  const runs = runSummaries(base, o.replicates, seed);
  const results: PatternResult[] = [
    delayPattern(runs),
    extraMeetingsPattern(runs),
    fragmentationPattern(runs),
    familiarPattern(runs),
    modularityPattern(runs),
    closurePattern(runs, base),
  ];
  // The search looks only at the targets (sim/patterns.ts LEDGER): a set that fails a cheap one is
  // not run further. The validation-only patterns are measured and recorded, never used to choose.
  const cheapTargetsPass = results.filter((r) => patternClass(r.id) === 'target').every((r) => r.pass);
  if (o.screenOnly || (!o.all && !cheapTargetsPass)) return results.sort((a, b) => a.id - b.id);
  const expert = runSummaries(loadScenario('legal-expert', overrides), o.replicates, seed);
  results[3] = familiarPattern(runs, expert);
  const detailed = runDetailedMany(base, o.detailedReplicates, seed);
  results.push(tamingPattern(detailed), hubPattern(detailed), legalAfterFocusPattern(detailed));
  const national = runSummaries(loadScenario('national', overrides), o.nationalReplicates, seed);
  results.push(attritionPattern(national));
  return results.sort((a, b) => a.id - b.id);
}

/** The calibration targets (LEDGER), all measured and all passed: what the search accepts. */
export function passesTargets(results: readonly PatternResult[]): boolean {
  const targets = patternsOfClass('target');
  return targets.every((id) => results.find((r) => r.id === id)?.pass === true);
}

// -----------------------------------------------------------------------------------------------
// The search.

/**
 * The set the search starts from (the "incumbent"): the defaults as they stood when the §3.4
 * negotiation, deadline adaptation and size costs came in (issue 9), with the new legal parameters,
 * legal.expertInfluence, engagement.fatigue and deliberation.quorum set by hand on the calibration's
 * own seeds (docs/calibration.md). Fixed here,
 * not read from the defaults, so the run can be repeated after the defaults take its result.
 */
export const START: Record<string, number> = {
  // The hand-tuned defaults of model v3 (issue 17: homophily, pillar stakes, process losses, thin
  // agreements, exit), the incumbent a new calibration refines.
  'ties.alpha': 0.1391,
  'ties.decay': 0.009709,
  'ties.initial.samePillarLine.probability': 0.3908,
  'ties.initial.other.probability': 0.01876,
  'ties.k': 5,
  'deliberation.mu': 0.13,
  'deliberation.d0': 0.2238,
  'deliberation.dTrust': 0.4185,
  'deliberation.muChair': 0.121,
  'deliberation.gamma': 0.07958,
  'deliberation.eta': 0.3876,
  'deliberation.epsilon': 0.09463,
  'deliberation.quorum': 0.8623,
  'deliberation.agendaSize': 3,
  'legal.familiarityBias': 0.9063,
  'legal.voteNoise': 0.3542,
  'legal.exploreThreshold': 0.7216,
  'legal.expertInfluence': 1,
  'legal.negotiationMajority': 0.5,
  'engagement.fatigue': 0.06029,
  'engagement.dropoutLevel': 0.1097,
  'legal.asblCost': 0.1369,
  'legal.adviceWeight': 0.3128,
  'ties.homophily.familiar': 4,
  'ties.homophily.samePillar': 4,
  'deliberation.processLoss': 0.04,
  'deliberation.reopenSupport': 0.5,
  'engagement.disappointment': 1,
  'calendar.adaptation.weeks': 30,
  'calendar.adaptation.quorumRelief': 0.2,
  'calendar.adaptation.chairBoost': 0.5,
  'calendar.adaptation.overtimeHours': 19,
  'calendar.adaptation.plannedDeadlineWeight': 0,
};

const round = (x: number) => Number(x.toPrecision(4));

/**
 * Distance of a set's outputs from the study's own figures: 13 months (§3.3), two ASBLs in three
 * projects (§3.4) and, where the national runs were made, one consortium in 20 not submitted by
 * month 14 (§3.1).
 */
export function targetDistance(r: PatternResult[]): number {
  const byKey = Object.fromEntries(r.map((x) => [x.key, x.value]));
  const attrition = byKey.attrition === undefined ? 0 : Math.abs(byKey.attrition - 0.05) / 0.05;
  return Math.abs(byKey.delay - 13) / 2 + Math.abs(byKey.familiar - 2 / 3) / 0.15 + attrition;
}

export interface CalibrationOptions extends EvaluationOptions {
  samples: number;
  refine: number;
  /** Half-width of the first refinement box, as a share of each parameter's range (halved each round). */
  refineWidth: number;
  /** Refinement rounds, each re-centred on the best set so far. */
  rounds?: number;
  /** Replicates of every pattern when confirming the sets that passed (0: no confirmation). */
  confirmReplicates?: number;
  /** The starting set, evaluated first (default START). */
  start: Record<string, number>;
  log?: (line: string) => void;
}

const targetsPassed = (results: readonly PatternResult[]) =>
  `${results.filter((x) => patternClass(x.id) === 'target' && x.pass).length}/${patternsOfClass('target').length}`;

export interface CalibrationRow {
  stage: 'incumbent' | 'screen' | 'refine' | 'confirm';
  /** For a confirmation row: the stage of the set it confirms. */
  from?: string;
  set: number;
  values: Record<string, number>;
  results: PatternResult[];
  /** Every calibration target measured and passed (LEDGER); the validation-only patterns play no part. */
  passedAll: boolean;
  distance: number;
}

export function calibrate(o: CalibrationOptions): { rows: CalibrationRow[]; best: CalibrationRow | null } {
  const rng = seedrandom(`calibrate:${o.seed}`);
  const log = o.log ?? (() => {});
  const rows: CalibrationRow[] = [];
  const run = (stage: CalibrationRow['stage'], set: number, unit: number[], box: [number, number][]) => {
    const values: Record<string, number> = {};
    FREE_PARAMETERS.forEach((p, j) => {
      const [lo, hi] = box[j];
      values[p.path] = applyDraw(p, round(lo + unit[j] * (hi - lo)));
    });
    const results = evaluate(values, o);
    const passedAll = passesTargets(results);
    const row = { stage, set, values, results, passedAll, distance: targetDistance(results) };
    rows.push(row);
    log(`${stage} ${set}: ${targetsPassed(results)} calibration targets${passedAll ? ' (all)' : ''}`);
    return row;
  };
  const full = FREE_PARAMETERS.map(drawRange);
  // The incumbent: the hand-refined starting set, so that refinement can start from it when it is best.
  run(
    'incumbent',
    0,
    FREE_PARAMETERS.map((p) => {
      const [lo, hi] = drawRange(p);
      return (o.start[p.path] - lo) / (hi - lo);
    }),
    full,
  );
  latinHypercube(o.samples, FREE_PARAMETERS.length, rng).forEach((u, i) => {
    run('screen', i, u, full);
  });
  // Ranked on the targets alone: the validation-only patterns never steer the search.
  const targetResults = (r: CalibrationRow) => r.results.filter((x) => patternClass(x.id) === 'target');
  const misses = (r: CalibrationRow) => targetResults(r).reduce((t, x) => t + x.miss, 0);
  const rank = (a: CalibrationRow, b: CalibrationRow) =>
    Number(b.passedAll) - Number(a.passedAll) ||
    targetResults(b).length - targetResults(a).length ||
    misses(a) - misses(b) ||
    a.distance - b.distance;
  // Refinement: rounds of Latin-hypercube sets in a box around the best so far, narrowing each round.
  const rounds = Math.max(1, o.rounds ?? 1);
  let set = 0;
  for (let k = 0; k < rounds && o.refine > 0; k++) {
    const centre = [...rows].sort(rank)[0];
    const width = o.refineWidth / 2 ** k;
    const box = FREE_PARAMETERS.map((p): [number, number] => {
      const [lo, hi] = drawRange(p);
      const half = width * (hi - lo);
      const c = centre.values[p.path];
      return [Math.max(lo, c - half), Math.min(hi, c + half)];
    });
    const per = Math.ceil(o.refine / rounds);
    for (const u of latinHypercube(per, FREE_PARAMETERS.length, rng)) run('refine', set++, u, box);
  }
  // Confirmation: the sets that passed are run again with the validation's replicate count; the
  // chosen set passes there too and is the closest to the study's own figures.
  const passedScreen = rows.filter((r) => r.passedAll);
  if (o.confirmReplicates && o.confirmReplicates > 0) {
    const confirm = {
      ...o,
      replicates: o.confirmReplicates,
      nationalReplicates: o.confirmReplicates,
      detailedReplicates: o.confirmReplicates,
    };
    for (const r of passedScreen) {
      const results = evaluate(r.values, confirm);
      const passedAll = passesTargets(results);
      rows.push({
        stage: 'confirm',
        set: r.set,
        values: r.values,
        results,
        passedAll,
        distance: targetDistance(results),
        from: r.stage,
      });
      log(`confirm ${r.stage} ${r.set}: ${targetsPassed(results)} calibration targets`);
    }
  }
  const finalStage = o.confirmReplicates ? rows.filter((r) => r.stage === 'confirm') : rows;
  const passed = finalStage.filter((r) => r.passedAll).sort((a, b) => a.distance - b.distance);
  return { rows, best: passed[0] ?? null };
}

export function calibrationCsv(rows: readonly CalibrationRow[]): string {
  const keys = [
    'delay',
    'extraMeetings',
    'fragmentation',
    'familiar',
    'taming',
    'attrition',
    'modularity',
    'hub',
    'closure',
    'legalAfterFocus',
  ];
  const header = [
    'stage',
    'set',
    'from',
    ...FREE_PARAMETERS.map((p) => p.path),
    ...keys.map((k, i) => `p${i + 1}_${k}`),
    'passed_targets',
    'distance',
    'median_months',
    'asbl_share',
  ];
  const body = rows.map((r) => {
    const by = Object.fromEntries(r.results.map((x) => [x.key, x]));
    return [
      r.stage,
      r.set,
      r.from ?? '',
      ...FREE_PARAMETERS.map((p) => r.values[p.path]),
      ...keys.map((k) => (by[k] ? (by[k].pass ? 'pass' : 'fail') : '')),
      r.passedAll ? 1 : 0,
      r.distance.toFixed(4),
      by.delay?.value.toFixed(2) ?? '',
      by.familiar?.value.toFixed(3) ?? '',
    ];
  });
  return csvTable([header, ...body]);
}

// -----------------------------------------------------------------------------------------------
// Replicates: where the outputs' variance stabilises (Lee et al. 2015, JASSS 18(4)4).

export interface VarianceRow {
  replicates: number;
  output: string;
  mean: number;
  sd: number;
  cv: number;
}

/** Running mean, standard deviation and coefficient of variation of the main outputs. */
export function varianceByReplicates(s: Scenario, counts: readonly number[], seed: number): VarianceRow[] {
  const max = Math.max(...counts);
  const runs = runSummaries(s, max, seed).map((r) => r.outcomes);
  const outputs: Record<string, (x: Outcomes) => number> = {
    months: (x) => x.months,
    meetingsExtra: (x) => x.meetingsExtra,
    eiPillarRise: (x) => x.eiPillarEnd - x.eiPillarStart,
    asbl: (x) => (x.legalOutcome === 'asbl' ? 1 : 0),
    dropouts: (x) => x.dropouts,
  };
  const rows: VarianceRow[] = [];
  for (const n of counts)
    for (const [output, f] of Object.entries(outputs)) {
      const xs = runs.slice(0, n).map(f);
      const mean = xs.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
      rows.push({ replicates: n, output, mean, sd, cv: mean !== 0 ? sd / Math.abs(mean) : 0 });
    }
  return rows;
}

/** The smallest count from which every output's CV stays within `tolerance` of its last value. */
export function stableReplicates(rows: readonly VarianceRow[], tolerance = 0.05): number {
  const counts = [...new Set(rows.map((r) => r.replicates))].sort((a, b) => a - b);
  const outputs = [...new Set(rows.map((r) => r.output))];
  const last = counts[counts.length - 1];
  let pick = last;
  for (let k = counts.length - 1; k >= 0; k--) {
    const ok = outputs.every((o) => {
      const ref = rows.find((r) => r.output === o && r.replicates === last)?.cv ?? 0;
      const cur = rows.find((r) => r.output === o && r.replicates === counts[k])?.cv ?? 0;
      return Math.abs(cur - ref) <= tolerance * Math.max(Math.abs(ref), 1e-9);
    });
    if (!ok) break;
    pick = counts[k];
  }
  return pick;
}

/** SVG line chart of the CV of each output against the number of replicates (log axis). */
export async function varianceSvg(rows: readonly VarianceRow[], chosen: number): Promise<string> {
  const d3 = await import('d3');
  const W = 640;
  const H = 360;
  const m = { top: 20, right: 130, bottom: 45, left: 55 };
  const counts = [...new Set(rows.map((r) => r.replicates))];
  const x = d3
    .scaleLog()
    .domain([Math.min(...counts), Math.max(...counts)])
    .range([m.left, W - m.right]);
  const y = d3
    .scaleLinear()
    .domain([0, (d3.max(rows, (r) => r.cv) ?? 1) * 1.05])
    .nice()
    .range([H - m.bottom, m.top]);
  const colour = d3.scaleOrdinal(d3.schemeTableau10);
  const line = d3
    .line<VarianceRow>()
    .x((r) => x(r.replicates))
    .y((r) => y(r.cv));
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  );
  for (const t of counts)
    parts.push(
      `<line x1="${x(t)}" x2="${x(t)}" y1="${H - m.bottom}" y2="${H - m.bottom + 4}" stroke="black"/>`,
      `<text x="${x(t)}" y="${H - m.bottom + 16}" text-anchor="middle">${t}</text>`,
    );
  for (const t of y.ticks(6))
    parts.push(
      `<line x1="${m.left - 4}" x2="${W - m.right}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>`,
      `<text x="${m.left - 7}" y="${y(t) + 4}" text-anchor="end">${t}</text>`,
    );
  parts.push(
    `<line x1="${x(chosen)}" x2="${x(chosen)}" y1="${m.top}" y2="${H - m.bottom}" stroke="#999" stroke-dasharray="4 3"/>`,
    `<text x="${x(chosen) + 4}" y="${m.top + 10}" fill="#555">chosen: ${chosen}</text>`,
    `<text x="${(m.left + W - m.right) / 2}" y="${H - 8}" text-anchor="middle">replicates (log scale)</text>`,
    `<text transform="translate(14 ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle">coefficient of variation</text>`,
  );
  const outputs = [...new Set(rows.map((r) => r.output))];
  outputs.forEach((o, k) => {
    const rs = rows.filter((r) => r.output === o);
    const last = rs[rs.length - 1];
    parts.push(
      `<path d="${line(rs)}" fill="none" stroke="${colour(o)}" stroke-width="2"/>`,
      `<text x="${W - m.right + 6}" y="${y(last.cv) + 4 + (k % 2 ? 6 : -2)}" fill="${colour(o)}">${o}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

// -----------------------------------------------------------------------------------------------
// The command.

export {
  guarded,
  loadScenario,
  type Overrides,
  positiveInt,
  runStandalone,
  SCENARIOS_DIR,
  scenarioFile,
  writeNew,
} from './command-kit.ts';
/** Where they lived before: the free parameters (free-parameters.ts) and the design (methods/lhs.ts). */
export { FREE_PARAMETERS, latinHypercube, UsageError };

export function register(program: Command): void {
  program
    .command('calibrate')
    .description(
      'pattern-oriented calibration: Latin-hypercube sample of the free parameters, keep the sets reproducing every calibration target (docs/calibration.md; the validation-only patterns are recorded, never used), refine around the best; writes a CSV',
    )
    .addHelpText(
      'after',
      '\nExamples (ABC on a cluster, round by round; a Slurm driver: docs/cluster/slurm-abc.sh):\n' +
        '  $ pilotnet calibrate --method abc --plan --particles 400 --replicates 40 --out post\n' +
        '  $ pilotnet calibrate --method abc --out post --shard 2/8    # each i of 1..8, anywhere\n' +
        '  $ pilotnet calibrate --method abc --out post --advance      # then the next round\n' +
        '\nThe patterns, ranges and chosen values: docs/calibration.md; the options: docs/headless.md.\n',
    )
    .option('--samples <n>', 'Latin-hypercube sets in the screening stage', '200')
    .option('--refine <n>', 'sets in the refinement stage around the best', '60')
    .option('--refine-width <share>', 'half-width of the first refinement box, share of each range', '0.15')
    .option('--rounds <n>', 'refinement rounds, each re-centred on the best so far and half as wide', '3')
    .option(
      '--replicates <n>',
      'replicates of the default (and legal-expert) per set (abc: per particle, default 10; check-posterior: per draw, also with weekly series)',
      '100',
    )
    .option(
      '--national-replicates <n>',
      'replicates of the national scenario per set (abc: per particle, default 4; check-posterior: per draw, default 20)',
      '40',
    )
    .option('--detailed-replicates <n>', 'replicates with weekly series (patterns 5, 8, 10) per set', '30')
    .option(
      '--confirm-replicates <n>',
      'replicates of every pattern when confirming the sets that passed',
      '200',
    )
    .option('--seed <n>', 'seed of the sampling and of the replicates', '1')
    .option(
      '--method <method>',
      'pattern (Latin hypercube, one chosen set) or abc (a posterior: docs/uncertainty.md)',
      'pattern',
    )
    .option(
      '--particles <n>',
      'abc: particles in the population (the posterior sample; its effective size, repeated particles counted once, must reach 150)',
      '400',
    )
    .option(
      '--generations <n>',
      "abc: safety cap on generations (the run stops when fewer than 5% of a generation's moves are accepted or the tolerance improves by less than 5% a generation over the last two (every generation runs its particles again); reaching the cap is reported)",
      '30',
    )
    .option(
      '--rejuvenation <n>',
      'abc: at most this many further steps, at the final tolerance, for repeated particles until the effective size reaches 150',
      '20',
    )
    .option(
      '--judge-share <share>',
      'abc: share of a particle’s bootstrap resamples that must meet a target for it to count as met (default 0.025, the check’s own, as the shipped posterior was fitted; a larger share asks that a particle’s runs meet the targets, not only reach them)',
    )
    .option('--workers <n>', 'abc: worker threads (default: all cores)')
    .option('--resume', 'abc: continue a killed calibration in --out (same options)')
    .option(
      '--plan',
      'abc on a cluster: draw the prior sample into --out/abc-state.json as round 0 (then --shard and --advance, round by round)',
    )
    .option(
      '--shard <i/n>',
      "abc on a cluster: run every n-th run of the current round's particles from the i-th into --out/batch-<round>/shard-<i>of<n>/ (a shard run again continues where it stopped)",
    )
    .option(
      '--advance',
      'abc on a cluster: read every shard of the current round, step the sampler, write the next round (or the posterior, the bytes of a run in one process)',
    )
    .option(
      '--check-posterior <posterior.csv>',
      'instead: the posterior predictive check: --draws calibrations by weight, each run like a validation batch; writes <posterior>.check.json (or --out) with per-pattern pass counts',
    )
    .option('--draws <n>', 'check-posterior: calibrations drawn by weight', '30')
    .option(
      '--resamples <n>',
      'check-posterior: bootstrap resamples per draw; a band is judged with the draw’s interval, as validation judges it (0: at its figures alone)',
      '200',
    )
    .option('--out <file>', 'CSV of every set with each pattern pass/fail (abc: a folder)', 'calibration.csv')
    .option(
      '--variance <file>',
      'instead: CSV (and .svg) of output variance against replicates for the default',
    )
    .option('--force', 'replace existing output files')
    .action((opts, cmd: Command) =>
      guarded(async () => {
        const int = (name: string, v: string) => positiveInt(name)(v);
        const seed = Number(opts.seed);
        if (!Number.isInteger(seed) || seed < 0)
          throw new UsageError(`--seed: expected a whole number, got "${opts.seed}"`);
        if (opts.checkPosterior) {
          const given = (k: string) => cmd.getOptionValueSource(k) !== 'default';
          const { checkCommand } = await import('./posterior-check.ts');
          const { out, record } = checkCommand(opts.checkPosterior, {
            draws: int('--draws', opts.draws),
            replicates: int('--replicates', opts.replicates),
            nationalReplicates: given('nationalReplicates')
              ? int('--national-replicates', opts.nationalReplicates)
              : 20,
            seed,
            resamples: positiveInt('--resamples', 0)(opts.resamples),
            out: given('out') ? opts.out : undefined,
            force: Boolean(opts.force),
            log: (l) => process.stderr.write(`${l}\n`),
          });
          for (const p of record.patterns)
            process.stdout.write(
              `pattern ${p.id} ${p.key} (${p.class}): ${p.passed} of ${record.draws} draws\n`,
            );
          process.stdout.write(
            `${record.passedTargets} of ${record.draws} draws pass every calibration target: ${record.fits ? 'the draws fit the study' : `below ${Math.round(100 * record.fitShare)}%, so they are not called a fit`}\n` +
              `check in ${out}\n`,
          );
          return;
        }
        if (opts.method === 'abc') {
          const { abcCommand } = await import('./calibrate-abc.ts');
          const given = (k: string) => cmd.getOptionValueSource(k) !== 'default';
          return abcCommand({ ...opts, seed, given }, async (o, out, whole) =>
            (await import('./calibrate-abc-rounds.ts')).abcRoundCommand(o, out, whole),
          );
        }
        if (opts.method !== 'pattern')
          throw new UsageError(`--method: expected pattern or abc, got "${opts.method}"`);
        // Before the computing: an existing file or a symbolic link is refused unless --force.
        refuseExisting(String(opts.variance ?? opts.out), Boolean(opts.force));
        if (opts.variance) {
          const counts = [10, 20, 50, 100, 200, 400, 800];
          const rows = varianceByReplicates(loadScenario('default'), counts, seed);
          const chosen = stableReplicates(rows);
          writeNew(opts.variance, csvTable(rows, { header: true }), Boolean(opts.force));
          writeNew(
            opts.variance.replace(/\.csv$/, '') + '.svg',
            await varianceSvg(rows, chosen),
            Boolean(opts.force),
          );
          process.stdout.write(
            `variance stabilises (CV within 5% of its value at 800) from ${chosen} replicates\n`,
          );
          return;
        }
        const refineWidth = Number(opts.refineWidth);
        if (!(refineWidth > 0 && refineWidth <= 0.5))
          throw new UsageError(`--refine-width: expected a share in (0, 0.5], got "${opts.refineWidth}"`);
        if (existsSync(opts.out) && !opts.force)
          throw new UsageError(`${opts.out} exists; choose another --out or pass --force to replace it`);
        const { rows, best } = calibrate({
          samples: int('--samples', opts.samples),
          refine: Number(opts.refine) || 0,
          refineWidth,
          rounds: int('--rounds', opts.rounds),
          confirmReplicates: int('--confirm-replicates', opts.confirmReplicates),
          start: START,
          replicates: int('--replicates', opts.replicates),
          nationalReplicates: int('--national-replicates', opts.nationalReplicates),
          detailedReplicates: int('--detailed-replicates', opts.detailedReplicates),
          seed,
          log: (l) => process.stderr.write(`${l}\n`),
        });
        writeNew(opts.out, calibrationCsv(rows), Boolean(opts.force));
        const tried = rows.filter((r) => r.stage !== 'confirm');
        const passed = tried.filter((r) => r.passedAll).length;
        const confirmed = rows.filter((r) => r.stage === 'confirm' && r.passedAll).length;
        process.stdout.write(
          `${tried.length} sets tried, ${passed} reproduce every calibration target, ${confirmed} of them again at --confirm-replicates; CSV in ${opts.out}\n`,
        );
        if (best) {
          process.stdout.write(
            `chosen (${best.from ?? best.stage} set ${best.set}, confirmed, closest to 13 months and two ASBLs in three):\n`,
          );
          for (const [k, v] of Object.entries(best.values)) process.stdout.write(`  ${k} = ${v}\n`);
          for (const r of best.results) process.stdout.write(`  pattern ${r.id} ${r.key}: ${r.measured}\n`);
        }
      }),
    );
}

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone('calibrate', register);
