// The side panels' weekly update: the network tab's charts and the open tab's week-dependent text.
// Apart from the tabs (index.ts) and the network tab's rebuild (network-tab.ts), which both use it,
// so neither imports the other.

import { seenTo, state } from '../app.ts';
import type { LineChart } from '../charts.ts';
import { updateControversies } from './debates.ts';
import { updateFile } from './file.ts';
import { updateLog } from './log.ts';
import { buildOutcome, outcomeTold, shownAtEnd } from './outcome.ts';

/** The network tab's charts, as its last rebuild drew them. */
export const charts: LineChart[] = [];

export function updatePanelsWeek(): void {
  for (const c of charts) c.setWeek(state.week, seenTo());
  switch (state.tab) {
    case 'controversies':
      updateControversies();
      break;
    case 'file':
      updateFile();
      break;
    case 'log':
      updateLog();
      break;
    case 'outcome':
      if (shownAtEnd !== outcomeTold()) buildOutcome();
      break;
  }
}
