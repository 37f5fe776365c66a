// The stage around the network canvases: the legend and size switch, the actor tooltip, the news line
// under each network and its outcome badge.
import { $, $$, calendarOf, runs, slotsShown, state, ui, views, wordsContext } from './app.ts';
import { el, shapeChip } from './dom.ts';
import type { RunData } from './engine-client.ts';
import { glyph } from './icons.ts';
import {
  LINE_LABELS,
  LINE_SHAPES,
  PILLAR_COLOURS,
  PILLAR_LABELS,
  type SizeBy,
  TIE_STRENGTH_WORDS,
} from './marks.ts';
import type { Slot } from './protocol.ts';
import { publish, subscribe } from './store.ts';
import { scheduleHash } from './url-state.ts';
import { CONTROVERSY_WORDS, eventWords, leaningWords, namesOf, tieWords } from './words.ts';

export function buildLegend(): void {
  const box = $('#legend');
  box.replaceChildren();
  const g1 = document.createElement('div');
  g1.className = 'group';
  for (const [p, c] of Object.entries(PILLAR_COLOURS))
    g1.insertAdjacentHTML(
      'beforeend',
      `<span class="item"><svg viewBox="0 0 16 16"><circle cx="8" cy="8" r="6" fill="${c}"/></svg>${PILLAR_LABELS[p]}</span>`,
    );
  const g2 = document.createElement('div');
  g2.className = 'group';
  const shapes: Record<string, string> = {
    circle: '<circle cx="8" cy="8" r="6" fill="#9ca3af"/>',
    square: '<rect x="2.5" y="2.5" width="11" height="11" fill="#9ca3af"/>',
    triangle: '<polygon points="8,1.5 14.5,13 1.5,13" fill="#9ca3af"/>',
  };
  for (const [l, s] of Object.entries(LINE_SHAPES))
    g2.insertAdjacentHTML(
      'beforeend',
      `<span class="item" title="${LINE_LABELS[l]}"><svg viewBox="0 0 16 16">${shapes[s]}</svg>${LINE_LABELS[l].replace(/ \(.*\)$/, '')}</span>`,
    );
  g2.insertAdjacentHTML(
    'beforeend',
    '<span class="item"><svg viewBox="0 0 16 16"><circle cx="8" cy="8" r="4.5" fill="#fff" stroke="#111827" stroke-width="2"/><circle cx="8" cy="8" r="7" fill="none" stroke="#111827" stroke-width="1"/></svg>coordinator</span>' +
      `<span class="item"><svg viewBox="0 0 16 16"><line x1="1" y1="12" x2="15" y2="4" stroke="#3b4252" stroke-width="3"/></svg>tie across pillars (${TIE_STRENGTH_WORDS})</span>`,
  );
  const toggle = document.createElement('div');
  toggle.className = 'size-toggle';
  toggle.setAttribute('role', 'group');
  toggle.setAttribute('aria-label', 'Size of actors');
  for (const [k, label] of [
    ['degree', 'bigger: more ties'],
    ['betweenness', 'bigger: connects others'],
  ] as const) {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.size = k;
    b.textContent = label;
    b.title =
      k === 'degree'
        ? 'The more ties a partner has, the bigger its mark (degree)'
        : 'The more a partner connects others, the bigger its mark: how often it lies on the way between two others (betweenness)';
    b.setAttribute('aria-pressed', String(state.sizeBy === k));
    b.onclick = () => setSizeBy(k);
    toggle.appendChild(b);
  }
  g2.classList.add('wide');
  box.append(g1, toggle, g2, chartsToggle());
}

/**
 * Presenting a comparison in a window under 1180 px wide (a 1024 projector, a tablet), the column of
 * charts folds (style.css) so that A and B share the stage's width: beside it, each network was
 * about 320 px wide and drawn in 170. This button, at the legend's end, unfolds it and folds it
 * again; it is not shown where the column stands beside the stage anyway.
 */
