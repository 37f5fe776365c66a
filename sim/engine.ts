// The simulation: one or several independent consortia sharing a clock (the national scenario,
// §3.1: 20 consortia). The factory builds state; step() advances one week and nothing else
// (STYLE §1: no timer here); simulate() runs to the end and returns summary, weekly records, events.
import { ConsortiumSim, type ObserveOptions, WEEKS_PER_MONTH } from './consortium-sim.ts';
import { streams } from './rng.ts';
import { LINES, PILLARS, TOPICS } from './roles.ts';
import type { Scenario } from './scenario/schema.ts';
import type { ActorSnapshot, NationalOutcomes, RunResult, RunSummary, Snapshot } from './types.ts';

export interface SimulationOptions {
  /** The run's seed (derive replicate seeds with replicateSeed). Default: the scenario's seed. */
  seed?: number;
  /** Network metrics every week (default true) or only at the start and the end. */
  weekly?: boolean;
  /** Keep the event log (default true). */
  events?: boolean;
}

export interface Simulation {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Weeks stepped so far. */
  readonly week: number;
  /** True once every consortium has submitted or given up. */
  readonly done: boolean;
  /** Advance one week. Returns false when there was nothing left to run. */
  step(): boolean;
  /** The state after the last step: actors, ties, meetings of that week, statuses. */
  snapshot(): Snapshot;
  /** Summary, weekly records and events so far. */
  result(): RunResult;
}

/**
 * A run context: what a caller that makes many runs one after another (a sweep's worker) keeps
 * between them, so that each run refills the consortia the last one left instead of building new
 * ones (ConsortiumSim.reset). A run reads nothing of the previous one: its result is the same bytes
 * as in a new context. Kept by one caller, for summary runs (simulate.summary); the scenario objects
 * run in it are not changed between runs (a changed scenario is a new object).
 */
export interface RunContext {
  /** The consortia of the last run, reset by the next. */
  readonly consortia: ConsortiumSim[];
}

export function createRunContext(): RunContext {
  return { consortia: [] };
}

/**
 * The run's consortia, each with its own streams, actors numbered on from the previous one; with a
 * context, its consortia reset for this run (and made where it has fewer).
 */
function buildConsortia(
  scenario: Scenario,
  seed: number,
  opts: ObserveOptions,
  context?: RunContext,
): ConsortiumSim[] {
  const consortia = context ? context.consortia : [];
  consortia.length = Math.min(consortia.length, scenario.consortia);
  let offset = 0;
  for (let c = 0; c < scenario.consortia; c++) {
    let sim = consortia[c];
    if (sim) sim.reset(scenario, streams(seed, c), c, offset, opts);
    else {
      sim = new ConsortiumSim(scenario, streams(seed, c), c, offset, opts);
      consortia.push(sim);
    }
    offset += sim.n;
  }
  return consortia;
}

/** One week of every consortium still running; false when none was. */
function stepAll(consortia: ConsortiumSim[], week: number): boolean {
  let running = false;
  for (let k = 0; k < consortia.length; k++) if (consortia[k].status === 'running') running = true;
  if (!running) return false;
  for (let k = 0; k < consortia.length; k++) {
    const c = consortia[k];
    c.weekMeetings.length = 0; // a finished consortium's step returns at once: it held none this week
    c.step(week);
  }
  return true;
}

export function createSimulation(scenario: Scenario, options: SimulationOptions = {}): Simulation {
  const seed = options.seed ?? scenario.seed;
  const opts = { weekly: options.weekly ?? true, events: options.events ?? true, betweenness: true };
  const consortia = buildConsortia(scenario, seed, opts);
  let week = 0;
  const isDone = () => consortia.every((c) => c.status !== 'running');

  const sim: Simulation = {
    scenario,
    seed,
    get week() {
      return week;
    },
    get done() {
      return isDone();
    },
    step() {
      if (!stepAll(consortia, week)) return false;
      week++;
      return true;
    },
    snapshot() {
      return takeSnapshot(consortia, week);
    },
    result() {
      return collect(scenario, seed, consortia, week);
    },
  };
  return sim;
}

