// Presentation mode (issue 12 item 1): for a facilitator in front of a room. Nothing is revealed
// before it happens — the tagline, the timeline's marks, the charts' lines and the outcome table
// grow with the week — the network takes most of the screen, text is large, and the key moments
// of the run (first tie across pillars, first debate settled, the focus groups, the negotiation
// after them, the first extra meeting, the submission) get a caption, a pause and a key to jump to.
import { $, runs, slotsShown, state, views } from './app.ts';
import type { RunData } from './engine-client.ts';
import type { Slot } from './protocol.ts';
import { newsLines } from './stage.ts';
import { subscribe } from './store.ts';
import { debateTitle, LEGAL_WORDS } from './words.ts';

export interface Moment {
  week: number;
  title: string;
  text: string;
}

export { horizon } from './app.ts';

/** The key moments of a run, for the consortium the panels follow, in week order. */
export function momentsOf(run: RunData, consortium: number): Moment[] {
  const out: Moment[] = [];
  const pillar = (id: number) => run.actors[id]?.pillar;
  const threshold = run.scenario.observation.tieThreshold;
  // Ties across pillars (at the charts' threshold) in a week's frame; the partners bring some with
  // them, so the moment is the first week meetings add to those.
  const across = (f: RunData['frames'][number]) => {
    let n = 0;
    for (let e = 0; e < f.weight.length; e++)
      if (
        f.weight[e] >= threshold &&
        run.actors[f.source[e]]?.consortium === consortium &&
        pillar(f.source[e]) !== pillar(f.target[e])
      )
        n++;
    return n;
  };
  const start = run.frames.length ? across(run.frames[0]) : 0;
  for (let w = 1; w < run.frames.length; w++) {
    const n = across(run.frames[w]);
    if (n > start) {
      out.push(
        start === 0
          ? {
              week: w,
              title: 'First tie across pillars',
              text: 'Two partners from different pillars now work together: the first bridge in a fragmented field.',
            }
          : {
              week: w,
              title: 'New ties across pillars',
              text: `Meetings build bridges: ${n} ties now cross pillars, where the partners brought ${start} with them.`,
            },
      );
      break;
    }
  }
  const events = run.events.filter((e) => e.consortium === consortium);
  const first = <T extends (typeof events)[number]['type']>(
    type: T,
    also: (e: (typeof events)[number]) => boolean = () => true,
  ) => events.find((e) => e.type === type && also(e));
  const settled = first('settled');
  if (settled?.type === 'settled') {
    // Every debate settled that week, not only the first in the log.
    const titles = events.flatMap((e) =>
      e.type === 'settled' && e.week === settled.week ? [`“${debateTitle(e.controversy)}”`] : [],
    );
    const list =
      titles.length > 1 ? `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}` : titles[0];
    out.push({
      week: settled.week + 1,
      title: titles.length > 1 ? 'First debates settled' : 'First debate settled',
      text:
        titles.length > 1
          ? `Meetings agree on ${list}: the first ${titles.length} questions the consortium has settled.`
          : `A meeting agrees on ${list}: the first question the consortium has settled.`,
    });
  }
  const focus = events.filter((e) => e.type === 'meeting' && e.kind === 'focus');
  if (focus.length) {
    const lastFocus = focus[focus.length - 1].week;
    out.push({
      week: focus[0].week + 1,
      title: 'The focus groups',
      text: `Focus groups meet to weigh the legal structure (${focus.length} meeting${focus.length > 1 ? 's' : ''}): partners who rarely meet sit at one table.`,
    });
    const after = events.find(
      (e) => e.type === 'meeting' && e.kind !== 'focus' && e.week > lastFocus && e.agenda.includes('legal'),
    );
    const choice = first('legalChoice');
    if (after)
      out.push({
        week: after.week + 1,
        title: 'Negotiating after the focus groups',
        text: `The groups take the legal structure back to the table.${choice?.type === 'legalChoice' ? ` Proposed: ${LEGAL_WORDS[choice.option] ?? choice.option}.` : ''}`,
      });
  }
  const extra = first('meeting', (e) => e.type === 'meeting' && e.kind === 'extra');
  if (extra)
    out.push({
      week: extra.week + 1,
      title: 'Extra meetings',
      text: 'Debates stall, so the coordinator calls a meeting that was not in the plan.',
    });
  const end = events.find((e) => e.type === 'submitted' || e.type === 'gaveUp');
  const many = run.scenario.consortia;
  if (end) {
    // A national run's field: how many consortia have submitted by then (the consortium's own
    // "The file is submitted" read as the whole field's, with 8 of 20 submitted on the status line).
    const done = run.events.filter((e) => e.type === 'submitted' && e.week <= end.week).length;
    const field = many > 1 ? ` ${done} of ${many} consortia have submitted by then.` : '';
    out.push({
      week: end.week + 1,
      title: end.type === 'submitted' ? 'The file is submitted' : 'The consortium gives up',
      text:
        (end.type === 'submitted'
          ? `After ${((end.week + 1) / (52 / 12)).toFixed(1)} months, against 7 planned.`
          : 'The application file was never finished.') + field,
    });
  }
  // With many consortia on screen each caption says whose moment it is: the one the charts follow.
  if (many > 1) for (const m of out) m.title = `${m.title} (consortium ${consortium + 1})`;
  return out.sort((a, b) => a.week - b.week);
}

