// Equivalence of the optimised engine: SHA-256 fingerprints of full runs, pinned at fixed seeds on a
// frozen copy of the default scenario (test/perf/fixture-scenario.json), so a speed-up that changes
// any result, down to the last bit of a float, fails here. Default-value changes elsewhere do not
// touch the fixture; a deliberate rule change does, and then the fingerprints are re-pinned with
// `PIN=1 npx vitest run test/perf` (which prints the new table) together with that rule change.
import { describe, expect, it } from 'vitest';
import { CASES, fingerprint, fixtureScenario } from './fingerprint.ts';

const PINNED: Record<string, { full: string; summary: string }> = {
  'default/1': {
    full: '618295568bc815b90e9efcc8819055f0f9f1934ed2738ff36092d4a9eee14af8',
    summary: '170902ed861af32aff7926d85e2546341ec5cf1a87b0ddfeabb10f22b944420a',
  },
  'default/2': {
    full: '54f75072f871095d00862071a31fed291bacadd370a9bb51d08ba5cf77adfa95',
    summary: 'fe291118cdb5938bb9837f0dc8de749baf8a8e3cde4c45a326e5651d125177ec',
  },
  'default/3': {
    full: '62ebd29aa9f975ef693693cf994e2bc65b19fd9481f94ea4c3db66fc18310c3e',
    summary: '86dada0215f6e696aeec7952edf22896aa4df2cf24b5749543810531588bfa48',
  },
  'default/42': {
    full: '0f8a08aa07d7c377a6f91e3b29060a7e9a92463560ce97c5f2b5ac1061538be9',
    summary: 'b3e855e64548c5bc09256ae90fb9291514541135f484ea620468b2c7631f3058',
  },
  'hk/1': {
    full: '6785b73694d34b536dcf870b5bb1b6309b1dca40db4755965d0a376c2049f5e6',
    summary: '8f1105451edc462e8acb1f844eab71a4f5f227874eb9db78c759b7b442bfd922',
  },
  'hk/7': {
    full: '8db453f5e8e63a81ae7c8ede1345d08cfc47fe81330dbe9de61fe72d53e5938a',
    summary: '8bb6bb5f957ad616672601813a98526930c92a103fc8be71c6d08c9b086b9d1d',
  },
  'actors300/1': {
    full: 'a032520b87a8b625f1f5eef67f5a4f44388dfd8077790b9554c3d5983f522fee',
    summary: '361d69cde22cf2e637d356802be4ec04f8e004e906dc653ad3873844a20351e2',
  },
  'actors300/5': {
    full: 'e26dea6ce1a26f7cc5abf343ed189498cb0e1805f65abafacfdca53c13ae0fed',
    summary: 'a2e817e726d58225689dc9e4fa5ef64167036aca571ac04097633e7d63b4358e',
  },
  'national3/11': {
    full: 'a8382a2fdbd969e99570f5dcfcd15f13866acb8b662ccded5aaab8a3b8907616',
    summary: '1500b92567d0ecfe3b589f983c42c7ad22741ec51ab5e62875addd0b2abf50a0',
  },
};

describe('optimised engine reproduces the pinned runs bit for bit', () => {
  const seen: Record<string, { full: string; summary: string }> = {};
  for (const c of CASES) {
    const scenario = fixtureScenario(c.changes);
    for (const seed of c.seeds) {
      const key = `${c.name}/${seed}`;
      it(key, () => {
        const got = fingerprint(scenario, seed);
        seen[key] = got;
        if (process.env.PIN) return;
        expect(got).toEqual(PINNED[key]);
      });
    }
  }
  it('pins every case (PIN=1 prints the table instead of checking it)', () => {
    if (process.env.PIN) console.log(JSON.stringify(seen, null, 2));
    expect(Object.keys(PINNED).sort()).toEqual(
      CASES.flatMap((c) => c.seeds.map((s) => `${c.name}/${s}`)).sort(),
    );
  });

  it('the fingerprint sees a change of one parameter and is stable across calls', () => {
    const base = fixtureScenario();
    expect(fingerprint(base, 1)).toEqual(PINNED['default/1']);
    expect(fingerprint(fixtureScenario({ 'ties.alpha': 0.0801 }), 1).full).not.toBe(PINNED['default/1'].full);
  });
});
