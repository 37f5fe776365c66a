// Charts over time (SVG, d3): a line chart per network measure with the week cursor, the planned
// deadline and, in compare mode, a second scenario dashed and a difference strip underneath.
import * as d3 from 'd3';

export interface Series {
  name: string;
  colour: string;
  dash?: string;
  /** One value per frame (week 0 .. last). */
  values: number[];
}

export interface ChartSpec {
  /** Draw the lines only up to the week setWeek is given (no spoilers before the ending is told). */
  reveal?: boolean;
  title: string;
  /** Words after the title kept on one line ("(consortium 1)" split after its first word). */
  titleUnit?: string;
  caption: string;
  /** The analysts' name of the measure, kept off the screen: the title's tooltip. */
  term?: string;
  series: Series[];
  /** Fixed y domain, or null to fit the data. */
  domain: [number, number] | null;
  /**
   * The value axis in words at the given values ("none across" … "all across"), instead of figures
   * a room of partners does not read (−1 … +1).
   */
  valueWords?: [number, string][];
  /** Values that are shares, read on the axis in per cent ("10%", not "0.1"). */
  percent?: boolean;
  /** A reference line with its label (e.g. E-I = 0). */
  reference?: { y: number; label: string };
  deadline: number;
  /** Difference strip: pairs of series indices (A - B), shown when set. */
  diff?: { a: number; b: number; label: string };
  /** The plot's height in CSS px (presenting, the charts share their column: panels/network-tab.ts). */
  plotHeight?: number;
}

const M = { top: 8, right: 12, bottom: 22, left: 38 };

let measurer: CanvasRenderingContext2D | null = null;
/** The width of `text` in the page's type at `px` (on a canvas: it measures while a panel is hidden). */
export function textWidth(text: string, px: number): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * px * 0.62;
  measurer.font = `${px}px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  return measurer.measureText(text).width;
}

/**
 * The type's box above and below the baseline at `px`, as the page lays a text out (its font's
 * ascent and descent, measured on a canvas: a hidden panel measures nothing). Open Sans reaches
 * 1.07 of its size above the baseline: half the size, as reckoned before, let "1.0" out at the top.
 */
export function typeBox(px: number): { ascent: number; descent: number } {
  measurer ??= document.createElement('canvas').getContext('2d');
  const guess = { ascent: 1.1 * px, descent: 0.3 * px };
  if (!measurer) return guess;
  measurer.font = `${px}px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  const m = measurer.measureText('0');
  const ascent = m.fontBoundingBoxAscent;
  const descent = m.fontBoundingBoxDescent;
  return ascent > 0 && Number.isFinite(ascent) && descent >= 0 && Number.isFinite(descent)
    ? { ascent, descent }
    : guess;
}

/** d3 sets a left or right axis's labels 0.32 em below their tick (dy), and a bottom axis's 0.71 em. */
const SIDE_DY = 0.32;
const BOTTOM_DY = 0.71;
/** The line height of a value axis's words on two lines, and half of it: how far the first rises. */
const WORD_LINE = 1.1;
const WORD_SHIFT = WORD_LINE / 2;
/** d3's room between an axis and its labels: the tick (6 px) and the padding (3 px). */
const TICK_ROOM = 9;

/**
 * Margins that hold the value axis's labels whole inside the chart at the axis's type size (18 px
 * or more in presentation mode cut "−1.0" at the left edge and "1.0" at the top): the widest label
 * as it measures, and the top label's box (its ascent above its tick, less d3's shift down).
 */
function marginsFor(labels: string[], px: number): { left: number; top: number } {
  const widest = Math.max(0, ...labels.map((l) => textWidth(l, px)));
  return {
    left: Math.max(M.left, Math.ceil(widest + TICK_ROOM + 4)),
    top: topMargin(px),
  };
}

/** Room above the value axis's top tick for its label's box, at the axis's type size `px`. */
function topMargin(px: number): number {
  return Math.max(M.top, Math.ceil(typeBox(px).ascent - SIDE_DY * px) + 2);
}

/** Room below the week axis for its labels' box: the tick, the padding, d3's shift and the descent. */
function bottomMargin(px: number): number {
  return Math.ceil(TICK_ROOM + BOTTOM_DY * px + typeBox(px).descent) + 2;
}

/**
 * A value axis's ticks, as many as `most` would give but never closer than their labels' box
 * (type size `px`) and a gap: fewer ticks where they would collide ("0.00" ran into "0.05" by 2 px
 * at 1366 wide, presenting). Returned with the format d3 gives that count.
 */
