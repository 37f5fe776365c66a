// Values set at a design's points (cli/point-values.ts): the same scenario object as the engine's
// setPath builds, for every factor of the sensitivity analysis and random values, and the same
// refusals (an unknown path, a forbidden segment) with the engine's message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setValues } from '../../cli/point-values.ts';
import { factors } from '../../cli/sensitivity.ts';
import { DEFAULTS, parseScenario, type Scenario, setPath } from '../../sim/index.ts';

const base = parseScenario(structuredClone(DEFAULTS), 'test') as Scenario;
const fs = factors(base);

describe('setValues', () => {
  it('builds what setPath builds, point after point (the second time by the direct walk)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: fs.length, maxLength: fs.length }),
        (u) => {
          const values = fs.map((f, i): [string, number] => [f.path, f.low + u[i] * (f.high - f.low)]);
          const viaEngine = structuredClone(base) as unknown as Record<string, unknown>;
          for (const [p, v] of values) expect(setPath(viaEngine, p, v)).toBeNull();
          const fast = structuredClone(base) as unknown as Record<string, unknown>;
          expect(setValues(fast, values)).toEqual([]);
          expect(JSON.stringify(fast)).toBe(JSON.stringify(viaEngine));
        },
      ),
      { numRuns: 20 },
    );
    expect(fs.length).toBeGreaterThan(50);
  });

  it("refuses what setPath refuses, with setPath's problem", () => {
    const raw = structuredClone(base) as unknown as Record<string, unknown>;
    for (const path of ['ties.nope', '__proto__.polluted', 'ties.constructor.prototype', 'ties..alpha']) {
      const expected = setPath(structuredClone(raw), path, 1);
      expect(expected).not.toBeNull();
      expect(setValues(raw, [[path, 1]])).toEqual([expected]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