const cache: Record<Slot, { run: RunData | null; follow: number; moments: Moment[] }> = {
  A: { run: null, follow: -1, moments: [] },
  B: { run: null, follow: -1, moments: [] },
};
/** The key moments of the run of A or B, once it is complete. */
export function momentsFor(slot: Slot): Moment[] {
  const run = runs[slot];
  if (!run?.done) return [];
  const c = cache[slot];
  if (c.run !== run || c.follow !== state.follow)
    cache[slot] = { run, follow: state.follow, moments: momentsOf(run, state.follow) };
  return cache[slot].moments;
}

/** The key moments of every run on screen (A's and, when comparing, B's), in week order. */
export function moments(): Moment[] {
  return slotsShown()
    .flatMap(momentsFor)
    .sort((a, b) => a.week - b.week);
}

/** The moment to jump to from the week on screen: the next one (dir 1) or the previous one (-1). */
export function momentFrom(week: number, dir: 1 | -1): Moment | undefined {
  const list = moments();
  return dir > 0 ? list.find((m) => m.week > week) : [...list].reverse().find((m) => m.week < week);
}

const captionOf = (slot: Slot) => $(slot === 'A' ? '#caption' : '#caption-b');

/** The tallest of a slot's captions as its box is laid out now, with the text it is measured on. */
const tallest: Record<Slot, { key: string; moments: Moment[]; height: number }> = {
  A: { key: '', moments: [], height: 0 },
  B: { key: '', moments: [], height: 0 },
};

/**
 * The height (CSS px) of the tallest caption a slot's run will show, measured in its box at the
 * box's width and type size (again when these or the moments change): a caption of five lines in a
 * narrow pane stood taller than the band kept for it and hid the focus groups' labels below it.
 */
function tallestCaption(slot: Slot, tagged: boolean): number {
  const box = captionOf(slot);
  const list = momentsFor(slot);
  const key = `${tagged}|${box.parentElement?.clientWidth}|${getComputedStyle(box).fontSize}`;
  const t = tallest[slot];
  if (t.key === key && t.moments === list) return t.height;
  const [h, p] = [box.querySelector('strong')!, box.querySelector('span')!];
  const kept = { hidden: box.hidden, title: h.textContent, text: p.textContent };
  box.style.visibility = 'hidden';
  box.hidden = false;
  let height = 0;
  for (const m of list) {
    h.textContent = tagged ? `${slot}: ${m.title}` : m.title;
    p.textContent = ` ${m.text}`;
    height = Math.max(height, box.getBoundingClientRect().height);
  }
  h.textContent = kept.title;
  p.textContent = kept.text;
  box.hidden = kept.hidden;
  box.style.visibility = '';
  tallest[slot] = { key, moments: list, height };
  return height;
}

