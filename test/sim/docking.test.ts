// Docking (issue 9 item 6): the deliberation core's bounded-confidence rules, run on their own,
// reproduce Deffuant et al. (2000) and Hegselmann & Krause (2002); docs/docking.md and its figure
// are what the code produces; `pilotnet dock` answers in JSON and refuses bad input with code 2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dockingSvg, figureTable, markdownTable } from '../../cli/dock.ts';
import { deffuantExchange, hkHear, hkMove } from '../../sim/bounded-confidence.ts';
import { type DockSummary, dock, dockRun, settledClusters, splitAtGaps } from '../../sim/docking.ts';
import { cli, ROOT } from '../cli/helpers.ts';

describe('bounded-confidence primitives', () => {
  it('Deffuant: within the bound both move by their factor and the mean is kept; at the bound nobody moves', () => {
    const x = Float64Array.from([0.2, 0.5]);
    expect(deffuantExchange(x, 0, 1, 0.4, 0.5, 0.5)).toBe(true);
    expect(x[0]).toBeCloseTo(0.35, 12);
    expect(x[1]).toBeCloseTo(0.35, 12);
    const y = Float64Array.from([0.25, 0.75]);
    expect(deffuantExchange(y, 0, 1, 0.5, 0.5, 0.5)).toBe(false);
    expect([...y]).toEqual([0.25, 0.75]);
    const z = Float64Array.from([0.1, 0.3]);
    deffuantExchange(z, 1, 0, 0.5, 0.25, 0); // a stubborn partner does not move
    expect(z[0]).toBe(0.1);
    expect(z[1]).toBeCloseTo(0.25, 12);
  });

  it('HK: each moves to the mean of those within the bound, itself included', () => {
    const x = [0.1, 0.2, 0.5];
    const num = Float64Array.from(x);
    const den = new Float64Array(3).fill(1);
    for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) hkHear(num, den, i, j, x[i], x[j], 1, 0.35);
    const next = x.map((v, i) => hkMove(v, num[i], den[i], 0));
    expect(next[0]).toBeCloseTo(0.15, 12);
    expect(next[1]).toBeCloseTo((0.1 + 0.2 + 0.5) / 3, 12);
    expect(next[2]).toBeCloseTo(0.35, 12);
    expect(hkMove(0.4, 0.5, 1, 1)).toBe(0.4); // fully stubborn
  });

  it('clusters are fixed only when groups split at gaps of the bound are narrower than it', () => {
    const x = Float64Array.from([0.1, 0.12, 0.5, 0.52, 0.53]);
    expect(splitAtGaps(x, 0.2).sizes).toEqual([2, 3]);
    expect(settledClusters(x, 0.2)?.opinions.map((o) => Number(o.toFixed(4)))).toEqual([0.11, 0.5167]);
    expect(settledClusters(Float64Array.from([0, 0.15, 0.3]), 0.2)).toBeNull();
  });
});

describe('docking with the classics', () => {
  let table: DockSummary[];
  const at = (rule: string, e: number) =>
    table.find((r) => r.rule === rule && Math.abs(r.epsilon - e) < 1e-9);
  beforeAll(() => {
    table = figureTable();
  });

  it('every run of the grid settles', () => {
    for (const r of table) expect(r.converged, `${r.rule} ${r.epsilon}`).toBe(r.replicates);
  });

  it('Deffuant et al. (2000): about floor(1/(2d)) major clusters for d from 0.1 to 0.5', () => {
    for (const d of [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]) {
      const r = at('deffuant', d);
      expect(r, String(d)).toBeDefined();
      const expected = Math.floor(1 / (2 * d) + 1e-9);
      expect(r?.expected).toBe(expected);
      expect(Math.abs((r?.clusters ?? 0) - expected), `d = ${d}`).toBeLessThanOrEqual(1);
      if (d >= 0.15) expect(r?.clusters, `d = ${d}`).toBe(expected);
    }
    // Fewer clusters the wider the bound.
    const ds = table.filter((r) => r.rule === 'deffuant');
    for (let i = 1; i < ds.length; i++) expect(ds[i].clusters).toBeLessThanOrEqual(ds[i - 1].clusters);
  });

  it('Hegselmann & Krause (2002): consensus above epsilon ≈ 0.2, fragmentation below', () => {
    for (const e of [0.25, 0.3, 0.35, 0.4, 0.45, 0.5])
      expect(at('hk', e)?.perReplicate.every((c) => c === 1)).toBe(true);
    expect(at('hk', 0.2)?.clusters).toBeLessThanOrEqual(2);
    expect(at('hk', 0.15)?.clusters).toBeGreaterThanOrEqual(2);
    expect(at('hk', 0.1)?.clusters).toBeGreaterThanOrEqual(3);
    expect(at('hk', 0.05)?.clusters).toBeGreaterThanOrEqual(5);
  });

  it('docs/docking.md and docs/docking.svg are what the code produces', async () => {
    const md = readFileSync(join(ROOT, 'docs', 'docking.md'), 'utf8');
    expect(md).toContain(markdownTable(table));
    expect(readFileSync(join(ROOT, 'docs', 'docking.svg'), 'utf8')).toBe(await dockingSvg(table));
  });

  it('is seeded: the same seed gives the same counts, another seed other runs', () => {
    const a = dock({ rule: 'deffuant', epsilon: 0.15, seed: 7 }, 4);
    expect(dock({ rule: 'deffuant', epsilon: 0.15, seed: 7 }, 4)).toEqual(a);
    const b = dockRun({ rule: 'hk', epsilon: 0.1, agents: 200, seed: 7 }, 2);
    expect(dockRun({ rule: 'hk', epsilon: 0.1, agents: 200, seed: 7 }, 2)).toEqual(b);
    expect(dockRun({ rule: 'hk', epsilon: 0.1, agents: 200, seed: 8 }, 2).opinions).not.toEqual(b.opinions);
    expect(dockRun({ rule: 'hk', epsilon: 0.1, agents: 200, seed: 7 }, 3).opinions).not.toEqual(b.opinions);
  });
});

describe('pilotnet dock', () => {
  it('prints the median number of major clusters as JSON', async () => {
    const r = await cli(
      [
        'dock',
        '--rule',
        'hk',
        '--epsilon',
        '0.3',
        '--agents',
        '200',
        '--replicates',
        '3',
        '--format',
        'json',
      ],
      ROOT,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.clusters).toBe(1);
    expect(out.perReplicate).toEqual([1, 1, 1]);
    expect(out.agents).toBe(200);
  });

  it.each([
    [['--rule', 'voter', '--epsilon', '0.2'], '--rule'],
    [['--rule', 'hk', '--epsilon', '0'], '--epsilon'],
    [['--rule', 'hk', '--epsilon', 'x'], '--epsilon'],
    [['--rule', 'hk'], '--epsilon'],
    [['--rule', 'deffuant', '--epsilon', '0.2', '--agents', '1'], '--agents'],
    [['--rule', 'deffuant', '--epsilon', '0.2', '--replicates', '0'], '--replicates'],
    [['--rule', 'deffuant', '--epsilon', '0.2', '--mu', '0.9'], '--mu'],
    [['--figure', 'out.png'], '--figure'],
  ])('refuses %j with code 2 and a one-line message', async (args, flag) => {
    const r = await cli(['dock', ...args], ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).not.toMatch(/at .*\.ts:/);
  });
});
