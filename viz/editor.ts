// The scenario editor: a preset picker and labelled controls for the main parameters (meetings and
// sizes per group, composition, deadline, coach, fees, legal expertise, deliberation rule).
import type { Scenario } from '../sim/index.ts';
import { PILLAR_LABELS } from './marks.ts';
import { LEGAL_ADVISORS, type Slot } from './protocol.ts';
import { legalAdvisorsOf } from './scenario-edit.ts';
import type { SlotSpec } from './share.ts';

export interface EditorOptions {
  slot: Slot;
  compare: boolean;
  spec: SlotSpec;
  scenario: Scenario | null;
  seed: number;
  presets: { id: string; name: string }[];
  onSlot(slot: Slot): void;
  onPreset(id: string): void;
  onEdit(path: string, value: unknown): void;
  onSeed(seed: number): void;
  onReset(): void;
  onLoad(): void;
  onSave(): void;
  /** Pick a partner list (CSV) for the consortium. */
  onPartners(): void;
  /** The partner list in use (its file name and partners), or null. */
  partners: { file: string; count: number } | null;
  /** With a partner list, how many of its partners are of each pillar and care line (counted from the list). */
  listMix: { pillar: Record<string, number>; line: Record<string, number> } | null;
  /** The partners who sit in each group in the run on screen (the coordinator apart, as the log counts), by group id; empty before a run. */
  seated: Record<string, number>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
/** A label as the first words of a sentence ("project group" → "Project group"). */
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function buildEditor(root: HTMLElement, o: EditorOptions): void {
  root.replaceChildren();
  const s = o.scenario;
  const html: string[] = [];
  if (o.compare)
    html.push(
      `<div class="slot-pick" role="group" aria-label="Scenario to edit"><button type="button" data-slot="A" aria-pressed="${o.slot === 'A'}">Edit A</button><button type="button" data-slot="B" aria-pressed="${o.slot === 'B'}">Edit B</button></div>`,
    );
  html.push(
    `<div class="field wide"><label for="ed-preset">Start from preset</label><select id="ed-preset">${o.presets
      .map(
        (p) =>
          `<option value="${p.id}" ${!o.spec.custom && p.id === o.spec.preset ? 'selected' : ''}>${esc(p.name)}</option>`,
      )
      .join(
        '',
      )}${o.spec.custom ? `<option selected value="">${esc(o.spec.custom.file)}</option>` : ''}</select></div>`,
  );
  html.push(
    `<div class="field"><label for="ed-seed">Seed (same seed = same partners)</label><input id="ed-seed" type="number" min="0" step="1" value="${o.seed}"></div>`,
  );
  if (!s) {
    html.push('<p class="caption">Waiting for the scenario…</p>');
    root.innerHTML = html.join('');
    wireCommon(root, o);
    return;
  }
  // A partner list sets who is in the consortium: the size and mixes are then not used, and the
  // editor shows the list's size instead of the preset's.
  const size = o.partners ? o.partners.count : s.composition.size;
  const byList = o.partners ? ' disabled title="Set by your partner list"' : '';
  // Meetings per group and group sizes.
  html.push('<fieldset><legend>Meetings</legend>');
  html.push('<div class="group-row head"><span>Group</span><span>Meetings</span><span>Members</span></div>');
  s.governance.groups.forEach((g, i) => {
    const all = g.members === 'all';
    // A group that takes another's members in as well (the steering committee takes the project
    // group's) says so: its members field counts the others only, and the log counts them all.
    const also = g.includes
      .map((id) => s.governance.groups.find((o) => o.id === id)?.label)
      .filter((l): l is string => !!l);
    const named = also.map(esc).join(', the ');
    // With the run's own count: the field holds the members drawn besides the others, and the log
    // counts everyone invited (12 here beside 13 there read as a mistake).
    const seated = o.seated[g.id];
    // (Members 12 and the project group's 6 beside "13 partners" read as a sum gone wrong: where the
    // count is less than the sum, it says some sit in both.)
    const sum = g.includes.reduce(
      (n, id) => {
        const other = s.governance.groups.find((x) => x.id === id);
        return n + (other && other.members !== 'all' ? other.size : size);
      },
      all ? size : g.size,
    );
    const both = seated !== undefined && seated < sum ? ', some sit in both' : '';
    const inRun = seated !== undefined ? `${both}: ${seated} partners in this run` : '';
    const plus = also.length ? ` <span class="incl">(+ the ${named}${inRun})</span>` : '';
    const membersOf = also.length ? ` besides the ${named}` : '';
    html.push(
      `<div class="group-row"><label for="ed-g${i}-m">${esc(g.label)}${plus}</label><input id="ed-g${i}-m" type="number" min="0" max="200" step="1" data-path="governance.groups[${i}].plannedMeetings" data-label="${esc(cap(g.label))}: planned meetings" value="${g.plannedMeetings}" aria-label="Planned meetings of the ${esc(g.label)}"><input type="number" min="1" max="1000" step="1" data-path="governance.groups[${i}].size" data-label="${esc(cap(g.label))}: members" value="${all ? size : g.size}" ${all ? 'disabled title="Everyone sits in it"' : ''} aria-label="Members of the ${esc(g.label)}${membersOf}"></div>`,
    );
  });
  html.push(
    '<p class="caption">Meetings planned from the deadline back; the coordinator adds extra ones when debates stall. The chair and the coordinator sit in every group as well.</p></fieldset>',
  );
  // Partners.
  html.push('<fieldset><legend>Partners</legend>');
  html.push(
    numberField(
      'composition.size',
      'Partners in the consortium',
      size,
      2,
      2000,
      1,
      o.partners ? 'Set by your partner list: its partners, their pillars and care lines are used.' : '',
      byList,
    ),
  );
  const lineLabel = (l: string) =>
    l === 'first' ? 'First line' : l === 'second' ? 'Second line (hospitals)' : 'Community';
  if (o.partners && o.listMix) {
    // The list's own make-up, counted: the preset's mix weights (greyed sliders at 0.35, 0.30, …)
    // read as the list's and did not match it.
    const counts = (mix: Record<string, number>, keys: string[], name: (k: string) => string) =>
      keys.map((k) => `${name(k)} ${mix[k] ?? 0}`).join(', ');
    html.push(
      `<p class="caption" id="ed-list-mix">Your list’s partners by pillar: ${esc(counts(o.listMix.pillar, Object.keys(s.composition.pillarMix), (p) => PILLAR_LABELS[p] ?? p))}. By care line: ${esc(counts(o.listMix.line, Object.keys(s.composition.lineMix), lineLabel))}.</p>`,
    );
  } else {
    html.push('<p class="caption">Pillar mix (relative weights)</p>');
    for (const [p, v] of Object.entries(s.composition.pillarMix))
      html.push(rangeField(`composition.pillarMix.${p}`, PILLAR_LABELS[p] ?? p, v, byList));
    html.push('<p class="caption">Care-line mix (relative weights)</p>');
    for (const [l, v] of Object.entries(s.composition.lineMix))
      html.push(rangeField(`composition.lineMix.${l}`, lineLabel(l), v, byList));
  }
  html.push(
    numberField(
      LEGAL_ADVISORS,
      'Legal advisors at the table',
      legalAdvisorsOf(s),
      0,
      10,
      1,
      'Legal expertise: partners who know the legal options.',
    ),
  );
  html.push('</fieldset>');
  // Rules.
  html.push('<fieldset><legend>Rules of the game</legend>');
  html.push(
    selectField('calendar.deadline', 'Deadline', s.calendar.deadline, [
      ['flexible', 'Flexible: may run late'],
      ['firm', 'Firm: stop at 7 months'],
    ]),
  );
  html.push(checkField('coach.enabled', 'Methodological coach', s.coach.enabled));
  html.push(checkField('attendanceFees', 'Attendance fees for volunteers', s.attendanceFees));
  html.push(
    selectField('deliberation.rule', 'How opinions move', s.deliberation.rule, [
      // Plain words on the option; the model's name for analysts in its tooltip.
      ['deffuant', 'Pairwise talks', 'The Deffuant model: two partners at a time move towards each other'],
      [
        'hk',
        'Whole-room averaging',
        'The Hegselmann–Krause model: each partner moves to the average of those close enough',
      ],
    ]),
  );
  html.push(
    selectField('governance.chair', 'Who chairs', s.governance.chair, [
      ['coordinator', 'The coordinator'],
      ['lead', 'A lead organisation'],
    ]),
  );
  html.push('</fieldset>');
  html.push(
    `<div class="editor-actions"><button type="button" id="ed-partners">Load partner list (CSV)…</button><button type="button" id="ed-load">Load scenario JSON…</button><button type="button" id="ed-save">Save scenario JSON</button><button type="button" id="ed-reset">Undo my edits</button></div>`,
  );
  // The problems box stands here while the drawer is open (problems.ts), under the load buttons.
  html.push('<div id="ed-problems-home"></div>');
  html.push(
    '<p class="caption">Changes run at once; the timeline keeps its week. A saved file also runs outside the browser, for the analysts.</p>',
  );
  root.innerHTML = html.join('');
  wireCommon(root, o);
  for (const el of root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-path]')) {
    const path = el.dataset.path!;
    const update = () => {
      let value: unknown;
      if (el instanceof HTMLInputElement && el.type === 'checkbox') value = el.checked;
      else if (el instanceof HTMLInputElement) {
        value = Number(el.value);
        const out = root.querySelector(`[data-val="${CSS.escape(path)}"]`);
        if (out) out.textContent = Number(el.value).toFixed(2);
      } else value = el.value;
      if (typeof value === 'number' && !Number.isFinite(value)) return;
      o.onEdit(path, value);
    };
    el.addEventListener(el instanceof HTMLInputElement && el.type === 'range' ? 'input' : 'change', update);
  }
}

