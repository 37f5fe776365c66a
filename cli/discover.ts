import { join } from 'node:path';
import type { Command } from 'commander';
import { scaleLinear } from 'd3-scale';
import seedrandom from 'seedrandom';
import { csvLine, splitCsvLine } from '../exec/columns.ts';
import { UsageError } from '../exec/errors.ts';
import {
  displayPath,
  type LoadedScenario,
  loadScenario,
  pilotnetVersion,
  prepareOutDir,
  sha256,
} from '../exec/io.ts';
import { markComplete, markIncomplete, writeFileAtomic } from '../exec/outdir.ts';
import { executeRuns, shardRuns } from '../exec/sweep.ts';
import { buildPlan } from '../exec/sweep-spec.ts';
import { describeBox, type PrimResult, prim } from '../methods/prim.ts';
import { particleOverrides } from '../report/ensemble.ts';
import { OBJECTIVE_OUTCOMES } from './design-spec.ts';
import { DEFAULT_POSTERIOR, drawEnsemble, posteriorFile } from './ensemble.ts';
import { applyDraw, drawRange, FREE_PARAMETERS } from './free-parameters.ts';

export interface DiscoverOptions {
  out: string;
  outcome: string;
  /** The what-if holds where the mean paired difference B − A is at most this (or at least). */
  atMost?: number;
  atLeast?: number;
  /** Which region PRIM looks for. */
  find: 'holds' | 'fails';
  /** "prior" (the calibration's box) or a posterior file / "default". */
  space: string;
  draws: number;
  replicates: number;
  seed: number;
  threshold: number;
  workers?: number;
  force?: boolean;
  signal?: AbortSignal;
}

export interface DiscoverReport {
  out: string;
  a: string;
  b: string;
  outcome: string;
  condition: string;
  draws: number;
  holds: number;
  space: { kind: 'prior' | 'posterior'; file?: string; sha256?: string };
  names: string[];
  prim: PrimResult;
  find: 'holds' | 'fails';
  /** The chosen box in words. */
  words: string;
  /** One line for a brief: where the advice holds or fails. */
  sentence: string;
  interrupted: boolean;
}

const OUR_FILES = /^(draws\.csv|peeling\.csv|peeling\.svg|discover\.json)$/;
const num = (v: number) => (Number.isNaN(v) ? '' : String(v));
const pct = (x: number) => `${Math.round(100 * x)}%`;
const short = (v: number) => String(Number(v.toPrecision(2)));

/** Parameter sets to explore: uniform in the calibration's prior box, or drawn from a posterior by weight. */
function drawSpace(space: string, draws: number, seed: number) {
  if (space === 'prior') {
    const rng = seedrandom.alea(`discover:${seed}`);
    return {
      kind: 'prior' as const,
      paths: FREE_PARAMETERS.map((p) => p.path),
      sets: Array.from({ length: draws }, () =>
        Object.fromEntries(
          FREE_PARAMETERS.map((p) => {
            // A whole-number parameter is drawn on its range widened by half a unit, then rounded.
            const [lo, hi] = drawRange(p);
            return [p.path, applyDraw(p, lo + rng() * (hi - lo))];
          }),
        ),
      ),
    };
  }
  const ens = drawEnsemble(space, draws, seed);
  const sets: Record<string, number>[] = [];
  for (const m of ens.members) {
    const copies = Math.round(m.weight * draws);
    for (let k = 0; k < copies; k++) sets.push(m.values);
  }
  return {
    kind: 'posterior' as const,
    file: posteriorFile(space) === DEFAULT_POSTERIOR ? 'default' : displayPath(ens.file),
    sha256: ens.sha256,
    paths: Object.keys(ens.members[0]?.values ?? {}),
    sets,
  };
}

