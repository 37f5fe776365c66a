// Comparing two scenarios run with common random numbers (pure: no Node, no DOM; the CLI and the
// browser view share it). Per outcome: the mean paired difference B - A with its 95% t interval,
// the minimum detectable difference, and one plain sentence. Honest by construction: durations
// are compared over the pairs where both sides submitted; a national run counts every consortium.
import type { NationalOutcomes, Outcomes, RunSummary } from '../sim/index.ts';
import { amount, human } from './format.ts';
import { MIN_N_CI, type PairedDifference, pairedDifference } from './stats.ts';

export interface OutcomeSpec {
  key: string;
  label: string;
  unit: string;
  /** Multiplier for display (shares are shown in percentage points). */
  scale: number;
  up: string;
  down: string;
  /** The outcome of one consortium; a run's value is the mean over its consortia (see runValue). */
  value?: (o: Outcomes) => number;
  /** A national count of the run (national scenario only), instead of `value`. */
  national?: (n: NationalOutcomes) => number;
  /** Durations are compared over the runs (consortia) that submitted only. */
  among?: 'submitted';
}

const num = (b: boolean) => (b ? 1 : 0);

/** The outcomes a comparison reports, with the words for "more" and "less" of each. */
export const COMPARE_OUTCOMES: OutcomeSpec[] = [
  {
    key: 'months',
    label: 'duration',
    unit: 'months',
    scale: 1,
    up: 'takes {d} longer',
    down: 'takes {d} less',
    value: (o) => o.months,
    among: 'submitted',
  },
  {
    key: 'submitted',
    label: 'submitted',
    unit: 'percentage points',
    scale: 100,
    up: 'submits {d} more often',
    down: 'submits {d} less often',
    value: (o) => num(o.submitted),
  },
  {
    key: 'meetingsExtra',
    label: 'extra meetings',
    unit: 'meetings',
    scale: 1,
    up: 'needs {d} more extra meeting(s)',
    down: 'needs {d} fewer extra meeting(s)',
    value: (o) => o.meetingsExtra,
  },
  {
    key: 'workingGroups',
    label: 'working groups',
    unit: '',
    scale: 1,
    up: 'convenes {d} more working group(s)',
    down: 'convenes {d} fewer working group(s)',
    value: (o) => o.workingGroups,
  },
  {
    key: 'legalAsbl',
    label: 'ASBL chosen',
    unit: 'percentage points',
    scale: 100,
    up: 'chooses an ASBL {d} more often',
    down: 'chooses an ASBL {d} less often',
    value: (o) => num(o.legalOutcome === 'asbl'),
  },
  {
    key: 'eiPillarEnd',
    label: 'final E-I index by pillar',
    unit: '',
    scale: 1,
    up: 'ends with an E-I index by pillar {d} higher (more ties across pillars)',
    down: 'ends with an E-I index by pillar {d} lower (fewer ties across pillars)',
    value: (o) => o.eiPillarEnd,
  },
  {
    key: 'eiLineEnd',
    label: 'final E-I index by line',
    unit: '',
    scale: 1,
    up: 'ends with an E-I index by line {d} higher (more ties across care lines)',
    down: 'ends with an E-I index by line {d} lower (fewer ties across care lines)',
    value: (o) => o.eiLineEnd,
  },
  {
    key: 'modularityPillarEnd',
    label: 'final pillar modularity',
    unit: '',
    scale: 1,
    up: 'ends {d} higher in pillar modularity (more fragmented)',
    down: 'ends {d} lower in pillar modularity (less fragmented)',
    value: (o) => o.modularityPillarEnd,
  },
  {
    key: 'density',
    label: 'final density',
    unit: '',
    scale: 1,
    up: 'ends with a network density {d} higher',
    down: 'ends with a network density {d} lower',
    value: (o) => o.density,
  },
  {
    key: 'dropouts',
    label: 'dropouts',
    unit: 'partners',
    scale: 1,
    up: 'loses {d} more partner(s) to dropout',
    down: 'loses {d} fewer partner(s) to dropout',
    value: (o) => o.dropouts,
  },
  {
    key: 'agreementDepth',
    label: 'agreement depth',
    unit: 'percentage points',
    scale: 100,
    up: 'closes {d} more of its controversies on a full quorum (deeper agreement)',
    down: 'closes {d} fewer of its controversies on a full quorum (thinner agreement)',
    value: (o) => o.agreementDepth,
  },
  {
    key: 'dissent',
    label: 'dissent carried into submission',
    unit: 'percentage points',
    scale: 100,
    up: 'ends with {d} more of the partners far from what was settled',
    down: 'ends with {d} fewer of the partners far from what was settled',
    value: (o) => o.dissent,
  },
  {
    key: 'thinAgreements',
    label: 'thin agreements',
    unit: 'controversies',
    scale: 1,
    up: 'settles {d} more on a quorum relaxed by time pressure',
    down: 'settles {d} fewer on a quorum relaxed by time pressure',
    value: (o) => o.thinAgreements,
  },
  {
    key: 'volunteerHours',
    label: 'volunteer meeting hours',
    unit: 'hours',
    scale: 1,
    up: 'costs the volunteers {d} more meeting hour(s)',
    down: 'costs the volunteers {d} fewer meeting hour(s)',
    value: (o) => o.volunteerHours,
  },
  {
    key: 'coordinatorHours',
    label: 'coordinator hours',
    unit: 'hours',
    scale: 1,
    up: 'costs the coordinator {d} more hour(s)',
    down: 'costs the coordinator {d} fewer hour(s)',
    value: (o) => o.coordinatorHours,
  },
  {
    key: 'coordinatorMonthsUnfunded',
    label: 'unfunded coordinator months',
    unit: 'months',
    scale: 1,
    up: 'leaves {d} more coordinator month(s) unfunded',
    down: 'leaves {d} fewer coordinator month(s) unfunded',
    value: (o) => o.coordinatorMonthsUnfunded,
  },
  {
    key: 'submittedCount',
    label: 'consortia submitting',
    unit: 'consortia',
    scale: 1,
    up: 'sees {d} more consorti(a) submit',
    down: 'sees {d} fewer consorti(a) submit',
    national: (n) => n.submittedCount,
  },
  {
    key: 'submittedWithin7Months',
    label: 'consortia submitting within 7 months',
    unit: 'consortia',
    scale: 1,
    up: 'sees {d} more consorti(a) submit within 7 months',
    down: 'sees {d} fewer consorti(a) submit within 7 months',
    national: (n) => n.submittedWithin7Months,
  },
  {
    key: 'gaveUpCount',
    label: 'consortia giving up',
    unit: 'consortia',
    scale: 1,
    up: 'sees {d} more consorti(a) give up',
    down: 'sees {d} fewer consorti(a) give up',
    national: (n) => n.gaveUpCount,
  },
];

