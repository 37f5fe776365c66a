// Limits and hostile-input checks for scenario and sweep data: every size has a limit, checked
// before anything is built from it, and no path walk may reach an object's prototype.
// Pure (no file system): the CLI and the view both use it. Documented in docs/headless.md.

/** Path segments and object keys that would reach or replace an object's prototype. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The documented limits (docs/headless.md "Limits"). */
export const LIMITS = {
  /** Actors in all consortia together: consortia × (size × (1 + variation) + named roles + coordinator). */
  totalActors: 50_000,
  /** Nesting depth of any JSON value (a scenario is about 6 levels deep). */
  depth: 64,
  /** Values one numeric range {from, to, by} may expand to (counted before it is expanded). */
  rangeValues: 100_000,
  /** Points of one sweep (explicit points × the levels of every factor). */
  points: 1_000_000,
  /** Runs of one sweep (points × replicates). */
  runs: 10_000_000,
  /** Replicates of a run, a sweep point or a comparison. */
  replicates: 100_000,
  /** Links in an `extends` chain. */
  extendsChain: 32,
  /** Bytes of one JSON input file. */
  jsonBytes: 16 * 1024 * 1024,
} as const;

/** A scenario identifier: letters, digits, `.`, `_` or `-`, starting with a letter or digit. */
export const ID_PATTERN = /^[A-Za-z0-9][\w.-]{0,63}$/;
export const ID_MESSAGE =
  'expected an identifier: a letter or digit, then up to 63 letters, digits, ".", "_" or "-"';

/** Why a path segment is refused, or null when it is allowed. */
export function forbiddenSegment(segment: PropertyKey): string | null {
  return typeof segment === 'string' && FORBIDDEN_KEYS.has(segment)
    ? `the name "${segment}" is not allowed in a path or key (it would reach the object prototype)`
    : null;
}

export interface JsonProblem {
  /** JSON path of the problem, as printed (`ties.alpha`, `points[2]`). */
  path: string;
  message: string;
}

const joinPath = (base: string, key: string | number): string =>
  typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key;

/**
 * Walk a parsed JSON value without recursion (so a value nested 200,000 deep cannot overflow the
 * stack) and report keys that reach the prototype and nesting beyond LIMITS.depth. Stops at the
 * first problem of each kind below a node, and after `max` problems.
 */
export function inspectJson(value: unknown, rootPath = '', max = 20): JsonProblem[] {
  const problems: JsonProblem[] = [];
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: rootPath, depth: 0 }];
  while (stack.length && problems.length < max) {
    const { v, path, depth } = stack.pop() as { v: unknown; path: string; depth: number };
    if (v === null || typeof v !== 'object') continue;
    if (depth >= LIMITS.depth) {
      problems.push({
        path: path.length > 60 ? `${path.slice(0, 57)}...` : path || '(root)',
        message: `nested more than ${LIMITS.depth} levels deep (the limit); no scenario needs that`,
      });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ v: v[i], path: joinPath(path, i), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i];
      const bad = forbiddenSegment(k);
      if (bad) problems.push({ path: joinPath(path, k), message: bad });
      else stack.push({ v: (v as Record<string, unknown>)[k], path: joinPath(path, k), depth: depth + 1 });
    }
  }
  return problems;
}

/** How many values a range {from, to, by} expands to, computed without expanding it. */
export function rangeLength(r: { from: number; to: number; by: number }): number {
  if (!(r.by > 0) || !Number.isFinite(r.from) || !Number.isFinite(r.to)) return Number.NaN;
  return r.to < r.from ? 0 : Math.floor((r.to - r.from) / r.by + 1e-9) + 1;
}

/** Optional fields of the schema that have no default: a path may set them as a whole. */
export const OPTIONAL_FIELDS: ReadonlySet<string> = new Set([
  'composition.partners',
  'composition.priorTies',
]);

const isPlainRecord = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Why `segment` does not name a field inside `container`, or null when it does. A path may name
 * only what the data holds: an own key of a plain object, or an index a list has. Never a list's
 * `length`, a method, or an inherited name (`--set governance.groups.length=1e9` would allocate).
 */
export function fieldProblem(container: unknown, segment: string | number): string | null {
  if (Array.isArray(container)) {
    if (typeof segment !== 'number')
      return `"${segment.slice(0, 40)}" is not an item of a list; name an item by its index, such as [0]`;
    if (!Number.isSafeInteger(segment) || segment >= container.length)
      return container.length
        ? `[${segment}]: no such item; the list has ${container.length} (from [0] to [${container.length - 1}])`
        : `[${segment}]: no such item; the list is empty`;
    return null;
  }
  if (isPlainRecord(container)) {
    if (typeof segment === 'number') return `[${segment}]: not a list`;
    const bad = forbiddenSegment(segment);
    if (bad) return bad;
    return Object.hasOwn(container, segment) ? null : 'no such parameter in the scenario';
  }
  return 'no such parameter in the scenario (the path goes on past a value)';
}

/**
 * Why a parsed path does not name a field of `root` (see fieldProblem), or null. `open(i)` says
 * that a missing key at segment i is allowed (a table whose rows the scenario may add).
 */
export function fieldPathProblem(
  root: unknown,
  parts: readonly (string | number)[],
  open: (i: number) => boolean = () => false,
): string | null {
  // An optional field of the schema with no default (a partner list) may be set as a whole.
  if (
    parts.length === 2 &&
    OPTIONAL_FIELDS.has(`${String(parts[0])}.${String(parts[1])}`) &&
    isPlainRecord((root as Record<string, unknown> | null)?.[String(parts[0])])
  )
    return null;
  let cur: unknown = root;
  for (let i = 0; i < parts.length; i++) {
    const why = fieldProblem(cur, parts[i]);
    if (why) {
      if (
        open(i) &&
        isPlainRecord(cur) &&
        typeof parts[i] === 'string' &&
        !forbiddenSegment(parts[i]) &&
        why.startsWith('no such parameter')
      )
        return null;
      return why;
    }
    cur = (cur as Record<string | number, unknown>)[parts[i]];
  }
  return null;
}

/**
 * Why a value is too large to hand on (to a worker, by structured clone, which recurses): more
 * than `maxValues` values in all, or nested deeper than LIMITS.depth. Counted without recursion,
 * stopping at the first excess. Null when it is within bounds.
 */
export function sizeProblem(value: unknown, maxValues = 1_000_000): string | null {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  let count = 0;
  while (stack.length) {
    const { v, depth } = stack.pop() as { v: unknown; depth: number };
    if (++count > maxValues) return `more than ${maxValues} values (the limit)`;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= LIMITS.depth) return `nested more than ${LIMITS.depth} levels deep (the limit)`;
    for (const x of Object.values(v)) stack.push({ v: x, depth: depth + 1 });
  }
  return null;
}
