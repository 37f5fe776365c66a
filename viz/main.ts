// The browser view of pilotnet: wires the engine worker, the network canvases, the timeline, the
// panels, compare and replicate modes, the editor, exports and the shareable URL (issue 4).
import * as d3 from 'd3';
import type { Problem, Scenario } from '../sim/index.ts';
import { LineChart } from './charts.ts';
import { buildEditor } from './editor.ts';
import { EngineClient, type RunData } from './engine-client.ts';
import { composePNG, download, gexfAt, weeklyCSV } from './exporters.ts';
import { LINE_LABELS, LINE_SHAPES, PILLAR_COLOURS, PILLAR_LABELS, type SizeBy } from './marks.ts';
import { NetworkView } from './network.ts';
import { PRESETS, presetById } from './presets.ts';
import type { ScenarioSource, Slot } from './protocol.ts';
import { type RepResult, renderReplicates } from './replicates.ts';
import { decodeState, encodeState, type Mode, type SlotSpec, type ViewState } from './share.ts';
import { CONTROVERSY_WORDS, eventWords, LEGAL_WORDS, settlementWords } from './words.ts';

const $ = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = document) =>
  root.querySelector(sel) as T;
const $$ = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = document) =>
  [...root.querySelectorAll(sel)] as T[];

const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);
const WEEKS_PER_MONTH = 52 / 12;
const START_YEAR = 2016;

const ICON_PLAY =
  '<svg viewBox="0 0 20 20" aria-hidden="true"><path d="M6 3.5v13l10-6.5z" fill="currentColor"/></svg>';
const ICON_PAUSE =
  '<svg viewBox="0 0 20 20" aria-hidden="true"><rect x="5" y="4" width="3.6" height="12" rx="1" fill="currentColor"/><rect x="11.4" y="4" width="3.6" height="12" rx="1" fill="currentColor"/></svg>';

const blankSpec = (preset = 'default'): SlotSpec => ({ preset, edits: {}, halve: false, custom: null });
const halvedPreset = PRESETS.find((p) => p.id === 'meetings-halved');
const defaultB = (): SlotSpec =>
  presetById('participant-governed') ? blankSpec('participant-governed') : { ...blankSpec(), halve: true };

const state: ViewState = {
  a: blankSpec(PRESETS[0]?.id ?? 'default'),
  b: null,
  mode: 'watch',
  seed: null,
  week: 0,
  sizeBy: 'degree',
  large: false,
  tab: 'network',
  speed: 4,
};

const client = new EngineClient();
const runs: Record<Slot, RunData | null> = { A: null, B: null };
const problems: Record<Slot, Problem[]> = { A: [], B: [] };
const views: Record<Slot, NetworkView> = {
  A: new NetworkView($('#net-a')),
  B: new NetworkView($('#net-b')),
};
let playing = false;
let pendingWeek: number | null = null;
const reps: Partial<Record<Slot, RepResult>> = {};
/** The last scenario choice of each slot that ran: an invalid file or edit falls back to it. */
const lastGood: Partial<Record<Slot, SlotSpec>> = {};

// ---------------------------------------------------------------- scenarios and runs

function sourceOf(spec: SlotSpec): ScenarioSource {
  if (spec.custom)
    return { raw: spec.custom.raw, file: spec.custom.file, edits: spec.edits, halve: spec.halve };
  const p = presetById(spec.preset) ?? PRESETS[0];
  return { raw: p.raw, file: p.file, edits: spec.edits, halve: spec.halve };
}

const slotsShown = (): Slot[] => (state.mode === 'compare' && state.b ? ['A', 'B'] : ['A']);

function runSlot(slot: Slot): void {
  const spec = slot === 'A' ? state.a : state.b;
  if (!spec) return;
  problems[slot] = [];
  showProblems();
  $('#loading').hidden = runs[slot] !== null;
  client.run(slot, sourceOf(spec), state.seed, {
    onStart(run) {
      lastGood[slot] = structuredClone(spec);
      const old = runs[slot];
      runs[slot] = run;
      views[slot].setRun(run);
      views[slot].sizeBy = state.sizeBy;
      // A re-run (an edit) keeps the week on screen once its frames arrive.
      if (old && pendingWeek === null) pendingWeek = state.week;
      refreshPresetSelects();
      if (editorOpen()) rebuildEditor(false);
    },
    onFrames(run) {
      $('#loading').hidden = true;
      updateScrubber();
      const want = pendingWeek ?? state.week;
      if (run.frames.length > want) pendingWeek = null;
      setWeek(Math.min(want, maxWeek()), true);
    },
    onDone() {
      updateScrubber();
      const want = pendingWeek ?? state.week;
      pendingWeek = null;
      rebuildPanels();
      setWeek(Math.min(want, maxWeek()), true);
      updateTagline();
    },
    onProblems(p) {
      $('#loading').hidden = true;
      problems[slot] = p;
      showProblems();
      const good = lastGood[slot];
      if (good && spec.custom) {
        if (slot === 'A') state.a = structuredClone(good);
        else state.b = structuredClone(good);
        refreshPresetSelects();
      }
    },
  });
}

function maxWeek(): number {
  return Math.max(0, ...slotsShown().map((s) => runs[s]?.lastWeek ?? 0));
}

// ---------------------------------------------------------------- problems

function showProblems(): void {
  const box = $('#problems');
  const list = [...problems.A, ...(state.mode === 'compare' ? problems.B : [])];
  if (!list.length) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.replaceChildren();
  const h = document.createElement('h2');
  h.textContent = 'This scenario cannot run — please fix:';
  const ul = document.createElement('ul');
  for (const p of list) {
    const li = document.createElement('li');
    li.textContent = `${p.file}: ${p.path || '(root)'}: ${p.message}`;
    ul.appendChild(li);
  }
  const p = document.createElement('p');
  p.className = 'caption';
  p.textContent = 'The view keeps showing the last scenario that ran.';
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Dismiss';
  close.onclick = () => {
    problems.A = [];
    problems.B = [];
    showProblems();
  };
  box.append(h, ul, p, close);
  box.hidden = false;
}

function toast(msg: string): void {
  const t = $('#toast');
  t.textContent = msg;
  t.hidden = false;
  clearTimeout((toast as unknown as { h: number }).h);
  (toast as unknown as { h: number }).h = window.setTimeout(() => (t.hidden = true), 3500);
}

// ---------------------------------------------------------------- time

function calendarOf(run: RunData | null, week: number): string {
  const start = (run?.scenario.calendar.startMonth ?? 7) - 1;
  const m = start + Math.floor(week / WEEKS_PER_MONTH);
  return `${MONTHS[m % 12]} ${START_YEAR + Math.floor(m / 12)}`;
}

