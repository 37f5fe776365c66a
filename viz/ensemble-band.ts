// The band across calibrations in the 100-runs mode: once A and B have run, the same comparison
// across calibrations drawn from the shipped posterior (scenarios/posterior/default.csv), as
// `pilotnet compare A B --ensemble default` does it, with fewer draws so that it fits a browser:
// particles drawn by weight from the seed, replicate r of A and of B sharing a seed within each,
// each outcome pooled by report/ensemble.ts. It speaks to partners first, in plain words and one
// chart ("the model set a little differently"); the analyst's table, intervals and command are
// behind a disclosure, closed until opened.
import seedrandom from 'seedrandom';
import { COMPARE_OUTCOMES, compareSummaries } from '../report/compare.ts';
import {
  calibrationsPhrase,
  drawMembers,
  type EnsembleOutcome,
  parsePosterior,
  poolOutcome,
  posteriorFits,
} from '../report/ensemble.ts';
import posteriorText from '../scenarios/posterior/default.csv?raw';

// The posterior's predictive check, when one was recorded (`pilotnet calibrate --check-posterior`):
// the band calls its calibrations "the calibrations that fit the study" only when the check, made on
// this very posterior, passed (report/ensemble.ts posteriorFits). A glob: no file, no check.
const checks = import.meta.glob('../scenarios/posterior/default.check.json', {
  eager: true,
  import: 'default',
}) as Record<string, unknown>;
export const POSTERIOR_FITS = posteriorFits(Object.values(checks)[0], posteriorText);

import * as d3 from 'd3';
import { replicateSeed } from '../sim/index.ts';
import { $, blankSpec, client, reps, sourceOf, state, whatIfSpec } from './app.ts';
import { el } from './dom.ts';
import {
  analystSentence,
  plainAcross,
  plainRange,
  said,
  saidZero,
  settingsWords,
  shownAmount,
} from './range-words.ts';
import type { RepResult } from './replicates.ts';
import { subscribe } from './store.ts';

// The button's tooltip says what the band's words say of the settings (range-words.ts settingsWords).
document.getElementById('rep-ensemble-btn')?.setAttribute('title', settingsWords(POSTERIOR_FITS, 0).tooltip);

/** Calibrations drawn and paired replicates per calibration (the CLI's defaults are 50 and 10). */
export const BAND_DRAWS = 20;
export const BAND_REPLICATES = 5;
const SHOWN = ['months', 'submitted', 'meetingsExtra', 'legalAsbl'];

/** The band's answer as the page says it, for the brief (brief-download.ts): of these very runs only. */
let answered: { a: RepResult; b: RepResult; sentence: string; lines: string[] } | null = null;

/**
 * What "Does the answer hold?" said for the replicates `a` and `b`, in its own words (its question,
 * what was run, one line per outcome), or null when it has not run on them: the brief downloaded
 * after it carries it instead of "not examined".
 */
export function bandAnswer(
  a: RepResult | undefined,
  b: RepResult | undefined,
): { sentence: string; lines: string[]; covers: string[] } | null {
  return answered && a === answered.a && b === answered.b
    ? { sentence: answered.sentence, lines: answered.lines, covers: SHOWN }
    : null;
}

