// Designs: the front of a saved design search (front.json, written by `pilotnet search`) as a
// scatter of two chosen objectives, the rest on hover; a click watches the design against Figure 1
// (the default, as A) in compare mode; "Export scenario" saves it as a scenario file. Everything
// read from the file reaches the page as text (d3's .text(), textContent), never as markup; the
// file's size and the number of designs are limited.
import * as d3 from 'd3';
import exampleFront from '../scenarios/fronts/fewer-meetings.json?url';
import { $, runs, state, toast } from './app.ts';
import { designWords, outcomeAxis, searchWords } from './design-words.ts';
import { download } from './exporters.ts';
import { setMode } from './header.ts';
import { runSlot } from './runs.ts';
import { publish, subscribe } from './store.ts';
import { scheduleHash } from './url-state.ts';

export const DESIGN_LIMITS = { bytes: 20_000_000, designs: 2000, outcomes: 64, variables: 64 } as const;

interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
}
export interface FrontDesign {
  design: number;
  values: Record<string, unknown>;
  outcomes: Record<string, Estimate>;
  scenario: Record<string, unknown>;
}
export interface Front {
  search: string;
  objectives: { outcome: string; goal: string }[];
  designs: FrontDesign[];
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Check a parsed front.json: every problem as "path: message", or the front. */
export function parseFront(raw: unknown): { ok: true; front: Front } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (!isObj(raw))
    return { ok: false, problems: ['(root): expected the object pilotnet search writes to front.json'] };
  const search = typeof raw.search === 'string' ? raw.search.slice(0, 200) : '';
  if (!search) problems.push('search: expected the search id');
  const objectives = Array.isArray(raw.objectives) ? raw.objectives : [];
  if (objectives.length === 0 || objectives.length > 8)
    problems.push('objectives: expected 1 to 8 objectives');
  objectives.forEach((o, i) => {
    if (!isObj(o) || typeof o.outcome !== 'string' || (o.goal !== 'min' && o.goal !== 'max'))
      problems.push(`objectives[${i}]: expected {outcome, goal: "min" | "max"}`);
  });
  const designs = Array.isArray(raw.designs) ? raw.designs : null;
  if (!designs) problems.push('designs: expected a list');
  else if (designs.length > DESIGN_LIMITS.designs)
    problems.push(`designs: ${designs.length} designs; at most ${DESIGN_LIMITS.designs}`);
  else
    designs.forEach((d, i) => {
      if (
        !isObj(d) ||
        !Number.isInteger(d.design) ||
        !isObj(d.values) ||
        !isObj(d.outcomes) ||
        !isObj(d.scenario)
      ) {
        problems.push(`designs[${i}]: expected {design, values, outcomes, scenario}`);
        return;
      }
      if (Object.keys(d.values).length > DESIGN_LIMITS.variables)
        problems.push(`designs[${i}].values: too many`);
      if (Object.keys(d.outcomes).length > DESIGN_LIMITS.outcomes)
        problems.push(`designs[${i}].outcomes: too many`);
      for (const k of [...Object.keys(d.values), ...Object.keys(d.outcomes)])
        if (FORBIDDEN.has(k)) problems.push(`designs[${i}]: "${k}" is not allowed as a name`);
      for (const [k, e] of Object.entries(d.outcomes))
        if (!isObj(e) || !(e.value === null || typeof e.value === 'number'))
          problems.push(`designs[${i}].outcomes.${k}: expected {value, low, high}`);
    });
  if (problems.length) return { ok: false, problems: problems.slice(0, 20) };
  return {
    ok: true,
    front: {
      search,
      objectives: objectives as Front['objectives'],
      designs: designs as unknown as FrontDesign[],
    },
  };
}

const fmt = (v: number | null | undefined) =>
  typeof v === 'number' && Number.isFinite(v) ? d3.format('.3~g')(v) : '–';
const valueText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * What a design is in the analysts' terms, in one line of text: its choices and every outcome with
 * its interval, by their field names (the tooltip of the words the room reads, design-words.ts).
 */
export function designText(d: FrontDesign): string {
  const choices = Object.entries(d.values)
    .map(([k, v]) => `${k} ${valueText(v)}`)
    .join(', ');
  const outs = Object.entries(d.outcomes)
    .map(
      ([k, e]) =>
        `${k} ${fmt(e.value)}${e.low !== null && e.high !== null ? ` (${fmt(e.low)}–${fmt(e.high)})` : ''}`,
    )
    .join('; ');
  return `Design ${d.design}: ${choices}. ${outs}.`;
}

const view = { front: null as Front | null, x: '', y: '', chosen: null as FrontDesign | null };

