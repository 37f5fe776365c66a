// Pan and zoom on the network: d3-zoom on each canvas (wheel, drag, pinch; network.ts), and for the
// keyboard and for anyone without a wheel, three buttons on each network (zoom in, zoom out, fit),
// the keys + - 0, and Shift + arrows to pan.
import { slotsShown, views } from './app.ts';
import type { Slot } from './protocol.ts';

const BUTTONS = [
  ['in', '+', 'Zoom in'],
  ['out', '−', 'Zoom out'],
  ['reset', 'Fit', 'Fit the whole network (undo pan and zoom)'],
] as const;

function act(slot: Slot, what: (typeof BUTTONS)[number][0]): void {
  const v = views[slot];
  if (what === 'reset') v.resetZoom();
  else v.zoomBy(what === 'in' ? 1.5 : 1 / 1.5);
}

export function buildZoomControls(): void {
  for (const slot of ['A', 'B'] as Slot[]) {
    const box = document.createElement('div');
    box.className = 'zoom-controls';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', `Pan and zoom, network ${slot}`);
    for (const [what, text, label] of BUTTONS) {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.zoom = what;
      b.textContent = text;
      b.title = `${label} (key ${what === 'in' ? '+' : what === 'out' ? '−' : '0'}; drag to pan, wheel or pinch to zoom)`;
      b.setAttribute('aria-label', `${label}, network ${slot}`);
      b.onclick = () => act(slot, what);
      box.appendChild(b);
    }
    document.getElementById(`net-${slot.toLowerCase()}`)?.appendChild(box);
  }
}

/** The keys + (or =), - and 0 act on every network shown; true when the key was one of them. */
export function zoomKey(key: string): boolean {
  const what = key === '+' || key === '=' ? 'in' : key === '-' ? 'out' : key === '0' ? 'reset' : null;
  if (!what) return false;
  for (const s of slotsShown()) act(s, what);
  return true;
}

const PAN: Record<string, [number, number]> = {
  ArrowLeft: [60, 0],
  ArrowRight: [-60, 0],
  ArrowUp: [0, 60],
  ArrowDown: [0, -60],
};

/** Shift + an arrow pans every network shown (the picture moves as if dragged the other way). */
export function panKey(key: string): boolean {
  const d = PAN[key];
  if (!d) return false;
  for (const s of slotsShown()) views[s].panBy(d[0], d[1]);
  return true;
}
