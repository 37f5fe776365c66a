// Known answers of the model-agnostic designs and estimators in methods/: the Latin hypercube's
// strata, the Morris design apart from its estimator (a linear function's effects are its slopes),
// systematic resampling's counts, and the replicate means Sobol' reads.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { poolMembers, resample } from '../../methods/ensemble.ts';
import { latinHypercube } from '../../methods/lhs.ts';
import { morrisDesign, morrisEffects, morrisTrajectories } from '../../methods/morris.ts';
import type { Factor } from '../../methods/saltelli.ts';
import { pointMeans } from '../../methods/sobol.ts';

describe('Latin hypercube', () => {
  it('puts one point in each of n strata of every dimension, the same for the same seed', () => {
    const pts = latinHypercube(8, 3, seedrandom('lhs'));
    for (let j = 0; j < 3; j++)
      expect(pts.map((p) => Math.floor(p[j] * 8)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(latinHypercube(8, 3, seedrandom('lhs'))).toEqual(pts);
  });
});

describe('Morris design and estimator apart', () => {
  const fs: Factor[] = [
    { path: 'a', integer: false, low: 0, high: 1, base: 0.5 },
    { path: 'b', integer: false, low: 10, high: 20, base: 15 },
    { path: 'c', integer: false, low: -1, high: 1, base: 0 },
  ];
  const model = (v: Record<string, number>) => ({ y: 3 * v.a - 0.5 * v.b, z: v.a * v.c });

  it('has r (k + 1) points, each step moving exactly the factor it names', () => {
    const d = morrisTrajectories(fs, 4, 5, 7);
    expect(d).toHaveLength(5 * 4);
    d.forEach((p, i) => {
      if (p.moved < 0) {
        expect(p.step).toBe(0);
        return;
      }
      const changed = fs.filter((f) => p.values[f.path] !== d[i - 1].values[f.path]).map((f) => f.path);
      expect(changed).toEqual([fs[p.moved].path]);
    });
  });

  it("gives a linear function's slopes per full range, with no spread, and zero for an inert factor", () => {
    const d = morrisTrajectories(fs, 4, 6, 3);
    const e = morrisEffects(
      fs,
      d,
      d.map((p) => model(p.values)),
      ['y', 'z'],
      3,
      200,
    );
    const get = (path: string, o: string) => e.find((x) => x.path === path && x.output === o)!;
    expect(get('a', 'y').mu).toBeCloseTo(3, 12);
    expect(get('a', 'y').sigma).toBeCloseTo(0, 12);
    expect(get('b', 'y').mu).toBeCloseTo(-5, 12);
    expect(get('b', 'y').muStar).toBeCloseTo(5, 12);
    expect(get('c', 'y').muStar).toBe(0);
    expect(get('a', 'z').sigma).toBeGreaterThan(0); // an interaction shows as spread
  });

  it('evaluated point by point, equals the design evaluated elsewhere and analysed after', () => {
    const whole = morrisDesign(fs, 4, 6, 3, ['y', 'z'], model, 200);
    const d = morrisTrajectories(fs, 4, 6, 3);
    const ys = d.map((p) => model(p.values));
    expect(morrisEffects(fs, d, ys, ['y', 'z'], 3, 200)).toEqual(whole.effects);
  });
});

describe('systematic resampling', () => {
  it('draws members n w times: weights 0.1, 0.2, 0.7, ten draws, one uniform 0.5', () => {
    expect(resample([0.1, 0.2, 0.7], 10, () => 0.5)).toEqual([0, 1, 1, 2, 2, 2, 2, 2, 2, 2]);
    expect(resample([1, 2, 7], 10, () => 0.5)).toEqual([0, 1, 1, 2, 2, 2, 2, 2, 2, 2]);
  });
});

describe('replicate means for Sobol', () => {
  it('averages each point over its replicates (run = point x replicates + replicate)', () => {
    expect([...pointMeans(Float64Array.from([1, 2, 3, 10, 20, 30]), 3)]).toEqual([2, 20]);
  });
});

describe('pooling an effect over an ensemble', () => {
  it('two members of equal weight, effects 1 and 3 without noise: 2, a parameter sd of 1', () => {
    const p = poolMembers(
      [
        { a: [0, 0], b: [1, 1] },
        { a: [0, 0, Number.NaN], b: [3, 3, 5] },
      ],
      [0.5, 0.5],
      0.5,
    );
    expect(p).toMatchObject({ n: 4, meanA: 0, meanB: 2, diff: 2, parameterSd: 1, sameSign: 1 });
    const half = Math.sqrt((1.959963984540054 * 1) ** 2 + 0.5 ** 2);
    expect(p.lo).toBeCloseTo(2 - half, 12);
    expect(p.hi).toBeCloseTo(2 + half, 12);
    expect(p.sd).toBeCloseTo(Math.sqrt(4 / 3), 12);
  });

  it('has no effect to pool when no pair has both values', () => {
    const p = poolMembers([{ a: [Number.NaN], b: [1] }], [1], 0);
    expect(p.n).toBe(0);
    expect(p.diff).toBeNaN();
  });
});
