// Ensembles across an ABC posterior, the pure part shared by `pilotnet compare --ensemble`
// (cli/ensemble.ts) and the view's band across calibrations (viz/ensemble-band.ts): the posterior
// file read from its text, particles drawn by weight (systematic resampling), the overrides a
// particle makes to a scenario, and each outcome pooled over the drawn calibrations with its
// sentence (docs/uncertainty.md).

import { poolMembers, resample } from '../methods/ensemble.ts';
import type { RunSummary, Scenario } from '../sim/index.ts';
import { hash32 } from '../sim/rng.ts';
import { parsePath } from '../sim/scenario/validate.ts';
import { FIT_SHARE } from '../sim/validation.ts';
import { COMPARE_OUTCOMES, type ComparedOutcome, runValue } from './compare.ts';
import { amount, human } from './format.ts';
import { MIN_N_CI } from './stats.ts';

export { resample };

/** The fingerprint a posterior check records of the posterior it checked (works in the browser too). */
export const posteriorHash = (text: string): string => hash32(text).toString(16).padStart(8, '0');

/**
 * Whether calibrations drawn from a posterior may be called "the calibrations that fit the study":
 * only when the check recorded with it (`pilotnet calibrate --check-posterior`, shipped as
 * scenarios/posterior/default.check.json) was made on this very posterior (same fingerprint) and
 * found at least FIT_SHARE of its draws passing every calibration target. Never a hand edit.
 */
export function posteriorFits(check: unknown, posteriorText: string): boolean {
  if (!check || typeof check !== 'object') return false;
  const c = check as { posterior?: { hash?: unknown }; draws?: unknown; passedTargets?: unknown };
  if (c.posterior?.hash !== posteriorHash(posteriorText)) return false;
  if (typeof c.draws !== 'number' || typeof c.passedTargets !== 'number' || !(c.draws > 0)) return false;
  return c.passedTargets / c.draws >= FIT_SHARE;
}

/** How the drawn calibrations are named: they fit the study only when the check says so. */
export const calibrationsPhrase = (fits: boolean): string =>
  fits ? 'the calibrations that fit the study' : 'the calibrations drawn from the posterior';

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

/**
 * One outcome of a comparison pooled across the calibrations drawn from a posterior: `base` is the
 * outcome at the shipped calibration (its interval the stochastic one), `runsA[i]` and `runsB[i]`
 * the R paired runs of member i (replicate r of both share a seed), `w` the members' shares of the
 * draws. The pooled interval adds, in quadrature, the spread of the members' mean effects (less
 * their replicate noise) and the larger of the default's stochastic half-width and the pooled
 * mean's own.
 */
/**
 * A pooled interval cut to the values a difference can take: a difference of two shares, in
 * percentage points, lies within -100 to 100. The pooled interval adds half-widths in quadrature
 * and can reach past that when the calibrations disagree widely (a firm deadline's "submitted"
 * ran from -125 to 27 points); the cut keeps it a statement about possible values.
 */
export function withinRange(lo: number, hi: number, unit: string): [number, number] {
  if (unit !== 'percentage points') return [lo, hi];
  const cut = (x: number) => (Number.isFinite(x) ? Math.min(100, Math.max(-100, x)) : x);
  return [cut(lo), cut(hi)];
}

export function poolOutcome(
  s: ComparedOutcome,
  runsA: readonly RunSummary[][],
  runsB: readonly RunSummary[][],
  w: readonly number[],
  R: number,
  nameA: string,
  nameB: string,
  calibrations = calibrationsPhrase(false),
): EnsembleOutcome {
  const spec = COMPARE_OUTCOMES.find((x) => x.key === s.key);
  const k = spec?.scale ?? 1;
  const value = (r: RunSummary) => (spec ? runValue(spec, r) * k : Number.NaN);
  const values = w.map((_, i) => ({
    a: Array.from({ length: R }, (_, r) => value(runsA[i][r])),
    b: Array.from({ length: R }, (_, r) => value(runsB[i][r])),
  }));
  // Stochastic half-width of the comparison at the shipped default (its own replicates).
  const hs = Number.isFinite(s.lo) ? (s.hi - s.lo) / 2 : 0;
  const pooled = poolMembers(values, w, hs);
  const { n, meanA, meanB, diff, sd, parameterSd, sameSign } = pooled;
  const [lo, hi] = withinRange(pooled.lo, pooled.hi, s.unit);
  const out: EnsembleOutcome = {
    key: s.key,
    label: s.label,
    unit: s.unit,
    n,
    meanA,
    meanB,
    diff,
    sd,
    lo,
    hi,
    stochasticDiff: s.diff,
    stochasticLo: s.lo,
    stochasticHi: s.hi,
    parameterSd,
    sameSign,
    sentence: '',
  };
  out.sentence = ensembleSentence(out, spec, nameA, nameB, calibrations);
  return out;
}

export function ensembleSentence(
  x: EnsembleOutcome,
  spec: (typeof COMPARE_OUTCOMES)[number] | undefined,
  nameA: string,
  nameB: string,
  calibrations = calibrationsPhrase(false),
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
    return `in ${share} of ${calibrations}, ${nameB} ${phrase} than ${nameA} (${both})`;
  }
  return `${nameB} and ${nameA} do not differ clearly in ${x.label} once ${calibrations} are counted: ${amount(x.diff, x.unit)}, the same sign in ${share} of them (${both})`;
}
