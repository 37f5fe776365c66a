// File input for the runner: JSON with line and column in errors, scenarios with `extends` and
// `--set` overrides, output folders that are never silently overwritten, provenance hashes.
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Problem,
  resolveScenario,
  type Scenario,
  type ScenarioLoader,
  setPath,
  validateScenario,
} from '../sim/index.ts';
import { inspectJson, LIMITS } from '../sim/scenario/limits.ts';
import {
  PARTNERS_MAX_CHARS,
  parsePartnersCsv,
  partnerProblems,
  withPartners,
} from '../sim/scenario/partners-csv.ts';
import { errnoReason, UsageError } from './errors.ts';
import { INCOMPLETE_FILE, lockOutDir, type OutputLock } from './outdir.ts';

/** The package root (the folder holding package.json), found from this file's location. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SCENARIOS_DIR = join(PACKAGE_ROOT, 'scenarios');

let version: string | undefined;
/** The pilotnet version from package.json, recorded in every output's provenance. */
export function pilotnetVersion(): string {
  version ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
  return version;
}

/** A path as the user would like to read it: relative to the working folder when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !rel.startsWith('/') ? rel : file;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/**
 * Parse JSON text; a syntax error becomes `file: line L, column C: invalid JSON: reason`. The
 * reason never quotes the text (V8 quotes a snippet of it; an `extends` must not reveal a file).
 */
export function parseJson(text: string, file: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? lineColumn(text, Number(pos[1])) : null;
    const reason = msg
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/ after JSON at position \d+.*$/s, ' after the JSON value')
      .replace(/, ".*$/s, '')
      .replace(/^Unexpected end of JSON input$/, 'unexpected end of the file')
      .replace(/^Unexpected token.*$/s, 'unexpected character')
      .replace(/^Unexpected non-whitespace character.*$/s, 'unexpected character after the JSON value')
      .replace(/^(Bad control character|Bad escaped character|Unterminated string).*$/s, '$1');
    throw new UsageError(
      `${file}: ${where ? `line ${where.line}, column ${where.column}: ` : ''}invalid JSON: ${reason}`,
    );
  }
  const hostile = inspectJson(value);
  if (hostile.length) throw UsageError.fromProblems(hostile.map((p) => ({ file, ...p })));
  return value;
}

/** Bytes read per call while a file is read under a limit. */
const CHUNK = 1 << 16;
const nap = new Int32Array(new SharedArrayBuffer(4));

/**
 * Read a file as UTF-8 text, never more than `limit` bytes, counted while reading: a device
 * (`/dev/zero`), a pipe or a growing file is stopped at the limit, whatever stat says of its size.
 * A FIFO with no writer reads as empty instead of waiting forever (opened non-blocking); a pipe
 * that stays silent for `quietMs` is given up. `regularOnly` refuses anything but a plain file
 * (what `extends` may reach). A leading byte-order mark is dropped, as the view does.
 */
export function readTextBounded(
  file: string,
  limit: number,
  options: { what?: string; regularOnly?: boolean; quietMs?: number } = {},
): string {
  const shown = displayPath(file);
  const what = options.what ?? 'an input file';
  let fd = -1;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UsageError(`${shown}: cannot read the file: is a folder`);
    if (options.regularOnly && !st.isFile())
      throw new UsageError(`${shown}: not a regular file (a device, pipe or socket); refused`);
    if (st.isFile() && st.size > limit)
      throw new UsageError(`${shown}: ${st.size} bytes; ${what} may have at most ${limit} bytes`);
    const chunks: Buffer[] = [];
    let total = 0;
    let quiet = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        if (quiet >= (options.quietMs ?? 10_000))
          throw new UsageError(`${shown}: nothing to read for ${Math.round(quiet / 1000)} s; gave up`);
        Atomics.wait(nap, 0, 0, 20);
        quiet += 20;
        continue;
      }
      if (n === 0) break;
      quiet = 0;
      total += n;
      if (total > limit)
        throw new UsageError(`${shown}: more than ${limit} bytes; ${what} may have at most ${limit} bytes`);
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    const text = Buffer.concat(chunks, total).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : errnoReason(e);
    throw new UsageError(`${shown}: cannot read the file: ${why}`);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** Read and parse a JSON file; a missing, unreadable or oversized file or bad JSON is a usage error. */
export function readJsonFile(file: string, options: { regularOnly?: boolean } = {}): unknown {
  const text = readTextBounded(file, LIMITS.jsonBytes, { what: 'a JSON input', ...options });
  return parseJson(text, displayPath(file));
}

/**
 * Where a named scenario lives: a bare name ("default") is a preset in the package's scenarios/
 * folder; a name ending in .json is a file relative to the file that names it.
 */
