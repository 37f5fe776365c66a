// The brief (v2): one A4 page on a comparison that a policy team can forward (pure: no Node, no
// DOM, so the CLI and the browser view write the same figures). Inline CSS and SVG, no script, no
// request to any server. Every string that came from a scenario file is HTML-escaped. Built from a
// CompareResult (report/compare.ts), the two resolved scenarios, and optionally how the comparison
// was made across calibrations (--ensemble) and where its advice fails (pilotnet discover).
//
// Rules of the page: the answer box answers both questions (how much longer; what it saves and
// costs); with --ensemble the headline is the pooled figure; an effect is a finding only when its
// interval excludes 0 and, across calibrations, most of them agree on its direction; one statement
// per outcome; rounded figures in the words a ministry uses, with a glossary for the rest; a repeat
// line that reproduces every number. The view's download (audience 'partners') says the same figures
// with the view's names for A and B, the changes in words and no command.
import { type Bin, bin, extent, max } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import type { ComparedOutcome, CompareResult } from './compare.ts';
import { diffScenarios } from './diff.ts';
import { human } from './format.ts';

export interface BriefInput {
  result: CompareResult;
  /** The two resolved scenarios (what exactly differs is computed from them). */
  scenarioA: unknown;
  scenarioB: unknown;
  /** How the pooled intervals were made (compare --ensemble), for the repeat line. */
  ensemble?: { posterior: string; sha256: string; draws: number; replicatesPerMember: number };
  /**
   * Where the advice holds or fails, in words (pilotnet discover's sentence) and how to repeat it;
   * `lines`: one statement per outcome under it, as the view's "Does the answer hold?" says them.
   */
  /**
   * What the robustness check said; `covers`: the outcome keys it ran again (the view's "Does the
   * answer hold?" checks four), so the page says which rows of its table the check leaves alone.
   */
  robustness?: { sentence: string; command?: string; lines?: string[]; covers?: string[] };
  /**
   * Who reads it: 'analysts' (the CLI's brief: the repeat command, the parameters' paths) or
   * 'partners' (the brief downloaded from the view: no command, no JSON path, all said in words).
   */
  audience?: 'analysts' | 'partners';
  /** The names the view gives A and B (its panes' titles), used instead of the scenarios' own. */
  names?: { a: string; b: string };
  /**
   * The what-if as a question in words ("What if meetings were halved?"), the page's title instead
   * of "What if: <B's name>?" (B of the view's what-if is named "A + meetings halved").
   */
  question?: string;
}

/** Text for HTML: &, <, >, " and ' escaped (element content and quoted attributes alike). */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const e = escapeHtml;
/** Text for people: escaped, its signed figures with the minus sign (not the commands and paths). */
const t = (s: string) => escapeHtml(withMinus(s));

// ---- plots (inline SVG, computed here; no DOM) ----------------------------------------------------

const W = 640;
const COL_B = '#d97706';

/** Histogram bars (one rect per non-empty bin, height from a count) and their base line. */
function bars(
  bins: Bin<number, number>[],
  x: (v: number) => number,
  y: (count: number) => number,
  base: number,
  colour: string,
): string[] {
  const out: string[] = [];
  for (const d of bins) {
    if (!d.length) continue;
    const x0 = x(d.x0 ?? 0);
    const x1 = x(d.x1 ?? 0);
    const top = y(d.length);
    out.push(
      `<rect x="${x0.toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(0.5, x1 - x0 - 1).toFixed(1)}" height="${(base - top).toFixed(1)}" fill="${colour}"/>`,
    );
  }
  out.push(`<line x1="48" x2="${W - 16}" y1="${base}" y2="${base}" stroke="#999"/>`);
  return out;
}

