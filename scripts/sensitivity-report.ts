// Regenerates the figures and tables of docs/sensitivity.md from the model as it is: runs the three
// analyses through the CLI as a user would (Sobol' N = 64, Morris r = 50, OFAT 4 levels, all on
// the default scenario, seed 1), copies their CSV and SVG files into docs/ and rewrites the tables
// between the doc's markers. `npm run docs:sensitivity` (several minutes on 2 cores).
// The prose around the tables ("Reading") is written by people; it must be re-read when the
// tables change.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MorrisEffect, OUTPUTS, overallRanking } from '../cli/sensitivity.ts';
import { PACKAGE_ROOT } from '../exec/io.ts';
import { writeFileAtomic } from '../exec/outdir.ts';

const DOC = join(PACKAGE_ROOT, 'docs', 'sensitivity.md');
const BIN = join(PACKAGE_ROOT, 'bin', 'pilotnet.js');
const OUT_NAMES = Object.keys(OUTPUTS);
const LABEL: Record<string, string> = {
  months: 'months',
  meetingsExtra: 'extra meetings',
  eiPillarEnd: 'E-I pillar',
  eiLineEnd: 'E-I line',
  asblShare: 'ASBL',
  dropouts: 'dropouts',
};

/** Rows of one of our own CSV files (numbers and factor paths, never a quoted comma). */
export function readRows(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const keys = head.split(',');
  return lines.map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? '']));
  });
}

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const num = (s: string | undefined) => (s === undefined || s === '' ? Number.NaN : Number(s));

/** Top factors by total index averaged over the outputs, with months' S1 and ST intervals. */
export function sobolTable(rows: Record<string, string>[], top = 15): string {
  const factors = [...new Set(rows.map((r) => r.factor))];
  const get = (f: string, o: string) => rows.find((r) => r.factor === f && r.output === o);
  const meanSt = (f: string) => {
    const st = OUT_NAMES.map((o) => num(get(f, o)?.ST)).filter(Number.isFinite);
    return st.length ? st.reduce((a, b) => a + b, 0) / st.length : Number.NaN;
  };
  const ranked = factors
    .map((f) => ({ f, st: meanSt(f) }))
    .sort(
      (a, b) =>
        (Number.isFinite(b.st) ? b.st : -1) - (Number.isFinite(a.st) ? a.st : -1) || a.f.localeCompare(b.f),
    );
  const others = OUT_NAMES.filter((o) => o !== 'months');
  const out = [
    `Leading factors by total index averaged over the six outputs (top ${top} of ${factors.length}; every factor, output and interval in the CSV):`,
    '',
    `| rank | factor | mean ST | ST months [95%] | S1 months [95%] | ${others.map((o) => `ST ${LABEL[o]}`).join(' | ')} |`,
    `| --- | --- | --- | --- | --- | ${others.map(() => '---').join(' | ')} |`,
  ];
  for (const [i, { f, st }] of ranked.slice(0, top).entries()) {
    const m = get(f, 'months');
    out.push(
      `| ${i + 1} | \`${f}\` | ${f2(st)} | ${f2(num(m?.ST))} [${f2(num(m?.ST_low))}, ${f2(num(m?.ST_high))}] | ${f2(num(m?.S1))} [${f2(num(m?.S1_low))}, ${f2(num(m?.S1_high))}] | ${others.map((o) => f2(num(get(f, o)?.ST))).join(' | ')} |`,
    );
  }
  const inert = ranked.filter((r) => Number.isFinite(r.st) && r.st < 0.02).map((r) => `\`${r.f}\``);
  out.push(
    '',
    `Mean total index below 0.02 (inert at the default): ${inert.length ? inert.join(', ') : 'none'}.`,
  );
  return out.join('\n');
}

/** Top factors of the Morris ranking (mean over outputs of mu* scaled by each output's largest). */
export function morrisTable(rows: Record<string, string>[], top = 20): string {
  const effects: MorrisEffect[] = rows.map((r) => ({
    path: r.parameter,
    output: r.output,
    muStar: num(r.mu_star),
    muStarLow: num(r.mu_star_low),
    muStarHigh: num(r.mu_star_high),
    mu: num(r.mu),
    sigma: num(r.sigma),
    effects: num(r.effects),
  }));
  const ranking = overallRanking(effects);
  const e = (p: string, o: string) => effects.find((x) => x.path === p && x.output === o);
  const out = [
    `Overall ranking (top ${top} of ${ranking.length}; mu*, its bootstrap interval, mu and sigma per output in [sensitivity-morris.csv](sensitivity-morris.csv)):`,
    '',
    `| rank | parameter | score | mu* months [95%] | ${OUT_NAMES.filter((o) => o !== 'months')
      .map((o) => `mu* ${LABEL[o]}`)
      .join(' | ')} |`,
    `| --- | --- | --- | --- | ${OUT_NAMES.filter((o) => o !== 'months')
      .map(() => '---')
      .join(' | ')} |`,
  ];
  for (const r of ranking.slice(0, top)) {
    const m = e(r.path, 'months');
    out.push(
      `| ${r.rank} | \`${r.path}\` | ${f3(r.score)} | ${f3(m?.muStar ?? Number.NaN)} [${f3(m?.muStarLow ?? Number.NaN)}, ${f3(m?.muStarHigh ?? Number.NaN)}] | ${OUT_NAMES.filter(
        (o) => o !== 'months',
      )
        .map((o) => f3(e(r.path, o)?.muStar ?? Number.NaN))
        .join(' | ')} |`,
    );
  }
  return out.join('\n');
}