/** A week the user asked for (scrubber, keys, buttons, playback): it replaces any pending restore. */
function goTo(week: number): void {
  pendingWeek = null;
  setWeek(week);
}

function setWeek(week: number, force = false): void {
  const w = Math.max(0, Math.min(week, maxWeek()));
  if (w === state.week && !force) return;
  state.week = w;
  const scrub = $<HTMLInputElement>('#scrubber');
  scrub.value = String(w);
  const months = w / WEEKS_PER_MONTH;
  $('#clock').innerHTML =
    `<strong>Week ${w}</strong><span class="when">month ${months.toFixed(1)} · ${calendarOf(runs.A, w)}</span>`;
  for (const s of slotsShown()) views[s].setWeek(w);
  updatePanelsWeek();
  updateOutcomeBadges();
  scheduleHash();
}

function updateScrubber(): void {
  const scrub = $<HTMLInputElement>('#scrubber');
  const max = maxWeek();
  scrub.max = String(max);
  const marks = $('#scrub-marks');
  marks.replaceChildren();
  if (!max) return;
  const at = (w: number) => `calc(${(w / max) * 100}% + ${(0.5 - w / max) * 16}px)`;
  const labels: HTMLElement[] = [];
  const add = (cls: string, w: number, text: string, short = text) => {
    const d = document.createElement('div');
    d.className = `mk ${cls}`;
    d.style.left = at(w);
    d.title = `${text} (week ${w})`;
    const span = document.createElement('span');
    span.textContent = text;
    span.dataset.short = short;
    d.appendChild(span);
    marks.appendChild(d);
    labels.push(span);
  };
  const a = runs.A;
  if (a) {
    const dl = a.scenario.calendar.plannedWeeks;
    if (dl <= max) add('deadline', dl, `planned end · ${Math.round(dl / WEEKS_PER_MONTH)} months`, 'plan');
    for (const s of slotsShown()) {
      const r = runs[s];
      if (!r?.summary) continue;
      const o = r.summary.outcomes;
      const n = r.summary.national;
      const label = n
        ? `${n.submittedCount}/${n.consortia} submitted`
        : o.submitted
          ? 'submitted'
          : 'gave up';
      const tag = state.mode === 'compare' ? `${s}: ` : '';
      const short = `${state.mode === 'compare' ? s : ''} ${o.submitted || n ? '★' : '✖'}`.trim();
      add(`submitted ${s === 'B' ? 'b' : ''}`, r.summary.weeks, `${tag}${label}`, short);
    }
    // Small dots for the meetings of A along the track.
    for (const [f, evs] of a.eventsByFrame)
      if (evs.some((e) => e.type === 'meeting' && e.consortium === 0)) {
        const t = document.createElement('div');
        t.className = 'tick';
        t.style.left = at(f);
        marks.appendChild(t);
      }
  }
  separateLabels(labels);
}

/** Timeline labels that would overlap move to either side of their tick, or hide (kept as a tooltip). */
function separateLabels(labels: HTMLElement[]): void {
  const box = (el: HTMLElement) => el.getBoundingClientRect();
  const sorted = labels.sort((p, q) => box(p.parentElement!).left - box(q.parentElement!).left);
  const last = sorted.at(-1);
  // Keep the last label inside the track.
  if (last && box(last).right > box($('#scrub-marks')).right) last.className = 'before';
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (box(prev).right + 6 <= box(cur).left) continue;
    if (prev.className !== 'after') prev.className = 'before';
    if (cur !== last) cur.className = 'after';
    if (box(prev).right + 6 > box(cur).left) cur.textContent = cur.dataset.short ?? '';
    if (box(prev).right + 6 > box(cur).left) prev.textContent = prev.dataset.short ?? '';
    if (box(prev).right + 6 > box(cur).left) cur.style.visibility = 'hidden';
  }
}

function play(on: boolean): void {
  playing = on && maxWeek() > 0;
  if (playing && state.week >= maxWeek()) goTo(0);
  const b = $('#play-btn');
  b.innerHTML = playing ? ICON_PAUSE : ICON_PLAY;
  b.setAttribute('aria-label', playing ? 'Pause' : 'Play');
}

// ---------------------------------------------------------------- animation loop

let last = performance.now();
let acc = 0;
const fpsWindow: number[] = [];
function loop(t: number): void {
  const dt = Math.min(0.25, (t - last) / 1000);
  last = t;
  // Playback waits while a re-run streams in (under a second), so the week is not lost.
  const settled = pendingWeek === null && slotsShown().every((s) => runs[s]?.done);
  if (playing && settled) {
    acc += dt * state.speed;
    if (acc >= 1) {
      const steps = Math.floor(acc);
      acc -= steps;
      const target = Math.min(maxWeek(), state.week + steps);
      goTo(target);
      if (target >= maxWeek()) play(false);
    }
  } else acc = 0;
  for (const s of slotsShown()) views[s].tick();
  fpsWindow.push(t);
  while (fpsWindow.length && fpsWindow[0] < t - 1000) fpsWindow.shift();
  requestAnimationFrame(loop);
}

// ---------------------------------------------------------------- legend, tooltip

function buildLegend(): void {
  const el = $('#legend');
  el.replaceChildren();
  const g1 = document.createElement('div');
  g1.className = 'group';
  for (const [p, c] of Object.entries(PILLAR_COLOURS))
    g1.insertAdjacentHTML(
      'beforeend',
      `<span class="item"><svg viewBox="0 0 16 16"><circle cx="8" cy="8" r="6" fill="${c}"/></svg>${PILLAR_LABELS[p]}</span>`,
    );
  const g2 = document.createElement('div');
  g2.className = 'group';
  const shapes: Record<string, string> = {
    circle: '<circle cx="8" cy="8" r="6" fill="#9ca3af"/>',
    square: '<rect x="2.5" y="2.5" width="11" height="11" fill="#9ca3af"/>',
    triangle: '<polygon points="8,1.5 14.5,13 1.5,13" fill="#9ca3af"/>',
  };
  for (const [l, s] of Object.entries(LINE_SHAPES))
    g2.insertAdjacentHTML(
      'beforeend',
      `<span class="item" title="${LINE_LABELS[l]}"><svg viewBox="0 0 16 16">${shapes[s]}</svg>${LINE_LABELS[l].replace(/ \(.*\)$/, '')}</span>`,
    );
  g2.insertAdjacentHTML(
    'beforeend',
    '<span class="item"><svg viewBox="0 0 16 16"><circle cx="8" cy="8" r="4.5" fill="#fff" stroke="#111827" stroke-width="2"/><circle cx="8" cy="8" r="7" fill="none" stroke="#111827" stroke-width="1"/></svg>coordinator</span>' +
      '<span class="item"><svg viewBox="0 0 16 16"><line x1="1" y1="12" x2="15" y2="4" stroke="#3b4252" stroke-width="3"/></svg>tie across pillars (thicker = stronger)</span>',
  );
  const toggle = document.createElement('div');
  toggle.className = 'size-toggle';
  toggle.setAttribute('role', 'group');
  toggle.setAttribute('aria-label', 'Size of actors');
  for (const [k, label] of [
    ['degree', 'size: ties'],
    ['betweenness', 'size: brokerage'],
  ] as const) {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.size = k;
    b.textContent = label;
    b.title =
      k === 'degree'
        ? 'Size = number of ties (degree)'
        : 'Size = betweenness: how often an actor bridges others';
    b.setAttribute('aria-pressed', String(state.sizeBy === k));
    b.onclick = () => setSizeBy(k);
    toggle.appendChild(b);
  }
  g2.classList.add('wide');
  el.append(g1, toggle, g2);
}