function panel(): HTMLElement {
  let p = document.getElementById('designs');
  if (p) return p;
  p = document.createElement('section');
  p.id = 'designs';
  p.className = 'designs-panel';
  p.hidden = true;
  p.setAttribute('aria-label', 'Other set-ups, found by a search');
  // Constant markup written here; every value from a file goes in as text below.
  p.innerHTML = `
    <header><h2>Other set-ups, found by a search</h2><button type="button" id="designs-close" aria-label="Close">×</button></header>
    <p class="note">An analyst’s search of the model for set-ups that beat the coaches’ structure leaves a file, <code>front.json</code>. Open it here, then click a set-up to watch it beside the coaches’ structure (A).</p>
    <label class="designs-open">Open a search’s file <input type="file" id="designs-file" accept=".json,application/json"></label>
    <p class="note">Or <button type="button" class="link-btn" id="designs-example">open the example</button>: set-ups with fewer meetings planned in all (the coaches’ structure plans 14) that take as little time as they can, none more than a month longer, with nearly every consortium still submitting its file.</p>
    <p id="designs-problems" class="problems" hidden></p>
    <div class="designs-shown" hidden>
      <div class="designs-axes">
        <label>across <select id="designs-x"></select></label>
        <label>up <select id="designs-y"></select></label>
      </div>
      <svg id="designs-plot" viewBox="0 0 360 260" role="img" aria-label="One dot per set-up the search found"></svg>
      <p id="designs-detail" class="note" aria-live="polite"></p>
      <button type="button" id="designs-export" disabled>Export scenario</button>
    </div>`;
  document.body.appendChild(p);
  $('#designs-example', p).onclick = () => void openExample();
  $('#designs-close', p).onclick = () => {
    p.hidden = true;
  };
  // Shown or hidden (the header's button, ×, a front opened): fitted above the timeline each time.
  new MutationObserver(() => fitPanel()).observe(p, { attributes: true, attributeFilter: ['hidden'] });
  // The timeline grows and shrinks with what it shows (a comparison's marks, a run's planned end).
  const foot = document.querySelector('footer.timeline');
  if (foot) new ResizeObserver(() => fitPanel()).observe(foot);
  $<HTMLInputElement>('#designs-file', p).onchange = (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void openFront(file);
    input.value = '';
  };
  for (const id of ['#designs-x', '#designs-y'])
    $<HTMLSelectElement>(id, p).onchange = () => {
      view.x = $<HTMLSelectElement>('#designs-x', p).value;
      view.y = $<HTMLSelectElement>('#designs-y', p).value;
      draw();
    };
  $('#designs-export', p).onclick = () => {
    if (view.chosen) exportDesign(view.chosen);
  };
  return p;
}

/**
 * The panel is a drawer over the panes (a design is watched on them, beside it), ending above the
 * timeline: over it, it hid the slider's right end and the week's clock at 1366×768 while a chosen
 * set-up was to be played. Where no timeline shows (100 runs), the stylesheet's height holds.
 */
function fitPanel(): void {
  const p = document.getElementById('designs');
  if (!p || p.hidden) return;
  p.style.maxHeight = '';
  const foot = document.querySelector<HTMLElement>('footer.timeline');
  const top = foot?.getClientRects().length ? foot.getBoundingClientRect().top : null;
  if (top === null) return;
  const room = Math.floor(top - p.getBoundingClientRect().top - 8);
  if (room > 120) p.style.maxHeight = `${room}px`;
  // A set-up being watched: what is watched and its export stay in view as the panel's height changes.
  if (view.chosen) $('#designs-export', p).scrollIntoView({ block: 'nearest' });
}
subscribe('layout', 'designs', fitPanel);
subscribe('mode', 'designs', fitPanel);

async function openFront(file: File): Promise<void> {
  if (file.size > DESIGN_LIMITS.bytes)
    return showProblems(file.name, [`${file.size} bytes; at most ${DESIGN_LIMITS.bytes}`]);
  openFrontText(file.name, await file.text());
}

/** The example: the front `pilotnet search fewer-meetings` writes (scenarios/fronts/), shipped with the view. */
async function openExample(): Promise<void> {
  const name = 'the example';
  try {
    const res = await fetch(exampleFront);
    if (!res.ok) return showProblems(name, [`could not be read (${res.status})`]);
    openFrontText(name, await res.text());
  } catch (e) {
    showProblems(name, [`could not be read (${(e as Error).message})`]);
  }
}

function showProblems(name: string, lines: string[]): void {
  const shown = $('#designs-problems');
  shown.textContent = lines.map((l) => `${name}: ${l}`).join('\n');
  shown.hidden = false;
}