function valueTicks(
  scale: d3.ScaleLinear<number, number>,
  most: number,
  px: number,
  format?: (n: number) => string,
): { values: number[]; format: (n: number) => string } {
  const { ascent, descent } = typeBox(px);
  const gap = ascent + descent + 3;
  const apart = (v: number[]) => v.every((t, i) => i === 0 || Math.abs(scale(t) - scale(v[i - 1])) >= gap);
  for (let n = most; n >= 1; n--) {
    const values = scale.ticks(n);
    if (apart(values)) return { values, format: format ?? scale.tickFormat(n) };
  }
  // Too short for even d3's fewest: the ticks kept one by one while they stay apart.
  const values: number[] = [];
  for (const t of scale.ticks(1))
    if (!values.length || Math.abs(scale(t) - scale(values[values.length - 1])) >= gap) values.push(t);
  return { values, format: format ?? scale.tickFormat(1) };
}

/**
 * A bottom axis's ticks, as many as `most` would give but with their centred labels (type size
 * `px`) apart by half a letter at least, and inside the scale's range.
 */
function spreadTicks(
  scale: d3.ScaleLinear<number, number>,
  most: number,
  px: number,
): { values: number[]; format: (n: number) => string } {
  const [r0, r1] = scale.range();
  let last = { values: scale.ticks(1), format: scale.tickFormat(1) };
  for (let n = most; n >= 1; n--) {
    const format = scale.tickFormat(n);
    const values = scale.ticks(n);
    const boxes = values.map((t) => {
      const w = textWidth(format(t), px);
      return [scale(t) - w / 2, scale(t) + w / 2];
    });
    last = { values, format };
    if (
      boxes.every((b, i) => i === 0 || b[0] - boxes[i - 1][1] >= px / 2) &&
      boxes.every((b) => b[0] >= r0 - M.left && b[1] <= r1 + M.right)
    )
      return last;
  }
  return last;
}

export class LineChart {
  readonly el: HTMLElement;
  private svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private cursor: d3.Selection<SVGLineElement, unknown, null, undefined>;
  /** The cursor's part in the B − A strip (a comparison's charts), null without one. */
  private cursorStrip: d3.Selection<SVGLineElement, unknown, null, undefined> | null = null;
  private dots: d3.Selection<SVGCircleElement, Series, SVGGElement, unknown> | null = null;
  private x = d3.scaleLinear();
  private y = d3.scaleLinear();
  private spec: ChartSpec | null = null;
  private height = 120;
  /** The type size of the axes' labels, as the page sets it (css: .chart .axis text). */
  private axisPx = 12;
  private clip: d3.Selection<SVGRectElement, unknown, null, undefined> | null = null;
  /** Where the clip of a revealing chart starts. */
  private clipX = 0;
  private static clips = 0;
  /** What a change of the weeks shown redraws (rescale), without building the chart again. */
  private xAxis: d3.Selection<SVGGElement, unknown, null, undefined> | null = null;
  private deadlineLine: d3.Selection<SVGLineElement, unknown, null, undefined> | null = null;
  /** The planned end's stretch across the B − A strip. */
  private deadlineStrip: d3.Selection<SVGLineElement, unknown, null, undefined> | null = null;
  private paths: { path: d3.Selection<SVGPathElement, unknown, null, undefined>; values: number[] }[] = [];
  private diffArea: {
    path: d3.Selection<SVGPathElement, unknown, null, undefined>;
    values: number[];
  } | null = null;
  private diffY: d3.ScaleLinear<number, number> | null = null;
  private reference: {
    label: d3.Selection<SVGTextElement, unknown, null, undefined>;
    ry: number;
    left: number;
    width: number;
    box: { width: number; height: number };
  } | null = null;

  constructor(parent: HTMLElement, cls = '') {
    this.el = document.createElement('figure');
    this.el.className = `chart ${cls}`;
    parent.appendChild(this.el);
    this.svg = d3.select(this.el).append('svg').attr('class', 'chart-svg');
    this.cursor = this.svg.append('line').attr('class', 'cursor');
  }

