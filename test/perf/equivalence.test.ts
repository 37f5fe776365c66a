// Equivalence of the optimised engine: SHA-256 fingerprints of full runs, pinned at fixed seeds on a
// frozen copy of the default scenario (test/perf/fixture-scenario.json), so a speed-up that changes
// any result, down to the last bit of a float, fails here. Default-value changes elsewhere do not
// touch the fixture; a deliberate rule change does, and then the fingerprints are re-pinned with
// `PIN=1 npx vitest run test/perf` (which prints the new table) together with that rule change.
import { describe, expect, it } from 'vitest';
import { CASES, fingerprint, fixtureScenario } from './fingerprint.ts';

const PINNED: Record<string, { full: string; summary: string }> = {
  'default/1': {
    full: '479bdc1204b2f606aa34a91384cbd0f355e9bfd45fef4908164396c59816bd69',
    summary: '84bf8d81c922d9d36be55942c2b9cab59cf1f99597a6eb0852ea183e17cf3913',
  },
  'default/2': {
    full: '1e65ea5d4f89df5b467544d4a027daa3dfc8332ca334184c57aed22d8d7716c4',
    summary: 'f3aa30af5b58c2b23ea571c6ed32fe3659f5f78ee33042ccdb3b3b4375ab7bb3',
  },
  'default/3': {
    full: 'b0d0781febb33c0033d50da187221dd90754cdb30b37ab825a3de55f4515332f',
    summary: '39734c7f239146d09c2907820bb89b352078ffa655b5238c2a373139947d8682',
  },
  'default/42': {
    full: '21d6839efe6c54cf31f1fcbccc5ad459ee9edd046746d72c44d0104cea020637',
    summary: '3f02679386d5f07d02f3c09fc3d25c894150980b28551ede1c5a9f55553026c6',
  },
  'hk/1': {
    full: '79a896e28d4080b0defb7783ff320954ae2363872120ed18694ffa9026248097',
    summary: '39ef50cf6e46a3609a57f0fa7c9913b79719927b56bd00edfd8a0adc59abb138',
  },
  'hk/7': {
    full: 'bbf2efb4a0705bd350b3d4d8a01b13ff4fa3e887c9ef574aa78751500cf0a025',
    summary: 'be2158e38dd87908b09bdcac5905ef51d93b3f8b3680a1cebfe8696021a16171',
  },
  'actors300/1': {
    full: '6a8154496b05651c474db6c8f4defde10d950457c4ba5bfda052e26de6163d85',
    summary: 'ba4fc8327bd6ae2b7b27af6e9105bcf8a4f26dd0e2ee0dfc1397d867e932bde2',
  },
  'actors300/5': {
    full: '04813f29147b295650cd49fc397c5dd9c8dc123e88074bf0b761e35cc9c1b608',
    summary: '2817d9f2c4d526052e34455a052c7904a5d92213ec69f1a7facbea41a785a288',
  },
  'national3/11': {
    full: '617b0f34f8c8109ccf2a5fb8dee9f3a7902f1866b64e5798c9c6e0406f975f41',
    summary: '7a0a2ceacf7b68dba355b7114c32723de3a7e80f59c0260de941adebc771daf1',
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
