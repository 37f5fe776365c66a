// The package as a user gets it: a copy of the sources is packed (`npm pack` runs the build, as
// `npm install` on a clone does), the tarball is installed into a copy of docs/example-project
// (offline from npm's cache when it can), whose TypeScript is type-checked and compiled against the
// package's declarations and run with node: no tsx. Its output is checked against the engine run
// from the sources here; the installed CLI runs too. A second, empty folder gets the tarball alone
// (and TypeScript, without @types/node): the README's library example runs there under plain node,
// and the declarations type-check with no types but the package's.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../cli/api.ts';
import { simulate } from '../../sim/index.ts';
import { ROOT } from '../cli/helpers.ts';

/** What the build and `npm pack` read: the package's files and the build's inputs. */
const SOURCES = [
  'package.json',
  'README.md',
  'index.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'bin',
  'scripts',
  'sim',
  'methods',
  'exec',
  'cli',
  'report',
  'scenarios',
  'LICENSE',
  'CITATION.cff',
];

const temp = mkdtempSync(join(tmpdir(), 'pilotnet-package-'));
const src = join(temp, 'pilotnet');
const app = join(temp, 'app');
const bare = join(temp, 'bare');
const quiet = { NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false' };
const env = { ...process.env, ...quiet };

function npm(args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

function node(args: string[], cwd: string) {
  return spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
}

let tarball = '';

beforeAll(() => {
  for (const f of SOURCES) cpSync(join(ROOT, f), join(src, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
  const pack = npm(['pack', '--pack-destination', temp, '--json'], src);
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.out}`);
  tarball = join(temp, readdirSync(temp).find((f) => f.endsWith('.tgz'))!);
  cpSync(join(ROOT, 'docs', 'example-project'), app, {
    recursive: true,
    filter: (f) => !/[/\\](node_modules|dist|results)$/.test(f),
  });
  // Offline from npm's cache; if the cache lacks a package's metadata, the registry may fill it in.
  let install = npm(['install', '--offline', '--no-audit', tarball], app);
  if (install.status !== 0 && /ENOTCACHED/.test(install.out))
    install = npm(['install', '--prefer-offline', '--no-audit', tarball], app);
  if (install.status !== 0) throw new Error(`npm install of the tarball failed:\n${install.out}`);
  // The empty folder: a package.json and nothing else, then the tarball and TypeScript.
  mkdirSync(bare);
  writeFileSync(join(bare, 'package.json'), '{ "name": "bare", "private": true, "type": "module" }\n');
  let plain = npm(['install', '--offline', '--no-audit', tarball, 'typescript@5.9'], bare);
  if (plain.status !== 0 && /ENOTCACHED/.test(plain.out))
    plain = npm(['install', '--prefer-offline', '--no-audit', tarball, 'typescript@5.9'], bare);
  if (plain.status !== 0) throw new Error(`npm install into an empty folder failed:\n${plain.out}`);
}, 600_000);

/** The README's library example: the js block after its marker. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /<!-- library example -->\n```js\n([\s\S]*?)\n```/.exec(readme);
  if (!m) throw new Error('README.md: no js block after <!-- library example -->');
  return m[1];
}

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the package (npm pack, installed into docs/example-project)', { timeout: 300_000 }, () => {
  it('holds the built JavaScript, the declarations and the presets, not the sources', () => {
    const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toContain('package/lib/main.js');
    expect(listed).toContain('package/lib/sweep-worker.js');
    expect(listed).toContain('package/lib/index.js');
    expect(listed).toContain('package/lib/types/index.d.ts');
    expect(listed).toContain('package/scenarios/default.json');
    // compare --ensemble default reads the posterior; a licence and a citation travel with the code.
    expect(listed).toContain('package/scenarios/posterior/default.csv');
    expect(listed).toContain('package/scenarios/posterior/default.json');
    expect(listed).toContain('package/LICENSE');
    expect(listed).toContain('package/CITATION.cff');
    expect(listed.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('installs without tsx: the application depends only on what runs', () => {
    const modules = join(app, 'node_modules');
    expect(existsSync(join(modules, 'pilotnet', 'lib', 'index.js'))).toBe(true);
    expect(existsSync(join(modules, 'tsx'))).toBe(false);
    expect(existsSync(join(modules, 'esbuild'))).toBe(false);
  });

  it('type-checks and compiles the example against the declarations, then runs it with node', () => {
    const tsc = npm(['run', 'build'], app);
    expect(tsc.out).not.toMatch(/error TS/);
    expect(tsc.status).toBe(0);
    const run = node(['dist/main.js'], app);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // The same run from the sources here: the package computes what the engine computes.
    const mine = loadScenario(join(ROOT, 'docs', 'example-project', 'scenarios', 'no-coach.json'));
    const o = simulate(mine.scenario, { seed: 7 }).summary.outcomes;
    const said = o.submitted ? `submitted after ${o.months.toFixed(1)} months` : 'gave up';
    expect(run.stdout).toContain(`one run of my-pilot-no-coach, seed 7: ${said}`);
    expect(run.stdout).toContain('same outcome: true');
    expect(run.stdout).toMatch(/compared over 20 pairs:\n {2}my-pilot-no-coach .*\n/);
    expect(run.stdout).toContain('sweep: 20 runs in results/sweep/runs.csv');
    const rows = readFileSync(join(app, 'results', 'sweep', 'runs.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(rows).toHaveLength(21);
  });

  it("runs the README's library example in an empty folder under plain node", () => {
    writeFileSync(join(bare, 'example.mjs'), `${readmeExample()}\n`);
    const run = node(['example.mjs'], bare);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const o = simulate(loadScenario(join(ROOT, 'scenarios', 'meetings-halved.json')).scenario, { seed: 1 })
      .summary.outcomes;
    const said = o.submitted ? `submitted after ${o.months.toFixed(1)} months` : 'gave up';
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(`meetings-halved, seed 1: ${said}`);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines[1]).toMatch(/meetings-halved/);
  });

  it('type-checks against the declarations with no @types/node and no skipLibCheck', () => {
    expect(existsSync(join(bare, 'node_modules', '@types', 'node'))).toBe(false);
    writeFileSync(
      join(bare, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          types: [],
          skipLibCheck: false,
        },
        include: ['check.ts'],
      }),
    );
    writeFileSync(
      join(bare, 'check.ts'),
      [
        "import { compare, DEFAULTS, loadScenario, type RunSummary, simulate, sweep, UsageError } from 'pilotnet';",
        "import { createSimulation } from 'pilotnet/sim';",
        'const s: RunSummary = simulate(DEFAULTS, { seed: 1 }).summary;',
        'export const weeks: number = s.outcomes.weeks + createSimulation(DEFAULTS, { seed: 1 }).week;',
        'export { compare, loadScenario, sweep, UsageError };',
        '',
      ].join('\n'),
    );
    const tsc = node([join(bare, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], bare);
    expect(tsc.stdout).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('compares across the shipped posterior from the installed package (compare --ensemble default)', () => {
    const bin = join(bare, 'node_modules', '.bin', 'pilotnet');
    const args = ['compare', 'default', 'meetings-halved', '--ensemble', 'default', '--draws', '2'];
    const run = spawnSync(bin, [...args, '--ensemble-replicates', '2', '--workers', '1'], {
      cwd: bare,
      env,
      encoding: 'utf8',
    });
    expect(run.stderr).not.toMatch(/posterior|ENOENT|cannot/i);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/across|posterior|particles/i);
  });

  it('exposes the engine alone as pilotnet/sim and nothing by deep path', () => {
    const sim = node(
      [
        '--input-type=module',
        '-e',
        "const m = await import('pilotnet/sim'); console.log(typeof m.simulate, typeof m.sweep)",
      ],
      app,
    );
    expect(sim.stdout.trim()).toBe('function undefined');
    const deep = node(['--input-type=module', '-e', "await import('pilotnet/cli/api.ts')"], app);
    expect(deep.status).not.toBe(0);
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('installs a CLI that runs the build (no note about sources) and finds its presets', () => {
    const bin = join(app, 'node_modules', '.bin', 'pilotnet');
    const preset = join(app, 'node_modules', 'pilotnet', 'scenarios', 'default.json');
    const run = spawnSync(bin, ['run', preset, '--summary-only'], { cwd: app, env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('1 replicate, base seed 1');
    const check = spawnSync(bin, ['validate', 'scenarios/no-coach.json'], {
      cwd: app,
      env,
      encoding: 'utf8',
    });
    expect(check.stdout).toContain('ok  scenarios/no-coach.json');
  });

  it('in a clone, runs the sources through tsx (and says so) when a source is newer than the build', () => {
    const bin = join(src, 'bin', 'pilotnet.js');
    const fresh = node([bin, '--version'], src);
    expect(fresh.stderr).toBe('');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(src, 'sim', 'engine.ts'), later, later);
    const stale = node([bin, '--version'], src);
    expect(stale.status).toBe(0);
    expect(stale.stderr).toContain('sim/engine.ts is newer than the build; running the TypeScript sources');
    expect(stale.stdout.trim()).toBe(fresh.stdout.trim());
  });
});
