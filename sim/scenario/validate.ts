// Scenario resolution: extends -> merge over defaults -> schema -> cross-references.
// Every problem is reported as { file, path, message } so a user can fix them all in one go.
// No file system here: a loader for `extends` is injected (the CLI reads files, the view bundles).

import type { z } from 'zod';
import { DEFAULTS } from './defaults.ts';
import { fieldPathProblem, forbiddenSegment, inspectJson, LIMITS } from './limits.ts';
import { type Scenario, scenarioSchema } from './schema.ts';

export interface Problem {
  file: string;
  /** JSON path in the scenario file, e.g. `governance.groups[2].plannedMeetings`. */
  path: string;
  message: string;
}

export type Resolution = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

/** Loads the raw JSON of a scenario named in `extends` (a preset id or a relative file). */
/**
 * Loads the parent a scenario `extends`. `trusted` marks a file whose values may be quoted in an
 * error (a shipped preset); any other extended file's values never are.
 */
export type ScenarioLoader = (
  name: string,
  from: string,
) => { file: string; raw: unknown; trusted?: boolean };

export class ScenarioError extends Error {
  constructor(public readonly problems: Problem[]) {
    super(formatProblems(problems));
    this.name = 'ScenarioError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n');
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const idOf = (v: unknown): string | undefined =>
  isPlainObject(v) && typeof v.id === 'string' ? v.id : undefined;

/** A list whose items all have distinct string ids (governance groups, file sections). */
function idKeyed(list: unknown): list is Record<string, unknown>[] {
  if (!Array.isArray(list) || list.length === 0) return false;
  const ids = list.map(idOf);
  return ids.every((id) => id !== undefined) && new Set(ids).size === ids.length;
}

/** Set an own property, never the prototype (a key "__proto__" stays a plain, refusable key). */
const own = (o: Record<string, unknown>, k: string, v: unknown) =>
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

/**
 * Merge `over` onto `base` (docs/scenarios.md): objects key by key, over own properties only;
 * lists of items with ids (groups, sections) by id: an item with a known id changes only that
 * item, a new id is added at the end, `{ "id": ..., "remove": true }` removes one (kept as a marker
 * when `base` has no such id, for a later merge or for validation to report); other lists and
 * scalars in `over` replace those in `base`.
 */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (idKeyed(base) && idKeyed(over)) return mergeById(base, over);
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? structuredClone(base) : over;
  const out = structuredClone(base) as Record<string, unknown>;
  for (const k of Object.keys(over))
    own(out, k, Object.hasOwn(out, k) ? deepMerge(out[k], over[k]) : over[k]);
  return out;
}

function mergeById(base: Record<string, unknown>[], over: Record<string, unknown>[]): unknown[] {
  const out: Record<string, unknown>[] = base.map((x) => structuredClone(x));
  const markers: Record<string, unknown>[] = [];
  for (const item of over) {
    const at = out.findIndex((x) => x.id === item.id);
    if (item.remove === true) {
      if (at >= 0) out.splice(at, 1);
      else markers.push(item);
    } else if (at >= 0) out[at] = deepMerge(out[at], item) as Record<string, unknown>;
    else out.push(item);
  }
  return [...out, ...markers];
}

/**
 * A scenario over the defaults. A complete scenario (one the schema accepts as it is, such as a
 * resolved scenario written back or exported by the view) is taken as it is: its lists are whole,
 * so a group it lacks stays out. A partial one is merged over the defaults (deepMerge).
 */
export function overDefaults(raw: Record<string, unknown>): unknown {
  return scenarioSchema.safeParse(raw).success ? structuredClone(raw) : deepMerge(DEFAULTS, raw);
}

/** Remove markers left after the merge over the defaults: ids that no list item has. */
function strayRemovals(merged: unknown, file: string): Problem[] {
  const out: Problem[] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (Array.isArray(v))
      v.forEach((x, i) => {
        if (isPlainObject(x) && x.remove === true && idOf(x) !== undefined)
          out.push({
            file,
            path: formatPath([...path, i]),
            message: `"remove": no item with id "${x.id}" to remove (ids: ${v
              .filter((y) => isPlainObject(y) && y.remove !== true)
              .map((y) => `"${idOf(y)}"`)
              .join(', ')})`,
          });
        else walk(x, [...path, i]);
      });
    else if (isPlainObject(v)) for (const k of Object.keys(v)) walk(v[k], [...path, k]);
  };
  walk(merged, []);
  return out;
}

/** `extends`: a preset name, or a relative or absolute path to a .json file. */
const EXTENDS_PATTERN = /^(?:[A-Za-z0-9][\w-]*|[^\0\n\r]+\.json)$/;

