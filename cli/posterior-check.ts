// `pilotnet calibrate --check-posterior FILE`: the posterior predictive check (issue 17). Draws
// calibrations from a posterior by weight, runs each like a validation batch (the default, the
// default with a legal expert, runs with weekly series, the national scenario) and counts, per
// pattern, the draws that pass it. The draws fit the study when at least 80% of them pass every
// calibration target (sim/validation.ts FIT_SHARE); the record, written beside the posterior
// (x.csv -> x.check.json), is what lets the CLI, the brief and the view say so. The method is
// sim/validation.ts (summariseCheck); this file reads the posterior, runs, and writes.
import { existsSync, readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { UsageError } from '../exec/errors.ts';
import { pilotnetVersion, sha256 } from '../exec/io.ts';
import { writeFileAtomic } from '../exec/outdir.ts';
import { drawMembers, posteriorHash } from '../report/ensemble.ts';
import { LEDGER } from '../sim/patterns.ts';
import { hash32 } from '../sim/rng.ts';
import {
  batchRuns,
  type CheckMember,
  FIT_SHARE,
  holds,
  type IntervalResult,
  judgedPatterns,
  type PosteriorCheckSummary,
  summariseCheck,
  type Verdict,
} from '../sim/validation.ts';
import { readPosterior } from './calibrate-abc.ts';
import { checkFile } from './ensemble.ts';
import { scenariosFor } from './validation.ts';

export interface CheckOptions {
  /** Calibrations drawn by weight (repeats run once and count as often as drawn). */
  draws: number;
  /** Replicates of the default, of the legal-expert variant and with weekly series, per draw. */
  replicates: number;
  /** Replicates of the national scenario (20 consortia each) per draw. */
  nationalReplicates: number;
  seed: number;
  /**
   * Bootstrap resamples per draw: each band is judged with the draw's own interval, as a validation
   * batch judges it (sim/validation.ts verdictOf); 0 judges at the draw's figures alone.
   */
  resamples: number;
  log?: (line: string) => void;
}

export interface CheckRecord extends PosteriorCheckSummary {
  pilotnet: string;
  command: string;
  posterior: { file: string; sha256: string; hash: string };
  options: Omit<CheckOptions, 'log'>;
  seeds: string;
  fitShare: number;
  members: {
    particle: number;
    draws: number;
    values: Record<string, number>;
    patterns: {
      id: number;
      pass: boolean;
      verdict: Verdict;
      value: number;
      invariant?: boolean;
      measured: string;
    }[];
  }[];
}

/** Base seed of one drawn calibration's runs: from (check seed, particle), never a validation seed. */
export const checkSeed = (seed: number, particle: number): number =>
  hash32(`pilotnet/posterior-check/${seed}/${particle}`) & 0x7fffffff;

export function checkPosterior(file: string, o: CheckOptions): CheckRecord {
  const log = o.log ?? (() => {});
  const { paths, particles } = readPosterior(file);
  const text = readFileSync(file, 'utf8');
  const members = drawMembers(paths, particles, o.draws, seedrandom(`pilotnet/posterior-check/${o.seed}`));
  const checked: (Omit<CheckMember, 'patterns'> & {
    values: Record<string, number>;
    patterns: IntervalResult[];
  })[] = members.map((m, k) => {
    const sc = scenariosFor(m.values);
    const runs = batchRuns(sc, checkSeed(o.seed, m.particle), {
      replicates: o.replicates,
      nationalReplicates: o.nationalReplicates,
      resamples: 0,
    });
    const patterns = judgedPatterns(
      runs,
      sc.base,
      o.resamples,
      `pilotnet/posterior-check/${o.seed}/${m.particle}/bootstrap`,
    );
    const draws = Math.round(m.weight * o.draws);
    log(
      `calibration ${k + 1} of ${members.length} (particle ${m.particle}, ${draws} draw${draws === 1 ? '' : 's'}): ${patterns.filter(holds).length}/${patterns.length} patterns hold`,
    );
    return { particle: m.particle, draws, values: m.values, patterns };
  });
  const summary = summariseCheck(checked);
  const options = {
    draws: o.draws,
    replicates: o.replicates,
    nationalReplicates: o.nationalReplicates,
    seed: o.seed,
    resamples: o.resamples,
  };
  return {
    pilotnet: pilotnetVersion(),
    command: 'calibrate --check-posterior',
    posterior: { file, sha256: sha256(text), hash: posteriorHash(text) },
    options,
    seeds:
      'draws: systematic resampling by weight seeded by seedrandom("pilotnet/posterior-check/<seed>"); runs of a drawn particle p: replicateSeed(hash32("pilotnet/posterior-check/<seed>/<p>") & 0x7fffffff, r)',
    fitShare: FIT_SHARE,
    ...summary,
    members: checked.map((m) => ({
      particle: m.particle,
      draws: m.draws,
      values: m.values,
      patterns: m.patterns.map((p) => ({
        id: p.id,
        pass: p.pass,
        verdict: p.verdict,
        value: p.value,
        ...(p.invariant === undefined ? {} : { invariant: p.invariant }),
        measured: p.measured,
      })),
    })),
  };
}

const CLASS_WORDS: Record<string, string> = {
  invariant: 'invariant (rule; not counted)',
  target: 'calibration target',
  validation: 'validation-only',
};

/** The check as the section of docs/uncertainty.md (npm run uncertainty reads the shipped record). */
export function checkMarkdown(record: CheckRecord | null, posteriorText: string): string {
  if (!record)
    return [
      'No predictive check is recorded for the shipped posterior, so the CLI, the brief and the view',
      'call its draws "the calibrations drawn from the posterior", not "the calibrations that fit the',
      'study". `npm run posterior:check` runs the check and writes `scenarios/posterior/default.check.json`.',
      '',
    ].join('\n');
  const stale = record.posterior.hash !== posteriorHash(posteriorText);
  const pct = (k: number) => `${Math.round((100 * k) / record.draws)}%`;
  const rows = [
    `${record.draws} draws by weight from the shipped posterior (${record.members.length} distinct calibrations), each run for ${record.options.replicates} replicates of the default, of the default with a legal expert and with weekly series, and ${record.options.nationalReplicates} national runs of 20 consortia (check seed ${record.options.seed}; \`scenarios/posterior/default.check.json\`). ${record.options.resamples ? `Each band is judged with the draw's own 95% interval (${record.options.resamples} bootstrap resamples), as validation judges a batch: a pattern missed at the draw's figures passes when at least 2.5% of the resamples pass it.` : "Each band is judged at the draw's figures alone."}`,
    '',
    '| pattern | class | draws passing |',
    '| --- | --- | ---: |',
  ];
  for (const p of record.patterns) {
    const clause = LEDGER.find((e) => e.id === p.id && e.class === 'invariant' && e.clause);
    rows.push(
      `| ${p.id}. ${p.key} | ${CLASS_WORDS[p.class] ?? p.class} | ${p.passed} of ${record.draws} (${pct(p.passed)}) |`,
    );
    if (clause && p.invariantHeld !== undefined)
      rows.push(
        `| ${p.id}. ${p.key}: ${clause.clause} | invariant (rule; not counted) | held in ${p.invariantHeld} of ${record.draws} |`,
      );
  }
  rows.push(
    '',
    `**${record.passedTargets} of ${record.draws} draws (${pct(record.passedTargets)}) pass every calibration target**; ${record.passedEvidence} (${pct(record.passedEvidence)}) pass every target and validation-only pattern. ` +
      (stale
        ? 'The check was made on another posterior than the shipped one: it does not count, and the draws are called "the calibrations drawn from the posterior".'
        : record.fits
          ? `That is at least ${Math.round(100 * record.fitShare)}%, so the CLI, the brief and the view call these draws "the calibrations that fit the study".`
          : `That is below ${Math.round(100 * record.fitShare)}%, so the CLI, the brief and the view call these draws "the calibrations drawn from the posterior", not "the calibrations that fit the study".`),
    '',
  );
  return rows.join('\n');
}

/** The command body behind `calibrate --check-posterior FILE`. */
export function checkCommand(
  file: string,
  o: CheckOptions & { out?: string; force?: boolean },
): { out: string; record: CheckRecord } {
  const out = o.out ?? checkFile(file);
  if (existsSync(out) && !o.force)
    throw new UsageError(`${out} exists; choose another --out or pass --force to replace it`);
  const { out: _out, force: _force, ...options } = o;
  const record = checkPosterior(file, options);
  writeFileAtomic(out, `${JSON.stringify(record, null, 2)}\n`);
  return { out, record };
}
