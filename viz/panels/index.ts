// The side panels: tab switching, rebuilding every panel when runs change, updating them each week.

import { $$, state, ui } from '../app.ts';
import type { ViewState } from '../share.ts';
import { subscribe } from '../store.ts';
import { scheduleHash } from '../url-state.ts';
import { fitCharts, rebuildPanels } from './network-tab.ts';
import { updatePanelsWeek } from './week.ts';

export function setTab(tab: ViewState['tab']): void {
  state.tab = tab;
  for (const b of $$('.tabs button')) {
    b.setAttribute('aria-selected', String(b.dataset.tab === tab));
    b.tabIndex = b.dataset.tab === tab ? 0 : -1;
  }
  for (const d of $$('.tab-body')) {
    d.hidden = d.dataset.body !== tab;
    // A panel that scrolls must be reachable from the keyboard (WAI-ARIA tabs: the panel takes focus).
    d.tabIndex = 0;
  }
  if (tab === 'network' && !ui.chartsBuilt) rebuildPanels();
  updatePanelsWeek();
  if (tab === 'network') fitCharts();
  scheduleHash();
}
subscribe('week', 'panels', updatePanelsWeek, { spread: true });
