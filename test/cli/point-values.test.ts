// Values set at a design's points (cli/point-values.ts): the same scenario object as the engine's
// setPath builds, for every factor of the sensitivity analysis and random values, and the same
// refusals (an unknown path, a forbidden segment) with the engine's message. pointScenario (the
// Sobol' worker's scenario of a point, checked only in the sections its values fall in) gives the
// very scenario, byte for byte and run for run, that the full resolution gives, and the same problems.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointScenario, setValues } from '../../cli/point-values.ts';
import { factors } from '../../cli/sensitivity.ts';
import { designPoint, designSize, saltelliDesign, sampleAt } from '../../methods/saltelli.ts';
import {
  DEFAULTS,
  parseScenario,
  replicateSeed,
  resolveScenario,
  type Scenario,
  setPath,
  simulate,
} from '../../sim/index.ts';

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

/** The full resolution of a point, as the Sobol' worker did it before pointScenario. */
function resolvedInFull(values: [string, unknown][], file: string) {
  const raw = structuredClone(base) as unknown as Record<string, unknown>;
  const problems = setValues(raw, values);
  return problems.length ? { ok: false as const, problems } : resolveScenario(raw, file);
}

describe('pointScenario', () => {
  it("gives the full resolution's scenario at every point of a Sobol' design, and the same runs", () => {
    const d = saltelliDesign(fs.length, 3, 7);
    let runs = 0;
    for (let p = 0; p < designSize(d); p++) {
      const u = designPoint(d, p);
      const values = fs.map((f, i): [string, number] => [f.path, sampleAt(f, u[i])]);
      const fast = pointScenario(base, values, `point ${p}`);
      const full = resolvedInFull(values, `point ${p}`);
      expect(fast.ok && full.ok).toBe(true);
      if (!fast.ok || !full.ok) continue;
      expect(JSON.stringify(fast.scenario)).toBe(JSON.stringify(full.scenario));
      // The values were set: the point is not the base.
      expect(JSON.stringify(fast.scenario)).not.toBe(JSON.stringify(base));
      if (p % 24 === 0) {
        const seed = replicateSeed(1, p);
        expect(simulate.summary(fast.scenario, { seed })).toEqual(simulate.summary(full.scenario, { seed }));
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(2);
  });

  it('gives the corners of every factor (lowest and highest values) as the full resolution does', () => {
    for (const u of [0, 1 - 1e-12]) {
      const values = fs.map((f): [string, number] => [f.path, sampleAt(f, u)]);
      const fast = pointScenario(base, values, 'corner');
      const full = resolvedInFull(values, 'corner');
      expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
    }
  });

  it('reports the problems of a point the schema or the cross-checks refuse in the full words', () => {
    const cases: [string, unknown][][] = [
      [['ties.alpha', -3]], // out of range: the section's schema refuses
      [['ties.alpha', Number.NaN]], // not a finite number: resolved in full
      [['governance.groups[1].plannedMeetings', 2.5]], // not whole
      [['composition.engagement[0]', 0.99]], // [low, high] with low > high
      [['governance.decisions.legal.validate', 'nobody']], // a string: resolved in full (cross-check)
      [['ties.nope', 1]], // unknown path: setValues's problem
    ];
    for (const values of cases) {
      const fast = pointScenario(base, values, 'bad');
      expect(fast.ok).toBe(false);
      expect(fast).toEqual(resolvedInFull(values, 'bad'));
    }
  });
});
