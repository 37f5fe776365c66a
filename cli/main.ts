// pilotnet's command line: run, sweep, merge, compare, validate; sensitivity, calibrate, dock and validation
// load when asked for. Bad input exits with code 2 and a message, never a stack trace.
import { availableParallelism } from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { fromSystemError, terminalText, UsageError } from '../exec/errors.ts';
import {
  allowExtendsAnywhere,
  displayPath,
  loadScenario,
  parseAssignment,
  pilotnetVersion,
  readJsonFile,
  scenarioFile,
} from '../exec/io.ts';
import { setInvocation, shellQuote } from '../exec/manifest.ts';
import { checkWritableFile, writeFileAtomic } from '../exec/outdir.ts';
import type { SweepPlan } from '../exec/sweep-spec.ts';
import type { CompareFormat } from './compare.ts';
import {
  Interrupted,
  installInterrupts,
  interruptSignal,
  settleInterrupted,
  settleInterrupts,
} from './interrupt.ts';
import type { ProgressReporter } from './progress.ts';

// Command modules are imported when their command runs, so `--help` and bad flags answer fast.
const COMPARE_FORMATS: CompareFormat[] = ['text', 'md', 'json', 'csv'];
const CORE_COMMANDS = new Set(['run', 'sweep', 'merge', 'compare', 'validate']);

const wholeNumber =
  (min: number) =>
  (text: string): number => {
    const n = Number(text);
    if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`expected a whole number >= ${min}`);
    return n;
  };
