// The browser view of pilotnet (issue 4, issue 12): restores the shared state, wires the controls and
// starts scenario A. Each concern lives in its own module: app.ts (shared state), header.ts (modes),
// timeline.ts, stage.ts (legend, tooltip, news), panels/ (one per tab), runs.ts, editor-panel.ts,
// replicates-mode.ts, export.ts, url-state.ts, follow.ts, zoom-controls.ts, wire.ts and hook.ts (for
// the tests). store.ts announces what changed; each panel subscribes and redraws itself.
import { state } from './app.ts';
import { wireConsortia } from './consortium-index.ts';
import { wireDesigns } from './designs.ts';
import { setLarge, setMode, setPresent } from './header.ts';
import { setTab } from './panels/index.ts';
import { runSlot } from './runs.ts';
import { buildLegend, setSizeBy, watchChrome } from './stage.ts';
import { publish } from './store.ts';
import { loop } from './timeline.ts';
import { restore, syncHash } from './url-state.ts';
import { wire } from './wire.ts';
import { buildZoomControls } from './zoom-controls.ts';
import './hook.ts';

async function main(): Promise<void> {
  await restore();
  buildLegend();
  watchChrome();
  buildZoomControls();
  wire();
  wireDesigns();
  wireConsortia();
  // Presentation mode when asked for (?present) or when the page opens full screen.
  if (new URLSearchParams(location.search).has('present') || matchMedia('(display-mode: fullscreen)').matches)
    state.present = true;
  setPresent(state.present);
  setLarge(state.large);
  setSizeBy(state.sizeBy);
  publish('scenario');
  runSlot('A');
  setMode(state.mode);
  setTab(state.tab);
  syncHash();
  requestAnimationFrame(loop);
  // The timeline's labels are spread by measuring them: measure again when the track or the type changes.
  let width = 0;
  new ResizeObserver(([e]) => {
    if (Math.abs(e.contentRect.width - width) < 1) return;
    width = e.contentRect.width;
    publish('horizon');
  }).observe(document.getElementById('scrub-marks')!);
  void document.fonts?.ready.then(() => publish('horizon'));
}

void main();