  set(spec: ChartSpec, weeks: number): void {
    this.spec = spec;
    const el = d3.select(this.el);
    el.selectAll('figcaption, h3, .legend-row').remove();
    const h3 = el
      .insert('h3', 'svg')
      .text(spec.titleUnit ? `${spec.title} ` : spec.title)
      .attr('title', spec.term ?? null);
    if (spec.titleUnit) h3.append('span').attr('class', 'keep').text(spec.titleUnit);
    if (spec.series.length > 1) {
      const row = el.insert('div', 'svg').attr('class', 'legend-row');
      for (const s of spec.series) {
        const item = row.append('span').attr('class', 'legend-item');
        item
          .append('svg')
          .attr('width', 22)
          .attr('height', 10)
          .append('line')
          .attr('x1', 1)
          .attr('x2', 21)
          .attr('y1', 5)
          .attr('y2', 5)
          .attr('stroke', s.colour)
          .attr('stroke-width', 3)
          .attr('stroke-dasharray', s.dash ?? null);
        item.append('span').text(s.name);
      }
    }
    el.append('figcaption').text(spec.caption);
    const width = Math.max(200, this.el.clientWidth || 360);
    const rootPx = rootTypePx();
    this.height = spec.plotHeight ?? plotHeightFor(rootPx);
    // The difference strip starts below the week axis's labels, whatever their size (18 px or more
    // in presentation mode, css: html.present .chart .axis text).
    // At least 12 px outside presentation (13.6 px on a full-HD screen): at 0.68 rem the charts'
    // words were 10 px on a tablet (css: .chart .axis text).
    const axisPx = document.documentElement.classList.contains('present')
      ? Math.max(18, 0.8 * rootPx)
      : Math.max(12, 0.75 * rootPx);
    // The week axis's labels lie inside the chart, whatever their size.
    const B = Math.max(M.bottom, Math.ceil(axisPx + 10), bottomMargin(axisPx));
    // A value axis of three words or more is taller by two lines, so that the words of neighbouring
    // ticks keep a line apart (on two lines each, below); two words, at the foot and the top, are
    // apart already (presenting, a second chart in words taller by two lines pushed the third one
    // out of the column at 1366×768).
    if ((spec.valueWords?.length ?? 0) > 2) this.height += Math.round(2 * WORD_LINE * axisPx);
    const below = Math.max(0, Math.round(axisPx + 10 - B));
    // The strip's label has a band of its own under the strip: at the strip's top-left it sat on the
    // B − A area wherever B differed early.
    // In plain words ("how much more B mixes pillars than A") it may take two lines of a narrow chart.
    const stripLines = spec.diff ? stripLabelLines(spec.diff.label, width - 8, axisPx) : [];
    const stripLabelH = spec.diff ? Math.ceil(axisPx * 1.25) * stripLines.length + 4 : 0;
    const diffH = spec.diff ? 46 + below + stripLabelH : 0;
    const h = this.height + diffH;
    this.svg.attr('viewBox', `0 0 ${width} ${h}`).attr('width', '100%').attr('height', h);
    this.svg.selectAll(':not(.cursor)').remove();
    this.cursorStrip = null;
    const all = spec.series.flatMap((s) => s.values).filter(Number.isFinite);
    const [lo, hi] = spec.domain ?? [
      Math.min(0, d3.min(all) ?? 0),
      Math.max(1e-6, (d3.max(all) ?? 1) * 1.08),
    ];
    // The value axis's height first: how many of its ticks fit apart, then the room their labels
    // take at the left.
    // Words on the value axis stand on two lines ("none" over "across"), centred on their tick: on
    // one line they took a third of a tablet's chart. The top one reaches half a line higher.
    const T = topMargin(axisPx) + (spec.valueWords ? Math.ceil(WORD_SHIFT * axisPx) : 0);
    this.y.domain([lo, hi]).range([this.height - B, T]);
    // Words inside the value axis's span only, each two lines clear of the ones before it in the
    // list (the first ones matter most): a span fitted to the data may put two of them close.
    const words = spec.valueWords?.reduce<[number, string][]>((kept, w) => {
      const y = this.y(w[0]);
      const inside = w[0] >= Math.min(lo, hi) - 1e-9 && w[0] <= Math.max(lo, hi) + 1e-9;
      const clear = kept.every(([v]) => Math.abs(this.y(v) - y) >= 2 * WORD_LINE * axisPx);
      return inside && clear ? [...kept, w] : kept;
    }, []);
    const yTicks = words
      ? {
          values: words.map(([v]) => v),
          format: (v: number) => words.find(([w]) => w === v)?.[1] ?? '',
        }
      : valueTicks(this.y, 4, axisPx, spec.percent ? d3.format('.0%') : undefined);
    const { left: L } = marginsFor(
      yTicks.values.flatMap((v) => (words ? yTicks.format(v).split(' ') : [yTicks.format(v)])),
      axisPx,
    );
    this.x.domain([0, Math.max(1, weeks)]).range([L, width - M.right]);
    this.axisPx = axisPx;
    const g = this.svg.insert('g', '.cursor');
    const clipId = `chart-clip-${++LineChart.clips}`;
    // From just left of the plot (the lines' width): the value axis's words lie left of it.
    this.clipX = L - 4;
    this.clip = spec.reveal
      ? g
          .append('clipPath')
          .attr('id', clipId)
          .append('rect')
          .attr('x', this.clipX)
          .attr('y', 0)
          .attr('height', h)
          .attr('width', 0)
      : null;
    const clipped = spec.reveal ? `url(#${clipId})` : null;
    this.xAxis = g
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${this.height - B})`);
    this.drawWeekAxis(weeks);
    const valueAxis = g
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(${L},0)`)
      .call(
        d3
          .axisLeft(this.y)
          .tickValues(yTicks.values)
          .tickFormat((d) => yTicks.format(+d))
          .tickSizeOuter(0),
      );
    if (words)
      valueAxis.selectAll<SVGTextElement, number>('.tick text').each(function () {
        const text = d3.select(this);
        const parts = (text.text() || '').split(' ');
        const x = text.attr('x');
        text.text(null).attr('dy', null);
        parts.forEach((part, i) => {
          text
            .append('tspan')
            .attr('x', x)
            .attr('dy', i === 0 ? `${SIDE_DY - WORD_SHIFT * (parts.length - 1)}em` : `${WORD_LINE}em`)
            // A space after each line but the last: the label's text reads as its words.
            .text(i < parts.length - 1 ? `${part} ` : part);
        });
      });
    // The planned end runs down the plot and the strip, not through the week axis's labels between
    // them ("6 mo" stood on it).
    this.deadlineLine = this.deadlineIn(g, T, this.height - B, weeks);
    if (spec.reference) {
      const ry = this.y(spec.reference.y);
      g.append('line')
        .attr('class', 'reference')
        .attr('x1', L)
        .attr('x2', width - M.right)
        .attr('y1', ry)
        .attr('y2', ry);
      const label = g
        .append('text')
        .attr('class', 'reference-label')
        .attr('text-anchor', 'end')
        .text(spec.reference.label);
      // Its size measured on a canvas (the page's boxes give nothing while the panel is hidden).
      const px = Number.parseFloat(getComputedStyle(label.node() as SVGTextElement).fontSize) || 12;
      this.reference = {
        label,
        ry,
        left: L,
        width,
        box: { width: textWidth(spec.reference.label, px) + 2, height: px },
      };
      this.placeReference();
    } else this.reference = null;
    const line = d3
      .line<number>()
      .defined(Number.isFinite)
      .x((_, i) => this.x(i))
      .y((v) => this.y(v));
    this.paths = spec.series.map((s) => ({
      values: s.values,
      path: g
        .append('path')
        .attr('class', 'series')
        .attr('clip-path', clipped)
        .attr('d', line(s.values))
        .attr('stroke', s.colour)
        .attr('stroke-dasharray', s.dash ?? null),
    }));
    this.diffArea = null;
    this.deadlineStrip = null;
    if (spec.diff) {
      const a = spec.series[spec.diff.a].values;
      const b = spec.series[spec.diff.b].values;
      const n = Math.max(a.length, b.length);
      const d = d3
        .range(n)
        .map((i) => (a[Math.min(i, a.length - 1)] ?? 0) - (b[Math.min(i, b.length - 1)] ?? 0));
      const ext = Math.max(1e-6, d3.max(d, Math.abs) ?? 1);
      const top = this.height + 4 + below;
      const stripH = diffH - below - 10 - stripLabelH;
      const dy = d3
        .scaleLinear()
        .domain([-ext, ext])
        .range([top + stripH, top]);
      const strip = g.append('g').attr('class', 'diff-strip');
      strip
        .append('rect')
        .attr('x', L)
        .attr('y', top)
        .attr('width', width - L - M.right)
        .attr('height', stripH);
      this.deadlineStrip = this.deadlineIn(strip, top, top + stripH, weeks);
      // The week's cursor in the strip as well, apart from the plot's: one line from the plot down
      // to the strip crossed the week axis's labels between them ("6 months" struck through).
      this.cursorStrip = strip
        .append('line')
        .attr('class', 'cursor')
        .attr('y1', top)
        .attr('y2', top + stripH);
      // Weeks where one run has no record (before its first, after its last) are left out.
      const area = this.diffAreaOf(dy);
      this.diffY = dy;
      this.diffArea = {
        values: d,
        path: strip.append('path').attr('class', 'diff-area').attr('clip-path', clipped).attr('d', area(d)),
      };
      strip
        .append('line')
        .attr('class', 'zero')
        .attr('x1', L)
        .attr('x2', width - M.right)
        .attr('y1', dy(0))
        .attr('y2', dy(0));
      // Under the plot where it fits, else from the chart's left edge.
      const lineH = Math.ceil(axisPx * 1.25);
      const widest = Math.max(...stripLines.map((l) => textWidth(l, axisPx)));
      const x0 = Math.max(4, Math.min(L + 4, width - M.right - widest));
      const label = strip.append('text').attr('class', 'strip-label');
      stripLines.forEach((l, i) => {
        label
          .append('tspan')
          .attr('x', x0)
          .attr('y', top + stripH + stripLabelH - 4 - (stripLines.length - 1 - i) * lineH)
          // A space between the lines: the label's text reads as one sentence.
          .text(i < stripLines.length - 1 ? `${l} ` : l);
      });
    }
    this.dots = g
      .append('g')
      .selectAll<SVGCircleElement, Series>('circle')
      .data(spec.series)
      .join('circle')
      .attr('r', 4)
      .attr('fill', (s) => s.colour);
    this.cursor
      .attr('y1', T)
      .attr('y2', this.height - B)
      .raise();
  }

  /** The planned end's dashed line in `parent`, from y1 to y2, hidden while it lies past the weeks shown. */
  private deadlineIn(
    parent: d3.Selection<SVGGElement, unknown, null, undefined>,
    y1: number,
    y2: number,
    weeks: number,
  ): d3.Selection<SVGLineElement, unknown, null, undefined> {
    const dl = this.spec?.deadline ?? 0;
    return parent
      .append('line')
      .attr('class', 'deadline')
      .attr('x1', this.x(dl))
      .attr('x2', this.x(dl))
      .attr('y1', y1)
      .attr('y2', y2)
      .attr('visibility', dl <= weeks ? null : 'hidden');
  }

  /** The B − A strip's area on the current week scale and the strip's value scale `dy`. */
  private diffAreaOf(dy: d3.ScaleLinear<number, number>) {
    return d3
      .area<number>()
      .defined(Number.isFinite)
      .x((_, i) => this.x(i))
      .y0(dy(0))
      .y1((v) => dy(v));
  }

  /**
   * The reference line's label beside the line where the fewest data points would sit under the
   * words (left or right, above or below): the lines stay readable at any type size. With no free
   * spot (a narrow chart in large type) it is hidden, and the caption says it instead.
   */
  private placeReference(): void {
    const ref = this.reference;
    if (!ref || !this.spec) return;
    const { box, ry, left, width } = ref;
    // Points along every line, a few per week, so a steep stretch between two weeks counts too.
    const points = this.spec.series.flatMap((sr) =>
      sr.values.flatMap((v, i) => {
        const w = sr.values[i + 1];
        if (!Number.isFinite(v)) return [];
        if (!Number.isFinite(w)) return [[this.x(i), this.y(v)] as const];
        return [0, 0.25, 0.5, 0.75].map((f) => [this.x(i + f), this.y(v + (w - v) * f)] as const);
      }),
    );
    // The planned end's dashed line counts as data too: the words stood across it.
    const [bottom, top] = this.y.range();
    if (this.spec.deadline <= this.x.domain()[1])
      for (let y = top; y <= bottom; y += 3) points.push([this.x(this.spec.deadline), y] as const);
    const spots = [
      { x: width - M.right - 2, y: ry + box.height + 1 },
      { x: width - M.right - 2, y: ry - 4 },
      { x: left + box.width + 6, y: ry - 4 },
      { x: left + box.width + 6, y: ry + box.height + 1 },
    ];
    // The words' box reaches below the baseline (descenders: "many", "ties") by about a quarter of
    // the type size, plus the line's own width: a line 2 px under the baseline ran through them.
    const below = Math.ceil(box.height * 0.3) + 3;
    const under = (p: { x: number; y: number }) =>
      points.filter(
        ([px, py]) =>
          px >= p.x - box.width - 4 && px <= p.x + 4 && py >= p.y - box.height - 3 && py <= p.y + below,
      ).length;
    const best = spots.reduce((a, b) => (under(b) < under(a) ? b : a));
    ref.label
      .attr('x', best.x)
      .attr('y', best.y)
      .attr('visibility', under(best) > 0 ? 'hidden' : null);
  }

  /**
   * The week axis: a tick every quarter (13 weeks), in months, or every second, third… quarter
   * where the labels, as they measure, would not lie apart.
   */
  private drawWeekAxis(weeks: number): void {
    // Months in numbers, the unit said once, by the last tick ("0 3 6 9 months": "mo" on each one
    // read as jargon).
    let last = -1;
    const label = (d: number) => `${Math.round(d / 4.33)}${d === last ? ' months' : ''}`;
    const px = this.axisPx;
    const right = this.x.range()[1] + M.right;
    // "0" starts at the value axis instead of centring on it: centred, "0 mo" ran under the value
    // axis's lowest label ("−1.0") by 11×4 px in presentation type. A label that would pass the
    // chart's right edge ends at its tick; the others are centred on theirs.
    const anchor = (d: number) =>
      d === 0 ? 'start' : this.x(d) + textWidth(label(d), px) / 2 > right - 1 ? 'end' : 'middle';
    const extent = (d: number): [number, number] => {
      const w = textWidth(label(d), px);
      const x = this.x(d);
      const a = anchor(d);
      return a === 'start' ? [x, x + w] : a === 'end' ? [x - w, x] : [x - w / 2, x + w / 2];
    };
    // Every quarter, or every second, third… where the labels, as they measure, would not lie apart.
    const gap = px * 0.5;
    let ticks = d3.range(0, weeks + 1, 13);
    for (let step = 13; step <= Math.max(13, weeks); step += 13) {
      ticks = d3.range(0, weeks + 1, step);
      last = ticks[ticks.length - 1];
      const boxes = ticks.map(extent);
      if (boxes.every((b, i) => i === 0 || b[0] - boxes[i - 1][1] >= gap)) break;
    }
    last = ticks[ticks.length - 1];
    this.xAxis?.call(
      d3
        .axisBottom(this.x)
        .tickValues(ticks)
        .tickFormat((d) => label(+d)),
    );
    this.xAxis
      ?.selectAll<SVGTextElement, number>('.tick text')
      .attr('text-anchor', (d) => (anchor(+d) === 'middle' ? null : anchor(+d)));
  }

  /**
   * The weeks shown changed (they grow as the run is watched): the axis, the planned end and the
   * lines are drawn again on the new scale, the chart is not built again (that took 40–85 ms of one
   * frame at a quarter of the machine's speed, during playback).
   */
  rescale(weeks: number): void {
    if (!this.spec) return;
    const [r0, r1] = this.x.range();
    this.x.domain([0, Math.max(1, weeks)]).range([r0, r1]);
    this.drawWeekAxis(weeks);
    const dl = this.spec.deadline;
    for (const d of [this.deadlineLine, this.deadlineStrip])
      d?.attr('x1', this.x(dl))
        .attr('x2', this.x(dl))
        .attr('visibility', dl <= weeks ? null : 'hidden');
    const line = d3
      .line<number>()
      .defined(Number.isFinite)
      .x((_, i) => this.x(i))
      .y((v) => this.y(v));
    for (const p of this.paths) p.path.attr('d', line(p.values));
    const dy = this.diffY;
    if (this.diffArea && dy) {
      this.diffArea.path.attr('d', this.diffAreaOf(dy)(this.diffArea.values));
    }
    this.placeReference();
  }

  /** The cursor at `week`; a revealing chart's lines drawn up to `upTo` (the week, by default). */
  setWeek(week: number, upTo = week): void {
    if (!this.spec) return;
    const x = this.x(week);
    this.cursor.attr('x1', x).attr('x2', x);
    this.cursorStrip?.attr('x1', x).attr('x2', x);
    this.clip?.attr('width', Math.max(0, this.x(Math.min(upTo, this.x.domain()[1])) + 1 - this.clipX));
    // Each line's marker sits on the line's last drawn point at or before the week: a consortium
    // whose record ended (a national run goes on until its last one submits) keeps its marker on
    // its line's end. A line with no point yet has none (it was drawn at y = −99, above the title).
    const [top, bottom] = [this.y.range()[1], this.y.range()[0]];
    const [left, right] = this.x.range();
    const at = (s: Series) => {
      for (let i = Math.min(week, s.values.length - 1); i >= 0; i--)
        if (Number.isFinite(s.values[i])) return i;
      return -1;
    };
    this.dots
      ?.attr('display', (s) => (at(s) < 0 ? 'none' : null))
      .attr('cx', (s) => Math.max(left, Math.min(right, this.x(Math.max(0, at(s))))))
      .attr('cy', (s) => {
        const i = at(s);
        return i < 0 ? top : Math.max(top, Math.min(bottom, this.y(s.values[i])));
      });
  }
}