/** A run's value of an outcome: the mean over its consortia (durations: over those that submitted). */
export function runValue(spec: OutcomeSpec, s: RunSummary): number {
  if (spec.national) return s.national ? spec.national(s.national) : Number.NaN;
  const os = spec.among === 'submitted' ? s.consortia.filter((o) => o.submitted) : s.consortia;
  if (!spec.value || os.length === 0) return Number.NaN;
  let sum = 0;
  for (const o of os) sum += spec.value(o);
  return sum / os.length;
}

export interface ComparedOutcome extends PairedDifference {
  key: string;
  label: string;
  unit: string;
  /** 'submitted': over the pairs where both sides submitted (n counts them). */
  among: 'all' | 'submitted';
  sentence: string;
  /** Per replicate, in display units (null: no value, e.g. a duration of a run that gave up). */
  a: (number | null)[];
  b: (number | null)[];
  /**
   * The same question across calibrations drawn from the posterior (compare --ensemble), when asked:
   * the pooled 95% interval, which carries parameter and stochastic uncertainty (lo and hi above
   * stay the interval at the shipped default alone), and the weighted share of calibrations whose
   * mean effect has the pooled effect's sign; `fits`: the posterior's recorded check found at least
   * 80% of its draws passing every calibration target (only then "calibrations that fit the study").
   */
  ensemble?: { diff: number; lo: number; hi: number; sameSign: number; calibrations: number; fits?: boolean };
}

