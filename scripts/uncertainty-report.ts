// Regenerates the what-if table of docs/uncertainty.md (between its whatifs markers): every preset
// what-if compared with the default across the shipped posterior (compare --ensemble default),
// the pooled interval next to the stochastic one at the default. `npm run uncertainty`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareEnsemble } from '../cli/ensemble.ts';
import { type CheckRecord, checkMarkdown } from '../cli/posterior-check.ts';
import { human } from '../cli/summary.ts';
import { loadScenario, PACKAGE_ROOT } from '../exec/io.ts';
import { writeFileAtomic } from '../exec/outdir.ts';

/** The preset what-ifs (every scenario in scenarios/ that changes one thing from the default). */
export const WHAT_IFS = [
  'meetings-halved',
  'no-coach',
  'legal-expert',
  'attendance-fees',
  'firm-deadline',
  'intra-pillar',
  'lead-organisation',
  'lean',
  'participant-governed',
];
const OUTCOMES = ['months', 'submitted', 'meetingsExtra', 'legalAsbl'];
const DOC = join(PACKAGE_ROOT, 'docs', 'uncertainty.md');
const START = '<!-- whatifs:start (npm run uncertainty) -->';
const END = '<!-- whatifs:end -->';

export async function whatIfTable(options: { draws: number; memberReplicates: number; replicates: number }) {
  const rows: string[] = [
    '| what-if | outcome | B − A pooled | pooled 95% | default alone 95% | calibrations agreeing |',
    '| --- | --- | ---: | --- | --- | ---: |',
  ];
  const sentences: string[] = [];
  const def = loadScenario('default');
  for (const name of WHAT_IFS) {
    const r = await compareEnsemble(def, loadScenario(name), { ensemble: 'default', seed: 1, ...options });
    for (const o of r.outcomes.filter((x) => OUTCOMES.includes(x.key))) {
      const iv = (lo: number, hi: number) => (Number.isFinite(lo) ? `${human(lo)} to ${human(hi)}` : '–');
      rows.push(
        `| ${name} | ${o.label}${o.unit ? ` (${o.unit === 'percentage points' ? 'points' : o.unit})` : ''} | ${Number.isFinite(o.diff) ? human(o.diff) : '–'} | ${iv(o.lo, o.hi)} | ${iv(o.stochasticLo, o.stochasticHi)} | ${Number.isFinite(o.sameSign) ? `${Math.round(100 * o.sameSign)}%` : '–'} |`,
      );
      if (o.key === 'months') sentences.push(`- ${o.sentence}.`);
    }
    process.stderr.write(`${name} done\n`);
  }
  return `${rows.join('\n')}\n\nOn the duration, in words:\n\n${sentences.join('\n')}\n`;
}

/** " and k rejuvenation steps" when the sampler took any after its last generation. */
const rejuvenationSteps = (record: { generations: { rejuvenation?: boolean }[] }): string => {
  const k = record.generations.filter((g) => g.rejuvenation).length;
  return k ? ` and ${k} rejuvenation step${k === 1 ? '' : 's'}` : '';
};

/** The posterior's marginals (from scenarios/posterior/default.json) next to the shipped defaults. */
export function marginalTable(): string {
  const record = JSON.parse(
    readFileSync(join(PACKAGE_ROOT, 'scenarios', 'posterior', 'default.json'), 'utf8'),
  );
  const def = loadScenario('default').scenario;
  const get = (path: string) =>
    path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], def) as number;
  const f = (x: number) => Number(x.toPrecision(3)).toString();
  const rows = [
    `Posterior of ${record.particles} particles after ${record.generations.filter((g: { rejuvenation?: boolean }) => !g.rejuvenation).length} generations${rejuvenationSteps(record)} (${record.modelRuns} model runs; final tolerance ${f(record.tolerance)}, effective sample size ${Math.round(record.ess)}).`,
    '',
    '| parameter | prior range | posterior mean | posterior 95% | narrowed to | shipped default |',
    '| --- | --- | ---: | --- | ---: | ---: |',
  ];
  for (const m of record.marginals) {
    const share = (m.q975 - m.q025) / (m.range[1] - m.range[0]);
    rows.push(
      `| \`${m.path}\` | ${f(m.range[0])}–${f(m.range[1])} | ${f(m.mean)} | ${f(m.q025)}–${f(m.q975)} | ${Math.round(100 * share)}% | ${f(get(m.path))} |`,
    );
  }
  return `${rows.join('\n')}\n`;
}

/** The predictive check recorded beside the shipped posterior, as a section (none: says so). */
export function checkSection(): string {
  const dir = join(PACKAGE_ROOT, 'scenarios', 'posterior');
  const file = join(dir, 'default.check.json');
  const record = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CheckRecord) : null;
  return checkMarkdown(record, readFileSync(join(dir, 'default.csv'), 'utf8'));
}

/** Replace the text between two markers of the doc. */
function splice(doc: string, start: string, end: string, body: string): string {
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${DOC}: no ${start} marker`);
  return `${doc.slice(0, a + start.length)}\n\n${body}\n${doc.slice(b)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = { draws: 30, memberReplicates: 10, replicates: 50 };
  // --posterior-only: only the marginals and the recorded check (no runs), e.g. right after
  // shipping a new posterior or checking it.
  const posteriorOnly = process.argv.includes('--posterior-only');
  let doc = readFileSync(DOC, 'utf8');
  doc = splice(
    doc,
    '<!-- posterior:start (npm run uncertainty) -->',
    '<!-- posterior:end -->',
    marginalTable(),
  );
  doc = splice(doc, '<!-- check:start (npm run uncertainty) -->', '<!-- check:end -->', checkSection());
  if (posteriorOnly) {
    writeFileAtomic(DOC, doc);
    process.exit(0);
  }
  const table = await whatIfTable(options);
  const note = `Each what-if against the default: ${options.draws} draws from \`scenarios/posterior/default.csv\`, ${options.memberReplicates} paired replicates each, and ${options.replicates} paired replicates at the default alone (base seed 1).\n\n`;
  doc = splice(doc, START, END, `${note}${table}`);
  writeFileAtomic(DOC, doc);
}
