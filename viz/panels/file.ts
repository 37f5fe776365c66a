// The File tab: the application file by section, how much is written and which debate a section waits for.
import { $, runs, slotsShown, state, taggedLabel } from '../app.ts';
import { el } from '../dom.ts';
import { CONTROVERSY_WORDS } from '../words.ts';

export function updateFile(): void {
  const body = $('[data-body="file"]');
  const shown = slotsShown().filter((s) => runs[s]);
  // A national run: the file of the consortium the charts follow, said so (the Network, Log and
  // Outcome tabs named it; this tab said "100% written" of no one in particular).
  const many = (runs.A?.scenario.consortia ?? 1) > 1;
  const out: HTMLElement[] = [
    el(
      'p',
      { class: 'intro' },
      `${many ? `The file of consortium ${state.follow + 1}, the one the charts follow. ` : ''}The coordinator can only write a section of the application once the debates it depends on are settled. Bars fill as sections are written.`,
    ),
  ];
  for (const s of shown) {
    const run = runs[s]!;
    const cons = run.frame(state.week).consortia[state.follow] ?? run.frame(state.week).consortia[0];
    if (!cons) continue;
    if (shown.length > 1) out.push(el('h3', null, taggedLabel(s)));
    out.push(el('div', { class: 'file-total' }, `${Math.round(cons.fileCompletion * 100)}% written`));
    const settled = new Set(cons.controversies.filter((c) => c.status === 'settled').map((c) => c.id));
    for (const sec of cons.sections) {
      const needs = run.scenario.file.sections.find((x) => x.id === sec.id)?.needs ?? [];
      const waiting = needs
        .filter((c) => !settled.has(c))
        .map((c) => `“${CONTROVERSY_WORDS[c]?.title ?? c}”`);
      const label = sec.label.charAt(0).toUpperCase() + sec.label.slice(1);
      const note =
        sec.progress < 1 && waiting.length
          ? el('small', { class: 'waiting' }, `waits for: ${waiting.join(', ')}`)
          : null;
      const bar = el('div', { style: { width: `${(sec.progress * 100).toFixed(1)}%` } });
      out.push(
        el(
          'div',
          { class: `section-row ${s === 'B' ? 'b' : ''}` },
          el('span', null, label, note),
          el('div', { class: 'section-bar' }, bar),
          el('span', null, `${Math.round(sec.progress * 100)}%`),
        ),
      );
    }
  }
  body.replaceChildren(...out);
}