/** The page's root type size in CSS px (15 unless the page sets it). */
export const rootTypePx = (): number =>
  Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 15;

/** A line chart's plot height at a root type size: taller on larger type (projectors, large type). */
export const plotHeightFor = (rootPx: number): number => Math.round(8 * rootPx);

/** `label` on one line if it fits `room` at `px`, else on two, split at the space nearest its middle. */
function stripLabelLines(label: string, room: number, px: number): string[] {
  if (textWidth(label, px) <= room) return [label];
  const spaces = [...label.matchAll(/ /g)].map((m) => m.index ?? 0);
  if (!spaces.length) return [label];
  const cut = spaces.reduce((a, b) =>
    Math.abs(b - label.length / 2) < Math.abs(a - label.length / 2) ? b : a,
  );
  return [label.slice(0, cut), label.slice(cut + 1)];
}

/** A histogram (or side-by-side bars for two scenarios) for the replicate panel. */
export function histogram(
  parent: HTMLElement,
  title: string,
  caption: string,
  groups: { name: string; colour: string; values: number[] }[],
  unit: string,
  mark?: { x: number; label: string },
  extra = 0,
): void {
  const fig = d3.select(parent).append('figure').attr('class', 'chart histogram');
  fig.append('h3').text(title);
  // Taller on a projector and in its larger type (170 px at 15 px type), and by `extra` where the
  // page has height to spare (replicates.ts).
  const height = Math.round((170 / 15) * rootTypePx()) + Math.max(0, Math.round(extra));
  const all = groups.flatMap((g) => g.values).filter(Number.isFinite);
  const svg = fig.append('svg').attr('width', '100%').attr('height', height);
  // The drawing's units are the svg's own pixels, measured once it is in the page: the parent's
  // width less a guess of the figure's padding scaled the type (18 px set, 17.6 px on screen).
  const width = Math.max(260, (svg.node() as SVGSVGElement).clientWidth || parent.clientWidth - 24 || 380);
  svg.attr('viewBox', `0 0 ${width} ${height}`);
  if (!all.length) {
    fig.append('figcaption').text('No data.');
    return;
  }
  let [lo, hi] = d3.extent(all) as [number, number];
  // The axis reaches the mark (the plan's end) so the line the caption speaks of is drawn even when
  // no run comes near it.
  if (mark) {
    lo = Math.min(lo, mark.x);
    hi = Math.max(hi, mark.x);
  }
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  // The type of the axes and the mark's label as the page sets it (a hidden pane measures nothing).
  const probe = svg.append('text').attr('class', 'reference-label').text('0');
  const px = Number.parseFloat(getComputedStyle(probe.node() as SVGTextElement).fontSize) || 12;
  probe.remove();
  // The mark's label has a band of its own above the bars: it sat over the tallest bar ("balanced"
  // at 0 on the E-I chart, where most runs end).
  const band = mark ? Math.ceil(px * 1.3) + 2 : 0;
  const { left: L, top: T0 } = marginsFor(['100%'], px);
  const T = T0 + band;
  const x = d3
    .scaleLinear()
    .domain([lo, hi])
    .nice(16)
    .range([L, width - M.right]);
  const bin = d3
    .bin()
    .domain(x.domain() as [number, number])
    .thresholds(x.ticks(16));
  const binned = groups.map((g) => ({ ...g, bins: bin(g.values.filter(Number.isFinite)) }));
  const maxShare =
    d3.max(binned.flatMap((g) => g.bins.map((b) => b.length / Math.max(1, g.values.length)))) ?? 1;
  const y = d3
    .scaleLinear()
    .domain([0, maxShare])
    .nice()
    .range([height - M.bottom - 6, T]);
  const xTicks = spreadTicks(x, 8, px);
  const xAxis = svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${height - M.bottom - 6})`)
    .call(
      d3
        .axisBottom(x)
        .tickValues(xTicks.values)
        .tickFormat((d) => xTicks.format(+d)),
    );
  const yTicks = valueTicks(y, 4, px, d3.format('.0%'));
  svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(${L},0)`)
    .call(
      d3
        .axisLeft(y)
        .tickValues(yTicks.values)
        .tickFormat((d) => yTicks.format(+d)),
    );
  binned.forEach((g, gi) => {
    const k = binned.length;
    svg
      .append('g')
      .selectAll('rect')
      .data(g.bins)
      .join('rect')
      .attr('x', (b) => x(b.x0!) + 1 + (gi * (x(b.x1!) - x(b.x0!) - 2)) / k)
      .attr('width', (b) => Math.max(1, (x(b.x1!) - x(b.x0!) - 2) / k))
      .attr('y', (b) => y(b.length / Math.max(1, g.values.length)))
      .attr('height', (b) => y(0) - y(b.length / Math.max(1, g.values.length)))
      .attr('fill', g.colour)
      .attr('opacity', 0.85);
  });
  if (mark && mark.x >= x.domain()[0] && mark.x <= x.domain()[1]) {
    svg
      .append('line')
      .attr('class', 'deadline')
      .attr('x1', x(mark.x))
      .attr('x2', x(mark.x))
      .attr('y1', T - band)
      .attr('y2', height - M.bottom - 6);
    // Right of the line, or left of it where the right would run off the chart.
    const right = x(mark.x) + 4 + textWidth(mark.label, px) <= width - 2;
    svg
      .append('text')
      .attr('class', 'reference-label')
      .attr('x', right ? x(mark.x) + 4 : x(mark.x) - 4)
      .attr('text-anchor', right ? 'start' : 'end')
      .attr('y', T - band + px)
      .text(mark.label);
  }
  // The unit goes under the tick labels as they measure (it sat on the last one), and the chart
  // grows to hold it. Not laid out (a hidden panel, getBBox gives 0), the labels' line is reckoned
  // from their type size: d3 sets them 9 px below the axis, and 18 px fell 2 px short of their foot.
  const tickText = (xAxis.node() as SVGGElement).querySelector('text');
  const tickPx = (tickText && Number.parseFloat(getComputedStyle(tickText).fontSize)) || 12;
  const tickBottom = Math.max(
    Math.ceil(9 + 1.25 * tickPx),
    ...[...(xAxis.node() as SVGGElement).querySelectorAll('text')].map((t) => {
      const b = t.getBBox();
      return b.y + b.height;
    }),
  );
  const unitText = svg
    .append('text')
    .attr('class', 'unit')
    .attr('x', width - M.right)
    .attr('y', height - M.bottom - 6 + tickBottom + 2)
    .attr('dominant-baseline', 'hanging')
    .attr('text-anchor', 'end')
    .text(unit);
  const full = Math.ceil(
    height -
      M.bottom -
      6 +
      tickBottom +
      4 +
      Math.max(12, (unitText.node() as SVGTextElement).getBBox().height),
  );
  svg.attr('viewBox', `0 0 ${width} ${full}`).attr('height', full);
  fig.append('figcaption').text(caption);
}

