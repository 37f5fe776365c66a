// One consortium of a national run, large: a click on its cell of the grid, or the index on the
// pane (from the keyboard), frames its network in the pane as the single view does (twenty blobs of
// 40 to 90 px showed no ties); the index, a small grid of the consortia's numbers, switches to
// another (five to a row), and "All consortia" (or Fit) returns to the grid. The one shown is the one the charts
// follow.
import { $, runs, slotsShown, state, views } from './app.ts';
import { setFollow } from './follow.ts';
import type { Slot } from './protocol.ts';
import { subscribe } from './store.ts';

const SLOTS: Slot[] = ['A', 'B'];

function indexOf(slot: Slot): HTMLElement {
  const wrap = $(`#net-${slot.toLowerCase()}`);
  let box = wrap.querySelector<HTMLElement>('.cons-index');
  if (!box) {
    box = document.createElement('div');
    box.className = 'cons-index';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', `Consortia, network ${slot}`);
    box.hidden = true;
    wrap.appendChild(box);
  }
  return box;
}

const national = (slot: Slot) =>
  state.mode !== 'replicates' && slotsShown().includes(slot) && (runs[slot]?.scenario.consortia ?? 1) > 1;

/** Room the index takes on the pane's left (CSS px), kept clear by the consortium framed. */
const roomOf = (slot: Slot) => {
  const box = indexOf(slot);
  return box.hidden ? 0 : box.offsetWidth + 8;
};

/** Shows consortium `c` large in every national pane (and the charts follow it). */
export function showConsortium(c: number): void {
  if (c !== state.follow) setFollow(c);
  for (const s of SLOTS) if (national(s)) views[s].focused = c;
  render();
  for (const s of SLOTS) if (national(s)) views[s].focusOn(c, roomOf(s));
}

/** Back to the grid of every consortium. */
export function showGrid(): void {
  for (const s of SLOTS) views[s].focusOn(-1, 0);
  render();
}

function button(text: string, label: string, onclick: () => void, pressed?: boolean): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  if (pressed !== undefined) b.setAttribute('aria-pressed', String(pressed));
  b.onclick = onclick;
  return b;
}

function render(): void {
  for (const s of SLOTS) {
    const box = indexOf(s);
    const shown = national(s);
    box.hidden = !shown;
    if (!shown) continue;
    const k = runs[s]!.scenario.consortia;
    const focused = views[s].focused;
    const had = box.contains(document.activeElement)
      ? (document.activeElement as HTMLElement).dataset.c
      : undefined;
    box.replaceChildren();
    box.classList.toggle('open', focused >= 0);
    if (focused < 0) {
      const b = button(
        `Show consortium ${state.follow + 1} large`,
        `Show consortium ${state.follow + 1} large, network ${s}`,
        () => showConsortium(state.follow),
      );
      b.dataset.c = 'show';
      box.append(b);
    } else {
      const all = button('All consortia', `All consortia, network ${s}`, showGrid);
      all.dataset.c = 'all';
      const grid = document.createElement('div');
      grid.className = 'cons-grid';
      grid.style.gridTemplateColumns = `repeat(${Math.min(5, k)}, auto)`;
      for (let c = 0; c < k; c++) {
        const b = button(
          String(c + 1),
          `consortium ${c + 1}, network ${s}`,
          () => showConsortium(c),
          c === focused,
        );
        b.dataset.c = String(c);
        grid.append(b);
      }
      box.append(all, grid);
    }
    placeIndex(s);
    // Focus stays on the index when it is drawn again (the button pressed, or its successor).
    if (had !== undefined)
      (
        box.querySelector<HTMLElement>(`[data-c="${had}"]`) ?? box.querySelector<HTMLElement>('button')
      )?.focus();
  }
}

/** The boxes of an element's text (a status centred in a row the width of the pane is narrower than its box). */
function textBoxes(el: Element): DOMRect[] {
  const r = document.createRange();
  r.selectNodeContents(el);
  return [...r.getClientRects()].filter((b) => b.width > 0 && b.height > 0);
}

