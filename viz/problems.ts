// The problems box: diagnostics of a scenario that cannot run, set as text. Over the page it floats
// under the header; with the editor open it stands in the drawer under the load buttons (laid over
// the page, it hid the drawer's title and fields), and a problem with one of the editor's fields is
// told beside that field, by its label, the field marked invalid. A refused partner list says it was
// not loaded and tells its problems row by row in the partners' words; the file-and-path form the
// command line gives stays in each line's title, for analysts.
import { $, problems, state } from './app.ts';
import type { ShownProblem } from './partners.ts';
import type { Slot } from './protocol.ts';
import { publish, subscribe } from './store.ts';

/** The analysts' form of a problem: `file: path: message`. */
const analyst = (p: ShownProblem) => `${p.file}: ${p.path || '(root)'}: ${p.message}`;

/** The editor's field a problem is about, when the editor is open and shows it. */
function fieldOf(p: ShownProblem): HTMLInputElement | HTMLSelectElement | null {
  const body = $('#editor-body');
  if (p.list || !p.path || $('#editor').hidden) return null;
  // Only the slot the editor shows (B's problem is not A's field), and only a value typed in the
  // form: a loaded file's problems are told in the box, as the file's.
  const slot = (body.dataset.slot ?? 'A') as Slot;
  const spec = slot === 'A' ? state.a : state.b;
  if (!problems[slot].includes(p) || !spec || !Object.hasOwn(spec.edits, p.path)) return null;
  return document.querySelector<HTMLInputElement | HTMLSelectElement>(
    `#editor-body [data-path="${CSS.escape(p.path)}"]`,
  );
}

/**
 * A field's problem in the editor's words: its label, the bound it broke and what was typed
 * ("Project group: planned meetings: at most 200; 500 was typed"), else its label and the message.
 */
export function fieldProblemText(
  label: string,
  input: { min: string; max: string; step: string },
  typed: unknown,
  message: string,
): string {
  if (typeof typed === 'number') {
    if (input.max !== '' && typed > Number(input.max))
      return `${label}: at most ${input.max}; ${typed} was typed`;
    if (input.min !== '' && typed < Number(input.min))
      return `${label}: at least ${input.min}; ${typed} was typed`;
    if (input.step === '1' && !Number.isInteger(typed)) return `${label}: a whole number; ${typed} was typed`;
  }
  return `${label}: ${message}`;
}

/** Marks the editor's fields with problems and tells each beside its field; clears the others. */
function markFields(fields: [ShownProblem, HTMLInputElement | HTMLSelectElement][]): void {
  for (const old of document.querySelectorAll('#editor-body .field-problem')) old.remove();
  for (const el of document.querySelectorAll('#editor-body [aria-invalid="true"]')) {
    el.removeAttribute('aria-invalid');
    el.removeAttribute('aria-describedby');
  }
  fields.forEach(([p, el], i) => {
    const spec = problems.B.includes(p) && state.b ? state.b : state.a;
    const typed = spec.edits[p.path];
    // The field shows the value refused (a rebuilt form shows the last run's), beside its problem.
    if (el instanceof HTMLInputElement && el.type !== 'checkbox' && typed !== undefined)
      el.value = String(typed);
    const label = el.dataset.label ?? el.getAttribute('aria-label') ?? p.path;
    const note = document.createElement('p');
    note.className = 'field-problem';
    note.id = `ed-problem-${i}`;
    note.setAttribute('role', 'alert');
    note.title = analyst(p);
    note.textContent = `${fieldProblemText(label, el as HTMLInputElement, typed, p.message)}. The view keeps showing the last scenario that ran.`;
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-describedby', note.id);
    (el.closest('.group-row, .field') ?? el).after(note);
  });
}

/** The box, held here: standing in the drawer, it leaves the page when the form is rebuilt. */
const box = $('#problems');
let lastShown = '[]';

export function showProblems(): void {
  const all = [...problems.A, ...(state.mode === 'compare' ? problems.B : [])];
  const fields: [ShownProblem, HTMLInputElement | HTMLSelectElement][] = [];
  const list: ShownProblem[] = [];
  for (const p of all) {
    const el = fieldOf(p);
    if (el) fields.push([p, el]);
    else list.push(p);
  }
  markFields(fields);
  // In the drawer under its load buttons while the editor is open, else over the page.
  const home = $('#editor').hidden ? null : document.getElementById('ed-problems-home');
  // Brought into sight when it has news, not each time the form is rebuilt around it.
  const key = JSON.stringify([!!home, list]);
  const news = key !== lastShown;
  lastShown = key;
  if (home && box.parentElement !== home) home.append(box);
  else if (!home && box.nextElementSibling !== $('#notice')) $('#notice').before(box);
  box.classList.toggle('in-drawer', !!home);
  box.replaceChildren();
  if (!list.length) {
    box.hidden = true;
    return;
  }
  const h = document.createElement('h2');
  const refusedOnly = list.every((p) => p.file === 'edit');
  const lists = [...new Set(list.map((p) => p.list).filter((f): f is string => !!f))];
  const listOnly = lists.length > 0 && list.every((p) => p.list);
  h.textContent = listOnly
    ? `Your partner list was not loaded: ${lists.join(', ')} has ${list.length === 1 ? 'a problem' : 'these problems'}`
    : refusedOnly
      ? 'These edits were refused and not applied:'
      : 'This scenario cannot run — please fix:';
  const ul = document.createElement('ul');
  for (const p of list) {
    const li = document.createElement('li');
    if (p.plain) {
      li.className = 'plain';
      li.textContent = p.plain;
      li.title = analyst(p);
    } else li.textContent = analyst(p);
    ul.appendChild(li);
  }
  const hints = [...new Set(list.map((p) => p.hint).filter((t): t is string => !!t))].map((t) => {
    const hp = document.createElement('p');
    hp.className = 'hint';
    hp.textContent = t;
    return hp;
  });
  const p = document.createElement('p');
  p.className = 'caption';
  p.textContent = listOnly
    ? 'Nothing was changed: the scenario runs as before. Put the list right and load it again.'
    : refusedOnly
      ? 'The scenario runs without them.'
      : 'The view keeps showing the last scenario that ran.';
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Dismiss';
  close.onclick = () => {
    problems.A = [];
    problems.B = [];
    publish('problems');
  };
  box.append(h, ul, ...hints, p, close);
  box.hidden = false;
  // Under the load buttons, the box may start below the drawer's fold: it is brought into sight,
  // with the buttons above it when both fit (the list is loaded again from there).
  if (home && news) {
    const actions = home.parentElement?.querySelector<HTMLElement>('.editor-actions');
    const room = home.closest('.drawer-body')?.clientHeight ?? 0;
    const both = actions ? box.getBoundingClientRect().bottom - actions.getBoundingClientRect().top : 0;
    (actions && both <= room ? actions : box).scrollIntoView({ block: 'start' });
  }
}

/** A notice that stays until dismissed (a link that could not be opened, an edit refused). */
export function showNotice(text: string): void {
  const box = $('#notice');
  const p = document.createElement('p');
  p.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Dismiss';
  close.onclick = () => {
    box.hidden = true;
    box.replaceChildren();
  };
  box.replaceChildren(p, close);
  box.hidden = false;
}
for (const t of ['mode', 'problems'] as const) subscribe(t, 'problems', showProblems);
