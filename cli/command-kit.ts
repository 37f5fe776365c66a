// What every command of the CLI shares: scenarios loaded by preset name or path with parameters set
// at the root of their `extends` chain, new files written whole and never over an existing one, bad
// input turned into the CLI's one-line UsageError, and a command run on its own. Apart from the
// commands so that none imports another for these (no import circle).
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { UsageError } from '../exec/errors.ts';
import { readTextBounded } from '../exec/io.ts';
import { makeDir, refuseExisting, writeFileAtomic } from '../exec/outdir.ts';
import { parseScenario, type Scenario, ScenarioError, setPath } from '../sim/index.ts';
import { LIMITS } from '../sim/scenario/limits.ts';

// Scenario files: a bare name is a preset in scenarios/, anything else a path.

export const SCENARIOS_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));

export function scenarioFile(name: string, from = process.cwd()): string {
  if (/[/\\]/.test(name) || name.endsWith('.json')) return isAbsolute(name) ? name : resolve(from, name);
  return join(SCENARIOS_DIR, `${name}.json`);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readTextBounded(file, LIMITS.jsonBytes, { what: 'a JSON input' });
  } catch {
    throw new ScenarioError([{ file, path: '(root)', message: 'cannot read the file (no such scenario?)' }]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ScenarioError([{ file, path: '(root)', message: `not valid JSON: ${(e as Error).message}` }]);
  }
}

/** Raw JSON of a scenario with the given parameters set on the named base (`default` by default). */
export type Overrides = Record<string, number | string | boolean>;

/**
 * Load a scenario by preset name or path, with `overrides` (dotted paths) applied to the scenario
 * at the root of its `extends` chain: a calibrated parameter set reaches every preset built on it.
 */
export function loadScenario(name: string, overrides: Overrides = {}): Scenario {
  const file = scenarioFile(name);
  const withOverrides = (raw: unknown): unknown => {
    if (!raw || typeof raw !== 'object' || 'extends' in raw) return raw;
    const copy = structuredClone(raw) as Record<string, unknown>;
    for (const [path, value] of Object.entries(overrides)) {
      const p = setPath(copy, path, value);
      if (p) throw new ScenarioError([p]);
    }
    return copy;
  };
  const loader = (parent: string, from: string) => {
    const f = scenarioFile(parent, dirname(from));
    return { file: f, raw: withOverrides(readJson(f)) };
  };
  return parseScenario(withOverrides(readJson(file)), file, loader);
}

/**
 * Write a new file whole (temporary file, then rename); never silently overwrite, nor write through
 * a symbolic link, dangling or not (exit 2 unless --force).
 */
export function writeNew(file: string, text: string, force: boolean): void {
  refuseExisting(file, force);
  makeDir(dirname(file) || '.');
  writeFileAtomic(file, text);
}

/**
 * Run a command body. Bad input (a scenario problem, a bad option) becomes the CLI's UsageError:
 * the CLI prints its one-paragraph message and exits with code 2, never a stack trace.
 */
export async function guarded(body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (e instanceof ScenarioError) throw UsageError.fromProblems(e.problems);
    throw e;
  }
}

/** Run this module's command on its own (without the CLI main): the same exit codes. */
export async function runStandalone(name: string, register: (p: Command) => void): Promise<void> {
  const { Command } = await import('commander');
  const program = new Command('pilotnet');
  register(program);
  try {
    await program.parseAsync(['node', 'pilotnet', name, ...process.argv.slice(2)]);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 2;
  }
}

export function positiveInt(name: string, min = 1) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\s*\d+\s*$/.test(v) || !Number.isSafeInteger(n) || n < min)
      throw new UsageError(`${name}: expected a whole number >= ${min}, got "${v}"`);
    return n;
  };
}
