// Shared tolerance for reference values: one place decides how close "equal" floats must be.
import { expect } from 'vitest';

export const TOL = 1e-9;

export function expectClose(actual: number, expected: number, tol = TOL): void {
  expect(Number.isFinite(actual), `expected a finite number, got ${actual}`).toBe(true);
  expect(Math.abs(actual - expected), `|${actual} - ${expected}| > ${tol}`).toBeLessThanOrEqual(tol);
}
