// The figures of docs/ and the commands that make them, with a staleness stamp per figure.
//
//   npm run docs:figures -- NAME...    regenerate the named figures (all without a name), then stamp them
//   npm run docs:figures -- --check    list the stale figures (exit 1 if any); test/docs/figures.test.ts does this
//   npm run docs:figures -- --tables   redraw the tables in the docs from the figures' files, running nothing
//
// A figure's stamp in docs/figures.json is a SHA-256 of what decides it: its command, the resolved
// scenarios it runs, and the model's behaviour (full outputs of the default scenario at two seeds,
// and one docking run for the docking figure). A refactor that keeps every result byte-identical
// leaves the stamps valid; a change to the model or to a figure's command makes them stale, and the
// check names the command that brings each one up to date. A stamp of null: never regenerated since
// the stamps began (the check lists it as stale too).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../exec/io.ts';
import { dockRun } from '../sim/docking.ts';
import { simulate } from '../sim/index.ts';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const STAMPS_FILE = join(ROOT, 'docs', 'figures.json');

export interface Figure {
  name: string;
  /** The files it writes, relative to the repository. */
  files: string[];
  /** The command, run from the repository root. */
  command: string[];
  /** Presets it runs (their resolved JSON is part of the stamp). */
  scenarios: string[];
  /** The docking figure depends on the docking rules, not on the pilot-project model. */
  docking?: boolean;
  /** Run after the command: the tables in the docs drawn from its files. */
  after?: () => void;
}

export const CALIBRATION_DOC = join(ROOT, 'docs', 'calibration.md');
const VARIANCE_START = '<!-- variance-table:start (npm run docs:figures -- calibration-variance) -->';
const VARIANCE_END = '<!-- variance-table:end -->';
const VARIANCE_COLUMNS: [string, string][] = [
  ['months', 'months'],
  ['meetingsExtra', 'extra meetings'],
  ['eiPillarRise', 'E-I pillar rise'],
  ['asbl', 'ASBL'],
  ['dropouts', 'dropouts'],
];

/** calibration.md's table of the coefficient of variation by replicate count, from the CSV. */
export function varianceTable(csv: string): string {
  const cv = new Map<string, number>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [n, output, , , value] = line.split(',');
    cv.set(`${n} ${output}`, Number(value));
  }
  const head = `| replicates | ${VARIANCE_COLUMNS.map((c) => c[1]).join(' | ')} |`;
  const rule = `| ${['---', ...VARIANCE_COLUMNS.map(() => '---')].join(' | ')} |`;
  const rows = [20, 50, 100, 200, 400, 800].map(
    (n) =>
      `| ${n} | ${VARIANCE_COLUMNS.map(([k]) => cv.get(`${n} ${k}`)?.toPrecision(3) ?? '').join(' | ')} |`,
  );
  return [head, rule, ...rows].join('\n');
}

/** The table as calibration.md holds it now (between its markers). */
export function varianceTableInDoc(doc = readFileSync(CALIBRATION_DOC, 'utf8')): string {
  const a = doc.indexOf(VARIANCE_START);
  const b = doc.indexOf(VARIANCE_END);
  if (a < 0 || b < a) throw new Error(`${CALIBRATION_DOC}: no variance-table markers`);
  return doc.slice(a + VARIANCE_START.length, b).trim();
}

function writeVarianceTable(): void {
  const doc = readFileSync(CALIBRATION_DOC, 'utf8');
  const table = varianceTable(readFileSync(join(ROOT, 'docs', 'calibration-variance.csv'), 'utf8'));
  const a = doc.indexOf(VARIANCE_START) + VARIANCE_START.length;
  const next = `${doc.slice(0, a)}\n${table}\n${doc.slice(doc.indexOf(VARIANCE_END))}`;
  const tmp = `${CALIBRATION_DOC}.${process.pid}.tmp`;
  writeFileSync(tmp, next);
  renameSync(tmp, CALIBRATION_DOC);
}

