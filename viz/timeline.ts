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
import { glyph, type IconName } from './icons.ts';
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
  const add = (cls: string, w: number, text: string, short = text, mark?: IconName) => {
    const d = document.createElement('div');
    d.className = `mk ${cls}`;
    d.style.left = at(w);
    d.title = `${text} (week ${w})`;
    const span = document.createElement('span');
    span.textContent = text;
    span.dataset.short = short;
    if (mark) span.dataset.icon = mark;
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
      const short = state.mode === 'compare' ? s : '';
      add(
        `submitted ${s === 'B' ? 'b' : ''}`,
        r.summary.weeks,
        `${tag}${label}`,
        short,
        o.submitted || n ? 'star' : 'cross',
      );
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

/** A timeline label cut to its short form: a word, or the slot and an icon for an end mark. */
function shorten(span: HTMLElement): void {
  const { short = '', icon } = span.dataset;
  if (icon) span.replaceChildren(short ? `${short} ` : '', glyph(icon as IconName));
  else span.textContent = short;
}

/** Timeline labels that would overlap move to either side of their tick, or hide (kept as a tooltip). */
export function separateLabels(labels: HTMLElement[]): void {
  const box = (el: HTMLElement) => el.getBoundingClientRect();
  const sorted = labels.sort((p, q) => box(p.parentElement!).left - box(q.parentElement!).left);
  const last = sorted.at(-1);
  // Keep the last label inside the track.
  if (last && box(last).right > box($('#scrub-marks')).right) last.className = 'before';
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (box(prev).right + 6 <= box(cur).left) continue;
    if (prev.className !== 'after') prev.className = 'before';
    if (cur !== last) cur.className = 'after';
    if (box(prev).right + 6 > box(cur).left) shorten(cur);
    if (box(prev).right + 6 > box(cur).left) shorten(prev);
    if (box(prev).right + 6 > box(cur).left) cur.style.visibility = 'hidden';
  }
  // A label moved aside for its right neighbour can now run into its left one: shorten, then hide.
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    const clash = () =>
      prev.style.visibility !== 'hidden' &&
      cur.style.visibility !== 'hidden' &&
      box(prev).right + 6 > box(cur).left;
    if (!clash()) continue;
    shorten(prev);
    shorten(cur);
    if (clash()) cur.style.visibility = 'hidden';
  }
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
