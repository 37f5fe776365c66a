// PRIM known answer: cases of interest exactly in the box x0 >= 0.6, x1 <= 0.3 of the unit cube
// (x2 irrelevant); PRIM must find that box, leave x2 free and name it in words.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { describeBox, prim } from '../../methods/prim.ts';

function synthetic(n: number, seed: string, noise = 0) {
  const rng = seedrandom.alea(seed);
  const x = Array.from({ length: n }, () => [rng(), rng(), rng()]);
  const y = x.map((r) => {
    const inside = r[0] >= 0.6 && r[1] <= 0.3;
    return rng() < noise ? !inside : inside;
  });
  return { x, y };
}

describe('prim', () => {
  it('finds the known box (2,000 points, seed "prim", density threshold 0.95)', () => {
    const { x, y } = synthetic(2000, 'prim');
    const res = prim(x, y, { threshold: 0.95 });
    const box = res.steps[res.chosen];
    expect(box.restricted).toEqual([0, 1]);
    expect(box.limits[0].lower).toBeGreaterThan(0.55);
    expect(box.limits[0].lower).toBeLessThan(0.65);
    expect(box.limits[1].upper).toBeGreaterThan(0.25);
    expect(box.limits[1].upper).toBeLessThan(0.35);
    expect(box.density).toBeGreaterThanOrEqual(0.95);
    expect(box.coverage).toBeGreaterThan(0.85);
    expect(describeBox(res, ['a', 'b', 'c'])).toMatch(/^a at least 0\.(59|6\d*) and b at most 0\.(29|3)$/);
  });
  it('with 10% label noise still restricts x0 and x1 only', () => {
    const { x, y } = synthetic(3000, 'noisy', 0.1);
    const res = prim(x, y, { threshold: 0.7 });
    expect(res.steps[res.chosen].restricted).toEqual([0, 1]);
  });
  it('laws: peeling never grows the box; coverage never rises while peeling; the start box is everything', () => {
    const { x, y } = synthetic(800, 'laws', 0.05);
    const res = prim(x, y);
    expect(res.steps[0]).toMatchObject({ coverage: 1, mass: 1 });
    const peels = res.steps.filter((s) => s.move !== 'paste');
    for (let i = 1; i < peels.length; i++) {
      expect(peels[i].count).toBeLessThan(peels[i - 1].count);
      expect(peels[i].coverage).toBeLessThanOrEqual(peels[i - 1].coverage);
      expect(peels[i].mass).toBeGreaterThanOrEqual(0.05);
    }
  });
  it('lifts restrictions that barely matter: peeling on few points restricts inputs by chance', () => {
    const { x, y } = synthetic(200, 'few');
    const kept = prim(x, y, { threshold: 0.9, dropTolerance: -1 });
    const lifted = prim(x, y, { threshold: 0.9 });
    expect(lifted.steps[lifted.chosen].restricted).toEqual([0, 1]);
    expect(kept.steps[kept.chosen].restricted.length).toBeGreaterThanOrEqual(
      lifted.steps[lifted.chosen].restricted.length,
    );
    expect(lifted.steps[lifted.chosen].density).toBeGreaterThanOrEqual(0.9);
  });
  it('refuses mismatched input', () => {
    expect(() => prim([[1, 2]], [true, false])).toThrow(/1 points but 2 outcomes/);
    expect(() => prim([[1, Number.NaN]], [true])).toThrow(/finite/);
  });
});
