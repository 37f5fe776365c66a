// Shared state of the browser view: the view state (what a share link carries), the runs of
// scenario A and B, the engine client, the two network canvases and small helpers every panel uses.
// Modules read and write this state; nothing here touches the DOM beyond lookups.
import { EngineClient, type RunData } from './engine-client.ts';
import { NetworkView } from './network.ts';
import { PARTNER_EDITS, type ShownProblem } from './partners.ts';
import { PRESETS, presetById } from './presets.ts';
import type { ScenarioSource, Slot } from './protocol.ts';
import type { RepResult } from './replicates.ts';
import type { SlotSpec, ViewState } from './share.ts';
import { type EventContext, namesOf } from './words.ts';

export const $ = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = document) =>
  root.querySelector(sel) as T;
export const $$ = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = document) =>
  [...root.querySelectorAll(sel)] as T[];

export const MONTHS =
  'January February March April May June July August September October November December'.split(' ');
export const WEEKS_PER_MONTH = 52 / 12;
export const START_YEAR = 2016;

export const ICON_PLAY =
  '<svg viewBox="0 0 20 20" aria-hidden="true"><path d="M6 3.5v13l10-6.5z" fill="currentColor"/></svg>';
export const ICON_PAUSE =
  '<svg viewBox="0 0 20 20" aria-hidden="true"><rect x="5" y="4" width="3.6" height="12" rx="1" fill="currentColor"/><rect x="11.4" y="4" width="3.6" height="12" rx="1" fill="currentColor"/></svg>';

export const blankSpec = (preset = 'default'): SlotSpec => ({
  preset,
  edits: {},
  halve: false,
  custom: null,
});
export const defaultB = (): SlotSpec =>
  presetById('participant-governed') ? blankSpec('participant-governed') : { ...blankSpec(), halve: true };

export const state: ViewState = {
  a: blankSpec(PRESETS[0]?.id ?? 'default'),
  b: null,
  mode: 'watch',
  seed: null,
  week: 0,
  sizeBy: 'degree',
  large: false,
  tab: 'network',
  speed: 4,
  whatIf: null,
  present: false,
  follow: 0,
};

export const client = new EngineClient();
export const runs: Record<Slot, RunData | null> = { A: null, B: null };
export const problems: Record<Slot, ShownProblem[]> = { A: [], B: [] };
export const views: Record<Slot, NetworkView> = {
  A: new NetworkView($('#net-a')),
  B: new NetworkView($('#net-b')),
};
/** Playback, and a week waiting for its frames (a restored link or a re-run keeps its week). */
export const ui = {
  playing: false,
  pendingWeek: null as number | null,
  chartsBuilt: false,
  /** The furthest week shown so far (presentation mode reveals no further). */
  highWater: 0,
  /** The horizon the timeline and charts were last drawn for. */
  horizon: -1,
  /** The endings were asked for ("Show the ending") outside presentation mode. */
  revealed: false,
  /** Presenting a comparison in a narrow window, the folded column of charts was unfolded (stage.ts). */
  chartsOpen: false,
};

/**
 * Whether a run's ending (its week `end`) may be told: once the room has watched to it, or, outside
 * presentation mode, when asked for. The tagline's answer and the timeline's end marks follow it.
 */
export const endTold = (end: number): boolean =>
  (ui.revealed && !state.present) || Math.max(ui.highWater, state.week) >= end;
/**
 * The last week the panels may draw: in presentation mode the week on screen; outside it, every
 * week once the ending is told, else the furthest week watched (scrubbing back keeps what was seen).
 */
export const seenTo = (): number =>
  state.present
    ? state.week
    : endTold(maxWeek())
      ? Number.POSITIVE_INFINITY
      : Math.max(ui.highWater, state.week);
export const reps: Partial<Record<Slot, RepResult>> = {};
/** The last scenario choice of each slot that ran: an invalid file or edit falls back to it. */
export const lastGood: Partial<Record<Slot, SlotSpec>> = {};

export function sourceOf(spec: SlotSpec): ScenarioSource {
  if (spec.custom)
    return { raw: spec.custom.raw, file: spec.custom.file, edits: spec.edits, halve: spec.halve };
  const p = presetById(spec.preset);
  // A link naming a preset this build lacks is named in the problems box, not run as the default.
  if (!p) return { raw: { extends: spec.preset }, file: 'the link', edits: spec.edits, halve: spec.halve };
  return { raw: p.raw, file: p.file, edits: spec.edits, halve: spec.halve };
}

export const slotsShown = (): Slot[] => (state.mode === 'compare' && state.b ? ['A', 'B'] : ['A']);

export function maxWeek(): number {
  return Math.max(0, ...slotsShown().map((s) => runs[s]?.lastWeek ?? 0));
}

export function toast(msg: string): void {
  const t = $('#toast');
  t.textContent = msg;
  t.hidden = false;
  clearTimeout((toast as unknown as { h: number }).h);
  (toast as unknown as { h: number }).h = window.setTimeout(() => (t.hidden = true), 3500);
}

export function calendarOf(run: RunData | null, week: number): string {
  const start = (run?.scenario.calendar.startMonth ?? 7) - 1;
  const m = start + Math.floor(week / WEEKS_PER_MONTH);
  return `${MONTHS[m % 12]} ${START_YEAR + Math.floor(m / 12)}`;
}

