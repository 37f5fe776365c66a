// Compare two scenarios with common random numbers: replicate r of A and of B run with the same
// seed, so the paired differences carry little noise. The replicate count is chosen by a precision
// target (the half-width of the duration's 95% CI, by default) unless --replicates fixes it; the
// statistics and sentences are the shared pure module report/compare.ts.
import { basename } from 'node:path';
import { csvTable } from '../exec/columns.ts';
import { UsageError } from '../exec/errors.ts';
import type { LoadedScenario } from '../exec/io.ts';
import { pilotnetVersion } from '../exec/io.ts';
import {
  COMPARE_OUTCOMES,
  type ComparedOutcome,
  type CompareResult,
  compareSummaries,
  runValue,
} from '../report/compare.ts';
import { amount } from '../report/format.ts';
import { halfWidth, MIN_N_CI } from '../report/stats.ts';
import { createRunContext, type RunSummary, replicateSeed, simulate } from '../sim/index.ts';
import { checkCount, replicateSeeds } from './run.ts';
import { human } from './summary.ts';

export type {
  ComparedOutcome,
  CompareResult,
  CompareSide,
  OutcomeSpec,
  PrecisionReport,
} from '../report/compare.ts';

import { LIMITS } from '../sim/scenario/limits.ts';

export { COMPARE_OUTCOMES, sentence } from '../report/compare.ts';

/** Precision defaults (docs/statistics.md): half-widths in each outcome's display unit. */
export const PRECISION_DEFAULTS = {
  outcome: 'months',
  /** Half a month on the duration: the resolution of a planning calendar. */
  target: 0.5,
  /** Pairs run before the first look, and the most pairs run. */
  start: 20,
  cap: 1000,
};

export interface CompareOptions {
  /** Fixed number of replicate pairs; without it the count is chosen by the precision target. */
  replicates?: number;
  /** Base seed of both sides (default: A's scenario seed). */
  seed?: number;
  /** Target half-width of the 95% CI of `precisionOf`, in its display unit (default 0.5 months). */
  precision?: number;
  /** The outcome key the precision is for (default months). */
  precisionOf?: string;
  /** The most pairs the precision target may add (default 1000). */
  maxReplicates?: number;
  /** Called after each batch of pairs with the count so far (progress). */
  onBatch?: (pairs: number, halfWidth: number) => void;
}

/** Names for the two sides: scenario ids, or file names when the ids are equal. */
function sideNames(a: LoadedScenario, b: LoadedScenario): [string, string] {
  if (a.scenario.id !== b.scenario.id) return [a.scenario.id, b.scenario.id];
  const fa = basename(a.file, '.json');
  const fb = basename(b.file, '.json');
  return fa !== fb ? [fa, fb] : ['A', 'B'];
}

/** Run A and B with the same replicate seeds and compare them outcome by outcome. */
export function compare(a: LoadedScenario, b: LoadedScenario, options: CompareOptions = {}): CompareResult {
  const baseSeed = checkCount('--seed', options.seed, a.scenario.seed, 0);
  const [nameA, nameB] = sideNames(a, b);
  const side = (l: LoadedScenario, name: string) => ({
    name,
    title: l.scenario.name,
    file: l.file,
    id: l.scenario.id,
    sha256: l.hash,
  });
  const runsA: RunSummary[] = [];
  const runsB: RunSummary[] = [];
  // A run context per side (sim/engine.ts, RunContext), each refilled by its own scenario's runs.
  const contextA = createRunContext();
  const contextB = createRunContext();
  const grow = (to: number) => {
    for (let r = runsA.length; r < to; r++) {
      const seed = replicateSeed(baseSeed, r);
      runsA.push(simulate.summary(a.scenario, { seed, context: contextA }));
      runsB.push(simulate.summary(b.scenario, { seed, context: contextB }));
    }
  };
  const meta = (n: number) => ({
    pilotnet: pilotnetVersion(),
    a: side(a, nameA),
    b: side(b, nameB),
    baseSeed,
    seeds: replicateSeeds(baseSeed, n),
  });
  if (options.replicates !== undefined) {
    if (options.precision !== undefined)
      throw new UsageError('--precision and --replicates: give one (the precision chooses the count)');
    const n = checkCount('--replicates', options.replicates, 50, 2);
    grow(n);
    return compareSummaries(runsA, runsB, meta(n));
  }
  const key = options.precisionOf ?? PRECISION_DEFAULTS.outcome;
  const spec = COMPARE_OUTCOMES.find((s) => s.key === key);
  if (!spec)
    throw new UsageError(
      `--precision-of ${key}: expected one of ${COMPARE_OUTCOMES.map((s) => s.key).join(', ')}`,
    );
  const target = options.precision ?? PRECISION_DEFAULTS.target;
  if (!(target > 0)) throw new UsageError(`--precision: expected a half-width above 0, got ${target}`);
  const cap = checkCount(
    '--max-replicates',
    options.maxReplicates,
    PRECISION_DEFAULTS.cap,
    MIN_N_CI,
    LIMITS.replicates,
  );
  // Sequential: run a first batch, estimate the pairs the target needs from the sd of the paired
  // differences, run up to that (at least 10 more, never past the cap), look again.
  // A yes/no outcome often has no discordant pair in a first batch (sd 0): its stopping estimate
  // adds one pseudo-pair each way (+1, -1), so "identical so far" is not taken for "known exactly".
  let n = Math.min(PRECISION_DEFAULTS.start, cap);
  let estimate = Number.NaN;
  for (;;) {
    grow(n);
    const d = pairDiffs(spec, runsA, runsB, spec.scale === 100);
    estimate = halfWidth(d.sd, d.n);
    options.onBatch?.(n, estimate);
    if (estimate <= target || n >= cap) break;
    const needed = Math.ceil(n * (estimate / target) ** 2 * 1.05);
    n = Math.min(cap, Math.max(n + 10, needed));
  }
  const result = compareSummaries(runsA, runsB, meta(n));
  const o = result.outcomes.find((x) => x.key === key);
  const reached = o ? (o.hi - o.lo) / 2 : Number.NaN;
  result.precision = { outcome: key, target, reached, met: estimate <= target, cap };
  return result;
}

