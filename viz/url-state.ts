// The view state in the address: written shortly after every change, read once at start.
import { blankSpec, state, ui } from './app.ts';
import { decodeState, encodeState } from './share.ts';

let hashTimer = 0;
let restoring = true;

/** After the start-up restore: from now on every change is written to the address. */
export function syncHash(): void {
  restoring = false;
}

export function scheduleHash(): void {
  if (restoring) return;
  clearTimeout(hashTimer);
  hashTimer = window.setTimeout(async () => {
    const h = await encodeState(state);
    history.replaceState(null, '', `#${h}`);
  }, 250);
}

export async function restore(): Promise<void> {
  const saved = await decodeState(location.hash);
  if (saved) {
    if (saved.a) state.a = { ...blankSpec(), ...saved.a };
    state.b = saved.b ? { ...blankSpec(), ...saved.b } : null;
    state.mode = saved.mode ?? 'watch';
    state.seed = saved.seed ?? null;
    state.sizeBy = saved.sizeBy === 'betweenness' ? 'betweenness' : 'degree';
    state.large = !!saved.large;
    state.tab = saved.tab ?? 'network';
    state.speed = saved.speed ?? 4;
    ui.pendingWeek = saved.week ?? 0;
  }
}
