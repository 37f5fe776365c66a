// The validate command: check scenario and sweep files against their schemas and report every
// problem of every file (not only the first), one `file: path: message` per line.
import { resolve } from 'node:path';
import { UsageError } from '../exec/errors.ts';
import { displayPath, fileLoaderFor, readJsonFile } from '../exec/io.ts';
import { looksLikeSweep, planFromSweepFile } from '../exec/sweep-spec.ts';
import { resolveScenario } from '../sim/index.ts';

export interface FileCheck {
  file: string;
  kind: 'scenario' | 'sweep' | 'schema' | 'unreadable';
  ok: boolean;
  /** The problems, formatted one per line. */
  messages: string[];
  /** For a valid sweep: its number of points and runs. */
  detail?: string;
}

/** The generated schema files sit next to the scenarios; `validate scenarios/*.json` skips them. */
const isJsonSchema = (raw: unknown): boolean =>
  typeof raw === 'object' &&
  raw !== null &&
  typeof (raw as Record<string, unknown>).$schema === 'string' &&
  /json-schema\.org/.test((raw as Record<string, string>).$schema) &&
  'properties' in raw;

export function validateFiles(files: readonly string[]): FileCheck[] {
  return files.map((file) => {
    const shown = displayPath(resolve(file));
    let raw: unknown;
    try {
      raw = readJsonFile(file);
    } catch (e) {
      if (e instanceof UsageError)
        return { file: shown, kind: 'unreadable', ok: false, messages: [e.message] };
      throw e;
    }
    if (isJsonSchema(raw))
      return { file: shown, kind: 'schema', ok: true, messages: [], detail: 'a JSON Schema, not checked' };
    if (looksLikeSweep(raw)) {
      try {
        const plan = planFromSweepFile(file);
        return {
          file: shown,
          kind: 'sweep',
          ok: true,
          messages: [],
          detail: `${plan.pointCount} points × ${plan.replicates} replicates = ${plan.runCount} runs`,
        };
      } catch (e) {
        if (e instanceof UsageError)
          return { file: shown, kind: 'sweep', ok: false, messages: e.message.split('\n') };
        throw e;
      }
    }
    const res = resolveScenario(raw, shown, fileLoaderFor(file));
    if (res.ok)
      return {
        file: shown,
        kind: 'scenario',
        ok: true,
        messages: [],
        detail: `scenario "${res.scenario.id}"`,
      };
    return {
      file: shown,
      kind: 'scenario',
      ok: false,
      messages: res.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`),
    };
  });
}
