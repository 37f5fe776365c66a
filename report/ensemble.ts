// Ensembles across an ABC posterior, the pure part shared by `pilotnet compare --ensemble`
// (cli/ensemble.ts) and the view's band across calibrations (viz/ensemble-band.ts): the posterior
// file read from its text, particles drawn by weight (systematic resampling), the overrides a
// particle makes to a scenario, and each outcome pooled over the drawn calibrations with its
// sentence (docs/uncertainty.md).
import type { RunSummary, Scenario } from '../sim/index.ts';
import { parsePath } from '../sim/scenario/validate.ts';
import { COMPARE_OUTCOMES, type ComparedOutcome, runValue } from './compare.ts';
import { amount, human } from './format.ts';
import { MIN_N_CI } from './stats.ts';

/** Indices of n draws by weight: systematic resampling with one uniform from `rng`. */
export function resample(weights: readonly number[], n: number, rng: () => number): number[] {
  // Scaled by the largest weight first: weights near 1e308 would sum to Infinity, and every draw
  // would then fall on the last particle.
  let max = 0;
  for (const w of weights) if (w > max) max = w;
  const scaled = weights.map((w) => w / max);
  const s = scaled.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  const u0 = rng() / n;
  let c = scaled[0] / s;
  let i = 0;
  for (let k = 0; k < n; k++) {
    const u = u0 + k / n;
    while (u > c && i < scaled.length - 1) c += scaled[++i] / s;
    out.push(i);
  }
  return out;
}

export interface PosteriorParticle {
  theta: number[];
  weight: number;
  distance: number;
}

/**
 * A posterior file's text (posterior.csv: a column per free parameter, then weight and distance):
 * its parameter paths and particles, or the first problem as `line N: message`.
 */
export function parsePosterior(
  text: string,
): { ok: true; paths: string[]; particles: PosteriorParticle[] } | { ok: false; message: string } {
  // Windows line ends and a byte-order mark are read as what they are, not as part of a cell.
  const lines = text
    .replace(/^\ufeff/, '')
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter(Boolean);
  const head = lines[0]?.split(',') ?? [];
  const wi = head.indexOf('weight');
  const di = head.indexOf('distance');
  if (wi < 0 || di < 0) return { ok: false, message: 'line 1: expected the columns weight and distance' };
  const twice = head.find((h, i) => head.indexOf(h) !== i);
  if (twice !== undefined)
    return { ok: false, message: `line 1: the column ${twice.slice(0, 60)} is there twice` };
  if (lines.length > 100_001) return { ok: false, message: 'more than 100,000 particles' };
  const paths = head.filter((_, i) => i !== wi && i !== di);
  const particles: PosteriorParticle[] = [];
  for (let k = 1; k < lines.length; k++) {
    const cells = lines[k].split(',');
    if (cells.length !== head.length)
      return {
        ok: false,
        message: `line ${k + 1}: expected ${head.length} numbers, got ${cells.length} cells`,
      };
    // Decimal numbers only: Number() reads "" as 0 and "0x10" as 16, silently.
    const bad = cells.findIndex((c) => !DECIMAL.test(c));
    if (bad >= 0)
      return {
        ok: false,
        message: `line ${k + 1}: ${head[bad].slice(0, 60)}: expected a decimal number, got ${cells[bad] === '' ? 'an empty cell' : JSON.stringify(cells[bad].slice(0, 20))}`,
      };
    const f = cells.map(Number);
    const inf = f.findIndex((x) => !Number.isFinite(x));
    if (inf >= 0)
      return { ok: false, message: `line ${k + 1}: ${head[inf].slice(0, 60)}: the number is too large` };
    if (f[wi] < 0) return { ok: false, message: `line ${k + 1}: weight: expected a number >= 0` };
    particles.push({ theta: f.filter((_, i) => i !== wi && i !== di), weight: f[wi], distance: f[di] });
  }
  if (!particles.length || !particles.some((p) => p.weight > 0))
    return { ok: false, message: 'no particle with a positive weight' };
  return { ok: true, paths, particles };
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `draws` particles drawn by weight, merged when repeated: each with its values and share. */
export function drawMembers(
  paths: readonly string[],
  particles: readonly PosteriorParticle[],
  draws: number,
  rng: () => number,
): { particle: number; values: Record<string, number>; weight: number }[] {
  const idx = resample(
    particles.map((p) => p.weight),
    draws,
    rng,
  );
  const counts = new Map<number, number>();
  for (const i of idx) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([particle, c]) => ({
      particle,
      values: Object.fromEntries(paths.map((p, j) => [p, particles[particle].theta[j]])),
      weight: c / draws,
    }));
}

