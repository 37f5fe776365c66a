// Provenance beside every output folder: manifest.json says which command wrote the folder (its
// command line and resolved options), when, with which pilotnet (version, and git commit when it
// runs from a clone), which Node on which platform, and the SHA-256 of each resolved scenario
// (after --set). The results themselves stay byte-identical across runs; only this file carries a
// clock. Written whole, last, by the folder's one writer.
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT, pilotnetVersion } from './io.ts';
import { writeFileAtomic } from './outdir.ts';

export const MANIFEST_FILE = 'manifest.json';

/** How the command line started this process (set once by cli/main.ts before a command runs). */
interface Invocation {
  command: string;
  argv: string[];
  options: Record<string, unknown>;
  started: string;
}

let invocation: Invocation | null = null;

/** Called by the CLI before a command's action: the command, its arguments and parsed options. */
export function setInvocation(command: string, argv: string[], options: Record<string, unknown>): void {
  invocation = { command, argv, options: { ...options }, started: new Date().toISOString() };
}

/** A scenario an output was computed from: its id, the file as named, its resolved SHA-256. */
export interface ManifestScenario {
  id: string;
  file?: string;
  sha256: string;
}

export interface Manifest {
  pilotnet: string;
  commit: string | null;
  command: string;
  commandLine: string | null;
  argv: string[] | null;
  options: Record<string, unknown>;
  cwd: string;
  started: string;
  finished: string;
  node: string;
  platform: string;
  scenarios: ManifestScenario[];
}

let commit: string | null | undefined;
/**
 * The git commit pilotnet runs from, when its folder is the top of a git work tree (a clone or
 * worktree); null for an installed package (whose folder may sit inside someone else's repository).
 */
export function pilotnetCommit(): string | null {
  if (commit !== undefined) return commit;
  commit = null;
  try {
    const [top, head] = execFileSync('git', ['-C', PACKAGE_ROOT, 'rev-parse', '--show-toplevel', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    })
      .trim()
      .split('\n');
    if (realpathSync(top) === realpathSync(PACKAGE_ROOT) && /^[0-9a-f]{40}$/.test(head)) commit = head;
  } catch {
    // No git, or not a repository: the version alone says where the code came from.
  }
  return commit;
}

/** One argument as a POSIX shell would need it written to give it back unchanged. */
export const shellQuote = (a: string): string =>
  /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`;

/** Options as JSON can hold them: functions and signals dropped, sets and maps as arrays. */
function plainOptions(options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if (typeof v === 'function' || v === undefined || (typeof v === 'object' && v && 'aborted' in v))
      continue;
    out[k] = v;
  }
  return out;
}

/**
 * The manifest of an output written now. From the command line it records the command line and the
 * parsed options; called from the library (no command line), the `command` and `options` given.
 */
export function buildManifest(
  command: string,
  scenarios: ManifestScenario[],
  options: Record<string, unknown> = {},
): Manifest {
  const cli = invocation;
  return {
    pilotnet: pilotnetVersion(),
    commit: pilotnetCommit(),
    command: cli?.command ?? command,
    commandLine: cli ? ['pilotnet', ...cli.argv].map(shellQuote).join(' ') : null,
    argv: cli ? cli.argv : null,
    options: plainOptions(cli ? cli.options : options),
    cwd: process.cwd(),
    started: cli?.started ?? new Date().toISOString(),
    finished: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    scenarios,
  };
}

/**
 * Write `dir`/manifest.json (whole: temporary file, then rename); `file` names it otherwise where
 * several methods share a folder (sensitivity: morris.manifest.json beside morris.csv).
 */
export function writeManifest(
  dir: string,
  command: string,
  scenarios: ManifestScenario[],
  options: Record<string, unknown> = {},
  file = MANIFEST_FILE,
): void {
  writeFileAtomic(
    join(dir, file),
    `${JSON.stringify(buildManifest(command, scenarios, options), null, 2)}\n`,
  );
}