function setSizeBy(k: SizeBy): void {
  state.sizeBy = k;
  views.A.sizeBy = k;
  views.B.sizeBy = k;
  for (const b of $$('.size-toggle button')) b.setAttribute('aria-pressed', String(b.dataset.size === k));
  scheduleHash();
}

function showTooltip(slot: Slot, id: number, x: number, y: number): void {
  const tip = $('#tooltip');
  const run = runs[slot];
  if (id < 0 || !run) {
    tip.hidden = true;
    return;
  }
  const a = run.actors[id];
  const f = run.frame(state.week);
  const C = run.controversies.length;
  const threshold = run.scenario.observation.tieThreshold;
  const ties: { other: number; w: number }[] = [];
  for (let e = 0; e < f.weight.length; e++) {
    if (f.weight[e] < threshold) continue;
    if (f.source[e] === id) ties.push({ other: f.target[e], w: f.weight[e] });
    else if (f.target[e] === id) ties.push({ other: f.source[e], w: f.weight[e] });
  }
  ties.sort((p, q) => q.w - p.w);
  const strongest = ties
    .slice(0, 3)
    .map((t) => `${run.actors[t.other].label} (${t.w.toFixed(2)})`)
    .join(', ');
  const pos = run.controversies
    .map((c, ci) => {
      const v = f.positions[id * C + ci];
      return `<span class="k">${CONTROVERSY_WORDS[c]?.short ?? c}</span><span class="track"><span class="dot" style="left:${(v * 100).toFixed(1)}%;background:${PILLAR_COLOURS[a.pillar]}"></span></span>`;
    })
    .join('');
  const role = a.isCoordinator ? 'Coordinator' : a.label.charAt(0).toUpperCase() + a.label.slice(1);
  tip.innerHTML = `<h4><span class="swatch" style="background:${PILLAR_COLOURS[a.pillar]}"></span>${role}${a.isChair && !a.isCoordinator ? ' · chair' : ''}</h4>
    <div class="meta">${PILLAR_LABELS[a.pillar] ?? a.pillar} · ${LINE_LABELS[a.line] ?? a.line}</div>
    <div class="meta">Organisation #${a.organisation}${run.scenario.consortia > 1 ? ` · consortium ${a.consortium + 1}` : ''}</div>
    <div class="meta">Sits in: ${a.groups.join(', ') || '—'}</div>
    <div class="meta">Engagement <b>${Math.round(f.engagement[id] * 100)}%</b>${f.active[id] ? '' : ' · <b>dropped out</b>'}</div>
    <div class="meta">${ties.length} tie${ties.length === 1 ? '' : 's'}${strongest ? `; strongest: ${strongest}` : ''}</div>
    <div class="pos">${pos}</div>`;
  tip.hidden = false;
  const w = tip.offsetWidth;
  const h = tip.offsetHeight;
  tip.style.left = `${Math.min(window.innerWidth - w - 8, x + 14)}px`;
  tip.style.top = `${Math.max(8, Math.min(window.innerHeight - h - 8, y + 14))}px`;
}

// ---------------------------------------------------------------- panels

const charts: LineChart[] = [];
let chartSpecsBuilt = false;

function seriesOf(run: RunData, pick: (r: RunData['weekly'][number]) => number): number[] {
  const out: number[] = [];
  for (let w = 0; w < run.frames.length; w++) {
    const r = run.record(w);
    out.push(r ? pick(r) : Number.NaN);
  }
  return out;
}

function rebuildPanels(): void {
  const body = $('[data-body="network"]');
  const shown = slotsShown().filter((s) => runs[s]?.done);
  if (!shown.length) return;
  const compare = shown.length === 2;
  const A = runs.A!;
  const weeks = maxWeek();
  body.replaceChildren();
  charts.length = 0;
  const intro = document.createElement('p');
  intro.className = 'intro';
  intro.textContent = compare
    ? 'Solid lines: scenario A. Dashed: scenario B, same partners, same luck. The purple strip under each chart is A minus B.'
    : 'How the network changes week by week. The red dashed line is the planned end of the phase (7 months).';
  const multiRun = A.scenario.consortia > 1;
  if (multiRun) intro.textContent += ` The charts follow consortium 1 of ${A.scenario.consortia}.`;
  body.appendChild(intro);
  const dl = A.scenario.calendar.plannedWeeks;
  const runsShown = shown.map((s) => ({ s, run: runs[s]! }));
  const dash = (s: Slot) => (s === 'B' ? '6 4' : undefined);
  const label = (s: Slot, what: string) => (compare ? `${s}: ${what}` : what);
  const specs = [
    {
      title: 'Do partners talk across pillars and lines?',
      caption:
        'E-I index: −1 when every tie stays inside its own pillar (or care line), +1 when every tie crosses. Rising lines mean the field is knitting together.',
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
      reference: { y: 0, label: 'as many ties out as in' },
      diff: compare ? { a: 0, b: 2, label: 'A − B, across pillars' } : undefined,
    },
    {
      title: 'Are the pillars still separate camps?',
      caption:
        'Modularity of the pillar split: high when ties cluster inside pillars, near 0 when pillars no longer predict who works with whom.',
      series: runsShown.map(({ s, run }) => ({
        name: label(s, 'pillar modularity'),
        colour: s === 'A' ? '#1f2937' : '#b45309',
        dash: dash(s),
        values: seriesOf(run, (r) => r.modularityPillar),
      })),
      domain: null,
      diff: compare ? { a: 0, b: 1, label: 'A − B' } : undefined,
    },
    {
      title: 'How connected is the network?',
      caption: multiRun
        ? 'Density: the share of all possible working ties that exist (consortium 1 of the national run).'
        : 'Density: the share of all possible working ties that exist. Each meeting adds ties; unused ties slowly fade.',
      series: runsShown.map(({ s, run }) => ({
        name: label(s, 'density'),
        colour: s === 'A' ? '#009E73' : '#b45309',
        dash: dash(s),
        values: seriesOf(run, (r) => r.density),
      })),
      domain: null,
      diff: compare ? { a: 0, b: 1, label: 'A − B' } : undefined,
    },
  ];
  for (const sp of specs) {
    const c = new LineChart(body);
    c.set({ ...sp, deadline: dl }, weeks);
    charts.push(c);
  }
  chartSpecsBuilt = true;
  buildControversies();
  buildFile();
  buildOutcome();
  updatePanelsWeek();
}

