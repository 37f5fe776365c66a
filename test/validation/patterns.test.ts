// Validation out of sample: the ten patterns of MODEL.md §8 (pattern-oriented modelling, Grimm et
// al. 2005), each over a batch of 200 replicates from every base seed in PILOTNET_VALIDATION_SEEDS
// (comma-separated; default sim/validation.ts VALIDATION_SEEDS, seeds the calibration never used:
// it draws from its own stream, cli/calibrate.ts calibrationSeed). Runs under the deliberation rule
// in PILOTNET_RULE (default `deffuant`). docs/validation.md has the intervals (`npm run validation`).
import { describe, expect, it } from 'vitest';
import { calibrationSeed } from '../../cli/calibrate.ts';
import { scenariosFor } from '../../cli/validation.ts';
import { LEDGER, patternClass } from '../../sim/patterns.ts';
import { holds, parseSeeds, VALIDATION_SEEDS, validationBatch } from '../../sim/validation.ts';
import { KNOWN_FAILING } from './known.ts';

const RULE = process.env.PILOTNET_RULE ?? 'deffuant';
const SEEDS = parseSeeds(process.env.PILOTNET_VALIDATION_SEEDS);
const REPLICATES = 200;
// The bootstrap judges each band with the batch's own interval (sim/validation.ts verdictOf).
const options = { replicates: REPLICATES, nationalReplicates: 50, resamples: 200 };

describe('validation seeds', () => {
  it('the default seeds are at least five, and none is a seed the calibration draws from', () => {
    expect(VALIDATION_SEEDS.length).toBeGreaterThanOrEqual(5);
    const calibration = new Set(Array.from({ length: 100 }, (_, s) => calibrationSeed(s)));
    for (const s of VALIDATION_SEEDS) expect(calibration.has(s)).toBe(false);
  });
  it('PILOTNET_VALIDATION_SEEDS is read as comma-separated whole numbers', () => {
    expect(parseSeeds(' 3, 5,8')).toEqual([3, 5, 8]);
    expect(parseSeeds('')).toEqual([...VALIDATION_SEEDS]);
    expect(() => parseSeeds('3,x')).toThrow(/comma-separated whole numbers/);
  });
});

const sc = scenariosFor(RULE === 'deffuant' ? {} : { 'deliberation.rule': RULE });
const custom = Boolean(process.env.PILOTNET_VALIDATION_SEEDS?.trim());
const batches = new Map<number, ReturnType<typeof validationBatch>>();
const batch = (seed: number) => {
  let b = batches.get(seed);
  if (!b) {
    b = validationBatch(sc, seed, options);
    batches.set(seed, b);
  }
  return b;
};

describe(`patterns of MODEL.md §8 under the ${RULE} rule, ${REPLICATES} replicates per batch, base seeds ${SEEDS.join(', ')}`, {
  timeout: 600_000,
}, () => {
  // Every calibration target and validation-only pattern; an invariant (pattern 2) is a rule of the
  // model, tested in invariants.test.ts, not evidence.
  for (let id = 1; id <= 10; id++) {
    if (patternClass(id) === 'invariant') continue;
    const known = RULE === 'deffuant' ? KNOWN_FAILING[id] : undefined;
    const name = `pattern ${id} holds in every batch`;
    const body = () => {
      for (const seed of SEEDS) {
        const p = batch(seed).patterns.find((x) => x.id === id);
        expect(p, `pattern ${id}`).toBeDefined();
        expect(
          p && holds(p),
          `seed ${seed}, pattern ${id} (${p?.key}): ${p?.measured}; ${p?.verdict}, ${p?.passShare} of resamples pass`,
        ).toBe(true);
      }
    };
    // A pattern the default does not reproduce in every batch is stated (known.ts, docs/validation.md,
    // docs/ODD.md limitations) and, on the documented seeds, checked as failing, so that the day it
    // holds the docs are updated. On seeds of one's own it is skipped, with its reason.
    if (!known) it(name, body);
    else if (custom) it.skip(`${name} (known not to: ${known})`, body);
    else it.fails(`${name} (known not to: ${known})`, body);
  }
  it('the invariant clauses of patterns 9 and 10 hold in every batch (reported, not counted)', () => {
    const withClause = [
      ...new Set(LEDGER.filter((e) => e.class === 'invariant' && e.clause).map((e) => e.id)),
    ];
    expect(withClause).toEqual([9, 10]);
    for (const seed of SEEDS)
      for (const id of withClause) {
        const p = batch(seed).patterns.find((x) => x.id === id);
        expect(p?.invariant, `seed ${seed}, pattern ${id}: ${p?.measured}`).toBe(true);
      }
  });
});
