// Sobol' indices (issue 10 item 3): Saltelli's design and the Saltelli 2010 / Jansen estimators
// recover the analytic indices of the Ishigami function and of Sobol's G-function, with bootstrap
// intervals that cover them; Morris normalises integer factors by the step they take.
import { describe, expect, it } from 'vitest';
import { type Factor, factors, morrisDesign } from '../../cli/sensitivity.ts';
import { designPoint, designSize, saltelliDesign, sampleAt } from '../../methods/saltelli.ts';
import { sobolIndices, sobolOfFunction } from '../../methods/sobol.ts';

const PI = Math.PI;

describe("Saltelli's design", () => {
  it('has N (k + 2) points; A_B^(i) is A with column i taken from B', () => {
    const d = saltelliDesign(4, 10, 3);
    expect(designSize(d)).toBe(60);
    for (let j = 0; j < 10; j++) {
      const a = designPoint(d, j * 6);
      const b = designPoint(d, j * 6 + 1);
      for (let i = 0; i < 4; i++) {
        const ab = designPoint(d, j * 6 + 2 + i);
        for (let c = 0; c < 4; c++) expect(ab[c]).toBe(c === i ? b[c] : a[c]);
      }
    }
    expect(saltelliDesign(4, 10, 3)).toEqual(d);
    expect(saltelliDesign(4, 10, 4).a).not.toEqual(d.a);
  });

  it('samples integer factors uniformly over their whole numbers', () => {
    const f: Factor = { path: 'x', integer: true, low: 2, high: 5, base: 3 };
    const counts = [0, 0, 0, 0];
    for (let u = 0; u < 1; u += 0.001) counts[sampleAt(f, u) - 2]++;
    for (const c of counts) expect(Math.abs(c - 250)).toBeLessThanOrEqual(1);
  });
});

describe('Sobol indices against analytic values', () => {
  it('Ishigami (a = 7, b = 0.1): S1 = 0.314, 0.442, 0; ST = 0.558, 0.442, 0.244', () => {
    const a = 7;
    const b = 0.1;
    const ishigami = (u: Float64Array) => {
      const [x1, x2, x3] = [...u].map((v) => -PI + 2 * PI * v);
      return Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1);
    };
    // Analytic (Ishigami & Homma 1990; Saltelli et al. 2010 §4).
    const v1 = 0.5 * (1 + (b * PI ** 4) / 5) ** 2;
    const v2 = a ** 2 / 8;
    const v13 = (8 * b ** 2 * PI ** 8) / 225;
    const v = v1 + v2 + v13;
    const S1 = [v1 / v, v2 / v, 0];
    const ST = [(v1 + v13) / v, v2 / v, v13 / v];
    expect(S1[0]).toBeCloseTo(0.3139, 3);
    expect(ST[2]).toBeCloseTo(0.2437, 3);
    const res = sobolOfFunction(ishigami, ['x1', 'x2', 'x3'], 20_000, { seed: 11, bootstrap: 300 });
    res.forEach((r, i) => {
      expect(Math.abs(r.S1 - S1[i]), `S1 ${r.factor}`).toBeLessThan(0.03);
      expect(Math.abs(r.ST - ST[i]), `ST ${r.factor}`).toBeLessThan(0.03);
      expect(r.S1_low).toBeLessThanOrEqual(S1[i] + 0.005);
      expect(r.S1_high).toBeGreaterThanOrEqual(S1[i] - 0.005);
      expect(r.ST_low).toBeLessThanOrEqual(ST[i] + 0.005);
      expect(r.ST_high).toBeGreaterThanOrEqual(ST[i] - 0.005);
      expect(r.S1_low).toBeLessThanOrEqual(r.S1);
      expect(r.S1).toBeLessThanOrEqual(r.S1_high);
    });
  });

  it("Sobol's G-function: S_i = V_i / V, ST_i = V_i prod_(j != i) (1 + V_j) / V", () => {
    const as = [0, 1, 4.5, 9, 99, 99];
    const g = (u: Float64Array) => as.reduce((p, ai, i) => (p * (Math.abs(4 * u[i] - 2) + ai)) / (1 + ai), 1);
    const vi = as.map((ai) => 1 / (3 * (1 + ai) ** 2));
    const prod = vi.reduce((p, x) => p * (1 + x), 1);
    const v = prod - 1;
    const S1 = vi.map((x) => x / v);
    const ST = vi.map((x) => (x * prod) / (1 + x) / v);
    const names = as.map((_, i) => `x${i + 1}`);
    const res = sobolOfFunction(g, names, 20_000, { seed: 5, bootstrap: 300 });
    res.forEach((r, i) => {
      expect(Math.abs(r.S1 - S1[i]), `S1 ${r.factor}`).toBeLessThan(0.04);
      expect(Math.abs(r.ST - ST[i]), `ST ${r.factor}`).toBeLessThan(0.04);
      expect(r.ST_low).toBeLessThanOrEqual(ST[i] + 0.01);
      expect(r.ST_high).toBeGreaterThanOrEqual(ST[i] - 0.01);
    });
    // The ranking: x1 > x2 > x3 > x4 > the inert ones.
    const order = [...res].sort((p, q) => q.ST - p.ST).map((r) => r.factor);
    expect(order.slice(0, 4)).toEqual(['x1', 'x2', 'x3', 'x4']);
  });

  it('an output that does not vary has no indices (NaN), not zeros', () => {
    const y = new Float64Array(4 * 5).fill(2);
    const r = sobolIndices(y, 3, [0, 1, 2, 3]);
    expect(Number.isNaN(r.S1[0])).toBe(true);
    expect(Number.isNaN(r.ST[2])).toBe(true);
  });
});

