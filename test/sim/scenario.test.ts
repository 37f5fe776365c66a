// Scenario diagnostics: every problem is listed with its file and JSON path, expected and got.
import { describe, expect, it } from 'vitest';
import {
  DEFAULTS,
  type Problem,
  parseScenario,
  resolveScenario,
  ScenarioError,
  setPath,
  validateScenario,
} from '../../sim/index.ts';

const problems = (raw: unknown, file = 'bad.json'): Problem[] => {
  const r = validateScenario(raw, file);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
};
const paths = (raw: unknown) => problems(raw).map((p) => p.path);

describe('scenario validation', () => {
  it('an empty object is the default scenario', () => {
    const r = validateScenario({}, 'x.json');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario.ties).toEqual(DEFAULTS.ties);
  });

  it('a partial scenario changes only what it names', () => {
    const s = parseScenario({ ties: { alpha: 0.2 } });
    expect(s.ties.alpha).toBe(0.2);
    expect(s.ties.decay).toBe(DEFAULTS.ties.decay);
    expect(s.governance).toEqual(DEFAULTS.governance);
  });

  it('reports a value out of range with file, path, expectation and the value given', () => {
    const p = problems({
      governance: { groups: [{ ...DEFAULTS.governance.groups[0], plannedMeetings: -3 }] },
    });
    expect(p).toHaveLength(1);
    expect(p[0].file).toBe('bad.json');
    expect(p[0].path).toBe('governance.groups[0].plannedMeetings');
    expect(p[0].message).toMatch(/>=\s*0/);
    expect(p[0].message).toMatch(/got -3/);
  });

  it('reports a wrong type', () => {
    const p = problems({ ties: { alpha: 'fast' } });
    expect(p[0].path).toBe('ties.alpha');
    expect(p[0].message).toMatch(/number/);
    expect(p[0].message).toMatch(/"fast"/);
  });

  it('reports unknown fields, so typos are caught', () => {
    expect(paths({ ties: { alpah: 0.1 }, colour: 'red' }).sort()).toEqual(['colour', 'ties.alpah']);
  });

  it('lists every problem at once, not the first only', () => {
    const p = paths({
      ties: { alpha: 2, k: 0.5 },
      deliberation: { rule: 'majority' },
      calendar: { startMonth: 13 },
    });
    expect(p.sort()).toEqual(['calendar.startMonth', 'deliberation.rule', 'ties.alpha', 'ties.k']);
  });

  it('checks references between groups, decisions and sections', () => {
    const groups = DEFAULTS.governance.groups.map((g) => ({ ...g }));
    groups[2] = { ...groups[2], id: 'project', includes: ['nobody'] };
    const p = paths({
      governance: {
        groups,
        decisions: { funding: { propose: 'board', validate: 'steering' } },
        signOff: 'plenary',
      },
    });
    expect(p).toContain('governance.groups[2].id');
    expect(p).toContain('governance.groups[2].includes[0]');
    expect(p).toContain('governance.decisions.funding.propose');
    expect(p).toContain('governance.signOff');
  });

  it('rejects a horizon shorter than the plan and a mix of zeros', () => {
    const p = paths({
      calendar: { plannedWeeks: 50, horizonWeeks: 40 },
      composition: { lineMix: { first: 0, second: 0, community: 0 } },
    });
    expect(p).toEqual(expect.arrayContaining(['calendar.horizonWeeks', 'composition.lineMix']));
  });

  it('rejects a non-object', () => {
    expect(problems([1, 2])[0].path).toBe('(root)');
    expect(problems(null)[0].message).toMatch(/JSON object/);
  });

  it('parseScenario throws a ScenarioError carrying the problems', () => {
    try {
      parseScenario({ ties: { alpha: -1 } }, 'f.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect((e as ScenarioError).problems[0].path).toBe('ties.alpha');
      expect((e as Error).message).toContain('f.json: ties.alpha:');
    }
  });
});

describe('extends', () => {
  const files: Record<string, unknown> = {
    base: { id: 'base', ties: { alpha: 0.3 }, coach: { enabled: false } },
    mid: { extends: 'base', id: 'mid', ties: { decay: 0.01 } },
    loop: { extends: 'loop2', id: 'loop' },
    loop2: { extends: 'loop', id: 'loop2' },
  };
  const load = (name: string) => {
    if (!(name in files)) throw new Error('no such scenario');
    return { file: `${name}.json`, raw: files[name] };
  };

  it('merges a chain, child over parent over defaults', () => {
    const s = parseScenario({ extends: 'mid', id: 'leaf', ties: { k: 7 } }, 'leaf.json', load);
    expect([s.id, s.ties.alpha, s.ties.decay, s.ties.k, s.coach.enabled]).toEqual([
      'leaf',
      0.3,
      0.01,
      7,
      false,
    ]);
  });

  it('reports a missing parent and a cycle', () => {
    const missing = resolveScenario({ extends: 'nope' }, 'a.json', load);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems[0]).toMatchObject({ file: 'a.json', path: 'extends' });
    const cycle = resolveScenario({ extends: 'loop' }, 'c.json', load);
    expect(cycle.ok).toBe(false);
    if (!cycle.ok) expect(cycle.problems[0].message).toMatch(/cycle/);
  });
});

describe('setPath', () => {
  it('sets a parameter, copying arrays from the defaults so an index is meaningful', () => {
    const raw: Record<string, unknown> = {};
    expect(setPath(raw, 'governance.groups[1].plannedMeetings', 4)).toBeNull();
    const s = parseScenario(raw);
    expect(s.governance.groups[1].plannedMeetings).toBe(4);
    expect(s.governance.groups[0]).toEqual(DEFAULTS.governance.groups[0]);
  });

  it('refuses a path the model does not have', () => {
    expect(setPath({}, 'ties.alpah', 1)?.message).toMatch(/no such parameter/);
    expect(setPath({}, 'ties..alpha', 1)?.message).toMatch(/dotted path/);
  });

  it('a value of the wrong type is caught by validation, with the path', () => {
    const raw: Record<string, unknown> = {};
    setPath(raw, 'ties.k', 'many');
    expect(paths(raw)).toEqual(['ties.k']);
  });
});

describe('groups', () => {
  it('a group named like a default group takes its missing fields from it', () => {
    const groups = [
      { id: 'reflection' },
      { id: 'project', plannedMeetings: 4, interval: 8 },
      { id: 'steering' },
    ];
    const s = parseScenario({ governance: { groups } });
    expect(s.governance.groups).toHaveLength(3);
    expect(s.governance.groups[0]).toEqual(DEFAULTS.governance.groups[0]);
    expect(s.governance.groups[1]).toEqual({
      ...DEFAULTS.governance.groups[1],
      plannedMeetings: 4,
      interval: 8,
    });
  });

  it('a new group must say who sits in it', () => {
    const r = validateScenario({ governance: { groups: [{ id: 'board' }] } }, 'g.json');
    expect(r.ok).toBe(false);
    // Added after the three default groups (lists of groups merge by id).
    if (!r.ok) expect(r.problems.map((p) => p.path)).toContain('governance.groups[3].members');
  });
});
