// The pinned engine the speed section compares against (issue 20 item 4): sim/ as it was at
// BASELINE_COMMIT (main's HEAD when the allocation work began), extracted with `git archive` into
// bench/baseline-engine/<commit>/sim/ (git-ignored) the first time it is needed, and loaded from there.
// Both engines then run through the same harness, so every ratio is engine against engine.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BASELINE_COMMIT = '4907ee8aaa545dffff96685cb8476f37be7adac2';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = fileURLToPath(new URL(`./baseline-engine/${BASELINE_COMMIT}/`, import.meta.url));

/**
 * The file URL of the speed section's worker on an engine: `current` is bench/speed-worker.ts on
 * this checkout's sim/; `baseline` the same worker written next to the pinned copy.
 */
export function speedWorker(engine: 'current' | 'baseline'): string {
  if (engine === 'current') return new URL('./speed-worker.ts', import.meta.url).href;
  const entry = `${DIR}speed-worker.ts`;
  if (!existsSync(entry)) {
    // Extracted whole into a temporary folder, then renamed: a stopped extraction leaves no half copy.
    const tmp = `${DIR.replace(/\/$/, '')}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const tar = execFileSync('git', ['-C', ROOT, 'archive', '--format=tar', BASELINE_COMMIT, 'sim/'], {
      maxBuffer: 1 << 26,
    });
    execFileSync('tar', ['-x', '-C', tmp], { input: tar });
    const batch = new URL('./speed-batch.ts', import.meta.url).href;
    writeFileSync(
      `${tmp}/speed-worker.ts`,
      `// Written by bench/baseline.ts: bench/speed-worker.ts on the pinned engine.\n` +
        `import { workerData } from 'piscina';\nimport * as sim from './sim/index.ts';\n` +
        `import { makeRunBatch } from ${JSON.stringify(batch)};\n` +
        `export default makeRunBatch(sim, workerData);\n`,
    );
    renameSync(tmp, DIR);
  }
  return pathToFileURL(entry).href;
}
