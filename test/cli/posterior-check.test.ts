// The posterior predictive check (`pilotnet calibrate --check-posterior`, cli/posterior-check.ts;
// the counting in sim/validation.ts summariseCheck) at reduced size: draws by weight, every pattern
// counted per draw, national runs included, the record written beside the posterior, and the
// wording of the ensembles read from it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_POSTERIOR, readFits } from '../../cli/ensemble.ts';
import { checkMarkdown, checkPosterior, checkSeed } from '../../cli/posterior-check.ts';
import { posteriorHash } from '../../report/ensemble.ts';
import { type PatternResult, patternClass, patternsOfClass } from '../../sim/patterns.ts';
import { FIT_SHARE, summariseCheck, VALIDATION_SEEDS } from '../../sim/validation.ts';
import { cli, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

/** A posterior of the shipped one's first three particles. */
const small = join(dir, 'small.csv');
writeFileSync(
  small,
  `${readFileSync(DEFAULT_POSTERIOR, 'utf8').trim().split('\n').slice(0, 4).join('\n')}\n`,
);

const result = (id: number, pass: boolean, invariant?: boolean): PatternResult => ({
  id,
  key: `p${id}`,
  pass,
  measured: '',
  value: 0,
  miss: 0,
  ...(invariant === undefined ? {} : { invariant }),
});
const all = (pass: (id: number) => boolean) =>
  Array.from({ length: 10 }, (_, k) => result(k + 1, pass(k + 1), k + 1 >= 9 ? true : undefined));

describe('summariseCheck (known answers)', () => {
  const targets = patternsOfClass('target');
  const [v] = patternsOfClass('validation');
  it('counts draws, not distinct calibrations, and fits at 80% of draws passing every target', () => {
    const s = summariseCheck([
      { particle: 0, draws: 7, patterns: all(() => true) },
      { particle: 1, draws: 1, patterns: all((id) => id !== v) },
      { particle: 2, draws: 2, patterns: all((id) => id !== targets[0]) },
    ]);
    expect(s.draws).toBe(10);
    expect(s.passedTargets).toBe(8);
    expect(s.passedEvidence).toBe(7);
    expect(s.share).toBe(0.8);
    expect(s.fits).toBe(true);
    expect(s.patterns.find((p) => p.id === targets[0])?.passed).toBe(8);
    expect(s.patterns.find((p) => p.id === v)?.passed).toBe(9);
    expect(s.patterns.find((p) => p.id === 9)?.invariantHeld).toBe(10);
    for (const p of s.patterns) expect(p.class).toBe(patternClass(p.id));
  });
  it('does not fit below 80%, nor with no draws', () => {
    const s = summariseCheck([
      { particle: 0, draws: 7, patterns: all(() => true) },
      { particle: 2, draws: 3, patterns: all((id) => id !== targets[0]) },
    ]);
    expect(s.share).toBeLessThan(FIT_SHARE);
    expect(s.fits).toBe(false);
    expect(summariseCheck([]).fits).toBe(false);
  });
  it('judges a draw as validation judges a batch: missed within its interval holds, missed outside fails', () => {
    const judged = (verdict: 'pass' | 'within' | 'fail') =>
      all(() => true).map((p) => (p.id === targets[0] ? { ...p, pass: verdict === 'pass', verdict } : p));
    const s = summariseCheck([
      { particle: 0, draws: 1, patterns: judged('within') },
      { particle: 1, draws: 1, patterns: judged('fail') },
      { particle: 2, draws: 1, patterns: judged('pass') },
    ]);
    expect(s.patterns.find((p) => p.id === targets[0])?.passed).toBe(2);
    expect(s.passedTargets).toBe(2);
  });
});

describe('checkPosterior at reduced size (3 draws, 4 replicates, 1 national run each)', {
  timeout: 240_000,
}, () => {
  const o = { draws: 3, replicates: 4, nationalReplicates: 1, seed: 2, resamples: 20 };
  let record: ReturnType<typeof checkPosterior>;
  it('draws by weight, runs every pattern per draw, national included, and records the posterior it checked', () => {
    record = checkPosterior(small, o);
    expect(record.draws).toBe(3);
    expect(record.members.reduce((t, m) => t + m.draws, 0)).toBe(3);
    expect(record.patterns.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const p of record.patterns) {
      expect(p.passed).toBeGreaterThanOrEqual(0);
      expect(p.passed).toBeLessThanOrEqual(3);
    }
    // Pattern 6 was measured on national runs: its figure is a share of 20 consortia.
    for (const m of record.members) {
      const six = m.patterns.find((p) => p.id === 6);
      expect(six?.measured).toMatch(/of 20 consortia/);
    }
    const byHand = record.members.reduce(
      (t, m) =>
        t +
        (patternsOfClass('target').every((id) => m.patterns.find((p) => p.id === id)?.verdict !== 'fail')
          ? m.draws
          : 0),
      0,
    );
    expect(record.passedTargets).toBe(byHand);
    expect(record.fits).toBe(record.passedTargets / 3 >= FIT_SHARE);
    expect(record.posterior.hash).toBe(posteriorHash(readFileSync(small, 'utf8')));
    for (const m of record.members)
      expect(VALIDATION_SEEDS as readonly number[]).not.toContain(checkSeed(2, m.particle));
  });
  it('is the same record from the same seed', () => {
    expect(JSON.stringify(checkPosterior(small, o))).toBe(JSON.stringify(record));
  });
  it('renders the section of docs/uncertainty.md with per-pattern counts and the verdict', () => {
    const md = checkMarkdown(record, readFileSync(small, 'utf8'));
    expect(md).toMatch(/\| 6\. attrition \| calibration target \| \d of 3/);
    expect(md).toMatch(/\| 9\. closure: every controversy closes before submission \| invariant/);
    expect(md).toMatch(record.fits ? /that fit the study"\.$/m : /not "the calibrations that fit the study"/);
    expect(checkMarkdown(record, 'another posterior')).toMatch(/made on another posterior/);
    expect(checkMarkdown(null, '')).toMatch(/No predictive check is recorded/);
  });
});

describe('pilotnet calibrate --check-posterior', () => {
  it('writes <posterior>.check.json, which the ensembles read; refuses to overwrite it; names a missing posterior', async () => {
    const args = [
      'calibrate',
      '--check-posterior',
      small,
      '--draws',
      '2',
      '--replicates',
      '3',
      '--national-replicates',
      '1',
      '--resamples',
      '10',
    ];
    const r = await cli(args, dir);
    expect(r.stderr).toMatch(/calibration 1 of/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pattern 1 delay \(target\): \d of 2 draws$/m);
    expect(r.stdout).toMatch(/draws pass every calibration target/);
    const record = JSON.parse(readFileSync(join(dir, 'small.check.json'), 'utf8'));
    expect(record.options).toEqual({
      draws: 2,
      replicates: 3,
      nationalReplicates: 1,
      seed: 1,
      resamples: 10,
    });
    for (const m of record.members)
      for (const p of m.patterns) expect(['pass', 'within', 'fail']).toContain(p.verdict);
    expect(readFits(small)).toBe(record.fits);
    const again = await cli(args, dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/small\.check\.json exists/);
    const bad = await cli(['calibrate', '--check-posterior', small, '--resamples', '-1'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--resamples: expected a whole number >= 0, got "-1"/);
    const missing = await cli(['calibrate', '--check-posterior', join(dir, 'none.csv')], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/none\.csv: no such posterior file/);
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/);
  }, 240_000);
});