function wireCommon(root: HTMLElement, o: EditorOptions): void {
  for (const b of root.querySelectorAll<HTMLButtonElement>('[data-slot]'))
    b.onclick = () => o.onSlot(b.dataset.slot as Slot);
  const preset = root.querySelector<HTMLSelectElement>('#ed-preset');
  if (preset) preset.onchange = () => preset.value && o.onPreset(preset.value);
  const seed = root.querySelector<HTMLInputElement>('#ed-seed');
  if (seed)
    seed.onchange = () => {
      const v = Math.trunc(Number(seed.value));
      if (Number.isFinite(v) && v >= 0) o.onSeed(v);
    };
  const load = root.querySelector<HTMLButtonElement>('#ed-load');
  if (load) load.onclick = o.onLoad;
  const save = root.querySelector<HTMLButtonElement>('#ed-save');
  if (save) save.onclick = o.onSave;
  const reset = root.querySelector<HTMLButtonElement>('#ed-reset');
  if (reset) reset.onclick = o.onReset;
  const partners = root.querySelector<HTMLButtonElement>('#ed-partners');
  if (partners) {
    partners.onclick = o.onPartners;
    // The file name is the user's: text, never markup.
    const note = document.createElement('p');
    note.className = 'caption';
    note.textContent = o.partners
      ? `Partners: ${o.partners.count} from ${o.partners.file}, kept on this computer (Undo my edits removes them).`
      : "A partner list puts your consortium's own organisations on the network. It stays on this computer.";
    partners.parentElement!.after(note);
  }
}