function collect(scenario: Scenario, seed: number, consortia: ConsortiumSim[], week: number): RunResult {
  const outcomes = consortia.map((c) => c.outcomes());
  const national: NationalOutcomes | null =
    consortia.length > 1
      ? {
          consortia: consortia.length,
          submittedCount: outcomes.filter((o) => o.submitted).length,
          submittedWithin7Months: outcomes.filter((o) => o.submitted && o.months <= 7 + 1e-9).length,
          submittedWithin14Months: outcomes.filter((o) => o.submitted && o.months <= 14 + 1e-9).length,
          gaveUpCount: outcomes.filter((o) => o.gaveUp).length,
          medianMonths: median(outcomes.map((o) => o.months)),
        }
      : null;
  const summary: RunSummary = {
    seed,
    scenario: scenario.id,
    weeks: week,
    outcomes: outcomes[0],
    consortia: outcomes,
    national,
  };
  const weekly = consortia.length === 1 ? consortia[0].weekly : consortia.flatMap((c) => c.weekly);
  const events =
    consortia.length === 1
      ? consortia[0].events
      : consortia.flatMap((c) => c.events).sort((a, b) => a.week - b.week || a.consortium - b.consortium);
  return { summary, weekly, events };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length;
  return m === 0 ? Number.NaN : m % 2 ? s[(m - 1) >> 1] : 0.5 * (s[m / 2 - 1] + s[m / 2]);
}

function takeSnapshot(consortia: ConsortiumSim[], week: number): Snapshot {
  const actors: ActorSnapshot[] = [];
  let m = 0;
  for (const c of consortia) m += c.ties.count;
  const source = new Int32Array(m);
  const target = new Int32Array(m);
  const weight = new Float64Array(m);
  let e = 0;
  for (const c of consortia) {
    const { pop, C } = c;
    for (let i = 0; i < c.n; i++) {
      actors.push({
        id: c.offset + i,
        consortium: c.index,
        role: pop.role[i],
        label: c.roleLabel(i),
        pillar: PILLARS[pop.pillar[i]],
        line: LINES[pop.line[i]],
        organisation: pop.organisation[i],
        isCoordinator: i === 0,
        isChair: i === c.chair,
        availability: pop.availability[i],
        expertise: Object.fromEntries(
          TOPICS.map((t, ti) => [t, pop.expertise[i * TOPICS.length + ti]]),
        ) as ActorSnapshot['expertise'],
        stubbornness: pop.stubbornness[i],
        engagement: c.engagement[i],
        active: c.active[i] === 1,
        positions: Array.from(c.positions.subarray(i * C, (i + 1) * C)),
        groups: c.groupsOf(i),
      });
    }
    for (let k = 0; k < c.ties.count; k++, e++) {
      source[e] = c.ties.a[k] + c.offset;
      target[e] = c.ties.b[k] + c.offset;
      weight[e] = c.ties.w[k];
    }
  }
  return {
    week,
    controversies: consortia[0].controversyIds,
    actors,
    ties: { source, target, weight },
    meetings: consortia.flatMap((c) => c.weekMeetings.map((mt) => ({ consortium: c.index, ...mt }))),
    consortia: consortia.map((c) => ({
      status: c.status,
      controversies: c.controversies.map((x) => ({
        id: x.id,
        status: x.status,
        outcome: x.outcome,
        settledWeek: x.settledWeek,
      })),
      sections: c.s.file.sections.map((sec, k) => ({
        id: sec.id,
        label: sec.label,
        progress: Math.min(1, c.sectionProgress[k] / (sec.hours || 1)),
      })),
      fileCompletion: c.fileCompletion(),
    })),
  };
}

/** Run to the end. Variants hang off it (STYLE §6): simulate.summary skips the weekly series. */
export function simulate(scenario: Scenario, options: SimulationOptions = {}): RunResult {
  const sim = createSimulation(scenario, options);
  while (sim.step());
  return sim.result();
}

export interface SummaryOptions extends Pick<SimulationOptions, 'seed'> {
  /** Refill this context's consortia instead of building new ones (createRunContext): same result. */
  context?: RunContext;
}

/** The options of a summary run (shared: nothing writes them). */
const SUMMARY_ONLY: ObserveOptions = Object.freeze({ weekly: false, events: false, betweenness: false });

/**
 * Only the end-of-run summary: network metrics at the start and the end (without the coordinator's
 * betweenness, which no outcome reads), no event log. The same weeks as createSimulation's steps,
 * without the Simulation object around them.
 */
simulate.summary = (scenario: Scenario, options: SummaryOptions = {}): RunSummary => {
  const seed = options.seed ?? scenario.seed;
  const consortia = buildConsortia(scenario, seed, SUMMARY_ONLY, options.context);
  let week = 0;
  while (stepAll(consortia, week)) week++;
  return collect(scenario, seed, consortia, week).summary;
};

export { WEEKS_PER_MONTH };
