// A command that runs many sweeps on one interrupt signal (calibrate --method abc runs three per
// batch of particles, hundreds in a calibration) must not leave a listener on it per sweep.
import { getEventListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../exec/io.ts';
import { sweep } from '../../exec/sweep.ts';
import { buildPlan } from '../../exec/sweep-spec.ts';

const dir = mkdtempSync(join(tmpdir(), 'pilotnet-signal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sweeps on a shared abort signal', () => {
  it('leave no abort listener behind, and an aborted signal stops the next sweep before it runs', async () => {
    const scenario = loadScenario('default');
    const controller = new AbortController();
    const plan = buildPlan({
      id: 'signal',
      file: scenario.file,
      scenario,
      factors: [],
      points: [{}],
      replicates: 2,
      seed: 3,
    });
    for (let k = 0; k < 12; k++) {
      const report = await sweep(plan, { out: join(dir, `s${k}`), workers: 1, signal: controller.signal });
      expect(report.runs).toBe(2);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    }
    controller.abort();
    const stopped = await sweep(plan, { out: join(dir, 'after'), workers: 1, signal: controller.signal });
    expect(stopped.interrupted).toBe(true);
  }, 120_000);
});
