// The small things a new user meets first: help for a command, presets by name, a custom
// scenario named after its file, --plot only as .svg, --summary-only with --out.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cli, hasStack, tempDir, writeJson } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describe('the CLI as a new user meets it', () => {
  it('`help run` prints the help of run and exits 0', async () => {
    const r = await cli(['help', 'run'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: pilotnet run/);
  });

  it('runs a preset by name, and names an unknown one with the list of presets', async () => {
    const ok = await cli(['run', 'no-coach', '--summary-only'], dir);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^No coach \(no-coach\)/);
    const bad = await cli(['run', 'no-such-preset', '--summary-only'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^no-such-preset: no such file, and no preset of that name \(presets: .*no-coach/,
    );
    expect(hasStack(bad.stderr)).toBe(false);
  });

  it('names a custom scenario without a name after its file', async () => {
    writeJson(join(dir, 'my-case.json'), { extends: 'default', ties: { alpha: 0.1 } });
    const r = await cli(['run', 'my-case.json', '--summary-only'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('my-case (default)');
  });

  it('refuses a --plot that is not .svg before running anything', async () => {
    const r = await cli(['compare', 'default', 'no-coach', '--replicates', '2', '--plot', 'p.png'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--plot p\.png: plots are written as SVG/);
    expect(existsSync(join(dir, 'p.png'))).toBe(false);
  });

  it('--summary-only --out writes summary.json and its manifest.json, nothing else', async () => {
    const r = await cli(['run', 'default', '--summary-only', '--replicates', '2', '--out', 'so'], dir);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'so')).sort()).toEqual(['manifest.json', 'summary.json']);
    const s = JSON.parse(readFileSync(join(dir, 'so', 'summary.json'), 'utf8'));
    expect(s.replicates).toBe(2);
    expect(s.scenario.id).toBe('default');
  });

  it('calibrate, sensitivity, search and discover help point at docs that exist', async () => {
    for (const cmd of ['calibrate', 'sensitivity', 'search', 'discover']) {
      const r = await cli([cmd, '--help'], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/MODEL\.md/);
      const docs = [...r.stdout.matchAll(/docs\/[\w-]+\.md/g)].map((m) => m[0]);
      expect(docs.length).toBeGreaterThan(0);
      for (const d of docs) expect(existsSync(join(__dirname, '..', '..', d)), d).toBe(true);
    }
  });
});

describe('design spaces by name', () => {
  it('an unknown design space is named with the list of shipped ones', async () => {
    const r = await cli(['search', 'no-such-design', '--out', 'nd'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^no-such-design: no such file, and no design space of that name \(shipped: .*fewer-meetings/,
    );
    expect(hasStack(r.stderr)).toBe(false);
    expect(existsSync(join(dir, 'nd'))).toBe(false);
  });
});

describe('piped into a reader that stops early', () => {
  it('`pilotnet … | head -1` ends quietly, with no stack trace', () => {
    for (const args of ['--help', 'columns', 'run default --summary-only']) {
      // bash reports the CLI's own exit status through PIPESTATUS, on stderr after the CLI's own.
      const r = spawnSync(
        'bash',
        ['-c', `"${process.execPath}" "${BIN}" ${args} | head -1; echo "status \${PIPESTATUS[0]}" >&2`],
        { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      );
      expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr, args).toBe('status 0\n');
    }
  });
});
