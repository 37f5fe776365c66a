// The timeline: the week on screen, the scrubber and its marks, the clock, play/pause and the
// animation loop that advances playback and redraws the canvases.
import {
  $,
  calendarOf,
  endTold,
  ICON_PAUSE,
  ICON_PLAY,
  maxWeek,
  runs,
  slotsShown,
  state,
  ui,
  views,
  WEEKS_PER_MONTH,
} from './app.ts';
import { horizon, momentFrom } from './present.ts';
import { goTo, publish, subscribe } from './store.ts';

/** The week on the scrubber and the clock, and each network drawn at it. */
function drawWeek(): void {
  const w = state.week;
  const scrub = $<HTMLInputElement>('#scrubber');
  scrub.value = String(w);
  scrub.setAttribute('aria-valuetext', `Week ${w}, ${calendarOf(runs.A, w)}`);
  const months = w / WEEKS_PER_MONTH;
  $('#clock').innerHTML =
    `<strong>Week ${w}</strong><span class="when">month ${months.toFixed(1)} · ${calendarOf(runs.A, w)}</span>`;
  for (const s of slotsShown()) views[s].setWeek(w);
}
/** How many of the runs on screen have their end told (the end marks change when it does). */
const endsTold = () => slotsShown().filter((s) => runs[s]?.summary && endTold(runs[s].summary.weeks)).length;
let told = -1;
subscribe('week', 'timeline', () => {
  if (endsTold() !== told) updateScrubber();
  drawWeek();
});
for (const t of ['mode', 'frames', 'runs', 'layout', 'horizon'] as const)
  subscribe(t, 'timeline', () => updateScrubber());

export function updateScrubber(): void {
  const scrub = $<HTMLInputElement>('#scrubber');
  const max = horizon();
  ui.horizon = max;
  scrub.max = String(max);
  const seen = state.present ? ui.highWater : Number.POSITIVE_INFINITY;
  told = endsTold();
  const marks = $('#scrub-marks');
  marks.replaceChildren();
  if (!max) return;
  const at = (w: number) => `calc(${(w / max) * 100}% + ${(0.5 - w / max) * 16}px)`;
  const labels: HTMLElement[] = [];
  const add = (cls: string, w: number, text: string, short = text) => {
    const d = document.createElement('div');
    d.className = `mk ${cls}`;
    d.style.left = at(w);
    d.title = `${text} (week ${w})`;
    const span = document.createElement('span');
    span.textContent = text;
    span.dataset.short = short;
    d.appendChild(span);
    marks.appendChild(d);
    labels.push(span);
  };
  const a = runs.A;
  if (a) {
    const dl = a.scenario.calendar.plannedWeeks;
    if (dl <= max) add('deadline', dl, `planned end · ${Math.round(dl / WEEKS_PER_MONTH)} months`, 'plan');
    for (const s of slotsShown()) {
      const r = runs[s];
      if (!r?.summary || !endTold(r.summary.weeks)) continue;
      const o = r.summary.outcomes;
      const n = r.summary.national;
      const label = n
        ? `${n.submittedCount}/${n.consortia} submitted`
        : o.submitted
          ? 'submitted'
          : 'gave up';
      const tag = state.mode === 'compare' ? `${s}: ` : '';
      add(`submitted ${s === 'B' ? 'b' : ''}`, r.summary.weeks, `${tag}${label}`);
    }
    // Small dots for the meetings of A along the track.
    for (const [f, evs] of a.eventsByFrame)
      if (
        f <= Math.min(seen, max) &&
        evs.some((e) => e.type === 'meeting' && e.consortium === state.follow)
      ) {
        const t = document.createElement('div');
        t.className = 'tick';
        t.style.left = at(f);
        marks.appendChild(t);
      }
  }
  separateLabels(labels);
}

