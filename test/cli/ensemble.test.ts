// compare --ensemble and sweep --ensemble: the comparison across posterior particles.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FREE_PARAMETERS } from '../../cli/calibrate.ts';
import { DEFAULT_POSTERIOR, ensembleSentence, particleOverrides, readFits } from '../../cli/ensemble.ts';
import { loadScenario } from '../../exec/io.ts';
import { calibrationsPhrase, posteriorFits, posteriorHash } from '../../report/ensemble.ts';
import { cli, readCsv, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describe('pilotnet compare --ensemble', () => {
  it('default vs meetings-halved across the shipped posterior: pooled and stochastic intervals, same sign', async () => {
    const args = [
      'compare',
      'default',
      'meetings-halved',
      '--ensemble',
      'default',
      '--draws',
      '6',
      '--ensemble-replicates',
      '3',
      '--replicates',
      '6',
      '--workers',
      '2',
      '--format',
      'json',
    ];
    const r = await cli(args, dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.ensemble.draws).toBe(6);
    expect(out.ensemble.members).toBeGreaterThanOrEqual(1);
    expect(out.ensemble.posterior).toBe('scenarios/posterior/default.csv');
    const plain = JSON.parse(
      (await cli(['compare', 'default', 'meetings-halved', '--replicates', '6', '--format', 'json'], dir))
        .stdout,
    );
    for (const o of out.outcomes) {
      const p = plain.outcomes.find((x: { key: string }) => x.key === o.key);
      // The stochastic-only interval is the plain comparison at the default.
      expect(o.stochasticLo).toBe(p.lo);
      expect(o.stochasticHi).toBe(p.hi);
      // The pooled interval holds the pooled effect and is at least as wide as the stochastic one.
      expect(o.lo).toBeLessThanOrEqual(o.diff + 1e-12);
      expect(o.hi).toBeGreaterThanOrEqual(o.diff - 1e-12);
      expect(o.hi - o.lo).toBeGreaterThanOrEqual(p.hi - p.lo - 1e-9);
      expect(o.sameSign).toBeGreaterThanOrEqual(0);
      expect(o.sameSign).toBeLessThanOrEqual(1);
      expect(o.n).toBeGreaterThan(0);
      expect(o.n).toBeLessThanOrEqual(18);
      expect(typeof o.sentence).toBe('string');
    }
    // Halving the meetings saves volunteer hours, pooled and in most calibrations: at 3 replicates a
    // calibration's own difference is noisy (one of the six drawn from the posterior regenerated on
    // model v3 comes out the other way), so "every calibration" is not a claim this size can test.
    const hours = out.outcomes.find((o: { key: string }) => o.key === 'volunteerHours');
    expect(hours.diff).toBeLessThan(0);
    expect(hours.sameSign).toBeGreaterThan(0.5);
    // The shipped posterior carries no passed predictive check: its draws are not called a fit.
    expect(out.ensemble.fits).toBe(readFits(DEFAULT_POSTERIOR));
    // Without a passed check the sentence says "calibrations drawn from the posterior", never "fit".
    if (!out.ensemble.fits) {
      expect(hours.sentence).toMatch(/calibrations drawn from the posterior/);
      expect(hours.sentence).not.toMatch(/fit the study/);
    }
    // Deterministic from the seed.
    expect((await cli(args, dir)).stdout).toBe(r.stdout);
  }, 240_000);

  it('refuses a posterior file without weights, with the file and line', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'ties.alpha,distance\n0.1,0.5\n');
    const r = await cli(['compare', 'default', 'no-coach', '--ensemble', bad], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv: line 1: expected the columns weight and distance/);
  });
});