/**
 * The index (or "Show consortium N large") stands clear of the pane's foot: the CSS places it one
 * line's height up (watching) or in the status's row on its left (presenting), and it is raised
 * over what it would cover there. A news line in two lines (a tablet, a comparison's half pane,
 * where it takes its own row over the status) ran under the button; presenting a national
 * comparison at 1366×768 and 1280×800, the status's centred text ("20 consortia · ★ 0 submitted")
 * reached under it. The status first, then the news line: only the news line's part of the raise
 * comes and goes with the week (`data-raised`, which the grid's shape leaves out: network.ts).
 */
function placeIndex(slot: Slot): void {
  const box = indexOf(slot);
  if (box.hidden) return;
  const wrap = $(`#net-${slot.toLowerCase()}`);
  box.style.bottom = '';
  box.dataset.raised = '0';
  const w = wrap.getBoundingClientRect();
  const foot = [...(wrap.querySelector('.net-foot')?.children ?? [])].filter(
    (el) => el.textContent !== '' && getComputedStyle(el).visibility !== 'hidden',
  );
  const raise = (among: Element[]): void => {
    // Raised over one line may bring it over the next: a few rounds.
    for (let round = 0; round < 3; round++) {
      const b = box.getBoundingClientRect();
      let top = Number.POSITIVE_INFINITY;
      for (const el of among)
        for (const t of textBoxes(el))
          if (
            t.top > w.top + w.height / 2 &&
            t.left < b.right + 4 &&
            t.right > b.left - 4 &&
            t.top < b.bottom + 4 &&
            t.bottom > b.top - 4
          )
            top = Math.min(top, el.getBoundingClientRect().top, t.top);
      if (top === Number.POSITIVE_INFINITY) return;
      box.style.bottom = `${w.bottom - top + 6}px`;
    }
  };
  raise(foot.filter((el) => !el.classList.contains('net-news')));
  const steady = box.getBoundingClientRect().bottom;
  raise(foot);
  // How far the news line raised it: the grid keeps its shape from week to week without it.
  box.dataset.raised = String(Math.max(0, steady - box.getBoundingClientRect().bottom));
}

/** A click on a consortium's cell of the grid shows it large (a drag pans, as before). */
export function wireConsortia(): void {
  for (const s of SLOTS) {
    // The news line changes with the week (its height with it), the pane with the screen.
    const wrap = $(`#net-${s.toLowerCase()}`);
    const sizes = new ResizeObserver(() => placeIndex(s));
    sizes.observe(wrap);
    const foot = wrap.querySelector('.net-foot');
    if (foot) {
      sizes.observe(foot);
      for (const el of foot.children) sizes.observe(el);
    }
    const v = views[s];
    v.onFocusChange = render;
    v.canvas.addEventListener('click', (e) => {
      if (!national(s)) return;
      const r = v.canvas.getBoundingClientRect();
      const c = v.consortiumAt(e.clientX - r.left, e.clientY - r.top);
      if (c >= 0 && c !== v.focused) showConsortium(c);
    });
  }
  // A new run, another mode: the grid again.
  subscribe('started', 'consortia', showGrid);
  subscribe('mode', 'consortia', showGrid);
  // The status's text changes with the week (its count of submitted files) inside the same box:
  // placed again once the week's panels have been drawn.
  subscribe('week', 'consortia', () =>
    requestAnimationFrame(() => {
      for (const s of SLOTS) placeIndex(s);
    }),
  );
  // The charts follow another consortium (the Network tab's picker): the one shown large follows.
  subscribe('runs', 'consortia', () => {
    const shown = SLOTS.find((s) => national(s) && views[s].focused >= 0);
    if (shown && views[shown].focused !== state.follow) showConsortium(state.follow);
    else render();
  });
}