function openFrontText(name: string, text: string): void {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    showProblems(name, [`not valid JSON: ${(e as Error).message}`]);
    return;
  }
  const res = parseFront(raw);
  if (!res.ok) {
    showProblems(name, res.problems);
    return;
  }
  $('#designs-problems').hidden = true;
  showFront(res.front);
}

/** Show a front: the axis choices (the first two objectives), then the plot. */
export function showFront(front: Front): void {
  const p = panel();
  p.hidden = false;
  // The axes, the plot and the export wait for a file: before one, two empty lists and a button
  // told the room nothing.
  $<HTMLElement>('.designs-shown', p).hidden = false;
  view.front = front;
  view.chosen = null;
  const names = [...new Set(front.designs.flatMap((d) => Object.keys(d.outcomes)))];
  const objectives = front.objectives.map((o) => o.outcome).filter((o) => names.includes(o));
  view.x = objectives[0] ?? names[0] ?? '';
  view.y = objectives[1] ?? names[1] ?? view.x;
  for (const [id, value] of [
    ['#designs-x', view.x],
    ['#designs-y', view.y],
  ] as const) {
    d3.select(p)
      .select(id)
      .selectAll('option')
      .data(names)
      .join('option')
      .attr('value', (d) => d)
      .attr('title', (d) => d)
      .text((d) => outcomeAxis(d));
    $<HTMLSelectElement>(id, p).value = value;
  }
  const detail = $('#designs-detail', p);
  detail.textContent = `${front.designs.length === 1 ? 'One set-up' : `${front.designs.length} set-ups`} found by the search “${searchWords(front.search)}”. Point at a dot to read it; click it to watch it beside the coaches’ structure (A).`;
  detail.title = `${front.designs.length} designs of search ${front.search}`;
  $<HTMLButtonElement>('#designs-export', p).disabled = true;
  draw();
}

