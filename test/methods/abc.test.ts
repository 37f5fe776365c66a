// ABC-SMC (methods/abc.ts) on a toy model whose posterior is known in closed form: the mean of a
// normal with a normal prior. The ABC posterior must reproduce the analytic one.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import {
  abcSmc,
  abcSmcMcmc,
  distinctSampleSize,
  effectiveSampleSize,
  mcmcAdvance,
  mcmcResult,
  mcmcStart,
  normal,
  type Prior,
  uniformBox,
  weightedQuantile,
} from '../../methods/abc.ts';
import { resample } from '../../methods/ensemble.ts';

// Data: n = 10 draws from N(mu, 1) with sample mean 1.3; prior mu ~ N(0, 2^2).
const n = 10;
const observed = 1.3;
const tau = 2;
const postPrecision = 1 / tau ** 2 + n;
const postMean = (n * observed) / postPrecision;
const postSd = Math.sqrt(1 / postPrecision);

const normalPrior: Prior = {
  dimension: 1,
  sample: (rng) => [tau * normal(rng)],
  logDensity: ([m]) => -0.5 * (m / tau) ** 2 - Math.log(tau * Math.sqrt(2 * Math.PI)),
};

/** The model: the mean of n simulated draws, seeded by the run's identity (generation, index). */
const distances = (thetas: number[][], g: number) =>
  thetas.map(([mu], i) => {
    const rng = seedrandom(`toy:${g}:${i}`);
    let s = 0;
    for (let k = 0; k < n; k++) s += mu + normal(rng);
    return Math.abs(s / n - observed);
  });

const run = (seed: number, particles = 1000) =>
  abcSmc({ prior: normalPrior, distances, particles, generations: 10, seed });