/** Swing of each output's mean over the OFAT levels, top factors by the swing of months. */
export function ofatTable(rows: Record<string, string>[], top = 15): string {
  const params = [...new Set(rows.map((r) => r.parameter))];
  const swing = (p: string, o: string) => {
    const v = rows.filter((r) => r.parameter === p).map((r) => num(r[o]));
    return Math.max(...v) - Math.min(...v);
  };
  const ranked = params
    .map((p) => ({ p, s: Object.fromEntries(OUT_NAMES.map((o) => [o, swing(p, o)])) }))
    .sort((a, b) => b.s.months - a.s.months || a.p.localeCompare(b.p));
  const out = [
    `Swing of each output's mean over the four levels (top ${top}; all ${params.length} in [sensitivity-ofat.csv](sensitivity-ofat.csv)):`,
    '',
    `| rank | parameter | ${OUT_NAMES.map((o) => LABEL[o]).join(' | ')} |`,
    `| --- | --- | ${OUT_NAMES.map(() => '---').join(' | ')} |`,
  ];
  for (const [i, r] of ranked.slice(0, top).entries())
    out.push(`| ${i + 1} | \`${r.p}\` | ${OUT_NAMES.map((o) => f3(r.s[o])).join(' | ')} |`);
  return out.join('\n');
}

/** Replaces the text between `<!-- name:start ... -->` and `<!-- name:end -->`. */
export function splice(doc: string, name: string, body: string): string {
  const start = doc.indexOf(`<!-- ${name}:start`);
  const end = doc.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) throw new Error(`docs/sensitivity.md: the ${name} markers are missing`);
  const open = doc.indexOf('-->', start) + 3;
  return `${doc.slice(0, open)}\n${body}\n${doc.slice(end)}`;
}

function pilotnet(args: string[]): void {
  process.stderr.write(`pilotnet ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`pilotnet ${args.join(' ')} exited ${r.status}`);
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'pilotnet-sens-'));
  try {
    const sobol = join(tmp, 'sobol');
    const mor = join(tmp, 'morris');
    const of = join(tmp, 'ofat');
    pilotnet(['sensitivity', 'default', '--method', 'sobol', '--samples', '64', '--out', sobol]);
    pilotnet(['sensitivity', 'default', '--method', 'morris', '--out', mor]);
    pilotnet([
      'sensitivity',
      'default',
      '--method',
      'ofat',
      '--levels',
      '4',
      '--replicates',
      '20',
      '--out',
      of,
    ]);
    const docs = join(PACKAGE_ROOT, 'docs');
    copyFileSync(join(sobol, 'sobol.csv'), join(docs, 'sensitivity-sobol.csv'));
    copyFileSync(join(sobol, 'sobol.svg'), join(docs, 'sensitivity-sobol.svg'));
    copyFileSync(join(mor, 'morris.csv'), join(docs, 'sensitivity-morris.csv'));
    copyFileSync(join(mor, 'morris.svg'), join(docs, 'sensitivity-morris.svg'));
    copyFileSync(join(of, 'ofat.csv'), join(docs, 'sensitivity-ofat.csv'));
    copyFileSync(join(of, 'ofat.svg'), join(docs, 'sensitivity-ofat.svg'));
    let doc = readFileSync(DOC, 'utf8');
    doc = splice(doc, 'sobol', sobolTable(readRows(join(docs, 'sensitivity-sobol.csv'))));
    doc = splice(doc, 'morris', morrisTable(readRows(join(docs, 'sensitivity-morris.csv'))));
    doc = splice(doc, 'ofat', ofatTable(readRows(join(docs, 'sensitivity-ofat.csv'))));
    writeFileAtomic(DOC, doc);
    process.stderr.write('docs/sensitivity.md, docs/sensitivity-*.csv and .svg regenerated\n');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