export const FIGURES: Figure[] = [
  {
    name: 'calibration-variance',
    files: ['docs/calibration-variance.csv', 'docs/calibration-variance.svg'],
    command: [
      'node',
      'bin/pilotnet.js',
      'calibrate',
      '--variance',
      'docs/calibration-variance.csv',
      '--force',
    ],
    scenarios: ['default'],
    after: writeVarianceTable,
  },
  {
    name: 'calibration',
    files: ['docs/calibration.csv'],
    command: ['npm', 'run', 'calibrate'],
    scenarios: ['default', 'legal-expert'],
  },
  {
    name: 'docking',
    files: ['docs/docking.svg'],
    command: ['node', 'bin/pilotnet.js', 'dock', '--figure', 'docs/docking.svg', '--force'],
    scenarios: [],
    docking: true,
  },
  {
    name: 'sensitivity',
    files: [
      'docs/sensitivity-morris.csv',
      'docs/sensitivity-morris.svg',
      'docs/sensitivity-ofat.csv',
      'docs/sensitivity-ofat.svg',
      'docs/sensitivity-sobol.csv',
      'docs/sensitivity-sobol.svg',
    ],
    command: ['npm', 'run', 'docs:sensitivity'],
    scenarios: ['default'],
  },
];

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const replacer = (_key: string, value: unknown): unknown =>
  ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value;

let modelPrint: string | undefined;
/** The model's behaviour in one hash: every output of the default scenario at seeds 1 and 2. */
function modelFingerprint(): string {
  if (modelPrint === undefined) {
    const { scenario } = loadScenario(join(ROOT, 'scenarios', 'default.json'));
    modelPrint = sha256(
      [1, 2].map((seed) => JSON.stringify(simulate(scenario, { seed }), replacer)).join('\n'),
    );
  }
  return modelPrint;
}

/** The docking rules' behaviour: one small Deffuant and one small HK run. */
function dockingFingerprint(): string {
  return sha256(
    JSON.stringify(
      [
        dockRun({ rule: 'deffuant', epsilon: 0.2, agents: 200, seed: 1 }),
        dockRun({ rule: 'hk', epsilon: 0.2, agents: 100, seed: 1 }),
      ],
      replacer,
    ),
  );
}

/** The stamp a figure made now would carry. */
export function stampOf(f: Figure): string {
  const scenarios = f.scenarios.map((s) => loadScenario(join(ROOT, 'scenarios', `${s}.json`)).json);
  const behaviour = f.docking ? dockingFingerprint() : modelFingerprint();
  return sha256(JSON.stringify({ command: f.command, scenarios, behaviour }));
}

export function readStamps(): Record<string, string | null> {
  return JSON.parse(readFileSync(STAMPS_FILE, 'utf8')) as Record<string, string | null>;
}

/** The figures whose recorded stamp differs from the one they would carry now. */
export function staleFigures(): Figure[] {
  const stamps = readStamps();
  return FIGURES.filter((f) => stamps[f.name] !== stampOf(f));
}

function writeStamps(stamps: Record<string, string | null>): void {
  const tmp = `${STAMPS_FILE}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(stamps, null, 2)}\n`);
  renameSync(tmp, STAMPS_FILE);
}

function main(args: string[]): number {
  if (args.includes('--tables')) {
    // The tables only, from the figures' files as they are (no model run).
    for (const f of FIGURES) f.after?.();
    return 0;
  }
  if (args.includes('--check')) {
    const stale = staleFigures();
    for (const f of stale)
      process.stdout.write(`stale: ${f.name} (${f.files.join(', ')}): ${f.command.join(' ')}\n`);
    if (!stale.length) process.stdout.write(`${FIGURES.length} figures up to date\n`);
    return stale.length ? 1 : 0;
  }
  const unknown = args.filter((a) => !FIGURES.some((f) => f.name === a));
  if (unknown.length) {
    process.stderr.write(
      `unknown figure ${unknown.join(', ')}; figures: ${FIGURES.map((f) => f.name).join(', ')}\n`,
    );
    return 2;
  }
  const chosen = args.length ? FIGURES.filter((f) => args.includes(f.name)) : FIGURES;
  for (const f of chosen) {
    process.stdout.write(`${f.name}: ${f.command.join(' ')}\n`);
    execFileSync(f.command[0], f.command.slice(1), { cwd: ROOT, stdio: 'inherit' });
    f.after?.();
    writeStamps({ ...readStamps(), [f.name]: stampOf(f) });
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]))
  process.exitCode = main(process.argv.slice(2));
