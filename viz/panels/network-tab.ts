// The Network tab: ties across pillars (E-I), how separate the pillars stay (modularity) and density over the weeks (A solid, B dashed, B − A strip).

import { $, endTold, maxWeek, runs, seriesOf, slotsShown, state, ui } from '../app.ts';
import { type ChartSpec, LineChart, plotHeightFor, rootTypePx } from '../charts.ts';
import { followedName, followPicker } from '../follow.ts';
import { horizon } from '../present.ts';
import type { Slot } from '../protocol.ts';
import { subscribe } from '../store.ts';
import { buildControversies, rescaleControversies } from './debates.ts';
import { buildOutcome } from './outcome.ts';
import { charts, updatePanelsWeek } from './week.ts';

/** The weeks the charts were last drawn for. */
let builtFor = -1;

/** The charts with the spec each was last drawn from (fitCharts draws them again at a new height). */
const drawn: { chart: LineChart; spec: ChartSpec }[] = [];

/**
 * Presenting, the three charts share the column's height, so that each is seen whole beside the
 * network (at 1366×768 the third one lay below the column's edge): their explanations are read out
 * rather than shown (kept for screen readers), and their plots shrink, down to 6 lines of type.
 * Where even that does not fit (a comparison's charts carry legends and B − A strips), the column
 * shows as many charts as fit whole, grown to fill it, so that its foot falls between two charts
 * (a chart cut at the foot showed half its months); it says more lie below and scrolls a chart at
 * a time. Elsewhere the charts keep their height and the column scrolls.
 */
export function fitCharts(): void {
  const body = $('[data-body="network"]');
  if (body.hidden || !drawn.length || body.clientHeight < 100) {
    showHint();
    return;
  }
  const rootPx = rootTypePx();
  const full = plotHeightFor(rootPx);
  // Beside the stage only: under it (a tablet standing, a phone), the page or the panel scrolls.
  const beside = state.present && body.getBoundingClientRect().top < window.innerHeight / 2;
  if (!beside) {
    setPlotHeight(full);
    showHint();
    return;
  }
  const least = Math.round(6 * rootPx);
  const now = drawn[0].spec.plotHeight ?? full;
  const over = body.scrollHeight - body.clientHeight;
  let want = Math.max(least, Math.min(full, Math.floor(now - over / drawn.length)));
  setPlotHeight(want);
  if (body.scrollHeight - body.clientHeight > 1) {
    // Not all fit: the first k charts fill the column, the next one starting at its foot. They may
    // grow past their usual height to do so (a chart stopped at it left the next one's top half in
    // view, its months cut off).
    // The hint under the column takes its room first: measured without it, the first chart's strip
    // fell below the column's foot once the hint came.
    setPlotHeight(least);
    const hint = body.parentElement?.querySelector<HTMLElement>(':scope > .more-below');
    if (hint) hint.hidden = false;
    const feet = chartSpans(body).map((c) => c.foot);
    const k = Math.max(1, feet.filter((f) => f <= body.clientHeight).length);
    want = least + Math.max(0, Math.floor((body.clientHeight - feet[k - 1]) / k));
    setPlotHeight(want);
  }
  showHint();
}

/** Draws every chart of the column at plot height `h` (nothing when they already are). */
function setPlotHeight(h: number): void {
  if (drawn.every((d) => (d.spec.plotHeight ?? -1) === h)) return;
  const weeks = horizon();
  for (const d of drawn) {
    d.spec = { ...d.spec, plotHeight: h };
    d.chart.set(d.spec, weeks);
  }
  updatePanelsWeek();
}

/** Each chart's top and foot (margin included), from the top of the column's content, CSS px. */
function chartSpans(body: HTMLElement): { top: number; foot: number }[] {
  const top = body.getBoundingClientRect().top - body.scrollTop + body.clientTop;
  return drawn.map(({ chart }) => {
    const r = chart.el.getBoundingClientRect();
    const margin = Number.parseFloat(getComputedStyle(chart.el).marginBottom) || 0;
    return { top: r.top - top, foot: r.bottom + margin - top };
  });
}

