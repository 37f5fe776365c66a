// `pilotnet dock`: the deliberation core docked with Deffuant et al. (2000) and Hegselmann &
// Krause (2002) (issue 9 item 6; the runs are sim/docking.ts). Prints the median number of major
// clusters for one or more confidence bounds; `--figure FILE.svg` runs the documented grid of both
// rules and draws docs/docking.svg (docs/docking.md).
import type { Command } from 'commander';
import { UsageError } from '../exec/errors.ts';
import { refuseExisting } from '../exec/outdir.ts';
import { DOCK_RULES, type DockRule, type DockSummary, defaultAgents, dock } from '../sim/docking.ts';
import { writeNew } from './command-kit.ts';

/** The documented grid: bounds 0.05 to 0.5 by 0.05, 20 replicates, seed 1, the papers' sizes. */
export const FIGURE_GRID = Array.from({ length: 10 }, (_, i) => Number(((i + 1) * 0.05).toFixed(2)));
export const FIGURE_REPLICATES = 20;

const LIMITS = { agents: 100_000, replicates: 10_000, values: 100 };

function number(flag: string, text: string, ok: (x: number) => boolean, want: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !ok(x))
    throw new UsageError(`${flag}: expected ${want}, got "${text}"`);
  return x;
}

/** Parse `--epsilon 0.2` or `--epsilon 0.1,0.2,0.3`. */
export function parseEpsilons(text: string): number[] {
  const parts = String(text).split(',');
  if (parts.length > LIMITS.values)
    throw new UsageError(`--epsilon: at most ${LIMITS.values} values, got ${parts.length}`);
  return parts.map((p) => number('--epsilon', p, (x) => x > 0 && x <= 1, 'a number in (0, 1]'));
}