interface ControRow {
  dots: d3.Selection<SVGCircleElement, number, SVGGElement, unknown>;
  chip: HTMLElement;
  outcome: HTMLElement;
  cursor: d3.Selection<SVGLineElement, unknown, null, undefined>;
  x: d3.ScaleLinear<number, number>;
  t: d3.ScaleLinear<number, number>;
  agreed: d3.Selection<SVGPathElement, unknown, null, undefined>;
  ci: number;
}
let controRows: ControRow[] = [];

function buildControversies(): void {
  const body = $('[data-body="controversies"]');
  body.replaceChildren();
  controRows = [];
  const run = runs.A;
  if (!run?.done) return;
  const intro = document.createElement('p');
  intro.className = 'intro';
  intro.textContent =
    'Each dot is a partner’s position on a debated question, coloured by pillar. Watch the dots gather as meetings bring people together; the grey curve shows how spread out the views are.';
  body.appendChild(intro);
  const members = run.actors.filter((a) => a.consortium === 0);
  const width = 360;
  const weeks = run.lastWeek;
  run.controversies.forEach((c, ci) => {
    const words = CONTROVERSY_WORDS[c] ?? { title: c, short: c, low: '0', high: '1' };
    const div = document.createElement('div');
    div.className = 'contro';
    div.innerHTML = `<div class="contro-head"><h4>${words.title}</h4><span class="chip open">open</span></div>`;
    body.appendChild(div);
    const svg = d3.select(div).append('svg').attr('viewBox', `0 0 ${width} 62`).attr('height', 62);
    const x = d3
      .scaleLinear()
      .domain([0, 1])
      .range([8, width - 8]);
    const t = d3
      .scaleLinear()
      .domain([0, Math.max(1, weeks)])
      .range([8, width - 8]);
    // Spread over time (dispersion), as a light area along the bottom.
    const disp = seriesOf(run, (r) => r.dispersion[ci]);
    // From the narrowest to the widest spread of this run, so convergence shows even when modest.
    const [minD, maxD] = d3.extent(disp.filter(Number.isFinite)) as [number, number];
    const dy = d3
      .scaleLinear()
      .domain([Math.max(0, (minD ?? 0) - 0.2 * ((maxD ?? 1) - (minD ?? 0))), Math.max(1e-6, maxD ?? 1)])
      .range([60, 40]);
    svg
      .append('path')
      .attr(
        'd',
        d3
          .area<number>()
          .defined(Number.isFinite)
          .x((_, i) => t(i))
          .y0(60)
          .y1((v) => dy(v))(disp),
      )
      .attr('fill', '#cbd5e1');
    svg.append('text').attr('class', 'axis-label').attr('x', 12).attr('y', 57).text('spread of views');
    const settled = run.summary?.outcomes.settleWeek[c] ?? -1;
    if (settled >= 0) {
      svg
        .append('line')
        .attr('x1', t(settled + 1))
        .attr('x2', t(settled + 1))
        .attr('y1', 38)
        .attr('y2', 60)
        .attr('stroke', '#047857')
        .attr('stroke-width', 2);
    }
    const cursor = svg
      .append('line')
      .attr('y1', 38)
      .attr('y2', 60)
      .attr('stroke', '#111827')
      .attr('opacity', 0.6);
    svg
      .append('line')
      .attr('x1', x(0))
      .attr('x2', x(1))
      .attr('y1', 16)
      .attr('y2', 16)
      .attr('stroke', '#e5e7eb')
      .attr('stroke-width', 6)
      .attr('stroke-linecap', 'round');
    svg.append('text').attr('class', 'axis-label').attr('x', x(0)).attr('y', 34).text(words.low);
    svg
      .append('text')
      .attr('class', 'axis-label')
      .attr('x', x(1))
      .attr('y', 34)
      .attr('text-anchor', 'end')
      .text(words.high);
    const dots = svg
      .append('g')
      .selectAll<SVGCircleElement, number>('circle')
      .data(members.map((m) => m.id))
      .join('circle')
      .attr('r', 3.6)
      .attr('cy', (id) => 16 + ((id * 7) % 9) - 4)
      .attr('fill', (id) => PILLAR_COLOURS[run.actors[id].pillar])
      .attr('fill-opacity', 0.8)
      .attr('stroke', '#fff')
      .attr('stroke-width', 0.6);
    // The agreed position, once settled: a dark diamond on the track.
    const agreed = svg
      .append('path')
      .attr('d', d3.symbol(d3.symbolDiamond, 90)())
      .attr('fill', '#111827')
      .attr('stroke', '#fff')
      .attr('stroke-width', 1.5)
      .attr('opacity', 0);
    const outcome = document.createElement('div');
    outcome.className = 'outcome';
    div.appendChild(outcome);
    controRows.push({ dots, chip: $('.chip', div), outcome, cursor, x, t, agreed, ci });
  });
}

function updateControversies(): void {
  const run = runs.A;
  if (!run?.done) return;
  const f = run.frame(state.week);
  const C = run.controversies.length;
  const cons = f.consortia[0];
  for (const row of controRows) {
    row.dots
      .attr('cx', (id) => row.x(f.positions[id * C + row.ci]))
      .attr('opacity', (id) => (f.active[id] ? 1 : 0.15));
    row.cursor.attr('x1', row.t(state.week)).attr('x2', row.t(state.week));
    const st = cons.controversies[row.ci];
    row.chip.className = `chip ${st.status}`;
    row.chip.textContent = st.status === 'settled' ? `settled · week ${st.settledWeek + 1}` : st.status;
    const where =
      st.id === 'legal'
        ? (run.scenario.legal.location as Record<string, number>)[st.outcome]
        : Number.parseFloat(st.outcome);
    row.agreed
      .attr('opacity', st.status === 'settled' && Number.isFinite(where) ? 1 : 0)
      .attr('transform', `translate(${row.x(Number.isFinite(where) ? where : 0.5)},16)`);
    row.outcome.textContent =
      st.status === 'settled'
        ? `Agreed: ${settlementWords(st.id, st.outcome)}.`
        : st.status === 'proposed'
          ? 'A text is on the table.'
          : '';
  }
}

function buildFile(): void {
  /* built lazily in updateFile: the rows depend on the runs shown */
}

