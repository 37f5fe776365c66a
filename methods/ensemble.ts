// Ensembles across a weighted sample (an ABC posterior): which members to run. Systematic
// resampling (Kitagawa 1996; Douc, Cappé & Moulines 2005): one uniform places n evenly spaced
// pointers on the cumulative weights, so a member of weight w is drawn n*w times, rounded, with the
// least variance of the usual schemes. Pure; the uniform comes from the caller's seeded generator.

/** Indices of n draws by weight: systematic resampling with one uniform from `rng`. */
export function resample(weights: readonly number[], n: number, rng: () => number): number[] {
  const s = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  const u0 = rng() / n;
  let c = weights[0] / s;
  let i = 0;
  for (let k = 0; k < n; k++) {
    const u = u0 + k / n;
    while (u > c && i < weights.length - 1) c += weights[++i] / s;
    out.push(i);
  }
  return out;
}
