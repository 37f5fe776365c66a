// The problems box: diagnostics of a scenario that cannot run, as `file: path: message`, set as text.
import { $, problems, state } from './app.ts';

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
  h.textContent = 'This scenario cannot run — please fix:';
  const ul = document.createElement('ul');
  for (const p of list) {
    const li = document.createElement('li');
    li.textContent = `${p.file}: ${p.path || '(root)'}: ${p.message}`;
    ul.appendChild(li);
  }
  const p = document.createElement('p');
  p.className = 'caption';
  p.textContent = 'The view keeps showing the last scenario that ran.';
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Dismiss';
  close.onclick = () => {
    problems.A = [];
    problems.B = [];
    showProblems();
  };
  box.append(h, ul, p, close);
  box.hidden = false;
}
