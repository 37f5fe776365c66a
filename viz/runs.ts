// Runs of scenario A and B in the engine worker: start (or restart) a slot, keep the last good
// scenario when a new one cannot run, and refresh what depends on the run as frames arrive.
import {
  $,
  client,
  lastGood,
  maxWeek,
  problems,
  runs,
  slotsShown,
  sourceOf,
  state,
  ui,
  views,
  whatIfSpec,
} from './app.ts';
import { asRefusal, byRow, PARTNER_EDITS, partnerLists, pendingList } from './partners.ts';
import type { Slot } from './protocol.ts';
import { editProblems } from './scenario-edit.ts';
import { publish, setWeek } from './store.ts';

export function runSlot(slot: Slot): void {
  // B of a what-if is A plus the change: every run of A re-derives and re-runs it.
  if (slot === 'B' && state.whatIf) state.b = whatIfSpec();
  const spec = slot === 'A' ? state.a : state.b;
  if (!spec) return;
  // Edits that would walk into an object's prototype are refused here and never reach the worker.
  const refused = editProblems(spec.edits);
  for (const p of refused) delete spec.edits[p.path];
  // A partner list's refusal stays until dismissed or a list is taken: it is about a file, not
  // about this run.
  problems[slot] = [...problems[slot].filter((p) => p.list), ...refused];
  publish('problems');
  $('#loading').hidden = runs[slot] !== null;
  client.run(slot, sourceOf(spec), state.seed, {
    onStart(run) {
      // A list loaded into this slot ran: it is the slot's now.
      delete pendingList[slot];
      lastGood[slot] = structuredClone(spec);
      const old = runs[slot];
      runs[slot] = run;
      // A new run has been watched up to the week on screen, no further (presentation mode's
      // timeline grows from there).
      ui.highWater = state.week;
      views[slot].setRun(run);
      views[slot].sizeBy = state.sizeBy;
      // A re-run (an edit) keeps the week on screen once its frames arrive.
      if (old && ui.pendingWeek === null) ui.pendingWeek = state.week;
      publish('started');
    },
    onFrames(run) {
      $('#loading').hidden = true;
      publish('frames');
      const want = ui.pendingWeek ?? state.week;
      if (run.frames.length > want) ui.pendingWeek = null;
      setWeek(Math.min(want, maxWeek()), true);
    },
    onDone() {
      const want = ui.pendingWeek ?? state.week;
      // The week a link asks for is kept until every run on screen is done: a comparison's link to
      // week 60 opened at week 52, the end of the run that finished first.
      if (slotsShown().every((s) => runs[s]?.done)) ui.pendingWeek = null;
      publish('runs');
      setWeek(Math.min(want, maxWeek()), true);
    },
    onProblems(p) {
      $('#loading').hidden = true;
      problems[slot] = [...problems[slot].filter((q) => q.list), ...byRow(slot, p)];
      // A list just loaded that the engine refuses is taken back out: the slot keeps the edits and
      // the list it had, and the problems say the list was not loaded.
      const pending = pendingList[slot];
      if (pending) {
        delete pendingList[slot];
        problems[slot] = asRefusal(problems[slot], pending.file);
        for (const k of PARTNER_EDITS)
          if (Object.hasOwn(pending.edits, k)) spec.edits[k] = pending.edits[k];
          else delete spec.edits[k];
        if (pending.used) partnerLists[slot] = pending.used;
        else delete partnerLists[slot];
        if (slot === 'A' && state.whatIf) partnerLists.B = partnerLists.A;
        publish('scenario');
      }
      const good = lastGood[slot];
      if (good && spec.custom) {
        if (slot === 'A') state.a = structuredClone(good);
        else state.b = structuredClone(good);
      }
      publish('problems');
    },
  });
  if (slot === 'A' && state.whatIf && state.mode === 'compare') runSlot('B');
}

const runTimers: Partial<Record<Slot, number>> = {};
export function debounceRun(slot: Slot): void {
  clearTimeout(runTimers[slot]);
  runTimers[slot] = window.setTimeout(() => runSlot(slot), 200);
}
