// Where B lies against A, in a partner's words (pure: the band across calibrations uses it, and
// test/viz/range-words.test.ts reads it line by line). A range that includes no difference never
// says "no clear difference" next to a figure saying most settings agree: it says what both mean.
import { unitFor } from '../report/format.ts';

/** The words of one outcome: which way B differs from A, as an amount and as a sentence. */
export interface Direction {
  /** After an amount: "longer", "more often". */
  more: string;
  less: string;
  /** A sentence with B as subject: "B takes longer", "B calls fewer". */
  up: string;
  down: string;
  /** A range across no difference, said simply: "B takes about as long", "about as often either way". */
  same?: string;
}

/**
 * Decimals per quantity, one rule for every figure of the band (the plain lines and the analyst's
 * table): months to a tenth ("6.0", beside "4.3"), percentage points whole ("18", beside "2"),
 * counts of meetings or partners to a tenth (they are averages), indices to a hundredth.
 */
const DECIMALS: Record<string, number> = {
  months: 1,
  'percentage points': 0,
  meetings: 1,
  partners: 1,
  '': 2,
};

/** A figure rounded by its quantity's rule ("6.0" and "0.0" months, "18" points), never "-0.0". */
export const said = (x: number, unit = ''): string => {
  const d = DECIMALS[unit] ?? 1;
  const r = Math.round(x * 10 ** d) / 10 ** d;
  return (r === 0 ? 0 : r).toFixed(d);
};
/** A figure that reads as no difference once rounded by its quantity's rule. */
export const saidZero = (x: number, unit = ''): boolean => Number(said(x, unit)) === 0;
/** A figure with its unit: "6.0 months", "1 percentage point". */
export const saidAmount = (x: number, unit: string): string => {
  const n = said(x, unit);
  const u = unitFor(unit, n);
  return u ? `${n} ${u}` : n;
};

/**
 * Where B lies against A, in words: "no difference", "B: 1 to 3 meetings more", "B: 2 months
 * shorter" or, when the range crosses zero, "no clear difference" and what that means, simply
 * (`same`: "about as often either way"), not as a range from one side to the other ("between 10
 * percentage points less often and 10 percentage points more often" read as a riddle to a room).
 * A range whose ends both read 0 is "no difference", never "0 points to 0 points".
 */
export function plainRange(
  lo: number,
  hi: number,
  unit: string,
  more: string,
  less: string,
  same = `B could come out ${less} or ${more} than A`,
): string {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return 'too few runs to say';
  const [a, b] = [said(lo, unit), said(hi, unit)];
  if (Number(a) === 0 && Number(b) === 0) return 'no difference between A and B';
  const span = (x: number, y: number) =>
    said(x, unit) === said(y, unit) ? saidAmount(y, unit) : `${said(x, unit)} to ${saidAmount(y, unit)}`;
  if (lo >= 0 || Number(a) === 0) return `B: ${span(Math.max(0, lo), hi)} ${more} than A`;
  if (hi <= 0 || Number(b) === 0) return `B: ${span(Math.max(0, -hi), -lo)} ${less} than A`;
  return `no clear difference: ${same}`;
}

/** "B takes longer" → "B probably takes longer"; "B is quicker" → "B is probably quicker". */
export const probably = (says: string): string =>
  /^B is /.test(says)
    ? says.replace(/^B is /, 'B is probably ')
    : /^B /.test(says)
      ? says.replace(/^B /, 'B probably ')
      : `probably ${says}`;

/** From this share of the settings agreeing on which way B differs, B "probably" does so. */
export const MOST = 0.8;

/**
 * The comparison across the other settings of the model: the pooled range [lo, hi], the pooled
 * difference `diff` and the share `agree` of the settings whose own difference has its sign.
 * - The range lies on one side of no difference: that side, with the share that agrees.
 * - It includes no difference but most settings (MOST or more) agree on a side: "B probably takes
 *   longer: 95% of the settings say so, but some runs go the other way".
 * - It includes no difference and the settings are divided: "no clear difference: B takes about as
 *   long; the settings are divided, 60% say B takes longer".
 */