function differencePlot(o: ComparedOutcome): string {
  const ds: number[] = [];
  for (let r = 0; r < Math.min(o.a.length, o.b.length); r++) {
    const va = o.a[r];
    const vb = o.b[r];
    if (va !== null && vb !== null && Number.isFinite(va) && Number.isFinite(vb)) ds.push(vb - va);
  }
  if (!ds.length) return '<p class="note">No pairs where both submitted: nothing to plot.</p>';
  const [lo, hi] = extent([...ds, 0]) as [number, number];
  const x = scaleLinear()
    .domain([lo, hi === lo ? lo + 1 : hi])
    .nice()
    .range([48, W - 16]);
  const bins = bin()
    .domain(x.domain() as [number, number])
    .thresholds(x.ticks(30))(ds);
  const top = max(bins, (d) => d.length) ?? 1;
  const h = 64;
  const y = scaleLinear().domain([0, top]).range([h, 20]);
  const parts: string[] = [];
  parts.push(...bars(bins, x, y, h, '#cbd5e1'));
  parts.push(`<line x1="${x(0)}" x2="${x(0)}" y1="14" y2="${h}" stroke="#111" stroke-dasharray="3 3"/>`);
  parts.push(`<text x="${x(0) + 4}" y="12" class="tick">no difference</text>`);
  if (Number.isFinite(o.lo)) {
    parts.push(
      `<rect x="${x(o.lo).toFixed(1)}" y="${h + 6}" width="${Math.max(1, x(o.hi) - x(o.lo)).toFixed(1)}" height="8" fill="${COL_B}"/>`,
    );
  }
  parts.push(`<circle cx="${x(o.diff).toFixed(1)}" cy="${h + 10}" r="5" fill="#111"/>`);
  for (const t of x.ticks(8))
    parts.push(
      `<text x="${x(t).toFixed(1)}" y="${h + 30}" text-anchor="middle" class="tick">${e(human(t).replace(/^-/, MINUS))}</text>`,
    );
  parts.push(
    `<text x="${W / 2}" y="${h + 44}" text-anchor="middle" class="tick">${e(`months longer (right of the line) or shorter (left) with the change, per simulated consortium; dot: average, bar: its range`)}</text>`,
  );
  return svg(h + 48, parts);
}

