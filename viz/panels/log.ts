// The Log tab: what happened so far in consortium 1, newest first.
import { $, esc, runs, state } from '../app.ts';
import { eventWords } from '../words.ts';

export function updateLog(): void {
  const body = $('[data-body="log"]');
  const run = runs.A;
  if (!run) return;
  const items: string[] = [];
  const sectionLabel = (id: string) => run.scenario.file.sections.find((s) => s.id === id)?.label ?? id;
  const actorLabel = (id: number) => run.actors[id]?.label ?? `actor ${id}`;
  for (let w = Math.min(state.week, run.lastWeek); w >= 0 && items.length < 80; w--) {
    for (const e of run.eventsByFrame.get(w) ?? []) {
      if (e.consortium !== 0) continue;
      if (e.type === 'proposed') continue;
      const words = eventWords(e, actorLabel, sectionLabel);
      if (!words) continue;
      items.push(
        `<li class="${w === state.week ? 'now' : ''}"><span class="wk">wk ${w}</span><span class="ic">${words.icon}</span><span>${esc(words.text)}</span></li>`,
      );
    }
  }
  body.innerHTML = `<p class="intro">What happened so far${run.scenario.consortia > 1 ? ' in consortium 1' : ''}, newest first${state.mode === 'compare' ? ' (scenario A)' : ''}.</p><ul class="log">${items.join('') || '<li><span></span><span></span><span>Nothing yet: press play.</span></li>'}</ul>`;
}