function chartsToggle(): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = 'charts-btn';
  b.className = 'charts-toggle';
  b.setAttribute('aria-controls', 'panels');
  const show = (open: boolean) => {
    b.setAttribute('aria-expanded', String(open));
    b.textContent = open ? 'Hide charts' : 'Show charts';
    b.title = open
      ? 'Fold the charts away: the two networks share the width'
      : 'The charts beside the networks (they are narrower then)';
  };
  show(ui.chartsOpen);
  b.onclick = () => {
    ui.chartsOpen = !ui.chartsOpen;
    document.documentElement.classList.toggle('charts-open', ui.chartsOpen);
    show(ui.chartsOpen);
    publish('layout');
  };
  return b;
}

/**
 * The heights of the header and the timeline, as CSS variables on the page (--top-h, --foot-h): on a
 * phone, presenting two networks, A and B share the screen between them (style.css), B no longer
 * below the fold under the pinned timeline.
 */
export function watchChrome(): void {
  const root = document.documentElement;
  const top = $('.top');
  const foot = $('.timeline');
  const set = () => {
    root.style.setProperty('--top-h', `${top.offsetHeight}px`);
    root.style.setProperty('--foot-h', `${foot.offsetHeight}px`);
  };
  const sizes = new ResizeObserver(set);
  sizes.observe(top);
  sizes.observe(foot);
  set();
}

export function setSizeBy(k: SizeBy): void {
  state.sizeBy = k;
  views.A.sizeBy = k;
  views.B.sizeBy = k;
  for (const b of $$('.size-toggle button')) b.setAttribute('aria-pressed', String(b.dataset.size === k));
  scheduleHash();
}

