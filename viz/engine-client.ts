// The page's side of the engine worker: starts runs and replicate batches, collects the frames of
// each slot into a RunData the view replays from, and drops replies to superseded requests.
import type { ControversyId, Problem, RunSummary, Scenario, SimEvent, WeeklyRecord } from '../sim/index.ts';
import { sizeProblem } from '../sim/scenario/limits.ts';
import type {
  ActorInfo,
  Frame,
  GexfPart,
  ReplicateRow,
  Reply,
  Request,
  ScenarioSource,
  Slot,
} from './protocol.ts';

export class RunData {
  scenario: Scenario;
  seed: number;
  actors: ActorInfo[];
  controversies: ControversyId[];
  frames: Frame[] = [];
  weekly: WeeklyRecord[] = [];
  events: SimEvent[] = [];
  summary: RunSummary | null = null;
  done = false;
  /** Events by the frame they belong to: frame w shows what happened while stepping week w - 1. */
  eventsByFrame = new Map<number, SimEvent[]>();

  constructor(scenario: Scenario, seed: number, actors: ActorInfo[], controversies: ControversyId[]) {
    this.scenario = scenario;
    this.seed = seed;
    this.actors = actors;
    this.controversies = controversies;
  }

  get lastWeek(): number {
    return Math.max(0, this.frames.length - 1);
  }

  frame(week: number): Frame {
    return this.frames[Math.max(0, Math.min(week, this.frames.length - 1))];
  }

  /** Weekly records per consortium (the charts follow one consortium in the national view). */
  private byConsortium = new Map<number, WeeklyRecord[]>();

  /** The weekly record of a consortium describing frame w (the week stepped just before it); frame 0 uses the first. */
  record(week: number, consortium = 0): WeeklyRecord | undefined {
    const list = this.byConsortium.get(consortium) ?? [];
    if (week - 1 >= list.length) return undefined;
    return list[Math.max(0, week - 1)];
  }

  finish(summary: RunSummary, weekly: WeeklyRecord[], events: SimEvent[]): void {
    this.summary = summary;
    this.weekly = weekly;
    for (const r of weekly) {
      const list = this.byConsortium.get(r.consortium);
      if (list) list.push(r);
      else this.byConsortium.set(r.consortium, [r]);
    }
    this.events = events;
    for (const e of events) {
      const f = e.week + 1;
      const list = this.eventsByFrame.get(f);
      if (list) list.push(e);
      else this.eventsByFrame.set(f, [e]);
    }
    this.done = true;
  }
}

export interface RunHandlers {
  onStart(run: RunData): void;
  onFrames(run: RunData): void;
  onDone(run: RunData): void;
  onProblems(problems: Problem[]): void;
}

export interface ReplicateHandlers {
  onProgress(done: number, total: number): void;
  onDone(scenario: Scenario, rows: ReplicateRow[], summaries: RunSummary[]): void;
  onProblems(problems: Problem[]): void;
}

export interface EnsembleHandlers {
  onProgress(done: number, total: number): void;
  onDone(runsA: RunSummary[][], runsB: RunSummary[][]): void;
  onProblems(problems: Problem[]): void;
}

/**
 * Problems that stop a source before it is posted to the worker: postMessage clones recursively, so
 * a scenario nested 100,000 deep (from a link or a file) would throw there and never reach the
 * worker's own checks. Depth and size are bounded here, with a message for the problems box.
 */
export function sourceProblems(source: ScenarioSource): Problem[] {
  const out: Problem[] = [];
  for (const [what, v] of [
    ['scenario', source.raw],
    ['edits', source.edits],
  ] as const) {
    const why = sizeProblem(v);
    if (why)
      out.push({
        file: source.file.slice(0, 200),
        path: what === 'scenario' ? '(root)' : 'edits',
        message: `too large to run: ${why}`,
      });
  }
  return out;
}