function draw(): void {
  const front = view.front;
  if (!front) return;
  const svg = d3.select<SVGSVGElement, unknown>('#designs-plot');
  const W = 360;
  const H = 260;
  const m = { l: 48, r: 12, t: 10, b: 36 };
  const at = (d: FrontDesign, k: string) => d.outcomes[k]?.value ?? Number.NaN;
  // A design's interval on an outcome (the search's 95% over replicates, or its range over draws);
  // its value where the front gives none.
  const span = (d: FrontDesign, k: string): [number, number] => {
    const o = d.outcomes[k];
    const v = at(d, k);
    const lo = typeof o?.low === 'number' && Number.isFinite(o.low) ? Math.min(o.low, v) : v;
    const hi = typeof o?.high === 'number' && Number.isFinite(o.high) ? Math.max(o.high, v) : v;
    return [lo, hi];
  };
  const shown = front.designs.filter((d) => Number.isFinite(at(d, view.x)) && Number.isFinite(at(d, view.y)));
  // The axes take in every interval drawn: fitted to the dots alone, 9.45 to 9.8 months filled the
  // plot and differences well inside the designs' intervals looked large.
  const ext = (k: string): [number, number] => {
    const lo = d3.min(shown, (d) => span(d, k)[0]);
    const hi = d3.max(shown, (d) => span(d, k)[1]);
    if (lo === undefined || hi === undefined) return [0, 1];
    if (lo === hi) return [lo - 1, hi + 1];
    // A little room at each end: a design at the edge sat on the axis, its interval hidden by it.
    const pad = 0.05 * (hi - lo);
    return [lo - pad, hi + pad];
  };
  const sx = d3
    .scaleLinear()
    .domain(ext(view.x))
    .nice()
    .range([m.l, W - m.r]);
  const sy = d3
    .scaleLinear()
    .domain(ext(view.y))
    .nice()
    .range([H - m.b, m.t]);
  svg.selectAll('*').remove();
  svg
    .append('g')
    .attr('transform', `translate(0,${H - m.b})`)
    .call(d3.axisBottom(sx).ticks(5));
  svg.append('g').attr('transform', `translate(${m.l},0)`).call(d3.axisLeft(sy).ticks(5));
  svg
    .append('text')
    .attr('x', (m.l + W - m.r) / 2)
    .attr('y', H - 4)
    .attr('text-anchor', 'middle')
    .text(outcomeAxis(view.x));
  svg
    .append('text')
    .attr('transform', `translate(12 ${(m.t + H - m.b) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(outcomeAxis(view.y));
  // Each design's interval, on either axis where it has one, under its dot.
  const bars = svg.append('g').attr('class', 'design-intervals');
  for (const d of shown) {
    const [x0, x1] = span(d, view.x).map(sx);
    const [y0, y1] = span(d, view.y).map(sy);
    const [cx, cy] = [sx(at(d, view.x)), sy(at(d, view.y))];
    for (const [axis, a, b] of [
      ['y', [cx, y0], [cx, y1]],
      ['x', [x0, cy], [x1, cy]],
    ] as const)
      if (a[0] !== b[0] || a[1] !== b[1])
        bars
          .append('line')
          .attr('data-design', d.design)
          .attr('data-axis', axis)
          .attr('x1', a[0])
          .attr('y1', a[1])
          .attr('x2', b[0])
          .attr('y2', b[1]);
  }
  const dots = svg
    .append('g')
    .selectAll('circle')
    .data(shown)
    .join('circle')
    .attr('class', 'design-dot')
    .attr('data-design', (d) => d.design)
    .attr('cx', (d) => sx(at(d, view.x)))
    .attr('cy', (d) => sy(at(d, view.y)))
    .attr('r', 6)
    .attr('tabindex', 0)
    .classed('chosen', (d) => d === view.chosen);
  dots.append('title').text((d) => designWords(d));
  dots
    .on('mouseenter focus', (_e, d) => {
      showDetail(designWords(d), d);
    })
    .on('click keydown', (e: Event, d) => {
      if (e.type === 'keydown' && (e as KeyboardEvent).key !== 'Enter') return;
      watchDesign(d);
    });
}

/** The detail line: a design in words, its analysts' line (field names) as the tooltip. */
function showDetail(text: string, d: FrontDesign): void {
  const detail = $('#designs-detail');
  detail.textContent = text;
  detail.title = designText(d);
}

/** The name B's pane gives a design: "Set-up 3 found by the search “fewer meetings”". */
export const designName = (d: FrontDesign, search: string) =>
  `Set-up ${d.design} found by the search “${searchWords(search)}”`;

/** Watch a design (B) against Figure 1, the default (A), in compare mode. */
export function watchDesign(d: FrontDesign): void {
  view.chosen = d;
  const file = `design-${d.design}.json`;
  state.a = { preset: 'default', edits: {}, halve: false, custom: null };
  state.whatIf = null;
  state.b = {
    preset: 'default',
    edits: {},
    halve: false,
    // Named for the room on B's pane ("Design 3 of search fewer-meetings" was the analysts' name);
    // "Export scenario" still saves the scenario as the search wrote it.
    custom: { raw: { ...structuredClone(d.scenario), name: designName(d, view.front?.search ?? '') }, file },
  };
  runs.A = null;
  runs.B = null;
  runSlot('A');
  runSlot('B');
  setMode('compare');
  publish('scenario');
  scheduleHash();
  showDetail(`Watching ${designWords(d)}`, d);
  $<HTMLButtonElement>('#designs-export').disabled = false;
  // Where the panel scrolls (it ends above the timeline), the line saying what is watched and its
  // export come into view: below the fold, a click seemed to do nothing in the panel.
  $('#designs-export').scrollIntoView({ block: 'nearest' });
  d3.selectAll<SVGCircleElement, FrontDesign>('#designs-plot circle').classed('chosen', (x) => x === d);
  toast(`Set-up ${d.design} (B) beside the coaches’ structure (A)`);
}

/** Save a design as a scenario file (what `pilotnet search` wrote as design-<n>.json). */
export function exportDesign(d: FrontDesign): void {
  const id =
    typeof d.scenario.id === 'string'
      ? d.scenario.id.replace(/[^\w.-]+/g, '-').slice(0, 64)
      : `design-${d.design}`;
  download(`${id}.json`, `${JSON.stringify(d.scenario, null, 2)}\n`, 'application/json');
}

/**
 * The hook-in: an "Other set-ups" button in the header's tools that opens the panel (named
 * "Designs", it told a room of partners nothing; its tooltip says what it holds).
 */
export function wireDesigns(): void {
  // Among the secondary tools (before Export), which presenting fold behind More.
  const exportMenu = document.getElementById('export-menu');
  const tools = exportMenu?.parentElement;
  if (!tools || document.getElementById('designs-btn')) return;
  const b = document.createElement('button');
  b.type = 'button';
  b.id = 'designs-btn';
  b.title =
    'Set-ups a search of the model found (open its front.json file): pick one and watch it beside the coaches’ structure';
  b.textContent = 'Other set-ups';
  b.onclick = () => {
    const p = panel();
    p.hidden = !p.hidden;
  };
  tools.insertBefore(b, exportMenu);
}
