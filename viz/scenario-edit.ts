// Scenario transforms the page offers: control edits by dotted path, the number of legal advisors,
// and "what if meetings were halved?" (half the planned meetings, twice the interval, per group).
import type { Problem } from '../sim/index.ts';
import { fieldPathProblem, forbiddenSegment } from '../sim/scenario/limits.ts';
import { parsePathLoose } from './paths.ts';
import { LEGAL_ADVISORS } from './protocol.ts';

type Obj = Record<string, unknown>;

/** Half the planned meetings of every group, spread over the same period (twice the interval). */
export function halveMeetings(scenario: Obj): Obj {
  const s = structuredClone(scenario);
  const gov = s.governance as { groups: { plannedMeetings: number; interval: number }[] };
  for (const g of gov.groups) {
    g.plannedMeetings = Math.ceil(g.plannedMeetings / 2);
    g.interval = Math.min(520, g.interval * 2);
  }
  s.id = `${String(s.id)}-meetings-halved`;
  s.name = `${String(s.name)} — meetings halved`;
  return s;
}

const EDIT_PATH = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*|\[\d+\])*$/;

/**
 * Why an edit path is refused, or null: a path must read like `governance.groups[1].size` and never
 * pass through `__proto__`, `constructor` or `prototype` (it would reach the object prototype).
 */
export function editPathProblem(path: string): string | null {
  if (path === LEGAL_ADVISORS) return null;
  if (!EDIT_PATH.test(path)) return 'expected a dotted path such as governance.groups[1].plannedMeetings';
  for (const part of parsePathLoose(path)) {
    const bad = forbiddenSegment(part);
    if (bad) return bad;
  }
  return null;
}

/** Diagnostics for the edits that will not be applied, as the editor and the problems box show them. */
export function editProblems(edits: Record<string, unknown>): Problem[] {
  const out: Problem[] = [];
  for (const path of Object.keys(edits)) {
    const bad = editPathProblem(path);
    if (bad) out.push({ file: 'edit', path, message: `refused: ${bad}` });
  }
  return out;
}

/**
 * Edits whose path names no field of the (resolved) scenario: a list's `length`, a method, an item
 * past the end, a parameter the model lacks. A link is data from anyone; these are never applied.
 */
export function editFieldProblems(scenario: Obj, edits: Record<string, unknown>): Problem[] {
  const out: Problem[] = [];
  for (const path of Object.keys(edits)) {
    if (path === LEGAL_ADVISORS || editPathProblem(path)) continue;
    const why = fieldPathProblem(scenario, parsePathLoose(path));
    if (why) out.push({ file: 'edit', path, message: `refused: ${why}` });
  }
  return out;
}

/** Apply control edits to a full (resolved) scenario; returns a new object. Refused paths are skipped. */
export function applyEdits(scenario: Obj, edits: Record<string, unknown>): Obj {
  const s = structuredClone(scenario);
  for (const [path, value] of Object.entries(edits)) {
    if (editPathProblem(path)) continue;
    if (path !== LEGAL_ADVISORS && fieldPathProblem(s, parsePathLoose(path))) continue;
    if (path === LEGAL_ADVISORS) {
      const comp = s.composition as { roles: { role: string; count: number }[] };
      comp.roles = comp.roles.filter((r) => r.role !== 'legalAdvisor');
      const n = Number(value);
      if (n > 0) comp.roles.push({ role: 'legalAdvisor', count: n });
      continue;
    }
    const parts = parsePathLoose(path);
    let cur: Obj = s;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = Object.hasOwn(cur, parts[i]) ? cur[parts[i] as string] : undefined;
      if (next === null || typeof next !== 'object') break;
      cur = next as Obj;
    }
    cur[parts[parts.length - 1] as string] = value;
  }
  return s;
}

/** Current number of legal advisors a scenario adds by name. */
export const legalAdvisorsOf = (scenario: { composition: { roles: { role: string; count: number }[] } }) =>
  scenario.composition.roles.filter((r) => r.role === 'legalAdvisor').reduce((a, r) => a + r.count, 0);