/** The paired differences of one outcome in display units (for the precision loop). */
function pairDiffs(
  spec: (typeof COMPARE_OUTCOMES)[number],
  a: readonly RunSummary[],
  b: readonly RunSummary[],
  pseudo: boolean,
): { n: number; sd: number } {
  const ds: number[] = pseudo ? [spec.scale, -spec.scale] : [];
  for (let r = 0; r < a.length; r++) {
    const x = runValue(spec, a[r]);
    const y = runValue(spec, b[r]);
    if (Number.isFinite(x) && Number.isFinite(y)) ds.push((y - x) * spec.scale);
  }
  const n = ds.length;
  if (n < 2) return { n, sd: Number.NaN };
  const m = ds.reduce((s, x) => s + x, 0) / n;
  return { n, sd: Math.sqrt(ds.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1)) };
}

/** One line on how the replicate count was chosen. */
export function precisionLine(r: CompareResult): string {
  const p = r.precision;
  if (!p) return `${r.replicates} replicate pairs (fixed by --replicates)`;
  const o = r.outcomes.find((x) => x.key === p.outcome);
  const u = o?.unit ?? '';
  return p.met
    ? `${r.replicates} replicate pairs: enough for a 95% CI of ${o?.label ?? p.outcome} within ±${amount(p.target, u)} (reached ±${amount(p.reached, u)})`
    : `${r.replicates} replicate pairs, the cap: the 95% CI of ${o?.label ?? p.outcome} is ±${amount(p.reached, u)}, wider than the ±${amount(p.target, u)} asked (raise --max-replicates)`;
}

export type CompareFormat = 'text' | 'md' | 'json' | 'csv';
export const COMPARE_FORMATS: CompareFormat[] = ['text', 'md', 'json', 'csv'];

const unitLabel = (x: ComparedOutcome) =>
  x.unit && !x.label.includes(x.unit)
    ? `${x.label} (${x.unit === 'percentage points' ? '%' : x.unit})`
    : x.label;

export function formatCompare(r: CompareResult, format: CompareFormat): string {
  const ci = (x: ComparedOutcome) => (Number.isFinite(x.lo) ? `${human(x.lo)} to ${human(x.hi)}` : '–');
  const pairs = (x: ComparedOutcome) => (x.n === r.replicates ? String(x.n) : `${x.n} of ${r.replicates}`);
  const intro =
    `${r.b.name} (B) against ${r.a.name} (A), common random numbers, base seed ${r.baseSeed}\n` +
    precisionLine(r);
  const notes =
    `Durations are compared over the pairs where both sides submitted ("pairs"); a national run counts every consortium.\n` +
    `No interval from fewer than ${MIN_N_CI} pairs. "Not clear": the 95% CI contains 0; the sentence then gives the difference these pairs would have detected (80% power).`;
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  if (format === 'csv') {
    const rows = r.outcomes.map((x) =>
      [x.key, x.label, x.unit, x.meanA, x.meanB, x.diff, x.lo, x.hi, x.n, x.mdd, x.sentence].map((v) =>
        typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v,
      ),
    );
    return csvTable([
      ['outcome', 'label', 'unit', 'meanA', 'meanB', 'diff', 'ciLow', 'ciHigh', 'n', 'mdd', 'sentence'],
      ...rows,
    ]);
  }
  if (format === 'md') {
    const head = `| outcome | ${r.a.name} (A) | ${r.b.name} (B) | B − A | 95% CI | pairs |\n| --- | ---: | ---: | ---: | --- | ---: |\n`;
    const body = r.outcomes
      .map(
        (x) =>
          `| ${unitLabel(x)} | ${human(x.meanA)} | ${human(x.meanB)} | ${human(x.diff)} | ${ci(x)} | ${pairs(x)} |`,
      )
      .join('\n');
    return `${intro.replace('\n', '; ')}.\n\n${head}${body}\n\n${r.outcomes.map((x) => `- ${x.sentence}.`).join('\n')}\n\n${notes}\n`;
  }
  const rows = [
    ['outcome', `A ${r.a.name}`, `B ${r.b.name}`, 'B - A', '95% CI', 'pairs'],
    ...r.outcomes.map((x) => [unitLabel(x), human(x.meanA), human(x.meanB), human(x.diff), ci(x), pairs(x)]),
  ];
  const w = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const table = rows
    .map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(w[c]) : cell.padStart(w[c]))).join('  '))
    .join('\n');
  return `${intro}\n\n${table}\n\n${r.outcomes.map((x) => `${x.sentence}.`).join('\n')}\n\n${notes}\n`;
}
