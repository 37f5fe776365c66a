// Attack suite, the validator fuzz (issue 21): 2,000 mutants of the default scenario at a fixed
// seed (values replaced by arbitrary JSON, hostile keys added, lists lengthened or emptied, deep
// nesting) go through the validator: each resolves, or is refused with problems that name a path
// and say what was expected, never a thrown error, and the prototypes stay untouched.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolveScenario, validateScenario } from '../../sim/index.ts';

type Seg = string | number;
function pathsOf(v: unknown, prefix: Seg[] = [], out: Seg[][] = []): Seg[][] {
  if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      const p = [...prefix, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      pathsOf(x, p, out);
    }
  return out;
}
const PATHS = pathsOf(DEFAULTS);
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'length',
  'toString',
  'extends',
  '',
  'x\u0000y',
];
const deep = (n: number) => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};
const arbValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(-1, 0, 1e308, -1e-300, 2 ** 31, 2 ** 53, Number.POSITIVE_INFINITY, Number.NaN, '', '=cmd'),
  fc.constantFrom(null, [], {}, '\u001b]0;x\u0007', 'x'.repeat(10_000)),
  fc.integer({ min: 60, max: 200 }).map(deep),
);
const arbMutant = fc.record({
  sets: fc.array(fc.tuple(fc.constantFrom(...PATHS), arbValue), { minLength: 1, maxLength: 5 }),
  keys: fc.array(fc.tuple(fc.constantFrom(...HOSTILE_KEYS), arbValue), { maxLength: 2 }),
  at: fc.constantFrom(...PATHS.filter((p) => p.length <= 2)),
});

function mutant(m: { sets: [Seg[], unknown][]; keys: [string, unknown][]; at: Seg[] }): unknown {
  const raw = structuredClone(DEFAULTS) as unknown as Record<Seg, unknown>;
  for (const [path, value] of m.sets) {
    let cur = raw;
    for (const k of path.slice(0, -1)) {
      if (!cur[k] || typeof cur[k] !== 'object') break;
      cur = cur[k] as Record<Seg, unknown>;
    }
    cur[path[path.length - 1]] = structuredClone(value); // generated values are shared between runs
  }
  // Hostile keys as JSON.parse makes them (own properties, __proto__ included), at the root or
  // inside an object near it.
  // Infinity as JSON text reads it (1e999); NaN has no JSON form and becomes null.
  const text = JSON.stringify(raw, (_k, v) =>
    v === Number.POSITIVE_INFINITY ? 'INFINITY-SENTINEL' : v,
  ).replace(/"INFINITY-SENTINEL"/g, '1e999');
  const parsed = JSON.parse(text) as Record<string, unknown>;
  for (const [k, v] of m.keys) {
    const extra = JSON.parse(`{${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}}`);
    let target: unknown = parsed;
    for (const s of m.at.slice(0, -1)) target = (target as Record<Seg, unknown>)?.[s];
    if (target && typeof target === 'object' && !Array.isArray(target)) Object.assign(target, extra);
    else Object.assign(parsed, extra);
  }
  return parsed;
}

describe('attack: 2,000 validator mutants', () => {
  it('each resolves, or gives problems with a path and a message; nothing throws', () => {
    let refused = 0;
    fc.assert(
      fc.property(arbMutant, (m) => {
        const raw = mutant(m);
        // Without `extends`, resolving is validating.
        if (!Object.hasOwn(raw as object, 'extends'))
          expect(validateScenario(structuredClone(raw), 'mutant.json').ok).toBe(
            resolveScenario(structuredClone(raw), 'mutant.json').ok,
          );
        const r = resolveScenario(raw, 'mutant.json', () => {
          throw new Error('no such preset');
        });
        if (r.ok) return;
        refused++;
        expect(r.problems.length).toBeGreaterThan(0);
        for (const p of r.problems) {
          expect(p.file).toBe('mutant.json');
          expect(typeof p.path).toBe('string');
          expect(p.message.length).toBeGreaterThan(0);
          expect(p.message.length).toBeLessThan(2000);
          expect(p.message).not.toMatch(/\n\s+at .+:\d+:\d+/);
        }
      }),
      { numRuns: 2000, seed: 2121 },
    );
    expect(refused).toBeGreaterThan(1000);
    expect(String({})).toBe('[object Object]');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof [].map).toBe('function');
  });
});