export function runEnsembleBand(): void {
  answered = null;
  const a = reps.A;
  const b = reps.B;
  const out = $('#rep-ensemble');
  out.replaceChildren();
  if (!a || !b) return;
  const posterior = parsePosterior(posteriorText);
  if (!posterior.ok) {
    out.append(el('p', { class: 'note' }, `The shipped posterior cannot be read: ${posterior.message}`));
    return;
  }
  const seed = a.seed;
  const members = drawMembers(
    posterior.paths,
    posterior.particles,
    BAND_DRAWS,
    seedrandom(`ensemble:${seed}`),
  );
  const status = el('p', { class: 'note' }, 'Running A and B again with the model set differently…');
  out.append(status);
  const specB = whatIfSpec() ?? state.b;
  if (!specB) return;
  client.ensemble(
    sourceOf(state.a),
    sourceOf(specB),
    sourceOf(blankSpec('default')),
    seed,
    members.map((m) => m.values),
    BAND_REPLICATES,
    {
      onProgress(done, total) {
        status.textContent = `Running A and B under ${members.length} other settings of the model: ${done} of ${total} runs…`;
      },
      onDone(runsA, runsB) {
        const n = a.summaries.length;
        const base = compareSummaries(a.summaries, b.summaries, {
          pilotnet: '',
          a: { name: 'A', title: a.name, file: '', id: a.scenario.id, sha256: '' },
          b: { name: 'B', title: b.name, file: '', id: b.scenario.id, sha256: '' },
          baseSeed: seed,
          seeds: Array.from({ length: n }, (_, r) => replicateSeed(seed, r)),
        });
        const w = members.map((m) => m.weight);
        const pooled = base.outcomes
          .filter((o) => SHOWN.includes(o.key))
          .map((o) =>
            poolOutcome(o, runsA, runsB, w, BAND_REPLICATES, 'A', 'B', calibrationsPhrase(POSTERIOR_FITS)),
          );
        const view = bandView(pooled, members.length, posterior.particles.length, n);
        out.replaceChildren(view);
        answered = {
          a,
          b,
          sentence: `${view.querySelector('h3')?.textContent ?? ''} A and B ran again under ${members.length} other settings of the model, picked at random, ${BAND_REPLICATES} times each (the view’s “Does the answer hold?”):`,
          lines: [...view.querySelectorAll('ul.plain > li')].map((li) => li.textContent ?? ''),
        };
        drawn = { out, x: pooled.find((r) => r.key === 'months'), calibrations: members.length };
        drawRangeChart(drawn.out, drawn.x, drawn.calibrations);
      },
      onProblems(problems) {
        status.textContent = `The runs under other settings stopped: ${problems.map((p) => p.message).join('; ')}`;
      },
    },
  );
}

/** An interval in the analyst's table; one that is a single value says so ("no difference" at 0). */
const iv = (lo: number, hi: number, unit: string) => {
  if (!Number.isFinite(lo)) return '–';
  // Rounded by the same rule per quantity as the plain lines above (range-words.ts).
  if (said(lo, unit) === said(hi, unit))
    return saidZero(lo, unit) ? 'no difference' : `exactly ${shownAmount(lo, unit)}`;
  return `${shownAmount(lo, unit)} to ${shownAmount(hi, unit)}`;
};

/** Each outcome in a partner's words: its name, which way B differs from A, and what that says. */
const PLAIN: Record<
  string,
  { name: string; more: string; less: string; up: string; down: string; same: string }
> = {
  months: {
    name: 'Time to write the file',
    more: 'longer',
    less: 'shorter',
    up: 'B takes longer',
    down: 'B is quicker',
    same: 'about as long either way',
  },
  submitted: {
    name: 'Consortia that submit their file',
    more: 'more',
    less: 'fewer',
    up: 'more of B’s consortia submit',
    down: 'fewer of B’s consortia submit',
    same: 'about as many submit either way',
  },
  meetingsExtra: {
    name: 'Extra meetings called',
    more: 'more',
    less: 'fewer',
    up: 'B calls more',
    down: 'B calls fewer',
    same: 'about as many either way',
  },
  legalAsbl: {
    name: 'Choosing a new non-profit association (ASBL)',
    more: 'more often',
    less: 'less often',
    up: 'B chooses it more often',
    down: 'B chooses it less often',
    same: 'about as often either way',
  },
};

