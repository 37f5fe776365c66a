// PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999), as used for scenario discovery
// (Bryant & Lempert 2010; Kwakkel 2017's EMA Workbench): find a box of the input space where the
// cases of interest are dense. Peeling removes a small slice (alpha of the points in the box) from
// one side of one input at a time, the slice that leaves the densest box; pasting then widens the
// last box where that raises density. Pure: it reads numbers and returns the trajectory.

export interface PrimOptions {
  /** Share of the box's points removed by one peel (default 0.05). */
  peelAlpha?: number;
  /** Share of the box's points a paste may add (default 0.05). */
  pasteAlpha?: number;
  /** Stop peeling when the box would hold less than this share of all points (default 0.05). */
  massMin?: number;
  /** The chosen box is the one of highest coverage with at least this density (default 0.8). */
  threshold?: number;
  /**
   * Lift the chosen box's restrictions that barely matter, one at a time, while its density stays
   * within this much of the chosen box's (default 0.05; a negative
   * number keeps every restriction). Peeling on few points restricts inputs by chance; a box
   * named by the few inputs that matter is the one a reader can act on (Bryant & Lempert 2010 §4:
   * interpretability).
   */
  dropTolerance?: number;
}

/** One input's bounds in a box; both inclusive. */
export interface Limit {
  lower: number;
  upper: number;
}

export interface PrimStep {
  /** Share of all cases of interest that fall in the box. */
  coverage: number;
  /** Share of the box's points that are cases of interest. */
  density: number;
  /** Share of all points in the box. */
  mass: number;
  /** Points in the box. */
  count: number;
  limits: Limit[];
  /** Indices of the inputs the box restricts (bounds narrower than the data's). */
  restricted: number[];
  /** 'start', 'peel', 'paste', or 'drop' (a restriction of the chosen box lifted). */
  move: 'start' | 'peel' | 'paste' | 'drop';
}

export interface PrimResult {
  steps: PrimStep[];
  /** Index in steps of the chosen box. */
  chosen: number;
  /** The inputs' full ranges in the data. */
  range: Limit[];
}

/** Value at quantile q of sorted numbers (linear interpolation, as numpy's default). */
function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Run PRIM on rows `x` (each an array of inputs) with `y[i]` true for the cases of interest.
 */
