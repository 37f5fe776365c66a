// The Log tab: what happened so far in the consortium the panels follow, newest first; A and B each
// with their own list when comparing.
import { $, runs, slotsShown, state, taggedLabel, wordsContext } from '../app.ts';
import { el } from '../dom.ts';
import { glyph } from '../icons.ts';
import type { Slot } from '../protocol.ts';
import { eventWords } from '../words.ts';

function logOf(slot: Slot, limit: number): HTMLElement {
  const run = runs[slot]!;
  const ctx = wordsContext(run);
  const items: HTMLElement[] = [];
  for (let w = Math.min(state.week, run.lastWeek); w >= 0 && items.length < limit; w--) {
    // Within a week, the meetings before what was said and decided in them (the engine tells a
    // meeting once it is over: "Focus group 1 votes …" stood above "Focus group 1 met").
    const week = run.eventsByFrame.get(w) ?? [];
    for (const e of [
      ...week.filter((x) => x.type === 'meeting'),
      ...week.filter((x) => x.type !== 'meeting'),
    ]) {
      if (e.consortium !== state.follow || e.type === 'proposed') continue;
      const words = eventWords(e, ctx);
      if (!words) continue;
      items.push(
        el(
          'li',
          { class: w === state.week ? 'now' : '' },
          el('span', { class: 'wk' }, `wk ${w}`),
          el('span', { class: 'ic', 'aria-hidden': 'true' }, glyph(words.icon)),
          el('span', null, words.text),
        ),
      );
    }
  }
  if (!items.length)
    items.push(el('li', null, el('span'), el('span'), el('span', null, 'Nothing yet: press play.')));
  return el('ul', { class: 'log' }, ...items);
}

export function updateLog(): void {
  const body = $('[data-body="log"]');
  const shown = slotsShown().filter((s) => runs[s]);
  if (!shown.length) return;
  const k = runs.A!.scenario.consortia;
  const out: HTMLElement[] = [
    el(
      'p',
      { class: 'intro' },
      // (Within a week in the order it happened: a week's meeting above the submission that
      // followed it read as a meeting after the file went in, under "newest first".)
      `What happened so far${k > 1 ? ` in consortium ${state.follow + 1}` : ''}, the latest week first; within a week, in the order it happened.`,
    ),
  ];
  for (const s of shown) {
    if (shown.length > 1) out.push(el('h3', null, taggedLabel(s)));
    out.push(logOf(s, shown.length > 1 ? 40 : 80));
  }
  body.replaceChildren(...out);
}
