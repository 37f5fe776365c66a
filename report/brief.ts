// The brief: one self-contained HTML page on a comparison that a policy team can forward (pure:
// no Node, no DOM, so the CLI and the browser view write the same bytes). Inline CSS and SVG, no
// script, no request to any server; prints to A4. Every string that came from a scenario file is
// HTML-escaped. Built from a CompareResult (report/compare.ts) and the two resolved scenarios.
import { type Bin, bin, extent, max } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { COMPARE_OUTCOMES, type ComparedOutcome, type CompareResult, sentence } from './compare.ts';
import { diffScenarios, type ScenarioChange } from './diff.ts';
import { amount, human } from './format.ts';
import { MIN_N_CI } from './stats.ts';

export interface BriefInput {
  result: CompareResult;
  /** The two resolved scenarios (what exactly differs is computed from them). */
  scenarioA: unknown;
  scenarioB: unknown;
}

/** Text for HTML: &, <, >, " and ' escaped (element content and quoted attributes alike). */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const e = escapeHtml;

/** The outcomes a brief shows in its table, in this order. */
const KEY_OUTCOMES = [
  'months',
  'submitted',
  'meetingsExtra',
  'volunteerHours',
  'coordinatorHours',
  'legalAsbl',
  'eiPillarEnd',
  'dropouts',
  'submittedCount',
];

const clear = (o: ComparedOutcome) => Number.isFinite(o.lo) && (o.lo > 0 || o.hi < 0);
const finiteValues = (xs: readonly (number | null)[]) =>
  xs.filter((x): x is number => x !== null && Number.isFinite(x));

/** The answer in words, with the titles of the scenarios rather than their ids. */
function plainSentence(o: ComparedOutcome, r: CompareResult): string {
  const spec = COMPARE_OUTCOMES.find((s) => s.key === o.key);
  if (!spec) return o.sentence;
  return sentence(spec, o, `“${r.a.title}”`, `“${r.b.title}”`);
}

const ensembleLine = (o: ComparedOutcome): string => {
  const x = o.ensemble;
  if (!x || !Number.isFinite(x.lo)) return '';
  const agree =
    Number.isFinite(x.sameSign) && x.diff !== 0
      ? ` In ${Math.round(100 * x.sameSign)}% of them the difference has this sign.`
      : '';
  const which = x.fits
    ? `${x.calibrations} calibrations drawn from the posterior that fit the study`
    : `${x.calibrations} calibrations drawn from the posterior; a check that they fit the study has not passed`;
  return `Allowing also for what the study leaves open about the model's parameters (${which}), the difference is ${e(amount(x.diff, o.unit))}, 95% interval ${e(amount(x.lo, o.unit))} to ${e(amount(x.hi, o.unit))}; the interval above is the one at the shipped calibration alone.${agree}`;
};

// ---- plots (inline SVG, computed here; no DOM) ----------------------------------------------------

const W = 640;
const COL_A = '#4b5563';
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

function histogramPair(
  a: number[],
  b: number[],
  runs: number,
  unit: string,
  nameA: string,
  nameB: string,
): string {
  const [lo, hi] = extent([...a, ...b]) as [number, number];
  if (lo === undefined) return '<p class="note">No run submitted on either side: nothing to plot.</p>';
  const x = scaleLinear()
    .domain([lo, hi === lo ? lo + 1 : hi])
    .nice()
    .range([48, W - 16]);
  const bins = bin()
    .domain(x.domain() as [number, number])
    .thresholds(x.ticks(24));
  const ba = bins(a);
  const bb = bins(b);
  const top =
    Math.max(max(ba, (d) => d.length / a.length) ?? 0, max(bb, (d) => d.length / b.length) ?? 0) || 1;
  const rowH = 80;
  const parts: string[] = [];
  const row = (bs: typeof ba, n: number, y0: number, colour: string, label: string) => {
    const y = scaleLinear()
      .domain([0, top])
      .range([y0 + rowH, y0 + 14]);
    parts.push(`<text x="48" y="${y0 + 10}" class="lbl" fill="${colour}">${e(label)}</text>`);
    parts.push(...bars(bs, x, (c) => y(c / n), y0 + rowH, colour));
  };
  row(ba, a.length, 0, COL_A, `A: ${nameA} (${a.length} of ${runs} runs submitted)`);
  row(bb, b.length, rowH + 12, COL_B, `B: ${nameB} (${b.length} of ${runs} runs submitted)`);
  const axisY = 2 * rowH + 12;
  for (const t of x.ticks(8))
    parts.push(
      `<text x="${x(t).toFixed(1)}" y="${axisY + 14}" text-anchor="middle" class="tick">${e(human(t))}</text>`,
    );
  parts.push(`<text x="${W / 2}" y="${axisY + 30}" text-anchor="middle" class="tick">${e(unit)}</text>`);
  return svg(axisY + 36, parts);
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
  const h = 110;
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
      `<text x="${x(t).toFixed(1)}" y="${h + 30}" text-anchor="middle" class="tick">${e(human(t))}</text>`,
    );
  parts.push(
    `<text x="${W / 2}" y="${h + 46}" text-anchor="middle" class="tick">${e(`B − A per pair (${o.unit || 'units'}); dot: mean, bar: its 95% CI`)}</text>`,
  );
  return svg(h + 52, parts);
}

