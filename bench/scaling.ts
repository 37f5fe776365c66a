// Scaling benchmark (issues 2 and 6): time per simulated week of one consortium of 50 to 5,000
// actors, groups scaled with it (project group ~15 %, steering committee ~30 %, reflection group
// everyone), weekly metrics on. Initialisation (the O(n²) starting network) is timed apart.
import { createSimulation, DEFAULTS, parseScenario, type Scenario } from '../sim/index.ts';
import { cpuMs } from './clock.ts';

export const SCALING_SIZES = [50, 200, 1000, 5000];
/** Weeks timed per run: half a year of meetings, focus groups included. */
export const SCALING_WEEKS = 52;

export function scaledScenario(n: number): Scenario {
  const groups = structuredClone(DEFAULTS.governance.groups) as Scenario['governance']['groups'];
  for (const g of groups) {
    if (g.id === 'reflection') g.size = n;
    else if (g.id === 'project') g.size = Math.max(6, Math.round(0.15 * n));
    else if (g.id === 'steering') g.size = Math.max(12, Math.round(0.3 * n));
  }
  return parseScenario(
    { composition: { size: n }, governance: { groups }, calendar: { horizonWeeks: 104 } },
    `bench/scaling-${n}`,
  );
}

export interface ScalingPoint {
  actors: number;
  msPerWeek: number;
  /** The same runs with the network metrics only at the start and the end (simulate.summary's mode). */
  msPerWeekNoMetrics: number;
  /** Share of the week spent on the weekly observations. */
  metricsShare: number;
  initMs: number;
  weeks: number;
  runs: number;
}

/** Time per week of `n` actors: runs with successive seeds until `budgetMs`, best run. */
export function measureWeek(n: number, budgetMs = 1500): ScalingPoint {
  const s = scaledScenario(n);
  const perWeek: number[] = [];
  const bare: number[] = [];
  const init: number[] = [];
  let weeks = 0;
  let spent = 0;
  for (let r = 0; r < 3 || (spent < budgetMs && r < 200); r++) {
    const t0 = cpuMs();
    const sim = createSimulation(s, { seed: 100 + r });
    const t1 = cpuMs();
    let w = 0;
    while (w < SCALING_WEEKS && sim.step()) w++;
    const t2 = cpuMs();
    init.push(t1 - t0);
    perWeek.push((t2 - t1) / w);
    weeks = w;
    const plain = createSimulation(s, { seed: 100 + r, weekly: false, events: false });
    const t3 = cpuMs();
    let v = 0;
    while (v < SCALING_WEEKS && plain.step()) v++;
    const t4 = cpuMs();
    bare.push((t4 - t3) / v);
    spent += t2 - t0 + (t4 - t3);
  }
  const msPerWeek = Math.min(...perWeek);
  const msPerWeekNoMetrics = Math.min(...bare);
  return {
    actors: n,
    msPerWeek,
    msPerWeekNoMetrics,
    metricsShare: Math.max(0, 1 - msPerWeekNoMetrics / msPerWeek),
    initMs: Math.min(...init),
    weeks,
    runs: perWeek.length,
  };
}

/** Least-squares slope of log(time) on log(actors). */
export function fitExponent(points: { actors: number; msPerWeek: number }[]): number {
  const xs = points.map((p) => Math.log(p.actors));
  const ys = points.map((p) => Math.log(p.msPerWeek));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < xs.length; k++) {
    sxy += (xs[k] - mx) * (ys[k] - my);
    sxx += (xs[k] - mx) ** 2;
  }
  return sxy / sxx;
}
