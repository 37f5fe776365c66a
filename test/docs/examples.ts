// Example outputs in the docs, produced by the commands they show: a block
//   <!-- example: pilotnet compare default meetings-halved --replicates 50 | head -12 -->
//   ```
//   (output)
//   ```
// holds what that command prints (stdout; `| head -N` keeps the first N lines). `npm run
// docs:examples` rewrites every block; test/docs/examples.test.ts re-runs them and compares, so no
// example goes stale. Commands run in an empty temporary folder (presets by name); in a worked
// example (docs/decision.md) the commands build on each other, so they run in order in one folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const EXAMPLE_FILES = ['README.md', 'docs/headless.md', 'docs/statistics.md', 'docs/decision.md'];
/** Files whose examples build on each other: run in order, in one folder. */
export const WORKED_FILES = new Set(['docs/decision.md']);
// The closing fence alone on its line: a ``` inside a line (or followed by text) does not end a block.
const BLOCK = /<!-- example: (pilotnet [^>]*?) -->\n```\n([\s\S]*?)^```$/gm;

export interface Example {
  file: string;
  command: string;
  shown: string;
}

export function examplesIn(file: string): Example[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(BLOCK)].map((m) => ({ file, command: m[1], shown: m[2] }));
}

/** What the command prints now (stdout, cut by `| head -N`), ending with a newline; in `folder` if given. */
export function runExample(command: string, folder?: string): string {
  const [cmd, head] = command.split(/\s*\|\s*head -/);
  const args = cmd.trim().split(/\s+/).slice(1);
  const cwd = folder ?? mkdtempSync(join(tmpdir(), 'pilotnet-example-'));
  try {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'pilotnet.js'), ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 1 << 26,
    });
    if (r.status !== 0) throw new Error(`${command}: exit ${r.status}\n${r.stderr}`);
    let lines = r.stdout.replace(/\n+$/, '').split('\n');
    if (head) lines = lines.slice(0, Number(head));
    return `${lines.join('\n')}\n`;
  } finally {
    if (!folder) rmSync(cwd, { recursive: true, force: true });
  }
}

/** A folder for a worked example's commands, and its removal. */
export function workedFolder(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pilotnet-worked-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Rewrite every example block of the files (or of those named) with what its command prints now. */
export function writeExamples(only: readonly string[] = []): void {
  for (const file of EXAMPLE_FILES.filter((f) => only.length === 0 || only.includes(f))) {
    const path = join(ROOT, file);
    const text = readFileSync(path, 'utf8');
    const worked = WORKED_FILES.has(file) ? workedFolder() : null;
    try {
      const next = text.replace(BLOCK, (_all, command: string) => {
        process.stderr.write(`${file}: ${command}\n`);
        return `<!-- example: ${command} -->\n\`\`\`\n${runExample(command, worked?.dir)}\`\`\``;
      });
      if (next !== text) writeFileSync(path, next);
    } finally {
      worked?.cleanup();
    }
  }
}

// `npm run docs:examples` rewrites them all; `tsx test/docs/examples.ts docs/decision.md` one file.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]))
  writeExamples(process.argv.slice(2));