export function showTooltip(slot: Slot, id: number, x: number, y: number): void {
  const tip = $('#tooltip');
  const run = runs[slot];
  if (id < 0 || !run) {
    tip.hidden = true;
    return;
  }
  const a = run.actors[id];
  const f = run.frame(state.week);
  const C = run.controversies.length;
  const threshold = run.scenario.observation.tieThreshold;
  const ties: { other: number; w: number }[] = [];
  for (let e = 0; e < f.weight.length; e++) {
    if (f.weight[e] < threshold) continue;
    if (f.source[e] === id) ties.push({ other: f.target[e], w: f.weight[e] });
    else if (f.target[e] === id) ties.push({ other: f.source[e], w: f.weight[e] });
  }
  ties.sort((p, q) => q.w - p.w);
  // Partners told apart (two of one role read alike), each tie's strength in words (a decimal such as
  // 0.42 meant nothing to a partner).
  const names = namesOf(run.actors);
  const strongest = ties.slice(0, 3).map((t) => `${names[t.other]}: ${tieWords(t.w)}`);
  const colour = PILLAR_COLOURS[a.pillar] ?? '#999';
  const pos = run.controversies.flatMap((c, ci) => {
    const v = f.positions[id * C + ci];
    const dot = el('span', { class: 'dot', style: { left: `${(v * 100).toFixed(1)}%`, background: colour } });
    // The bar's ends have names (a care-centred name … a territory's name): where the partner
    // stands is said in those words under its bar, as the Debates tab says a settlement.
    return [
      el('span', { class: 'k' }, CONTROVERSY_WORDS[c]?.short ?? c),
      el('span', { class: 'track' }, dot),
      el('span', { class: 'lean' }, leaningWords(c, v)),
    ];
  });
  const name = names[id].charAt(0).toUpperCase() + names[id].slice(1);
  const groupLabel = (g: string) => run.scenario.governance.groups.find((x) => x.id === g)?.label ?? g;
  // Of one organisation with others of the consortium: said by their names (the engine's
  // organisation number, "Organisation #23", told the room nothing).
  const colleagues = run.actors
    .filter((o) => o.id !== id && o.organisation === a.organisation && o.consortium === a.consortium)
    .map((o) => names[o.id]);
  // Engagement as the engine uses it: about the chance of coming when invited (S1), worn down by
  // meeting hours, lifted by settled debates and growing ties (S9); the coordinator always comes.
  const takesPart = a.isCoordinator
    ? el('div', { class: 'meta' }, 'Comes to every meeting (the coordinator)')
    : el(
        'div',
        { class: 'meta' },
        'Keen to take part: ',
        el('b', null, `${Math.round(f.engagement[id] * 100)}%`),
        f.active[id]
          ? ' (its chance of coming when invited: meetings wear it down, settled debates and new ties lift it)'
          : ' · ',
        f.active[id] ? null : el('b', null, 'dropped out'),
      );
  tip.replaceChildren(
    el(
      'h4',
      null,
      shapeChip(LINE_SHAPES[a.line] ?? 'circle', colour),
      name,
      a.isChair && !a.isCoordinator ? ' · chair' : '',
    ),
    el('div', { class: 'meta' }, `${PILLAR_LABELS[a.pillar] ?? a.pillar} · ${LINE_LABELS[a.line] ?? a.line}`),
    ...(colleagues.length || run.scenario.consortia > 1
      ? [
          el(
            'div',
            { class: 'meta' },
            [
              run.scenario.consortia > 1 ? `Consortium ${a.consortium + 1}` : '',
              colleagues.length ? `same organisation as ${colleagues.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join(' · '),
          ),
        ]
      : []),
    // The coordinator sits in no group of its own and comes to every meeting (said below): a
    // "Sits in: —" over that read as a contradiction.
    ...(a.isCoordinator && !a.groups.length
      ? []
      : [el('div', { class: 'meta' }, `Sits in: ${a.groups.map(groupLabel).join(', ') || 'no group yet'}`)]),
    takesPart,
    el(
      'div',
      { class: 'meta ties' },
      ties.length === 0
        ? 'No ties yet (a tie grows as two partners meet)'
        : `${ties.length} tie${ties.length === 1 ? '' : 's'}; strongest: ${strongest.join('; ')}`,
    ),
    el('div', { class: 'meta' }, 'Where it stands on each debate:'),
    el('div', { class: 'pos' }, ...pos),
  );
  tip.hidden = false;
  const w = tip.offsetWidth;
  const h = tip.offsetHeight;
  tip.style.left = `${Math.min(window.innerWidth - w - 8, x + 14)}px`;
  tip.style.top = `${Math.max(8, Math.min(window.innerHeight - h - 8, y + 14))}px`;
}

const NEWSWORTHY = new Set(['settled', 'legalChoice', 'workingGroup', 'dropout', 'submitted', 'gaveUp']);

/** The first week's line (network A only): who the partners are, and how to start. */
function firstWeekLine(run: RunData): string {
  const k = run.scenario.consortia;
  // Partners, as the scenario counts them: each consortium's coordinator is named apart.
  const partners = run.actors.filter((a) => !a.isCoordinator).length;
  const who =
    k > 1
      ? `${k} consortia of about ${Math.round(partners / k)} partners, each with a coordinator`
      : `${partners} partners and a coordinator`;
  // The Space key is offered only where there is a keyboard to press it: a touch screen or a
  // phone-wide one is tapped.
  const touch = matchMedia('(pointer: coarse), (max-width: 600px)').matches;
  const start = touch ? 'Tap Play' : 'Press Play (Space)';
  return `${who}; the partners mostly know their own pillar. ${start} to watch them meet.`;
}

/** The line of frame week `w` of the followed consortium, or null when nothing newsworthy happened. */
function lineOfWeek(run: RunData, w: number): string | null {
  const evs = (run.eventsByFrame.get(w) ?? []).filter(
    (e) => e.consortium === state.follow && NEWSWORTHY.has(e.type),
  );
  if (!evs.length) return null;
  const e = evs.find((x) => x.type === 'submitted' || x.type === 'gaveUp') ?? evs[evs.length - 1];
  const words = eventWords(e, wordsContext(run));
  // With many consortia on screen the line says which one it tells of (the one the charts follow).
  const whose = run.scenario.consortia > 1 ? `Consortium ${state.follow + 1}: ` : '';
  return words ? `Week ${w} · ${whose}${words.text}` : null;
}

/**
 * Every line the news of a run can show (presentation mode keeps a band tall enough for the
 * tallest of them).
 */
export function newsLines(slot: Slot, run: RunData): string[] {
  const out = slot === 'A' ? [firstWeekLine(run)] : [];
  for (const w of run.eventsByFrame.keys()) {
    const line = lineOfWeek(run, w);
    if (line) out.push(line);
  }
  return out;
}

export function newsOf(slot: Slot, run: RunData): void {
  const el = $(`#net-${slot.toLowerCase()} .net-news`);
  el.textContent = '';
  if (state.week === 0 && slot === 'A') {
    el.textContent = firstWeekLine(run);
    el.style.opacity = '1';
  } else {
    // A national run's line tells of the followed consortium's last two weeks only: older, faded
    // ("Week 24" at week 30), it read as stale over a grid of twenty consortia at work. (Told of
    // the whole field instead, a line stood at nearly every week and its room shrank the grid.)
    const recent = run.scenario.consortia > 1 ? 2 : 6;
    for (let w = state.week; w >= Math.max(0, state.week - recent); w--) {
      const line = lineOfWeek(run, w);
      if (!line) continue;
      el.textContent = line;
      el.style.opacity = String(1 - (state.week - w) / 9);
      break;
    }
  }
  // Presenting, the band kept for captions says the week and its month when it has no news to tell
  // (it stood empty, 60 px over the network at 1366×768); the clock says it to screen readers.
  const wrap = el.closest('.net-wrap');
  wrap?.classList.toggle('quiet', el.textContent === '');
  const week = wrap?.querySelector('.net-week');
  if (week) week.textContent = `Week ${state.week} · ${calendarOf(run, state.week)}`;
}

export function updateOutcomeBadges(): void {
  for (const s of ['A', 'B'] as Slot[]) {
    const el = $(`#net-${s.toLowerCase()} .net-outcome`);
    const run = runs[s];
    if (!run?.frames.length) {
      el.textContent = '';
      continue;
    }
    const f = run.frame(state.week);
    newsOf(s, run);
    if (f.consortia.length > 1) {
      const sub = f.consortia.filter((c) => c.status === 'submitted').length;
      const gave = f.consortia.filter((c) => c.status === 'gaveUp').length;
      el.replaceChildren(
        `${f.consortia.length} consortia · `,
        glyph('star'),
        ` ${sub} submitted`,
        ...(gave ? [' · ', glyph('cross'), ` ${gave} gave up`] : []),
      );
      continue;
    }
    const settled = f.consortia[0]?.controversies.filter((c) => c.status === 'settled').length ?? 0;
    const total = run.controversies.length;
    const st = f.consortia[0]?.status;
    const status =
      st === 'submitted'
        ? [glyph('star'), ' file submitted']
        : st === 'gaveUp'
          ? [glyph('cross'), ' gave up']
          : [`${Math.round((f.consortia[0]?.fileCompletion ?? 0) * 100)}% of the file written`];
    el.replaceChildren(`${settled}/${total} debates settled · `, ...status);
  }
}

/** The network at this week in one sentence, for screen readers: "week 12: 38 ties, 14 across pillars, …". */
export function summaryOf(slot: Slot, week: number): string {
  const run = runs[slot];
  if (!run?.frames.length) return '';
  const f = run.frame(week);
  const threshold = run.scenario.observation.tieThreshold;
  const c = state.follow;
  let ties = 0;
  let across = 0;
  for (let e = 0; e < f.weight.length; e++) {
    if (f.weight[e] < threshold) continue;
    const a = run.actors[f.source[e]];
    if (a.consortium !== c) continue;
    ties++;
    if (a.pillar !== run.actors[f.target[e]].pillar) across++;
  }
  const cons = f.consortia[c] ?? f.consortia[0];
  const settled = cons?.controversies.filter((x) => x.status === 'settled').length ?? 0;
  const where = run.scenario.consortia > 1 ? ` in consortium ${c + 1}` : '';
  return `week ${week}${where}: ${ties} ties, ${across} across pillars, ${settled} of ${run.controversies.length} debates settled`;
}

/** Text alternatives: each canvas's label, and the live summary when playback is paused. */
export function describeWeek(): void {
  for (const s of ['A', 'B'] as Slot[]) {
    const text = summaryOf(s, state.week);
    views[s].canvas.setAttribute('role', 'img');
    views[s].canvas.setAttribute('aria-label', `Network of scenario ${s}, ${text}`);
  }
  // While playing, the live region would talk over itself: it speaks when the week stands still.
  if (!ui.playing)
    $('#live-summary').textContent = slotsShown()
      .map((s) => `${slotsShown().length > 1 ? `${s}, ` : ''}${summaryOf(s, state.week)}`)
      .join('; ');
}
subscribe('week', 'badges', updateOutcomeBadges, { spread: true });
subscribe('week', 'describe', describeWeek, { spread: true });
