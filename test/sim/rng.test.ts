// The engine's own Alea (sim/rng.ts) must draw exactly what seedrandom.alea draws from the same
// seed string: every run's numbers come from it.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { alea, replicateSeed, STREAMS, stream } from '../../sim/rng.ts';

describe('alea', () => {
  it('draws the numbers of seedrandom.alea, bit for bit', () => {
    const seeds = ['', ' ', 'a', 'pilotnet/1/0', '12345/0/composition', 'ünïcode ✓', 'x'.repeat(300)];
    for (let r = 0; r < 200; r++)
      for (const name of STREAMS) seeds.push(`${replicateSeed(1, r)}/${r % 3}/${name}`);
    for (const seed of seeds) {
      const ours = alea(seed);
      const theirs = seedrandom.alea(seed);
      for (let k = 0; k < 2000; k++) {
        const a = ours();
        const b = theirs();
        if (!Object.is(a, b)) expect({ seed, k, a }).toEqual({ seed, k, a: b });
      }
    }
  });

  it('names its streams by seed, consortium and name', () => {
    const a = stream(7, 'ties', 2);
    const b = seedrandom.alea('7/2/ties');
    for (let k = 0; k < 100; k++) expect(a()).toBe(b());
  });
});