describe('Morris on integer factors and with intervals', () => {
  it('divides by the step an integer factor actually takes', () => {
    // k in 1..5 on a 4-level grid: delta = 2/3 of the range, but rounded values step by 3 of 4.
    const fs: Factor[] = [
      { path: 'k', integer: true, low: 1, high: 5, base: 3 },
      { path: 'x', integer: false, low: 0, high: 1, base: 0.5 },
    ];
    const run = morrisDesign(fs, 4, 20, 2, ['y'], (v) => ({ y: 3 * v.k + v.x }));
    const k = run.effects.find((e) => e.path === 'k');
    expect(k?.muStar).toBeCloseTo(12, 9); // 3 per unit x 4 units of range
    expect(k?.sigma).toBeCloseTo(0, 9);
    expect(k?.muStarLow).toBeCloseTo(12, 9);
    expect(k?.muStarHigh).toBeCloseTo(12, 9);
    expect(run.effects.find((e) => e.path === 'x')?.muStar).toBeCloseTo(1, 4);
  });

  it('brackets mu* with its bootstrap interval when effects vary', () => {
    const fs: Factor[] = [
      { path: 'a', integer: false, low: 0, high: 1, base: 0.5 },
      { path: 'b', integer: false, low: 0, high: 1, base: 0.5 },
    ];
    const run = morrisDesign(fs, 4, 50, 3, ['y'], (v) => ({ y: v.a * v.b * 10 }));
    for (const e of run.effects) {
      expect(e.muStarLow).toBeLessThan(e.muStar);
      expect(e.muStarHigh).toBeGreaterThan(e.muStar);
      expect(e.effects).toBe(50);
    }
  });
});

describe('factors of the global analysis', () => {
  it("include each group's planned meetings, interval and extra-meeting interval, and the horizon", () => {
    const paths = factors().map((f) => f.path);
    for (const k of ['plannedMeetings', 'interval', 'extraInterval'])
      for (let g = 0; g < 3; g++) expect(paths).toContain(`governance.groups[${g}].${k}`);
    expect(paths).toContain('calendar.horizonWeeks');
    expect(paths.length).toBeGreaterThanOrEqual(50);
  });
});
