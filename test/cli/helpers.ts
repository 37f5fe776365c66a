// Helpers for the CLI tests: run `node bin/pilotnet.js ...` in a temporary folder and read
// what it wrote.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BIN = join(ROOT, 'bin', 'pilotnet.js');
export const SCENARIOS = join(ROOT, 'scenarios');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Start the CLI; `done` resolves when it exits. */
export function start(args: string[], cwd: string): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<CliResult>((res) =>
    child.on('close', (code, signal) => res({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export const cli = (args: string[], cwd: string): Promise<CliResult> => start(args, cwd).done;

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pilotnet-cli-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const writeJson = (file: string, value: unknown) =>
  writeFileSync(file, JSON.stringify(value, null, 2));

export function readCsv(file: string): { header: string[]; rows: Record<string, string>[]; lines: string[] } {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => {
    const f = l.split(',');
    return Object.fromEntries(header.map((h, i) => [h, f[i]]));
  });
  return { header, rows, lines };
}

/** The lines of a file sorted: the order-free content of runs.csv. */
export const sortedLines = (file: string): string => readFileSync(file, 'utf8').split('\n').sort().join('\n');

/** No stack trace in a user-facing error. */
export const hasStack = (text: string): boolean => /\n\s+at .+:\d+:\d+/.test(text);
