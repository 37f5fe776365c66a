// Attack suite, paths (issue 21, finding 1): a path from `--set`, a sweep's `vary` or a link's
// edits may name only fields the scenario has: own keys of plain objects and indices a list has.
// A list's `length`, its methods and inherited names are refused with a message, never applied.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyAssignments } from '../../exec/io.ts';
import { DEFAULTS, parseScenario, setPath } from '../../sim/index.ts';
import { applyEdits, editFieldProblems, editProblems } from '../../viz/scenario-edit.ts';

type Seg = string | number;
const show = (parts: readonly Seg[]) =>
  parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');

/** Every own key of DEFAULTS at any depth, plus names an attacker tries. */
const KEYS = new Set<string>();
(function collect(v: unknown) {
  if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (!Array.isArray(v)) KEYS.add(k);
      collect(x);
    }
})(DEFAULTS);
const ATTACK = ['length', 'map', 'push', 'toString', 'valueOf', 'hasOwnProperty', 'at', 'size', '0'];
const arbSeg: fc.Arbitrary<Seg> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...ATTACK) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom(4294967295, 1e8, 2 ** 53) },
);
/** Paths that mostly follow the defaults, then step off them. */
const arbPath = fc.array(arbSeg, { minLength: 1, maxLength: 5 }).map((parts) => {
  const first = typeof parts[0] === 'string' && /^[A-Za-z_$]/.test(parts[0]) ? parts[0] : 'governance';
  return [first, ...parts.slice(1)];
});
const arbValue = fc.constantFrom(4294967295, 1e8, 1.5, 0, -1, 'x', null, [], {});

/** An independent walk: does the path name an own field (own key, or an index below length)? */
function names(root: unknown, parts: readonly Seg[]): boolean {
  let cur = root;
  for (const p of parts) {
    if (Array.isArray(cur)) {
      if (typeof p !== 'number' || p >= cur.length) return false;
    } else if (cur && typeof cur === 'object') {
      if (typeof p !== 'string' || !Object.hasOwn(cur, p)) return false;
    } else return false;
    cur = (cur as Record<Seg, unknown>)[p];
  }
  return true;
}
const lengths = (v: unknown, out: number[] = []): number[] => {
  if (Array.isArray(v)) out.push(v.length);
  if (v && typeof v === 'object') for (const x of Object.values(v)) lengths(x, out);
  return out;
};
const untouchedPrototypes = () => {
  expect(Object.getOwnPropertyNames(Array.prototype)).not.toContain('polluted');
  expect(typeof [].map).toBe('function');
  expect(String({})).toBe('[object Object]');
};

describe('attack: paths name fields only', () => {
  const resolved = parseScenario(structuredClone(DEFAULTS), 'defaults');

  it.each([
    'governance.groups.length',
    'governance.groups.map',
    'governance.groups.push',
    'ties.toString',
    'ties.hasOwnProperty',
    'governance.groups[99].plannedMeetings',
    'governance.groups[4294967295]',
  ])('setPath refuses %s with a message and leaves the scenario alone', (path) => {
    const raw: Record<string, unknown> = {};
    const p = setPath(raw, path, 4294967295);
    expect(p?.path).toBe(path);
    expect(p?.message).toMatch(/not an item of a list|no such item|no such parameter/);
    expect(raw).toEqual({});
  });

  it('a sweep point (applyAssignments) on a list length is refused, never allocated', () => {
    const r = applyAssignments(
      resolved,
      [{ path: 'governance.groups.length', value: 1e8 }],
      's.json',
      'sweep.json',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].file).toBe('sweep.json');
  });

  it('property: setPath applies a path exactly when it names a field, and changes no list length', () => {
    const base = structuredClone(DEFAULTS) as unknown as Record<string, unknown>;
    const before = lengths(base);
    fc.assert(
      fc.property(arbPath, arbValue, (parts, value) => {
        const raw = structuredClone(base);
        const p = setPath(raw, show(parts), value);
        if (p === null) {
          expect(names(base, parts)).toBe(true);
          let cur: unknown = raw;
          for (const s of parts) cur = (cur as Record<Seg, unknown>)[s];
          expect(cur).toEqual(value);
          let old: unknown = base;
          for (const s of parts) old = (old as Record<Seg, unknown>)[s];
          if (old === null || typeof old !== 'object') {
            // Replacing a leaf keeps every list as long as it was.
            expect(lengths(raw)).toEqual(before);
          }
        } else {
          expect(names(base, parts)).toBe(false);
          expect(p.message.length).toBeGreaterThan(0);
          expect(raw).toEqual(base);
        }
      }),
      { numRuns: 1500, seed: 2101 },
    );
    untouchedPrototypes();
  });

  it('property: link edits apply exactly the paths that name fields; the others are reported', () => {
    const s = resolved as unknown as Record<string, unknown>;
    fc.assert(
      fc.property(fc.array(fc.tuple(arbPath, arbValue), { maxLength: 4 }), (pairs) => {
        const edits = Object.fromEntries(pairs.map(([parts, v]) => [show(parts), v]));
        const refused = new Set([...editProblems(edits), ...editFieldProblems(s, edits)].map((p) => p.path));
        const out = applyEdits(s, edits);
        for (const [path] of Object.entries(edits)) {
          const parts = pairs.find(([q]) => show(q) === path)?.[0] as Seg[];
          expect(refused.has(path)).toBe(!names(s, parts));
        }
        // Nothing refused was written; lists only change where a named field holds a list.
        if (refused.size === Object.keys(edits).length) expect(out).toEqual(s);
      }),
      { numRuns: 800, seed: 2102 },
    );
    untouchedPrototypes();
  });

  it('a link that sets a list length does not touch the list', () => {
    const s = resolved as unknown as { governance: { groups: unknown[] } };
    const out = applyEdits(s as unknown as Record<string, unknown>, {
      'governance.groups.length': 1e8,
    }) as typeof s;
    expect(out.governance.groups.length).toBe(s.governance.groups.length);
    expect(
      editFieldProblems(s as unknown as Record<string, unknown>, { 'governance.groups.length': 1e8 }),
    ).toHaveLength(1);
  });
});