describe('ensemble sentences', () => {
  const base = {
    key: 'months',
    label: 'duration',
    unit: 'months',
    n: 40,
    meanA: 13,
    meanB: 15,
    diff: 2,
    sd: 1,
    lo: 0.5,
    hi: 3.5,
    stochasticDiff: 2.2,
    stochasticLo: 1.2,
    stochasticHi: 3.2,
    parameterSd: 0.5,
    sameSign: 0.97,
    sentence: '',
  };
  it('say the share of calibrations and both intervals; too few pairs or none are said as such', () => {
    expect(ensembleSentence(base, undefined, 'default', 'halved', calibrationsPhrase(true))).toMatch(
      /^in 97% of the calibrations that fit the study, halved .* than default \(pooled 95% interval 0\.5 to 3\.5; at the default alone 1\.2 to 3\.2\)$/,
    );
    expect(ensembleSentence(base, undefined, 'default', 'halved')).toMatch(
      /^in 97% of the calibrations drawn from the posterior, halved/,
    );
    expect(ensembleSentence({ ...base, lo: -0.5 }, undefined, 'default', 'halved')).toMatch(
      /do not differ clearly in duration .* the same sign in 97% of them/,
    );
    expect(ensembleSentence({ ...base, n: 2 }, undefined, 'a', 'b')).toMatch(/only 2 pairs .* too few/);
    expect(ensembleSentence({ ...base, diff: Number.NaN }, undefined, 'a', 'b')).toBe(
      'duration: no values to compare',
    );
  });
});

describe('the wording follows the recorded predictive check, never a hand edit', () => {
  const text = 'ties.k,weight,distance\n5,0.5,1\n6,0.5,2\n';
  const check = (passedTargets: number, hash = posteriorHash(text)) => ({
    posterior: { hash },
    draws: 30,
    passedTargets,
  });
  it('fits only when the check was made on this posterior and at least 80% of draws pass every target', () => {
    expect(posteriorFits(check(24), text)).toBe(true);
    expect(posteriorFits(check(23), text)).toBe(false);
    expect(posteriorFits(check(30, '00000000'), text)).toBe(false);
    expect(posteriorFits(check(30), `${text}7,0.1,3\n`)).toBe(false);
    expect(posteriorFits(null, text)).toBe(false);
    expect(
      posteriorFits({ posterior: { hash: posteriorHash(text) }, draws: 0, passedTargets: 0 }, text),
    ).toBe(false);
  });
  it('reads the check beside a posterior file (x.csv -> x.check.json); a broken one says no', () => {
    const file = join(dir, 'checked.csv');
    writeFileSync(file, text);
    expect(readFits(file)).toBe(false);
    writeFileSync(join(dir, 'checked.check.json'), JSON.stringify(check(27)));
    expect(readFits(file)).toBe(true);
    writeFileSync(join(dir, 'checked.check.json'), '{ not json');
    expect(readFits(file)).toBe(false);
  });
});

describe('particle overrides', () => {
  it('leave a parameter that the what-if itself changes', () => {
    const base = loadScenario('default').scenario;
    const values = Object.fromEntries(FREE_PARAMETERS.map((p) => [p.path, p.range[0]]));
    expect(Object.keys(particleOverrides(base, base, values))).toHaveLength(FREE_PARAMETERS.length);
    const changed = loadScenario('default', [{ path: 'ties.alpha', value: 0.5 }]).scenario;
    const o = particleOverrides(changed, base, values);
    expect(o['ties.alpha']).toBeUndefined();
    expect(Object.keys(o)).toHaveLength(FREE_PARAMETERS.length - 1);
  });
});

describe('pilotnet sweep --ensemble', () => {
  it('crosses every point with the drawn particles; the factor keeps its own levels', async () => {
    const out = join(dir, 'sw');
    const r = await cli(
      [
        'sweep',
        'default',
        '--vary',
        'ties.alpha=0.05,0.1',
        '--ensemble',
        'default',
        '--draws',
        '3',
        '--replicates',
        '2',
        '--workers',
        '2',
        '--out',
        out,
      ],
      dir,
    );
    expect(r.code).toBe(0);
    const { header, rows } = readCsv(join(out, 'runs.csv'));
    expect(rows).toHaveLength(3 * 2 * 2);
    expect(header).toContain('deliberation.quorum');
    expect(new Set(rows.map((x) => x['ties.alpha']))).toEqual(new Set(['0.05', '0.1']));
    expect(JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')).pointCount).toBe(6);
  }, 120_000);
});