export function plainAcross(
  lo: number,
  hi: number,
  diff: number,
  agree: number,
  unit: string,
  w: Direction,
): string {
  const range = plainRange(lo, hi, unit, w.more, w.less, w.same);
  const known = Number.isFinite(agree) && Number.isFinite(diff) && !saidZero(diff, unit);
  if (!known || range === 'no difference between A and B' || range === 'too few runs to say') return range;
  const share = `${Math.round(100 * agree)}%`;
  const says = diff > 0 ? w.up : w.down;
  if (!range.startsWith('no clear difference')) return `${range} (${share} of the settings say ${says})`;
  if (agree >= MOST)
    return `${probably(says)}: ${share} of the settings say so, but some runs go the other way`;
  return `${range}; the settings are divided, ${share} say ${says}`;
}

/** A figure for reading: rounded by its quantity's rule, a negative one with the minus sign (U+2212). */
export const shownAmount = (x: number, unit: string): string => saidAmount(x, unit).replace(/^-/, '\u2212');

/**
 * What the other settings are, in the band's every word (its plain lede, the button's tooltip, the
 * analysts' heading and sentence): settings that fit the study only when the posterior's recorded
 * check says so (report/ensemble.ts posteriorFits, calibrationsPhrase); otherwise settings drawn
 * from it, close to the study but not yet shown to fit it. One switch: the plain text once said
 * "not yet" under a heading that said "fit".
 */
export function settingsWords(
  fits: boolean,
  shipped: number,
): { lede: string; tooltip: string; heading: string } {
  return fits
    ? {
        lede: `Fitting the model to the study left ${shipped} possible settings that fit it`,
        tooltip:
          'Run A and B again under other settings of the model that also fit the study: does the answer hang on one guess?',
        heading: 'Across the calibrations that fit the study',
      }
    : {
        lede: `Comparing the model with the study left ${shipped} possible settings, close to it but not yet to every figure of it`,
        tooltip:
          'Run A and B again under other settings of the model that also come close to the study (not yet to every figure of it): does the answer hang on one guess?',
        heading: 'Across calibrations drawn from the posterior',
      };
}

/**
 * The analysts' sentence of one outcome across the calibrations, in the plain lines' words and
 * rounding ("B: 0.8 months longer than A", never "0.778"): where B lies on average, the share of
 * the calibrations (`calibrations`, report/ensemble.ts calibrationsPhrase) that agree on its side,
 * and the two intervals.
 */
export function analystSentence(
  x: {
    diff: number;
    lo: number;
    hi: number;
    stochasticLo: number;
    stochasticHi: number;
    sameSign: number;
    unit: string;
  },
  draws: number,
  calibrations: string,
  w: Direction,
): string {
  if (!Number.isFinite(x.diff) || !Number.isFinite(x.lo))
    return `Across ${calibrations}: too few runs to say.`;
  const range = (lo: number, hi: number) =>
    said(lo, x.unit) === said(hi, x.unit)
      ? shownAmount(lo, x.unit)
      : `${shownAmount(lo, x.unit).replace(/ [^\d]+$/, '')} to ${shownAmount(hi, x.unit)}`;
  const intervals = `pooled 95% interval ${range(x.lo, x.hi)}; at the shipped calibration alone ${range(x.stochasticLo, x.stochasticHi)}`;
  const where = saidZero(x.diff, x.unit)
    ? 'B and A do not differ on average'
    : `B: ${shownAmount(Math.abs(x.diff), x.unit)} ${x.diff > 0 ? w.more : w.less} than A on average`;
  const agree = saidZero(x.diff, x.unit)
    ? ''
    : `; ${Math.round(100 * x.sameSign)}% of them say ${x.diff > 0 ? w.up : w.down}`;
  return `Across ${draws} of ${calibrations}: ${where} (${intervals})${agree}.`;
}
