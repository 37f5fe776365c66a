// Student's t quantile (report/t-quantile.ts), our own in place of a 223-package dependency:
// table values to 12 digits, exact closed forms for 1 and 2 degrees of freedom, and laws.
import { describe, expect, it } from 'vitest';
import { incompleteBeta, logGamma, tCdf, tQuantile } from '../../report/t-quantile.ts';

// Reference quantiles (R: qt(p, df), 16 significant digits).
const TABLE: [number, number, number][] = [
  [0.975, 1, 12.706204736174694],
  [0.975, 2, 4.302652729749462],
  [0.975, 5, 2.570581835636314],
  [0.975, 10, 2.2281388519862744],
  [0.975, 30, 2.0422724563012378],
  [0.975, 100, 1.9839715185235518],
  [0.995, 3, 5.840909309733356],
  [0.9, 4, 1.5332062740589445],
  [0.95, 20, 1.7247182429207872],
];

describe('tQuantile', () => {
  it.each(TABLE)('qt(%d, %d) = %d', (p, df, q) => {
    expect(Math.abs(tQuantile(p, df) - q) / q).toBeLessThan(1e-12);
  });

  it('tends to the normal quantile as df grows', () => {
    expect(tQuantile(0.975, 1e7)).toBeCloseTo(1.959963984540054, 6);
  });

  it('is odd around p = 1/2 and inverts the CDF, for whole and fractional df', () => {
    for (const df of [0.7, 1, 2, 3.5, 9, 40, 250])
      for (const p of [0.001, 0.05, 0.3, 0.5, 0.8, 0.99]) {
        const t = tQuantile(p, df);
        expect(tQuantile(1 - p, df)).toBeCloseTo(-t, 9);
        expect(tCdf(t, df)).toBeCloseTo(p, 12);
      }
  });

  it('answers NaN or infinity at the edges', () => {
    expect(tQuantile(0, 5)).toBe(Number.NEGATIVE_INFINITY);
    expect(tQuantile(1, 5)).toBe(Number.POSITIVE_INFINITY);
    for (const [p, df] of [
      [-0.1, 5],
      [1.2, 5],
      [0.5, 0],
      [Number.NaN, 3],
      [0.9, -1],
    ])
      expect(tQuantile(p, df)).toBeNaN();
  });
});

describe('its pieces', () => {
  it('logGamma matches factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 11);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
  });

  it('incompleteBeta matches closed forms', () => {
    // I_x(a, 1) = x^a and I_x(1, b) = 1 - (1 - x)^b.
    expect(incompleteBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 13);
    expect(incompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 13);
    expect(incompleteBeta(0.4, 3, 3) + incompleteBeta(0.6, 3, 3)).toBeCloseTo(1, 13);
  });
});