export function prim(
  x: readonly (readonly number[])[],
  y: readonly boolean[],
  options: PrimOptions = {},
): PrimResult {
  const n = x.length;
  if (n === 0) throw new RangeError('prim: no points');
  if (y.length !== n) throw new RangeError(`prim: ${n} points but ${y.length} outcomes`);
  const d = x[0].length;
  if (x.some((r) => r.length !== d || r.some((v) => !Number.isFinite(v))))
    throw new RangeError(`prim: every point needs ${d} finite inputs`);
  const alpha = options.peelAlpha ?? 0.05;
  const pasteAlpha = options.pasteAlpha ?? 0.05;
  const massMin = options.massMin ?? 0.05;
  const threshold = options.threshold ?? 0.8;
  const dropTolerance = options.dropTolerance ?? 0.05;
  const interesting = y.reduce((s, v) => s + (v ? 1 : 0), 0);

  const range: Limit[] = Array.from({ length: d }, (_, j) => {
    let lower = Number.POSITIVE_INFINITY;
    let upper = Number.NEGATIVE_INFINITY;
    for (const r of x) {
      if (r[j] < lower) lower = r[j];
      if (r[j] > upper) upper = r[j];
    }
    return { lower, upper };
  });
  const inBox = (r: readonly number[], lim: readonly Limit[]) =>
    lim.every((l, j) => r[j] >= l.lower && r[j] <= l.upper);
  const members = (lim: readonly Limit[]) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (inBox(x[i], lim)) out.push(i);
    return out;
  };
  const step = (lim: Limit[], move: PrimStep['move']): PrimStep => {
    const idx = members(lim);
    const hits = idx.reduce((s, i) => s + (y[i] ? 1 : 0), 0);
    return {
      coverage: interesting ? hits / interesting : 0,
      density: idx.length ? hits / idx.length : 0,
      mass: idx.length / n,
      count: idx.length,
      limits: lim.map((l) => ({ ...l })),
      restricted: lim.flatMap((l, j) => (l.lower > range[j].lower || l.upper < range[j].upper ? [j] : [])),
      move,
    };
  };

  const steps: PrimStep[] = [
    step(
      range.map((l) => ({ ...l })),
      'start',
    ),
  ];
  let limits = range.map((l) => ({ ...l }));
  // 1. Peeling: of the 2d candidate slices, the one leaving the densest box (ties: the larger box,
  //    then the earlier input, lower side first), while the box keeps at least massMin of the points.
  for (;;) {
    const current = steps[steps.length - 1];
    if (current.density >= 1) break;
    const idx = members(limits);
    let best: { lim: Limit[]; density: number; count: number } | null = null;
    for (let j = 0; j < d; j++) {
      const values = idx.map((i) => x[i][j]).sort((a, b) => a - b);
      for (const side of ['lower', 'upper'] as const) {
        const cut = quantile(values, side === 'lower' ? alpha : 1 - alpha);
        const keep = idx.filter((i) => (side === 'lower' ? x[i][j] >= cut : x[i][j] <= cut));
        // A cut at a tie may keep every point; then the slice is the tied value itself.
        let kept = keep;
        let bound = cut;
        if (keep.length === idx.length) {
          const edge = side === 'lower' ? values[0] : values[values.length - 1];
          kept = idx.filter((i) => x[i][j] !== edge);
          const rest = kept.map((i) => x[i][j]);
          if (rest.length === 0) continue;
          bound = side === 'lower' ? Math.min(...rest) : Math.max(...rest);
        }
        if (kept.length === 0 || kept.length / n < massMin) continue;
        const density = kept.reduce((s, i) => s + (y[i] ? 1 : 0), 0) / kept.length;
        if (!best || density > best.density || (density === best.density && kept.length > best.count)) {
          const lim = limits.map((l) => ({ ...l }));
          lim[j][side] = bound;
          best = { lim, density, count: kept.length };
        }
      }
    }
    if (!best) break;
    limits = best.lim;
    steps.push(step(limits, 'peel'));
  }
  // 2. Pasting: widen one side of one input by up to pasteAlpha of the box's points from outside
  //    (among points inside on every other input) while that raises density.
  for (;;) {
    const current = steps[steps.length - 1];
    let best: { lim: Limit[]; density: number; count: number } | null = null;
    const add = Math.max(1, Math.round(pasteAlpha * current.count));
    for (let j = 0; j < d; j++) {
      for (const side of ['lower', 'upper'] as const) {
        const others = limits.map((l, k) => (k === j ? range[j] : l));
        const outside = members(others)
          .map((i) => x[i][j])
          .filter((v) => (side === 'lower' ? v < limits[j].lower : v > limits[j].upper))
          .sort((a, b) => (side === 'lower' ? b - a : a - b));
        if (outside.length === 0) continue;
        const lim = limits.map((l) => ({ ...l }));
        lim[j][side] = outside[Math.min(add, outside.length) - 1];
        const s = step(lim, 'paste');
        if (s.density > current.density && (!best || s.density > best.density))
          best = { lim, density: s.density, count: s.count };
      }
    }
    if (!best) break;
    limits = best.lim;
    steps.push(step(limits, 'paste'));
  }
  // 3. The chosen box: highest coverage at or above the density threshold, else the densest.
  let chosen = -1;
  steps.forEach((s, i) => {
    if (s.density >= threshold && (chosen < 0 || s.coverage > steps[chosen].coverage)) chosen = i;
  });
  if (chosen < 0)
    steps.forEach((s, i) => {
      if (chosen < 0 || s.density > steps[chosen].density) chosen = i;
    });
  // 4. Lift restrictions of the chosen box that barely matter: each time the one whose lifting
  //    keeps the density highest (ties: the earlier input), while the density stays high enough.
  if (dropTolerance >= 0) {
    const floor = steps[chosen].density - dropTolerance;
    let box = steps[chosen];
    for (;;) {
      let best: PrimStep | null = null;
      for (const j of box.restricted) {
        const lim = box.limits.map((l, k) => (k === j ? { ...range[j] } : { ...l }));
        const s = step(lim, 'drop');
        if (s.density >= floor && (!best || s.density > best.density)) best = s;
      }
      if (!best) break;
      steps.push(best);
      box = best;
    }
    if (box !== steps[chosen]) chosen = steps.length - 1;
  }
  return { steps, chosen, range };
}

/** The box's restrictions in words: "coach.strength at least 0.4 and ties.alpha at most 0.12". */
export function describeBox(
  result: PrimResult,
  names: readonly string[],
  index = result.chosen,
  format: (v: number) => string = (v) => String(Number(v.toPrecision(2))),
): string {
  const s = result.steps[index];
  if (s.restricted.length === 0) return 'anywhere in the space explored (no input restricts it)';
  return s.restricted
    .map((j) => {
      const l = s.limits[j];
      const r = result.range[j];
      const lo = l.lower > r.lower;
      const hi = l.upper < r.upper;
      if (lo && hi) return `${names[j]} between ${format(l.lower)} and ${format(l.upper)}`;
      return lo ? `${names[j]} at least ${format(l.lower)}` : `${names[j]} at most ${format(l.upper)}`;
    })
    .join(' and ');
}
