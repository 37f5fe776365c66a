// The 100-runs mode: starts replicate batches of A (and B) in the worker and shows their progress.
import {
  $,
  client,
  problems,
  reps,
  runs,
  slotLabel,
  sourceOf,
  state,
  WHAT_IF_QUESTIONS,
  whatIfSpec,
} from './app.ts';
import { downloadBrief } from './brief-download.ts';
import { bandAnswer } from './ensemble-band.ts';
import type { Slot } from './protocol.ts';
import { renderReplicates } from './replicates.ts';
import { publish, subscribe } from './store.ts';

/** The replicates pane's own controls. */
export function wireReplicates(): void {
  $('#rep-run').onclick = runReplicates;
  $('#rep-brief').onclick = briefClicked;
  $<HTMLInputElement>('#rep-count').onchange = showReplicates;
  // The band across other settings takes height above the charts: they are drawn again for the
  // height left (replicates.ts lets them use what the pane has to spare). Heights only: a width
  // that changed with a scroll bar would draw them again and again.
  let bandHeight = 0;
  new ResizeObserver(([e]) => {
    const h = Math.round(e.contentRect.height);
    if (h === bandHeight) return;
    bandHeight = h;
    if (state.mode === 'replicates' && (reps.A || reps.B)) showReplicates();
  }).observe($('#rep-ensemble'));
}

export function showReplicates(): void {
  const count = Number($<HTMLInputElement>('#rep-count').value) || 100;
  // Partners' words: runs, not replicates.
  $('#rep-run').textContent = state.b ? `Run A and B ${count} times each` : `Run ${count} times`;
  // A national run draws many consortia: the lede says so ("a new consortium" was one of 20).
  const consortia = runs.A?.scenario.consortia ?? 1;
  $('#replicates .rep-head .lede').textContent =
    `Each run draws ${consortia > 1 ? `${consortia} new consortia` : 'a new consortium'} from the same recipe. The spread shows what is luck and what is structure.`;
  renderReplicates($('#rep-charts'), reps, runs.A?.scenario.calendar.plannedWeeks ?? 30);
  // The brief compares A and B replicate by replicate: offered once both have finished.
  const both = !!reps.A && !!reps.B && reps.A.summaries.length === reps.B.summaries.length;
  $<HTMLButtonElement>('#rep-brief').hidden = !(state.b || whatIfSpec()) || !both;
  $<HTMLButtonElement>('#rep-ensemble-btn').hidden = !(state.b || whatIfSpec()) || !both;
}

export function briefClicked(): void {
  // With the answer of "Does the answer hold?" when it ran on these very runs; a what-if's brief is
  // titled by its question ("What if meetings were halved?"), not by B's name ("A + meetings halved").
  const question = state.whatIf ? WHAT_IF_QUESTIONS[state.whatIf] : undefined;
  void downloadBrief(reps.A, reps.B, bandAnswer(reps.A, reps.B), question);
}

export function runReplicates(): void {
  const count = Math.max(2, Math.min(1000, Number($<HTMLInputElement>('#rep-count').value) || 100));
  const slots: Slot[] = state.b ? ['A', 'B'] : ['A'];
  const progress: Record<string, number> = {};
  const bar = $('#rep-progress');
  bar.hidden = false;
  $('#rep-ensemble').replaceChildren();
  for (const s of slots) {
    delete reps[s];
    progress[s] = 0;
  }
  const spec = (s: Slot) => (s === 'A' ? state.a : (whatIfSpec() ?? state.b!));
  // Runs counted per scenario, as the button counts them ("Run A and B 100 times each"): "100 runs
  // of A and 100 of B done", not "200 runs done" beside it.
  const paint = () => {
    const done = Object.values(progress).reduce((a, b) => a + b, 0);
    const total = count * slots.length;
    ($('.bar', bar) as HTMLElement).style.width = `${(100 * done) / total}%`;
    $('.label', bar).textContent =
      slots.length === 1
        ? progress.A >= count
          ? `${count} runs done`
          : `${progress.A} of ${count} runs…`
        : done >= total
          ? `${count} runs of A and ${count} of B done`
          : `A: ${progress.A} of ${count} runs, B: ${progress.B} of ${count}…`;
  };
  paint();
  for (const s of slots)
    client.replicates(s, sourceOf(spec(s)), state.seed, count, {
      onProgress(done) {
        progress[s] = done;
        paint();
      },
      onDone(scenario, rows, summaries) {
        reps[s] = {
          scenario,
          rows,
          label: s,
          name: slotLabel(s),
          summaries,
          seed: state.seed ?? scenario.seed,
        };
        progress[s] = count;
        paint();
        showReplicates();
      },
      onProblems(p) {
        problems[s] = p;
        publish('problems');
      },
    });
}
subscribe('mode', 'replicates', () => {
  if (state.mode === 'replicates') showReplicates();
});
// The charts are drawn at their column's width: drawn again when the page's layout changes
// (presenting, a resized window).
subscribe('layout', 'replicates', () => {
  if (state.mode === 'replicates') showReplicates();
});