const newsTallest: Record<Slot, { key: string; run: RunData | null; follow: number; bottom: number }> = {
  A: { key: '', run: null, follow: -1, bottom: 0 },
  B: { key: '', run: null, follow: -1, bottom: 0 },
};

/**
 * How far below the top of its pane the news line reaches at its tallest (CSS px): presenting, the
 * news line stands in the caption's band (style.css), wrapped, and the band holds its longest line.
 */
function tallestNews(slot: Slot): number {
  const run = runs[slot];
  const el = $(`#net-${slot.toLowerCase()} .net-news`);
  const wrap = el.closest('.net-wrap') as HTMLElement;
  if (!run?.done) return 0;
  // Where the line stands depends on the presentation class (in the band, or at the bottom).
  const key = `${document.documentElement.className}|${wrap.clientWidth}|${getComputedStyle(el).fontSize}|${wrap.style.getPropertyValue('--head')}`;
  const t = newsTallest[slot];
  if (t.key === key && t.run === run && t.follow === state.follow) return t.bottom;
  const kept = el.textContent;
  let bottom = 0;
  const top = wrap.getBoundingClientRect().top;
  for (const line of newsLines(slot, run)) {
    el.textContent = line;
    bottom = Math.max(bottom, el.getBoundingClientRect().bottom - top);
  }
  el.textContent = kept;
  newsTallest[slot] = { key, run, follow: state.follow, bottom };
  return bottom;
}

/**
 * The caption of each network: its own run's key moment, shown for a few weeks after it
 * (presentation mode only), tagged A or B when comparing. The room it takes is kept for it while
 * presenting, caption or not, so the network neither shrinks nor jumps when one comes and goes:
 * the band is as tall as the tallest caption of either run on screen (or the CSS minimum), or its
 * tallest news line (shown in the band between captions), the same for both panes so that A and B
 * are drawn at one scale. The caption spans its pane; the zoom buttons stand below the band.
 */
export function updateCaption(): void {
  const shown = slotsShown();
  // The band starts below the scenario's name as it wraps (its second line stood under the news
  // line, half-letters showing, when the band started at a fixed height).
  for (const slot of shown) {
    const wrap = captionOf(slot).parentElement!;
    const head = wrap.querySelector<HTMLElement>('.net-head')!;
    const below = head.offsetHeight ? `${head.offsetTop + head.offsetHeight + 4}px` : '';
    if (wrap.style.getPropertyValue('--head') !== below) wrap.style.setProperty('--head', below);
  }
  for (const slot of ['A', 'B'] as Slot[]) {
    const box = captionOf(slot);
    const m =
      state.present && shown.includes(slot)
        ? [...momentsFor(slot)].reverse().find((x) => x.week <= state.week && state.week < x.week + 5)
        : undefined;
    const [h, p] = [box.querySelector('strong')!, box.querySelector('span')!];
    const title = m ? (shown.length > 1 ? `${slot}: ${m.title}` : m.title) : '';
    if (h.textContent !== title) {
      h.textContent = title;
      p.textContent = m ? ` ${m.text}` : '';
    }
    box.hidden = !m;
    // The news line shares the band: it steps aside while a caption is up.
    box.parentElement?.classList.toggle('captioned', !!m);
  }
  // The band the captions may take (their CSS top and minimum height, or the tallest caption).
  const band = state.present
    ? Math.max(
        ...shown.map((slot) => {
          const css = getComputedStyle(captionOf(slot));
          return Math.max(
            (Number.parseFloat(css.top) || 0) +
              Math.max(Number.parseFloat(css.minHeight) || 0, tallestCaption(slot, shown.length > 1)),
            tallestNews(slot),
          );
        }),
      )
    : 0;
  for (const slot of ['A', 'B'] as Slot[]) {
    views[slot].insetTop = shown.includes(slot) ? band : 0;
    views[slot].container.style.setProperty('--band', `${band}px`);
  }
}
subscribe('week', 'caption', updateCaption, { spread: true });
subscribe('layout', 'caption', updateCaption);
// The name wraps anew when its text, the pane's width or the type changes.
const heads = new ResizeObserver(() => updateCaption());
for (const head of document.querySelectorAll('.net-head')) heads.observe(head);
