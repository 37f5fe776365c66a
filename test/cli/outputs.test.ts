// What pilotnet writes is safe to open and the same bytes every time (issue 11, items 6 and 8):
// CSV cells that a spreadsheet would run as formulas are neutralised by one shared rule, numbers
// untouched; GEXF edge ids come from the data, not from a per-process counter.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { write as writeGexf } from 'graphology-gexf';
import { afterAll, describe, expect, it } from 'vitest';
import { csvLine, csvTable } from '../../exec/columns.ts';
import { csvSafeCell } from '../../sim/csv-cell.ts';
import { createSimulation, DEFAULTS, toGraph } from '../../sim/index.ts';
import { cli, SCENARIOS, tempDir, writeJson } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describe('CSV formula injection', () => {
  it('neutralises text that opens with =, +, -, @, tab or carriage return', () => {
    for (const bad of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")'])
      expect(csvSafeCell(bad)).toBe(`'${bad}`);
  });

  it('leaves numbers and other text alone', () => {
    for (const ok of ['-0.25', '+3', '1e-7', '-1.5E+3', '42', '', 'default', 'a=b', 'x-y', 'true'])
      expect(csvSafeCell(ok)).toBe(ok);
  });

  it('csvLine and csvTable apply it to text cells only', () => {
    expect(csvLine(['=1+1', '-0.5', 'ok'])).toBe("'=1+1,-0.5,ok\n");
    expect(csvTable([['@x', -3, 2.5, true]])).toBe("'@x,-3,2.5,1\n");
  });

  it('a swept string parameter reaches runs.csv neutralised', async () => {
    const r = await cli(
      [
        'sweep',
        join(SCENARIOS, 'default.json'),
        '--vary',
        'governance.groups[0].label==1+1,@SUM(A1)',
        '--replicates',
        '1',
        '--workers',
        '1',
        '--out',
        'labels',
      ],
      dir,
    );
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'labels', 'runs.csv'), 'utf8');
    expect(text).toContain("'=1+1");
    expect(text).toContain("'@SUM(A1)");
    expect(text).not.toMatch(/(^|,)[=@]/m);
  });

  it("compare's CSV neutralises a side named after a file such as =cmd.json", async () => {
    writeJson(join(dir, '=cmd.json'), { extends: 'default', id: 'default', coach: { enabled: false } });
    const r = await cli(
      ['compare', join(SCENARIOS, 'default.json'), '=cmd.json', '--replicates', '2', '--format', 'csv'],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("'=cmd");
    expect(r.stdout).not.toMatch(/(^|,)"?=/m);
  });
});

describe('GEXF', () => {
  it('is byte-identical for the same scenario and seed, whatever was built before', () => {
    const gexf = () => {
      const sim = createSimulation(structuredClone(DEFAULTS) as never, { seed: 7 });
      for (let w = 0; w < 10 && sim.step(); w++);
      return writeGexf(toGraph(sim.snapshot()));
    };
    const first = gexf();
    const second = gexf();
    expect(second).toBe(first);
    expect(first).toMatch(/<edge id="\d+-\d+"/);
  });
});
