// NSGA-II known answers: on ZDT1 and ZDT2 (Zitzler, Deb & Thiele 2000; 30 variables) the final
// front's hypervolume is within 2% of the analytic front's; plus the laws of its parts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hypervolume } from '../../methods/hypervolume.ts';
import { crowdingDistance, dominates, nondominatedSort, nsga2 } from '../../methods/nsga2.ts';

const n = 30;
const g = (x: number[]) => 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / (n - 1);
const zdt1 = (x: number[]) => [x[0], g(x) * (1 - Math.sqrt(x[0] / g(x)))];
const zdt2 = (x: number[]) => [x[0], g(x) * (1 - (x[0] / g(x)) ** 2)];
const REF = [1.1, 1.1];
// Analytic hypervolume against (1.1, 1.1): the area above the front f2 = 1 - h(f1) for f1 in
// [0, 1], up to 1.1, plus the strip f1 in [1, 1.1].
const HV_ZDT1 = 0.1 + 2 / 3 + 0.11; // ∫ (0.1 + √x) dx + 0.1 × 1.1
const HV_ZDT2 = 0.1 + 1 / 3 + 0.11; // ∫ (0.1 + x²) dx + 0.1 × 1.1

function solve(problem: (x: number[]) => number[], seed: number, generations = 250) {
  const search = nsga2({
    variables: Array.from({ length: n }, () => ({ lower: 0, upper: 1 })),
    populationSize: 100,
    seed,
  });
  for (let t = 0; t <= generations; t++) search.tell(search.ask().map((x) => ({ x, f: problem(x) })));
  return search.population().filter((p) => p.rank === 0);
}

describe('nsga2 on ZDT', () => {
  it('ZDT1: hypervolume within 2% of the analytic front (seed 1)', () => {
    const hv = hypervolume(
      solve(zdt1, 1).map((p) => p.f),
      REF,
    );
    expect(hv).toBeLessThanOrEqual(HV_ZDT1 + 1e-9);
    expect(hv / HV_ZDT1).toBeGreaterThan(0.98);
  });
  it('ZDT2 (concave): hypervolume within 2% of the analytic front (seed 2)', () => {
    const hv = hypervolume(
      solve(zdt2, 2).map((p) => p.f),
      REF,
    );
    expect(hv).toBeLessThanOrEqual(HV_ZDT2 + 1e-9);
    expect(hv / HV_ZDT2).toBeGreaterThan(0.98);
  });
  it('is a function of its seed and what it is told', () => {
    const a = solve(zdt1, 7, 5).map((p) => p.f);
    const b = solve(zdt1, 7, 5).map((p) => p.f);
    const c = solve(zdt1, 8, 5).map((p) => p.f);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
  it('keeps whole-number variables whole and within bounds', () => {
    const s = nsga2({
      variables: [
        { lower: 1, upper: 6, integer: true },
        { lower: 0, upper: 1 },
      ],
      populationSize: 8,
      seed: 3,
    });
    for (let t = 0; t < 5; t++) {
      const xs = s.ask();
      for (const x of xs) {
        expect(Number.isInteger(x[0])).toBe(true);
        expect(x[0]).toBeGreaterThanOrEqual(1);
        expect(x[0]).toBeLessThanOrEqual(6);
      }
      s.tell(xs.map((x) => ({ x, f: [x[0], 1 - x[1]] })));
    }
  });
  it('prefers feasible designs (constrained domination)', () => {
    expect(dominates({ x: [], f: [5, 5], violation: 0 }, { x: [], f: [0, 0], violation: 1 })).toBe(true);
    expect(dominates({ x: [], f: [0, 0], violation: 2 }, { x: [], f: [9, 9], violation: 1 })).toBe(false);
  });
});

describe('non-dominated sort and crowding (laws)', () => {
  const pts = fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), {
    minLength: 1,
    maxLength: 30,
  });
  it('fronts partition the set; no member of a front dominates another of it; each later member is dominated by an earlier front', () => {
    fc.assert(
      fc.property(pts, (raw) => {
        const pop = raw.map((f) => ({ x: [], f }));
        const fronts = nondominatedSort(pop);
        expect(fronts.flat().sort((a, b) => a - b)).toEqual(pop.map((_, i) => i));
        for (const [r, front] of fronts.entries()) {
          for (const a of front) for (const b of front) expect(dominates(pop[a], pop[b])).toBe(false);
          if (r > 0)
            for (const b of front) expect(fronts[r - 1].some((a) => dominates(pop[a], pop[b]))).toBe(true);
        }
      }),
    );
  });
  it('the extremes of a front are infinitely crowded, the rest finite and >= 0', () => {
    const pop = [
      [0, 4],
      [1, 3],
      [2, 1],
      [4, 0],
    ].map((f) => ({ x: [], f }));
    const cd = crowdingDistance(pop, [0, 1, 2, 3]);
    expect(cd.get(0)).toBe(Number.POSITIVE_INFINITY);
    expect(cd.get(3)).toBe(Number.POSITIVE_INFINITY);
    // Point 1: (2-0)/4 + (4-1)/4 = 1.25; point 2: (4-1)/4 + (3-0)/4 = 1.5.
    expect(cd.get(1)).toBeCloseTo(1.25, 12);
    expect(cd.get(2)).toBeCloseTo(1.5, 12);
  });
});