export function scenarioPath(name: string, from: string): string {
  if (name.endsWith('.json')) return resolve(dirname(from), name);
  if (!PRESET_NAME.test(name))
    throw new UsageError(
      `${displayPath(from)}: "${name.slice(0, 40)}": expected a preset name (such as "default") or a .json file relative to this file`,
    );
  return join(SCENARIOS_DIR, `${name}.json`);
}

const PRESET_NAME = /^[A-Za-z0-9][\w-]*$/;

/** `--extends-anywhere`: let `extends` reach files outside the scenario's folder tree. */
let extendsAnywhere = false;
export function allowExtendsAnywhere(on: boolean): void {
  extendsAnywhere = on;
}

const within = (file: string, dir: string) =>
  file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/**
 * The loader `resolveScenario` uses for `extends`, for a scenario read from `root`: a preset, or
 * a .json file inside the root scenario's folder tree (after symlinks are followed) or the presets;
 * never a device, pipe or other non-regular file. Errors carry no file content and no file name
 * beyond what the scenario itself wrote (the caller adds it).
 */
export function fileLoaderFor(root: string): ScenarioLoader {
  let top: string | null = null;
  return (name, from) => {
    const isFile = name.endsWith('.json');
    const file = isFile ? resolve(dirname(from), name) : join(SCENARIOS_DIR, `${name}.json`);
    if (!existsSync(file)) throw new Error(isFile ? `no such file ${displayPath(file)}` : 'no such preset');
    let real: string;
    try {
      real = realpathSync(file);
      top ??= realpathSync(dirname(resolve(root)));
    } catch (e) {
      throw new Error(`cannot read the file: ${errnoReason(e)}`);
    }
    if (!extendsAnywhere && !within(real, top) && !within(real, realpathSync(SCENARIOS_DIR)))
      throw new Error(
        `${displayPath(file)} is outside the scenario's folder (${displayPath(top)}) and the presets; refused (pass --extends-anywhere to allow it)`,
      );
    try {
      const raw = readJsonFile(file, { regularOnly: true });
      // A shipped preset's values may be quoted in an error; another extended file's never are.
      return { file: displayPath(file), raw, trusted: within(real, realpathSync(SCENARIOS_DIR)) };
    } catch (e) {
      throw new Error((e as Error).message);
    }
  };
}

/** The loader for a scenario read from the working folder (see fileLoaderFor). */
export const fileLoader: ScenarioLoader = (name, from) => fileLoaderFor(from)(name, from);

/** One `--set path=value` override; the value is JSON when it parses, a string otherwise. */
export interface Assignment {
  path: string;
  value: unknown;
}

export function parseAssignment(text: string, flag = '--set'): Assignment {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`${flag} ${text}: expected path=value, such as ties.alpha=0.1`);
  const path = text.slice(0, eq).trim();
  const rawValue = text.slice(eq + 1);
  const value = parseValue(rawValue);
  const hostile = inspectJson(value);
  if (hostile.length) throw new UsageError(`${flag} ${path}: ${hostile[0].message}`);
  return { path, value };
}

export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface LoadedScenario {
  /** The file as the user named it. */
  file: string;
  scenario: Scenario;
  /** The fully resolved scenario as canonical JSON (schema key order). */
  json: string;
  /** sha256 of `json`: the scenario's content hash in provenance. */
  hash: string;
}

/**
 * Apply overrides to a resolved scenario and validate again. Paths are checked against the
 * resolved scenario (not the bare defaults) so `--set` on a scenario that extends another one
 * changes only that parameter. Problems at an overridden path are reported against the flag.
 */
export function applyAssignments(
  scenario: Scenario,
  assignments: readonly Assignment[],
  file: string,
  flag = '--set',
): { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] } {
  if (assignments.length === 0) return { ok: true, scenario };
  const raw = structuredClone(scenario) as unknown as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const a of assignments) {
    const p = setPath(raw, a.path, a.value);
    if (p) problems.push({ ...p, file: flag });
  }
  if (problems.length) return { ok: false, problems };
  const res = validateScenario(raw, file);
  if (res.ok) return res;
  const touched = (path: string) =>
    assignments.some(
      (a) => path === a.path || path.startsWith(`${a.path}.`) || path.startsWith(`${a.path}[`),
    );
  return {
    ok: false,
    problems: res.problems.map((p) => (touched(p.path) ? { ...p, file: flag } : p)),
  };
}

/** Canonical JSON and hash of a resolved scenario. */
export function fingerprint(scenario: Scenario): { json: string; hash: string } {
  const json = JSON.stringify(scenario);
  return { json, hash: sha256(json) };
}