const positiveNumber = (text: string): number => {
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number above 0');
  return n;
};
const collect = (value: string, previous: string[]) => [...previous, value];
const examples = (...lines: string[]) =>
  `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

/** Lines written while the command runs; the CLI sends them to stdout, tests may capture them. */
const say = (text: string) => process.stdout.write(terminalText(text.endsWith('\n') ? text : `${text}\n`));
const warn = (text: string) => process.stderr.write(terminalText(text.endsWith('\n') ? text : `${text}\n`));

/** The command-line program; `register(program)` of optional command modules is called too. */
export async function buildProgram(state: { exitCode: number; argv: readonly string[] }): Promise<Command> {
  const program = new Command('pilotnet')
    .description(
      'pilotnet: agent-based simulation of an integrated-care pilot project growing into a network',
    )
    .version(pilotnetVersion())
    .option(
      '--extends-anywhere',
      "let a scenario's extends reach .json files outside its own folder tree and the presets",
    )
    .hook('preAction', (cmd) => allowExtendsAnywhere(Boolean(cmd.opts().extendsAnywhere)))
    .exitOverride()
    .showSuggestionAfterError()
    .configureHelp({ sortSubcommands: false })
    .addHelpText(
      'after',
      examples(
        'pilotnet run scenarios/default.json --replicates 20',
        'pilotnet sweep scenarios/sweeps/project-meetings-coach.json --workers 4',
        'pilotnet compare scenarios/default.json scenarios/meetings-halved.json --replicates 100',
        'pilotnet validate scenarios/*.json',
      ) + '\nEach command has its own --help, with an example.\n',
    )
    // Provenance: the command about to run, its arguments and options, for the manifest.json of its outputs.
    .hook('preAction', (_program, action) =>
      setInvocation(action.name(), state.argv.slice(2) as string[], action.opts()),
    );

  program
    .command('run')
    .description('Run R seeded replicates of a scenario, print a summary, write tidy results')
    .argument('<scenario>', 'scenario JSON file, or a preset name (default, no-coach, ...)')
    .option(
      '--seed <n>',
      'base seed; replicate r runs with replicateSeed(n, r) (default: the scenario seed)',
      wholeNumber(0),
    )
    .option('--replicates <r>', 'number of replicates', wholeNumber(1), 1)
    .option(
      '--set <path=value>',
      'override one parameter, e.g. ties.alpha=0.1 (repeatable; value parsed as JSON)',
      collect,
      [],
    )
    .option('--out <dir>', 'output folder (default: results/<scenario>-<timestamp>/)')
    .option('--force', 'overwrite the results in an existing output folder')
    .option('--no-network', 'do not write network-<replicate>.gexf')
    .option(
      '--summary-only',
      'print the summary table; write only summary.json (and manifest.json), and only with --out',
    )
    .option('--by-consortium', 'national scenario: also print one line per consortium')
    .option(
      '--partners <file>',
      "a consortium's own partner list (CSV: organisation, role, pillar, care line[, works with]; docs/scenarios.md)",
    )
    .option(
      '--workers <w>',
      'worker threads for the replicates (default 1); the files are the same bytes for any count',
      wholeNumber(1),
      1,
    )
    .addHelpText(
      'after',
      examples(
        'pilotnet run scenarios/default.json --replicates 20 --set ties.alpha=0.1 --out results/alpha-0.1',
        'pilotnet run default --replicates 200 --workers 2 --no-network',
        'pilotnet run default --partners scenarios/partners-example.csv --summary-only',
      ) +
        '\nWrites runs.csv (one row per replicate), weekly.csv (one row per replicate and week), summary.json\n' +
        '(outcomes and provenance), events.jsonl, network-<replicate>.gexf (opens in Gephi) and manifest.json.\n',
    )
    .action(async (file: string, opts) => {
      const loaded = loadScenario(
        file,
        (opts.set as string[]).map((s) => parseAssignment(s)),
        opts.partners as string | undefined,
      );
      const { runScenario } = await import('./run.ts');
      const { consortiumTable, endingLine, formatSummaryTable } = await import('./summary.ts');
      const { capWorkers } = await import('../exec/workers.ts');
      const capped = capWorkers(opts.workers as number);
      if (capped.note) warn(capped.note);
      const signal = interruptSignal();
      let progress: ProgressReporter | undefined;
      let report: Awaited<ReturnType<typeof runScenario>>;
      try {
        // A bar on a terminal only: logs and pipes stay quiet.
        if (process.stderr.isTTY && opts.replicates > 1 && !opts.summaryOnly) {
          const { progressReporter } = await import('./progress.ts');
          progress = progressReporter('run', opts.replicates, 0);
        }
        report = await runScenario(loaded, {
          replicates: opts.replicates,
          seed: opts.seed,
          out: opts.out,
          force: opts.force,
          network: opts.network,
          summaryOnly: opts.summaryOnly,
          signal,
          workers: capped.workers,
          onProgress: (done) => progress?.update(done),
        });
      } finally {
        progress?.stop();
      }
      if (report.interrupted) {
        const again = state.argv.slice(2).filter((a) => a !== '--force');
        if (!opts.out) again.push('--out', report.out as string);
        const kept =
          report.building !== report.out
            ? `The earlier results in ${report.out}/ are unchanged; the ${report.done} new replicate${report.done === 1 ? '' : 's'} finished are set aside in ${report.building}/ (not a result).`
            : `Kept: the first ${report.done} of ${report.seeds.length} replicates in ${report.out}/, each whole, but the folder is marked INCOMPLETE and has no summary.json.`;
        warn(
          `Interrupted after ${report.done} of ${report.seeds.length} replicates. ${kept}\n` +
            `To get the full result, run again (the same seeds give the same files):\n  pilotnet ${again.map(shellQuote).join(' ')} --force`,
        );
        state.exitCode = 130;
        return;
      }
      say(
        `${loaded.scenario.name} (${loaded.scenario.id})\n${report.seeds.length} replicate${report.seeds.length > 1 ? 's' : ''}, base seed ${report.baseSeed}\n`,
      );
      if (report.unit !== 'runs')
        say(
          `${report.summaries[0].consortia.length} consortia per run: every number is over all consortia of all runs${opts.byConsortium ? '' : ' (per consortium: --by-consortium)'}`,
        );
      say(`${endingLine(report.outcomes, report.unit)}\n`);
      say(formatSummaryTable(report.outcomes, report.unit));
      if (opts.byConsortium && report.unit !== 'runs') say(`\n${consortiumTable(report.summaries)}`);
      if (report.out) say(`\nResults in ${report.out}/`);
    });

  program
    .command('sweep')
    .description('Run every point of a sweep × R replicates on all cores, streaming rows to runs.csv')
    .argument('<file>', 'sweep file (see scenarios/sweeps/), or a scenario file with --vary')
    .option(
      '--vary <path=values>',
      'a factor: path=v1,v2,... or path=from..to:by (repeatable; full factorial)',
      collect,
      [],
    )
    .option(
      '--set <path=value>',
      'with --vary: override one parameter at every point (repeatable)',
      collect,
      [],
    )
    .option('--replicates <r>', 'replicates per point (default: the sweep file, else 10)', wholeNumber(1))
    .option('--seed <n>', 'base seed (default: the sweep file, else the scenario seed)', wholeNumber(0))
    .option('--workers <w>', 'worker threads', wholeNumber(1), availableParallelism())
    .option('--out <dir>', 'output folder (default: results/<sweep>-<timestamp>/)')
    .option('--resume', 'skip the runs already in --out and run the rest')
    .option('--force', 'overwrite the results in an existing output folder')
    .option(
      '--weekly <columns>',
      'also write weekly.csv: these weekly series per run and week (comma-separated weekly.csv columns, see pilotnet columns weekly.csv)',
    )
    .option(
      '--shard <i/n>',
      'run only the i-th of n slices (runs whose index mod n = i - 1); join with merge',
    )
    .option(
      '--ensemble <file>',
      'cross every point with particles drawn from a posterior.csv, or "default" (docs/uncertainty.md)',
    )
    .option(
      '--draws <n>',
      'with --ensemble: particles drawn by weight (seeded by the base seed)',
      wholeNumber(1),
      20,
    )
    .addHelpText(
      'after',
      examples(
        'pilotnet sweep scenarios/sweeps/project-meetings-coach.json --out results/meetings',
        'pilotnet sweep scenarios/default.json --vary ties.alpha=0.04,0.08,0.12 --vary coach.enabled=true,false --replicates 50',
        'pilotnet sweep scenarios/sweeps/project-meetings-coach.json --shard 2/8 --out results/shard-2',
        'pilotnet sweep lean --vary ties.alpha=0.05,0.1 --replicates 5 --weekly density,eiPillar,dispersion_name',
      ),
    )
    .action(async (file: string, opts) => {
      const { looksLikeSweep, parseVary, planFromScenario, planFromSweepFile } = await import(
        '../exec/sweep-spec.ts'
      );
      const { capWorkers, parseShard, sweep } = await import('../exec/sweep.ts');
      const capped = capWorkers(opts.workers as number);
      if (capped.note) warn(capped.note);
      opts.workers = capped.workers;
      const { progressReporter } = await import('./progress.ts');
      const overrides = {
        replicates: opts.replicates as number | undefined,
        seed: opts.seed as number | undefined,
      };
      const vary = (opts.vary as string[]).map(parseVary);
      let plan: SweepPlan;
      if (vary.length) {
        plan = planFromScenario(file, vary, {
          ...overrides,
          set: (opts.set as string[]).map((s) => parseAssignment(s)),
        });
      } else {
        if (!looksLikeSweep(readJsonFile(scenarioFile(file))))
          throw new UsageError(
            `${displayPath(file)}: this is a scenario, not a sweep: add --vary path=v1,v2,... or give a sweep file (see scenarios/sweeps/)`,
          );
        if ((opts.set as string[]).length)
          throw new UsageError('--set: with a sweep file, put fixed overrides in its "set"');
        plan = planFromSweepFile(file, overrides);
      }
      if (opts.ensemble) {
        const { ensemblePlan } = await import('./ensemble.ts');
        plan = ensemblePlan(plan, opts.ensemble, opts.draws, plan.baseSeed);
      }
      if (opts.resume && !opts.out)
        throw new UsageError('--resume: give --out DIR, the folder of the sweep to continue');
      let weekly: string[] | undefined;
      if (opts.weekly !== undefined) {
        const { parseWeeklyColumns } = await import('../exec/columns.ts');
        const parsed = parseWeeklyColumns(opts.weekly as string);
        if (parsed.problems.length) throw new UsageError(parsed.problems.join('\n'));
        weekly = parsed.columns;
      }
      const shard = opts.shard ? parseShard(opts.shard) : undefined;
      const signal = interruptSignal();
      let progress: ProgressReporter | undefined;
      try {
        const report = await sweep(plan, {
          out: opts.out,
          weekly,
          workers: opts.workers,
          resume: opts.resume,
          force: opts.force,
          shard,
          signal,
          onStart: (p) => {
            warn(
              `sweep ${plan.id}: ${plan.pointCount} points × ${plan.replicates} replicates = ${plan.runCount} runs` +
                (shard ? `, shard ${shard.index}/${shard.count}: ${p.total} runs` : '') +
                (p.skipped ? `, ${p.skipped} already done, ${p.total - p.skipped} to run` : '') +
                `, ${opts.workers} worker${opts.workers > 1 ? 's' : ''}`,
            );
            progress = progressReporter('sweep', p.total, p.done);
          },
          onProgress: (p) => progress?.update(p.done),
        });
        progress?.stop();
        const onDisk = report.skipped + report.completed;
        if (report.interrupted) {
          const args = state.argv.slice(2);
          const again = args.filter((a) => a !== '--force' && a !== '--resume');
          if (!opts.out) again.push('--out', report.out);
          warn(
            `Interrupted: ${onDisk} of ${report.runs} runs are in ${report.out}/runs.csv, each row whole.\n` +
              `Resume with:\n  pilotnet ${again.map(shellQuote).join(' ')} --resume`,
          );
          state.exitCode = 130;
          return;
        }
        say(
          `${onDisk} runs in ${report.out}/runs.csv (${report.completed} new${report.skipped ? `, ${report.skipped} resumed` : ''})`,
        );
        if (!shard || shard.count === 1) {
          const { pointSummary } = await import('./point-summary.ts');
          say(`\n${pointSummary(`${report.out}/runs.csv`)}`);
        }
      } finally {
        progress?.stop();
      }
    });

  program
    .command('merge')
    .description('Join the runs.csv of sweep shards into one, in canonical order (point, replicate)')
    .argument('<dirs...>', 'shard output folders')
    .requiredOption('--out <dir>', 'folder for the merged runs.csv and sweep.json')
    .option('--force', 'overwrite the results in an existing output folder')
    .addHelpText('after', examples('pilotnet merge results/shard-* --out results/meetings'))
    .action(async (dirs: string[], opts) => {
      const { merge } = await import('../exec/merge.ts');
      const r = await merge(dirs, opts.out, { force: opts.force });
      say(`${r.rows} runs from ${dirs.length} folder${dirs.length > 1 ? 's' : ''} in ${r.out}/runs.csv`);
      if (r.tornLines) warn(`note: dropped ${r.tornLines} partial last line(s) of interrupted shards`);
      for (const line of r.incomplete) warn(`note: ${line}`);
      if (r.missing > 0)
        warn(
          `note: ${r.missing} runs of the sweep are in no folder (a shard missing or unfinished? resume it with sweep --shard i/n --resume); ${r.out}/ is marked INCOMPLETE`,
        );
      if (r.missing === 0) {
        const { pointSummary } = await import('./point-summary.ts');
        say(`\n${pointSummary(`${r.out}/runs.csv`)}`);
      }
    });

  program
    .command('compare')
    .description('Compare two scenarios with common random numbers: paired differences with 95% CIs')
    .argument('<a>', 'scenario A (the reference): a file or a preset name')
    .argument('<b>', 'scenario B (the change): a file or a preset name')
    .option(
      '--replicates <r>',
      'a fixed number of replicate pairs (default: chosen by --precision)',
      wholeNumber(2),
    )
    .option(
      '--precision <h>',
      'add pairs until the 95% CI of --precision-of is within ±h of its unit (default 0.5, months)',
      positiveNumber,
    )
    .option('--precision-of <outcome>', 'the outcome the precision is for (default months; shares in points)')
    .option('--max-replicates <n>', 'the most pairs --precision may run (default 1000)', wholeNumber(5))
    .option('--seed <n>', 'base seed of both sides (default: the seed of A)', wholeNumber(0))
    .addOption(new Option('--format <format>', 'output format').choices(COMPARE_FORMATS).default('text'))
    .option(
      '--plot <file.svg>',
      'also draw the paired differences with their CIs (SVG; the name must end in .svg)',
    )
    .option(
      '--report <brief.html>',
      'also write the brief: one self-contained HTML page to forward (prints to A4)',
    )
    .option('--force', 'overwrite an existing plot or report file')
    .option(
      '--robustness <dir>',
      'with --report: the "how robust" line from a pilotnet discover folder (its discover.json)',
    )
    .option(
      '--ensemble <file>',
      'also across calibrations drawn from a posterior (called a fit to the study only when its recorded predictive check passed): a posterior.csv, or "default" (docs/uncertainty.md)',
    )
    .option(
      '--draws <n>',
      'with --ensemble: particles drawn from the posterior by weight',
      wholeNumber(1),
      50,
    )
    .option(
      '--ensemble-replicates <r>',
      'with --ensemble: replicate pairs per drawn particle',
      wholeNumber(2),
      10,
    )
    .option('--workers <n>', 'with --ensemble: worker threads (default: all cores)', wholeNumber(1))
    .addHelpText(
      'after',
      examples(
        'pilotnet compare scenarios/default.json scenarios/meetings-halved.json --replicates 100 --plot halved.svg',
        'pilotnet compare default no-coach --format md > no-coach.md',
        'pilotnet compare default meetings-halved --ensemble default',
      ),
    )
    .action(async (a: string, b: string, opts) => {
      for (const flag of ['plot', 'report'] as const)
        if (opts[flag] === '') throw new UsageError(`--${flag}: expected a file name, got an empty one`);
      if (opts.plot) checkSvgName('--plot', opts.plot);
      if (opts.report && !/\.html?$/i.test(opts.report))
        throw new UsageError(`--report ${opts.report}: the brief is HTML; give a name ending in .html`);
      // Checked before the computing: the folder exists and is writable, the file is new or --force.
      if (opts.plot) checkWritableFile(opts.plot, opts.force, '--plot');
      if (opts.report) checkWritableFile(opts.report, opts.force, '--report');
      if (opts.robustness && !opts.report)
        throw new UsageError('--robustness: goes with --report (it is a line of the brief)');
      const robustness = opts.robustness ? readRobustness(opts.robustness) : undefined;
      if (opts.ensemble) {
        if (opts.plot) throw new UsageError('--plot: not drawn with --ensemble yet; leave it out');
        const { compareEnsemble, formatEnsemble, withEnsemble } = await import('./ensemble.ts');
        const [loadedA, loadedB] = [loadScenario(a), loadScenario(b)];
        const r = await compareEnsemble(loadedA, loadedB, {
          replicates: opts.replicates,
          seed: opts.seed,
          precision: opts.precision,
          precisionOf: opts.precisionOf,
          maxReplicates: opts.maxReplicates,
          ensemble: opts.ensemble,
          draws: opts.draws,
          memberReplicates: opts.ensembleReplicates,
          workers: opts.workers,
        });
        if (opts.report) {
          // The brief shows the comparison at the shipped calibration (its plots need every pair)
          // with the pooled interval beside each answer; compare is deterministic, so this is the
          // comparison compareEnsemble made.
          const { compare } = await import('./compare.ts');
          const { briefHtml } = await import('../report/brief.ts');
          const base = compare(loadedA, loadedB, {
            replicates: opts.replicates,
            seed: opts.seed,
            precision: opts.precision,
            precisionOf: opts.precisionOf,
            maxReplicates: opts.maxReplicates,
          });
          writeFileAtomic(
            opts.report,
            briefHtml({
              result: withEnsemble(base, r),
              scenarioA: loadedA.scenario,
              scenarioB: loadedB.scenario,
              ensemble: {
                posterior: opts.ensemble,
                sha256: r.ensemble.sha256,
                draws: r.ensemble.draws,
                replicatesPerMember: r.ensemble.replicatesPerMember,
              },
              robustness,
            }),
          );
        }
        say(formatEnsemble(r, opts.format));
        if (opts.report && opts.format === 'text') say(`Brief in ${opts.report}`);
        return;
      }
      const { compare, formatCompare } = await import('./compare.ts');
      const { human } = await import('./summary.ts');
      const { comparePlot } = await import('./plot.ts');
      const [loadedA, loadedB] = [loadScenario(a), loadScenario(b)];
      const result = compare(loadedA, loadedB, {
        replicates: opts.replicates,
        seed: opts.seed,
        precision: opts.precision,
        precisionOf: opts.precisionOf,
        maxReplicates: opts.maxReplicates,
        onBatch: (n, h) => {
          if (opts.replicates === undefined) warn(`compare: ${n} pairs, 95% CI half-width ${human(h)}`);
        },
      });
      if (opts.plot) writeFileAtomic(opts.plot, comparePlot(result));
      if (opts.report) {
        const { briefHtml } = await import('../report/brief.ts');
        writeFileAtomic(
          opts.report,
          briefHtml({ result, scenarioA: loadedA.scenario, scenarioB: loadedB.scenario, robustness }),
        );
      }
      say(formatCompare(result, opts.format as CompareFormat));
      if (opts.plot && opts.format === 'text') say(`Plot in ${opts.plot}`);
      if (opts.report && opts.format === 'text') say(`Brief in ${opts.report}`);
    });

  program
    .command('columns')
    .description('The data dictionary: unit and definition of every column and field the runner writes')
    .argument('[file]', 'only this file: runs.csv, consortia.csv, weekly.csv, events.jsonl, summary.json')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'md']).default('text'))
    .addHelpText(
      'after',
      examples('pilotnet columns weekly.csv', 'pilotnet columns --format md > docs/data.md'),
    )
    .action(async (file: string | undefined, opts) => {
      const { dataDictionary, formatDictionary } = await import('./dictionary.ts');
      const files = dataDictionary().map((d) => d.file);
      if (file && !files.includes(file))
        throw new UsageError(`columns ${file}: expected one of ${files.join(', ')}`);
      say(formatDictionary(opts.format, file));
    });

  program
    .command('validate')
    .description('Check scenario and sweep files against their schemas; report every problem')
    .argument('<files...>', 'scenario or sweep JSON files')
    .addHelpText('after', examples('pilotnet validate scenarios/*.json scenarios/sweeps/*.json'))
    .action(async (files: string[]) => {
      const { validateFiles } = await import('./validate.ts');
      let bad = 0;
      for (const c of validateFiles(files)) {
        if (c.ok) say(`ok  ${c.file}${c.detail ? ` (${c.detail})` : ''}`);
        else {
          bad++;
          warn(c.messages.join('\n'));
        }
      }
      if (bad) {
        warn(`${bad} of ${files.length} file${files.length > 1 ? 's' : ''} with problems`);
        state.exitCode = 2;
      }
    });

  // The analysis commands live in larger modules that export register(program): they are loaded
  // only when one of them, or the command list, is asked for, so a run starts without them.
  if (!CORE_COMMANDS.has(state.argv[2] ?? ''))
    for (const mod of await Promise.all([
      import('./sensitivity.ts'),
      import('./calibrate.ts'),
      import('./dock.ts'),
      import('./validation.ts'),
    ]))
      mod.register(program);
  // Design search and discovery report an interruption by the exit code, so they get the state.
  if (!CORE_COMMANDS.has(state.argv[2] ?? ''))
    for (const mod of await Promise.all([import('./search.ts'), import('./discover.ts')]))
      mod.register(program, state);
  return program;
}

/** The sentence of a pilotnet discover folder, and the command that made it, for the brief. */
function readRobustness(dir: string): { sentence: string; command: string } {
  const file = `${dir.replace(/\/+$/, '')}/discover.json`;
  const meta = readJsonFile(file) as { sentence?: unknown; a?: { file?: unknown }; b?: { file?: unknown } };
  if (typeof meta?.sentence !== 'string' || meta.sentence.length > 4000)
    throw new UsageError(
      `${file}: sentence: expected the text pilotnet discover writes (at most 4000 characters)`,
    );
  return { sentence: meta.sentence, command: `pilotnet discover (${displayPath(dir)}/discover.json)` };
}

/** Plots are SVG: a name ending in anything else would hold SVG under a false extension. */
function checkSvgName(flag: string, file: string): void {
  if (!/\.svg$/i.test(file))
    throw new UsageError(
      `${flag} ${file}: plots are written as SVG; give a name ending in .svg (convert to PNG with any SVG tool)`,
    );
}

/** Run the CLI; returns the exit code (0 ok, 2 bad input, 130 interrupted, 1 internal error). */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  const state = { exitCode: 0, argv };
  installInterrupts(warn);
  try {
    const program = await buildProgram(state);
    await program.parseAsync([...argv]);
    return settleInterrupts(state.exitCode || Number(process.exitCode ?? 0));
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.help' ||
        e.code === 'commander.version'
      )
        return 0; // `--help`, `help <command>` and `--version` are answers, not errors
      return 2; // commander has printed the problem (unknown command or flag, missing argument)
    }
    if (e instanceof UsageError) {
      warn(e.message);
      return e.exitCode;
    }
    if (e instanceof Interrupted) {
      warn(`${e.message} Run the same command again to finish (with --resume where the command has it).`);
      return settleInterrupted();
    }
    const system = fromSystemError(e);
    if (system) {
      warn(system.message);
      return system.exitCode;
    }
    warn(`pilotnet: internal error (please report it):\n${(e as Error)?.stack ?? String(e)}`);
    return 1;
  }
}
