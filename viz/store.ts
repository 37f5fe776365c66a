// One store, many panels (STYLE §15): the view's state lives in app.ts; a change is announced here by
// topic, and each panel subscribes to the topics it draws from. No panel calls another's refresh.
import { type Dispatch, dispatch } from 'd3';
// Only app.ts below: every panel imports this module, so it must import none of them.
import { horizon, maxWeek, state, ui } from './app.ts';

/**
 * What changed, in the order a redraw needs them:
 * - `mode`: watch, compare or replicates;
 * - `started`: a run of A or B started (its actors and scenario replaced the old ones);
 * - `scenario`: the choice of A or B (preset, edits, what-if) and so its label;
 * - `problems`: the diagnostics of A or B;
 * - `frames`: frames of a run arrived (the run grew);
 * - `runs`: a run finished, or what the panels follow changed: panels rebuild;
 * - `layout`: the room the panels have, or their type size, changed: panels rebuild;
 * - `horizon`: the weeks the timeline and charts cover changed (presentation mode grows them);
 * - `week`: the week on screen.
 */
export const TOPICS = [
  'mode',
  'started',
  'scenario',
  'problems',
  'frames',
  'runs',
  'layout',
  'horizon',
  'week',
] as const;
export type Topic = (typeof TOPICS)[number];

const bus: Dispatch<object, Record<Topic, []>> = dispatch(...TOPICS);

/**
 * A panel's subscription: `name` tells subscribers of one topic apart (one per panel and topic).
 * `spread`: during playback this subscriber hears the change in a later animation frame, each such
 * subscriber in a frame of its own (a week's redraw split across frames, so no one task of the
 * main thread carries it all: `npm run bench -- --only view`); standing still, it hears it at once.
 */
export function subscribe(topic: Topic, name: string, fn: () => void, opts: { spread?: boolean } = {}): void {
  const key = `${topic}.${name}`;
  if (!opts.spread) {
    bus.on(key as Topic, fn);
    return;
  }
  bus.on(key as Topic, () => {
    if (ui.playing) return spread(key, fn);
    queued.delete(key);
    fn();
  });
}

/** Redraws waiting for a frame of their own, in the order they were asked for (one each per key). */
const queued = new Map<string, () => void>();
let frameAsked = false;
function spread(key: string, fn: () => void): void {
  if (!queued.has(key)) queued.set(key, fn);
  if (!frameAsked) {
    frameAsked = true;
    requestAnimationFrame(runOne);
  }
}
function runOne(): void {
  frameAsked = false;
  const next = queued.entries().next();
  if (next.done) return;
  const [key, fn] = next.value;
  queued.delete(key);
  fn();
  if (queued.size && !frameAsked) {
    frameAsked = true;
    requestAnimationFrame(runOne);
  }
}

/** Announce changes; subscribers hear them in the order of TOPICS, whatever order they are given in. */
export function publish(...topics: Topic[]): void {
  for (const t of TOPICS) if (topics.includes(t)) bus.call(t, {});
}

/**
 * The one way to move the week on screen (clamped to the runs); `force` redraws the same week
 * (a run or an option changed under it).
 */
export function setWeek(week: number, force = false): void {
  const w = Math.max(0, Math.min(week, maxWeek()));
  if (w === state.week && !force) return;
  state.week = w;
  // In presentation mode the first week starts the telling afresh: a rehearsal watched to the end
  // (or a run watched before presenting) tells nothing after it until the room reaches it again.
  ui.highWater = state.present && w === 0 ? 0 : Math.max(ui.highWater, w);
  // Presentation mode: the timeline and charts grow as the run is watched.
  if (horizon() !== ui.horizon) publish('horizon');
  publish('week');
}

/** A week chosen by the user: a re-run's pending week is dropped. */
export function goTo(week: number): void {
  ui.pendingWeek = null;
  setWeek(week);
}
