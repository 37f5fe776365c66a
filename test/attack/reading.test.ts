// Attack suite, reading (issue 21, findings 2, 6 and 14): every file is read under a byte limit
// counted while reading (devices, pipes and growing files included); `extends` stays inside the
// scenario's folder tree or the presets, refuses non-regular files and never prints what it read.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, type CliResult, cli, hasStack, tempDir, writeJson } from '../cli/helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const sub = join(dir, 'project');
mkdirSync(sub);
writeJson(join(dir, 'secret.json'), { ties: { alpha: 'SECRET-TOKEN' } });
writeJson(join(sub, 'outside.json'), { extends: '../secret.json' });
symlinkSync('/dev/zero', join(sub, 'zero.json'));
writeJson(join(sub, 'to-zero.json'), { extends: 'zero.json' });
symlinkSync(join(dir, 'secret.json'), join(sub, 'link.json'));
writeJson(join(sub, 'through-link.json'), { extends: 'link.json' });
writeFileSync(join(dir, 'not-json.json'), 'root:x:0:0:SECRET-LINE\n');
writeJson(join(dir, 'bad-parent.json'), { extends: 'not-json.json' });
execFileSync('mkfifo', [join(dir, 'fifo.json')]);
writeFileSync(join(dir, 'bom.json'), '\ufeff{"name":"with a byte-order mark"}');

/** One line on stderr, exit 2, no stack, no secret, quickly. */
function refused(r: CliResult, pattern: RegExp): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines.length).toBeLessThanOrEqual(2); // the problem, and validate's count line
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/SECRET|root:x/);
  expect(hasStack(r.stderr)).toBe(false);
}

/** Run the CLI with stdin from a file (the shell's `< file`). */
function withStdin(args: string[], input: string): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    stdio: [openSync(input, 'r'), 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr })));
}

describe('attack: reading', () => {
  it('extends outside the scenario folder is refused, and its value is not shown', async () => {
    refused(await cli(['validate', join(sub, 'outside.json')], dir), /outside the scenario's folder/);
  });

  it('with --extends-anywhere the extended value is still not printed', async () => {
    const r = await cli(['--extends-anywhere', 'validate', join(sub, 'outside.json')], dir);
    refused(r, /ties\.alpha: .*a value from an extended file \(not shown\)/);
  });

  it('extends through a symlink out of the folder is refused', async () => {
    refused(await cli(['validate', join(sub, 'through-link.json')], dir), /outside the scenario's folder/);
  });

  it('extends to a device is refused as a non-regular file, even when allowed anywhere', async () => {
    const r = await cli(['--extends-anywhere', 'run', join(sub, 'to-zero.json'), '--summary-only'], dir);
    refused(r, /not a regular file/);
  });

  it('a JSON syntax error in an extended file quotes nothing of it', async () => {
    const r = await cli(['validate', join(dir, 'bad-parent.json')], dir);
    refused(r, /invalid JSON: unexpected character/);
  });

  it('run /dev/stdin < /dev/zero stops at the byte limit', async () => {
    const r = await withStdin(['run', '/dev/stdin', '--summary-only'], '/dev/zero');
    refused(r, /more than 16777216 bytes/);
  });

  it('a FIFO with no writer does not hang', async () => {
    const r = await cli(['run', join(dir, 'fifo.json'), '--summary-only'], dir);
    refused(r, /invalid JSON/);
  });

  it('a scenario with a byte-order mark is read, as the view reads it', async () => {
    const r = await cli(['validate', join(dir, 'bom.json')], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok/);
  });
});
