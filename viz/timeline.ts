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
for (const t of ['mode', 'frames', 'runs', 'layout'] as const)
  subscribe(t, 'timeline', () => updateScrubber());
// The weeks shown grow during playback: the scrubber's marks are redrawn in a frame of their own.
subscribe('horizon', 'timeline', () => updateScrubber(), { spread: true });

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
 *
 * The boxes are read once (and the short forms' widths once more), the spots worked out in numbers
 * and written at the end: trying each spot on the page forced a layout per try, and the redraw when
 * an end is told took 20–30 ms at a quarter of the machine's speed (`npm run bench -- --only view`).
 */
export function separateLabels(labels: HTMLElement[]): void {
  const track = $('#scrub-marks');
  const scrub = track.parentElement!;
  const edge = track.getBoundingClientRect();
  // A label's own left edge, at a spot, from its tick and its width (style.css: .mk span).
  const spotLeft = (x: number, w: number, spot: string) =>
    spot === 'before' ? x - w + 6 : spot === 'after' ? x - 6 : x - w / 2;
  const items = labels.map((label) => {
    label.className = '';
    label.parentElement!.classList.remove('up');
    return { label, mark: label.parentElement!, short: label.dataset.short ?? '' };
  });
  const measured = items.map((it) => ({
    ...it,
    x: it.mark.getBoundingClientRect().left,
    width: it.label.getBoundingClientRect().width,
    shortWidth: Number.NaN,
    late: it.mark.classList.contains('deadline') ? 1 : 0,
  }));
  // The short forms measured together (one more layout), then the full texts put back.
  const shortened = measured.filter((m) => m.short && m.short !== m.label.textContent);
  const full = shortened.map((m) => m.label.textContent ?? '');
  for (const m of shortened) m.label.textContent = m.short;
  for (const m of shortened) m.shortWidth = m.label.getBoundingClientRect().width;
  shortened.forEach((m, i) => {
    m.label.textContent = full[i];
  });
  // End marks first (the plan's end can shorten, they do not), each from the right: the last one,
  // at the track's end, has the fewest spots.
  measured.sort((p, q) => p.late - q.late || q.x - p.x);
  const placed: {
    left: number;
    right: number;
    up: boolean;
    x: number;
    width: number;
    spot: string;
    mark: HTMLElement;
    label: HTMLElement;
  }[] = [];
  const free = (left: number, right: number, up: boolean) =>
    left >= edge.left - 0.5 &&
    right <= edge.right + 0.5 &&
    placed.every((o) => o.up !== up || o.right + 6 <= left || right + 6 <= o.left);
  const spots = ['', 'before', 'after'];
  const spotFor = (x: number, w: number) => {
    for (const up of [false, true])
      for (const spot of spots) {
        const left = spotLeft(x, w, spot);
        if (free(left, left + w, up)) return { spot, up, left, right: left + w };
      }
    return null;
  };
  for (const m of measured) {
    let at = spotFor(m.x, m.width);
    if (!at && Number.isFinite(m.shortWidth)) {
      at = spotFor(m.x, m.shortWidth);
      if (at) m.label.textContent = m.short;
    }
    if (at) {
      placed.push({ ...at, x: m.x, width: at.right - at.left, mark: m.mark, label: m.label });
      m.label.className = at.spot;
      m.mark.classList.toggle('up', at.up);
    } else m.label.style.visibility = 'hidden';
  }
  // A raised label's line runs down to its tick: where a label of the lower row stands over that
  // line ("A: submitted" over B's, at a comparison's end), the labels are laid out again, every row
  // and spot tried (three labels at most: the plan's end and A's and B's ends), for a layout where
  // no line crosses a label, the fewest raised and the most centred.
  const crosses = (x: number, o: { left: number; right: number }) => o.left - 3 <= x && x <= o.right + 3;
  const crossed = (ps: typeof placed) =>
    ps.some((u) => u.up && ps.some((o) => !o.up && o !== u && crosses(u.x, o)));
  if (crossed(placed) && placed.length <= 4) {
    const options = placed.map((p) =>
      [false, true].flatMap((up) =>
        spots.map((spot) => {
          const left = spotLeft(p.x, p.width, spot);
          return { ...p, up, spot, left, right: left + p.width };
        }),
      ),
    );
    let best: typeof placed | null = null;
    let bestScore = Number.POSITIVE_INFINITY;
    const walk = (k: number, chosen: typeof placed) => {
      if (k === options.length) {
        const ok =
          !crossed(chosen) &&
          chosen.every(
            (a, i) =>
              a.left >= edge.left - 0.5 &&
              a.right <= edge.right + 0.5 &&
              chosen.every(
                (b, j) => i === j || a.up !== b.up || a.right + 6 <= b.left || b.right + 6 <= a.left,
              ),
          );
        const score = chosen.reduce((n, a) => n + (a.up ? 10 : 0) + (a.spot ? 1 : 0), 0);
        if (ok && score < bestScore) {
          best = chosen;
          bestScore = score;
        }
        return;
      }
      for (const o of options[k]) walk(k + 1, [...chosen, o]);
    };
    walk(0, []);
    const chosen = (best ?? []) as typeof placed;
    for (const b of chosen) {
      b.label.className = b.spot;
      b.mark.classList.toggle('up', b.up);
    }
    if (chosen.length) placed.splice(0, placed.length, ...chosen);
  }
  // Comparing, the row is kept from the start: A's and B's end marks, told at the last week, often
  // need it, and a track that moved down then shrank both networks as the room looked at them.
  scrub.classList.toggle('two-rows', placed.some((p) => p.up) || slotsShown().length > 1);
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