const svg = (height: number, parts: string[]) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="100%" role="img">${parts.join('')}</svg>`;

// ---- the page -------------------------------------------------------------------------------------

const CSS = `
@page { size: A4; margin: 16mm 16mm 18mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 Georgia, 'Times New Roman', serif; color: #111; max-width: 178mm; margin: 0 auto; padding: 8mm 0; }
h1 { font: bold 17pt/1.2 Helvetica, Arial, sans-serif; margin: 0 0 2mm; }
h2 { font: bold 11.5pt/1.3 Helvetica, Arial, sans-serif; margin: 6mm 0 2mm; border-bottom: 0.4pt solid #999; padding-bottom: 1mm; }
.sub { color: #444; margin: 0 0 4mm; }
.answer { font-size: 12.5pt; background: #fff7ed; border-left: 3pt solid ${COL_B}; padding: 3mm 4mm; margin: 3mm 0; }
table { border-collapse: collapse; width: 100%; font: 9pt/1.35 Helvetica, Arial, sans-serif; }
th, td { text-align: left; padding: 1.2mm 2mm; border-bottom: 0.3pt solid #ccc; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
code, .mono { font: 8.5pt/1.3 'DejaVu Sans Mono', Menlo, monospace; word-break: break-all; }
svg { display: block; margin: 2mm 0; font: 9px Helvetica, Arial, sans-serif; }
svg .lbl { font-weight: bold; font-size: 10px; }
svg .tick { fill: #444; }
.note { color: #555; font-size: 9pt; }
section { break-inside: avoid; page-break-inside: avoid; }
footer { margin-top: 6mm; color: #555; font-size: 8.5pt; }
@media print { body { padding: 0; } a { color: inherit; text-decoration: none; } }
`;

function changesTable(changes: ScenarioChange[], r: CompareResult): string {
  if (!changes.length)
    return '<p>The two scenarios resolve to the same parameters (only their names differ): any difference is chance, and with common random numbers there is none.</p>';
  const shown = changes.slice(0, 60);
  const rows = shown
    .map(
      (c) =>
        `<tr><td class="mono">${e(c.path)}</td><td class="mono">${e(c.a ?? '(absent)')}</td><td class="mono">${e(c.b ?? '(absent)')}</td></tr>`,
    )
    .join('');
  const more =
    changes.length > shown.length ? `<p class="note">… and ${changes.length - shown.length} more.</p>` : '';
  return `<table><thead><tr><th>parameter</th><th>A: ${e(r.a.name)}</th><th>B: ${e(r.b.name)}</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

function outcomesTable(r: CompareResult): string {
  const rows = KEY_OUTCOMES.map((k) => r.outcomes.find((o) => o.key === k))
    .filter((o): o is ComparedOutcome => !!o)
    .map((o) => {
      const ci = Number.isFinite(o.lo) ? `${human(o.lo)} to ${human(o.hi)}` : '–';
      const verdict = clear(o)
        ? 'clear'
        : Number.isFinite(o.mdd)
          ? `not clear (could see ±${human(o.mdd)})`
          : 'not clear';
      const unit = o.unit === 'percentage points' ? '%' : o.unit;
      return `<tr><td>${e(o.label)}${unit ? ` <span class="note">(${e(unit)})</span>` : ''}</td><td class="num">${e(human(o.meanA))}</td><td class="num">${e(human(o.meanB))}</td><td class="num">${e(human(o.diff))}</td><td class="num">${e(ci)}</td><td>${e(verdict)}</td><td class="num">${o.n}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th>outcome</th><th>A</th><th>B</th><th>B − A</th><th>95% CI</th><th>difference</th><th>pairs</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The brief as one HTML document (a string; the caller writes it to a file or a download). */
export function briefHtml({ result: r, scenarioA, scenarioB }: BriefInput): string {
  const months = r.outcomes.find((o) => o.key === 'months');
  const submitted = r.outcomes.find((o) => o.key === 'submitted');
  const changes = diffScenarios(scenarioA, scenarioB);
  const answer = [months, submitted]
    .filter((o): o is ComparedOutcome => !!o)
    .map(
      (o) =>
        `<p>${e(plainSentence(o, r))}.</p>${ensembleLine(o) ? `<p class="note">${ensembleLine(o)}</p>` : ''}`,
    )
    .join('');
  const monthsA = months ? finiteValues(months.a) : [];
  const monthsB = months ? finiteValues(months.b) : [];
  const precision = r.precision
    ? r.precision.met
      ? `The number of pairs was chosen so that the 95% confidence interval of the ${e(r.precision.outcome === 'months' ? 'duration' : r.precision.outcome)} is within ±${e(human(r.precision.target))} (reached ±${e(human(r.precision.reached))}).`
      : `The pairs reached the cap of ${r.precision.cap} before the interval of ${e(r.precision.outcome)} was within ±${e(human(r.precision.target))} (it is ±${e(human(r.precision.reached))}).`
    : `The number of pairs (${r.replicates}) was fixed by the user.`;
  const unclear = r.outcomes.filter(
    (o) => KEY_OUTCOMES.includes(o.key) && !clear(o) && Number.isFinite(o.mdd),
  );
  const shown = (xs: number[]) => (xs.length > 6 ? `${xs.slice(0, 6).join(', ')}, …` : xs.join(', '));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(`What if: ${r.b.title}? A pilotnet brief`)}</title>
<style>${CSS}</style></head><body>
<header>
<h1>${e(`What if: ${r.b.title}?`)}</h1>
<p class="sub">${e(`A comparison of “${r.b.title}” (B) with “${r.a.title}” (A), simulated with pilotnet ${r.pilotnet}, a model of how the partners of a Belgian integrated-care pilot project meet, negotiate and write their application file (De Winter 2019).`)}</p>
</header>
<section><h2>The question</h2>
<p>${e(`If a consortium worked under “${r.b.title}” instead of “${r.a.title}”, would writing the application file take longer or shorter, would the consortium get there (submit) more or less often, and what would it cost the partners in meetings and hours?`)}</p></section>
<section><h2>The answer</h2><div class="answer">${answer}</div>
<p class="note">${e(`Over ${r.replicates} pairs of simulated consortia; A and B in a pair share every random draw (the same partners, the same luck), so the difference comes from the change alone. Durations are of runs that submitted (pairs where both did); the 95% confidence interval (CI) says how well the ${r.replicates} pairs pin the average difference down.`)}</p></section>
<section><h2>Key outcomes</h2>${outcomesTable(r)}
<p class="note">${e(`“Clear”: the 95% CI excludes 0. “Could see ±x”: the smallest true difference these pairs would have found clear 80% of the time. Shares in percentage points.`)}</p></section>
<section><h2>How long it takes: the two distributions</h2>
${histogramPair(monthsA, monthsB, r.replicates, 'months to a submitted file', r.a.name, r.b.name)}
<p class="note">${e(`Share of runs by months to submission. The file was planned for 7 months; in the pilot projects it took about 13.`)}</p></section>
<section><h2>The paired differences</h2>
${months ? differencePlot(months) : ''}
<p class="note">${e(`Each pair is one simulated consortium under A and under B. The spread shows how differently the change plays out from one consortium to the next; the bar shows how well the average difference is known.`)}</p></section>
<section><h2>What exactly differs between A and B</h2>${changesTable(changes, r)}</section>
<section><h2>How sure we are, and why</h2>
<ul>
<li>${e(precision)}</li>
<li>${e(`Chance: the confidence intervals above cover the variation between simulated consortia. No interval is given from fewer than ${MIN_N_CI} pairs.`)}</li>
${unclear.length ? `<li>${e(`Not distinguishable at this precision: ${unclear.map((o) => `${o.label} (a difference of ${amount(o.mdd, o.unit)} would have been seen)`).join('; ')}.`)}</li>` : ''}
<li>${e(
    months?.ensemble !== undefined
      ? `Parameters: the second interval of each answer also varies the model parameters over calibrations drawn from the posterior${months.ensemble.fits ? ' that fit the study' : ' (not shown to fit the study: its predictive check has not passed)'}; the first is at the shipped calibration alone.`
      : 'Parameters: the model runs at its calibrated defaults; the intervals do not include uncertainty about those parameter values (pilotnet compare --ensemble adds it).',
  )}</li>
<li>${e('The model: calibrated to reproduce the patterns reported for the 2016–2017 Belgian pilot projects (duration, network mixing, the legal choice). It is a tool for comparing structures, not a forecast for a particular consortium.')}</li>
</ul></section>
<section><h2>Provenance</h2>
<table><tbody>
<tr><th>software</th><td>pilotnet ${e(r.pilotnet)}</td></tr>
<tr><th>A</th><td>${e(r.a.title)} <span class="mono">(${e(r.a.id)}, ${e(r.a.file)})</span><br><span class="mono">sha256 ${e(r.a.sha256)}</span></td></tr>
<tr><th>B</th><td>${e(r.b.title)} <span class="mono">(${e(r.b.id)}, ${e(r.b.file)})</span><br><span class="mono">sha256 ${e(r.b.sha256)}</span></td></tr>
<tr><th>replicates</th><td>${r.replicates} pairs with common random numbers</td></tr>
<tr><th>seeds</th><td>base seed ${r.baseSeed}; replicate r runs with replicateSeed(${r.baseSeed}, r): <span class="mono">${e(shown(r.seeds))}</span></td></tr>
<tr><th>repeat</th><td class="mono">${e(`pilotnet compare ${r.a.file} ${r.b.file} --seed ${r.baseSeed} --replicates ${r.replicates}`)}</td></tr>
</tbody></table></section>
<footer>${e('Generated by pilotnet. The scenario hashes identify the fully resolved scenarios (defaults and extends applied); the same version, scenarios and seeds give the same numbers.')}</footer>
</body></html>
`;
}
