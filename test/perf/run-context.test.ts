// A run context (sim/engine.ts, RunContext) refills the consortia of the last run instead of
// building new ones. It must leave no trace between runs: every summary run in a shared context is
// the same bytes as the same run in a new context, whatever ran in it before (another seed, another
// scenario, another consortium size or number of consortia).
import { describe, expect, it } from 'vitest';
import { createRunContext, DEFAULTS, type Scenario, simulate } from '../../sim/index.ts';
import { TieStore } from '../../sim/ties.ts';
import { scenario } from '../helpers/scenario.ts';
import { CASES, fixtureScenario, sha256 } from './fingerprint.ts';

const bytes = (s: Scenario, seed: number, context?: ReturnType<typeof createRunContext>) =>
  JSON.stringify(simulate.summary(s, { seed, context }));

describe('a run context leaks nothing between runs', () => {
  it('seed A, then seed B, then seed A again in one context: the bytes of new contexts', () => {
    const s = fixtureScenario();
    const context = createRunContext();
    const freshA = bytes(s, 1);
    const freshB = bytes(s, 2);
    expect(freshA).not.toBe(freshB);
    expect(bytes(s, 1, context)).toBe(freshA);
    expect(bytes(s, 2, context)).toBe(freshB);
    expect(bytes(s, 1, context)).toBe(freshA);
  });

  it('the pinned cases one after another in one context (sizes 41 and 301, 1 and 3 consortia), twice', () => {
    const context = createRunContext();
    const runs = CASES.flatMap((c) => c.seeds.map((seed) => ({ s: fixtureScenario(c.changes), seed })));
    const fresh = runs.map(({ s, seed }) => sha256(bytes(s, seed)));
    for (let round = 0; round < 2; round++)
      for (const [k, { s, seed }] of runs.entries()) expect(sha256(bytes(s, seed, context))).toBe(fresh[k]);
  });

  it('many seeds of one scenario object, and of scenarios whose groups and chair differ', () => {
    // A group that includes one defined after it (the second pass of buildGroups), a lead chair,
    // varying consortium sizes and a Hegselmann–Krause rule.
    const [reflection, project, steering] = DEFAULTS.governance.groups;
    const variants = [
      fixtureScenario(),
      scenario({ governance: { groups: [{ ...steering }, reflection, project] } }),
      scenario({ governance: { chair: 'lead' } }),
      scenario({ composition: { variation: 0.3 }, deliberation: { rule: 'hk' } }),
    ];
    const context = createRunContext();
    for (let seed = 1; seed <= 12; seed++)
      for (const s of variants) expect(bytes(s, seed, context)).toBe(bytes(s, seed));
  });

  it('a cleared tie store reads as a new one: pairs, weights, strengths and adjacency', () => {
    const build = (t: TieStore, pairs: number[][]) => {
      for (const [i, j, w] of pairs) t.add(t.ensure(i, j), w);
      return t;
    };
    const view = (t: TieStore) => ({
      count: t.count,
      edges: Array.from({ length: t.count }, (_, e) => [t.a[e], t.b[e], t.w[e]]),
      strength: Array.from(t.strength),
      found: [t.find(0, 1), t.find(2, 5), t.find(3, 4)],
      adjacency: Array.from({ length: t.n }, (_, i) =>
        Array.from({ length: t.degree(i) }, (_, k) => t.incident(i, k)),
      ),
    });
    const first = [
      [0, 1, 0.5],
      [2, 5, 0.25],
      [1, 3, 0.125],
      [0, 4, 1],
    ];
    // Actor 3's ties outgrow the block its first four take (the adjacency's blocks are made again).
    const second = [
      [3, 4, 0.75],
      [0, 3, 0.5],
      [4, 3, 0.25],
      [3, 5, 0.5],
      [1, 3, 1],
      [2, 3, 0.5],
      [0, 4, 0.25],
    ];
    const used = build(new TieStore(6), first);
    view(used); // its adjacency made and filled
    expect(used.clears(6)).toBe(true);
    used.clear();
    expect(view(build(used, second))).toEqual(view(build(new TieStore(6), second)));
  });
});
