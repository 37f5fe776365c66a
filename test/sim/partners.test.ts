// A consortium's own partner list (issue 18 item 12): the CSV read into the scenario, validated by
// the schema with problems by row and column, and the engine building exactly those partners.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulation, DEFAULTS, resolveScenario } from '../../sim/index.ts';
import { parsePartnersCsv, partnerProblems, withPartners } from '../../sim/scenario/partners-csv.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SAMPLE = join(ROOT, 'scenarios/partners-example.csv');

function scenarioWith(text: string) {
  const parsed = parsePartnersCsv(text, 'partners.csv');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const res = resolveScenario(withPartners(structuredClone(DEFAULTS), parsed.list), 'test');
  return { list: parsed.list, res };
}

describe('a partner list (issue 18 item 12)', () => {
  it('the sample list runs: its partners (and the coordinator) are the actors, named, with their ties', () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const { list, res } = scenarioWith(text);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const sim = createSimulation(res.scenario, { seed: 7 });
    const s = sim.snapshot();
    expect(s.actors.length).toBe(list.partners.length + 1);
    expect(s.actors[0].isCoordinator).toBe(true);
    s.actors.slice(1).forEach((a, k) => {
      const p = list.partners[k];
      expect(a.label).toBe(p.name);
      expect(a.pillar).toBe(p.pillar);
      expect(a.line).toBe(p.line);
      expect(a.role).toBe(p.role);
    });
    // Rows with one organisation's name are one organisation; the others each their own.
    const org = (name: string) =>
      new Set(s.actors.filter((a) => a.label === name).map((a) => a.organisation));
    expect(org('Saint Anne hospital').size).toBe(1);
    expect(new Set(s.actors.slice(1).map((a) => a.organisation)).size).toBe(
      new Set(list.partners.map((p) => p.name)).size,
    );
    // Each prior tie is there at week 0, at least as strong as the strongest a pillar and line start with.
    const hi = res.scenario.ties.initial.samePillarLine.strength[1];
    const id = (name: string) => s.actors.findIndex((a) => a.label === name);
    for (const [a, b] of list.priorTies) {
      const [i, j] = [id(a), id(b)].sort((x, y) => x - y);
      let w = 0;
      for (let e = 0; e < s.ties.weight.length; e++)
        if (s.ties.source[e] === i && s.ties.target[e] === j) w = s.ties.weight[e];
      expect(w).toBeGreaterThanOrEqual(hi - 1e-9);
    }
  });

  it('words a facilitator writes are read: role labels, "first line", "public bodies", a BOM, blank rows', () => {
    const { list } = scenarioWith(
      '\uFEFFOrganisation,Role,Pillar,Care line\nX,General practitioner,Public bodies,First line\n,,,\nY,socialWorker,socialist,community\n',
    );
    expect(list.partners).toEqual([
      { name: 'X', role: 'generalPractitioner', pillar: 'public', line: 'first' },
      { name: 'Y', role: 'socialWorker', pillar: 'socialist', line: 'community' },
    ]);
  });

  it('every problem is told by row and column of the CSV', () => {
    const bad =
      'organisation,role,pillar,care line\nA,nurse,catholic,first line\nB,astronaut,green,first line\n,nurse,public,fourth\n';
    const { list, res } = scenarioWith(bad);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    const told = partnerProblems(res.problems, list, 'partners.csv').map(
      (p) => `${p.path}: ${p.message.slice(0, 20)}`,
    );
    expect(told).toEqual([
      'row 3, role: expected one of "gen',
      'row 3, pillar: expected one of "cat',
      'row 4, organisation: expected string to h',
      'row 4, care line: expected one of "fir',
    ]);
    const headerless = parsePartnersCsv('who,role\nx,nurse\n', 'p.csv');
    expect(headerless.ok).toBe(false);
    if (!headerless.ok) expect(headerless.problems.map((p) => p.path)).toEqual(['row 1', 'row 1', 'row 1']);
  });

  it('a prior tie to a name not in the list, and a list in a national scenario, are refused', () => {
    const { res } = scenarioWith(
      'organisation,role,pillar,care line,works with\nA,nurse,catholic,first line,Nobody\n',
    );
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.problems.map((p) => p.path)).toContain('composition.priorTies[0][1]');
    const parsed = parsePartnersCsv(
      'organisation,role,pillar,care line\nA,nurse,catholic,first line\n',
      'p.csv',
    );
    if (!parsed.ok) throw new Error('parse');
    const national = resolveScenario(
      { ...withPartners(structuredClone(DEFAULTS), parsed.list), consortia: 3 },
      't',
    );
    expect(national.ok).toBe(false);
    if (!national.ok) expect(national.problems.map((p) => p.path)).toContain('composition.partners');
  });

  it('the CLI runs the same file (--partners), and exits 2 with the rows told on a bad one', () => {
    const cli = join(ROOT, 'bin/pilotnet.js');
    const out = execFileSync('node', [cli, 'run', 'default', '--partners', SAMPLE, '--summary-only'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toMatch(/submitted/);
    let code = 0;
    let err = '';
    try {
      execFileSync(
        'node',
        [cli, 'run', 'default', '--partners', join(ROOT, 'test/sim/fixtures/partners-bad.csv')],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    } catch (e) {
      code = (e as { status: number }).status;
      err = (e as { stderr: string }).stderr;
    }
    expect(code).toBe(2);
    expect(err).toMatch(/partners-bad\.csv: row 3, role: expected one of/);
    expect(err).not.toMatch(/ at /);
  }, 60_000);
});