const describe = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  // JSON reads 1e999 as Infinity, which JSON.stringify would show as null.
  if (typeof v === 'number' && !Number.isFinite(v)) return `${v} (a number past the largest a file can hold)`;
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

function getIn(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

/** zod's wording, made plain: "expected a whole number >= 0, got -3" or "missing: expected ...". */
function tidy(message: string, got: unknown): string {
  const m = message
    .replace(/^(Invalid input|Too big|Too small|Invalid option|Invalid string|Invalid type): /, '')
    .replace(/, received \w+$/, '')
    .replace('expected int', 'expected a whole number')
    .replace(/expected number to be /, 'expected a number ')
    .replace(/expected array to have /, 'expected a list of ');
  return got === undefined ? `missing: ${m}` : `${m}, got ${describe(got)}`;
}

/** A group given with only some fields takes the others from the default group of that id. */
const GROUP_TEMPLATE = {
  includes: [],
  plannedMeetings: 0,
  firstWeek: 0,
  interval: 4,
  meetingHours: 2,
  extraInterval: 4,
  minAttendance: 0.5,
};

function fillGroups(merged: unknown): void {
  if (!isPlainObject(merged) || !isPlainObject(merged.governance)) return;
  const groups = merged.governance.groups;
  if (!Array.isArray(groups)) return;
  merged.governance.groups = groups.map((g) => {
    if (!isPlainObject(g)) return g;
    const base = DEFAULTS.governance.groups.find((d) => d.id === g.id) ?? { ...GROUP_TEMPLATE, label: g.id };
    return { ...structuredClone(base), ...g };
  });
}

/** Merge `raw` over the defaults and check it. `raw` must already have `extends` resolved. */
export function validateScenario(raw: unknown, file = '<scenario>'): Resolution {
  if (!isPlainObject(raw)) {
    return {
      ok: false,
      problems: [{ file, path: '(root)', message: `expected a JSON object, got ${describe(raw)}` }],
    };
  }
  const hostile = inspectJson(raw).map((p) => ({ file, ...p }));
  if (hostile.length) return { ok: false, problems: hostile };
  const { extends: _ignored, ...rest } = raw;
  const merged = overDefaults(rest);
  const stray = strayRemovals(merged, file);
  if (stray.length) return { ok: false, problems: stray };
  fillGroups(merged);
  const parsed = scenarioSchema.safeParse(merged);
  const problems: Problem[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const got = getIn(merged, issue.path);
      const message = issue.message;
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          problems.push({ file, path: formatPath([...issue.path, key]), message: 'unknown field (a typo?)' });
        }
        continue;
      }
      // Groups merge by id, so an index may not be the file's: name the group too.
      const gid =
        issue.path[0] === 'governance' && issue.path[1] === 'groups' && typeof issue.path[2] === 'number'
          ? idOf(getIn(merged, issue.path.slice(0, 3)))
          : undefined;
      problems.push({
        file,
        path: formatPath(issue.path),
        message: tidy(message, got) + (gid ? ` (group "${gid}")` : ''),
      });
    }
    return { ok: false, problems };
  }
  const scenario = parsed.data;
  problems.push(...crossCheck(scenario, file));
  return problems.length ? { ok: false, problems } : { ok: true, scenario };
}

/**
 * A validated scenario with new values set at some of its parameters (a point of a design), checked
 * again only where they were set: the named top-level sections by their schemas, then the checks
 * across sections. `raw` must be a copy of a scenario this module validated, with values set by
 * path: it is then already merged over the defaults, its groups filled, and nothing in it hostile,
 * so the full resolution (about 1 ms) would differ only in these sections (the schema is a strict
 * object of sections, with no check across them). `raw` is left as it came. Returns null when a check fails: resolve in full
 * then, for the problems in their usual words. Not part of the public API.
 */
export function revalidateSections(
  raw: Record<string, unknown>,
  sections: Iterable<string>,
  file = '<scenario>',
): Scenario | null {
  const shape = scenarioSchema.shape as Record<string, z.ZodType>;
  const parsed: [string, unknown][] = [];
  for (const key of sections) {
    const schema = shape[key];
    if (!schema || !Object.hasOwn(raw, key)) return null;
    const res = schema.safeParse(raw[key]);
    if (!res.success) return null;
    parsed.push([key, res.data]);
  }
  // The sections' parsed values replace them only once all passed: on null, raw is as it came.
  const scenario = { ...raw } as Record<string, unknown>;
  for (const [key, value] of parsed) scenario[key] = value;
  return crossCheck(scenario as unknown as Scenario, file).length ? null : (scenario as unknown as Scenario);
}

