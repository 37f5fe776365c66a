// Compare two scenarios with common random numbers: replicate r of A and of B run with the same
// seed, so the paired differences carry little noise. Per outcome: means, the mean paired
// difference with a 95% t interval, and one plain-language sentence.
import { basename } from 'node:path';
import type { RunSummary } from '../sim/index.ts';
import { csvTable } from './columns.ts';
import type { LoadedScenario } from './io.ts';
import { pilotnetVersion } from './io.ts';
import { checkCount, replicateSeeds, runReplicates } from './run.ts';
import { type PairedDifference, pairedDifference } from './stats.ts';
import { human } from './summary.ts';

export interface OutcomeSpec {
  key: string;
  label: string;
  unit: string;
  /** Multiplier for display (shares are shown in percentage points). */
  scale: number;
  up: string;
  down: string;
  value: (s: RunSummary) => number;
  /** Only for the national scenario. */
  national?: boolean;
}

const o = (s: RunSummary) => s.outcomes;
const num = (b: boolean) => (b ? 1 : 0);

/** The outcomes a comparison reports, with the words for "more" and "less" of each. */
export const COMPARE_OUTCOMES: OutcomeSpec[] = [
  {
    key: 'months',
    label: 'duration',
    unit: 'months',
    scale: 1,
    up: 'takes {d} months longer',
    down: 'takes {d} months less',
    value: (s) => o(s).months,
  },
  {
    key: 'submitted',
    label: 'submitted',
    unit: 'percentage points',
    scale: 100,
    up: 'submits in {d} percentage points more runs',
    down: 'submits in {d} percentage points fewer runs',
    value: (s) => num(o(s).submitted),
  },
  {
    key: 'meetingsExtra',
    label: 'extra meetings',
    unit: 'meetings',
    scale: 1,
    up: 'needs {d} more extra meetings',
    down: 'needs {d} fewer extra meetings',
    value: (s) => o(s).meetingsExtra,
  },
  {
    key: 'workingGroups',
    label: 'working groups',
    unit: '',
    scale: 1,
    up: 'convenes {d} more working groups',
    down: 'convenes {d} fewer working groups',
    value: (s) => o(s).workingGroups,
  },
  {
    key: 'legalAsbl',
    label: 'ASBL chosen',
    unit: 'percentage points',
    scale: 100,
    up: 'chooses an ASBL in {d} percentage points more runs',
    down: 'chooses an ASBL in {d} percentage points fewer runs',
    value: (s) => num(o(s).legalOutcome === 'asbl'),
  },
  {
    key: 'eiPillarEnd',
    label: 'final E-I index by pillar',
    unit: '',
    scale: 1,
    up: 'ends with an E-I index by pillar {d} higher (more ties across pillars)',
    down: 'ends with an E-I index by pillar {d} lower (fewer ties across pillars)',
    value: (s) => o(s).eiPillarEnd,
  },
  {
    key: 'eiLineEnd',
    label: 'final E-I index by line',
    unit: '',
    scale: 1,
    up: 'ends with an E-I index by line {d} higher (more ties across care lines)',
    down: 'ends with an E-I index by line {d} lower (fewer ties across care lines)',
    value: (s) => o(s).eiLineEnd,
  },
  {
    key: 'modularityPillarEnd',
    label: 'final pillar modularity',
    unit: '',
    scale: 1,
    up: 'ends {d} higher in pillar modularity (more fragmented)',
    down: 'ends {d} lower in pillar modularity (less fragmented)',
    value: (s) => o(s).modularityPillarEnd,
  },
  {
    key: 'density',
    label: 'final density',
    unit: '',
    scale: 1,
    up: 'ends with a network density {d} higher',
    down: 'ends with a network density {d} lower',
    value: (s) => o(s).density,
  },
  {
    key: 'dropouts',
    label: 'dropouts',
    unit: 'partners',
    scale: 1,
    up: 'loses {d} more partners to dropout',
    down: 'loses {d} fewer partners to dropout',
    value: (s) => o(s).dropouts,
  },
  {
    key: 'volunteerHours',
    label: 'volunteer meeting hours',
    unit: 'hours',
    scale: 1,
    up: 'costs the volunteers {d} more meeting hours',
    down: 'costs the volunteers {d} fewer meeting hours',
    value: (s) => o(s).volunteerHours,
  },
  {
    key: 'coordinatorHours',
    label: 'coordinator hours',
    unit: 'hours',
    scale: 1,
    up: 'costs the coordinator {d} more hours',
    down: 'costs the coordinator {d} fewer hours',
    value: (s) => o(s).coordinatorHours,
  },
  {
    key: 'coordinatorMonthsUnfunded',
    label: 'unfunded coordinator months',
    unit: 'months',
    scale: 1,
    up: 'leaves {d} more coordinator months unfunded',
    down: 'leaves {d} fewer coordinator months unfunded',
    value: (s) => o(s).coordinatorMonthsUnfunded,
  },
  {
    key: 'submittedCount',
    label: 'consortia submitting',
    unit: 'consortia',
    scale: 1,
    up: 'sees {d} more consortia submit',
    down: 'sees {d} fewer consortia submit',
    value: (s) => s.national?.submittedCount ?? Number.NaN,
    national: true,
  },
  {
    key: 'submittedWithin7Months',
    label: 'consortia submitting within 7 months',
    unit: 'consortia',
    scale: 1,
    up: 'sees {d} more consortia submit within 7 months',
    down: 'sees {d} fewer consortia submit within 7 months',
    value: (s) => s.national?.submittedWithin7Months ?? Number.NaN,
    national: true,
  },
  {
    key: 'gaveUpCount',
    label: 'consortia giving up',
    unit: 'consortia',
    scale: 1,
    up: 'sees {d} more consortia give up',
    down: 'sees {d} fewer consortia give up',
    value: (s) => s.national?.gaveUpCount ?? Number.NaN,
    national: true,
  },
];

