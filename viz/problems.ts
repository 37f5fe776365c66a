// The problems box: diagnostics of a scenario that cannot run, as `file: path: message`, set as text.
import { $, problems, state } from './app.ts';
import { publish, subscribe } from './store.ts';

export function showProblems(): void {
  const box = $('#problems');
  const list = [...problems.A, ...(state.mode === 'compare' ? problems.B : [])];
  if (!list.length) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.replaceChildren();
  const h = document.createElement('h2');
  const refusedOnly = list.every((p) => p.file === 'edit');
  h.textContent = refusedOnly
    ? 'These edits were refused and not applied:'
    : 'This scenario cannot run — please fix:';
  const ul = document.createElement('ul');
  for (const p of list) {
    const li = document.createElement('li');
    li.textContent = `${p.file}: ${p.path || '(root)'}: ${p.message}`;
    ul.appendChild(li);
  }
  const p = document.createElement('p');
  p.className = 'caption';
  p.textContent = refusedOnly
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
  box.append(h, ul, p, close);
  box.hidden = false;
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
