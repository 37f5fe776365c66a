// Property-based fuzzing (issue 11): generated and mutated scenarios and sweep files never make the
// engine or the command line do anything but succeed or stop with a usage error (exit 2 and a
// message). Most cases go through the library; a few through the spawned CLI.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../exec/errors.ts';
import { loadScenario } from '../../exec/io.ts';
import { planFromSweepFile } from '../../exec/sweep-spec.ts';
import { DEFAULTS, resolveScenario, simulate } from '../../sim/index.ts';
import { cli, hasStack, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

/** Every path into the defaults (objects and arrays), as key lists. */
function pathsOf(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = [...prefix, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      pathsOf(x, p, out);
    }
  }
  return out;
}
const PATHS = pathsOf(DEFAULTS);
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'extends', 'id', '', 'ties', 'x\ny', '=1+1'];

const arbValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(-1, 0, 1e308, -1e-300, 2 ** 31, 46000, 1e7, '', '=cmd', '../x.json', null, [], {}),
);

/** The default scenario with a few parameters replaced by arbitrary JSON, or hostile keys added. */
const arbMutation = fc.record({
  sets: fc.array(fc.tuple(fc.constantFrom(...PATHS), arbValue), { minLength: 1, maxLength: 4 }),
  keys: fc.array(fc.tuple(fc.constantFrom(...HOSTILE_KEYS), arbValue), { maxLength: 2 }),
});

function mutate(m: { sets: [(string | number)[], unknown][]; keys: [string, unknown][] }) {
  const raw = structuredClone(DEFAULTS) as unknown as Record<string, unknown>;
  for (const [path, value] of m.sets) {
    let cur = raw as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) {
      if (!cur[k] || typeof cur[k] !== 'object') break;
      cur = cur[k] as Record<string | number, unknown>;
    }
    cur[path[path.length - 1]] = value;
  }
  // Hostile keys the way JSON.parse makes them: own properties, __proto__ included.
  const text = JSON.stringify(raw);
  const extra = m.keys.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',');
  return extra ? `${text.slice(0, -1)},${extra}}` : text;
}

/** Only a usage error (or success) is allowed; anything else fails the property. */
function usageOrOk(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    expect(e.message.length).toBeGreaterThan(0);
    expect(hasStack(e.message)).toBe(false);
  }
}

describe('fuzz: the library', () => {
  it('mutated scenarios resolve or give problems with a path, and valid ones run', () => {
    let ran = 0;
    fc.assert(
      fc.property(arbMutation, (m) => {
        const text = mutate(m);
        const r = resolveScenario(JSON.parse(text), 'fuzz.json', () => {
          throw new Error('no such preset');
        });
        if (!r.ok) {
          for (const p of r.problems) expect(p.message).toBeTruthy();
          return;
        }
        // A short horizon keeps each run quick; the engine must finish it without throwing.
        const s = {
          ...r.scenario,
          calendar: {
            ...r.scenario.calendar,
            horizonWeeks: Math.min(r.scenario.calendar.horizonWeeks, 60),
            plannedWeeks: Math.min(r.scenario.calendar.plannedWeeks, 60),
          },
        };
        if (s.consortia * s.composition.size > 2000) return;
        simulate.summary(s, { seed: 1 });
        ran++;
      }),
      { numRuns: 120, seed: 11 },
    );
    expect(String({})).toBe('[object Object]');
    expect(ran).toBeGreaterThan(0);
  });

  it('scenario files and sweep files through the CLI layer: success or a usage error', () => {
    const arbSweep = fc.record(
      {
        scenario: fc.oneof(
          fc.constant('default'),
          fc.constant('fuzz-scenario.json'),
          fc.string({ maxLength: 8 }),
        ),
        id: fc.oneof(fc.constant('fz'), fc.string({ maxLength: 6 })),
        set: fc.dictionary(
          fc.constantFrom('ties.alpha', 'ties.__proto__.x', 'constructor', 'coach.enabled', 'x[0]'),
          arbValue,
          { maxKeys: 2 },
        ),
        vary: fc.array(
          fc.record({
            path: fc.constantFrom(
              'ties.alpha',
              'ties.decay',
              'prototype.x',
              'governance.groups[1].plannedMeetings',
              'nope',
            ),
            values: fc.oneof(
              fc.array(arbValue, { maxLength: 3 }),
              fc.record({
                from: fc.double({ min: -10, max: 10, noNaN: true }),
                to: fc.double({ min: -10, max: 1e6, noNaN: true }),
                by: fc.double({ min: 1e-12, max: 5, noNaN: true }),
              }),
            ),
          }),
          { maxLength: 3 },
        ),
        replicates: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constant(1e15)),
      },
      { requiredKeys: ['scenario'] },
    );
    fc.assert(
      fc.property(arbMutation, arbSweep, (m, sweep) => {
        const scenarioFile = join(dir, 'fuzz-scenario.json');
        writeFileSync(scenarioFile, mutate(m));
        usageOrOk(() => loadScenario(scenarioFile));
        const sweepFile = join(dir, 'fuzz-sweep.json');
        writeFileSync(sweepFile, JSON.stringify(sweep));
        usageOrOk(() => planFromSweepFile(sweepFile));
      }),
      { numRuns: 60, seed: 12 },
    );
    expect(String({})).toBe('[object Object]');
  });
});

describe('fuzz: the spawned CLI', () => {
  it('exits 0 or 2 with a message, never an internal error, on generated scenario files', async () => {
    const samples = fc.sample(arbMutation, { numRuns: 4, seed: 13 });
    for (const [i, m] of samples.entries()) {
      const file = join(dir, `cli-${i}.json`);
      writeFileSync(file, mutate(m));
      const r = await cli(['run', file, '--summary-only'], dir);
      expect([0, 2]).toContain(r.code);
      if (r.code === 2) expect(r.stderr.trim()).not.toBe('');
      expect(r.stderr).not.toMatch(/internal error/);
      expect(hasStack(r.stderr)).toBe(false);
    }
  });
});