export interface ComparedOutcome extends PairedDifference {
  key: string;
  label: string;
  unit: string;
  sentence: string;
}

export interface CompareResult {
  pilotnet: string;
  a: { name: string; file: string; id: string; sha256: string };
  b: { name: string; file: string; id: string; sha256: string };
  replicates: number;
  baseSeed: number;
  seeds: number[];
  outcomes: ComparedOutcome[];
}

export interface CompareOptions {
  /** Replicate pairs (default 50). */
  replicates?: number;
  /** Base seed of both sides (default: A's scenario seed). */
  seed?: number;
}

/** Names for the two sides: scenario ids, or file names when the ids are equal. */
function sideNames(a: LoadedScenario, b: LoadedScenario): [string, string] {
  if (a.scenario.id !== b.scenario.id) return [a.scenario.id, b.scenario.id];
  const fa = basename(a.file, '.json');
  const fb = basename(b.file, '.json');
  return fa !== fb ? [fa, fb] : ['A', 'B'];
}

export function sentence(spec: OutcomeSpec, d: PairedDifference, nameA: string, nameB: string): string {
  const f = (x: number) => human(x * spec.scale);
  const unit = spec.unit ? ` ${spec.unit}` : '';
  const ci = d.n > 1 ? `95% CI ${f(d.lo)} to ${f(d.hi)}` : 'one replicate: no confidence interval';
  if (!Number.isFinite(d.diff)) return `${spec.label}: no values to compare`;
  const clear = d.n > 1 && (d.lo > 0 || d.hi < 0);
  if (!clear) {
    if (d.diff === 0 && d.sd === 0)
      return `${nameB} and ${nameA} do not differ in ${spec.label} (identical in every replicate)`;
    return `${nameB} and ${nameA} do not differ clearly in ${spec.label}: ${f(d.diff)}${unit} (${ci})`;
  }
  const phrase = (d.diff > 0 ? spec.up : spec.down).replace('{d}', human(Math.abs(d.diff * spec.scale)));
  return `${nameB} ${phrase} than ${nameA} (${ci})`;
}