export interface CompareSide {
  /** The name used in sentences: the scenario id, or the file name when the ids are equal. */
  name: string;
  /** The scenario's own name (a title for people). */
  title: string;
  file: string;
  id: string;
  sha256: string;
}

export interface PrecisionReport {
  /** The outcome whose interval was targeted. */
  outcome: string;
  /** Target half-width of its 95% CI, in its display unit. */
  target: number;
  /** Half-width reached. */
  reached: number;
  met: boolean;
  /** The most pairs allowed. */
  cap: number;
}

export interface CompareResult {
  pilotnet: string;
  a: CompareSide;
  b: CompareSide;
  replicates: number;
  baseSeed: number;
  seeds: number[];
  /** Set when the replicate count was chosen by a precision target. */
  precision?: PrecisionReport;
  outcomes: ComparedOutcome[];
}

const plural = (phrase: string, d: string): string =>
  phrase
    .replace(/\(s\)/g, d === '1' ? '' : 's')
    .replace(/consorti\(a\)/g, d === '1' ? 'consortium' : 'consortia');

/** The plain sentence for one outcome (values in display units). */
export function sentence(spec: OutcomeSpec, d: PairedDifference, nameA: string, nameB: string): string {
  if (!Number.isFinite(d.diff)) return `${spec.label}: no values to compare`;
  const f = (x: number) => human(x);
  const unit = (x: number) => amount(x, spec.unit);
  const pairs = spec.among === 'submitted' ? `; over the ${d.n} pairs where both submitted` : '';
  const ci =
    d.n >= MIN_N_CI ? `95% CI ${f(d.lo)} to ${f(d.hi)}${pairs}` : `${d.n} pairs: too few for an interval`;
  const clear = d.n >= MIN_N_CI && (d.lo > 0 || d.hi < 0);
  if (!clear) {
    if (d.diff === 0 && d.sd === 0)
      return `${nameB} and ${nameA} do not differ in ${spec.label} (identical in every replicate)`;
    const seen = Number.isFinite(d.mdd) ? `; a difference of ${unit(d.mdd)} would have been seen` : '';
    return `${nameB} and ${nameA} do not differ clearly in ${spec.label}: ${unit(d.diff)} (${ci})${seen}`;
  }
  const size = Math.abs(d.diff);
  const phrase = d.diff > 0 ? spec.up : spec.down;
  const text = spec.unit && !/\(s\)|consorti\(a\)/.test(phrase) ? unit(size) : human(size);
  return `${nameB} ${plural(phrase, human(size)).replace('{d}', text)} than ${nameA} (${ci})`;
}

const display = (xs: number[], k: number) => xs.map((x) => (Number.isFinite(x) ? x * k : null));

/** Compare end-of-run summaries of A and B replicate by replicate (runs r of A and B share a seed). */
export function compareSummaries(
  runsA: readonly RunSummary[],
  runsB: readonly RunSummary[],
  meta: Omit<CompareResult, 'outcomes' | 'replicates'>,
): CompareResult {
  const national = runsA.some((s) => s.national) || runsB.some((s) => s.national);
  const outcomes = COMPARE_OUTCOMES.filter((s) => !s.national || national).map((spec) => {
    const va = runsA.map((s) => runValue(spec, s));
    const vb = runsB.map((s) => runValue(spec, s));
    const d = scaled(pairedDifference(va, vb), spec.scale);
    return {
      key: spec.key,
      label: spec.label,
      unit: spec.unit,
      among: spec.among ?? 'all',
      ...d,
      sentence: sentence(spec, d, meta.a.name, meta.b.name),
      a: display(va, spec.scale),
      b: display(vb, spec.scale),
    } satisfies ComparedOutcome;
  });
  return { ...meta, replicates: Math.min(runsA.length, runsB.length), outcomes };
}

/** Values in display units (shares as percentages), so every format shows the same numbers. */
function scaled(d: PairedDifference, k: number): PairedDifference {
  return {
    n: d.n,
    meanA: d.meanA * k,
    meanB: d.meanB * k,
    diff: d.diff * k,
    sd: d.sd * k,
    lo: d.lo * k,
    hi: d.hi * k,
    mdd: d.mdd * k,
  };
}
