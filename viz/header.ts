import {
  $,
  $$,
  blankSpec,
  defaultB,
  endTold,
  maxWeek,
  runs,
  slotLabel,
  state,
  toast,
  ui,
  views,
  whatIfSpec,
} from './app.ts';
import { PRESETS } from './presets.ts';
import type { Slot } from './protocol.ts';
import { runSlot } from './runs.ts';
import type { Mode } from './share.ts';
import { publish, setWeek, subscribe } from './store.ts';
import { scheduleHash } from './url-state.ts';

// ---------------------------------------------------------------- modes

export function setMode(mode: Mode): void {
  state.mode = mode;
  if (mode === 'compare' && !state.b) state.b = defaultB();
  for (const b of $$('.modes button')) b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
  const rep = mode === 'replicates';
  $('#main').classList.toggle('replicates-mode', rep);
  $('#stage').hidden = rep;
  $('#panels').hidden = rep;
  $('#replicates').hidden = !rep;
  $('.timeline').hidden = rep;
  $('#net-b').hidden = mode !== 'compare';
  $('.nets').classList.toggle('two', mode === 'compare');
  $('#main').classList.toggle('compare', mode === 'compare');
  if (mode === 'compare' && state.b) {
    if (!runs.B) runSlot('B');
    else views.B.setRun(runs.B);
  }
  publish('mode', 'scenario');
  setWeek(Math.min(state.week, maxWeek()), true);
  scheduleHash();
}

/** B = A + half the meetings: B follows every later change of A (runs.ts re-derives it). */
export function whatIfHalved(): void {
  state.whatIf = 'halve';
  state.b = whatIfSpec();
  runs.B = null;
  runSlot('B');
  setMode('compare');
  toast(
    'B is a copy of A with one change: half as many meetings, spread over the same months. Everything else is the same. If you edit A, B stays A with meetings halved.',
  );
}

// ---------------------------------------------------------------- preset pickers

const HALVED_OF_A = '__halved';
const CUSTOM = '__custom';

for (const t of ['mode', 'started', 'scenario', 'problems', 'layout'] as const)
  subscribe(t, 'header', refreshPresetSelects);
subscribe('runs', 'tagline', updateTagline);
subscribe('week', 'tagline', updateTagline, { spread: true });
subscribe('layout', 'tagline', updateTagline);
subscribe('mode', 'tagline', updateTagline);

export function refreshPresetSelects(): void {
  for (const slot of ['A', 'B'] as Slot[]) {
    const sel = $<HTMLSelectElement>(`#net-${slot.toLowerCase()} .net-preset`);
    const spec = slot === 'A' ? state.a : state.b;
    if (!spec) continue;
    const whatIf = slot === 'B' && state.whatIf !== null;
    const isPlain = !whatIf && !spec.custom && !spec.halve && !Object.keys(spec.edits).length;
    const opts: HTMLOptionElement[] = [];
    if (!isPlain) opts.push(new Option(slotLabel(slot), CUSTOM, true, true));
    for (const p of PRESETS) {
      const o = new Option(p.name, p.id, false, isPlain && p.id === spec.preset);
      if (p.fileName !== p.name) o.title = p.fileName;
      opts.push(o);
    }
    if (slot === 'B' && !whatIf) opts.push(new Option('A + meetings halved', HALVED_OF_A));
    sel.replaceChildren(...opts);
    sel.title = slotLabel(slot);
    // The name on screen wraps (style.css .net-title); the caption's band starts below it
    // (present.ts measures the name's box).
    $('.net-title', $(`#net-${slot.toLowerCase()}`)).textContent = slotLabel(slot);
  }
}

export function choosePreset(slot: Slot, value: string): void {
  if (value === CUSTOM) return;
  if (slot === 'B' && value === HALVED_OF_A) {
    whatIfHalved();
    return;
  }
  if (slot === 'A') state.a = blankSpec(value);
  else {
    state.whatIf = null;
    state.b = blankSpec(value);
  }
  runSlot(slot);
  publish('scenario');
  scheduleHash();
}

/** Outside presentation mode, the endings on request. */
export function revealEndings(): void {
  ui.revealed = true;
  publish('runs');
}

export function setLarge(on: boolean): void {
  state.large = on;
  document.documentElement.classList.toggle('large', on);
  $('#large-btn').setAttribute('aria-pressed', String(on));
  publish('layout');
  scheduleHash();
}

export function setPresent(on: boolean): void {
  state.present = on;
  // Presenting tells the run from the week on screen: what was watched before, in rehearsal, is not
  // the room's (Home then starts from the first week with nothing after it shown).
  if (on) ui.highWater = state.week;
  document.documentElement.classList.toggle('present', on);
  $('#present-btn').setAttribute('aria-pressed', String(on));
  $('#present-btn').title = on
    ? 'Leave presentation mode'
    : 'Presentation mode: nothing shown before it happens; PageDown / PageUp jump between key moments';
  ui.horizon = -1;
  publish('layout');
  setWeek(state.week, true);
  scheduleHash();
}

const WAITING = 'Watch a fragmented field become a care network, week by week';
/** The waiting line in fewer words, where the long one would take a second line. */
const WAITING_SHORT = [
  'Watch a care network form, week by week',
  'Watch a care network form',
  // A laptop's header with every tool in it (1280 px) left "Show the ending" alone on the line.
  'Watch a network grow',
  // A sentence still at a laptop's width with every tool in the header (1280 px): "Week by week"
  // read as a fragment there.
  'Watch it grow',
  '',
];
/** The answer, width and type the tagline's room was last measured for. */
let reserved = '';

/**
 * The first of `forms` (longest first) that the tagline sets on one line; the last one otherwise.
 * A tagline of three or four lines (a national comparison's answer) made the header a paragraph and,
 * its room kept from the start, an empty dark band under the waiting line.
 */
