// Hostile input reaching the engine's scenario layer (issue 11, items 2, 4 and 7): path walks and
// keys that reach the prototype, nesting and sizes past the documented limits, ids that are not
// identifiers, and `extends` chains whose cycles are found on the files they resolve to.
import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseScenario, resolveScenario, setPath, validateScenario } from '../../sim/index.ts';
import { inspectJson, LIMITS, rangeLength } from '../../sim/scenario/limits.ts';

const messages = (r: ReturnType<typeof validateScenario>) =>
  r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);

describe('prototype pollution', () => {
  it.each(['__proto__.toString', 'constructor.prototype.x', 'ties.__proto__.polluted', 'ties.prototype'])(
    'setPath refuses %s and leaves Object.prototype alone',
    (path) => {
      const raw: Record<string, unknown> = {};
      const p = setPath(raw, path, 'x');
      expect(p?.path).toBe(path);
      expect(p?.message).toMatch(/is not allowed in a path or key/);
      expect(String({})).toBe('[object Object]');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('refuses __proto__, constructor and prototype keys in a scenario, naming their path', () => {
    const raw = JSON.parse('{"ties":{"__proto__":{"alpha":0.9}},"coach":{"constructor":1},"prototype":2}');
    const r = validateScenario(raw, 'evil.json');
    expect(r.ok).toBe(false);
    expect(
      messages(r)
        .map((m) => m.split(':')[0])
        .sort(),
    ).toEqual(['coach.constructor', 'prototype', 'ties.__proto__']);
  });

  it('refuses them in a file reached through extends too', () => {
    const load = () => ({ file: 'parent.json', raw: JSON.parse('{"__proto__":{"seed":3}}') });
    const r = resolveScenario({ extends: 'parent' }, 'child.json', load);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ file: 'parent.json', path: '__proto__' });
  });
});

describe('limits', () => {
  it('a value nested 200,000 deep is refused without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    const p = inspectJson({ ties: { x: deep } });
    expect(p).toHaveLength(1);
    expect(p[0].message).toMatch(`nested more than ${LIMITS.depth} levels`);
    const r = validateScenario({ ties: { x: deep } }, 'deep.json');
    expect(r.ok).toBe(false);
  });

  it('total actors past the limit are refused at validation, not at the heap', () => {
    const r = validateScenario({ consortia: 200, composition: { size: 46000 } }, 'big.json');
    expect(messages(r).join('\n')).toMatch(/composition\.size: up to \d+ actors in all.*limit is 50000/);
    // Just under the limit is fine; one more partner in each of 20 consortia is not.
    const per = Math.floor(LIMITS.totalActors / 20) - 1; // actors per consortium, coordinator included
    const ok = validateScenario({ consortia: 20, composition: { size: per - 1, variation: 0, roles: [] } });
    expect(ok.ok).toBe(true);
    const over = validateScenario({ consortia: 20, composition: { size: per + 1, variation: 0, roles: [] } });
    expect(over.ok).toBe(false);
  });

  it('counts a range without expanding it', () => {
    expect(rangeLength({ from: 0, to: 1, by: 1e-9 })).toBeGreaterThan(999_999_999);
    expect(rangeLength({ from: 4, to: 12, by: 2 })).toBe(5);
    expect(rangeLength({ from: 0.1, to: 0.3, by: 0.1 })).toBe(3);
    expect(rangeLength({ from: 2, to: 1, by: 1 })).toBe(0);
  });
});

describe('ids and extends', () => {
  it.each(['a\nb', '=cmd', '-x', '../up', 'has space', '', 'x'.repeat(65)])('refuses the id %j', (id) => {
    const r = validateScenario({ id }, 'x.json');
    expect(messages(r).join('\n')).toMatch(/^id: expected an identifier/);
  });

  it('accepts the ids of the presets', () => {
    for (const id of ['default', 'meetings-halved', 'v1.2_b']) expect(validateScenario({ id }).ok).toBe(true);
  });

  // A loader that resolves names as paths, relative to the file that names them.
  const files: Record<string, unknown> = {
    '/w/base.json': { id: 'base', ties: { alpha: 0.3 } },
    '/w/sub/base.json': { id: 'sub-base', extends: '../base.json', ties: { decay: 0.02 } },
    '/w/sub/leaf.json': { id: 'leaf', extends: 'base.json' },
    '/w/a.json': { id: 'a', extends: 'b.json' },
    '/w/b.json': { id: 'b', extends: 'a.json' },
  };
  const resolvePath = (name: string, from: string) => {
    const parts = from.split('/').slice(0, -1);
    for (const seg of name.split('/')) seg === '..' ? parts.pop() : parts.push(seg);
    return parts.join('/');
  };
  const load = (name: string, from: string) => {
    const file = resolvePath(name, from);
    if (!(file in files)) throw new Error('no such file');
    return { file, raw: files[file] };
  };

  it('a chain through ../base.json with the same file name is not a cycle', () => {
    const s = parseScenario(files['/w/sub/leaf.json'], '/w/sub/leaf.json', load);
    expect([s.id, s.ties.alpha, s.ties.decay]).toEqual(['leaf', 0.3, 0.02]);
  });

  it('a -> b -> a is reported as that cycle, on the resolved files', () => {
    const r = resolveScenario(files['/w/a.json'], '/w/a.json', load);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toBe('cycle: /w/a.json extends /w/b.json extends /w/a.json');
  });

  it('extends must be a preset name or a .json path', () => {
    for (const bad of ['../../etc/passwd', 'x\ny', 42]) {
      const r = resolveScenario({ extends: bad }, 'x.json', load);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems[0].message).toMatch(/expected a preset name .* or a \.json file/);
    }
  });

  it('DEFAULTS stay untouched by refused input', () => {
    expect(Object.keys(DEFAULTS.ties)).not.toContain('polluted');
  });
});
