// Attack suite, text and the view's payload (issue 21, findings 12 and 13): names printed to a
// terminal are escaped; written SVG and GEXF hold no character XML forbids; a scenario too deep or
// too large is stopped before postMessage with a message; a link's unknown preset is named.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { terminalText } from '../../exec/errors.ts';
import { xmlSafe } from '../../report/xml.ts';
import { resolveScenario } from '../../sim/index.ts';
import { sourceProblems } from '../../viz/engine-client.ts';
import { networkSVG } from '../../viz/network-svg.ts';
import { presetLoader } from '../../viz/presets.ts';
import { cli, tempDir, writeJson } from '../cli/helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
const XML_FORBIDDEN = /[\u0001\u000b\ufffe\ud800]/;

describe('attack: text', () => {
  it('terminalText makes ESC, OSC, CSI, carriage returns and bidi overrides visible', () => {
    const evil = 'a\u001b]0;pwned\u0007b\u001b[2J\rc\u202ed\u009be\n\tf';
    const safe = terminalText(evil);
    expect(safe).not.toMatch(CONTROL);
    expect(safe).not.toContain('\u202e');
    expect(safe).toContain('\\u{1b}]0;pwned\\u{7}');
    expect(safe.endsWith('\n\tf')).toBe(true);
  });

  it('run prints a scenario name with escapes as visible text, never raw', async () => {
    const file = join(dir, 'evil-name.json');
    writeJson(file, { name: 'evil\u001b]0;pwned\u0007\u001b[2J\rforged line' });
    const r = await cli(['run', file, '--summary-only'], dir);
    expect(r.code).toBe(0);
    for (const c of ['\u001b', '\u0007', '\r']) expect(r.stdout).not.toContain(c);
    expect(r.stdout.split('\n')[0]).toBe('evil\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{d}forged line (default)');
  });

  it('xmlSafe drops what XML forbids and keeps the rest, surrogate pairs included', () => {
    expect(xmlSafe('a\u0001b\u000bc\ufffed\ud800e\t\n\r😀')).toBe('abcde\t\n\r😀');
  });

  it('an exported SVG of a network whose title holds control characters has none of them', () => {
    const svg = networkSVG('name \u0001 with \u000b controls \ufffe', {
      frame: null,
      run: null,
      xy: null,
      width: 100,
      height: 80,
    } as unknown as Parameters<typeof networkSVG>[1]);
    expect(svg).toContain('<title>name  with  controls </title>');
    expect(svg).not.toMatch(XML_FORBIDDEN);
  });
});

describe('attack: the view payload', () => {
  it('a scenario nested 100,000 deep is refused before postMessage, with a message', () => {
    let raw: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) raw = { x: raw };
    const problems = sourceProblems({ raw, file: 'link', edits: {}, halve: false });
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/too large to run: nested more than 64 levels deep/);
  });

  it('edits with a million values are refused before postMessage', () => {
    const edits = { 'ties.alpha': new Array(1_000_001).fill(0) };
    const problems = sourceProblems({ raw: {}, file: 'link', edits, halve: false });
    expect(problems.map((p) => p.path)).toEqual(['edits']);
    expect(problems[0].message).toMatch(/more than 1000000 values/);
  });

  it('an ordinary scenario passes', () => {
    expect(
      sourceProblems({ raw: { id: 'x', ties: { alpha: 0.1 } }, file: 'f', edits: {}, halve: false }),
    ).toEqual([]);
  });

  it('an unknown preset from a link resolves to a problem naming it (the view sends {extends: name})', () => {
    const r = resolveScenario({ extends: 'no-such-preset' }, 'the link', presetLoader);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toMatch(/no preset named "no-such-preset"/);
  });
});
