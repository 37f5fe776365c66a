// Build: the JavaScript the CLI, its workers and the package run, ahead of time, into lib/ (not
// committed). `npm install` runs it (the `prepare` script), so does `npm pack`; the tests run the
// JavaScript part first (test/global-setup.ts) so the CLI they spawn is the code they test.
//
//   node scripts/build.js          JavaScript and type declarations (lib/types, tsc)
//   node scripts/build.js --js     JavaScript only (a fraction of a second)
//
// esbuild bundles the CLI (lib/main.js) and its pool workers (lib/*-worker.js) with their
// dependencies inlined, so a run loads a handful of files instead of a few hundred modules; each
// command's code sits in its own chunk, loaded when the command runs. The package (lib/index.js,
// lib/sim.js) keeps its dependencies as imports, so an application shares them. piscina stays
// external everywhere: it starts its workers from its own files. lib/ is flat, so `import.meta.url`
// finds the worker and the package root from any chunk. Files are written whole (temporary file,
// then rename); chunks (hashed names) a previous build left are removed once unused for 10
// minutes (at once by a full build), so a CLI started before a rebuild still finds its chunks.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIB = join(ROOT, 'lib');
const jsOnly = process.argv.includes('--js');

// Bundled CommonJS dependencies call require(); an ES module has none, so give the bundle one.
const REQUIRE =
  "import { createRequire as __pilotnetRequire } from 'node:module';\n" +
  'const require = __pilotnetRequire(import.meta.url);';

const common = {
  absWorkingDir: ROOT,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  outdir: LIB,
  splitting: true,
  chunkNames: '[name]-[hash]',
  write: false,
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
};

const builds = [
  // The command line and its worker: dependencies inlined, whitespace and syntax minified (names
  // kept, so an internal error's stack still reads).
  {
    ...common,
    entryPoints: {
      main: 'cli/main.ts',
      'sweep-worker': 'exec/sweep-worker.ts',
      'sobol-worker': 'cli/sobol-worker.ts',
      'run-worker': 'cli/run-worker.ts',
    },
    external: ['piscina'],
    minifyWhitespace: true,
    minifySyntax: true,
    banner: { js: REQUIRE },
  },
  // The package: the engine and runner API, dependencies imported.
  { ...common, entryPoints: { index: 'index.ts', sim: 'sim/index.ts' }, packages: 'external' },
];

const t0 = performance.now();
mkdirSync(LIB, { recursive: true });
const written = new Set();
for (const options of builds) {
  const result = await build(options);
  for (const file of result.outputFiles) {
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
    written.add(file.path);
  }
}
// Files of earlier builds: hashed chunks once unused for 10 minutes; with a full build, all.
const HASHED = /-[A-Z0-9]{8}\.js(\.map|\.LEGAL\.txt)?$/;
const cutoff = Date.now() - 10 * 60_000;
for (const entry of readdirSync(LIB, { withFileTypes: true })) {
  const file = join(LIB, entry.name);
  if (!entry.isFile() || written.has(file)) continue;
  if (!jsOnly || (HASHED.test(entry.name) && statSync(file).mtimeMs < cutoff)) rmSync(file, { force: true });
}
if (!jsOnly) {
  // Declarations for the package's users (exports "types"): tsc, the same checker as `npm run typecheck`.
  // Written afresh, so a module that moved leaves no declaration behind at its old place.
  rmSync(join(LIB, 'types'), { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}
const took = ((performance.now() - t0) / 1000).toFixed(1);
process.stdout.write(
  `pilotnet build: ${written.size} files in ${relative(process.cwd(), LIB) || '.'}/${jsOnly ? '' : ' and types in lib/types/'} (${took} s)\n`,
);