function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of parsePath(path) ?? []) cur = (cur as Record<PropertyKey, unknown> | undefined)?.[k];
  return cur;
}

/**
 * The overrides a particle makes to a scenario: its values, except where the scenario itself
 * changed the parameter from the default (a what-if about that parameter keeps its own value).
 */
export function particleOverrides(
  scenario: Scenario,
  reference: Scenario,
  values: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [path, v] of Object.entries(values))
    if (getPath(scenario, path) === getPath(reference, path)) out[path] = v;
  return out;
}

export interface EnsembleOutcome {
  key: string;
  label: string;
  unit: string;
  /** Pairs over all members and replicates. */
  n: number;
  meanA: number;
  meanB: number;
  /** The pooled effect: the weighted mean over members of each member's mean paired difference. */
  diff: number;
  sd: number;
  /**
   * Pooled 95% interval: parameter and stochastic half-widths added in quadrature (the stochastic one
   * is the default's, or the pooled mean's own when that is wider).
   */
  lo: number;
  hi: number;
  /** The stochastic-only interval: the comparison at the shipped default with its own replicates. */
  stochasticDiff: number;
  stochasticLo: number;
  stochasticHi: number;
  /** Standard deviation of the members' mean effects, less their replicate noise. */
  parameterSd: number;
  /** Weighted share of members whose mean effect has the pooled effect's sign. */
  sameSign: number;
  sentence: string;
}

const Z = 1.959963984540054;

/**
 * One outcome of a comparison pooled across the calibrations drawn from a posterior: `base` is the
 * outcome at the shipped calibration (its interval the stochastic one), `runsA[i]` and `runsB[i]`
 * the R paired runs of member i (replicate r of both share a seed), `w` the members' shares of the
 * draws. The pooled interval adds, in quadrature, the spread of the members' mean effects (less
 * their replicate noise) and the larger of the default's stochastic half-width and the pooled
 * mean's own.
 */