/**
 * Timeline labels placed so that none overlaps another or runs off the track: each takes the first
 * free spot among centred on its tick, to its left, to its right, on the
 * lower row and then on a row above (the track grows a row for it); only a label that fits nowhere
 * is shortened (the plan's end says "plan"), then hidden (kept as a tooltip). An end mark keeps its
 * scenario and its words ("B: submitted"): its short form is the same text.
 */
export function separateLabels(labels: HTMLElement[]): void {
  const track = $('#scrub-marks');
  const scrub = track.parentElement!;
  scrub.classList.remove('two-rows');
  const box = (el: HTMLElement) => el.getBoundingClientRect();
  // End marks first (the plan's end can shorten, they do not), each from the right: the last one,
  // at the track's end, has the fewest spots.
  const late = (el: HTMLElement) => (el.parentElement!.classList.contains('deadline') ? 1 : 0);
  const sorted = labels.sort(
    (p, q) => late(p) - late(q) || box(q.parentElement!).left - box(p.parentElement!).left,
  );
  const placed: HTMLElement[] = [];
  const edge = box(track);
  const free = (el: HTMLElement) => {
    const b = box(el);
    if (b.left < edge.left - 0.5 || b.right > edge.right + 0.5) return false;
    const up = el.parentElement!.classList.contains('up');
    return placed.every((o) => {
      if (o.parentElement!.classList.contains('up') !== up) return true;
      const c = box(o);
      return c.right + 6 <= b.left || b.right + 6 <= c.left;
    });
  };
  const spots = ['', 'before', 'after'];
  for (const label of sorted) {
    const mark = label.parentElement!;
    const tryRows = () => {
      for (const up of [false, true]) {
        mark.classList.toggle('up', up);
        if (up) scrub.classList.add('two-rows');
        for (const spot of spots) {
          label.className = spot;
          if (free(label)) return true;
        }
      }
      return false;
    };
    let ok = tryRows();
    if (!ok && label.dataset.short && label.dataset.short !== label.textContent) {
      label.textContent = label.dataset.short;
      ok = tryRows();
    }
    if (ok) placed.push(label);
    else {
      mark.classList.remove('up');
      label.style.visibility = 'hidden';
    }
  }
  if (!placed.some((l) => l.parentElement!.classList.contains('up'))) scrub.classList.remove('two-rows');
}

export function play(on: boolean): void {
  ui.playing = on && maxWeek() > 0;
  if (ui.playing && state.week >= maxWeek()) goTo(0);
  const b = $('#play-btn');
  b.innerHTML = ui.playing ? ICON_PAUSE : ICON_PLAY;
  b.setAttribute('aria-label', ui.playing ? 'Pause' : 'Play');
  // The week is told to screen readers once playback stops.
  if (!ui.playing) publish('week');
}

// ---------------------------------------------------------------- animation loop

let last = performance.now();
let acc = 0;
export const fpsWindow: number[] = [];
export function loop(t: number): void {
  const dt = Math.min(0.25, (t - last) / 1000);
  last = t;
  // Playback waits while a re-run streams in (under a second), so the week is not lost.
  const settled = ui.pendingWeek === null && slotsShown().every((s) => runs[s]?.done);
  if (ui.playing && settled) {
    acc += dt * state.speed;
    if (acc >= 1) {
      const steps = Math.floor(acc);
      acc -= steps;
      let target = Math.min(maxWeek(), state.week + steps);
      // Presentation mode stops at each key moment, so the facilitator can talk about it.
      const moment = state.present ? momentFrom(state.week, 1) : undefined;
      const stop = moment && moment.week <= target;
      if (stop) target = moment.week;
      goTo(target);
      if (stop || target >= maxWeek()) play(false);
    }
  } else acc = 0;
  for (const s of slotsShown()) views[s].tick();
  fpsWindow.push(t);
  while (fpsWindow.length && fpsWindow[0] < t - 1000) fpsWindow.shift();
  requestAnimationFrame(loop);
}