function oneLine(tagline: HTMLElement, forms: string[]): string {
  // One line: the words on one line, and the "Show the ending" link beside them, not under them.
  const reveal = $('#reveal-btn');
  const single = () => {
    const rects = [...tagline.getClientRects()];
    if (rects.length > 1) return false;
    const link = reveal.hidden ? null : reveal.getBoundingClientRect();
    return !link || !rects.length || Math.abs(link.top - rects[0].top) < rects[0].height / 2;
  };
  for (const f of forms) {
    tagline.textContent = f;
    if (single()) return f;
  }
  return forms[forms.length - 1];
}

export function updateTagline(): void {
  const a = runs.A;
  if (!a?.summary) return;
  const b = state.mode === 'compare' ? runs.B : null;
  // The ending is not told before the room has watched it (outside presentation mode, also when asked).
  // On the 100 runs' page the header tells no single run's ending: beside the page's "usually it
  // took …" it read as a second, contradicting answer.
  const many = state.mode === 'replicates';
  const hidden = many || [a, b].some((r) => r?.summary && !endTold(r.summary.weeks));
  $('#reveal-btn').hidden = !hidden || state.present || many;
  const tagline = $('#tagline');
  const box = tagline.parentElement!;
  const forms = endingForms(a, b);
  // The room the answer takes, and the words and link before it, is kept from the start: the header
  // grew by a line at the last week and both networks changed size at the moment the room looks at
  // them. Measured again for another answer, width or type.
  const at = `${document.documentElement.clientWidth}|${getComputedStyle(box).fontSize}`;
  if (hidden && `${forms[0]}|${at}` !== reserved) {
    reserved = `${forms[0]}|${at}`;
    box.style.minHeight = '';
    const reveal = $('#reveal-btn');
    const shown = reveal.hidden;
    reveal.hidden = true;
    oneLine(tagline, forms);
    const room = box.getBoundingClientRect().height;
    reveal.hidden = shown;
    oneLine(tagline, [WAITING, ...WAITING_SHORT]);
    box.style.minHeight = `${Math.max(room, box.getBoundingClientRect().height)}px`;
  } else if (!hidden && !reserved.endsWith(`|${at}`)) box.style.minHeight = '';
  // The answer in full is the line's tooltip (and its accessible description).
  if (hidden) {
    oneLine(tagline, [WAITING, ...WAITING_SHORT]);
    box.removeAttribute('title');
  } else {
    oneLine(tagline, forms);
    box.title = forms[0];
  }
}
/**
 * The tagline's answer, how the run (or A's and B's) ended, longest first: the first form says it
 * all, the later ones say it in fewer words for a narrower header.
 */
function endingForms(a: NonNullable<(typeof runs)['A']>, b: (typeof runs)['B'] | null): string[] {
  // In compare mode the tagline says which scenario it speaks of, and gives B's ending beside A's.
  // The time is named as in the outcome table and the charts: the time to write the file. One run and
  // two read alike: "This run: <what> <value> (planned: 7 months)", A's and B's values tagged "A …", "B …".
  // "This run": the tagline tells the one run on screen, not the typical run of the 100 runs' pane.
  const months = (r: typeof a) => {
    const o = r.summary!.outcomes;
    return o.submitted ? `${o.months.toFixed(1)} months` : 'never submitted';
  };
  const na = a.summary!.national;
  const nb = b?.summary?.national;
  if (na) {
    const median = (n: NonNullable<typeof na>) => `${n.medianMonths.toFixed(1)} months`;
    const count = (n: NonNullable<typeof na>) => `${n.submittedCount} of ${n.consortia}`;
    if (b?.summary && nb) {
      const all = na.submittedCount === na.consortia && nb.submittedCount === nb.consortia;
      return [
        `This run: A ${count(na)} consortia submitted, median time to write the file ${median(na)} · B ${count(nb)} consortia submitted, median ${median(nb)}`,
        `This run: median time to write the file A ${median(na)} · B ${median(nb)}${all ? ', all submitted' : ` (A ${count(na)}, B ${count(nb)} submitted)`}`,
        `This run: median A ${median(na)} · B ${median(nb)}${all ? ', all submitted' : ''}`,
        // Even the shortest says "median": beside the clock's month (the last consortium's week) a
        // bare figure read as a contradiction.
        `median A ${na.medianMonths.toFixed(1)} · B ${nb.medianMonths.toFixed(1)} months`,
      ];
    }
    return [
      `This run: ${count(na)} consortia submitted · median time to write the file ${median(na)}`,
      `This run: ${count(na)} submitted · median ${median(na)}`,
      `${count(na)} submitted · median ${median(na)}`,
    ];
  }
  // The shortest forms keep a verb: a bare "12.0 months" (or "A 12.0 months · B 12.9 months") in a
  // laptop's header told no one what took so long.
  const both = a.summary!.outcomes.submitted && b?.summary?.outcomes.submitted;
  if (b?.summary)
    return [
      `This run: time to write the file A ${months(a)} · B ${months(b)} (planned: 7 months)`,
      `This run: A ${months(a)} · B ${months(b)} (planned: 7)`,
      both
        ? `Took A ${a.summary!.outcomes.months.toFixed(1)} · B ${b.summary.outcomes.months.toFixed(1)} months`
        : `A ${months(a)} · B ${months(b)}`,
    ];
  const o = a.summary!.outcomes;
  return [
    `This run: ${o.submitted ? `time to write the file ${months(a)}` : 'the file was never submitted'} (planned: 7 months)`,
    `This run: ${o.submitted ? `file written in ${months(a)}` : 'never submitted'} (planned: 7)`,
    o.submitted ? `Took ${months(a)}` : 'Never submitted',
  ];
}
