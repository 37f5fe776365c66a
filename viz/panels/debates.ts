// The Debates tab: each partner's position on each controversy, the spread of views over time, the
// week a debate was settled and what was agreed (A and B when comparing).
import * as d3 from 'd3';
import { $, endTold, maxWeek, runs, seenTo, seriesOf, state, taggedLabel } from '../app.ts';
import { el } from '../dom.ts';
import { PILLAR_COLOURS } from '../marks.ts';
import { horizon } from '../present.ts';
import type { Frame } from '../protocol.ts';
import { CONTROVERSY_WORDS, settlementWords } from '../words.ts';

interface ControRow {
  dots: d3.Selection<SVGCircleElement, number, SVGGElement, unknown>;
  chip: HTMLElement;
  chipB: HTMLElement | null;
  outcomeB: HTMLElement | null;
  outcome: HTMLElement;
  cursor: d3.Selection<SVGLineElement, unknown, null, undefined>;
  x: d3.ScaleLinear<number, number>;
  t: d3.ScaleLinear<number, number>;
  agreed: d3.Selection<SVGPathElement, unknown, null, undefined>;
  settledMark: d3.Selection<SVGLineElement, unknown, null, undefined> | null;
  settledAt: number;
  spread: d3.Selection<SVGRectElement, unknown, null, undefined> | null;
  ci: number;
  /** The track's middle (the agreed diamond stands on it). */
  mid: number;
  /** The spread over time, as drawn, with what redraws it on another scale. */
  area: d3.Selection<SVGPathElement, unknown, null, undefined>;
  dispersion: number[];
  dy: d3.ScaleLinear<number, number>;
}
let controRows: ControRow[] = [];

export function buildControversies(): void {
  const body = $('[data-body="controversies"]');
  body.replaceChildren();
  controRows = [];
  const run = runs.A;
  if (!run?.done) return;
  const intro = document.createElement('p');
  intro.className = 'intro';
  intro.textContent =
    'Each dot is a partner’s position on a debated question, coloured by pillar. Watch the dots gather as meetings bring people together; the grey curve shows how spread out the views are; a dark diamond marks the position agreed once a debate is settled.';
  // A national run: the debates of the consortium the charts follow, said so.
  if (run.scenario.consortia > 1)
    intro.textContent = `The debates of consortium ${state.follow + 1}, the one the charts follow. ${intro.textContent}`;
  const members = run.actors.filter((a) => a.consortium === state.follow);
  const compare = state.mode === 'compare' && !!runs.B;
  if (compare)
    intro.textContent += ` Dots and curve: ${taggedLabel('A')}. The chips say where each debate stands in A and in B.`;
  body.appendChild(intro);
  const width = 360;
  const weeks = horizon();
  // Until the ending is told the spread and the settled marks grow with the weeks watched (seenTo).
  const hide = state.present || !endTold(maxWeek());
  run.controversies.forEach((c, ci) => {
    const words = CONTROVERSY_WORDS[c] ?? { title: c, short: c, low: '0', high: '1' };
    const chip = el('span', { class: 'chip open' }, 'open');
    const chipB = compare ? el('span', { class: 'chip open b' }, 'B: open') : null;
    const div = el(
      'div',
      { class: 'contro' },
      el(
        'div',
        { class: 'contro-head' },
        el('h4', null, words.title),
        el('span', { class: 'chips' }, chip, chipB),
      ),
    );
    body.appendChild(div);
    // The track with the partners' dots, the poles under it as text (they wrap, never overlap, at
    // any type size), then the spread of views over time with its label beside it.
    // Presenting, the track and its dots half as large again: at 3.6 px the partners' dots were
    // specks from the back of a room.
    const k = state.present ? 1.5 : 1;
    const mid = 16 * k;
    const svg = d3
      .select(div)
      .append('svg')
      .attr('viewBox', `0 0 ${width} ${28 * k}`)
      .attr('height', 28 * k);
    div.appendChild(
      el('div', { class: 'poles' }, el('span', null, words.low), el('span', { class: 'high' }, words.high)),
    );
    const spreadRow = el(
      'div',
      { class: 'spread-row' },
      el('span', { class: 'spread-label' }, 'spread of views'),
    );
    div.appendChild(spreadRow);
    const spreadSvg = d3
      .select(spreadRow)
      .append('svg')
      .attr('viewBox', `0 0 ${width} 24`)
      .attr('height', 24);
    const x = d3
      .scaleLinear()
      .domain([0, 1])
      .range([8, width - 8]);
    const t = d3
      .scaleLinear()
      .domain([0, Math.max(1, weeks)])
      .range([2, width - 2]);
    // Spread over time (dispersion), as a light area.
    const disp = seriesOf(run, (r) => r.dispersion[ci]);
    // From the narrowest to the widest spread of this run, so convergence shows even when modest.
    const [minD, maxD] = d3.extent(disp.filter(Number.isFinite)) as [number, number];
    const dy = d3
      .scaleLinear()
      .domain([Math.max(0, (minD ?? 0) - 0.2 * ((maxD ?? 1) - (minD ?? 0))), Math.max(1e-6, maxD ?? 1)])
      .range([24, 2]);
    const area = spreadSvg
      .append('path')
      .attr('d', spreadPath(t, dy, disp))
      .attr('fill', '#cbd5e1')
      .attr('clip-path', hide ? `url(#spread-${ci})` : null);
    const spread = hide
      ? spreadSvg
          .append('clipPath')
          .attr('id', `spread-${ci}`)
          .append('rect')
          .attr('height', 24)
          .attr('width', 0)
      : null;
    const settled = run.summary?.outcomes.settleWeek[c] ?? -1;
    let settledMark: d3.Selection<SVGLineElement, unknown, null, undefined> | null = null;
    if (settled >= 0) {
      settledMark = spreadSvg
        .append('line')
        .attr('x1', t(settled + 1))
        .attr('x2', t(settled + 1))
        .attr('y1', 0)
        .attr('y2', 24)
        .attr('stroke', '#047857')
        .attr('stroke-width', 2);
    }
    const cursor = spreadSvg
      .append('line')
      .attr('y1', 0)
      .attr('y2', 24)
      .attr('stroke', '#111827')
      .attr('opacity', 0.6);
    svg
      .append('line')
      .attr('x1', x(0))
      .attr('x2', x(1))
      .attr('y1', mid)
      .attr('y2', mid)
      .attr('stroke', '#e5e7eb')
      .attr('stroke-width', 6 * k)
      .attr('stroke-linecap', 'round');
    const dots = svg
      .append('g')
      .selectAll<SVGCircleElement, number>('circle')
      .data(members.map((m) => m.id))
      .join('circle')
      .attr('r', 3.6 * k)
      .attr('cy', (id) => mid + (((id * 7) % 9) - 4) * k)
      .attr('fill', (id) => PILLAR_COLOURS[run.actors[id].pillar])
      .attr('fill-opacity', 0.8)
      .attr('stroke', '#fff')
      .attr('stroke-width', 0.6);
    // The agreed position, once settled: a dark diamond on the track.
    const agreed = svg
      .append('path')
      .attr('d', d3.symbol(d3.symbolDiamond, 90 * k * k)())
      .attr('fill', '#111827')
      .attr('stroke', '#fff')
      .attr('stroke-width', 1.5)
      .attr('opacity', 0);
    const outcome = document.createElement('div');
    outcome.className = 'outcome';
    div.appendChild(outcome);
    const outcomeB = compare ? div.appendChild(el('div', { class: 'outcome b' })) : null;
    controRows.push({
      dots,
      chip,
      chipB,
      outcome,
      outcomeB,
      cursor,
      x,
      t,
      agreed,
      ci,
      mid,
      settledMark,
      settledAt: settled + 1,
      spread,
      area,
      dispersion: disp,
      dy,
    });
  });
}

