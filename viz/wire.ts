// Event wiring: buttons, menus, selects, the file input and the keyboard shortcuts.

import { $, $$, endTold, maxWeek, state, toast, ui, views } from './app.ts';
import { closeEditor, editorOpen, loadFile, loadPartners, openEditor } from './editor-panel.ts';
import { runEnsembleBand } from './ensemble-band.ts';
import { doExport, labelExports } from './export.ts';
import { choosePreset, revealEndings, setLarge, setMode, setPresent, whatIfHalved } from './header.ts';
import { setTab } from './panels/index.ts';
import { hasPartners, withoutPartners } from './partners.ts';
import { momentFrom } from './present.ts';
import type { Slot } from './protocol.ts';
import { wireReplicates } from './replicates-mode.ts';
import type { ViewState } from './share.ts';
import { encodeState, type Mode } from './share.ts';
import { showTooltip } from './stage.ts';
import { goTo, publish } from './store.ts';
import { play } from './timeline.ts';
import { scheduleHash } from './url-state.ts';
import { panKey, zoomKey } from './zoom-controls.ts';

export function wire(): void {
  for (const b of $$('.modes button')) b.onclick = () => setMode(b.dataset.mode as Mode);
  wireTabs();
  $('#play-btn').onclick = () => play(!ui.playing);
  $('#step-btn').onclick = () => {
    play(false);
    goTo(state.week + 1);
  };
  $('#back-btn').onclick = () => {
    play(false);
    goTo(state.week - 1);
  };
  const speed = $<HTMLSelectElement>('#speed');
  speed.value = String(state.speed);
  speed.onchange = () => {
    state.speed = Number(speed.value);
    scheduleHash();
  };
  $<HTMLInputElement>('#scrubber').oninput = (e) => {
    const scrub = e.target as HTMLInputElement;
    const week = Number(scrub.value);
    // Presenting, a drag stops a week short of an ending the room has not reached (End, pressed
    // twice, goes there).
    if (endGuarded(week)) {
      goTo(maxWeek() - 1);
      scrub.value = String(state.week);
      warnEnd();
    } else goTo(week);
  };
  $('#halve-btn').onclick = whatIfHalved;
  $('#large-btn').onclick = () => {
    const type = () => Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
    const before = type();
    setLarge(!state.large);
    // Presenting on a laptop the words are large already and keep their size: said once pressed,
    // or the button seemed to do nothing (the network's marks and names grew, the words did not).
    if (state.large && type() === before)
      toast(
        'Large type: the network’s marks and names are a quarter larger; the words are large already while presenting.',
      );
  };
  $('#present-btn').onclick = () => setPresent(!state.present);
  $('#reveal-btn').onclick = revealEndings;
  $('#edit-btn').onclick = () => (editorOpen() ? closeEditor() : openEditor());
  wireMore();
  $('#editor-close').onclick = closeEditor;
  $<HTMLInputElement>('#partners-input').onchange = (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void loadPartners(file);
    input.value = '';
  };
  // A CSV dropped on the page is a partner list; it is read here, never sent anywhere.
  document.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  });
  document.addEventListener('drop', (e) => {
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    if (/\.csv$/i.test(file.name) || file.type === 'text/csv') void loadPartners(file);
    else if (/\.json$/i.test(file.name)) void loadFile(file);
  });
  $<HTMLInputElement>('#file-input').onchange = (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void loadFile(file);
    input.value = '';
  };
  const menu = $('#export-menu .menu-list');
  const items = $$('[data-export]', menu);
  $('#export-btn').onclick = (e) => {
    e.stopPropagation();
    if (menu.hidden) openMenu();
    else closeMenu(false);
  };
  document.addEventListener('click', () => closeMenu(false));
  for (const b of items)
    b.onclick = () => {
      closeMenu(true);
      void doExport(b.dataset.export!);
    };
  // Menu keys (WAI-ARIA menu button): arrows move, Home/End jump, Esc closes and returns focus.
  menu.addEventListener('keydown', (e) => {
    const i = items.indexOf(document.activeElement as HTMLElement);
    const to = (k: number) => {
      e.preventDefault();
      items[(k + items.length) % items.length].focus();
    };
    if (e.key === 'ArrowDown') to(i + 1);
    else if (e.key === 'ArrowUp') to(i - 1);
    else if (e.key === 'Home') to(0);
    else if (e.key === 'End') to(items.length - 1);
  });
  $('#share-btn').onclick = async () => {
    // A partner list enters a link only when the user says so, warned who will see it.
    const withList =
      (hasPartners(state.a) || hasPartners(state.b)) &&
      window.confirm(
        'Put your partner list in the link? Anyone who opens the link will see the names of the organisations. Cancel makes a link without them.',
      );
    const h = await encodeState(withList ? state : withoutPartners(state));
    history.replaceState(null, '', `#${h}`);
    try {
      await navigator.clipboard.writeText(location.href);
      toast('Link copied: it opens this exact view.');
    } catch {
      toast('Copy this address to share the view: it is in the address bar.');
    }
  };
  wireReplicates();
  $('#rep-ensemble-btn').onclick = runEnsembleBand;
  for (const slot of ['A', 'B'] as Slot[]) {
    const sel = $<HTMLSelectElement>(`#net-${slot.toLowerCase()} .net-preset`);
    sel.addEventListener('change', () => choosePreset(slot, sel.value));
    views[slot].onHover = (id, x, y) => showTooltip(slot, id, x, y);
  }
  for (const sel of [...$$<HTMLSelectElement>('.net-preset'), speed]) letGoAfterPick(sel);
  document.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement;
    if (e.key === 'Escape') {
      if (!menu.hidden) closeMenu(true);
      else if (editorOpen()) closeEditor();
      else if (moreOpen()) closeMore(true);
      return;
    }
    // A focused button, tab or link keeps its own keys: Space and Enter press it.
    if (t.closest('button, [role="tab"], [role="menuitem"], a, summary')) {
      if (e.key === ' ' || e.key === 'Enter' || t.closest('[role="tablist"], [role="menu"]')) return;
    }
    // A clicker's PageDown / PageUp drive the story even from a menu that kept the focus (on a
    // select they would pick the next scenario or speed instead).
    const clicker = (e.key === 'PageDown' || e.key === 'PageUp') && t.tagName === 'SELECT';
    if (
      t.closest('input, select, textarea, [contenteditable]') &&
      !(t as HTMLInputElement).matches?.('#scrubber') &&
      !clicker
    )
      return;
    if (state.mode === 'replicates') return;
    if (e.shiftKey && panKey(e.key)) {
      e.preventDefault();
      return;
    }
    if (e.key === ' ') {
      e.preventDefault();
      play(!ui.playing);
    } else if (e.key === 'ArrowRight') {
      e.preventDefault();
      play(false);
      goTo(state.week + 1);
    } else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      play(false);
      goTo(state.week - 1);
    } else if (e.key === 'PageDown' || e.key === 'PageUp' || e.key === 'n' || e.key === 'p') {
      // Key moments (a presenter's clicker sends PageDown / PageUp).
      const m = momentFrom(state.week, e.key === 'PageDown' || e.key === 'n' ? 1 : -1);
      e.preventDefault();
      play(false);
      goTo(m ? m.week : e.key === 'PageUp' || e.key === 'p' ? 0 : state.week);
    } else if (e.key === 'Home') goTo(0);
    else if (e.key === 'End') {
      // (The scrubber's own End would move it to the end of its range.)
      e.preventDefault();
      toEnd();
    } else if (zoomKey(e.key)) e.preventDefault();
  });
  window.addEventListener('resize', () => {
    publish('layout');
  });
}

