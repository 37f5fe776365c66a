// docs/scenarios.md: every JSON example resolves, and does what the page says; lists keyed by id
// merge by id, removal is explicit, a complete scenario keeps its lists, deepMerge walks own
// properties only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../cli/api.ts';
import { DEFAULTS, deepMerge, parseScenario } from '../../sim/index.ts';
import { ROOT, tempDir, writeJson } from '../cli/helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const page = readFileSync(join(ROOT, 'docs', 'scenarios.md'), 'utf8');
const examples = new Map(
  [...page.matchAll(/<!-- scenario: ([\w.-]+) -->\n```json\n([\s\S]*?)```/g)].map((m) => [
    m[1],
    JSON.parse(m[2]),
  ]),
);
for (const [name, raw] of examples)
  writeJson(join(dir, name), { ...raw, $schema: join(ROOT, 'scenarios', 'schema.json') });
const load = (name: string) => loadScenario(join(dir, name)).scenario;
const ids = (s: { governance: { groups: { id: string }[] } }) => s.governance.groups.map((g) => g.id);
const [reflection, project, steering] = DEFAULTS.governance.groups;

describe('docs/scenarios.md examples', () => {
  it('has the examples the tests below read', () => {
    expect([...examples.keys()]).toEqual([
      'slower-trust.json',
      'fewer-project-meetings.json',
      'with-board.json',
      'no-steering.json',
    ]);
  });

  it('a parameter changes alone; a nameless file is named after itself', () => {
    const s = load('slower-trust.json');
    expect(s.ties.alpha).toBe(0.05);
    expect(s.name).toBe('slower-trust');
    const same = { id: 'x', name: 'x', $schema: 'x' };
    expect({ ...s, ties: DEFAULTS.ties, ...same }).toEqual({ ...loadScenario('default').scenario, ...same });
  });

  it('a group given by id changes only that group', () => {
    const s = load('fewer-project-meetings.json');
    expect(ids(s)).toEqual(['reflection', 'project', 'steering']);
    expect(s.governance.groups[0]).toEqual(reflection);
    expect(s.governance.groups[1]).toEqual({ ...project, plannedMeetings: 4, interval: 8 });
    expect(s.governance.groups[2]).toEqual(steering);
  });

  it('a new id adds a group after the others', () => {
    const s = load('with-board.json');
    expect(ids(s)).toEqual(['reflection', 'project', 'steering', 'board']);
    expect(s.governance.groups[3]).toMatchObject({ members: 'concerned', size: 6, firstWeek: 4 });
  });

  it('removal is explicit, and what still names a removed group is reported as the page says', () => {
    expect(ids(load('no-steering.json'))).toEqual(['reflection', 'project']);
    const { decisions: _d, ...gov } = examples.get('no-steering.json').governance;
    writeJson(join(dir, 'dangling.json'), { extends: 'default', governance: gov });
    expect(() => loadScenario(join(dir, 'dangling.json'))).toThrow(
      'governance.decisions.name.validate: expected a group id ("reflection", "project"), got "steering"',
    );
  });

  it('removing an id nobody has is an error, with the ids there are', () => {
    writeJson(join(dir, 'typo.json'), { governance: { groups: [{ id: 'steerign', remove: true }] } });
    expect(() => loadScenario(join(dir, 'typo.json'))).toThrow(
      /governance\.groups\[3\]: "remove": no item with id "steerign" to remove \(ids: "reflection", "project", "steering"\)/,
    );
  });
});

describe('merging', () => {
  it('the presets that drop groups say so, and resolve to the structures they describe', () => {
    expect(ids(loadScenario('lean').scenario)).toEqual(['reflection', 'project']);
    expect(ids(loadScenario('lead-organisation').scenario)).toEqual(['reflection', 'project']);
    expect(ids(loadScenario('participant-governed').scenario)).toEqual(['plenary']);
  });

  it('a complete scenario keeps its lists: a resolved lean parses back to itself', () => {
    const lean = loadScenario('lean').scenario;
    expect(parseScenario(structuredClone(lean))).toEqual(lean);
  });

  it('deepMerge walks own properties only and never sets a prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "a": {"b": 2}}');
    const out = deepMerge({ a: { b: 1, c: 3 } }, hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect((out as { polluted?: number }).polluted).toBeUndefined();
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
    expect(Object.hasOwn(out, '__proto__')).toBe(true); // kept as a plain key, for validation to refuse
    expect(out.a).toEqual({ b: 2, c: 3 });
    // An inherited name is not a key of the base: "toString" is set, not merged into a function.
    expect((deepMerge({}, { toString: 1 }) as Record<string, unknown>).toString).toBe(1);
  });

  it('lists with duplicate ids are not merged by id (validation reports the duplicate)', () => {
    const groups = DEFAULTS.governance.groups.map((g) => ({ ...g }));
    groups[2] = { ...groups[2], id: 'project' };
    expect(() => parseScenario({ governance: { groups } })).toThrow(/duplicate group id "project"/);
  });
});
