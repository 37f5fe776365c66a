// Equivalence of the optimised engine: SHA-256 fingerprints of full runs, pinned at fixed seeds on a
// frozen copy of the default scenario (test/perf/fixture-scenario.json), so a speed-up that changes
// any result, down to the last bit of a float, fails here. Default-value changes elsewhere do not
// touch the fixture; a deliberate rule change does, and then the fingerprints are re-pinned with
// `PIN=1 npx vitest run test/perf` (which prints the new table) together with that rule change.
import { describe, expect, it } from 'vitest';
import { CASES, fingerprint, fixtureScenario } from './fingerprint.ts';

const PINNED: Record<string, { full: string; summary: string }> = {
  'default/1': {
    full: '8c2ab67909ca02fa26559c4e6bd6a1231b57c83233f47c0a1156460fe93aca7d',
    summary: '46470f902e79e6e02d319b561cacbdd89a973ab9ec9229613a05819d80bc5bab',
  },
  'default/2': {
    full: '6aacd885bd1946ca4479d26281cb6ccf5f08a468bac703ac6776fc8b9ad454c9',
    summary: '7dd3b22d5ad77ad7b34043426d397a9a63f2868496fc13345b7c5ff282d9270f',
  },
  'default/3': {
    full: '6fb7235e16d3ff4638b91cf8cef952fde2ec3c72def213859741c03f82d42dc2',
    summary: '98ad8470deb427f067a97ee3574f59dc94aa817839a73aa6ce9e93f69f215c3b',
  },
  'default/42': {
    full: '7a5f4524bea217e272cc43600e58898d6bba3cb9156257e35bd594dfd58133a0',
    summary: 'a7ce4623ea31af13973ba12b09c2039135b830e98654c15d3ee0ce92c6566c44',
  },
  'hk/1': {
    full: '8b6a89450a47531d0736d264ef995cc2b3b3b5acc0976c20ccf14253820e2e2a',
    summary: '2e2a96d3685c3324ba5b2f3ea0701514f3b6d6d17cec26a8352897fa7a058f66',
  },
  'hk/7': {
    full: 'ed9b847b93b03c517754afcc4d9e736334713f46e79c02e9d540ca12967273ed',
    summary: 'e8f25c3257f358899619e4e5dba30c9b8a988b5c75a3de716a313fb4a9dce64a',
  },
  'actors300/1': {
    full: '1ff80ed7b39d4de6bb5f94434ae5d4ac1ae77282e04ff830a4736ffd4db81d54',
    summary: 'f454774f4e104139bdf76e8fb104c1ccc25e6a3c62004846bebe9d344b4684d2',
  },
  'actors300/5': {
    full: '7ee8b098ce8d902f2eb3f14a61fa77c198b3b18f4da91d287c801b5c08714a35',
    summary: '5b208a22647d93599aa8732026ceb217df7df7becf2a971ce2f09b87dc2c8d57',
  },
  'national3/11': {
    full: '8d3565af533541033a3477ac5ec88620d42cfe058b44966873add09d350a0079',
    summary: 'd5b0d3c36d4ead2988415f7417044b782760a8df57176439951bd55d299175e5',
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