/** Checks the schema cannot express: references between groups, decisions and sections. */
function crossCheck(s: Scenario, file: string): Problem[] {
  const out: Problem[] = [];
  const ids = new Set<string>();
  s.governance.groups.forEach((g, gi) => {
    if (ids.has(g.id))
      out.push({ file, path: `governance.groups[${gi}].id`, message: `duplicate group id "${g.id}"` });
    ids.add(g.id);
  });
  const known = [...ids].map((x) => `"${x}"`).join(', ');
  s.governance.groups.forEach((g, gi) => {
    g.includes.forEach((inc, ii) => {
      if (!ids.has(inc) || inc === g.id)
        out.push({
          file,
          path: `governance.groups[${gi}].includes[${ii}]`,
          message: `expected the id of another group (${known}), got "${inc}"`,
        });
    });
  });
  for (const [c, d] of Object.entries(s.governance.decisions)) {
    if (!d) continue;
    for (const k of ['propose', 'validate'] as const) {
      if (!ids.has(d[k]))
        out.push({
          file,
          path: `governance.decisions.${c}.${k}`,
          message: `expected a group id (${known}), got "${d[k]}"`,
        });
    }
  }
  s.controversies.order.forEach((c, ci) => {
    if (!s.governance.decisions[c])
      out.push({
        file,
        path: `controversies.order[${ci}]`,
        message: `controversy "${c}" has no entry in governance.decisions (who proposes and validates it)`,
      });
  });
  s.file.sections.forEach((sec, si) => {
    sec.needs.forEach((c, ci) => {
      if (!s.controversies.order.includes(c))
        out.push({
          file,
          path: `file.sections[${si}].needs[${ci}]`,
          message: `controversy "${c}" is not in controversies.order, so it would never be settled`,
        });
    });
  });
  if (!ids.has(s.governance.signOff))
    out.push({
      file,
      path: 'governance.signOff',
      message: `expected a group id (${known}), got "${s.governance.signOff}"`,
    });
  if (s.calendar.horizonWeeks < s.calendar.plannedWeeks)
    out.push({
      file,
      path: 'calendar.horizonWeeks',
      message: `expected at least calendar.plannedWeeks (${s.calendar.plannedWeeks}), got ${s.calendar.horizonWeeks}`,
    });
  for (const key of ['pillarMix', 'lineMix'] as const) {
    const sum = Object.values(s.composition[key]).reduce((a, b) => a + b, 0);
    if (!(sum > 0))
      out.push({
        file,
        path: `composition.${key}`,
        message: 'expected at least one weight above 0, got all 0',
      });
  }
  const partners = s.composition.partners;
  if (partners) {
    if (s.consortia !== 1)
      out.push({
        file,
        path: 'composition.partners',
        message: `a partner list is one consortium; consortia is ${s.consortia}`,
      });
    if (s.governance.chair === 'lead' && !partners.some((p) => p.role === s.governance.leadRole))
      out.push({
        file,
        path: 'composition.partners',
        message: `governance.chair is "lead": expected a partner with role "${s.governance.leadRole}"`,
      });
  }
  const names = new Set(partners?.map((p) => p.name) ?? []);
  s.composition.priorTies?.forEach((pair, ti) => {
    pair.forEach((name, k) => {
      if (!names.has(name))
        out.push({
          file,
          path: `composition.priorTies[${ti}][${k}]`,
          message: `expected the name of a partner in composition.partners, got "${name}"`,
        });
    });
  });
  const perConsortium =
    (partners ? partners.length : Math.ceil(s.composition.size * (1 + s.composition.variation))) +
    s.composition.roles.reduce((n, r) => n + r.count, 0) +
    1;
  const actors = s.consortia * perConsortium;
  if (actors > LIMITS.totalActors)
    out.push({
      file,
      path: 'composition.size',
      message: `up to ${actors} actors in all (consortia × (size × (1 + variation) + roles + coordinator)); the limit is ${LIMITS.totalActors}`,
    });
  const [alo, ahi] = s.composition.availability;
  if (alo > ahi)
    out.push({
      file,
      path: 'composition.availability',
      message: `expected [low, high] with low <= high, got [${alo}, ${ahi}]`,
    });
  return out;
}

/**
 * Resolve `extends` chains (a what-if file holds only its change), then validate.
 * The loader returns the raw JSON of the named parent; cycles are reported, not followed.
 */