/**
 * A scenario argument as a file: a bare name that is not a file (`default`, `no-coach`) is the
 * preset of that name in the package's scenarios/ folder.
 */
export function scenarioFile(name: string): string {
  if (existsSync(name) || !/^[\w-]+$/.test(name)) return name;
  const preset = join(SCENARIOS_DIR, `${name}.json`);
  if (existsSync(preset)) return preset;
  const known = readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith('.json') && !f.endsWith('schema.json'))
    .map((f) => f.slice(0, -5));
  throw new UsageError(`${name}: no such file, and no preset of that name (presets: ${known.join(', ')})`);
}

/** Read a scenario file (or a preset by name), resolve `extends`, validate, apply `--set` overrides. */
/** Reads a partner list (CSV) for `--partners`; problems of the file itself exit with code 2. */
function readPartners(file: string) {
  const shown = displayPath(resolve(file));
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > PARTNERS_MAX_CHARS)
      throw new UsageError(`${shown}: ${size} bytes; a partner list may have at most ${PARTNERS_MAX_CHARS}`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${shown}: cannot read the file: ${code === 'ENOENT' ? 'no such file' : errnoReason(e)}`,
    );
  }
  const parsed = parsePartnersCsv(text, shown);
  if (!parsed.ok) throw UsageError.fromProblems(parsed.problems);
  return { shown, list: parsed.list };
}

export function loadScenario(
  name: string,
  assignments: readonly Assignment[] = [],
  partnersFile?: string,
): LoadedScenario {
  const file = scenarioFile(name);
  const raw = readJsonFile(file);
  const shown = displayPath(resolve(file));
  if (raw && typeof raw === 'object' && 'scenario' in raw && ('vary' in raw || 'points' in raw))
    throw new UsageError(
      `${shown}: this is a sweep file, not a scenario: run it with pilotnet sweep ${shown}`,
    );
  // A file that does not name itself is named after the file, not after what it extends.
  const named =
    raw && typeof raw === 'object' && !Array.isArray(raw) && !Object.hasOwn(raw, 'name')
      ? { ...raw, name: basename(file, '.json') }
      : raw;
  const res = resolveScenario(named, shown, fileLoaderFor(file));
  if (!res.ok) throw UsageError.fromProblems(res.problems);
  const set = applyAssignments(res.scenario, assignments, shown);
  if (!set.ok) throw UsageError.fromProblems(set.problems);
  if (partnersFile === undefined)
    return { file: shown, scenario: set.scenario, ...fingerprint(set.scenario) };
  // A consortium's own partners: validated by the schema, told by row and column of the CSV.
  const partners = readPartners(partnersFile);
  const withList = resolveScenario(withPartners(set.scenario, partners.list), shown);
  if (!withList.ok)
    throw UsageError.fromProblems(partnerProblems(withList.problems, partners.list, partners.shown));
  return { file: shown, scenario: withList.scenario, ...fingerprint(withList.scenario) };
}

/** `20261123-093252`: a folder-name timestamp in UTC. */
export function timestamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** The default output folder `results/<name>-<timestamp>/`, made unique if it already exists. */
export function defaultOutDir(name: string): string {
  const base = join('results', `${name.replace(/[^\w.-]+/g, '_')}-${timestamp()}`);
  let dir = base;
  for (let k = 2; existsSync(dir); k++) dir = `${base}-${k}`;
  return dir;
}

/**
 * Make an output folder and take its lock (one writer at a time). An existing folder with any of
 * `ours` in it is refused unless `force` (then those files are removed, or kept with `keepOld` for
 * a caller that builds the new result beside them) or `resume` (then they are kept). The caller
 * releases the lock when done; it is removed at exit in any case.
 */
export function prepareOutDir(
  dir: string,
  ours: (name: string) => boolean,
  options: { force?: boolean; resume?: boolean; keepOld?: boolean } = {},
): OutputLock & { existing: string[] } {
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new UsageError(`${dir}: exists and is not a folder`);
  const lock = lockOutDir(dir);
  try {
    const clash = readdirSync(dir).filter((f) => ours(f) || f === INCOMPLETE_FILE);
    if (clash.length && !options.resume) {
      if (!options.force)
        throw new UsageError(
          `${dir}: the output folder already holds results (${clash.slice(0, 3).join(', ')}${clash.length > 3 ? ', ...' : ''}); ` +
            'choose another --out, or pass --force to overwrite them' +
            (ours('runs.csv') ? ' (or --resume to continue a sweep)' : ''),
        );
      if (!options.keepOld) for (const f of clash) rmSync(join(dir, f), { force: true });
    }
    return { ...lock, existing: clash };
  } catch (e) {
    lock.release();
    throw e;
  }
}