function bandTable(rows: EnsembleOutcome[]): HTMLElement {
  const table = el('table', { class: 'ensemble-band' });
  const head = el('tr');
  for (const h of [
    'B − A',
    'at the shipped calibration (95% CI)',
    'across calibrations (pooled 95%)',
    'calibrations agreeing',
  ])
    head.append(el('th', {}, h));
  table.append(el('thead', {}, head));
  const body = el('tbody');
  for (const x of rows) {
    const spec = COMPARE_OUTCOMES.find((s) => s.key === x.key);
    const tr = el('tr', { 'data-outcome': x.key });
    tr.append(
      el('th', {}, spec?.label ?? x.key),
      el('td', { class: 'stochastic' }, iv(x.stochasticLo, x.stochasticHi, x.unit)),
      el('td', { class: 'pooled' }, iv(x.lo, x.hi, x.unit)),
      el('td', {}, Number.isFinite(x.sameSign) ? `${Math.round(100 * x.sameSign)}%` : '–'),
    );
    body.append(tr);
  }
  table.append(body);
  return table;
}

/**
 * The view: a question, what was done in plain words (how many settings, read from the posterior
 * file itself), one line per outcome, the chart of the time it takes, and the analyst's detail in
 * a closed disclosure.
 */
function bandView(
  rows: EnsembleOutcome[],
  calibrations: number,
  shipped: number,
  pairs: number,
): HTMLElement {
  const months = rows.find((r) => r.key === 'months');
  // Every word of the band says the same of the settings: fit only when the check says so.
  const words = settingsWords(POSTERIOR_FITS, shipped);
  const plain = el('ul', { class: 'plain' });
  for (const x of rows) {
    const w = PLAIN[x.key] ?? {
      name: x.label,
      more: 'more',
      less: 'less',
      up: 'B is higher',
      down: 'B is lower',
      same: 'about the same either way',
    };
    plain.append(
      el(
        'li',
        { 'data-outcome': x.key },
        el('b', {}, `${w.name}: `),
        `in these runs, ${plainRange(x.stochasticLo, x.stochasticHi, x.unit, w.more, w.less, w.same)}; `,
        `under ${calibrations} other settings, ${plainAcross(x.lo, x.hi, x.diff, x.sameSign, x.unit, w)}.`,
      ),
    );
  }
  const details = el(
    'details',
    { class: 'analyst' },
    el('summary', {}, 'Details for analysts'),
    el('h4', {}, words.heading),
    bandTable(rows),
    el(
      'p',
      { class: 'sentence' },
      months ? analystSentence(months, calibrations, calibrationsPhrase(POSTERIOR_FITS), PLAIN.months) : '',
    ),
    el(
      'p',
      { class: 'note' },
      `${calibrations} calibrations drawn from the shipped posterior of ${shipped} particles (scenarios/posterior/default.csv), ${BAND_REPLICATES} pairs each; the first interval is over the ${pairs} pairs above at the shipped calibration. The pooled interval adds what the study leaves open about the parameters (docs/uncertainty.md); pilotnet compare --ensemble default gives the full version.${POSTERIOR_FITS ? '' : ' The posterior’s predictive check has not shown that these calibrations fit the study.'}`,
    ),
  );
  const box = el('div', { class: 'ensemble' });
  box.append(
    el('h3', {}, 'Does the answer hold if the model is set a little differently?'),
    el(
      'p',
      { class: 'lede' },
      `The study could not pin down every setting of the model (how fast working ties fade, how tired partners get, how easily a debate settles…). ${words.lede}; A and B ran again under ${calibrations} of them, picked at random, ${BAND_REPLICATES} times each. If the answer stays the same, it does not hang on one guess.`,
    ),
    plain,
    details,
  );
  return box;
}

/** The range chart on the page, drawn again at its new width when the page's layout changes. */
let drawn: { out: HTMLElement; x: EnsembleOutcome | undefined; calibrations: number } | null = null;
subscribe('layout', 'ensemble-band', () => {
  if (!drawn?.out.isConnected || !drawn.out.querySelector('.ensemble-chart')) return;
  drawn.out.querySelector('.ensemble-chart')?.remove();
  drawRangeChart(drawn.out, drawn.x, drawn.calibrations);
});

/**
 * B minus A in months, as two ranges: at the usual settings and across the other settings. Drawn
 * once the box is on the page, so the axis title is placed under the tick labels as they measure.
 */