export async function discover(fileA: string, fileB: string, o: DiscoverOptions): Promise<DiscoverReport> {
  if (!OBJECTIVE_OUTCOMES.includes(o.outcome))
    throw new UsageError(`--outcome ${o.outcome}: expected one of ${OBJECTIVE_OUTCOMES.join(', ')}`);
  if ((o.atMost === undefined) === (o.atLeast === undefined))
    throw new UsageError('give one of --at-most or --at-least: when does the what-if hold?');
  const a = loadScenario(fileA);
  const b = loadScenario(fileB);
  const reference = loadScenario('default').scenario;
  const drawn = drawSpace(o.space, o.draws, o.seed);
  const condition =
    o.atMost !== undefined
      ? `${o.outcome} (B − A) at most ${o.atMost}`
      : `${o.outcome} (B − A) at least ${o.atLeast}`;
  const identity = {
    pilotnet: pilotnetVersion(),
    command: 'discover',
    a: { file: a.file, id: a.scenario.id, sha256: a.hash },
    b: { file: b.file, id: b.scenario.id, sha256: b.hash },
    outcome: o.outcome,
    condition,
    find: o.find,
    space:
      drawn.kind === 'prior'
        ? { kind: 'prior', box: FREE_PARAMETERS }
        : { kind: 'posterior', file: drawn.file, sha256: drawn.sha256 },
    draws: o.draws,
    replicates: o.replicates,
    seed: o.seed,
    seeds: 'replicate r of every draw runs with replicateSeed(seed, r) in A and in B: common random numbers',
    threshold: o.threshold,
  };
  const lock = prepareOutDir(o.out, (f) => OUR_FILES.test(f), { force: o.force });
  try {
    markIncomplete(o.out, 'scenario discovery in progress');
    // 1. Both scenarios at every parameter set, the same replicate seeds everywhere.
    const ta = await runTable(a);
    const tb = ta && (await runTable(b));
    if (!ta || !tb) return emptyReport();
    async function runTable(loaded: LoadedScenario): Promise<number[][] | null> {
      const plan = buildPlan({
        id: `discover-${loaded.scenario.id}`,
        file: loaded.file,
        scenario: loaded,
        factors: [],
        points: drawn.sets.map((v) => particleOverrides(loaded.scenario, reference, v)),
        replicates: o.replicates,
        seed: o.seed,
      });
      const col = plan.header.indexOf(o.outcome);
      const pCol = plan.header.indexOf('point');
      const rCol = plan.header.indexOf('replicate');
      const table = drawn.sets.map(() => new Array<number>(o.replicates).fill(Number.NaN));
      const ok = await executeRuns(
        plan,
        shardRuns(plan.runCount, { index: 1, count: 1 }),
        plan.runCount,
        (lines: string[]) => {
          for (const line of lines) {
            const f = splitCsvLine(line.replace(/\r?\n$/, ''));
            const s = f[col];
            table[Number(f[pCol])][Number(f[rCol])] =
              s === 'true' ? 1 : s === 'false' ? 0 : s === '' ? Number.NaN : Number(s);
          }
        },
        { workers: o.workers, signal: o.signal },
      );
      return ok ? table : null;
    }
    // 2. The mean paired difference at each set (pairs where both runs have a value).
    const diffs = drawn.sets.map((_, d) => {
      let s = 0;
      let n = 0;
      for (let r = 0; r < o.replicates; r++) {
        const x = tb[d][r] - ta[d][r];
        if (Number.isFinite(x)) {
          s += x;
          n++;
        }
      }
      return n ? s / n : Number.NaN;
    });
    const holdsAt = diffs.map((d) =>
      Number.isNaN(d) ? false : o.atMost !== undefined ? d <= o.atMost : d >= (o.atLeast as number),
    );
    const holds = holdsAt.filter(Boolean).length;
    // 3. PRIM on the parameter sets, the cases of interest where it holds (or fails).
    const names = drawn.paths;
    const x = drawn.sets.map((s) => names.map((p) => s[p]));
    const interest = holdsAt.map((h) => (o.find === 'holds' ? h : !h));
    const result = prim(x, interest, { threshold: o.threshold });
    const words = describeBox(result, names, result.chosen, short);
    const box = result.steps[result.chosen];
    const verb = o.find === 'holds' ? 'holds' : 'fails';
    const sentence =
      `${b.scenario.name} against ${a.scenario.name}: the difference in ${condition.replace(' (B − A)', ' (B − A) is')} in ${holds} of ${drawn.sets.length} parameter sets drawn from the ${drawn.kind}. ` +
      (interest.some(Boolean)
        ? `It ${verb} mostly where ${words}: ${pct(box.density)} of the sets there, ${pct(box.coverage)} of all where it ${verb}.`
        : `It never ${verb} among the sets drawn.`);
    // 4. Files: every set, the trajectory, its plot and the provenance with the sentence.
    writeFileAtomic(
      join(o.out, 'draws.csv'),
      csvLine(['draw', ...names, `${o.outcome}A`, `${o.outcome}B`, 'diff', 'holds']) +
        drawn.sets
          .map((s, d) => {
            const mean = (t: number[]) => {
              const v = t.filter(Number.isFinite);
              return v.length ? v.reduce((p, q) => p + q, 0) / v.length : Number.NaN;
            };
            return csvLine([
              String(d),
              ...names.map((p) => num(s[p])),
              num(mean(ta[d])),
              num(mean(tb[d])),
              num(diffs[d]),
              String(holdsAt[d]),
            ]);
          })
          .join(''),
    );
    writeFileAtomic(
      join(o.out, 'peeling.csv'),
      csvLine([
        'step',
        'move',
        'coverage',
        'density',
        'mass',
        'count',
        'chosen',
        ...names.flatMap((n) => [`${n}.lower`, `${n}.upper`]),
      ]) +
        result.steps
          .map((s, i) =>
            csvLine([
              String(i),
              s.move,
              num(s.coverage),
              num(s.density),
              num(s.mass),
              String(s.count),
              String(i === result.chosen),
              ...s.limits.flatMap((l) => [num(l.lower), num(l.upper)]),
            ]),
          )
          .join(''),
    );
    writeFileAtomic(join(o.out, 'peeling.svg'), peelingSvg(result, `${verb}: ${words}`));
    writeFileAtomic(
      join(o.out, 'discover.json'),
      `${JSON.stringify({ ...identity, hash: sha256(JSON.stringify(identity)), holds, chosen: result.chosen, box: words, sentence }, null, 2)}\n`,
    );
    markComplete(o.out);
    return {
      out: o.out,
      a: a.scenario.id,
      b: b.scenario.id,
      outcome: o.outcome,
      condition,
      draws: drawn.sets.length,
      holds,
      space:
        drawn.kind === 'prior'
          ? { kind: 'prior' }
          : { kind: 'posterior', file: drawn.file, sha256: drawn.sha256 },
      names,
      prim: result,
      find: o.find,
      words,
      sentence,
      interrupted: false,
    };

    function emptyReport(): DiscoverReport {
      return {
        out: o.out,
        a: a.scenario.id,
        b: b.scenario.id,
        outcome: o.outcome,
        condition,
        draws: drawn.sets.length,
        holds: 0,
        space: { kind: drawn.kind },
        names: drawn.paths,
        prim: { steps: [], chosen: -1, range: [] },
        find: o.find,
        words: '',
        sentence: '',
        interrupted: true,
      };
    }
  } finally {
    lock.release();
  }
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The peeling trajectory as coverage against density (the trade-off plot of scenario discovery). */
export function peelingSvg(r: PrimResult, caption: string): string {
  const W = 560;
  const H = 420;
  const m = { left: 60, right: 20, top: 56, bottom: 50 };
  const sx = scaleLinear()
    .domain([0, 1])
    .range([m.left, W - m.right]);
  const sy = scaleLinear()
    .domain([0, 1])
    .range([H - m.bottom, m.top]);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    '<text x="12" y="22" font-size="15" font-weight="bold">Scenario discovery: the peeling trajectory</text>',
    `<text x="12" y="40" fill="#555">${esc(caption.length > 90 ? `${caption.slice(0, 88)}…` : caption)}</text>`,
  ];
  for (const t of sx.ticks(5))
    parts.push(
      `<line x1="${sx(t)}" x2="${sx(t)}" y1="${m.top}" y2="${H - m.bottom}" stroke="#eee"/>`,
      `<text x="${sx(t)}" y="${H - m.bottom + 16}" text-anchor="middle">${t}</text>`,
      `<line x1="${m.left}" x2="${W - m.right}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/>`,
      `<text x="${m.left - 6}" y="${sy(t) + 4}" text-anchor="end">${t}</text>`,
    );
  parts.push(
    `<text x="${(m.left + W - m.right) / 2}" y="${H - 12}" text-anchor="middle">coverage (share of all cases of interest inside the box)</text>`,
    `<text transform="translate(16 ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle">density (share of the box that is of interest)</text>`,
    `<polyline fill="none" stroke="#999" points="${r.steps.map((s) => `${sx(s.coverage).toFixed(1)},${sy(s.density).toFixed(1)}`).join(' ')}"/>`,
  );
  r.steps.forEach((s, i) => {
    const chosen = i === r.chosen;
    parts.push(
      `<circle cx="${sx(s.coverage).toFixed(1)}" cy="${sy(s.density).toFixed(1)}" r="${chosen ? 6 : 3}" fill="${chosen ? '#c0392b' : s.move === 'paste' ? '#e67e22' : '#1f4e79'}"><title>${esc(`step ${i} (${s.move}): coverage ${s.coverage.toFixed(2)}, density ${s.density.toFixed(2)}, ${s.restricted.length} inputs restricted`)}</title></circle>`,
    );
  });
  parts.push('</svg>\n');
  return parts.join('\n');
}