/**
 * A menu picked with the mouse (or a touch) gives the focus back to the page once picked: kept, it
 * took the arrows, Space and the clicker's keys, and a facilitator's next → chose the next scenario
 * instead of the next week. Picked with the keyboard, it keeps the focus, as a menu should.
 */
function letGoAfterPick(sel: HTMLSelectElement): void {
  let byPointer = false;
  sel.addEventListener('pointerdown', () => {
    byPointer = true;
  });
  sel.addEventListener('keydown', () => {
    byPointer = false;
  });
  sel.addEventListener('change', () => {
    if (byPointer) sel.blur();
    byPointer = false;
  });
}

/**
 * Presenting, a jump onto the run's last week before the room has reached it would tell the ending:
 * a jump of more than a week there is held (stepping and playing reach it).
 */
const endGuarded = (week: number): boolean =>
  state.present && week >= maxWeek() && week > state.week + 1 && !endTold(maxWeek());

/** When End was last held back (presenting): pressed again within a few seconds, it goes. */
let endAsked = 0;

function warnEnd(): void {
  endAsked = Date.now();
  toast('The ending is not shown yet: press End again to jump to it, or play on to reach it.');
}

/** End: the run's last week; presenting, before the room has reached it, only when pressed twice. */
function toEnd(): void {
  if (endGuarded(maxWeek()) && Date.now() - endAsked > 5000) {
    play(false);
    warnEnd();
    return;
  }
  // Asked and confirmed: the notice goes (its row of the header gives the networks their room back).
  if (endAsked) $('#toast').hidden = true;
  endAsked = 0;
  goTo(maxWeek());
}