/** Run A and B with the same replicate seeds and compare them outcome by outcome. */
export function compare(a: LoadedScenario, b: LoadedScenario, options: CompareOptions = {}): CompareResult {
  const replicates = checkCount('--replicates', options.replicates, 50);
  const baseSeed = checkCount('--seed', options.seed, a.scenario.seed, 0);
  const runsA = runReplicates(a.scenario, { replicates, seed: baseSeed });
  const runsB = runReplicates(b.scenario, { replicates, seed: baseSeed });
  const national = a.scenario.consortia > 1 || b.scenario.consortia > 1;
  const [nameA, nameB] = sideNames(a, b);
  const outcomes = COMPARE_OUTCOMES.filter((s) => !s.national || national).map((spec) => {
    const d = pairedDifference(runsA.map(spec.value), runsB.map(spec.value));
    return {
      key: spec.key,
      label: spec.label,
      unit: spec.unit,
      ...scaled(d, spec.scale),
      sentence: sentence(spec, d, nameA, nameB),
    };
  });
  return {
    pilotnet: pilotnetVersion(),
    a: { name: nameA, file: a.file, id: a.scenario.id, sha256: a.hash },
    b: { name: nameB, file: b.file, id: b.scenario.id, sha256: b.hash },
    replicates,
    baseSeed,
    seeds: replicateSeeds(baseSeed, replicates),
    outcomes,
  };
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
  };
}

export type CompareFormat = 'text' | 'md' | 'json' | 'csv';
export const COMPARE_FORMATS: CompareFormat[] = ['text', 'md', 'json', 'csv'];

const unitLabel = (x: ComparedOutcome) =>
  x.unit && !x.label.includes(x.unit)
    ? `${x.label} (${x.unit === 'percentage points' ? '%' : x.unit})`
    : x.label;

export function formatCompare(r: CompareResult, format: CompareFormat): string {
  const ci = (x: ComparedOutcome) => (x.n > 1 ? `${human(x.lo)} to ${human(x.hi)}` : '–');
  const intro = `${r.b.name} (B) against ${r.a.name} (A): ${r.replicates} paired replicates, base seed ${r.baseSeed}, common random numbers`;
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  if (format === 'csv') {
    const rows = r.outcomes.map((x) =>
      [x.key, x.label, x.unit, x.meanA, x.meanB, x.diff, x.lo, x.hi, x.n, x.sentence].map((v) =>
        typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v,
      ),
    );
    return csvTable([
      ['outcome', 'label', 'unit', 'meanA', 'meanB', 'diff', 'ciLow', 'ciHigh', 'n', 'sentence'],
      ...rows,
    ]);
  }
  if (format === 'md') {
    const head = `| outcome | ${r.a.name} (A) | ${r.b.name} (B) | B − A | 95% CI |\n| --- | ---: | ---: | ---: | --- |\n`;
    const body = r.outcomes
      .map((x) => `| ${unitLabel(x)} | ${human(x.meanA)} | ${human(x.meanB)} | ${human(x.diff)} | ${ci(x)} |`)
      .join('\n');
    return `${intro}.\n\n${head}${body}\n\n${r.outcomes.map((x) => `- ${x.sentence}.`).join('\n')}\n`;
  }
  const rows = [
    ['outcome', `A ${r.a.name}`, `B ${r.b.name}`, 'B - A', '95% CI'],
    ...r.outcomes.map((x) => [unitLabel(x), human(x.meanA), human(x.meanB), human(x.diff), ci(x)]),
  ];
  const w = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const table = rows
    .map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(w[c]) : cell.padStart(w[c]))).join('  '))
    .join('\n');
  return `${intro}\n\n${table}\n\n${r.outcomes.map((x) => `${x.sentence}.`).join('\n')}\n`;
}
