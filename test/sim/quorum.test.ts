// The agreement quorum under deadline pressure (sim/deliberation.ts relaxedQuorum; docs/ODD.md
// S12): relief lowers the scenario's own quorum, never below a simple majority, and a quorum the
// scenario set below a majority is left where it is.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAJORITY, relaxedQuorum } from '../../sim/deliberation.ts';

describe('relaxed agreement quorum', () => {
  it('takes the own quorum times the relief while that stays above a majority', () => {
    expect(relaxedQuorum(0.8623, 0.8)).toBeCloseTo(0.68984, 12);
    expect(relaxedQuorum(0.9, 1)).toBe(0.9);
  });

  it('stops at a simple majority', () => {
    expect(relaxedQuorum(0.8623, 0.5)).toBe(MAJORITY);
    expect(relaxedQuorum(0.6, 0.7)).toBe(MAJORITY);
    expect(relaxedQuorum(0.75, 0)).toBe(MAJORITY);
  });

  it('leaves a quorum set below a majority where it is', () => {
    expect(relaxedQuorum(0.4, 0.5)).toBe(0.4);
  });

  it('lies between the floor and the own quorum and never rises as relief falls', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (own, r1, r2) => {
          const [lo, hi] = r1 <= r2 ? [r1, r2] : [r2, r1];
          const q = relaxedQuorum(own, lo);
          expect(q).toBeLessThanOrEqual(own);
          expect(q).toBeGreaterThanOrEqual(Math.min(own, MAJORITY));
          expect(q).toBeLessThanOrEqual(relaxedQuorum(own, hi));
        },
      ),
      { seed: 20261206, numRuns: 500 },
    );
  });
});
