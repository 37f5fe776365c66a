// The File tab: the application file by section, how much is written and which debate a section waits for.
import { $, esc, runs, slotsShown, state } from '../app.ts';
import { CONTROVERSY_WORDS } from '../words.ts';

export function updateFile(): void {
  const body = $('[data-body="file"]');
  const shown = slotsShown().filter((s) => runs[s]);
  const parts: string[] = [
    '<p class="intro">The coordinator can only write a section of the application once the debates it depends on are settled. Bars fill as sections are written.</p>',
  ];
  for (const s of shown) {
    const run = runs[s]!;
    const f = run.frame(state.week);
    const cons = f.consortia[0];
    if (!cons) continue;
    if (shown.length > 1) parts.push(`<h3>${s}: ${esc(run.scenario.name)}</h3>`);
    parts.push(`<div class="file-total">${Math.round(cons.fileCompletion * 100)}% written</div>`);
    const settled = new Set(cons.controversies.filter((c) => c.status === 'settled').map((c) => c.id));
    for (const sec of cons.sections) {
      const needs = run.scenario.file.sections.find((x) => x.id === sec.id)?.needs ?? [];
      const waiting = needs.filter((c) => !settled.has(c)).map((c) => CONTROVERSY_WORDS[c]?.short ?? c);
      const label = sec.label.charAt(0).toUpperCase() + sec.label.slice(1);
      const note =
        sec.progress < 1 && waiting.length
          ? `<small class="waiting">waits for: ${esc(waiting.join(', '))}</small>`
          : '';
      parts.push(
        `<div class="section-row ${s === 'B' ? 'b' : ''}"><span>${esc(label)}${note}</span><div class="section-bar"><div style="width:${(sec.progress * 100).toFixed(1)}%"></div></div><span>${Math.round(sec.progress * 100)}%</span></div>`,
      );
    }
  }
  body.innerHTML = parts.join('');
}