export function resolveScenario(raw: unknown, file: string, load?: ScenarioLoader): Resolution {
  const chain: { file: string; raw: Record<string, unknown>; trusted: boolean }[] = [];
  let cur: unknown = raw;
  let curFile = file;
  let curTrusted = true; // the file the user named is theirs to read
  // Files already in the chain, by the name the loader resolved them to (not the name written).
  const visited: string[] = [file];
  const fail = (message: string): Resolution => ({
    ok: false,
    problems: [{ file: curFile, path: 'extends', message }],
  });
  for (;;) {
    if (!isPlainObject(cur)) return validateScenario(cur, curFile);
    const hostile = inspectJson(cur).map((p) => ({ file: curFile, ...p }));
    if (hostile.length) return { ok: false, problems: hostile };
    chain.unshift({ file: curFile, raw: cur, trusted: curTrusted });
    const parent = cur.extends;
    if (parent === undefined) break;
    if (typeof parent !== 'string' || !EXTENDS_PATTERN.test(parent))
      return fail(
        `expected a preset name (such as "default") or a .json file relative to this one, got ${describe(parent)}`,
      );
    if (!load) return fail('no loader for extended scenarios');
    if (chain.length > LIMITS.extendsChain)
      return fail(`the extends chain is longer than ${LIMITS.extendsChain} files (the limit)`);
    let next: { file: string; raw: unknown; trusted?: boolean };
    try {
      next = load(parent, curFile);
    } catch (e) {
      return fail(
        `cannot load "${parent.length > 80 ? `${parent.slice(0, 77)}...` : parent}": ${(e as Error).message.slice(0, 400)}`,
      );
    }
    if (visited.includes(next.file))
      return fail(`cycle: ${[...visited.slice(visited.indexOf(next.file)), next.file].join(' extends ')}`);
    visited.push(next.file);
    cur = next.raw;
    curFile = next.file;
    curTrusted = next.trusted === true;
  }
  let merged: unknown = {};
  for (const link of chain) {
    const { extends: _e, ...body } = link.raw;
    merged = deepMerge(merged, body);
  }
  const res = validateScenario(merged, file);
  if (res.ok || chain.length === 1) return res;
  // A value that came from an extended file is never quoted: `extends` may reach a file whose
  // content is not the user's to read, and a message must not become a way to print it.
  const own = chain[chain.length - 1].raw;
  const hidden = chain.filter((l) => !l.trusted);
  if (hidden.length === 0) return res;
  const problems = res.problems.map((p) => {
    const parts = parsePath(p.path);
    if (parts && getIn(own, parts) !== undefined) return p;
    if (parts && !hidden.some((l) => getIn(l.raw, parts) !== undefined)) return p;
    return {
      ...p,
      message: p.message.replace(/, got .*$/s, ', got a value from an extended file (not shown)'),
    };
  });
  return { ok: false, problems };
}

/** Resolve or throw a ScenarioError listing every problem. */
export function parseScenario(raw: unknown, file = '<scenario>', load?: ScenarioLoader): Scenario {
  const r = resolveScenario(raw, file, load);
  if (!r.ok) throw new ScenarioError(r.problems);
  return r.scenario;
}

/**
 * Set one parameter by dotted path (`ties.alpha`, `governance.groups[1].plannedMeetings`) in a raw
 * scenario, for `--set` and sweeps. The path must name a parameter the model has.
 */
export function setPath(raw: Record<string, unknown>, path: string, value: unknown): Problem | null {
  const parts = parsePath(path);
  if (!parts) return { file: '--set', path, message: 'expected a dotted path such as ties.alpha' };
  for (const p of parts) {
    const bad = forbiddenSegment(p);
    if (bad) return { file: '--set', path, message: bad };
  }
  const base = overDefaults(raw);
  // Only fields the scenario has (own keys, existing indices); the interest table may gain rows.
  const table = parts[0] === 'controversies' && parts[1] === 'interests';
  const why = fieldPathProblem(base, parts, (i) => table && i >= 2 && i <= 3 && parts.length === 4);
  if (why) return { file: '--set', path, message: why };
  // Materialise the path in raw (copying arrays from the defaults so an index is meaningful).
  let cur: Record<PropertyKey, unknown> = raw;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i];
    if (!Object.hasOwn(cur, k) || cur[k] === undefined)
      cur[k] = structuredClone(getIn(base, parts.slice(0, i + 1))) ?? {};
    cur = cur[k] as Record<PropertyKey, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
  return null;
}

export function parsePath(path: string): (string | number)[] | null {
  if (!/^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*|\[\d+\])*$/.test(path)) return null;
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([A-Za-z_$][\w$-]*)|\[(\d+)\]/g)) out.push(m[1] ?? Number(m[2]));
  return out;
}