/** WCAG relative luminance of a CSS colour. */
function luminance(colour: string): number {
  const c = d3.rgb(colour);
  const lin = (v: number) => {
    const x = v / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** White or near-black text on `background`, whichever contrasts more (a share's figure on its colour). */
export function inkOn(background: string): string {
  const l = luminance(background);
  return 1.05 / (l + 0.05) >= (l + 0.05) / (luminance('#111827') + 0.05) ? '#fff' : '#111827';
}

/** Horizontal stacked share bars (legal outcome shares), one bar per scenario. */
export function shareBars(
  parent: HTMLElement,
  title: string,
  caption: string,
  rows: { name: string; shares: { key: string; label: string; share: number }[] }[],
  colours: Record<string, string>,
): void {
  const fig = d3.select(parent).append('figure').attr('class', 'chart shares');
  fig.append('h3').text(title);
  for (const r of rows) {
    const row = fig.append('div').attr('class', 'share-row');
    row.append('div').attr('class', 'share-name').text(r.name);
    const bar = row.append('div').attr('class', 'share-bar');
    const present = r.shares.filter((s) => s.share > 0);
    for (const s of present) {
      const pct = `${(s.share * 100).toFixed(0)}%`;
      bar
        .append('div')
        .attr('class', 'share-seg')
        .attr('data-key', s.key)
        .style('width', `${(s.share * 100).toFixed(2)}%`)
        .style('background', colours[s.key] ?? '#999')
        .style('color', inkOn(colours[s.key] ?? '#999'))
        .attr('title', `${s.label}: ${pct}`)
        .text(s.share >= 0.08 ? pct : '');
    }
    // Every form present written out under its bar, with its share: a sliver too narrow for its
    // figure (a de facto association in 3% of the runs) is read here.
    const key = row.append('div').attr('class', 'legend-row share-key');
    for (const s of present) {
      const item = key.append('span').attr('class', 'legend-item').attr('data-key', s.key);
      item
        .append('span')
        .attr('class', 'swatch')
        .style('background', colours[s.key] ?? '#999');
      item.append('span').text(`${s.label} ${(s.share * 100).toFixed(0)}%`);
    }
  }
  fig.append('figcaption').text(caption);
}
