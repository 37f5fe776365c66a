import {
  $,
  $$,
  blankSpec,
  defaultB,
  esc,
  halvedPreset,
  maxWeek,
  runs,
  state,
  toast,
  ui,
  views,
} from './app.ts';
import { editorOpen, rebuildEditor } from './editor-panel.ts';
import { rebuildPanels } from './panels/network-tab.ts';
import { PRESETS, presetById } from './presets.ts';
import { showProblems } from './problems.ts';
import type { Slot } from './protocol.ts';
import { showReplicates } from './replicates-mode.ts';
import { runSlot } from './runs.ts';
import type { Mode, SlotSpec } from './share.ts';
import { setWeek, updateScrubber } from './timeline.ts';
import { scheduleHash } from './url-state.ts';

// ---------------------------------------------------------------- modes

export function setMode(mode: Mode): void {
  state.mode = mode;
  if (mode === 'compare' && !state.b) state.b = defaultB();
  for (const b of $$('.modes button')) b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
  const rep = mode === 'replicates';
  $('#main').classList.toggle('replicates-mode', rep);
  $('#stage').hidden = rep;
  $('#panels').hidden = rep;
  $('#replicates').hidden = !rep;
  $('.timeline').hidden = rep;
  $('#net-b').hidden = mode !== 'compare';
  $('.nets').classList.toggle('two', mode === 'compare');
  if (mode === 'compare' && state.b) {
    if (!runs.B) runSlot('B');
    else views.B.setRun(runs.B);
  }
  if (rep) showReplicates();
  showProblems();
  refreshPresetSelects();
  updateScrubber();
  rebuildPanels();
  setWeek(Math.min(state.week, maxWeek()), true);
  scheduleHash();
}

export function whatIfHalved(): void {
  const a = state.a;
  const plainDefault = !a.custom && a.preset === 'default' && !Object.keys(a.edits).length && !a.halve;
  state.b =
    plainDefault && halvedPreset ? blankSpec(halvedPreset.id) : { ...structuredClone(a), halve: true };
  runs.B = null;
  runSlot('B');
  setMode('compare');
  toast('B is the same consortium with half as many meetings, spread over the same months.');
}

// ---------------------------------------------------------------- preset pickers

const HALVED_OF_A = '__halved';
const CUSTOM = '__custom';

export function specLabel(spec: SlotSpec): string {
  if (spec.custom)
    return `${spec.halve ? 'Meetings halved: ' : ''}${spec.custom.file}${Object.keys(spec.edits).length ? ' (edited)' : ''}`;
  const p = presetById(spec.preset);
  const edited = Object.keys(spec.edits).length ? ' (edited)' : '';
  return `${spec.halve ? 'Meetings halved: ' : ''}${p?.name ?? spec.preset}${edited}`;
}

export function refreshPresetSelects(): void {
  for (const slot of ['A', 'B'] as Slot[]) {
    const sel = $<HTMLSelectElement>(`#net-${slot.toLowerCase()} .net-preset`);
    const spec = slot === 'A' ? state.a : state.b;
    if (!spec) continue;
    const opts: string[] = [];
    const isPlain = !spec.custom && !spec.halve && !Object.keys(spec.edits).length;
    if (!isPlain) opts.push(`<option value="${CUSTOM}" selected>${esc(specLabel(spec))}</option>`);
    for (const p of PRESETS)
      opts.push(
        `<option value="${p.id}" ${isPlain && p.id === spec.preset ? 'selected' : ''}>${esc(p.name)}</option>`,
      );
    if (slot === 'B') opts.push(`<option value="${HALVED_OF_A}">Scenario A with meetings halved</option>`);
    sel.innerHTML = opts.join('');
    sel.title = specLabel(spec);
  }
}

export function choosePreset(slot: Slot, value: string): void {
  if (value === CUSTOM) return;
  const spec: SlotSpec =
    value === HALVED_OF_A ? { ...structuredClone(state.a), halve: true } : blankSpec(value);
  if (slot === 'A') state.a = spec;
  else state.b = spec;
  runSlot(slot);
  if (slot === 'A' && state.b?.halve && state.mode === 'compare') {
    state.b = { ...structuredClone(spec), halve: true };
    runSlot('B');
  }
  refreshPresetSelects();
  if (editorOpen()) rebuildEditor(true);
  scheduleHash();
}

export function setLarge(on: boolean): void {
  state.large = on;
  document.documentElement.classList.toggle('large', on);
  $('#large-btn').setAttribute('aria-pressed', String(on));
  if (ui.chartsBuilt) rebuildPanels();
  scheduleHash();
}

export function updateTagline(): void {
  const a = runs.A;
  if (!a?.summary) return;
  const o = a.summary.outcomes;
  const n = a.summary.national;
  $('#tagline').textContent = n
    ? `${n.submittedCount} of ${n.consortia} consortia submitted · median ${n.medianMonths.toFixed(1)} months`
    : o.submitted
      ? `File submitted after ${o.months.toFixed(1)} months (planned: 7)`
      : 'The file was never submitted';
}