const spreadPath = (t: d3.ScaleLinear<number, number>, dy: d3.ScaleLinear<number, number>, disp: number[]) =>
  d3
    .area<number>()
    .defined(Number.isFinite)
    .x((_, i) => t(i))
    .y0(24)
    .y1((v) => dy(v))(disp);

/** The weeks shown grew: each spread and settled mark on the new scale (the tab is not built again). */
export function rescaleControversies(weeks: number): void {
  for (const row of controRows) {
    row.t.domain([0, Math.max(1, weeks)]);
    row.area.attr('d', spreadPath(row.t, row.dy, row.dispersion));
    row.settledMark?.attr('x1', row.t(row.settledAt)).attr('x2', row.t(row.settledAt));
  }
}

type DebateState = Frame['consortia'][number]['controversies'][number];
const chipWords = (st: DebateState) =>
  st.status === 'settled' ? `settled · week ${st.settledWeek + 1}` : st.status;
const outcomeWords = (st: DebateState) =>
  st.status === 'settled'
    ? `Settled: ${settlementWords(st.id, st.outcome)}.`
    : st.status === 'proposed'
      ? 'Proposed: a text is on the table, not yet agreed.'
      : '';

export function updateControversies(): void {
  const run = runs.A;
  if (!run?.done) return;
  const f = run.frame(state.week);
  const C = run.controversies.length;
  const cons = f.consortia[state.follow] ?? f.consortia[0];
  const consB = runs.B?.frames.length ? runs.B.frame(state.week).consortia[state.follow] : undefined;
  const tag = (s: string) => (consB && state.mode === 'compare' ? `${s}: ` : '');
  for (const row of controRows) {
    row.dots
      .attr('cx', (id) => row.x(f.positions[id * C + row.ci]))
      .attr('opacity', (id) => (f.active[id] ? 1 : 0.15));
    row.cursor.attr('x1', row.t(state.week)).attr('x2', row.t(state.week));
    // Until the ending is told, the spread and the settled mark appear as the weeks pass.
    const upTo = seenTo();
    row.settledMark?.attr('opacity', upTo >= row.settledAt ? 1 : 0);
    row.spread?.attr('width', Number.isFinite(upTo) ? row.t(upTo) : 9999);
    const st = cons.controversies[row.ci];
    row.chip.className = `chip ${st.status}`;
    row.chip.textContent = `${tag('A')}${chipWords(st)}`;
    const where =
      st.id === 'legal'
        ? (run.scenario.legal.location as Record<string, number>)[st.outcome]
        : Number.parseFloat(st.outcome);
    row.agreed
      .attr('opacity', st.status === 'settled' && Number.isFinite(where) ? 1 : 0)
      .attr('transform', `translate(${row.x(Number.isFinite(where) ? where : 0.5)},${row.mid})`);
    row.outcome.textContent = outcomeWords(st) && `${tag('A')}${outcomeWords(st)}`;
    const stB = consB?.controversies[row.ci];
    if (row.chipB && stB) {
      row.chipB.className = `chip ${stB.status} b`;
      row.chipB.textContent = `B: ${chipWords(stB)}`;
    }
    if (row.outcomeB && stB) row.outcomeB.textContent = outcomeWords(stB) && `B: ${outcomeWords(stB)}`;
  }
}
