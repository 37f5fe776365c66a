// calibrate --method abc round by round (--plan, --shard i/n, --advance): the posterior from
// shards is the bytes of a run in one process; a torn shard resumes; bad states are usage errors.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calibrateAbc } from '../../cli/calibrate-abc.ts';
import { advanceAbc, planAbc, runAbcShard } from '../../cli/calibrate-abc-rounds.ts';
import { createPool } from '../../exec/sweep.ts';
import { cli, hasStack, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir();
const pool = createPool(1, null);
afterAll(async () => {
  await pool.destroy();
  cleanup();
});

// Small enough for seconds, large enough to run every phase: the prior sample, three generations
// (the cap) and rejuvenation steps, in rounds of one particle or several.
const options = {
  particles: 6,
  generations: 3,
  replicates: 2,
  nationalReplicates: 1,
  rejuvenation: 2,
  seed: 3,
};
const FILES = ['posterior.csv', 'posterior.json', 'posterior.svg'];

describe('calibrate --method abc in rounds of shards', () => {
  it('gives the posterior of a run in one process, byte for byte, and resumes a torn shard', async () => {
    const local = join(dir, 'local');
    await calibrateAbc({ ...options, out: local, workers: 1 });

    const out = join(dir, 'rounds');
    expect(planAbc({ ...options, out })).toEqual({ round: 0, particles: 6 });
    let rounds = 0;
    let resumed = false;
    for (;;) {
      // Shards in any order: the round's runs do not depend on which shard ran first.
      for (const index of [3, 1, 2]) await runAbcShard({ out, shard: { index, count: 3 }, pool });
      if (rounds === 1 && !resumed) {
        // A shard killed mid-write: its last run goes, a torn line takes its place.
        resumed = true;
        const runs = join(out, 'batch-1', 'shard-1of3', 'default', 'runs.csv');
        const lines = readFileSync(runs, 'utf8').split('\n');
        writeFileSync(runs, `${lines.slice(0, -2).join('\n')}\n1,0,12`);
        expect(() => advanceAbc({ out })).toThrow(
          /shard-1of3\/default: \d+ of its \d+ runs \(run --shard 1\/3 again/,
        );
        const again = await runAbcShard({ out, shard: { index: 1, count: 3 }, pool });
        expect(again.skipped).toBeGreaterThan(0);
        expect(again.skipped).toBeLessThan(again.runs);
      }
      const a = advanceAbc({ out });
      rounds++;
      expect(a.round).toBe(rounds - 1);
      if (a.calibration) break;
      expect(rounds).toBeLessThan(40);
    }
    expect(resumed).toBe(true);
    for (const f of FILES)
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(local, f), 'utf8'));
    const json = JSON.parse(readFileSync(join(out, 'posterior.json'), 'utf8'));
    // Every phase ran: the generations up to the cap and at least one rejuvenation step.
    expect(json.generations.filter((g: { rejuvenation?: boolean }) => !g.rejuvenation)).toHaveLength(3);
    expect(json.generations.some((g: { rejuvenation?: boolean }) => g.rejuvenation)).toBe(true);
    expect(rounds).toBe(json.generations[json.generations.length - 1].batches);

    // Advancing again, or a shard of a finished calibration: nothing to do, said so.
    expect(() => advanceAbc({ out })).toThrow(/has finished/);
    await expect(runAbcShard({ out, shard: { index: 1, count: 3 }, pool })).rejects.toThrow(/has finished/);
  }, 120_000);

  it('refuses a missing shard, a shard of another count, round or options, and advancing before any shard', async () => {
    const out = join(dir, 'bad');
    planAbc({ ...options, out });
    expect(() => advanceAbc({ out })).toThrow(/round 0: no shard has run/);
    await runAbcShard({ out, shard: { index: 1, count: 3 }, pool });
    await runAbcShard({ out, shard: { index: 3, count: 3 }, pool });
    expect(() => advanceAbc({ out })).toThrow(/shards missing: 2\/3/);
    await expect(runAbcShard({ out, shard: { index: 2, count: 4 }, pool })).rejects.toThrow(
      /round 0 is run in 3 shards here; run shard i\/3/,
    );
    await expect(
      runAbcShard({ out, shard: { index: 2, count: 3 }, pool, given: { particles: 8 } }),
    ).rejects.toThrow(/--particles 8: this calibration was planned with 6/);
    // A shard folder of another calibration (planned with another seed) put in this round's place.
    const other = join(dir, 'other');
    planAbc({ ...options, seed: 4, out: other });
    await runAbcShard({ out: other, shard: { index: 2, count: 3 }, pool });
    renameSync(join(other, 'batch-0', 'shard-2of3'), join(out, 'batch-0', 'shard-2of3'));
    expect(() => advanceAbc({ out })).toThrow(
      /shard-2of3\/shard.json: a shard of another round or calibration/,
    );
    // Planning over a planned folder needs --force.
    expect(() => planAbc({ ...options, out })).toThrow(/already holds results/);
    expect(existsSync(join(out, 'abc-state.json'))).toBe(true);
  }, 60_000);

  it('says so on the command line: exit 2, the problem, no stack', async () => {
    const r = await cli(['calibrate', '--method', 'abc', '--out', join(dir, 'bad'), '--advance'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shard-2of3\/shard.json: a shard of another round or calibration/);
    expect(hasStack(r.stderr)).toBe(false);
    const both = await cli(
      ['calibrate', '--method', 'abc', '--out', join(dir, 'bad'), '--plan', '--advance'],
      dir,
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--plan and --advance: one at a time/);
  });
});
