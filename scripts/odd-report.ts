// Keeps the parameter table of docs/ODD.md true to the code: its "default" column is rewritten from
// the scenario defaults (sim/scenario/defaults.ts) and its "sensitivity rank" column from the
// Morris ranking in docs/sensitivity-morris.csv. The meaning and source columns are written by
// people. `npm run docs:odd`; test/docs/odd.test.ts fails when a default in the table is stale.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type MorrisEffect, overallRanking } from '../cli/sensitivity.ts';
import { PACKAGE_ROOT } from '../exec/io.ts';
import { writeFileAtomic } from '../exec/outdir.ts';
import { DEFAULTS } from '../sim/index.ts';
import { readRows } from './sensitivity-report.ts';

/** A default as the table shows it: JSON, long values cut at 40 characters. */
export function shownDefault(path: string): string {
  if (path === 'controversies.interests') return '"see the interest table"';
  if (path === 'controversies.pillarInterests') return '"see III.ii"';
  const value = path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      DEFAULTS,
    );
  const json = path.includes('[]') || value === undefined ? null : JSON.stringify(value);
  if (json === null) return '';
  return json.length > 40 ? `${json.slice(0, 40)}...` : json;
}

/** Overall Morris rank of each factor (docs/sensitivity-morris.csv) and the number of factors. */
export function morrisRanks(file = join(PACKAGE_ROOT, 'docs', 'sensitivity-morris.csv')) {
  const effects: MorrisEffect[] = readRows(file).map((r) => ({
    path: r.parameter,
    output: r.output,
    muStar: Number(r.mu_star),
    muStarLow: Number.NaN,
    muStarHigh: Number.NaN,
    mu: Number(r.mu),
    sigma: Number(r.sigma),
    effects: Number(r.effects),
  }));
  const ranking = overallRanking(effects);
  return { ranks: new Map(ranking.map((r) => [r.path, r.rank])), count: ranking.length };
}

/** docs/ODD.md with the default and rank columns of its parameter table rewritten. */
export function updateOdd(doc: string): string {
  const { ranks, count } = morrisRanks();
  const [head, rest] = doc.split(/^## Parameters$/m);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? '' : rest.slice(end);
  const updated = section
    .replace(/overall Morris rank among the \d+ factors/, `overall Morris rank among the ${count} factors`)
    .split('\n')
    .map((line) => {
      const m = /^\| `([^`]+)` \| /.exec(line);
      if (!m) return line;
      const cells = line.split(' | ');
      const path = m[1];
      const shown = shownDefault(path);
      if (shown) cells[1] = shown;
      const rank = ranks.get(path);
      cells[5] = `${rank ?? '—'} |`;
      return cells.join(' | ');
    })
    .join('\n');
  return `${head}## Parameters${updated}${tail}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = join(PACKAGE_ROOT, 'docs', 'ODD.md');
  writeFileAtomic(file, updateOdd(readFileSync(file, 'utf8')));
  process.stderr.write('docs/ODD.md: parameter defaults and sensitivity ranks rewritten\n');
}