function updateFile(): void {
  const body = $('[data-body="file"]');
  const shown = slotsShown().filter((s) => runs[s]);
  const parts: string[] = [
    '<p class="intro">The coordinator can only write a section of the application once the debates it depends on are settled. Bars fill as sections are written.</p>',
  ];
  for (const s of shown) {
    const run = runs[s]!;
    const f = run.frame(state.week);
    const cons = f.consortia[0];
    if (!cons) continue;
    if (shown.length > 1) parts.push(`<h3>${s}: ${esc(run.scenario.name)}</h3>`);
    parts.push(`<div class="file-total">${Math.round(cons.fileCompletion * 100)}% written</div>`);
    const settled = new Set(cons.controversies.filter((c) => c.status === 'settled').map((c) => c.id));
    for (const sec of cons.sections) {
      const needs = run.scenario.file.sections.find((x) => x.id === sec.id)?.needs ?? [];
      const waiting = needs.filter((c) => !settled.has(c)).map((c) => CONTROVERSY_WORDS[c]?.short ?? c);
      const label = sec.label.charAt(0).toUpperCase() + sec.label.slice(1);
      const note =
        sec.progress < 1 && waiting.length
          ? `<small class="waiting">waits for: ${esc(waiting.join(', '))}</small>`
          : '';
      parts.push(
        `<div class="section-row ${s === 'B' ? 'b' : ''}"><span>${esc(label)}${note}</span><div class="section-bar"><div style="width:${(sec.progress * 100).toFixed(1)}%"></div></div><span>${Math.round(sec.progress * 100)}%</span></div>`,
      );
    }
  }
  body.innerHTML = parts.join('');
}

function updateLog(): void {
  const body = $('[data-body="log"]');
  const run = runs.A;
  if (!run) return;
  const items: string[] = [];
  const sectionLabel = (id: string) => run.scenario.file.sections.find((s) => s.id === id)?.label ?? id;
  const actorLabel = (id: number) => run.actors[id]?.label ?? `actor ${id}`;
  for (let w = Math.min(state.week, run.lastWeek); w >= 0 && items.length < 80; w--) {
    for (const e of run.eventsByFrame.get(w) ?? []) {
      if (e.consortium !== 0) continue;
      if (e.type === 'proposed') continue;
      const words = eventWords(e, actorLabel, sectionLabel);
      if (!words) continue;
      items.push(
        `<li class="${w === state.week ? 'now' : ''}"><span class="wk">wk ${w}</span><span class="ic">${words.icon}</span><span>${esc(words.text)}</span></li>`,
      );
    }
  }
  body.innerHTML = `<p class="intro">What happened so far${run.scenario.consortia > 1 ? ' in consortium 1' : ''}, newest first${state.mode === 'compare' ? ' (scenario A)' : ''}.</p><ul class="log">${items.join('') || '<li><span></span><span></span><span>Nothing yet: press play.</span></li>'}</ul>`;
}

interface Row {
  label: string;
  get: (r: RunData) => number | string;
  fmt?: (v: number) => string;
  /** +1 when more is better, -1 when less is better, 0 when neutral. */
  better?: number;
}

function buildOutcome(): void {
  const body = $('[data-body="outcome"]');
  const shown = slotsShown().filter((s) => runs[s]?.summary);
  if (!shown.length) return;
  const o = (r: RunData) => r.summary!.outcomes;
  const nat = (r: RunData) => r.summary!.national;
  const f1 = (v: number) => v.toFixed(1);
  const f2 = (v: number) => v.toFixed(2);
  const f0 = (v: number) => v.toFixed(0);
  const rows: Row[] = [
    { label: 'Duration (months)', get: (r) => o(r).months, fmt: f1, better: -1 },
    { label: 'Months over the plan', get: (r) => o(r).monthsOverPlan, fmt: f1, better: -1 },
    { label: 'File submitted', get: (r) => (o(r).submitted ? 'yes' : `no (${o(r).gaveUpReason})`) },
    { label: 'Legal structure', get: (r) => LEGAL_WORDS[o(r).legalOutcome || 'none'] ?? o(r).legalOutcome },
    { label: 'Planned meetings held', get: (r) => o(r).meetingsPlanned, fmt: f0, better: 0 },
    { label: 'Extra meetings', get: (r) => o(r).meetingsExtra, fmt: f0, better: -1 },
    { label: 'Working groups', get: (r) => o(r).workingGroups, fmt: f0, better: 0 },
    { label: 'E-I across pillars, end', get: (r) => o(r).eiPillarEnd, fmt: f2, better: 1 },
    { label: 'E-I across lines, end', get: (r) => o(r).eiLineEnd, fmt: f2, better: 1 },
    { label: 'Pillar modularity, end', get: (r) => o(r).modularityPillarEnd, fmt: f2, better: -1 },
    { label: 'Density, end', get: (r) => o(r).density, fmt: f2, better: 1 },
    { label: 'Partners who dropped out', get: (r) => o(r).dropouts, fmt: f0, better: -1 },
    { label: 'Volunteer hours', get: (r) => o(r).volunteerHours, fmt: f0, better: -1 },
    { label: 'Coordinator months unfunded', get: (r) => o(r).coordinatorMonthsUnfunded, fmt: f1, better: -1 },
  ];
  for (const c of runs.A!.controversies)
    rows.push({
      label: `Agreed: ${CONTROVERSY_WORDS[c]?.title ?? c} (week)`,
      get: (r) => {
        const w = o(r).settleWeek[c] ?? -1;
        return w < 0 ? 'never' : w + 1;
      },
      fmt: f0,
      better: -1,
    });
  if (runs.A!.scenario.consortia > 1)
    rows.unshift(
      { label: 'Consortia that submitted', get: (r) => nat(r)?.submittedCount ?? 0, fmt: f0, better: 1 },
      { label: '… within 7 months', get: (r) => nat(r)?.submittedWithin7Months ?? 0, fmt: f0, better: 1 },
      {
        label: 'Median duration, all consortia (months)',
        get: (r) => nat(r)?.medianMonths ?? 0,
        fmt: f1,
        better: -1,
      },
    );
  const compare = shown.length === 2;
  const head = compare ? '<th></th><th>A</th><th>B</th><th>B − A</th>' : '<th></th><th>This run</th>';
  const lines = rows.map((row) => {
    const vals = shown.map((s) => row.get(runs[s]!));
    const cells = vals.map((v) => `<td>${typeof v === 'number' ? (row.fmt ?? f2)(v) : esc(String(v))}</td>`);
    if (compare) {
      const [a, b] = vals;
      if (typeof a === 'number' && typeof b === 'number') {
        const d = b - a;
        const cls =
          row.better && Math.abs(d) > 1e-9 ? (Math.sign(d) === row.better ? 'better' : 'worse') : '';
        cells.push(`<td class="${cls}">${d > 0 ? '+' : ''}${(row.fmt ?? f2)(d)}</td>`);
      } else cells.push(`<td>${a === b ? '=' : '≠'}</td>`);
    }
    return `<tr><td>${row.label}</td>${cells.join('')}</tr>`;
  });
  const names = shown.map((s) => `<b>${s}</b>: ${esc(runs[s]!.scenario.name)}`).join('<br>');
  const seed = runs.A!.seed;
  body.innerHTML = `<p class="intro">${names}<br>Seed ${seed}${compare ? ': both scenarios draw the same partners and the same luck, so differences come from the structure.' : '.'}${compare ? ' Green: B does better; red: B does worse.' : ''}</p>
    <table class="summary" id="summary-table"><thead><tr>${head}</tr></thead><tbody>${lines.join('')}</tbody></table>`;
}