const wholeNumber = (min: number) => (text: string) => {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min)
    throw new UsageError(`expected a whole number >= ${min}, got "${text}"`);
  return n;
};
const number = (flag: string) => (text: string) => {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`${flag}: expected a number, got "${text}"`);
  return n;
};

export function register(program: Command, state: { exitCode: number } = { exitCode: 0 }): void {
  program
    .command('discover')
    .description('Scenario discovery (PRIM): where in the parameter space does a what-if hold, or fail?')
    .argument('<a>', 'the reference scenario (file or preset name)')
    .argument('<b>', 'the what-if, or a design exported from a search (file or preset name)')
    .requiredOption('--out <dir>', 'output folder: draws.csv, peeling.csv, peeling.svg, discover.json')
    .requiredOption('--outcome <name>', 'the outcome column the what-if promises something about')
    .option(
      '--at-most <x>',
      'it holds where the mean paired difference B − A is at most x',
      number('--at-most'),
    )
    .option(
      '--at-least <x>',
      'it holds where the mean paired difference B − A is at least x',
      number('--at-least'),
    )
    .option('--find <region>', 'the region to describe: holds or fails', 'holds')
    .option(
      '--space <space>',
      '"prior" (the calibration box), or a posterior.csv, or "default" (the shipped posterior)',
      'prior',
    )
    .option('--draws <n>', 'parameter sets drawn', wholeNumber(10), 100)
    .option('--replicates <r>', 'replicates of A and of B at each set, common seeds', wholeNumber(1), 10)
    .option('--seed <n>', 'seed of the draws and base seed of the runs', wholeNumber(0), 1)
    .option(
      '--threshold <d>',
      'the box chosen: highest coverage with at least this density',
      number('--threshold'),
      0.8,
    )
    .option('--workers <w>', 'worker threads (the files are the same bytes for any count)', wholeNumber(1), 1)
    .option('--force', 'overwrite the results in an existing output folder')
    .addHelpText(
      'after',
      '\nExamples:\n  $ pilotnet discover default meetings-halved --outcome months --at-most 0.5 --out results/where-halving-works\n' +
        '  $ pilotnet discover default meetings-halved --outcome months --at-most 0.5 --find fails --space default --out results/where-it-fails\n\n' +
        'Method and a worked question: docs/decision.md.\n',
    )
    .action(async (fa: string, fb: string, opts) => {
      if (opts.find !== 'holds' && opts.find !== 'fails')
        throw new UsageError(`--find: expected holds or fails, got "${opts.find}"`);
      if (!(opts.threshold > 0 && opts.threshold <= 1))
        throw new UsageError('--threshold: expected a share in (0, 1]');
      const { capWorkers } = await import('../exec/workers.ts');
      const capped = capWorkers(opts.workers as number);
      if (capped.note) process.stderr.write(`${capped.note}\n`);
      const controller = new AbortController();
      const onSignal = () => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write('\nStopping (Ctrl-C again to quit at once)...\n');
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      let r: DiscoverReport;
      try {
        r = await discover(fa, fb, {
          out: opts.out,
          outcome: opts.outcome,
          atMost: opts.atMost,
          atLeast: opts.atLeast,
          find: opts.find,
          space: opts.space,
          draws: opts.draws,
          replicates: opts.replicates,
          seed: opts.seed,
          threshold: opts.threshold,
          workers: capped.workers,
          force: opts.force,
          signal: controller.signal,
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      if (r.interrupted) {
        process.stderr.write(`Interrupted; ${r.out}/ is marked INCOMPLETE. Run again with --force.\n`);
        state.exitCode = 130;
        return;
      }
      const box = r.prim.steps[r.prim.chosen];
      process.stdout.write(
        `${r.sentence}\n\n` +
          `Peeling: ${r.prim.steps.length} boxes; chosen box ${r.prim.chosen} (highest coverage with density at least ${opts.threshold}, restrictions that cost under 0.05 of density lifted): ` +
          `coverage ${box.coverage.toFixed(2)}, density ${box.density.toFixed(2)}, ${box.count} of ${r.draws} sets\n` +
          `Results in ${r.out}/ (draws.csv, peeling.csv, peeling.svg, discover.json)\n`,
      );
    });
}
