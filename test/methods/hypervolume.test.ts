// Hypervolume: exact values on small sets, and agreement with a Monte Carlo estimate in 3-D.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { hypervolume, nondominated } from '../../methods/hypervolume.ts';

describe('hypervolume', () => {
  it('2-D staircase', () => {
    // (1,3), (2,2), (3,1) against (4,4): 3×1 + 2×1 + 1×1 ... = 6
    expect(
      hypervolume(
        [
          [1, 3],
          [2, 2],
          [3, 1],
        ],
        [4, 4],
      ),
    ).toBeCloseTo(6, 12);
  });
  it('ignores dominated points, duplicates and points beyond the reference', () => {
    expect(
      hypervolume(
        [
          [1, 3],
          [2, 2],
          [3, 1],
          [3, 3],
          [2, 2],
          [5, 0],
        ],
        [4, 4],
      ),
    ).toBeCloseTo(6, 12);
    expect(
      nondominated([
        [1, 1],
        [1, 1],
        [2, 2],
      ]),
    ).toEqual([[1, 1]]);
  });
  it('3-D: a single box, and a Monte Carlo check on a random set', () => {
    expect(hypervolume([[0.5, 0.5, 0.5]], [1, 1, 1])).toBeCloseTo(0.125, 12);
    const rng = seedrandom.alea('hv');
    const pts = Array.from({ length: 12 }, () => [rng(), rng(), rng()]);
    const exact = hypervolume(pts, [1, 1, 1]);
    let hit = 0;
    const N = 200_000;
    for (let i = 0; i < N; i++) {
      const z = [rng(), rng(), rng()];
      if (pts.some((p) => p.every((v, k) => v <= z[k]))) hit++;
    }
    expect(Math.abs(exact - hit / N)).toBeLessThan(0.005);
  });
});
