// Bounded-confidence updates on one controversy: the two rules of the deliberation core (MODEL.md
// §3 step c; the paper's negotiations of §3.3–3.4), as small primitives the engine's conversation kernel and the
// docking experiment (sim/docking.ts) can share.
// Rules: Deffuant, Neau, Amblard & Weisbuch (2000), "Mixing beliefs among interacting agents",
// Advances in Complex Systems 3, 87–98 (pairwise: both move towards each other by mu when closer
// than the bound d); Hegselmann & Krause (2002), "Opinion dynamics and bounded confidence: models,
// analysis and simulation", JASSS 5(3) 2 (synchronous: each moves to the mean of those within its
// bound, itself included). The engine weights HK by tie strength and widens the bound with trust
// (bound = d0 + dTrust × tie); with no ties and dTrust = 0 both reduce to the classics.
// The arithmetic matches the engine's inlined kernel operation for operation (same comparisons,
// same order), so calling these instead of the inlined code keeps results bit for bit.

/**
 * Deffuant exchange of two opinions stored at offsets `oi` and `oj` of `x`: if they differ by less
 * than `bound` (strictly), i moves by `fi` of the gap towards j and j by `fj` towards i.
 * `fi = mu (1 - stubbornness_i)` in the engine; `mu` in the classic. Returns whether they met.
 */
export function deffuantExchange(
  x: Float64Array,
  oi: number,
  oj: number,
  bound: number,
  fi: number,
  fj: number,
): boolean {
  const xi = x[oi];
  const xj = x[oj];
  const d = xj - xi;
  if (d < bound && -d < bound) {
    x[oi] = xi + fi * d;
    x[oj] = xj - fj * d;
    return true;
  }
  return false;
}

/**
 * One heard pair of a Hegselmann–Krause step: if `xi` and `xj` differ by less than `bound`, each
 * adds the other's opinion with weight `w` to its running sum (`num`, `den` indexed by agent).
 * Start each agent at num = own opinion, den = 1 (it hears itself), then move it with `hkMove`.
 */
export function hkHear(
  num: Float64Array,
  den: Float64Array,
  i: number,
  j: number,
  xi: number,
  xj: number,
  w: number,
  bound: number,
): void {
  if (Math.abs(xi - xj) < bound) {
    num[i] += w * xj;
    den[i] += w;
    num[j] += w * xi;
    den[j] += w;
  }
}

/** The move of a Hegselmann–Krause step: `x` goes `1 - stubbornness` of the way to the heard mean. */
export const hkMove = (x: number, num: number, den: number, stubbornness: number): number =>
  x + (1 - stubbornness) * (num / den - x);
