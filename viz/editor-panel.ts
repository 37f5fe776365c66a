// The editor drawer's wiring: which slot is edited, edits applied and re-run, scenario files loaded
// and saved (the form itself is built by editor.ts).
import type { Scenario } from '../sim/index.ts';
import { $, detachWhatIf, problems, runs, state } from './app.ts';
import { buildEditor } from './editor.ts';
import { download } from './exporters.ts';
import { choosePreset } from './header.ts';
import {
  asRefusal,
  hasPartners,
  listRefusals,
  PARTNER_EDITS,
  partnerEdits,
  partnerLists,
  pendingList,
  readPartnerFile,
} from './partners.ts';
import { PRESETS } from './presets.ts';
import type { Slot } from './protocol.ts';
import { debounceRun, runSlot } from './runs.ts';
import { applyEdits } from './scenario-edit.ts';
import type { SlotSpec } from './share.ts';
import { publish, subscribe } from './store.ts';
import { scheduleHash } from './url-state.ts';

let editorSlot: Slot = 'A';
export const editorOpen = () => !$('#editor').hidden;

// A run that starts brings the resolved values the form shows.
subscribe('started', 'editor', () => {
  if (editorOpen()) rebuildEditor(false);
});

/** The partners in each group of the slot's run (its first consortium), the coordinator apart. */
function seatedIn(slot: Slot): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const a of runs[slot]?.actors ?? []) {
    if (a.consortium !== 0 || a.isCoordinator) continue;
    for (const g of a.groups) out[g] = (out[g] ?? 0) + 1;
  }
  return out;
}

/**
 * How many partners of the slot's partner list are of each pillar and care line: counted from the
 * list itself, so the counts are the list's from the moment it is loaded (counted from the run,
 * they were the previous run's until the new one started).
 */
function mixOf(slot: Slot): { pillar: Record<string, number>; line: Record<string, number> } | null {
  const used = partnerLists[slot];
  if (!used) return null;
  const pillar: Record<string, number> = Object.create(null);
  const line: Record<string, number> = Object.create(null);
  for (const p of used.list.partners) {
    pillar[p.pillar] = (pillar[p.pillar] ?? 0) + 1;
    line[p.line] = (line[p.line] ?? 0) + 1;
  }
  return { pillar, line };
}

export function rebuildEditor(force: boolean): void {
  const body = $('#editor-body');
  if (!force && body.contains(document.activeElement) && document.activeElement !== body) return;
  if (editorSlot === 'B' && !(state.mode === 'compare' && state.b)) editorSlot = 'A';
  const spec = editorSlot === 'A' ? state.a : state.b!;
  body.dataset.slot = editorSlot;
  buildEditor(body, {
    slot: editorSlot,
    compare: state.mode === 'compare' && !!state.b,
    spec,
    scenario: runs[editorSlot]?.scenario ?? null,
    seated: seatedIn(editorSlot),
    listMix: hasPartners(spec) ? mixOf(editorSlot) : null,
    seed: state.seed ?? runs.A?.scenario.seed ?? 1,
    presets: PRESETS.map((p) => ({ id: p.id, name: p.name })),
    onSlot(s) {
      editorSlot = s;
      rebuildEditor(true);
    },
    onPreset(id) {
      choosePreset(editorSlot, id);
      rebuildEditor(true);
    },
    onEdit(path, value) {
      // The same value again (an input event, then change) starts no second run.
      if (Object.hasOwn(spec.edits, path) && spec.edits[path] === value) return;
      // Editing B itself ends the what-if: B is now a scenario of its own, labelled as such.
      if (editorSlot === 'B') detachWhatIf();
      spec.edits[path] = value;
      debounceRun(editorSlot);
      publish('scenario');
      scheduleHash();
    },
    onSeed(seed) {
      state.seed = seed;
      debounceRun('A');
      if (state.mode === 'compare') debounceRun('B');
      scheduleHash();
    },
    onReset() {
      if (editorSlot === 'B') state.whatIf = null;
      spec.edits = {};
      runSlot(editorSlot);
      publish('scenario');
      rebuildEditor(true);
      scheduleHash();
    },
    onLoad() {
      $<HTMLInputElement>('#file-input').click();
    },
    onSave() {
      saveScenario(editorSlot);
    },
    onPartners() {
      $<HTMLInputElement>('#partners-input').click();
    },
    partners: (() => {
      const used = partnerLists[editorSlot];
      return used && hasPartners(spec) ? { file: used.file, count: used.list.partners.length } : null;
    })(),
  });
  // The problems box and the fields' own problems find their places in the new form.
  publish('problems');
}