/** What just happened, in one line under the network, held for a few weeks so the room can read it. */
const NEWSWORTHY = new Set(['settled', 'legalChoice', 'workingGroup', 'dropout', 'submitted', 'gaveUp']);
function newsOf(slot: Slot, run: RunData): void {
  const el = $(`#net-${slot.toLowerCase()} .net-news`);
  const sectionLabel = (id: string) => run.scenario.file.sections.find((x) => x.id === id)?.label ?? id;
  const actorLabel = (id: number) => run.actors[id]?.label ?? `actor ${id}`;
  if (state.week === 0 && slot === 'A') {
    const k = run.scenario.consortia;
    el.textContent = `${k > 1 ? `${k} consortia of about ${Math.round(run.actors.length / k)} partners` : `${run.actors.length} partners`} who mostly know their own pillar. Press ▶ or Space to watch them meet.`;
    el.style.opacity = '1';
    return;
  }
  for (let w = state.week; w >= Math.max(0, state.week - 6); w--) {
    const evs = (run.eventsByFrame.get(w) ?? []).filter((e) => e.consortium === 0 && NEWSWORTHY.has(e.type));
    if (!evs.length) continue;
    const e = evs.find((x) => x.type === 'submitted' || x.type === 'gaveUp') ?? evs[evs.length - 1];
    const words = eventWords(e, actorLabel, sectionLabel);
    if (!words) continue;
    el.textContent = `Week ${w} · ${words.text}`;
    el.title = el.textContent;
    el.style.opacity = String(1 - (state.week - w) / 9);
    return;
  }
  el.textContent = '';
}

function updateOutcomeBadges(): void {
  for (const s of ['A', 'B'] as Slot[]) {
    const el = $(`#net-${s.toLowerCase()} .net-outcome`);
    const run = runs[s];
    if (!run?.frames.length) {
      el.textContent = '';
      continue;
    }
    const f = run.frame(state.week);
    newsOf(s, run);
    if (f.consortia.length > 1) {
      const sub = f.consortia.filter((c) => c.status === 'submitted').length;
      const gave = f.consortia.filter((c) => c.status === 'gaveUp').length;
      el.textContent = `${f.consortia.length} consortia · ★ ${sub} submitted${gave ? ` · ✖ ${gave} gave up` : ''}`;
      continue;
    }
    const settled = f.consortia[0]?.controversies.filter((c) => c.status === 'settled').length ?? 0;
    const total = run.controversies.length;
    const st = f.consortia[0]?.status;
    const status =
      st === 'submitted'
        ? '★ file submitted'
        : st === 'gaveUp'
          ? '✖ gave up'
          : `${Math.round((f.consortia[0]?.fileCompletion ?? 0) * 100)}% of the file written`;
    el.textContent = `${settled}/${total} debates settled · ${status}`;
  }
}

function updatePanelsWeek(): void {
  for (const c of charts) c.setWeek(state.week);
  switch (state.tab) {
    case 'controversies':
      updateControversies();
      break;
    case 'file':
      updateFile();
      break;
    case 'log':
      updateLog();
      break;
  }
}

