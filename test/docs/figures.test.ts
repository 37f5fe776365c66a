// Every figure in docs/ is made by a command (scripts/figures.ts, `npm run docs:figures`) and
// stamped in docs/figures.json with a hash of what decides it: the command, the resolved scenarios,
// the model's behaviour. A stamped figure whose inputs changed is stale and fails here, naming the
// command that regenerates it. Cheap: the stamp runs the default scenario twice, not the figure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FIGURES,
  ROOT,
  readStamps,
  stampOf,
  varianceTable,
  varianceTableInDoc,
} from '../../scripts/figures.ts';

/**
 * Figures not regenerated since the stamps began (a null stamp). Every figure has been regenerated
 * on model v3, so none waits; a figure added later starts here until its command has run.
 */
const AWAITING: string[] = [];

describe('figures in docs/', () => {
  it('every figure file in docs/ is made by a listed command', () => {
    const made = new Set(FIGURES.flatMap((f) => f.files));
    const figures = readdirSync(join(ROOT, 'docs'))
      .filter((f) => /\.(svg|csv|png)$/.test(f))
      .map((f) => `docs/${f}`);
    expect(figures.filter((f) => !made.has(f))).toEqual([]);
    expect([...made].filter((f) => !figures.includes(f))).toEqual([]);
  });

  it('stamped figures are up to date with the model and their commands', () => {
    const stamps = readStamps();
    expect(Object.keys(stamps).sort()).toEqual(FIGURES.map((f) => f.name).sort());
    const stale = FIGURES.filter((f) => stamps[f.name] !== null && stamps[f.name] !== stampOf(f)).map(
      (f) => `${f.name}: stale, regenerate with npm run docs:figures -- ${f.name} (${f.command.join(' ')})`,
    );
    expect(stale).toEqual([]);
  });

  it('the figures awaiting regeneration are exactly those listed', () => {
    const stamps = readStamps();
    expect(FIGURES.filter((f) => stamps[f.name] === null).map((f) => f.name)).toEqual(AWAITING);
  });

  it("calibration.md's variance table is drawn from calibration-variance.csv", () => {
    const csv = readFileSync(join(ROOT, 'docs', 'calibration-variance.csv'), 'utf8');
    expect(varianceTableInDoc()).toBe(varianceTable(csv));
    expect(varianceTable(csv).split('\n')).toHaveLength(8);
  });

  it('a stamp changes with the model and the command, not with anything else', () => {
    const docking = FIGURES.find((f) => f.name === 'docking')!;
    expect(stampOf(docking)).toBe(stampOf({ ...docking }));
    expect(stampOf({ ...docking, command: [...docking.command, '--extra'] })).not.toBe(stampOf(docking));
    const variance = FIGURES.find((f) => f.name === 'calibration-variance')!;
    expect(stampOf({ ...variance, scenarios: ['lean'] })).not.toBe(stampOf(variance));
  });
});

describe('outputs of the documentation commands', () => {
  /** Folders the npm scripts write outside docs/ (their `--out` that is not a doc). */
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<
    string,
    string
  >;
  const outs = Object.values(scripts)
    .flatMap((c) => [...c.matchAll(/--out (\S+)/g)].map((m) => m[1]))
    .filter((o) => !o.startsWith('docs/'));

  it('are named', () => {
    expect(outs).toEqual(['posterior', 'sensitivity']);
  });

  it.each(outs)('%s/ is ignored by git and by the linter', (out) => {
    const probe = join(ROOT, out, 'pilotnet-ignore-probe.json');
    mkdirSync(join(ROOT, out), { recursive: true });
    const existed = readdirSync(join(ROOT, out)).length > 0;
    writeFileSync(probe, '{"badly":   "formatted" ,"json":1}');
    try {
      const git = spawnSync('git', ['check-ignore', '-q', probe], { cwd: ROOT });
      expect(git.status).toBe(0);
      const biome = join(ROOT, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
      // Ignored: biome processes nothing (a file it checked would fail on the formatting above).
      const lint = spawnSync(process.execPath, [biome, 'check', '--no-errors-on-unmatched', probe], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(`${lint.stdout}${lint.stderr}`).toMatch(/Checked 0 files/);
      expect(lint.status).toBe(0);
    } finally {
      rmSync(probe, { force: true });
      if (!existed) rmSync(join(ROOT, out), { recursive: true, force: true });
    }
  });
});
