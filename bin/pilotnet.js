#!/usr/bin/env node
// pilotnet command-line entry: runs the JavaScript built into lib/ (`npm install` builds it; see
// scripts/build.js). `npx pilotnet --help` lists the commands.
//
// In a clone, the TypeScript sources sit next to the build. If the build is missing, or older than
// a source file (after an edit or a pull), the sources run through tsx instead, with a note on
// stderr: slower to start, never stale. An installed package holds no sources and no tsx: it runs
// the build.
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const built = new URL('lib/main.js', root);
const SOURCE_DIRS = ['cli/', 'sim/', 'report/', 'methods/'];

/** Why the build cannot be used, or '' when it is current. */
function staleness() {
  if (!existsSync(new URL('cli/main.ts', root))) return ''; // an installed package: no sources
  if (!existsSync(built)) return 'lib/ has no build';
  const time = statSync(built).mtimeMs;
  for (const dir of SOURCE_DIRS) {
    if (!existsSync(new URL(dir, root))) continue;
    for (const name of readdirSync(new URL(dir, root), { recursive: true })) {
      if (name.endsWith('.ts') && statSync(new URL(dir + name, root)).mtimeMs > time)
        return `${dir}${name} is newer than the build`;
    }
  }
  return '';
}

// A reader that stops early (`pilotnet --help | head -1`) closes the pipe: that ends the output,
// quietly, as it does for any Unix filter. Any other write error is a real one.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const why = staleness();
let main;
if (why) {
  process.stderr.write(`pilotnet: ${why}; running the TypeScript sources (npm run build:lib to rebuild)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
} else {
  ({ main } = await import(built.href));
}
process.exitCode = await main(process.argv);