function setTab(tab: string): void {
  state.tab = tab;
  for (const b of $$('.tabs button')) b.setAttribute('aria-selected', String(b.dataset.tab === tab));
  for (const d of $$('.tab-body')) d.hidden = d.dataset.body !== tab;
  if (tab === 'network' && !chartSpecsBuilt) rebuildPanels();
  updatePanelsWeek();
  scheduleHash();
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// ---------------------------------------------------------------- modes

function setMode(mode: Mode): void {
  state.mode = mode;
  if (mode === 'compare' && !state.b) state.b = defaultB();
  for (const b of $$('.modes button')) b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
  const rep = mode === 'replicates';
  $('#main').classList.toggle('replicates-mode', rep);
  $('#stage').hidden = rep;
  $('#panels').hidden = rep;
  $('#replicates').hidden = !rep;
  $('.timeline').hidden = rep;
  $('#net-b').hidden = mode !== 'compare';
  $('.nets').classList.toggle('two', mode === 'compare');
  if (mode === 'compare' && state.b) {
    if (!runs.B) runSlot('B');
    else views.B.setRun(runs.B);
  }
  if (rep) showReplicates();
  showProblems();
  refreshPresetSelects();
  updateScrubber();
  rebuildPanels();
  setWeek(Math.min(state.week, maxWeek()), true);
  scheduleHash();
}

function whatIfHalved(): void {
  const a = state.a;
  const plainDefault = !a.custom && a.preset === 'default' && !Object.keys(a.edits).length && !a.halve;
  state.b =
    plainDefault && halvedPreset ? blankSpec(halvedPreset.id) : { ...structuredClone(a), halve: true };
  runs.B = null;
  runSlot('B');
  setMode('compare');
  toast('B is the same consortium with half as many meetings, spread over the same months.');
}

// ---------------------------------------------------------------- preset pickers

const HALVED_OF_A = '__halved';
const CUSTOM = '__custom';

function specLabel(spec: SlotSpec): string {
  if (spec.custom)
    return `${spec.halve ? 'Meetings halved: ' : ''}${spec.custom.file}${Object.keys(spec.edits).length ? ' (edited)' : ''}`;
  const p = presetById(spec.preset);
  const edited = Object.keys(spec.edits).length ? ' (edited)' : '';
  return `${spec.halve ? 'Meetings halved: ' : ''}${p?.name ?? spec.preset}${edited}`;
}

function refreshPresetSelects(): void {
  for (const slot of ['A', 'B'] as Slot[]) {
    const sel = $<HTMLSelectElement>(`#net-${slot.toLowerCase()} .net-preset`);
    const spec = slot === 'A' ? state.a : state.b;
    if (!spec) continue;
    const opts: string[] = [];
    const isPlain = !spec.custom && !spec.halve && !Object.keys(spec.edits).length;
    if (!isPlain) opts.push(`<option value="${CUSTOM}" selected>${esc(specLabel(spec))}</option>`);
    for (const p of PRESETS)
      opts.push(
        `<option value="${p.id}" ${isPlain && p.id === spec.preset ? 'selected' : ''}>${esc(p.name)}</option>`,
      );
    if (slot === 'B') opts.push(`<option value="${HALVED_OF_A}">Scenario A with meetings halved</option>`);
    sel.innerHTML = opts.join('');
    sel.title = specLabel(spec);
  }
}

function choosePreset(slot: Slot, value: string): void {
  if (value === CUSTOM) return;
  const spec: SlotSpec =
    value === HALVED_OF_A ? { ...structuredClone(state.a), halve: true } : blankSpec(value);
  if (slot === 'A') state.a = spec;
  else state.b = spec;
  runSlot(slot);
  if (slot === 'A' && state.b?.halve && state.mode === 'compare') {
    state.b = { ...structuredClone(spec), halve: true };
    runSlot('B');
  }
  refreshPresetSelects();
  if (editorOpen()) rebuildEditor(true);
  scheduleHash();
}

// ---------------------------------------------------------------- editor

let editorSlot: Slot = 'A';
const editorOpen = () => !$('#editor').hidden;

function rebuildEditor(force: boolean): void {
  const body = $('#editor-body');
  if (!force && body.contains(document.activeElement) && document.activeElement !== body) return;
  if (editorSlot === 'B' && !(state.mode === 'compare' && state.b)) editorSlot = 'A';
  const spec = editorSlot === 'A' ? state.a : state.b!;
  buildEditor(body, {
    slot: editorSlot,
    compare: state.mode === 'compare' && !!state.b,
    spec,
    scenario: runs[editorSlot]?.scenario ?? null,
    seed: state.seed ?? runs.A?.scenario.seed ?? 1,
    presets: PRESETS.map((p) => ({ id: p.id, name: p.name })),
    onSlot(s) {
      editorSlot = s;
      rebuildEditor(true);
    },
    onPreset(id) {
      choosePreset(editorSlot, id);
    },
    onEdit(path, value) {
      spec.edits[path] = value;
      debounceRun(editorSlot);
      refreshPresetSelects();
      scheduleHash();
    },
    onSeed(seed) {
      state.seed = seed;
      debounceRun('A');
      if (state.mode === 'compare') debounceRun('B');
      scheduleHash();
    },
    onReset() {
      spec.edits = {};
      runSlot(editorSlot);
      refreshPresetSelects();
      rebuildEditor(true);
      scheduleHash();
    },
    onLoad() {
      $<HTMLInputElement>('#file-input').click();
    },
    onSave() {
      saveScenario(editorSlot);
    },
  });
}

const runTimers: Partial<Record<Slot, number>> = {};
function debounceRun(slot: Slot): void {
  clearTimeout(runTimers[slot]);
  runTimers[slot] = window.setTimeout(() => runSlot(slot), 200);
}

async function loadFile(file: File): Promise<void> {
  const text = await file.text();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    problems[editorSlot] = [
      { file: file.name, path: '(file)', message: `not valid JSON: ${(e as Error).message}` },
    ];
    showProblems();
    return;
  }
  const spec: SlotSpec = { preset: 'default', edits: {}, halve: false, custom: { raw, file: file.name } };
  if (editorSlot === 'A') state.a = spec;
  else state.b = spec;
  runSlot(editorSlot);
  refreshPresetSelects();
  scheduleHash();
}

function saveScenario(slot: Slot): void {
  const run = runs[slot];
  if (!run) return;
  const { $schema: _s, ...body } = run.scenario as Scenario & { $schema?: string };
  download(`${run.scenario.id}.json`, `${JSON.stringify(body, null, 2)}\n`, 'application/json');
}

// ---------------------------------------------------------------- replicates

function showReplicates(): void {
  const count = Number($<HTMLInputElement>('#rep-count').value) || 100;
  $('#rep-run').textContent = `Run ${count} replicates${state.b ? ' of A and B' : ''}`;
  renderReplicates($('#rep-charts'), reps, runs.A?.scenario.calendar.plannedWeeks ?? 30);
}

function runReplicates(): void {
  const count = Math.max(2, Math.min(1000, Number($<HTMLInputElement>('#rep-count').value) || 100));
  const slots: Slot[] = state.b ? ['A', 'B'] : ['A'];
  const progress: Record<string, number> = {};
  const bar = $('#rep-progress');
  bar.hidden = false;
  for (const s of slots) {
    delete reps[s];
    progress[s] = 0;
  }
  const spec = (s: Slot) => (s === 'A' ? state.a : state.b!);
  const paint = () => {
    const done = Object.values(progress).reduce((a, b) => a + b, 0);
    const total = count * slots.length;
    ($('.bar', bar) as HTMLElement).style.width = `${(100 * done) / total}%`;
    $('.label', bar).textContent = done >= total ? `${total} runs done` : `${done} of ${total} runs…`;
  };
  paint();
  for (const s of slots)
    client.replicates(s, sourceOf(spec(s)), state.seed, count, {
      onProgress(done) {
        progress[s] = done;
        paint();
      },
      onDone(scenario, rows) {
        reps[s] = { scenario, rows, label: s === 'A' ? 'A' : 'B' };
        progress[s] = count;
        paint();
        showReplicates();
      },
      onProblems(p) {
        problems[s] = p;
        showProblems();
      },
    });
}

// ---------------------------------------------------------------- export

async function doExport(kind: string): Promise<void> {
  const A = runs.A;
  if (!A) return;
  const shown = slotsShown().filter((s) => runs[s]);
  const stamp = `week-${state.week}`;
  const title = (s: Slot) =>
    `${shown.length > 1 ? `${s}: ` : ''}${runs[s]!.scenario.name} — week ${state.week}`;
  switch (kind) {
    case 'png': {
      const blob = await composePNG(
        shown.map((s) => views[s].canvas),
        shown.map(title),
        `pilotnet · seed ${A.seed} · ${calendarOf(A, state.week)} · colour = pillar, shape = care line`,
      );
      download(`pilotnet-${A.scenario.id}-${stamp}.png`, blob);
      break;
    }
    case 'svg':
      download(`pilotnet-${A.scenario.id}-${stamp}.svg`, views.A.toSVG(title('A')), 'image/svg+xml');
      break;
    case 'csv':
      download(
        `pilotnet-${A.scenario.id}-weekly.csv`,
        weeklyCSV(shown.map((s) => ({ label: runs[s]!.scenario.id, run: runs[s]! }))),
        'text/csv',
      );
      break;
    case 'gexf':
      download(`pilotnet-${A.scenario.id}-${stamp}.gexf`, await gexfAt(A, state.week), 'application/xml');
      break;
    case 'json':
      saveScenario('A');
      break;
  }
}

