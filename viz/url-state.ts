// The view state in the address: written shortly after every change, read once at start.
import { state, ui } from './app.ts';
import { withoutPartners } from './partners.ts';
import { showNotice } from './problems.ts';
import { decodeState, encodeState } from './share.ts';
import { subscribe } from './store.ts';

let hashTimer = 0;
let restoring = true;

/** After the start-up restore: from now on every change is written to the address. */
export function syncHash(): void {
  restoring = false;
}

// The week is part of the address.
subscribe('week', 'address', () => scheduleHash(), { spread: true });

export function scheduleHash(): void {
  if (restoring) return;
  clearTimeout(hashTimer);
  hashTimer = window.setTimeout(async () => {
    // A partner list stays on this computer: the address never carries it.
    const h = await encodeState(withoutPartners(state));
    history.replaceState(null, '', `#${h}`);
  }, 250);
}

/** Reads the link once at start; a link that does not match the schema opens the default, with a notice. */
export async function restore(): Promise<void> {
  const saved = await decodeState(location.hash);
  if (!saved) return;
  if ('error' in saved) {
    showNotice(`This link could not be opened (${saved.error}); showing the default view instead.`);
    history.replaceState(null, '', location.pathname + location.search);
    return;
  }
  const { week, ...rest } = saved.state;
  Object.assign(state, rest);
  ui.pendingWeek = week;
}
