// The view's scenario edits (viz/scenario-edit.ts): paths through an object's prototype are refused
// with a diagnostic and never applied, in the page and in the worker alike.
import { describe, expect, it } from 'vitest';
import { applyEdits, editProblems } from '../../viz/scenario-edit.ts';

const base = () => ({ id: 'x', composition: { size: 10 }, governance: { groups: [{ plannedMeetings: 4 }] } });

describe('view edits', () => {
  it('apply a dotted path with an index', () => {
    const s = applyEdits(base(), { 'governance.groups[0].plannedMeetings': 2, 'composition.size': 12 });
    expect(s).toEqual({
      id: 'x',
      composition: { size: 12 },
      governance: { groups: [{ plannedMeetings: 2 }] },
    });
  });

  it('refuse __proto__, constructor and prototype: a diagnostic each, and the prototype untouched', () => {
    const edits = {
      '__proto__.polluted': 'yes',
      'constructor.prototype.polluted': 'yes',
      'composition.prototype': 1,
      'composition.size': 12,
    };
    const problems = editProblems(edits);
    expect(problems.map((p) => p.path)).toEqual([
      '__proto__.polluted',
      'constructor.prototype.polluted',
      'composition.prototype',
    ]);
    for (const p of problems)
      expect(p.message).toMatch(/^refused: the name "(__proto__|constructor|prototype)"/);
    const s = applyEdits(base(), edits) as { composition: Record<string, unknown> };
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(s.composition, 'prototype')).toBe(false);
    expect(s.composition.size).toBe(12);
  });

  it('refuse a path that is not a dotted path', () => {
    expect(editProblems({ 'a..b': 1, 'a[x]': 1, ok: 1 }).map((p) => p.path)).toEqual(['a..b', 'a[x]']);
  });
});
