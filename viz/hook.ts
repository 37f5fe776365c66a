// A read-only hook for the browser tests (window.__pilotnet): the week, the ties drawn, run state.
import { lastGood, maxWeek, problems, reps, runs, slotsShown, state, ui, views } from './app.ts';
import { fpsWindow } from './timeline.ts';

Object.defineProperty(window, '__pilotnet', {
  value: Object.freeze({
    get week() {
      return state.week;
    },
    get maxWeek() {
      return maxWeek();
    },
    get mode() {
      return state.mode;
    },
    get playing() {
      return ui.playing;
    },
    get ties() {
      return views.A.stats.ties;
    },
    get tiesB() {
      return state.mode === 'compare' ? views.B.stats.ties : null;
    },
    get drawnWeek() {
      return views.A.stats.week;
    },
    get actors() {
      return runs.A?.actors.length ?? 0;
    },
    get fps() {
      return fpsWindow.length;
    },
    get ready() {
      return slotsShown().every((s) => runs[s]?.done) && problems.A.length === 0;
    },
    /** The edits of the runs on screen (set when a run starts, so a debounced re-run is seen). */
    get ranEdits() {
      return { A: lastGood.A?.edits ?? null, B: lastGood.B?.edits ?? null };
    },
    get lastWeeks() {
      return slotsShown().map((s) => runs[s]?.lastWeek ?? 0);
    },
    get months() {
      return slotsShown().map((s) => runs[s]?.summary?.outcomes.months ?? null);
    },
    get scenarios() {
      return slotsShown().map((s) => runs[s]?.scenario.id ?? null);
    },
    get problems() {
      return [...problems.A, ...problems.B].length;
    },
    get replicates() {
      return Object.fromEntries(Object.entries(reps).map(([k, v]) => [k, v?.rows.length ?? 0]));
    },
    state: () => structuredClone(state),
    /** The planned meetings, interval and size of each group of the scenario slot A or B ran with. */
    groups: (slot: 'A' | 'B' = 'A') =>
      runs[slot]?.scenario.governance.groups.map((g) => ({
        plannedMeetings: g.plannedMeetings,
        interval: g.interval,
        size: g.size,
      })) ?? null,
    /** Screen pixels per layout unit of a network (the fitted view times the user's zoom). */
    scale: (slot: 'A' | 'B' = 'A') => views[slot].scale,
    /** The band above a network kept for its caption (CSS pixels; the fit starts below it). */
    insetTop: (slot: 'A' | 'B' = 'A') => views[slot].insetTop,
    /** The columns of a national run's grid of consortia in slot A or B. */
    gridColumns: (slot: 'A' | 'B' = 'A') => views[slot].gridColumns,
    /** Whether the user has panned or zoomed a network. */
    zoomed: (slot: 'A' | 'B' = 'A') => views[slot].zoomed,
    /** The consortium of a national run shown large in slot A or B, or -1 (the grid). */
    focused: (slot: 'A' | 'B' = 'A') => views[slot].focused,
    /** Each actor's consortium in slot A or B (in the order of marks()). */
    consortiumOf: (slot: 'A' | 'B' = 'A') => runs[slot]?.actors.map((a) => a.consortium) ?? [],
    /** The meetings of the week on screen in slot A or B. */
    meetings: (slot: 'A' | 'B' = 'A') => views[slot].meetingCount,
    /** The consortium of each meeting drawn on a network in slot A or B this week. */
    meetingConsortia: (slot: 'A' | 'B' = 'A') => views[slot].meetingConsortia,
    /** The labels drawn on a network with their boxes in CSS pixels. */
    labels: (slot: 'A' | 'B' = 'A') => views[slot].labels(),
    /** Each actor's mark as drawn in slot A or B: centre and radius, CSS pixels from the canvas's corner. */
    marks: (slot: 'A' | 'B' = 'A') => views[slot].markDiscs(),
    /** Whether a network's positions and fitted view have come to rest. */
    fitted: (slot: 'A' | 'B' = 'A') => views[slot].fitSettled,
    /** Actor positions as drawn in slot A or B (world units), once they have reached the week's layout. */
    positions: (slot: 'A' | 'B' = 'A') => (views[slot].settled ? views[slot].positions() : null),
  }),
});