/**
 * The slot's scenario as it will run: the last run's with the edits made since (a chair changed a
 * moment ago, its run not yet started), the partner list's own edits apart.
 */
function asEdited(slot: Slot): Scenario | null {
  const run = runs[slot]?.scenario;
  const spec = slot === 'A' ? state.a : state.b;
  if (!run || !spec) return run ?? null;
  const edits = Object.fromEntries(
    Object.entries(spec.edits).filter(([k]) => !(PARTNER_EDITS as readonly string[]).includes(k)),
  );
  return applyEdits(run as unknown as Record<string, unknown>, edits) as unknown as Scenario;
}

/**
 * A partner list for the slot being edited (A when the editor is closed, as for a dropped file):
 * checked first, row by row, so a refused list changes nothing in the scenario and is told in the
 * partners' words; a good list runs at once (B of a what-if follows A). Should the engine refuse it
 * still, the run's problems take it back out (runs.ts, pendingList).
 */
export async function loadPartners(file: File): Promise<void> {
  const slot: Slot = editorOpen() ? editorSlot : 'A';
  const read = await readPartnerFile(file);
  const refused = read.ok
    ? listRefusals(read.list, file.name, asEdited(slot))
    : asRefusal(read.problems, file.name);
  if (!read.ok || refused.length) {
    problems[slot] = refused;
    publish('problems');
    return;
  }
  // A list taken: an earlier list's refusal goes.
  problems[slot] = problems[slot].filter((p) => !p.list);
  if (slot === 'B') detachWhatIf();
  const spec = slot === 'A' ? state.a : state.b!;
  pendingList[slot] = {
    file: file.name,
    edits: Object.fromEntries(
      PARTNER_EDITS.filter((k) => Object.hasOwn(spec.edits, k)).map((k) => [k, spec.edits[k]]),
    ),
    used: partnerLists[slot],
  };
  partnerLists[slot] = { list: read.list, file: file.name };
  if (slot === 'A' && state.whatIf) partnerLists.B = partnerLists.A;
  Object.assign(spec.edits, partnerEdits(read.list));
  runSlot(slot);
  publish('scenario');
  if (editorOpen()) rebuildEditor(true);
  scheduleHash();
}

export async function loadFile(file: File): Promise<void> {
  const text = await file.text();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    problems[editorSlot] = [
      { file: file.name, path: '(file)', message: `not valid JSON: ${(e as Error).message}` },
    ];
    publish('problems');
    return;
  }
  const spec: SlotSpec = { preset: 'default', edits: {}, halve: false, custom: { raw, file: file.name } };
  if (editorSlot === 'A') state.a = spec;
  else state.b = spec;
  runSlot(editorSlot);
  publish('scenario');
  scheduleHash();
}

export function saveScenario(slot: Slot, suffix = ''): void {
  const run = runs[slot];
  if (!run) return;
  const { $schema: _s, ...body } = run.scenario as Scenario & { $schema?: string };
  download(`${run.scenario.id}${suffix}.json`, `${JSON.stringify(body, null, 2)}\n`, 'application/json');
}

export function openEditor(): void {
  $('#editor').hidden = false;
  $('#edit-btn').setAttribute('aria-expanded', 'true');
  rebuildEditor(true);
  $<HTMLElement>('#editor-close').focus();
}

export function closeEditor(): void {
  $('#editor').hidden = true;
  // The problems box leaves the drawer for its place over the page.
  publish('problems');
  const b = $('#edit-btn');
  b.setAttribute('aria-expanded', 'false');
  // Presenting, the button may stand folded behind More: focus goes there.
  (b.getClientRects().length ? b : (document.getElementById('more-btn') ?? b)).focus();
}
