// The study's story, not only its numbers (issue 17, MODEL.md v3 §3.8): a deadline buys time only
// by thinning the agreement; pillars carry conflict and their walls come down only part way; group
// size costs without a cliff; every mechanism moves an outcome when switched off. Paired runs
// (common random numbers) on the validation's first base seed, which no tuning used.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../exec/io.ts';
import { pairedDifference } from '../../report/stats.ts';
import { crowdingFactor, processLossFactor } from '../../sim/group-size.ts';
import { type RunSummary, replicateSeed, simulate } from '../../sim/index.ts';
import { VALIDATION_SEEDS } from '../../sim/validation.ts';

const SEED = VALIDATION_SEEDS[0];
const N = 200;

type Set = { path: string; value: unknown };
const cache = new Map<string, RunSummary[]>();
function runs(name: string, sets: Set[] = [], n = N): RunSummary[] {
  const key = `${name}|${JSON.stringify(sets)}|${n}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const sc = loadScenario(name, sets).scenario;
  const out = Array.from({ length: n }, (_, r) => simulate.summary(sc, { seed: replicateSeed(SEED, r) }));
  cache.set(key, out);
  return out;
}
const col = (rs: RunSummary[], k: keyof RunSummary['outcomes']) => rs.map((r) => Number(r.outcomes[k]));
const off = (m: string): Set[] => [{ path: `mechanisms.${m}`, value: false }];
const excludesZero = (d: { lo: number; hi: number }) => d.lo > 0 || d.hi < 0;
const show = (d: { diff: number; lo: number; hi: number }) =>
  `${d.diff.toFixed(4)} [${d.lo.toFixed(4)}, ${d.hi.toFixed(4)}]`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};

describe('compression has a cost (MODEL.md §3.8)', { timeout: 300_000 }, () => {
  it('a firm deadline thins the agreement: fewer controversies closed on a full quorum, interval excluding 0', () => {
    const a = runs('default');
    const b = runs('firm-deadline');
    const depth = pairedDifference(col(a, 'agreementDepth'), col(b, 'agreementDepth'));
    expect(depth.hi, show(depth)).toBeLessThan(0);
    const thin = pairedDifference(col(a, 'thinAgreements'), col(b, 'thinAgreements'));
    expect(thin.lo, show(thin)).toBeGreaterThan(0);
  });

  it('without deadline adaptation no agreement is thin and none reopens (an invariant)', () => {
    const rs = runs('default', off('deadlineAdaptation'), 40);
    expect(col(rs, 'thinAgreements').every((x) => x === 0)).toBe(true);
    expect(col(rs, 'reopenings').every((x) => x === 0)).toBe(true);
  });

  it('reopening a thin agreement costs time: switching it off shortens the phase', () => {
    const d = pairedDifference(
      col(runs('default'), 'months'),
      col(runs('default', off('reopening')), 'months'),
    );
    expect(excludesZero(d) && d.diff < 0, show(d)).toBe(true);
  });
});

describe('pillars carry conflict (MODEL.md §3.8, §8 pattern 7)', { timeout: 300_000 }, () => {
  it('the walls come down part way: median pillar modularity keeps a quarter to three quarters of its start', () => {
    const ratio = runs('default').map(
      (r) => r.outcomes.modularityPillarEnd / r.outcomes.modularityPillarStart,
    );
    const m = median(ratio);
    expect(m).toBeGreaterThan(0.25);
    expect(m).toBeLessThan(0.75);
  });

  it('without homophily the walls are erased: modularity falls and the E-I index rises, intervals excluding 0', () => {
    const a = runs('default');
    const b = runs('default', off('homophily'));
    const mod = pairedDifference(col(a, 'modularityPillarEnd'), col(b, 'modularityPillarEnd'));
    expect(mod.hi, show(mod)).toBeLessThan(0);
    const ei = pairedDifference(col(a, 'eiPillarEnd'), col(b, 'eiPillarEnd'));
    expect(ei.lo, show(ei)).toBeGreaterThan(0);
  });

  it('pillar-aligned stakes carry conflict: switched off, fewer partners leave and less dissent is carried', () => {
    const a = runs('default');
    const b = runs('default', off('pillarStakes'));
    const exits = pairedDifference(col(a, 'dropouts'), col(b, 'dropouts'));
    expect(exits.hi, show(exits)).toBeLessThan(0);
    const dissent = pairedDifference(col(a, 'dissent'), col(b, 'dissent'));
    expect(dissent.hi, show(dissent)).toBeLessThan(0);
  });

  it('intra-pillar is faster through less conflict as well as denser ties: the ablation splits the gain', () => {
    const gain = pairedDifference(col(runs('default'), 'months'), col(runs('intra-pillar'), 'months'));
    const noConflict = pairedDifference(
      col(runs('default', off('pillarStakes')), 'months'),
      col(runs('intra-pillar', off('pillarStakes')), 'months'),
    );
    // Faster with both; with no pillar conflict anywhere, what is left of the gain is the denser ties.
    expect(gain.hi, show(gain)).toBeLessThan(0);
    expect(noConflict.diff, `${show(gain)} vs ${show(noConflict)}`).toBeGreaterThan(gain.diff);
  });
});

describe('group size without a cliff (MODEL.md §3.8)', () => {
  it('productivity and attendance fall smoothly and strictly with the room, with no jump anywhere', () => {
    for (const [loss, crowd] of [
      [0.04, 0.1],
      [0.3, 2],
    ]) {
      let prevP = processLossFactor(loss, 1);
      let prevC = crowdingFactor(crowd, 1, 40);
      expect(prevP).toBe(1);
      expect(prevC).toBe(1);
      for (let n = 2; n <= 400; n++) {
        const p = processLossFactor(loss, n);
        const c = crowdingFactor(crowd, n, 40);
        expect(p).toBeLessThan(prevP);
        expect(c).toBeLessThan(prevC);
        // No cliff: one more person never costs more than the previous one did, relatively.
        expect(prevP - p).toBeLessThan(loss + 1e-12);
        expect(prevC / c).toBeLessThan((1 + 1 / 40) ** crowd + 1e-12);
        prevP = p;
        prevC = c;
      }
    }
  });

  it('a plenary of 40 pays its size: participant-governed costs far more volunteer hours than Figure 1', () => {
    const d = pairedDifference(
      col(runs('default'), 'volunteerHours'),
      col(runs('participant-governed'), 'volunteerHours'),
    );
    expect(d.lo, show(d)).toBeGreaterThan(0);
  });
});

describe('no inert mechanism (MODEL.md §3.8)', { timeout: 300_000 }, () => {
  it('taming: without it the phase takes longer (interval excluding 0)', () => {
    const d = pairedDifference(col(runs('default'), 'months'), col(runs('default', off('taming')), 'months'));
    expect(d.lo, show(d)).toBeGreaterThan(0);
  });

  it('dropout happens in the default; switched off, those who would have left keep attending', () => {
    const a = runs('default');
    expect(a.filter((r) => r.outcomes.dropouts > 0).length).toBeGreaterThan(N / 20);
    const d = pairedDifference(
      col(a, 'volunteerHours'),
      col(runs('default', off('dropout')), 'volunteerHours'),
    );
    expect(d.lo, show(d)).toBeGreaterThan(0);
  });
});