function drawRangeChart(out: HTMLElement, x: EnsembleOutcome | undefined, calibrations: number): void {
  if (!x || !Number.isFinite(x.lo) || !Number.isFinite(x.stochasticLo)) return;
  const box = out.querySelector('.ensemble');
  const fig = el('figure', { class: 'chart ensemble-chart' });
  box?.insertBefore(fig, box.querySelector('details'));
  const rows = [
    {
      name: 'In these runs (the usual settings)',
      lo: x.stochasticLo,
      hi: x.stochasticHi,
      mid: x.stochasticDiff,
    },
    { name: `Under ${calibrations} other settings`, lo: x.lo, hi: x.hi, mid: x.diff },
  ];
  // As wide as its column (beside the plain lines on a wide screen, under them on a narrow one):
  // capped at 640 px it left the right half of a 1920 px screen empty.
  const width = Math.max(260, (fig.clientWidth || out.clientWidth || 400) - 8);
  const M = { left: 12, right: 16, top: 6 };
  // Rows grow with the page's type (a projector, presentation mode): 46 px at 15 px type.
  const s = (Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 15) / 15;
  const rowH = 46 * s;
  const [lo, hi] = d3.extent([0, ...rows.flatMap((r) => [r.lo, r.hi])]) as [number, number];
  const scale = d3
    .scaleLinear()
    .domain(hi - lo < 1e-9 ? [lo - 1, hi + 1] : [lo, hi])
    .nice(6)
    .range([M.left, width - M.right]);
  fig.append(
    el('figcaption', { class: 'chart-title' }, 'Time to write the file: how much longer B takes than A'),
  );
  const svg = d3
    .select(fig)
    .append('svg')
    .attr('width', width)
    .attr('role', 'img')
    .attr(
      'aria-label',
      rows.map((r) => `${r.name}: ${plainRange(r.lo, r.hi, 'months', 'longer', 'shorter')}`).join('; '),
    );
  const axisY = M.top + rows.length * rowH + 4;
  svg
    .append('line')
    .attr('class', 'zero')
    .attr('x1', scale(0))
    .attr('x2', scale(0))
    .attr('y1', M.top)
    .attr('y2', axisY)
    .attr('stroke', '#6b7280')
    .attr('stroke-dasharray', '3 3');
  rows.forEach((r, i) => {
    const y = M.top + i * rowH;
    svg
      .append('text')
      .attr('class', 'row-label')
      .attr('x', M.left)
      .attr('y', y + 14 * s)
      .text(r.name);
    svg
      .append('rect')
      .attr('x', scale(r.lo))
      .attr('width', Math.max(2, scale(r.hi) - scale(r.lo)))
      .attr('y', y + 22 * s)
      .attr('height', 12 * s)
      .attr('rx', 3)
      .attr('fill', i ? '#d97706' : '#94a3b8');
    svg
      .append('circle')
      .attr('cx', scale(r.mid))
      .attr('cy', y + 28 * s)
      .attr('r', 4.5 * s)
      .attr('fill', '#1f2937');
  });
  const axis = svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${axisY})`)
    .call(d3.axisBottom(scale).ticks(Math.max(3, Math.floor(width / 70))));
  // The title goes under the lowest tick label as measured (a larger type in presentation mode or
  // AA moves it down), never onto them.
  const node = axis.node() as SVGGElement;
  const tickBottom = Math.max(
    18,
    ...[...node.querySelectorAll('text')].map((t) => {
      const b = t.getBBox();
      return b.y + b.height;
    }),
  );
  const title = svg
    .append('text')
    .attr('class', 'axis-title')
    .attr('x', (M.left + width - M.right) / 2)
    .attr('text-anchor', 'middle')
    .attr('y', axisY + tickBottom + 4)
    .attr('dominant-baseline', 'hanging')
    .text('months longer for B (B minus A)');
  const tb = (title.node() as SVGTextElement).getBBox();
  svg.attr('height', Math.ceil(axisY + tickBottom + 8 + Math.max(tb.height, 16)));
}
