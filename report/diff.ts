// What exactly differs between two resolved scenarios (pure): one line per parameter whose value
// differs, by JSON path. Lists of objects with an `id` (governance groups, file sections) are
// matched by id, so a changed group shows as `governance.groups[project].plannedMeetings`, an added
// group as present on one side only; other lists are compared as whole values.

export interface ScenarioChange {
  /** JSON path, with `[id]` for an id-keyed list item. */
  path: string;
  /** Values as compact JSON text; undefined where the parameter is absent on that side. */
  a?: string;
  b?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const idList = (v: unknown): v is { id: string }[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => isObject(x) && typeof x.id === 'string');
const text = (v: unknown): string | undefined => (v === undefined ? undefined : JSON.stringify(v));
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Fields that name or describe a scenario rather than change the model. */
const NOT_MODEL = new Set(['$schema', 'id', 'name', 'description']);

export function diffScenarios(a: unknown, b: unknown, path = ''): ScenarioChange[] {
  if (isObject(a) && isObject(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.hasOwn(a, k))];
    return keys
      .filter((k) => path || !NOT_MODEL.has(k))
      .flatMap((k) =>
        diffScenarios(
          Object.hasOwn(a, k) ? a[k] : undefined,
          Object.hasOwn(b, k) ? b[k] : undefined,
          join(path, k),
        ),
      );
  }
  if (idList(a) && idList(b)) {
    const ids = [...a.map((x) => x.id), ...b.map((x) => x.id).filter((id) => !a.some((x) => x.id === id))];
    return ids.flatMap((id) =>
      diffScenarios(
        a.find((x) => x.id === id),
        b.find((x) => x.id === id),
        `${path}[${id}]`,
      ),
    );
  }
  const ta = text(a);
  const tb = text(b);
  return ta === tb ? [] : [{ path, a: ta, b: tb }];
}