/** The grid of the figure: both rules, every bound of FIGURE_GRID. */
export function figureTable(grid = FIGURE_GRID, replicates = FIGURE_REPLICATES): DockSummary[] {
  return DOCK_RULES.flatMap((rule) => grid.map((epsilon) => dock({ rule, epsilon, seed: 1 }, replicates)));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Major clusters against the bound, one panel per rule; Deffuant's floor(1/(2d)) dashed. */
export async function dockingSvg(rows: readonly DockSummary[]): Promise<string> {
  const d3 = await import('d3');
  const W = 760;
  const PW = W / 2;
  const H = 330;
  const m = { top: 46, right: 18, bottom: 44, left: 46 };
  const ymax = Math.max(...rows.map((r) => Math.max(r.interval[1], r.expected ?? 0)), 1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="13">Docking: major clusters (at least 2% of agents) against the confidence bound</text>`,
  ];
  DOCK_RULES.forEach((rule, k) => {
    const rs = rows.filter((r) => r.rule === rule);
    if (rs.length === 0) return;
    const ox = k * PW;
    const x = d3
      .scaleLinear()
      .domain([0, 0.5])
      .range([ox + m.left, ox + PW - m.right]);
    const y = d3
      .scaleLinear()
      .domain([0, Math.ceil(ymax)])
      .range([H - m.bottom, m.top]);
    const title =
      rule === 'deffuant'
        ? `Deffuant et al. (2000): N = ${rs[0].agents}, mu = ${rs[0].mu}`
        : `Hegselmann & Krause (2002): n = ${rs[0].agents}`;
    parts.push(`<text x="${ox + PW / 2}" y="36" text-anchor="middle" font-size="12">${esc(title)}</text>`);
    for (const t of x.ticks(5))
      parts.push(
        `<line x1="${x(t)}" x2="${x(t)}" y1="${m.top}" y2="${H - m.bottom}" stroke="#eee"/>`,
        `<text x="${x(t)}" y="${H - m.bottom + 14}" text-anchor="middle">${t}</text>`,
      );
    for (const t of y.ticks(Math.min(10, Math.ceil(ymax))))
      parts.push(
        `<line x1="${ox + m.left}" x2="${ox + PW - m.right}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/>`,
        `<text x="${ox + m.left - 5}" y="${y(t) + 4}" text-anchor="end">${t}</text>`,
      );
    parts.push(
      `<text x="${ox + (m.left + PW - m.right) / 2}" y="${H - 10}" text-anchor="middle">${rule === 'deffuant' ? 'd' : 'epsilon'}</text>`,
      `<text transform="translate(${ox + 14} ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle">major clusters</text>`,
    );
    if (rule === 'deffuant') {
      // floor(1/(2d)) as a step line over the plotted range.
      const ds = d3.range(0.05, 0.5001, 0.0025);
      const path = ds.map(
        (d, i) => `${i ? 'L' : 'M'}${x(d).toFixed(1)},${y(Math.floor(1 / (2 * d) + 1e-9)).toFixed(1)}`,
      );
      parts.push(
        `<path d="${path.join('')}" fill="none" stroke="#888" stroke-dasharray="4 3"/>`,
        `<text x="${ox + PW - m.right - 4}" y="${m.top + 12}" text-anchor="end" fill="#666">dashed: floor(1/(2d))</text>`,
      );
    }
    for (const r of rs)
      parts.push(
        `<line x1="${x(r.epsilon).toFixed(1)}" x2="${x(r.epsilon).toFixed(1)}" y1="${y(r.interval[0]).toFixed(1)}" y2="${y(r.interval[1]).toFixed(1)}" stroke="#4e79a7" stroke-width="2"/>`,
        `<circle cx="${x(r.epsilon).toFixed(1)}" cy="${y(r.clusters).toFixed(1)}" r="4" fill="#4e79a7"/>`,
      );
    parts.push(
      `<text x="${ox + PW - m.right - 4}" y="${m.top + 26}" text-anchor="end" fill="#4e79a7">median and 95% range of ${rs[0].replicates} runs</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

const fmt = (x: number) => String(Number(x.toFixed(3)));

export function formatDockTable(rows: readonly DockSummary[]): string {
  const lines = [
    'rule      bound  agents  major clusters (median)  95% range  all clusters (mean)  floor(1/(2d))',
  ];
  for (const r of rows)
    lines.push(
      [
        r.rule.padEnd(8),
        fmt(r.epsilon).padStart(5),
        String(r.agents).padStart(6),
        fmt(r.clusters).padStart(23),
        `${fmt(r.interval[0])}–${fmt(r.interval[1])}`.padStart(9),
        fmt(r.meanAllClusters).padStart(19),
        (r.expected === null ? '-' : String(r.expected)).padStart(13),
      ].join('  '),
    );
  const unsettled = rows.filter((r) => r.converged < r.replicates);
  if (unsettled.length)
    lines.push(
      `note: ${unsettled.length} row(s) had runs that ran out of rounds before their clusters were fixed`,
    );
  return `${lines.join('\n')}\n`;
}

/** Markdown rows of the docs table (rule, bound, median, range, all clusters, expected). */
export function markdownTable(rows: readonly DockSummary[]): string {
  const out = [
    '| rule | bound | agents | major clusters (median) | 95% range | all clusters (mean) | floor(1/(2d)) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows)
    out.push(
      `| ${r.rule} | ${fmt(r.epsilon)} | ${r.agents} | ${fmt(r.clusters)} | ${fmt(r.interval[0])}–${fmt(r.interval[1])} | ${fmt(r.meanAllClusters)} | ${r.expected ?? '–'} |`,
    );
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('dock')
    .description(
      'Dock the deliberation core with Deffuant et al. (2000) and Hegselmann & Krause (2002): median number of major clusters',
    )
    .option('--rule <rule>', 'deffuant (random pairwise encounters) or hk (synchronous updates)')
    .option('--epsilon <bound>', 'confidence bound d / epsilon in (0, 1], or a comma-separated list')
    .option('--agents <n>', 'agents (default: 1000 for deffuant, 625 for hk, as in the papers)')
    .option('--mu <mu>', "Deffuant's convergence parameter in (0, 0.5]", '0.5')
    .option('--replicates <r>', 'runs per bound', String(FIGURE_REPLICATES))
    .option('--seed <n>', 'base seed; run r uses replicateSeed(seed, r)', '1')
    .option('--format <format>', 'text or json', 'text')
    .option(
      '--figure <file.svg>',
      'run the documented grid of both rules and write the figure (docs/docking.svg)',
    )
    .option('--force', 'replace an existing figure')
    .addHelpText(
      'after',
      '\nExamples:\n  $ pilotnet dock --rule deffuant --epsilon 0.2\n  $ pilotnet dock --rule hk --epsilon 0.1,0.2,0.3 --format json\n  $ pilotnet dock --figure docs/docking.svg --force\n\nMethod and table: docs/docking.md.\n',
    )
    .action(async (opts) => {
      const format = String(opts.format);
      if (format !== 'text' && format !== 'json')
        throw new UsageError(`--format: expected text or json, got "${format}"`);
      if (opts.figure !== undefined) {
        const file = String(opts.figure);
        if (!/\.svg$/i.test(file))
          throw new UsageError(`--figure ${file}: expected a file name ending in .svg`);
        refuseExisting(file, Boolean(opts.force)); // before the grid is run, not after
        const rows = figureTable();
        writeNew(file, await dockingSvg(rows), Boolean(opts.force));
        process.stdout.write(format === 'json' ? `${JSON.stringify(rows)}\n` : formatDockTable(rows));
        return;
      }
      if (opts.rule === undefined) throw new UsageError('--rule: expected deffuant or hk (or give --figure)');
      const rule = String(opts.rule) as DockRule;
      if (!DOCK_RULES.includes(rule))
        throw new UsageError(`--rule: expected deffuant or hk, got "${opts.rule}"`);
      if (opts.epsilon === undefined)
        throw new UsageError('--epsilon: expected a confidence bound in (0, 1]');
      const epsilons = parseEpsilons(String(opts.epsilon));
      const whole = (flag: string, text: unknown, min: number, max: number) =>
        number(
          flag,
          String(text),
          (x) => Number.isInteger(x) && x >= min && x <= max,
          `a whole number from ${min} to ${max}`,
        );
      const agents =
        opts.agents === undefined ? defaultAgents(rule) : whole('--agents', opts.agents, 2, LIMITS.agents);
      const replicates = whole('--replicates', opts.replicates, 1, LIMITS.replicates);
      const seed = whole('--seed', opts.seed, 0, 2 ** 31 - 1);
      const mu = number('--mu', String(opts.mu), (x) => x > 0 && x <= 0.5, 'a number in (0, 0.5]');
      const rows = epsilons.map((epsilon) => dock({ rule, epsilon, agents, mu, seed }, replicates));
      if (format === 'json')
        process.stdout.write(`${JSON.stringify(rows.length === 1 ? rows[0] : rows, null, 2)}\n`);
      else process.stdout.write(formatDockTable(rows));
    });
}