const svg = (height: number, parts: string[]) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="100%" role="img">${parts.join('')}</svg>`;

// ---- the page -------------------------------------------------------------------------------------

const CSS = `
@page { size: A4; margin: 10mm 12mm 10mm; }
* { box-sizing: border-box; }
body { font: 9pt/1.3 Georgia, 'Times New Roman', serif; color: #111; max-width: 182mm; margin: 0 auto; padding: 6mm 0; }
h1 { font: bold 14pt/1.2 Helvetica, Arial, sans-serif; margin: 0 0 1mm; }
h2 { font: bold 9.5pt/1.3 Helvetica, Arial, sans-serif; margin: 2mm 0 1mm; border-bottom: 0.4pt solid #999; padding-bottom: 0.5mm; }
p { margin: 0 0 1.5mm; }
ul { margin: 0 0 1.5mm; padding-left: 5mm; }
.sub { color: #444; margin: 0 0 2mm; }
.answer { background: #fff7ed; border-left: 3pt solid ${COL_B}; padding: 2mm 3mm; margin: 2mm 0; }
.answer .headline { font-size: 12pt; font-weight: bold; }
table { border-collapse: collapse; width: 100%; font: 8pt/1.25 Helvetica, Arial, sans-serif; }
th, td { text-align: left; padding: 0.4mm 1.5mm; border-bottom: 0.3pt solid #ccc; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
code, .mono { font: 7.5pt/1.3 'DejaVu Sans Mono', Menlo, monospace; word-break: break-all; }
svg { display: block; margin: 1mm auto; max-height: 24mm; font: 9px Helvetica, Arial, sans-serif; }
svg .tick { fill: #444; }
.note { color: #555; font-size: 7.5pt; }
dl.glossary { columns: 2; column-gap: 6mm; margin: 0; font-size: 7.5pt; line-height: 1.25; }
dl.glossary dt { font-weight: bold; display: inline; } dl.glossary dt::after { content: ': '; } dl.glossary dd { display: inline; margin: 0; } dl.glossary dd::after { content: ''; display: block; margin-bottom: 0.6mm; }
section { break-inside: avoid; page-break-inside: avoid; }
@media print { body { padding: 0; font-size: 8.2pt; } dl.glossary { font-size: 7pt; } a { color: inherit; text-decoration: none; } }
`;

/** The minus sign of a negative figure (U+2212, not a hyphen). */
export const MINUS = '\u2212';

/**
 * Text with the minus sign in every signed figure: a hyphen before a digit that starts a figure
 * ("-10 percentage points", "from 0.2 to -0.1", "(-0.5") becomes U+2212, as the view writes it.
 * A hyphen inside a word or a name ("E-I", "design-3", "2016-2017") is left alone.
 */
export const withMinus = (text: string): string => text.replace(/(^|[\s([:;,=])-(?=\.?\d)/g, `$1${MINUS}`);

/**
 * Figures for reading: months to a tenth, hours whole (to 5 from 100), shares in whole points.
 * `keep`: a figure that is not 0 is never shown as 0 (a range's end just above 0 that rounded to
 * "0 to 0.4" read as no difference beside "a finding? yes"): it gets the one significant digit it needs.
 */
export function rounded(x: number, unit: string, keep = false): string {
  if (!Number.isFinite(x)) return '–';
  const ax = Math.abs(x);
  let v: string;
  if (unit === 'hours') v = String(ax >= 100 ? 5 * Math.round(ax / 5) : Math.round(ax));
  else if (unit === 'percentage points') v = String(Math.round(ax));
  else if (unit === '') v = ax.toFixed(2);
  else v = String(Math.round(ax * 10) / 10);
  if (keep && Number(v) === 0 && ax > 0) v = String(Number(ax.toPrecision(1)));
  const sign = x < 0 && Number(v) !== 0 ? MINUS : '';
  const u =
    unit === 'percentage points'
      ? v === '1'
        ? 'percentage point'
        : 'percentage points'
      : v === '1'
        ? unit.replace(/s$/, '')
        : unit;
  return `${sign}${v}${u ? ` ${u}` : ''}`;
}
const size = (x: number, unit: string) => rounded(Math.abs(x), unit, true);

/** The words for more and for less of each outcome, and its name for people. */
const WORDS: Record<string, { name: string; up: string; down: string }> = {
  months: { name: 'Time to a submitted file', up: 'takes {d} longer', down: 'is {d} shorter' },
  submitted: { name: 'Consortia that submit', up: 'submit {d} more often', down: 'submit {d} less often' },
  meetingsExtra: {
    name: 'Extra meetings',
    up: 'the coordinator adds {d} more beyond the plan',
    down: 'the coordinator adds {d} fewer beyond the plan',
  },
  volunteerHours: {
    name: 'Volunteer meeting hours',
    up: 'partners spend {d} more in meetings',
    down: 'partners save {d} of meetings',
  },
  coordinatorHours: {
    name: 'Coordinator hours',
    up: 'the coordinator works {d} more',
    down: 'the coordinator works {d} less',
  },
  coordinatorMonthsUnfunded: {
    name: 'Unfunded coordinator months',
    up: '{d} more of the coordinator’s time is not paid by the lump sum',
    down: '{d} less of the coordinator’s time is left unpaid by the lump sum',
  },
  legalAsbl: {
    name: 'Non-profit association (ASBL) chosen',
    up: 'an ASBL is chosen {d} more often',
    down: 'an ASBL is chosen {d} less often',
  },
  eiPillarEnd: {
    name: 'Mixing across pillars (E-I index)',
    up: 'partners end with more ties across pillars (index {d} higher)',
    down: 'partners end with fewer ties across pillars (index {d} lower)',
  },
  dropouts: {
    name: 'Partners who drop out',
    up: '{d} more drop out',
    down: '{d} fewer drop out',
  },
  submittedCount: {
    name: 'Consortia that submit (of the nation’s)',
    up: '{d} more submit',
    down: '{d} fewer submit',
  },
};
const TABLE = [
  'months',
  'submitted',
  'meetingsExtra',
  'volunteerHours',
  'coordinatorHours',
  'coordinatorMonthsUnfunded',
  'legalAsbl',
  'eiPillarEnd',
  'dropouts',
  'submittedCount',
];

/** What an outcome's figures say: a finding only when the range excludes 0 and most calibrations agree. */
export interface Verdict {
  kind: 'none' | 'finding' | 'unclear' | 'split' | 'identical';
  diff: number;
  lo: number;
  hi: number;
  /** Share of calibrations whose effect has the pooled effect's direction (with --ensemble). */
  agree?: number;
  calibrations?: number;
}

export function verdict(o: ComparedOutcome): Verdict {
  const x = o.ensemble;
  if (!Number.isFinite(o.diff)) return { kind: 'none', diff: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  if (o.diff === 0 && o.lo === 0 && o.hi === 0 && (!x || (x.diff === 0 && x.lo === 0 && x.hi === 0)))
    return { kind: 'identical', diff: 0, lo: 0, hi: 0 };
  if (x && Number.isFinite(x.lo)) {
    const excludes = x.lo > 0 || x.hi < 0;
    const kind = excludes ? (x.sameSign > 0.5 ? 'finding' : 'split') : 'unclear';
    return { kind, diff: x.diff, lo: x.lo, hi: x.hi, agree: x.sameSign, calibrations: x.calibrations };
  }
  const excludes = Number.isFinite(o.lo) && (o.lo > 0 || o.hi < 0);
  return { kind: excludes ? 'finding' : 'unclear', diff: o.diff, lo: o.lo, hi: o.hi };
}

const tenths = (share: number) => Math.round(10 * share);

/** One statement per outcome, the same wherever the outcome appears on the page. */
export function statement(o: ComparedOutcome): string {
  const w = WORDS[o.key] ?? {
    name: o.label,
    up: `${o.label} is {d} higher`,
    down: `${o.label} is {d} lower`,
  };
  const v = verdict(o);
  const unit = o.unit;
  // Where the range does not exclude 0 (unclear) its ends are signed, and an end that rounds to 0
  // says no more than the range does; a finding's phrase says the direction
  // in words ("save", "fewer"), so its range is given in the same sense, as sizes (a saving of 81
  // hours is "between 62 and 100 hours", not "between −100 and −62").
  const range = `between ${rounded(v.lo, unit)} and ${rounded(v.hi, unit)}`;
  const sized =
    v.diff < 0
      ? `between ${size(v.hi, unit)} and ${size(v.lo, unit)}`
      : `between ${size(v.lo, unit)} and ${size(v.hi, unit)}`;
  switch (v.kind) {
    case 'none':
      return 'no figures to compare (no simulated consortium has a value on both sides)';
    case 'identical':
      return o.key === 'submitted' && o.meanA === 100
        ? 'every simulated consortium submits, with or without the change'
        : 'the same in every simulated consortium, with or without the change';
    case 'finding': {
      const phrase = (v.diff > 0 ? w.up : w.down).replace('{d}', `about ${size(v.diff, unit)}`);
      const agree =
        v.agree !== undefined ? `; the same direction in ${tenths(v.agree)} out of 10 calibrations` : '';
      return `${phrase} (likely ${sized}${agree})`;
    }
    case 'split':
      return `no firm answer: the direction changes with the calibration (the same in only ${tenths(v.agree ?? 0)} out of 10), though the average is ${rounded(v.diff, unit, true)}`;
    default:
      return `unclear: no clear difference (the change could mean anything ${range})`;
  }
}

/** The groups' names in a resolved scenario, by id ("steering" → "steering committee"). */
function groupLabels(...scenarios: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of scenarios) {
    const groups = (s as { governance?: { groups?: { id?: unknown; label?: unknown }[] } })?.governance
      ?.groups;
    if (!Array.isArray(groups)) continue;
    for (const g of groups)
      if (typeof g?.id === 'string' && typeof g.label === 'string' && !Object.hasOwn(out, g.id))
        out[g.id] = g.label;
  }
  return out;
}

/** Total planned meetings of a resolved scenario (all groups). */
function plannedMeetings(s: unknown): number | null {
  const groups = (s as { governance?: { groups?: { plannedMeetings?: unknown }[] } })?.governance?.groups;
  if (!Array.isArray(groups)) return null;
  let n = 0;
  for (const g of groups) if (typeof g?.plannedMeetings === 'number') n += g.plannedMeetings;
  return n;
}

/** Parameters' names that camel case does not say well. */
const PARAM_WORDS: Record<string, string> = {
  interval: 'weeks between meetings',
  plannedMeetings: 'planned meetings',
  hoursPerWeek: 'hours a week',
};
const wordsOf = (key: string) => PARAM_WORDS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
/** A value as JSON text in words: a string without its quotes, an object or list as "set". */
const valueWords = (v: string | undefined) =>
  v === undefined ? 'absent' : /^[[{]/.test(v) ? 'set' : /^".*"$/.test(v) ? v.slice(1, -1) : v;

/**
 * One change of parameter in words, for partners: "the project group’s planned meetings from 8 to
 * 4" (not "governance.groups[project].plannedMeetings: 8 → 4"); a group added or removed is said so.
 * `groups`: the groups' own names by id (the scenario's labels, as the view shows them: "the
 * steering committee", never "the steering group").
 */
export function changeInWords(
  c: { path: string; a?: string; b?: string },
  groups: Record<string, string> = {},
): string {
  const parts = c.path.split('.');
  const named = (m: RegExpExecArray) =>
    m[1] === 'groups' && Object.hasOwn(groups, m[2]!)
      ? `the ${groups[m[2]!]}`
      : `the ${wordsOf(m[2]!)} ${m[1] === 'groups' ? 'group' : wordsOf(m[1]!).replace(/s$/, '')}`;
  const owner = parts
    .slice(0, -1)
    .map((p) => {
      const m = /^(\w+)\[([^\]]+)\]$/.exec(p);
      return m ? named(m) : null;
    })
    .filter((p): p is string => p !== null)
    .pop();
  const last = parts[parts.length - 1]!;
  const item = /^(\w+)\[([^\]]+)\]$/.exec(last);
  if (item) {
    const what = named(item);
    return c.a === undefined ? `${what} added` : c.b === undefined ? `${what} removed` : `${what} changed`;
  }
  const of = (w: string) => (w.endsWith('s') ? `${w}’` : `${w}’s`);
  const parent = parts.length > 1 ? wordsOf(parts[parts.length - 2]!.replace(/\[.*$/, '')) : '';
  const name = owner
    ? `${of(owner)} ${wordsOf(last)}`
    : parent
      ? `the ${of(parent)} ${wordsOf(last)}`
      : wordsOf(last);
  return `${name} from ${valueWords(c.a)} to ${valueWords(c.b)}`;
}

/** The repeat line: the command that reproduces every number on the page. */
export function repeatCommand(r: CompareResult, ens?: BriefInput['ensemble']): string {
  // A preset is named by its id, so the line runs from any folder.
  const arg = (x: CompareResult['a']) =>
    x.file === `scenarios/${x.id}.json` || x.file.endsWith(`/scenarios/${x.id}.json`) ? x.id : x.file;
  const base = `pilotnet compare ${arg(r.a)} ${arg(r.b)} --seed ${r.baseSeed} --replicates ${r.replicates}`;
  return ens
    ? `${base} --ensemble ${ens.posterior} --draws ${ens.draws} --ensemble-replicates ${ens.replicatesPerMember}`
    : base;
}

/** The brief as one HTML document (a string; the caller writes it to a file or a download). */
export function briefHtml({
  result: r,
  scenarioA,
  scenarioB,
  ensemble,
  robustness,
  audience = 'analysts',
  names,
  question,
}: BriefInput): string {
  const partners = audience === 'partners';
  // The view's what-if asks its own question; a scenario named by itself is asked about by name.
  const title = question ?? `What if: ${names?.b ?? r.b.title}?`;
  const titleA = names?.a ?? r.a.title;
  const find = (k: string) => r.outcomes.find((o) => o.key === k);
  const months = find('months');
  const pooled = months?.ensemble !== undefined;
  const changes = diffScenarios(scenarioA, scenarioB);
  const labels = groupLabels(scenarioB, scenarioA);
  const plannedA = plannedMeetings(scenarioA);
  const plannedB = plannedMeetings(scenarioB);
  const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
  const mv = months ? verdict(months) : null;
  const headline = !months
    ? 'No duration to compare.'
    : mv?.kind === 'finding'
      ? `${cap(statement(months))}.`
      : mv?.kind === 'identical'
        ? 'It takes exactly as long.'
        : `Unclear. ${cap(statement(months).replace(/^unclear: /, ''))}.`;
  const costs = ['volunteerHours', 'coordinatorHours', 'coordinatorMonthsUnfunded', 'meetingsExtra']
    .map(find)
    .filter((o): o is ComparedOutcome => !!o)
    .map((o) => {
      const extra =
        o.key === 'meetingsExtra' && plannedA !== null && plannedB !== null && plannedA !== plannedB
          ? ` (the plan itself has ${plannedB} meetings instead of ${plannedA})`
          : '';
      return `<li><b>${t(WORDS[o.key]?.name ?? o.label)}:</b> ${t(statement(o))}${t(extra)}.</li>`;
    })
    .join('');
  const rows = TABLE.map(find)
    .filter((o): o is ComparedOutcome => !!o)
    .map((o) => {
      const v = verdict(o);
      const word = {
        finding: 'yes',
        unclear: 'unclear',
        split: 'no: calibrations disagree',
        identical: 'no difference',
        none: '–',
      }[v.kind];
      // In the table hours are whole hours, not fives: "1150, 1250, 96 hours" read as a sum gone
      // wrong (the prose keeps its rounder figures).
      const r = (x: number, keep = false) =>
        o.unit === 'hours' && Number.isFinite(x)
          ? `${x < 0 && Math.round(Math.abs(x)) !== 0 ? MINUS : ''}${Math.round(Math.abs(x))} hours`
          : rounded(x, o.unit, keep);
      const shown = (x: number) =>
        o.unit === 'percentage points' ? `${Math.round(x)}%` : r(x).replace(/ [a-z ]+$/, '');
      return `<tr><td>${t(WORDS[o.key]?.name ?? o.label)}</td><td class="num">${t(shown(o.meanA))}</td><td class="num">${t(shown(o.meanB))}</td><td class="num">${t(v.kind === 'none' ? '–' : r(v.diff, v.kind !== 'identical'))}</td><td class="num">${t(v.kind === 'none' || v.kind === 'identical' ? '–' : `${r(v.lo, v.kind !== 'unclear').replace(/ [a-z ]+$/, '')} to ${r(v.hi, v.kind !== 'unclear').replace(/ [a-z ]+$/, '')}`)}</td><td>${t(word)}</td></tr>`;
    })
    .join('');
  const differs = changes.length
    ? changes
        .slice(0, 6)
        .map((c) =>
          partners ? changeInWords(c, labels) : `${c.path}: ${c.a ?? '(absent)'} → ${c.b ?? '(absent)'}`,
        )
        .join('; ') + (changes.length > 6 ? `; and ${changes.length - 6} more` : '')
    : 'nothing but the name: both resolve to the same parameters';
  const how = pooled
    ? `Each figure pools ${months?.ensemble?.calibrations} calibrations of the model ${months?.ensemble?.fits ? 'that fit the 2016–2017 pilot projects (checked)' : 'drawn from the posterior (not yet shown to fit the 2016–2017 pilot projects)'}, with ${r.replicates} pairs of simulated consortia at the shipped calibration; the ranges carry both the chance between consortia and what the study leaves open about the model.`
    : `Each figure is the average over ${r.replicates} pairs of simulated consortia at the model’s shipped calibration; the ranges carry the chance between consortia, not what the study leaves open about the model${partners ? (robustness ? ' (“How robust” below says what that changes)' : ' (the view’s “Does the answer hold?” shows that)') : ' (add --ensemble for that)'}.`;
  const robust = robustness
    ? robustness.sentence
    : partners
      ? 'Not examined for this brief. In the view’s “100 runs”, once A and B have run, “Does the answer hold?” runs them again under other settings of the model and says whether the answer stays the same; “Download brief” after it puts its answer here.'
      : `Not examined for this brief. pilotnet discover ${r.a.file} ${r.b.file} --outcome months --at-most 0.5 --find fails finds where in the model’s uncertain parameters the answer would change.`;
  // The rows of the table the robustness check did not run again, by the names the table gives them.
  const uncovered = robustness?.covers
    ? TABLE.map(find)
        .filter((o): o is ComparedOutcome => !!o && !robustness.covers?.includes(o.key))
        .map((o) => (WORDS[o.key]?.name ?? o.label).replace(/^./, (c) => c.toLowerCase()))
    : [];
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${t(`${title} A pilotnet brief`)}</title>
<style>${CSS}</style></head><body>
<header>
<h1>${t(title)}</h1>
<p class="sub">${t(`Compared with “${titleA}”, the reference. Simulated with pilotnet ${r.pilotnet}, a model of how the partners of a Belgian integrated-care pilot project meet, negotiate and write their application file (De Winter 2019).`)}</p>
</header>
<section><h2>The answer</h2><div class="answer">
<p><b>Does it take longer?</b> <span class="headline">${t(headline)}</span></p>
<p><b>What does it save and cost?</b></p><ul>${costs}</ul>
</div>
<p class="note">${t(how)}</p></section>
<section><h2>All outcomes, side by side (averages over the simulated consortia)</h2>
<table><thead><tr><th>outcome</th><th>reference</th><th>with the change</th><th>difference</th><th>likely range</th><th>a finding?</th></tr></thead><tbody>${rows}</tbody></table>
<p class="note">${t('The difference is the average of the pairs’ differences, rounded on its own: it can differ in its last digit from the two columns beside it.')}</p>
${months ? differencePlot(months) : ''}</section>
<section><h2>How robust</h2><p>${t(robust)}</p>${robustness?.lines?.length ? `<ul>${robustness.lines.map((l) => `<li>${t(l)}</li>`).join('')}</ul>` : ''}${uncovered.length ? `<p class="note">${t(`Not run again: ${uncovered.join(', ')}; for these the table’s “a finding?” speaks of the shipped calibration only.`)}</p>` : ''}</section>
<section><h2>What exactly changes</h2><p${partners ? '' : ' class="mono"'}>${partners ? t(cap(differs)) : e(differs)}</p></section>
<section><h2>Words used here</h2><dl class="glossary">
<dt>simulated consortium</dt><dd>${t('one run of the model: 40 partners, a coordinator and their meetings; a pair runs the same consortium with and without the change, so the difference comes from the change alone')}</dd>
<dt>likely range</dt><dd>${t('the 95% interval (95% CI): where the true average difference lies, given the chance between consortia' + (pooled ? ' and between calibrations' : ''))}</dd>
<dt>calibration</dt><dd>${t('a setting of the model’s uncertain parameters; a posterior’s calibrations are said to fit the study only when a check found most of them reproducing what it observed')}</dd>
<dt>a finding</dt><dd>${t(pooled ? 'the likely range excludes no difference and, across calibrations, most agree on the direction; anything else is reported as unclear' : 'the likely range excludes no difference, at the model’s shipped calibration; anything else is reported as unclear (whether it holds when the model is set differently is “How robust”)')}</dd>
<dt>E-I index</dt><dd>${t('ties across pillars minus ties within, over all ties (−1 to 1); higher means the partners mix across pillars')}</dd>
<dt>unfunded months</dt><dd>${t('months of the coordinator’s work beyond what the lump sum pays')}</dd>
</dl></section>
<section><h2>${partners ? 'Where the figures come from' : 'Repeat'}</h2>
${partners ? '' : `<p class="mono">${e(repeatCommand(r, ensemble))}</p>\n`}<p class="note">${t(`pilotnet ${r.pilotnet}; ${r.replicates} pairs with common random numbers, base seed ${r.baseSeed}; reference ${r.a.id}${names && names.a !== r.a.title ? ` (“${r.a.title}”)` : ''} sha256 ${r.a.sha256}; change ${r.b.id}${names && names.b !== r.b.title ? ` (“${r.b.title}”)` : ''} sha256 ${r.b.sha256}${ensemble ? `; posterior ${ensemble.posterior} sha256 ${ensemble.sha256}` : ''}${robustness?.command ? `; robustness: ${robustness.command}` : ''}.`)}</p></section>
</body></html>
`;
}
