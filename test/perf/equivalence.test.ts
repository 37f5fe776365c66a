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
    full: '61a4945f4d7abde41c97754032441f90e90d2b1c1c226cd69a113b5941f05eac',
    summary: '53566997e5e15fdc8c41e5906ead6c00262cf2afe5a7bdd0958a7b15cc58693c',
  },
  'default/3': {
    full: '29bc726a14a783af2b25ab5f687e5a95211211013ec46ba6da1e3e2be6fb3075',
    summary: 'ff31ee16a4815f2a172c6c3acfa8b026ff92027634aef570e81a041bd073bd80',
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
    full: '9b38dccf8b4553cbe4c0082a70b247b8d19de1adb6ddf938b2baae35e1cd90bb',
    summary: 'f454774f4e104139bdf76e8fb104c1ccc25e6a3c62004846bebe9d344b4684d2',
  },
  'actors300/5': {
    full: 'b6e2c6c86b45fc16c09780a215b4fe2ad051fb56285b18727b7b68fdb8cd97eb',
    summary: '5b208a22647d93599aa8732026ceb217df7df7becf2a971ce2f09b87dc2c8d57',
  },
  'national3/11': {
    full: 'a01f6f0cc1ab57d55f862c21c6ca39e5cef880946417a57d20ecd0034b9ea4ce',
    summary: 'a2389945b4e0faca9416ccc379ff24e4569f7e8458500eadcd84402a5037b512',
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