// ---------------------------------------------------------------- URL state

let hashTimer = 0;
let restoring = true;
function scheduleHash(): void {
  if (restoring) return;
  clearTimeout(hashTimer);
  hashTimer = window.setTimeout(async () => {
    const h = await encodeState(state);
    history.replaceState(null, '', `#${h}`);
  }, 250);
}

async function restore(): Promise<void> {
  const saved = await decodeState(location.hash);
  if (saved) {
    if (saved.a) state.a = { ...blankSpec(), ...saved.a };
    state.b = saved.b ? { ...blankSpec(), ...saved.b } : null;
    state.mode = saved.mode ?? 'watch';
    state.seed = saved.seed ?? null;
    state.sizeBy = saved.sizeBy === 'betweenness' ? 'betweenness' : 'degree';
    state.large = !!saved.large;
    state.tab = saved.tab ?? 'network';
    state.speed = saved.speed ?? 4;
    pendingWeek = saved.week ?? 0;
  }
}

// ---------------------------------------------------------------- wiring

function setLarge(on: boolean): void {
  state.large = on;
  document.documentElement.classList.toggle('large', on);
  $('#large-btn').setAttribute('aria-pressed', String(on));
  if (chartSpecsBuilt) rebuildPanels();
  scheduleHash();
}

function updateTagline(): void {
  const a = runs.A;
  if (!a?.summary) return;
  const o = a.summary.outcomes;
  const n = a.summary.national;
  $('#tagline').textContent = n
    ? `${n.submittedCount} of ${n.consortia} consortia submitted · median ${n.medianMonths.toFixed(1)} months`
    : o.submitted
      ? `File submitted after ${o.months.toFixed(1)} months (planned: 7)`
      : 'The file was never submitted';
}

function wire(): void {
  for (const b of $$('.modes button')) b.onclick = () => setMode(b.dataset.mode as Mode);
  for (const b of $$('.tabs button')) b.onclick = () => setTab(b.dataset.tab!);
  $('#play-btn').onclick = () => play(!playing);
  $('#step-btn').onclick = () => {
    play(false);
    goTo(state.week + 1);
  };
  $('#back-btn').onclick = () => {
    play(false);
    goTo(state.week - 1);
  };
  const speed = $<HTMLSelectElement>('#speed');
  speed.value = String(state.speed);
  speed.onchange = () => {
    state.speed = Number(speed.value);
    scheduleHash();
  };
  $<HTMLInputElement>('#scrubber').oninput = (e) => {
    goTo(Number((e.target as HTMLInputElement).value));
  };
  $('#halve-btn').onclick = whatIfHalved;
  $('#large-btn').onclick = () => setLarge(!state.large);
  $('#edit-btn').onclick = () => {
    const open = !editorOpen();
    $('#editor').hidden = !open;
    $('#edit-btn').setAttribute('aria-expanded', String(open));
    if (open) rebuildEditor(true);
  };
  $('#editor-close').onclick = () => {
    $('#editor').hidden = true;
    $('#edit-btn').setAttribute('aria-expanded', 'false');
  };
  $<HTMLInputElement>('#file-input').onchange = (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void loadFile(file);
    input.value = '';
  };
  const menu = $('#export-menu .menu-list');
  $('#export-btn').onclick = (e) => {
    e.stopPropagation();
    menu.hidden = !menu.hidden;
    $('#export-btn').setAttribute('aria-expanded', String(!menu.hidden));
  };
  document.addEventListener('click', () => (menu.hidden = true));
  for (const b of $$('[data-export]', menu))
    b.onclick = () => {
      menu.hidden = true;
      void doExport(b.dataset.export!);
    };
  $('#share-btn').onclick = async () => {
    const h = await encodeState(state);
    history.replaceState(null, '', `#${h}`);
    try {
      await navigator.clipboard.writeText(location.href);
      toast('Link copied: it opens this exact view.');
    } catch {
      toast('Copy this address to share the view: it is in the address bar.');
    }
  };
  $('#rep-run').onclick = runReplicates;
  $<HTMLInputElement>('#rep-count').onchange = showReplicates;
  for (const slot of ['A', 'B'] as Slot[]) {
    const sel = $<HTMLSelectElement>(`#net-${slot.toLowerCase()} .net-preset`);
    sel.onchange = () => choosePreset(slot, sel.value);
    views[slot].onHover = (id, x, y) => showTooltip(slot, id, x, y);
  }
  document.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement;
    if (
      t.closest('input, select, textarea, [contenteditable]') &&
      !(t as HTMLInputElement).matches?.('#scrubber')
    )
      return;
    if (state.mode === 'replicates') return;
    if (e.key === ' ') {
      e.preventDefault();
      play(!playing);
    } else if (e.key === 'ArrowRight') {
      e.preventDefault();
      play(false);
      goTo(state.week + 1);
    } else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      play(false);
      goTo(state.week - 1);
    } else if (e.key === 'Home') goTo(0);
    else if (e.key === 'End') goTo(maxWeek());
  });
  window.addEventListener('resize', () => {
    if (chartSpecsBuilt) rebuildPanels();
  });
}

// ---------------------------------------------------------------- test hook (read-only)

Object.defineProperty(window, '__pilotnet', {
  value: Object.freeze({
    get week() {
      return state.week;
    },
    get maxWeek() {
      return maxWeek();
    },
    get mode() {
      return state.mode;
    },
    get playing() {
      return playing;
    },
    get ties() {
      return views.A.stats.ties;
    },
    get tiesB() {
      return state.mode === 'compare' ? views.B.stats.ties : null;
    },
    get drawnWeek() {
      return views.A.stats.week;
    },
    get actors() {
      return runs.A?.actors.length ?? 0;
    },
    get fps() {
      return fpsWindow.length;
    },
    get ready() {
      return slotsShown().every((s) => runs[s]?.done) && problems.A.length === 0;
    },
    get months() {
      return slotsShown().map((s) => runs[s]?.summary?.outcomes.months ?? null);
    },
    get scenarios() {
      return slotsShown().map((s) => runs[s]?.scenario.id ?? null);
    },
    get problems() {
      return [...problems.A, ...problems.B].length;
    },
    get replicates() {
      return Object.fromEntries(Object.entries(reps).map(([k, v]) => [k, v?.rows.length ?? 0]));
    },
    state: () => structuredClone(state),
  }),
});

async function main(): Promise<void> {
  await restore();
  buildLegend();
  wire();
  setLarge(state.large);
  setSizeBy(state.sizeBy);
  refreshPresetSelects();
  runSlot('A');
  setMode(state.mode);
  setTab(state.tab);
  restoring = false;
  requestAnimationFrame(loop);
}

void main();
