// The words of the band across calibrations (viz/range-words.ts): a range that includes no
// difference is never called "no clear difference" beside a figure that says most settings agree,
// and is said simply ("about as often either way"), never as a range from one side to the other.
import { describe, expect, it } from 'vitest';
import { calibrationsPhrase } from '../../report/ensemble.ts';
import {
  analystSentence,
  MOST,
  plainAcross,
  plainRange,
  probably,
  said,
  settingsWords,
} from '../../viz/range-words.ts';

const months = {
  more: 'longer',
  less: 'shorter',
  up: 'B takes longer',
  down: 'B is quicker',
  same: 'B takes about as long as A',
};
const submit = {
  more: 'more',
  less: 'fewer',
  up: 'more of B’s consortia submit',
  down: 'fewer of B’s consortia submit',
  same: 'about as many submit either way',
};

describe('the band across calibrations in words', () => {
  it('most settings agree, the range includes no difference: "probably", and the range', () => {
    const s = plainAcross(-0.5, 5.5, 2.1, 0.95, 'months', months);
    expect(s).toBe('B probably takes longer: 95% of the settings say so, but some runs go the other way');
    expect(s).not.toMatch(/no clear difference/);
    expect(plainAcross(-3, 0.4, -1.2, 0.85, 'months', months)).toBe(
      'B is probably quicker: 85% of the settings say so, but some runs go the other way',
    );
    expect(plainAcross(-20, 3, -8, 0.9, 'percentage points', submit)).toMatch(
      /^probably fewer of B’s consortia submit: 90% of the settings say so/,
    );
  });

  it('the settings divided and the range across no difference: no clear difference, said once', () => {
    const s = plainAcross(-26, 20, -2, 0.35, 'percentage points', submit);
    expect(s).toBe(
      'no clear difference: about as many submit either way; the settings are divided, 35% say fewer of B’s consortia submit',
    );
    expect(s).not.toMatch(/between/);
    // Just under the threshold is still divided; at it, "probably".
    expect(plainAcross(-1, 2, 0.5, MOST - 0.01, 'months', months)).toMatch(/^no clear difference/);
    expect(plainAcross(-1, 2, 0.5, MOST, 'months', months)).toMatch(/^B probably takes longer/);
  });

  it('a range on one side of no difference says that side, with the share that agrees', () => {
    expect(plainAcross(3.8, 8.7, 6, 1, 'meetings', { ...months, more: 'more', up: 'B calls more' })).toBe(
      'B: 3.8 to 8.7 meetings more than A (100% of the settings say B calls more)',
    );
    expect(plainAcross(-4, -1, -2.5, 0.7, 'months', months)).toBe(
      'B: 1.0 to 4.0 months shorter than A (70% of the settings say B is quicker)',
    );
  });

  it('no difference, an unknown share or a zero difference add no share', () => {
    expect(plainAcross(0, 0, 0, 1, 'months', months)).toBe('no difference between A and B');
    expect(plainAcross(0.01, 0.02, 0.01, 1, 'months', months)).toBe('no difference between A and B');
    expect(plainAcross(Number.NaN, 1, 0.5, 0.9, 'months', months)).toBe('too few runs to say');
    expect(plainAcross(-1, 2, 0.5, Number.NaN, 'months', months)).toBe(
      'no clear difference: B takes about as long as A',
    );
    expect(plainAcross(-1, 2, 0.01, 0.9, 'months', months)).toBe(
      'no clear difference: B takes about as long as A',
    );
  });

  it('one rule of digits per quantity: months to a tenth, percentage points whole', () => {
    // "4.3 to 6.6" sat beside "3.8 to 6", "18 percentage points" beside "2.2".
    expect(plainRange(3.8, 6.02, 'months', 'longer', 'shorter')).toBe('B: 3.8 to 6.0 months longer than A');
    expect(plainRange(12.3, 18.4, 'months', 'longer', 'shorter')).toBe(
      'B: 12.3 to 18.4 months longer than A',
    );
    expect(plainRange(2.2, 18.4, 'percentage points', 'more', 'fewer')).toBe(
      'B: 2 to 18 percentage points more than A',
    );
    expect(said(0.794, 'months')).toBe('0.8');
    expect(said(0.12, 'months')).toBe('0.1');
    expect(said(0.04, 'months')).toBe('0.0');
    expect(said(-0.04, 'months')).toBe('0.0');
    expect(plainRange(0.02, 2.8, 'months', 'longer', 'shorter')).toBe('B: 0.0 to 2.8 months longer than A');
  });

  it('a range across no difference is said simply, never "between … less often and … more often"', () => {
    expect(
      plainRange(-10, 10, 'percentage points', 'more often', 'less often', 'about as often either way'),
    ).toBe('no clear difference: about as often either way');
    expect(plainRange(-0.3, 1.2, 'months', 'longer', 'shorter')).toBe(
      'no clear difference: B could come out shorter or longer than A',
    );
    expect(plainRange(2.5, 6.7, 'meetings', 'more', 'fewer')).toBe('B: 2.5 to 6.7 meetings more than A');
    expect(probably('B takes longer')).toBe('B probably takes longer');
  });
});

describe('what the band says of the other settings, in every one of its words', () => {
  it('calls them a fit in the lede, the tooltip and the analysts’ heading together, or in none', () => {
    const fit = settingsWords(true, 400);
    expect(fit.lede).toBe('Fitting the model to the study left 400 possible settings that fit it');
    expect(fit.tooltip).toMatch(/that also fit the study/);
    expect(fit.heading).toBe('Across the calibrations that fit the study');
    const near = settingsWords(false, 400);
    expect(near.lede).toMatch(/400 possible settings, close to it but not yet to every figure of it$/);
    expect(near.tooltip).toMatch(/not yet to every figure of it/);
    expect(near.heading).toBe('Across calibrations drawn from the posterior');
    for (const w of Object.values(near)) expect(w).not.toMatch(/\bfit the study|that fit\b/);
    for (const w of [fit.lede, near.lede]) expect(w).not.toMatch(/calibrat|posterior/i);
  });

  it('the analysts’ sentence follows the phrase and rounds as the plain lines do, a negative figure with its minus sign', () => {
    const x = {
      diff: 0.778,
      lo: 0.187,
      hi: 1.369,
      stochasticLo: 0.114,
      stochasticHi: 0.79,
      sameSign: 0.95,
      unit: 'months',
    };
    expect(analystSentence(x, 20, calibrationsPhrase(true), months)).toBe(
      'Across 20 of the calibrations that fit the study: B: 0.8 months longer than A on average (pooled 95% interval 0.2 to 1.4 months; at the shipped calibration alone 0.1 to 0.8 months); 95% of them say B takes longer.',
    );
    const drawn = analystSentence(
      { ...x, diff: -0.64, lo: -1.11, hi: -0.171, stochasticLo: -0.589, stochasticHi: 0.02, sameSign: 0.93 },
      20,
      calibrationsPhrase(false),
      months,
    );
    expect(drawn).toBe(
      'Across 20 of the calibrations drawn from the posterior: B: 0.6 months shorter than A on average (pooled 95% interval \u22121.1 to \u22120.2 months; at the shipped calibration alone \u22120.6 to 0.0 months); 93% of them say B is quicker.',
    );
    expect(drawn).not.toMatch(/\d\.\d\d|-\d|fit the study/);
  });
});
