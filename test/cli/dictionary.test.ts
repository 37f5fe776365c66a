// The data dictionary (cli/dictionary.ts) covers every column and field the runner writes: a
// column added to a writer without an entry fails here. docs/data.md is its generated copy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Graph from 'graphology';
import { parse } from 'graphology-gexf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES, formatDictionary, lookup } from '../../cli/dictionary.ts';
import { cli, ROOT, readCsv, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const missing = (file: string, names: Iterable<string>, params: string[] = []) =>
  [...new Set(names)].filter((n) => !lookup(file, n, params));

describe('data dictionary', () => {
  beforeAll(async () => {
    // The national scenario writes every file, consortia.csv and the national columns included.
    const run = await cli(['run', 'national', '--replicates', '1', '--no-network', '--out', 'nat'], dir);
    expect(run.code).toBe(0);
    const sweep = await cli(
      [
        'sweep',
        'lean',
        '--vary',
        'ties.alpha=0.05,0.1',
        '--replicates',
        '1',
        '--workers',
        '1',
        '--out',
        'sw',
      ],
      dir,
    );
    expect(sweep.code).toBe(0);
    const net = await cli(['run', 'default', '--replicates', '1', '--out', 'net'], dir);
    expect(net.code).toBe(0);
  }, 120_000);

  it('every column of runs.csv, consortia.csv and weekly.csv has an entry', () => {
    for (const f of ['runs.csv', 'consortia.csv', 'weekly.csv'])
      expect(missing(f, readCsv(join(dir, 'nat', f)).header), f).toEqual([]);
    expect(missing('runs.csv', readCsv(join(dir, 'sw', 'runs.csv')).header, ['ties.alpha'])).toEqual([]);
    // A family entry matches its members only: a made-up column is not covered.
    expect(lookup('runs.csv', 'settleWeek_nonsense')).toBeUndefined();
    expect(lookup('runs.csv', 'brandNewColumn')).toBeUndefined();
  });

  it('every field of every event in events.jsonl has an entry', () => {
    const keys = readFileSync(join(dir, 'nat', 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .flatMap((l) => Object.keys(JSON.parse(l)));
    expect(missing('events.jsonl', keys)).toEqual([]);
  });

  it('every event type logged is documented, legalAdvice included', () => {
    const types = new Set(
      ['nat', 'net'].flatMap((d) =>
        readFileSync(join(dir, d, 'events.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).type as string),
      ),
    );
    expect(types.has('legalAdvice')).toBe(true);
    expect([...types].filter((t) => !(EVENT_TYPES as readonly string[]).includes(t))).toEqual([]);
    expect(lookup('events.jsonl', 'type')?.definition).toMatch(/legalAdvice: the focus groups' verdict/);
  });

  it('every node attribute, the edge weight and every <meta> field of the GEXF has an entry', () => {
    const text = readFileSync(join(dir, 'net', 'network-0.gexf'), 'utf8');
    const g = parse(Graph, text);
    const file = 'network-<replicate>.gexf';
    const nodeKeys = new Set<string>();
    g.forEachNode((_n, a) => {
      for (const k of Object.keys(a)) nodeKeys.add(k);
    });
    expect(missing(file, nodeKeys)).toEqual([]);
    expect(nodeKeys.size).toBe(9);
    const edgeKeys = new Set<string>();
    g.forEachEdge((_e, a) => {
      for (const k of Object.keys(a)) edgeKeys.add(`edge ${k}`);
    });
    expect([...edgeKeys]).toEqual(['edge weight']);
    const meta = [...(/<meta>([\s\S]*?)<\/meta>/.exec(text)?.[1] ?? '').matchAll(/<(\w+)>/g)].map(
      (m) => `meta ${m[1]}`,
    );
    expect(meta.sort()).toEqual(['meta creator', 'meta description', 'meta keywords']);
    expect(missing(file, meta)).toEqual([]);
    // Every categorical value the file holds is among those the dictionary lists.
    g.forEachNode((_n, a) => {
      expect(lookup(file, 'pillar')?.unit === 'category' && lookup(file, 'pillar')?.definition).toContain(
        a.pillar,
      );
      expect(lookup(file, 'line')?.definition).toContain(a.line);
      expect(lookup(file, 'role')?.definition).toContain(a.role);
    });
  });

  it('every field of summary.json, and of each outcome summary, has an entry', () => {
    const s = JSON.parse(readFileSync(join(dir, 'nat', 'summary.json'), 'utf8'));
    expect(missing('summary.json', Object.keys(s))).toEqual([]);
    const fields = Object.values(s.outcomes as Record<string, object>).flatMap((o) => Object.keys(o));
    expect(
      missing(
        'summary.json',
        fields.map((f) => `outcomes.*.${f}`),
      ),
    ).toEqual([]);
  });

  it('every field of manifest.json has an entry, and every entry is written', () => {
    for (const d of ['nat', 'sw']) {
      const m = JSON.parse(readFileSync(join(dir, d, 'manifest.json'), 'utf8'));
      expect(missing('manifest.json', Object.keys(m)), d).toEqual([]);
      expect(Object.keys(m).sort()).toEqual(
        formatDictionary('text', 'manifest.json')
          .split('\n')
          .slice(1)
          .map((l) => l.trim().split(/\s+/)[0])
          .sort(),
      );
    }
  });

  it('docs/data.md is the generated dictionary (npm run docs:data)', async () => {
    expect(readFileSync(join(ROOT, 'docs', 'data.md'), 'utf8')).toBe(formatDictionary('md'));
    const r = await cli(['columns', 'weekly.csv'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}centralisation\s+index 0\.\.1\s+Freeman betweenness centralisation/m);
    expect((await cli(['columns', 'nope.csv'], dir)).code).toBe(2);
  });
});