export class EngineClient {
  private worker: Worker;
  private nextId = 1;
  private runs = new Map<number, { handlers: RunHandlers; run: RunData | null }>();
  private reps = new Map<number, ReplicateHandlers>();
  private ens = new Map<number, EnsembleHandlers>();
  private current: Record<string, number> = {};
  private gexfs = new Map<number, (text: string) => void>();

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<Reply>) => this.receive(e.data);
  }

  private send(req: Request): void {
    this.worker.postMessage(req);
  }

  run(slot: Slot, source: ScenarioSource, seed: number | null, handlers: RunHandlers): void {
    const id = this.nextId++;
    const prev = this.current[`run${slot}`];
    if (prev) {
      this.runs.delete(prev);
      this.send({ type: 'cancel', id: prev });
    }
    this.current[`run${slot}`] = id;
    const refused = sourceProblems(source);
    if (refused.length) {
      queueMicrotask(() => handlers.onProblems(refused));
      return;
    }
    this.runs.set(id, { handlers, run: null });
    this.send({ type: 'run', id, slot, source, seed });
  }

  replicates(
    slot: Slot,
    source: ScenarioSource,
    seed: number | null,
    count: number,
    handlers: ReplicateHandlers,
  ): void {
    const id = this.nextId++;
    const prev = this.current[`rep${slot}`];
    if (prev) {
      this.reps.delete(prev);
      this.send({ type: 'cancel', id: prev });
    }
    this.current[`rep${slot}`] = id;
    const refused = sourceProblems(source);
    if (refused.length) {
      queueMicrotask(() => handlers.onProblems(refused));
      return;
    }
    this.reps.set(id, handlers);
    this.send({ type: 'replicates', id, slot, source, seed, count });
  }

  /** A and B for each drawn calibration, R paired replicates each (the band across calibrations). */
  ensemble(
    a: ScenarioSource,
    b: ScenarioSource,
    reference: ScenarioSource,
    seed: number,
    members: Record<string, number>[],
    replicates: number,
    handlers: EnsembleHandlers,
  ): void {
    const id = this.nextId++;
    const prev = this.current.ensA;
    if (prev) {
      this.ens.delete(prev);
      this.send({ type: 'cancel', id: prev });
    }
    this.current.ensA = id;
    const refused = [a, b, reference].flatMap(sourceProblems);
    if (refused.length) {
      queueMicrotask(() => handlers.onProblems(refused));
      return;
    }
    this.ens.set(id, handlers);
    this.send({ type: 'ensemble', id, slot: 'A', a, b, reference, seed, members, replicates });
  }

  /** The GEXF of one or two networks, written in the worker (where the engine lives). */
  gexf(parts: GexfPart[]): Promise<string> {
    const id = this.nextId++;
    return new Promise((ok) => {
      this.gexfs.set(id, ok);
      this.send({ type: 'gexf', id, parts });
    });
  }

  cancelRun(slot: Slot): void {
    const prev = this.current[`run${slot}`];
    if (prev) {
      this.runs.delete(prev);
      this.send({ type: 'cancel', id: prev });
    }
  }

  private receive(m: Reply): void {
    const r = this.runs.get(m.id);
    const rep = this.reps.get(m.id) ?? this.ens.get(m.id);
    switch (m.type) {
      case 'start':
        if (!r) return;
        r.run = new RunData(m.scenario, m.seed, m.actors, m.controversies);
        r.handlers.onStart(r.run);
        return;
      case 'frames':
        if (!r?.run) return;
        for (const f of m.frames) r.run.frames.push(f);
        r.handlers.onFrames(r.run);
        return;
      case 'done':
        if (!r?.run) return;
        r.run.finish(m.summary, m.weekly, m.events);
        r.handlers.onDone(r.run);
        return;
      case 'problems':
        (r?.handlers ?? rep)?.onProblems(m.problems);
        return;
      case 'error':
        (r?.handlers ?? rep)?.onProblems([{ file: 'engine', path: '', message: m.message }]);
        return;
      case 'progress':
        rep?.onProgress(m.done, m.total);
        return;
      case 'replicates':
        this.reps.get(m.id)?.onDone(m.scenario, m.rows, m.summaries);
        return;
      case 'ensemble':
        this.ens.get(m.id)?.onDone(m.runsA, m.runsB);
        this.ens.delete(m.id);
        return;
      case 'gexf':
        this.gexfs.get(m.id)?.(m.text);
        this.gexfs.delete(m.id);
        return;
    }
  }
}
