// Latin hypercube sampling (McKay, Beckman & Conover 1979): n points in the unit cube [0,1]^d with
// exactly one point in each of the n equal strata of every dimension. Pure; the random numbers come
// from the caller's seeded generator.

/** Latin-hypercube sample of `n` points in [0,1]^d: one point per stratum of every dimension. */
export function latinHypercube(n: number, d: number, rng: () => number): number[][] {
  const pts = Array.from({ length: n }, () => new Array<number>(d));
  for (let j = 0; j < d; j++) {
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const k = Math.floor(rng() * (i + 1));
      [perm[i], perm[k]] = [perm[k], perm[i]];
    }
    for (let i = 0; i < n; i++) pts[i][j] = (perm[i] + rng()) / n;
  }
  return pts;
}
