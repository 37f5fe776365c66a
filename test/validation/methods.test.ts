// The methods behind calibration and sensitivity: Latin-hypercube strata, Morris elementary effects
// on functions with known effects, the ranking, and the parameter walk the ODD table and the
// sensitivity factors are built from.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { FREE_PARAMETERS, latinHypercube, loadScenario, stableReplicates } from '../../cli/calibrate.ts';
import {
  evaluatePoint,
  type Factor,
  factors,
  morrisDesign,
  overallRanking,
  parameterLeaves,
} from '../../cli/sensitivity.ts';
import { DEFAULTS } from '../../sim/index.ts';
import { median } from '../../sim/patterns.ts';

describe('Latin hypercube', () => {
  it('puts exactly one point in each of the n strata of every dimension, reproducibly', () => {
    const n = 37;
    const pts = latinHypercube(n, 5, seedrandom('t'));
    for (let j = 0; j < 5; j++) {
      const strata = pts.map((p) => Math.floor(p[j] * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    expect(latinHypercube(n, 5, seedrandom('t'))).toEqual(pts);
  });

  it('searches only parameters the scenario has, within the schema bounds', () => {
    const leaves = new Map(parameterLeaves().map((l) => [l.path, l]));
    for (const p of FREE_PARAMETERS) {
      const leaf = leaves.get(p.path);
      expect(leaf, p.path).toBeDefined();
      expect(p.range[0]).toBeGreaterThanOrEqual(leaf?.minimum ?? Number.NEGATIVE_INFINITY);
      expect(p.range[1]).toBeLessThanOrEqual(leaf?.maximum ?? Number.POSITIVE_INFINITY);
    }
  });
});

describe('Morris elementary effects', () => {
  const fs: Factor[] = [
    { path: 'a', integer: false, low: 0, high: 2, base: 1 },
    { path: 'b', integer: false, low: 0, high: 1, base: 0.5 },
    { path: 'c', integer: false, low: 0, high: 1, base: 0.5 },
  ];
  const model = (v: Record<string, number>) => ({ linear: 3 * v.a + 0 * v.b, interaction: v.a * v.c });
  const run = morrisDesign(fs, 4, 12, 1, ['linear', 'interaction'], model);
  const effect = (path: string, output: string) =>
    run.effects.find((e) => e.path === path && e.output === output);

  it('uses r (k + 1) points', () => {
    expect(run.points).toHaveLength(12 * (fs.length + 1));
  });

  it('recovers a linear effect per full range with no spread, and zero for an inert factor', () => {
    expect(effect('a', 'linear')?.muStar).toBeCloseTo(6, 4);
    expect(effect('a', 'linear')?.mu).toBeCloseTo(6, 4);
    expect(effect('a', 'linear')?.sigma).toBeCloseTo(0, 4);
    expect(effect('b', 'linear')?.muStar).toBeCloseTo(0, 9);
  });

  it('shows an interaction as spread (sigma > 0) in both factors', () => {
    expect(effect('a', 'interaction')?.sigma).toBeGreaterThan(0);
    expect(effect('c', 'interaction')?.sigma).toBeGreaterThan(0);
    expect(effect('b', 'interaction')?.muStar).toBeCloseTo(0, 9);
  });

  it('ranks the factor that matters for both outputs first and the inert one last', () => {
    expect(overallRanking(run.effects).map((r) => r.path)).toEqual(['a', 'c', 'b']);
  });
});

describe('sensitivity factors and points', () => {
  it('varies numeric model parameters only, each over a non-empty range inside its bounds', () => {
    const fs = factors();
    expect(fs.length).toBeGreaterThan(30);
    for (const f of fs) {
      expect(f.high, f.path).toBeGreaterThan(f.low);
      expect(f.base).toBeGreaterThanOrEqual(f.low);
      expect(f.base).toBeLessThanOrEqual(f.high);
    }
    const paths = fs.map((f) => f.path);
    expect(paths).toContain('ties.alpha');
    expect(paths).not.toContain('seed');
    expect(paths.some((p) => p.startsWith('observation.'))).toBe(false);
  });

  it('runs every point on the same seeds (common random numbers)', () => {
    const s = loadScenario('default');
    const a = evaluatePoint(s, {}, 5, 1);
    expect(evaluatePoint(s, {}, 5, 1)).toEqual(a);
    expect(evaluatePoint(s, { 'ties.alpha': DEFAULTS.ties.alpha }, 5, 1)).toEqual(a);
    expect(evaluatePoint(s, { 'deliberation.quorum': 0.95 }, 5, 1).months).toBeGreaterThan(a.months);
  });
});

describe('replicate count', () => {
  it('picks the smallest count from which every CV stays within tolerance of its last value', () => {
    const rows = [10, 20, 50, 100].flatMap((n, k) => [
      { replicates: n, output: 'x', mean: 1, sd: 1, cv: [0.5, 0.9, 1.01, 1][k] },
      { replicates: n, output: 'y', mean: 1, sd: 1, cv: [0.2, 0.21, 0.2, 0.2][k] },
    ]);
    expect(stableReplicates(rows, 0.05)).toBe(50);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});
