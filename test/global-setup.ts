// Before the tests: build the JavaScript the CLI runs (scripts/build.js --js, about a second), so
// the tests that spawn bin/pilotnet.js test the current sources as users run them, never a stale build.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const script = fileURLToPath(new URL('../scripts/build.js', import.meta.url));
  execFileSync(process.execPath, [script, '--js'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