describe('ABC-SMC (Lenormand et al. 2013) on the normal mean with a normal prior', () => {
  it('covers the analytic posterior N(1.268, 0.312^2)', async () => {
    const r = await run(7);
    const mu = r.particles.map((p) => p.theta[0]);
    const w = r.particles.map((p) => p.weight);
    const mean = mu.reduce((s, x, i) => s + w[i] * x, 0);
    const sd = Math.sqrt(mu.reduce((s, x, i) => s + w[i] * (x - mean) ** 2, 0));
    expect(mean).toBeCloseTo(postMean, 1);
    expect(Math.abs(mean - postMean)).toBeLessThan(0.04);
    expect(sd / postSd).toBeGreaterThan(0.85);
    expect(sd / postSd).toBeLessThan(1.2);
    // The ABC 95% interval matches the analytic one to within a fifth of a posterior sd.
    expect(Math.abs(weightedQuantile(mu, w, 0.025) - (postMean - 1.96 * postSd))).toBeLessThan(0.2 * postSd);
    expect(Math.abs(weightedQuantile(mu, w, 0.975) - (postMean + 1.96 * postSd))).toBeLessThan(0.2 * postSd);
    // The prior (sd 2) is far wider: the data moved it.
    expect(sd).toBeLessThan(tau / 4);
  });

  it('tolerance falls every generation; weights sum to 1; ESS is reported', async () => {
    const r = await run(7);
    const eps = r.generations.map((g) => g.epsilon);
    for (let k = 1; k < eps.length; k++) expect(eps[k]).toBeLessThanOrEqual(eps[k - 1]);
    expect(eps[eps.length - 1]).toBeLessThan(eps[0] / 10);
    expect(r.particles.reduce((s, p) => s + p.weight, 0)).toBeCloseTo(1, 12);
    const last = r.generations[r.generations.length - 1];
    expect(last.ess).toBeCloseTo(effectiveSampleSize(r.particles.map((p) => p.weight)), 9);
    expect(last.ess).toBeGreaterThan(200);
    expect(r.simulated).toBe(2000 + 1000 * (r.generations.length - 1));
  });

  it('is deterministic in its seed, and another seed gives another sample', async () => {
    const a = await run(3, 200);
    const b = await run(3, 200);
    const c = await run(4, 200);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('keeps every particle inside a bounded prior', async () => {
    const box: [number, number][] = [
      [0, 1],
      [-2, 2],
    ];
    const r = await abcSmc({
      prior: uniformBox(box),
      distances: (ts) => ts.map(([a, b]) => Math.abs(a - 0.95) + Math.abs(b - 1.9)),
      particles: 100,
      generations: 6,
      seed: 1,
    });
    for (const p of r.particles) {
      expect(p.theta[0]).toBeGreaterThanOrEqual(0);
      expect(p.theta[0]).toBeLessThanOrEqual(1);
      expect(p.theta[1]).toBeLessThanOrEqual(2);
    }
  });
});

describe('weights in many dimensions (the balance heuristic over every proposal)', () => {
  it('keeps the effective sample size near the particle count in 20 dimensions (weights carried from the drawing generation fell to 81 of 200 here)', async () => {
    const d = 20;
    const r = await abcSmc({
      prior: uniformBox(Array.from({ length: d }, () => [0, 1] as [number, number])),
      distances: (ts, g) =>
        ts.map((t, i) => {
          const rng = seedrandom(`many:${g}:${i}`);
          return Math.sqrt(t.reduce((s, x) => s + (x - 0.5 + 0.05 * normal(rng)) ** 2, 0));
        }),
      particles: 200,
      generations: 8,
      seed: 1,
    });
    expect(r.generations.length).toBeGreaterThan(2);
    for (const g of r.generations) expect(g.ess).toBeGreaterThan(150);
    expect(r.particles.reduce((s, p) => s + p.weight, 0)).toBeCloseTo(1, 12);
  });
});

describe('the stopping rules, with the generation cap only as a safety bound', () => {
  const improvement = (r: Awaited<ReturnType<typeof abcSmc>>, k: number) =>
    (r.generations[k - 1].epsilon - r.generations[k].epsilon) / r.generations[k - 1].epsilon;

  it('stops on a rule (acceptance below 5% or the tolerance improving by less than 5%), never on a rule met earlier', async () => {
    const r = await abcSmc({ prior: normalPrior, distances, particles: 300, generations: 60, seed: 11 });
    expect(r.stopped).not.toBe('cap');
    const last = r.generations.length - 1;
    if (r.stopped === 'acceptance') expect(r.generations[last].acceptance).toBeLessThan(0.05);
    else expect(improvement(r, last)).toBeLessThan(0.05);
    for (let k = 1; k < last; k++) {
      expect(r.generations[k].acceptance).toBeGreaterThanOrEqual(0.05);
      expect(improvement(r, k)).toBeGreaterThanOrEqual(0.05);
    }
  });

  it('stops on the tolerance rule when proposals still get in but the tolerance hardly moves', async () => {
    const r = await abcSmc({
      prior: uniformBox([[0, 1]]),
      distances: (ts) => ts.map(([a]) => 0.3 + 0.001 * Math.abs(a - 0.5)),
      particles: 50,
      generations: 40,
      seed: 2,
    });
    expect(r.stopped).toBe('tolerance');
    expect(r.generations[r.generations.length - 1].acceptance).toBeGreaterThanOrEqual(0.05);
    expect(r.generations.length).toBeLessThan(40);
  });

  it('reports the cap when it is reached first', async () => {
    const r = await abcSmc({ prior: normalPrior, distances, particles: 100, generations: 2, seed: 3 });
    expect(r.generations).toHaveLength(2);
    expect(r.stopped).toBe('cap');
  });
});

describe('systematic resampling', () => {
  it('draws each index floor or ceil of n times its weight', () => {
    const w = [0.5, 0.3, 0.15, 0.05];
    const idx = resample(w, 40, seedrandom('r'));
    const counts = w.map((_, i) => idx.filter((x) => x === i).length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
    counts.forEach((c, i) => {
      expect(c).toBeGreaterThanOrEqual(Math.floor(40 * w[i]));
      expect(c).toBeLessThanOrEqual(Math.ceil(40 * w[i]));
    });
  });
});

describe('ABC-SMC with MCMC moves (Drovandi & Pettitt 2011), the sampler of calibrate --method abc', () => {
  const runMcmc = (seed: number, particles = 1000) =>
    abcSmcMcmc({ prior: normalPrior, distances, particles, generations: 40, seed });

  it('covers the analytic posterior N(1.268, 0.312^2) of the normal mean', async () => {
    const r = await runMcmc(7);
    expect(r.stopped).not.toBe('cap');
    const mu = r.particles.map((p) => p.theta[0]);
    const mean = mu.reduce((s, x) => s + x, 0) / mu.length;
    const sd = Math.sqrt(mu.reduce((s, x) => s + (x - mean) ** 2, 0) / mu.length);
    expect(Math.abs(mean - postMean)).toBeLessThan(0.4 * postSd);
    expect(sd / postSd).toBeGreaterThan(0.85);
    expect(sd / postSd).toBeLessThan(1.2);
    const w = r.particles.map((p) => p.weight);
    // 0.36 sd: three standard errors of a 2.5% quantile from 1000 draws with about half of them
    // distinct (0.12 sd). Over seeds 1-10 the tail quantiles missed by at most 0.31 sd.
    expect(Math.abs(weightedQuantile(mu, w, 0.025) - (postMean - 1.96 * postSd))).toBeLessThan(0.36 * postSd);
    expect(Math.abs(weightedQuantile(mu, w, 0.975) - (postMean + 1.96 * postSd))).toBeLessThan(0.36 * postSd);
  });

  it('gives the same posterior when stopped after every call and resumed from its state as JSON', async () => {
    const settings = {
      prior: uniformBox([
        [0, 1],
        [0, 1],
        [0, 1],
      ]),
      particles: 24,
      generations: 6,
      seed: 3,
      minEss: 22,
    };
    // The model keys its noise by the vector, so the distances do not depend on batch or order.
    const model = (t: readonly number[]) => {
      const rng = seedrandom(`state:${t.join(',')}`);
      return Math.sqrt(t.reduce((s, x) => s + (x - 0.3 + 0.05 * normal(rng)) ** 2, 0));
    };
    const whole = await abcSmcMcmc({ ...settings, distances: (ts) => ts.map(model) });
    let s = mcmcStart(settings);
    let calls = 0;
    while (s.pending) {
      // Evaluated backwards, as shards finishing in any order would, then put back in place.
      const thetas = s.pending.thetas;
      const back = [...thetas].reverse().map(model).reverse();
      s = JSON.parse(JSON.stringify(mcmcAdvance(settings, JSON.parse(JSON.stringify(s)), back)));
      calls++;
    }
    expect(calls).toBe(s.batch);
    expect(whole.generations.some((g) => g.rejuvenation)).toBe(true);
    expect(JSON.stringify(mcmcResult(s))).toBe(JSON.stringify(whole));
    expect(() => mcmcAdvance(settings, s, [])).toThrow(/finished/);
    // Rejuvenation steps keep the last generation's scale: they do not shrink it to nothing.
    const rejuvenation = whole.generations.filter((g) => g.rejuvenation);
    const lastGeneration = whole.generations.filter((g) => !g.rejuvenation).at(-1);
    expect(rejuvenation.length).toBeGreaterThan(1);
    for (const r of rejuvenation) expect(r.stretch).toBe(lastGeneration?.stretch);
  });

  it('lowers the tolerance every generation, stops on a rule, and every particle lies within the last tolerance', async () => {
    const r = await runMcmc(11, 300);
    const eps = r.generations.map((g) => g.epsilon);
    for (let k = 1; k < eps.length; k++) expect(eps[k]).toBeLessThanOrEqual(eps[k - 1]);
    const last = r.generations[r.generations.length - 1];
    if (r.stopped === 'acceptance') expect(last.acceptance).toBeLessThan(0.05);
    else expect(r.stopped).toBe('tolerance');
    for (let k = 1; k < r.generations.length - 1; k++)
      expect(r.generations[k].acceptance).toBeGreaterThanOrEqual(0.05);
    for (const p of r.particles) expect(p.distance).toBeLessThanOrEqual(last.epsilon);
    expect(r.particles.reduce((s, p) => s + p.weight, 0)).toBeCloseTo(1, 12);
    // Each generation's steps follow the rule R = ceil(log 0.1 / log(1 - p)) of the one before.
    for (let k = 2; k < r.generations.length; k++) {
      const p = r.generations[k - 1].acceptance;
      expect(r.generations[k].moves).toBe(
        Math.max(1, Math.min(10, Math.ceil(Math.log(0.1) / Math.log(1 - p)))),
      );
    }
    // The walk's steps shorten when fewer than a quarter are accepted, never lengthen past the start.
    expect(r.generations[1].stretch).toBe(1);
    for (let k = 2; k < r.generations.length; k++) {
      const before = r.generations[k - 1];
      expect(r.generations[k].stretch).toBeCloseTo(
        Math.min(1, before.stretch * Math.exp(2 * (before.acceptance - 0.25))),
        12,
      );
    }
  });

  it('is deterministic in its seed, and another seed gives another sample', async () => {
    const a = await runMcmc(3, 100);
    const b = await runMcmc(3, 100);
    const c = await runMcmc(4, 100);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('reaches an effective size of 150 of 300 in 33 dimensions of a bounded prior, counting copies once, and stays inside it', async () => {
    const d = 33;
    const r = await abcSmcMcmc({
      prior: uniformBox(Array.from({ length: d }, () => [0, 1] as [number, number])),
      distances: (ts, g) =>
        ts.map((t, i) => {
          const rng = seedrandom(`many:${g}:${i}`);
          return Math.sqrt(t.reduce((s, x) => s + (x - 0.5 + 0.05 * normal(rng)) ** 2, 0));
        }),
      particles: 300,
      generations: 30,
      seed: 1,
      minEss: 150,
    });
    const last = r.generations[r.generations.length - 1];
    expect(last.ess).toBeGreaterThanOrEqual(150);
    expect(distinctSampleSize(r.particles.map((p) => p.theta)).ess).toBeCloseTo(last.ess, 9);
    // The sample moved from the prior: the distance fell.
    expect(last.epsilon).toBeLessThan(r.generations[0].epsilon);
    for (const p of r.particles) for (const x of p.theta) expect(x >= 0 && x <= 1).toBe(true);
  });

  // A noisy model where most of the prior rarely meets the data: a small box (4% of the prior)
  // meets it in 80% of simulations, the rest in 3%, so the rare passes outside the box are as many
  // as the box's. Without refresh a member keeps the distance of the one simulation that let it in:
  // lucky vectors outside the box stay, their copies cannot move, and they multiply (about half the
  // sample ends outside the box, the effective size well under the particles). With refresh every
  // member must meet the tolerance again on fresh draws each generation.
  const lucky = (refresh: boolean, seed: number) =>
    abcSmcMcmc({
      prior: uniformBox([
        [0, 1],
        [0, 1],
      ]),
      distances: (ts, b) =>
        ts.map((t) => {
          const rng = seedrandom(`lucky:${b}:${t.join(',')}`);
          const inBox = t[0] < 0.2 && t[1] < 0.2;
          if (rng() < (inBox ? 0.8 : 0.03)) return 0;
          return Math.max(0, t[0] - 0.2) + Math.max(0, t[1] - 0.2) + 0.3 * rng();
        }),
      particles: 300,
      generations: 30,
      seed,
      refresh,
      minEss: 150,
      rejuvenation: 10,
    });
  const outside = (r: Awaited<ReturnType<typeof lucky>>) =>
    r.particles.filter((p) => !(p.theta[0] < 0.2 && p.theta[1] < 0.2)).length / r.particles.length;

  it('with refresh, keeps the vectors that meet the tolerance often, not those that met it once by luck', async () => {
    for (const seed of [1, 2, 3]) {
      const frozen = await lucky(false, seed);
      const fresh = await lucky(true, seed);
      expect(frozen.stopped).toBe('tolerance');
      expect(fresh.stopped).toBe('tolerance');
      // Seeds 1-5: 41-52% outside without refresh, 2-4% with it; effective size 87-142 against 207-227.
      expect(outside(frozen)).toBeGreaterThan(0.3);
      expect(outside(fresh)).toBeLessThan(0.1);
      expect(fresh.generations.at(-1)?.ess).toBeGreaterThanOrEqual(150);
      // Every generation after the first simulated the distinct members of the population before it
      // again, and counts them among its simulations.
      const gens = fresh.generations.filter((g) => !g.rejuvenation);
      expect(gens[1].refreshed).toBeUndefined();
      for (let k = 2; k < gens.length; k++) {
        expect(gens[k].refreshed).toBe(gens[k - 1].distinct);
        expect(gens[k].simulated).toBeGreaterThanOrEqual(gens[k].refreshed ?? 0);
      }
      for (const g of frozen.generations) expect(g.refreshed).toBeUndefined();
      // The tolerance rule spans two generations with refresh: every generation before the stop fell
      // below 0.95^2 of the tolerance two generations back (or the single-step rule, at the first),
      // and the stop is on a rule.
      const eps = gens.map((g) => g.epsilon);
      for (let k = 2; k < gens.length - 1; k++) expect(eps[k]).toBeLessThan(0.95 ** 2 * eps[k - 2]);
      const k = gens.length - 1;
      expect(gens[k].acceptance < 0.05 || eps[k] <= 0 || eps[k] >= 0.95 ** 2 * eps[k - 2]).toBe(true);
    }
  });

  it('with refresh, gives the same posterior when stopped after every call and resumed from its state as JSON', async () => {
    const settings = {
      prior: uniformBox([
        [0, 1],
        [0, 1],
      ]),
      particles: 40,
      generations: 8,
      seed: 5,
      refresh: true,
      minEss: 30,
    };
    const model = (t: readonly number[], b: number) => {
      const rng = seedrandom(`refresh-state:${b}:${t.join(',')}`);
      return rng() < (t[0] < 0.3 ? 0.7 : 0.1) ? 0 : Math.max(0, t[0] - 0.3) + 0.2 * rng();
    };
    const whole = await abcSmcMcmc({ ...settings, distances: (ts, b) => ts.map((t) => model(t, b)) });
    expect(whole.generations.some((g) => g.refreshed)).toBe(true);
    let s = mcmcStart(settings);
    while (s.pending) {
      const b = s.batch;
      const back = [...s.pending.thetas]
        .reverse()
        .map((t) => model(t, b))
        .reverse();
      s = JSON.parse(JSON.stringify(mcmcAdvance(settings, JSON.parse(JSON.stringify(s)), back)));
    }
    expect(JSON.stringify(mcmcResult(s))).toBe(JSON.stringify(whole));
  });

  it('counts the effective size of repeated members once each', () => {
    expect(distinctSampleSize([[1], [2], [3], [4]]).ess).toBe(4);
    expect(distinctSampleSize([[1], [1], [2], [2]]).ess).toBe(2);
    expect(distinctSampleSize([[1], [1], [1], [2]])).toEqual({ ess: 16 / 10, distinct: 2 });
  });

  it('maps a box onto the free coordinates and back, with the logit Jacobian', () => {
    const prior = uniformBox([
      [2, 6],
      [-1, 1],
    ]);
    const free = prior.free;
    if (!free) throw new Error('uniformBox has free coordinates');
    const back = free.fromFree(free.toFree([3, 0.5]));
    expect(back[0]).toBeCloseTo(3, 12);
    expect(back[1]).toBeCloseTo(0.5, 12);
    // d theta / d phi at the middle of a range of width w is w / 4.
    expect(free.logJacobian([0, 0])).toBeCloseTo(Math.log((4 / 4) * (2 / 4)), 12);
  });
});