/**
 * Weeks the timeline and charts show: the whole run once its end has been watched (or, outside
 * presentation mode, asked for with Show the ending); before that no more than seen, so that no
 * axis tells when the run ends, in presentation mode or not.
 */
export function horizon(): number {
  const max = maxWeek();
  const planned = runs.A?.scenario.calendar.plannedWeeks ?? 30;
  // Once the end is told the axis reaches it, and the plan's end when that lies later (a firm
  // deadline's consortium that submits at week 28 of 30 shows how early it was).
  if (endTold(max)) return Math.max(max, planned);
  // Before that it grows by quarters (13 weeks) past what was seen, and is never cut to the run's
  // last week: an axis that stops there would tell when the run ends (the scrubber still stops at
  // the last week, as setWeek clamps it).
  const seen = Math.ceil((Math.max(ui.highWater, state.week) + 1) / 13) * 13;
  return Math.max(planned, seen);
}

/** One weekly series of the consortium the panels follow, one value per frame (NaN before the first record). */
export function seriesOf(run: RunData, pick: (r: RunData['weekly'][number]) => number): number[] {
  const out: number[] = [];
  const c = Math.min(state.follow, run.scenario.consortia - 1);
  for (let w = 0; w < run.frames.length; w++) {
    const r = run.record(w, c);
    out.push(r ? pick(r) : Number.NaN);
  }
  return out;
}

/** Escapes text for the few places that still build markup from constant templates. */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** What a what-if changes, in words for labels. */
export const WHAT_IF_WORDS: Record<NonNullable<ViewState['whatIf']>, string> = { halve: 'meetings halved' };
/** A what-if as the question it asks (the header's button; the brief's title). */
export const WHAT_IF_QUESTIONS: Record<NonNullable<ViewState['whatIf']>, string> = {
  halve: 'What if meetings were halved?',
};

/**
 * A slot's scenario choice in words: the preset or file, "with your partner list" when one is in
 * use, "(edited)" for other edits, and the halving transform.
 */
export function specLabel(spec: SlotSpec): string {
  const raw = spec.custom?.raw as { name?: unknown } | null | undefined;
  const fileName = typeof raw?.name === 'string' ? raw.name : spec.custom?.file;
  const base = fileName ?? presetById(spec.preset)?.name ?? spec.preset;
  const keys = Object.keys(spec.edits);
  const list = withList(spec);
  const other = keys.some((k) => !(PARTNER_EDITS as readonly string[]).includes(k));
  return `${base}${list ? ' with your partner list' : ''}${other ? ' (edited)' : ''}${spec.halve ? ' + meetings halved' : ''}`;
}

/** Whether a slot's scenario uses a partner list. */
const withList = (spec: SlotSpec) =>
  Object.keys(spec.edits).some((k) => (PARTNER_EDITS as readonly string[]).includes(k));

/**
 * The label of A or B on every panel and export: B of a what-if says it is A plus the change, and
 * that it has A's partner list (read beside A's title, a B without it seemed to have the preset's).
 */
export function slotLabel(slot: Slot): string {
  if (slot === 'A') return specLabel(state.a);
  if (state.whatIf)
    return `A + ${WHAT_IF_WORDS[state.whatIf]}${withList(state.a) ? ', with your partner list' : ''}`;
  return state.b ? specLabel(state.b) : '';
}

/** "A: …" in compare mode, the bare label otherwise. */
export const taggedLabel = (slot: Slot) =>
  slotsShown().length > 1 ? `${slot}: ${slotLabel(slot)}` : slotLabel(slot);

/** B of a what-if: A with the change applied (B = A + the change, whatever A is). */
export function whatIfSpec(): SlotSpec | null {
  return state.whatIf === 'halve' ? { ...structuredClone(state.a), halve: true } : null;
}

/**
 * B edited by hand leaves the what-if. B keeps what it was (A's edits, meetings halved), written out
 * as plain edits, so B's own edits apply as typed and are not halved again; its label says "edited".
 */
export function detachWhatIf(): void {
  if (!state.whatIf || !state.b) return;
  state.whatIf = null;
  const groups = runs.B?.scenario.governance.groups;
  if (!groups || !state.b.halve) return;
  const edits: Record<string, unknown> = { ...state.b.edits };
  groups.forEach((g, i) => {
    edits[`governance.groups[${i}].plannedMeetings`] = g.plannedMeetings;
    edits[`governance.groups[${i}].interval`] = g.interval;
  });
  // In place: the editor holds this spec and keeps writing to it.
  state.b.halve = false;
  state.b.edits = edits;
}

/** What the event sentences need to know about a run (words.ts). */
export function wordsContext(run: RunData): EventContext {
  return {
    // Named as the tooltip names them, so two partners of one role are told apart in the log too.
    actorLabel: (id) => namesOf(run.actors)[id] ?? `actor ${id}`,
    sectionLabel: (id) => run.scenario.file.sections.find((x) => x.id === id)?.label ?? id,
    memberOf: (actor, group) => run.actors[actor]?.groups.includes(group) ?? false,
  };
}