/**
 * Presenting on a laptop or a projector, the secondary tools (Edit scenario, Designs, Export, Share
 * link) fold behind More so that the header keeps one row (css: html.present .more-tools); elsewhere
 * the button is not shown and the tools stand in the header.
 */
function wireMore(): void {
  const btn = $('#more-btn');
  btn.onclick = (e) => {
    e.stopPropagation();
    if (moreOpen()) closeMore(false);
    else {
      btn.setAttribute('aria-expanded', 'true');
      $<HTMLElement>('#more-tools button').focus();
    }
  };
  // A click anywhere else (one of its tools too, but Export, which opens its own menu) folds it.
  document.addEventListener('click', () => closeMore(false));
}

const moreOpen = () => $('#more-btn').getAttribute('aria-expanded') === 'true';

function closeMore(refocus: boolean): void {
  if (!moreOpen()) return;
  $('#more-btn').setAttribute('aria-expanded', 'false');
  if (refocus) $('#more-btn').focus();
}

function openMenu(): void {
  const menu = $('#export-menu .menu-list');
  labelExports(menu);
  menu.hidden = false;
  $('#export-btn').setAttribute('aria-expanded', 'true');
  $<HTMLElement>('[data-export]', menu).focus();
}

/** Closes the Export menu; focus goes back to its button when the menu had it. */
function closeMenu(refocus: boolean): void {
  const menu = $('#export-menu .menu-list');
  if (menu.hidden) return;
  menu.hidden = true;
  $('#export-btn').setAttribute('aria-expanded', 'false');
  if (refocus) visibleOr($('#export-btn')).focus();
}

/** The button itself, or More where it stands folded behind it (presenting). */
const visibleOr = (b: HTMLElement): HTMLElement =>
  b.getClientRects().length ? b : (document.getElementById('more-btn') ?? b);

/** Tabs per WAI-ARIA: one tab in the focus order, arrows move between tabs and select them. */
function wireTabs(): void {
  const tabs = $$('.tabs [role="tab"]');
  for (const b of tabs) {
    b.onclick = () => setTab(b.dataset.tab as ViewState['tab']);
    b.onkeydown = (e) => {
      const i = tabs.indexOf(b);
      const k =
        e.key === 'ArrowRight'
          ? i + 1
          : e.key === 'ArrowLeft'
            ? i - 1
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? -1
                : null;
      if (k === null) return;
      e.preventDefault();
      const next = tabs.at(k % tabs.length)!;
      setTab(next.dataset.tab as ViewState['tab']);
      next.focus();
    };
  }
}