export function poolOutcome(
  s: ComparedOutcome,
  runsA: readonly RunSummary[][],
  runsB: readonly RunSummary[][],
  w: readonly number[],
  R: number,
  nameA: string,
  nameB: string,
): EnsembleOutcome {
  const spec = COMPARE_OUTCOMES.find((x) => x.key === s.key);
  const k = spec?.scale ?? 1;
  const value = (r: RunSummary) => (spec ? runValue(spec, r) * k : Number.NaN);
  let n = 0;
  let meanA = 0;
  let meanB = 0;
  let sumD2 = 0;
  const m: number[] = [];
  const se2: number[] = [];
  w.forEach((_, i) => {
    const ds: number[] = [];
    let ai = 0;
    let bi = 0;
    for (let r = 0; r < R; r++) {
      const x = value(runsA[i][r]);
      const y = value(runsB[i][r]);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      ds.push(y - x);
      ai += x;
      bi += y;
    }
    const c = ds.length;
    n += c;
    meanA += c ? (w[i] * ai) / c : 0;
    meanB += c ? (w[i] * bi) / c : 0;
    const mean = c ? ds.reduce((s2, d) => s2 + d, 0) / c : Number.NaN;
    const v = c > 1 ? ds.reduce((s2, d) => s2 + (d - mean) ** 2, 0) / (c - 1) : 0;
    sumD2 += ds.reduce((s2, d) => s2 + d * d, 0);
    m.push(mean);
    se2.push(c ? v / c : 0);
  });
  const ok = m.map(Number.isFinite);
  const wsum = w.reduce((t, x, i) => t + (ok[i] ? x : 0), 0);
  // No member with a value (e.g. durations where no run submitted): no effect to pool.
  const raw = wsum > 0 ? m.reduce((t, x, i) => t + (ok[i] ? (w[i] * x) / wsum : 0), 0) : Number.NaN;
  // Sums of equal effects can leave a rounding residue (1e-16) where the effect is exactly 0.
  const diff = Math.abs(raw) < 1e-12 ? 0 : raw;
  const between = m.reduce((t, x, i) => t + (ok[i] ? (w[i] * (x - diff) ** 2) / wsum : 0), 0);
  const noise = se2.reduce((t, x, i) => t + (ok[i] ? (w[i] * x) / wsum : 0), 0);
  const parameterSd = Math.sqrt(Math.max(0, between - noise));
  // Stochastic half-width: the default's own, or that of the pooled mean if wider (few replicates).
  const hs = Number.isFinite(s.lo) ? (s.hi - s.lo) / 2 : 0;
  const hPooled = Z * Math.sqrt(se2.reduce((t, x, i) => t + (ok[i] ? (w[i] / wsum) ** 2 * x : 0), 0));
  const half = Math.sqrt((Z * parameterSd) ** 2 + Math.max(hs, hPooled) ** 2);
  const sign = Math.sign(diff);
  const agree = w.reduce((t, x, i) => t + (ok[i] && Math.sign(m[i]) === sign ? x : 0), 0);
  const sameSign = Number.isNaN(sign) ? Number.NaN : sign === 0 ? 0 : Math.min(1, agree / wsum);
  const sd = n > 1 ? Math.sqrt(Math.max(0, (sumD2 - n * diff * diff) / (n - 1))) : Number.NaN;
  const out: EnsembleOutcome = {
    key: s.key,
    label: s.label,
    unit: s.unit,
    n,
    meanA,
    meanB,
    diff,
    sd,
    lo: diff - half,
    hi: diff + half,
    stochasticDiff: s.diff,
    stochasticLo: s.lo,
    stochasticHi: s.hi,
    parameterSd,
    sameSign,
    sentence: '',
  };
  out.sentence = ensembleSentence(out, spec, nameA, nameB);
  return out;
}

export function ensembleSentence(
  x: EnsembleOutcome,
  spec: (typeof COMPARE_OUTCOMES)[number] | undefined,
  nameA: string,
  nameB: string,
): string {
  if (!Number.isFinite(x.diff)) return `${x.label}: no values to compare`;
  if (x.n < MIN_N_CI)
    return `${x.label}: only ${x.n} pair${x.n === 1 ? '' : 's'} with values across the calibrations, too few to compare`;
  const both = `pooled 95% interval ${human(x.lo)} to ${human(x.hi)}; at the default alone ${human(x.stochasticLo)} to ${human(x.stochasticHi)}`;
  const share = `${Math.round(100 * x.sameSign)}%`;
  if (x.diff === 0 && x.hi === x.lo)
    return `${nameB} and ${nameA} do not differ in ${x.label} in any calibration`;
  if (x.lo > 0 || x.hi < 0) {
    const size = Math.abs(x.diff);
    const words = spec ? (x.diff > 0 ? spec.up : spec.down) : `changes ${x.label} by {d}`;
    const d = spec?.unit && !/\(s\)|consorti\(a\)/.test(words) ? amount(size, spec.unit) : human(size);
    const phrase = words
      .replace(/\(s\)/g, human(size) === '1' ? '' : 's')
      .replace(/consorti\(a\)/g, human(size) === '1' ? 'consortium' : 'consortia')
      .replace('{d}', d);
    return `in ${share} of the calibrations that fit the study, ${nameB} ${phrase} than ${nameA} (${both})`;
  }
  return `${nameB} and ${nameA} do not differ clearly in ${x.label} once the calibrations that fit the study are counted: ${amount(x.diff, x.unit)}, the same sign in ${share} of them (${both})`;
}
