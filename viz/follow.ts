// Which consortium of a national run the charts and panels follow: a picker in the Network tab,
// the name in bold on the network and in each chart's title, kept in the share link (state.follow).
import { runs, state, views } from './app.ts';
import { publish, setWeek, subscribe } from './store.ts';
import { scheduleHash } from './url-state.ts';

/** The followed consortium, kept inside the run (a link from a bigger run falls back to the first). */
export function clampFollow(): void {
  const k = runs.A?.scenario.consortia ?? 1;
  if (state.follow >= k) state.follow = 0;
  views.A.follow = state.follow;
  views.B.follow = state.follow;
}

subscribe('started', 'follow', clampFollow);

export function setFollow(c: number): void {
  state.follow = c;
  clampFollow();
  publish('runs');
  setWeek(state.week, true);
  scheduleHash();
}

/** "consortium 3" in a national run, nothing for a single consortium. */
export const followedName = (): string =>
  (runs.A?.scenario.consortia ?? 1) > 1 ? `consortium ${state.follow + 1}` : '';

/** The picker: "Charts follow [consortium 3] of 20". */
export function followPicker(): HTMLElement {
  const k = runs.A?.scenario.consortia ?? 1;
  const label = document.createElement('label');
  label.className = 'follow';
  const select = document.createElement('select');
  select.id = 'follow-select';
  for (let c = 0; c < k; c++) {
    const o = document.createElement('option');
    o.value = String(c);
    o.textContent = `consortium ${c + 1}`;
    select.appendChild(o);
  }
  select.value = String(state.follow);
  select.onchange = () => setFollow(Number(select.value));
  label.append('The charts follow ', select, ` of ${k}.`);
  return label;
}