const id = (path: string) => `ed-${path.replace(/[^\w]/g, '-')}`;

function numberField(
  path: string,
  label: string,
  v: number,
  min: number,
  max: number,
  step: number,
  hint = '',
  extra = '',
): string {
  return `<div class="field"><label for="${id(path)}">${label}</label><input id="${id(path)}" type="number" min="${min}" max="${max}" step="${step}" value="${v}" data-path="${path}" data-label="${label}"${extra}>${hint ? `<span class="hint">${hint}</span>` : ''}</div>`;
}

function rangeField(path: string, label: string, v: number, extra = ''): string {
  return `<div class="field"><label for="${id(path)}">${label}</label><span><input id="${id(path)}" type="range" min="0" max="1" step="0.05" value="${v}" data-path="${path}" data-label="${label}"${extra}> <span class="val" data-val="${path}">${v.toFixed(2)}</span></span></div>`;
}

function selectField(
  path: string,
  label: string,
  v: string,
  options: ([string, string] | [string, string, string])[],
): string {
  return `<div class="field"><label for="${id(path)}">${label}</label><select id="${id(path)}" data-path="${path}" data-label="${label}">${options
    .map(
      ([k, t, tip]) =>
        `<option value="${k}" ${k === v ? 'selected' : ''}${tip ? ` title="${tip}"` : ''}>${t}</option>`,
    )
    .join('')}</select></div>`;
}

function checkField(path: string, label: string, v: boolean): string {
  return `<div class="field"><label for="${id(path)}">${label}</label><input id="${id(path)}" type="checkbox" ${v ? 'checked' : ''} data-path="${path}" data-label="${label}"></div>`;
}
