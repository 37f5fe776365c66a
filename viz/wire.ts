// Event wiring: buttons, menus, selects, the file input and the keyboard shortcuts.

import { $, $$, maxWeek, state, toast, ui, views } from './app.ts';
import { editorOpen, loadFile, rebuildEditor } from './editor-panel.ts';
import { doExport } from './export.ts';
import { choosePreset, setLarge, setMode, setPresent, whatIfHalved } from './header.ts';
import { setTab } from './panels/index.ts';
import { rebuildPanels } from './panels/network-tab.ts';
import { momentFrom } from './present.ts';
import type { Slot } from './protocol.ts';
import { runReplicates, showReplicates } from './replicates-mode.ts';
import type { ViewState } from './share.ts';
import { encodeState, type Mode } from './share.ts';
import { showTooltip } from './stage.ts';
import { goTo, play } from './timeline.ts';
import { scheduleHash } from './url-state.ts';

export function wire(): void {
  for (const b of $$('.modes button')) b.onclick = () => setMode(b.dataset.mode as Mode);
  for (const b of $$('.tabs button')) b.onclick = () => setTab(b.dataset.tab as ViewState['tab']);
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
    goTo(Number((e.target as HTMLInputElement).value));
  };
  $('#halve-btn').onclick = whatIfHalved;
  $('#large-btn').onclick = () => setLarge(!state.large);
  $('#present-btn').onclick = () => setPresent(!state.present);
  $('#edit-btn').onclick = () => {
    const open = !editorOpen();
    $('#editor').hidden = !open;
    $('#edit-btn').setAttribute('aria-expanded', String(open));
    if (open) rebuildEditor(true);
  };
  $('#editor-close').onclick = () => {
    $('#editor').hidden = true;
    $('#edit-btn').setAttribute('aria-expanded', 'false');
  };
  $<HTMLInputElement>('#file-input').onchange = (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void loadFile(file);
    input.value = '';
  };
  const menu = $('#export-menu .menu-list');
  $('#export-btn').onclick = (e) => {
    e.stopPropagation();
    menu.hidden = !menu.hidden;
    $('#export-btn').setAttribute('aria-expanded', String(!menu.hidden));
  };
  document.addEventListener('click', () => (menu.hidden = true));
  for (const b of $$('[data-export]', menu))
    b.onclick = () => {
      menu.hidden = true;
      void doExport(b.dataset.export!);
    };
  $('#share-btn').onclick = async () => {
    const h = await encodeState(state);
    history.replaceState(null, '', `#${h}`);
    try {
      await navigator.clipboard.writeText(location.href);
      toast('Link copied: it opens this exact view.');
    } catch {
      toast('Copy this address to share the view: it is in the address bar.');
    }
  };
  $('#rep-run').onclick = runReplicates;
  $<HTMLInputElement>('#rep-count').onchange = showReplicates;
  for (const slot of ['A', 'B'] as Slot[]) {
    const sel = $<HTMLSelectElement>(`#net-${slot.toLowerCase()} .net-preset`);
    sel.onchange = () => choosePreset(slot, sel.value);
    views[slot].onHover = (id, x, y) => showTooltip(slot, id, x, y);
  }
  document.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement;
    if (
      t.closest('input, select, textarea, [contenteditable]') &&
      !(t as HTMLInputElement).matches?.('#scrubber')
    )
      return;
    if (state.mode === 'replicates') return;
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
    else if (e.key === 'End') goTo(maxWeek());
  });
  window.addEventListener('resize', () => {
    if (ui.chartsBuilt) rebuildPanels();
  });
}