/** The last chart seen whole: the column's foot is reached (what lies below is padding). */
function lastSeen(body: HTMLElement): boolean {
  const spans = chartSpans(body);
  const last = spans.at(-1);
  return !last || last.foot - body.scrollTop <= body.clientHeight + 1;
}

/** Presenting, the column's foot says more charts lie below while they do. */
function showHint(): void {
  const body = $('[data-body="network"]');
  const hint = body.parentElement?.querySelector<HTMLElement>(':scope > .more-below');
  if (!hint) return;
  const below = state.present && !body.hidden && drawn.length > 0 && !lastSeen(body);
  hint.hidden = !below;
}

/**
 * "More charts below": the column scrolls to the first chart whose top lets the next chart not
 * seen whole be seen whole, so that it shows whole charts again.
 */
function scrollToMore(body: HTMLElement): void {
  const spans = chartSpans(body);
  const next = spans.find((c) => c.foot - body.scrollTop > body.clientHeight + 1);
  if (!next) return;
  const target = spans.find((c) => c.top >= next.foot - body.clientHeight - 1)?.top ?? next.top;
  body.scrollTo({ top: target, behavior: 'smooth' });
}

export function rebuildPanels(): void {
  const body = $('[data-body="network"]');
  const shown = slotsShown().filter((s) => runs[s]?.done);
  if (!shown.length) return;
  const compare = shown.length === 2;
  const A = runs.A!;
  const weeks = horizon();
  builtFor = weeks;
  body.replaceChildren();
  charts.length = 0;
  const intro = document.createElement('p');
  intro.className = 'intro';
  intro.textContent = compare
    ? 'Solid lines: scenario A. Dashed: scenario B, same partners, same luck. The purple strip under each chart is B minus A, as in the Outcome tab: above its middle line where B is higher, below where A is.'
    : 'How the network changes week by week. The red dashed line is the planned end of the phase (7 months).';
  const multiRun = A.scenario.consortia > 1;
  if (multiRun) intro.append(' ', followPicker());
  body.appendChild(intro);
  // The consortium's name after the title stays on one line: "(consortium" and "1)" were split.
  const unit = multiRun ? `(${followedName()})` : undefined;
  const dl = A.scenario.calendar.plannedWeeks;
  const runsShown = shown.map((s) => ({ s, run: runs[s]! }));
  const dash = (s: Slot) => (s === 'B' ? '6 4' : undefined);
  const label = (s: Slot, what: string) => (compare ? `${s}: ${what}` : what);
  // How separate the pillars stay, its axis in words as the chart above it speaks: "mixed" at 0
  // (the pillar no longer predicts who works with whom), "more apart" at the top of its span and,
  // where a small consortium goes below 0, "more mixed" at its foot. The span is fitted to the runs
  // as before (Newman's Q has no top a room could read); the words say which way is which.
  const separation = runsShown.map(({ s, run }) => ({ s, values: seriesOf(run, (r) => r.modularityPillar) }));
  const sepValues = separation.flatMap((x) => x.values).filter(Number.isFinite);
  const sepLo = Math.min(0, ...sepValues);
  const sepHi = Math.max(0.05, 1.08 * Math.max(0, ...sepValues));
  const specs = [
    {
      title: 'Do partners talk across pillars and lines?',
      caption:
        'Of all the ties, how many cross from one pillar (or care line) to another: none when every tie stays inside its own pillar, half at the dotted line, all when every tie crosses. Rising lines mean the field is knitting together.',
      term: 'E-I index (Krackhardt and Stern): ties across less ties inside, over all ties',
      series: runsShown.flatMap(({ s, run }) => [
        {
          name: label(s, 'across pillars'),
          colour: '#0072B2',
          dash: dash(s),
          values: seriesOf(run, (r) => r.eiPillar),
        },
        {
          name: label(s, 'across care lines'),
          colour: '#D55E00',
          dash: dash(s),
          values: seriesOf(run, (r) => r.eiLine),
        },
      ]),
      domain: [-1, 1] as [number, number],
      // The index's −1, 0 and +1 are exactly none, half and all of the ties across.
      valueWords: [
        [-1, 'none across'],
        [0, 'half across'],
        [1, 'all across'],
      ] as [number, string][],
      reference: { y: 0, label: 'half the ties cross' },
      diff: compare ? { a: 2, b: 0, label: 'how much more B mixes pillars than A' } : undefined,
    },
    {
      title: 'Are the pillars still separate camps?',
      caption:
        'How separate the pillars stay: high when partners work mostly inside their own pillar, near 0 when the pillar no longer predicts who works with whom, below 0 when partners work with other pillars more than chance would have them (a small consortium can).',
      term: 'Modularity of the pillar split (Newman’s Q)',
      series: separation.map(({ s, values }) => ({
        name: label(s, 'how separate the pillars stay'),
        colour: s === 'A' ? '#1f2937' : '#b45309',
        dash: dash(s),
        values,
      })),
      domain: [sepLo, sepHi] as [number, number],
      // The first words matter most: one too close to another is left out (charts.ts).
      valueWords: [[0, 'mixed'], [sepHi, 'more apart'], ...(sepLo < 0 ? [[sepLo, 'more mixed']] : [])] as [
        number,
        string,
      ][],
      diff: compare ? { a: 1, b: 0, label: 'how much more apart B’s pillars stay' } : undefined,
    },
    {
      title: 'How connected is the network?',
      caption: multiRun
        ? `Density: the share of all possible working ties that exist (${followedName()} of the national run).`
        : 'Density: the share of all possible working ties that exist. Each meeting adds ties; unused ties slowly fade.',
      series: runsShown.map(({ s, run }) => ({
        name: label(s, 'density'),
        colour: s === 'A' ? '#009E73' : '#b45309',
        dash: dash(s),
        values: seriesOf(run, (r) => r.density),
      })),
      domain: null,
      percent: true,
      diff: compare ? { a: 1, b: 0, label: 'how much more connected B is than A' } : undefined,
    },
  ];
  drawn.length = 0;
  for (const sp of specs) {
    const c = new LineChart(body);
    // Lines are drawn no further than the panels may tell (app.ts seenTo) until the ending is told.
    const reveal = state.present || !endTold(maxWeek());
    const spec = { ...sp, titleUnit: unit, deadline: dl, reveal };
    c.set(spec, weeks);
    charts.push(c);
    drawn.push({ chart: c, spec });
  }
  // Under the column, not over it: laid over the column's foot, it covered the months of the chart
  // standing there (a comparison's second chart, presenting at 1024 to 1920 px wide).
  body.parentElement?.querySelector(':scope > .more-below')?.remove();
  const hint = document.createElement('button');
  hint.type = 'button';
  hint.className = 'more-below';
  hint.hidden = true;
  hint.textContent = 'More charts below';
  hint.onclick = () => scrollToMore(body);
  body.after(hint);
  body.onscroll = showHint;
  ui.chartsBuilt = true;
  buildControversies();
  buildOutcome();
  updatePanelsWeek();
  fitCharts();
}
subscribe('runs', 'charts', rebuildPanels);
for (const t of ['mode', 'layout'] as const)
  subscribe(t, 'charts', () => {
    if (ui.chartsBuilt || t === 'mode') rebuildPanels();
  });
// The weeks shown grew (the run is watched on): the charts and the debates' spread are redrawn on the
// new scale, not built again, so playback keeps its pace; anything else heard here (the timeline's
// width or the type changed) builds them again.
// During playback in a frame of its own (store.ts spread), apart from the timeline's.
subscribe(
  'horizon',
  'charts',
  () => {
    if (!ui.chartsBuilt) return;
    const weeks = horizon();
    if (weeks === builtFor || !charts.length) return rebuildPanels();
    builtFor = weeks;
    for (const c of charts) c.rescale(weeks);
    rescaleControversies(weeks);
    updatePanelsWeek();
  },
  { spread: true },
);
