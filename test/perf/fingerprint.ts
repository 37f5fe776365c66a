// Run fingerprints for the performance work: a SHA-256 of a run's full output (summary, weekly
// records, events), so an optimisation can be shown to leave every result byte-identical.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseScenario, type Scenario, setPath, simulate } from '../../sim/index.ts';

/** The default scenario as it stood when the fingerprints were pinned, fully resolved. */
export const FIXTURE_FILE = new URL('./fixture-scenario.json', import.meta.url);

export function fixtureScenario(changes: Record<string, unknown> = {}): Scenario {
  const raw = JSON.parse(readFileSync(FIXTURE_FILE, 'utf8')) as Record<string, unknown>;
  for (const [path, value] of Object.entries(changes)) {
    const problem = setPath(raw, path, value);
    if (problem) throw new Error(problem.message);
  }
  return parseScenario(raw, 'test/perf/fixture-scenario.json');
}

/** Typed arrays as plain arrays, so that JSON keeps their values. */
const replacer = (_key: string, value: unknown): unknown =>
  ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Fingerprint of simulate() and of simulate.summary() for one scenario and seed. */
export function fingerprint(scenario: Scenario, seed: number): { full: string; summary: string } {
  return {
    full: sha256(JSON.stringify(simulate(scenario, { seed }), replacer)),
    summary: sha256(JSON.stringify(simulate.summary(scenario, { seed }), replacer)),
  };
}

/** The pinned cases: the fixture, the Hegselmann–Krause rule, a 300-actor consortium, three consortia. */
export const CASES: { name: string; changes: Record<string, unknown>; seeds: number[] }[] = [
  { name: 'default', changes: {}, seeds: [1, 2, 3, 42] },
  { name: 'hk', changes: { 'deliberation.rule': 'hk' }, seeds: [1, 7] },
  { name: 'actors300', changes: { 'composition.size': 300 }, seeds: [1, 5] },
  { name: 'national3', changes: { consortia: 3, 'composition.variation': 0.2 }, seeds: [11] },
];
