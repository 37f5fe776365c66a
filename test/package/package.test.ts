// The package as a user gets it: a copy of the sources is packed (`npm pack` runs the build, as
// `npm install` on a clone does), the tarball is installed into a copy of docs/example-project
// (offline from npm's cache when it can), whose TypeScript is type-checked and compiled against the
// package's declarations and run with node: no tsx. Its output is checked against the engine run
// from the sources here; the installed CLI runs too.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
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
  'cli',
  'report',
  'scenarios',
];

const temp = mkdtempSync(join(tmpdir(), 'pilotnet-package-'));
const src = join(temp, 'pilotnet');
const app = join(temp, 'app');
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
}, 600_000);

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the package (npm pack, installed into docs/example-project)', { timeout: 300_000 }, () => {
  it('holds the built JavaScript, the declarations and the presets, not the sources', () => {
    const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toContain('package/lib/main.js');
    expect(listed).toContain('package/lib/sweep-worker.js');
    expect(listed).toContain('package/lib/index.js');
    expect(listed).toContain('package/lib/types/index.d.ts');
    expect(listed).toContain('package/scenarios/default.json');
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
