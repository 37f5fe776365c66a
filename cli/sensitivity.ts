import { join } from 'node:path';
import type { Command } from 'commander';
import seedrandom from 'seedrandom';
import * as z from 'zod';
import {
  DEFAULTS,
  parseScenario,
  type RunSummary,
  replicateSeed,
  type Scenario,
  scenarioSchema,
  setPath,
  simulate,
} from '../sim/index.ts';
import { parsePath } from '../sim/scenario/validate.ts';
import { guarded, loadScenario, positiveInt, runStandalone, UsageError, writeNew } from './calibrate.ts';
import { csvTable } from './columns.ts';
import { lockOutDir, refuseExisting } from './outdir.ts';
import { esc, type Factor, OUTPUTS, svgStart, valueAt } from './sensitivity-design.ts';
import type { SobolRunOptions } from './sobol.ts';

export { type Factor, OUTPUTS, type OutputName } from './sensitivity-design.ts';

// -----------------------------------------------------------------------------------------------
// The parameters: every leaf of the scenario, named by its dotted path (`ties.alpha`); array items
// as `governance.groups[].plannedMeetings`. Units, bounds and meanings come from the schema.

export interface ParameterLeaf {
  path: string;
  kind: 'number' | 'integer' | 'boolean' | 'enum' | 'range' | 'list' | 'string' | 'table';
  default: unknown;
  unit: string;
  description: string;
  minimum?: number;
  maximum?: number;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  unit?: string;
  description?: string;
  additionalProperties?: JsonSchema | boolean;
};

let jsonSchema: JsonSchema | null = null;
function schemaJson(): JsonSchema {
  jsonSchema ??= z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return jsonSchema;
}

/** Leaves not documented as parameters: identity and bookkeeping of the file itself. */
const NOT_PARAMETERS = new Set(['$schema', 'id', 'name', 'description']);

/** Every parameter of the scenario: the leaves of DEFAULTS, described by the schema. */
export function parameterLeaves(): ParameterLeaf[] {
  const out: ParameterLeaf[] = [];
  const walk = (value: unknown, schema: JsonSchema | undefined, path: string, parentDesc: string) => {
    const desc = schema?.description ?? parentDesc;
    const unit = schema?.unit ?? '';
    if (path === 'controversies.interests') {
      out.push({
        path,
        kind: 'table',
        default: 'see the interest table',
        unit: 'position',
        description: desc,
      });
      return;
    }
    if (Array.isArray(value)) {
      const first = value[0];
      if (first && typeof first === 'object' && !Array.isArray(first)) {
        const item = Array.isArray(schema?.items) ? schema?.items[0] : schema?.items;
        const keys = [...new Set(value.flatMap((v) => Object.keys(v as object)))];
        for (const k of keys)
          walk(
            (value.find((v) => k in (v as object)) as Record<string, unknown>)[k],
            item?.properties?.[k],
            `${path}[].${k}`,
            desc,
          );
        return;
      }
      const isRange = Boolean(schema?.prefixItems) && value.length === 2 && typeof first === 'number';
      out.push({
        path,
        kind: isRange ? 'range' : 'list',
        default: value,
        unit: unit || schema?.prefixItems?.[0]?.unit || '',
        description: desc,
        minimum: schema?.prefixItems?.[0]?.minimum,
        maximum: schema?.prefixItems?.[0]?.maximum,
      });
      return;
    }
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const p = path ? `${path}.${k}` : k;
        if (!path && NOT_PARAMETERS.has(k)) continue;
        const sub =
          schema?.properties?.[k] ??
          (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined);
        walk(v, sub, p, desc);
      }
      return;
    }
    const kind: ParameterLeaf['kind'] =
      typeof value === 'boolean'
        ? 'boolean'
        : typeof value === 'number'
          ? schema?.type === 'integer'
            ? 'integer'
            : 'number'
          : schema?.enum
            ? 'enum'
            : 'string';
    out.push({
      path,
      kind,
      default: value,
      unit,
      description: desc,
      minimum: schema?.minimum,
      maximum: schema?.maximum,
    });
  };
  walk(DEFAULTS, schemaJson(), '', '');
  return out;
}

/**
 * Leaves left out of the analysis: the run's identity, the observation settings (they change what is
 * measured, not the model), the calendar's fixed facts of the study, costs that only rescale an
 * output, and list items (file sections, groups) except the governance of each group below.
 * The horizon is varied: it is a modelling choice (when a consortium gives up), not a study fact.
 */
const NOT_FACTORS = [
  /^seed$/,
  /^consortia$/,
  /^observation\./,
  /^calendar\.(plannedWeeks|startMonth)$/,
  /^composition\.(size|variation)$/,
  /^ties\.initial\.referenceSize$/,
  /^coordinator\.(lumpSumEur|monthlyCostEur)$/,
  /\[\]/,
  /^controversies\.interests$/,
  /^composition\.(pillarMix|lineMix)\./,
  /^legal\.(familiarity|location)\./,
];

/** Per-group governance varied for each group of the scenario: the calendar each group keeps. */
const GROUP_FACTORS = ['plannedMeetings', 'interval', 'extraInterval'] as const;

/**
 * The factors of the sensitivity analysis: numeric leaves of the scenario, and the planned meetings,
 * meeting interval and extra-meeting interval of each group (`governance.groups[2].extraInterval`),
 * each varied ±50% within its bounds.
 */
export function factors(s: Scenario = DEFAULTS as Scenario): Factor[] {
  const out: Factor[] = [];
  const leaves = parameterLeaves().flatMap((leaf) =>
    GROUP_FACTORS.some((k) => leaf.path === `governance.groups[].${k}`)
      ? s.governance.groups.map((_, g) => ({ ...leaf, path: leaf.path.replace('[]', `[${g}]`) }))
      : [leaf],
  );
  for (const leaf of leaves) {
    if (leaf.kind !== 'number' && leaf.kind !== 'integer') continue;
    if (!/^governance\.groups\[\d+\]\./.test(leaf.path) && NOT_FACTORS.some((re) => re.test(leaf.path)))
      continue;
    const base = getPath(s, leaf.path) as number;
    const lo = leaf.minimum ?? Number.NEGATIVE_INFINITY;
    const hi = leaf.maximum ?? Number.POSITIVE_INFINITY;
    let low = Math.max(lo, base * 0.5);
    let high = Math.min(hi, base * 1.5);
    if (base === 0) high = Math.min(hi, 0.1);
    if (leaf.kind === 'integer') {
      low = Math.max(lo, Math.floor(low));
      high = Math.min(hi, Math.max(Math.ceil(high), low + 1));
    }
    if (high > low) out.push({ path: leaf.path, integer: leaf.kind === 'integer', low, high, base });
  }
  return out;
}

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of parsePath(path) ?? []) cur = (cur as Record<PropertyKey, unknown>)?.[k];
  return cur;
}

// -----------------------------------------------------------------------------------------------
// Outputs and one evaluation point.

/** Mean of each output over the replicates; the replicate seeds are the same at every point (CRN). */
export function evaluatePoint(
  base: Scenario,
  values: Record<string, number>,
  replicates: number,
  seed: number,
): Record<string, number> {
  const raw = structuredClone(base) as unknown as Record<string, unknown>;
  for (const [path, v] of Object.entries(values)) {
    const p = setPath(raw, path, v);
    if (p) throw new UsageError(`${path}: ${p.message}`);
  }
  const s = parseScenario(raw, `${base.id} (sensitivity point)`);
  const sums: Record<string, number> = Object.fromEntries(Object.keys(OUTPUTS).map((k) => [k, 0]));
  for (let r = 0; r < replicates; r++) {
    const summary: RunSummary = simulate.summary(s, { seed: replicateSeed(seed, r) });
    for (const [k, f] of Object.entries(OUTPUTS)) sums[k] += f(summary.outcomes) / replicates;
  }
  return sums;
}

// -----------------------------------------------------------------------------------------------
// Extended OFAT: each factor over `levels` evenly spaced values, the others at the base.

export interface OfatRow {
  path: string;
  level: number;
  value: number;
  outputs: Record<string, number>;
}

export function ofat(
  base: Scenario,
  fs: Factor[],
  levels: number,
  replicates: number,
  seed: number,
  tick?: () => void,
): OfatRow[] {
  const rows: OfatRow[] = [];
  for (const f of fs)
    for (let l = 0; l < levels; l++) {
      const value = valueAt(f, levels === 1 ? 0.5 : l / (levels - 1));
      rows.push({
        path: f.path,
        level: l,
        value,
        outputs: evaluatePoint(base, { [f.path]: value }, replicates, seed),
      });
      tick?.();
    }
  return rows;
}

/** Swing of each output's mean over a factor's levels (max - min), a factor's OFAT importance. */
export function ofatSwing(rows: readonly OfatRow[]): { path: string; swing: Record<string, number> }[] {
  const paths = [...new Set(rows.map((r) => r.path))];
  return paths.map((path) => {
    const rs = rows.filter((r) => r.path === path);
    const swing = Object.fromEntries(
      Object.keys(OUTPUTS).map((k) => {
        const ys = rs.map((r) => r.outputs[k]);
        return [k, Math.max(...ys) - Math.min(...ys)];
      }),
    );
    return { path, swing };
  });
}

// -----------------------------------------------------------------------------------------------
// Morris elementary effects: r trajectories of k+1 points on a p-level grid (Morris 1991).

export interface MorrisEffect {
  path: string;
  output: string;
  muStar: number;
  /** Percentile bootstrap 95% interval of mu* (elementary effects resampled with replacement). */
  muStarLow: number;
  muStarHigh: number;
  mu: number;
  sigma: number;
  /** Elementary effects behind the figures (a rounded integer step of zero gives none). */
  effects: number;
}

export interface MorrisRun {
  points: {
    trajectory: number;
    step: number;
    values: Record<string, number>;
    outputs: Record<string, number>;
  }[];
  effects: MorrisEffect[];
}

export function morris(
  base: Scenario,
  fs: Factor[],
  levels: number,
  trajectories: number,
  replicates: number,
  seed: number,
  tick?: () => void,
  bootstrap = 1000,
): MorrisRun {
  return morrisDesign(
    fs,
    levels,
    trajectories,
    seed,
    Object.keys(OUTPUTS),
    (values) => {
      const y = evaluatePoint(base, values, replicates, seed);
      tick?.();
      return y;
    },
    bootstrap,
  );
}

/** The Morris design and its elementary effects for any model `evaluate(values) -> outputs`. */
export function morrisDesign(
  fs: Factor[],
  levels: number,
  trajectories: number,
  seed: number,
  outputs: string[],
  evaluatePoint: (values: Record<string, number>) => Record<string, number>,
  bootstrap = 1000,
): MorrisRun {
  const rng = seedrandom(`morris:${seed}`);
  const k = fs.length;
  const delta = levels / (2 * (levels - 1));
  const ee: number[][][] = outputs.map(() => fs.map(() => []));
  const points: MorrisRun['points'] = [];
  for (let t = 0; t < trajectories; t++) {
    // A base point on the grid from which +delta stays inside [0,1], then one factor at a time.
    const x = fs.map(() => Math.floor(rng() * Math.floor(levels / 2)) / (levels - 1));
    const order = fs.map((_, i) => i);
    for (let i = k - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const up = fs.map(() => rng() < 0.5);
    // Start at x or x + delta per factor so each step moves by ±delta.
    const cur = x.map((v, i) => (up[i] ? v : v + delta));
    const at = (u: number[]) => Object.fromEntries(fs.map((f, i) => [f.path, valueAt(f, u[i])]));
    let prevValues = at(cur);
    let prev = evaluatePoint(prevValues);
    points.push({ trajectory: t, step: 0, values: prevValues, outputs: prev });
    order.forEach((i, step) => {
      const sign = up[i] ? 1 : -1;
      cur[i] += sign * delta;
      const values = at(cur);
      const y = evaluatePoint(values);
      points.push({ trajectory: t, step: step + 1, values, outputs: y });
      // The step the factor actually took, as a share of its range: an integer factor's rounding
      // makes it differ from delta (ties.k 2–8 moves by 4 or 5 where delta is 4.67), or vanish.
      const f = fs[i];
      const taken = (values[f.path] - prevValues[f.path]) / (f.high - f.low);
      if (taken !== 0)
        outputs.forEach((o, oi) => {
          ee[oi][i].push((y[o] - prev[o]) / taken);
        });
      prev = y;
      prevValues = values;
    });
  }
  const boot = seedrandom(`morris-bootstrap:${seed}`);
  const effects: MorrisEffect[] = [];
  outputs.forEach((output, oi) => {
    fs.forEach((f, i) => {
      const xs = ee[oi][i];
      const n = xs.length;
      const mu = xs.reduce((a, b) => a + b, 0) / n;
      const muStar = xs.reduce((a, b) => a + Math.abs(b), 0) / n;
      const sigma = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1)) : 0;
      const [muStarLow, muStarHigh] = bootstrapMeanAbs(xs, bootstrap, boot);
      effects.push({ path: f.path, output, muStar, muStarLow, muStarHigh, mu, sigma, effects: n });
    });
  });
  return { points, effects };
}

/** Percentile bootstrap 95% interval of the mean absolute value of xs. */
function bootstrapMeanAbs(xs: readonly number[], resamples: number, rng: () => number): [number, number] {
  const n = xs.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let t = 0;
    for (let r = 0; r < n; r++) t += Math.abs(xs[Math.floor(rng() * n)]);
    means[b] = t / n;
  }
  means.sort();
  const q = (p: number) => {
    const h = (resamples - 1) * p;
    const lo = Math.floor(h);
    return means[lo] + (h - lo) * (means[Math.min(lo + 1, resamples - 1)] - means[lo]);
  };
  return [q(0.025), q(0.975)];
}

/** Overall rank of each factor: mean over outputs of mu* scaled by that output's largest mu*. */
export function overallRanking(
  effects: readonly MorrisEffect[],
): { path: string; score: number; rank: number }[] {
  const outputs = [...new Set(effects.map((e) => e.output))];
  const paths = [...new Set(effects.map((e) => e.path))];
  const max = Object.fromEntries(
    outputs.map((o) => [o, Math.max(1e-12, ...effects.filter((e) => e.output === o).map((e) => e.muStar))]),
  );
  return paths
    .map((path) => ({
      path,
      score:
        outputs.reduce(
          (t, o) => t + (effects.find((e) => e.path === path && e.output === o)?.muStar ?? 0) / max[o],
          0,
        ) / outputs.length,
    }))
    .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path))
    .map((x, i) => ({ ...x, rank: i + 1 }));
}

// -----------------------------------------------------------------------------------------------
// Charts: mu* against sigma, one panel per output, the leading factors labelled.

const short = (path: string) => path.split('.').slice(-2).join('.');

export async function morrisSvg(
  effects: readonly MorrisEffect[],
  title: string,
  labelled = 6,
): Promise<string> {
  const d3 = await import('d3');
  const outputs = [...new Set(effects.map((e) => e.output))];
  const cols = 3;
  const PW = 330;
  const PH = 270;
  const m = { top: 28, right: 16, bottom: 38, left: 52 };
  const rows = Math.ceil(outputs.length / cols);
  const W = cols * PW;
  const H = rows * PH + 30;
  const parts = svgStart(W, H, title);
  outputs.forEach((o, k) => {
    const ox = (k % cols) * PW;
    const oy = 30 + Math.floor(k / cols) * PH;
    const es = effects.filter((e) => e.output === o);
    const x = d3
      .scaleLinear()
      .domain([0, (d3.max(es, (e) => e.muStar) ?? 1) * 1.1 || 1])
      .nice()
      .range([ox + m.left, ox + PW - m.right]);
    const y = d3
      .scaleLinear()
      .domain([0, (d3.max(es, (e) => e.sigma) ?? 1) * 1.1 || 1])
      .nice()
      .range([oy + PH - m.bottom, oy + m.top]);
    parts.push(
      `<text x="${ox + PW / 2}" y="${oy + 16}" text-anchor="middle" font-size="12">${esc(o)}</text>`,
    );
    for (const t of x.ticks(4))
      parts.push(
        `<line x1="${x(t)}" x2="${x(t)}" y1="${oy + m.top}" y2="${oy + PH - m.bottom}" stroke="#eee"/>`,
        `<text x="${x(t)}" y="${oy + PH - m.bottom + 13}" text-anchor="middle">${t}</text>`,
      );
    for (const t of y.ticks(4))
      parts.push(
        `<line x1="${ox + m.left}" x2="${ox + PW - m.right}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/>`,
        `<text x="${ox + m.left - 5}" y="${y(t) + 3}" text-anchor="end">${t}</text>`,
      );
    parts.push(
      `<text x="${ox + (m.left + PW - m.right) / 2}" y="${oy + PH - 8}" text-anchor="middle">mu*</text>`,
      `<text transform="translate(${ox + 13} ${oy + (m.top + PH - m.bottom) / 2}) rotate(-90)" text-anchor="middle">sigma</text>`,
    );
    const ranked = [...es].sort((a, b) => b.muStar - a.muStar);
    const top = new Set(ranked.slice(0, labelled).map((e) => e.path));
    for (const e of es) {
      const fill = top.has(e.path) ? '#d62728' : '#999';
      parts.push(
        `<circle cx="${x(e.muStar).toFixed(1)}" cy="${y(e.sigma).toFixed(1)}" r="3" fill="${fill}"/>`,
      );
    }
    // Labels of the leading factors, nudged down until they no longer overlap one another.
    const placed: { x0: number; x1: number; y: number }[] = [];
    for (const e of ranked.slice(0, labelled)) {
      const label = short(e.path);
      const width = 5.5 * label.length;
      const px = x(e.muStar);
      const left = px - ox > PW / 2;
      const x0 = left ? px - 5 - width : px + 5;
      let ly = y(e.sigma) - 4;
      while (placed.some((p) => Math.abs(p.y - ly) < 11 && p.x0 < x0 + width && x0 < p.x1)) ly += 11;
      placed.push({ x0, x1: x0 + width, y: ly });
      const anchor = left ? 'end' : 'start';
      parts.push(
        `<text x="${(left ? px - 5 : px + 5).toFixed(1)}" y="${ly.toFixed(1)}" text-anchor="${anchor}" fill="#333">${esc(label)}</text>`,
      );
    }
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

export async function ofatSvg(
  swings: ReturnType<typeof ofatSwing>,
  output: string,
  title: string,
): Promise<string> {
  const d3 = await import('d3');
  const rows = [...swings].sort((a, b) => b.swing[output] - a.swing[output]);
  const W = 640;
  const bar = 14;
  const m = { top: 30, right: 30, bottom: 30, left: 230 };
  const H = m.top + m.bottom + rows.length * bar;
  const x = d3
    .scaleLinear()
    .domain([0, (d3.max(rows, (r) => r.swing[output]) ?? 1) || 1])
    .nice()
    .range([m.left, W - m.right]);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="10">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="12">${esc(title)}</text>`,
  ];
  rows.forEach((r, i) => {
    const yy = m.top + i * bar;
    parts.push(
      `<text x="${m.left - 5}" y="${yy + bar - 4}" text-anchor="end">${esc(r.path)}</text>`,
      `<rect x="${m.left}" y="${yy + 2}" width="${Math.max(0, x(r.swing[output]) - m.left).toFixed(1)}" height="${bar - 4}" fill="#4e79a7"/>`,
    );
  });
  for (const t of x.ticks(5)) parts.push(`<text x="${x(t)}" y="${H - 12}" text-anchor="middle">${t}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

// -----------------------------------------------------------------------------------------------
// The command.

/** `--method sobol`: run the design on the pool, write sobol.csv and sobol.svg, print the leaders. */
async function sobolCommand(base: Scenario, options: SobolRunOptions): Promise<void> {
  const { runSobol } = await import('./sobol.ts');
  const fs = factors(base);
  const points = options.samples * (fs.length + 2);
  process.stderr.write(
    `sobol: ${fs.length} factors, N = ${options.samples}: ${points} points x ${options.replicates} replicates = ${points * options.replicates} runs\n`,
  );
  const { interruptSignal } = await import('./interrupt.ts');
  const result = await runSobol(base, fs, {
    ...options,
    signal: interruptSignal(),
    onProgress: (done, total) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${done}/${total} runs`);
    },
  });
  if (result.interrupted || interruptSignal().aborted) {
    const { markIncomplete } = await import('./outdir.ts');
    markIncomplete(options.out, 'sobol was interrupted: some runs are missing (continue it with --resume)');
    process.stderr.write(
      `Interrupted: the finished runs are in ${join(options.out, 'sobol-runs.csv')}; run the same command with --resume to continue\n`,
    );
    process.exitCode = 130;
    return;
  }
  const { markComplete } = await import('./outdir.ts');
  markComplete(options.out);
  process.stdout.write(
    `\n${result.runs} runs (${result.skipped} resumed) -> ${join(options.out, 'sobol.csv')}, sobol.svg\n`,
  );
  for (const o of Object.keys(OUTPUTS)) {
    const top = result.indices
      .filter((r) => r.output === o && Number.isFinite(r.ST))
      .sort((a, b) => b.ST - a.ST)
      .slice(0, 5);
    process.stdout.write(
      `${o.padEnd(14)} ${top.length ? top.map((r) => `${r.factor} ST ${r.ST.toFixed(2)} S1 ${r.S1.toFixed(2)}`).join('; ') : 'no variance'}\n`,
    );
  }
}

export function register(program: Command): void {
  program
    .command('sensitivity')
    .description(
      'Sobol indices, Morris elementary effects or one-factor-at-a-time of the numeric parameters on months to submission, extra meetings, final E-I, ASBL share and dropouts',
    )
    .argument('<scenario>', 'preset name (scenarios/<name>.json) or path of a scenario file')
    .addHelpText(
      'after',
      '\nExamples:\n  $ pilotnet sensitivity default --method sobol --samples 64 --out sens-sobol\n  $ pilotnet sensitivity default --method morris --out sens-morris\n' +
        '\nMethods, outputs and the current ranking: docs/sensitivity.md; the options: docs/headless.md.\n',
    )
    .option('--method <method>', 'sobol, morris or ofat', 'morris')
    .option('--samples <n>', 'Sobol base sample N (points: N (k + 2))', '256')
    .option('--bootstrap <n>', 'bootstrap resamples for the 95% intervals (Sobol, Morris)', '1000')
    .option('--levels <n>', 'grid levels (Morris) or values per factor (OFAT)', '4')
    .option('--trajectories <n>', 'Morris trajectories r (runs: r (k + 1) points)', '50')
    .option(
      '--replicates <n>',
      'replicates per point, the same seeds at every point (default: 1 for sobol, 20 otherwise)',
    )
    .option('--seed <n>', 'base seed of the replicates and of the design', '1')
    .option('--workers <n>', 'worker threads for sobol (default: all cores)')
    .option('--resume', 'sobol: continue an interrupted analysis in --out (same flags)')
    .option('--out <dir>', 'output directory', 'sensitivity')
    .option('--force', 'replace existing output files')
    .action((name: string, opts) =>
      guarded(async () => {
        const method = String(opts.method);
        if (method !== 'ofat' && method !== 'morris' && method !== 'sobol')
          throw new UsageError(`--method: expected sobol, morris or ofat, got "${method}"`);
        const levels = positiveInt('--levels')(opts.levels);
        if (levels < 2) throw new UsageError(`--levels: expected at least 2, got ${levels}`);
        const replicates = positiveInt('--replicates')(opts.replicates ?? (method === 'sobol' ? '1' : '20'));
        const trajectories = positiveInt('--trajectories')(opts.trajectories);
        const bootstrap = positiveInt('--bootstrap')(opts.bootstrap);
        if (bootstrap > 100_000) throw new UsageError(`--bootstrap: at most 100000, got ${bootstrap}`);
        const seed = Number(opts.seed);
        if (!Number.isInteger(seed) || seed < 0)
          throw new UsageError(`--seed: expected a whole number, got "${opts.seed}"`);
        if (method === 'sobol') {
          const samples = positiveInt('--samples')(opts.samples);
          if (samples < 2 || samples > 1_000_000)
            throw new UsageError(`--samples: expected a whole number from 2 to 1000000, got ${samples}`);
          const workers = opts.workers === undefined ? undefined : positiveInt('--workers')(opts.workers);
          await sobolCommand(loadScenario(name), {
            out: String(opts.out),
            samples,
            replicates,
            seed,
            workers,
            bootstrap,
            resume: Boolean(opts.resume),
            force: Boolean(opts.force),
          });
          return;
        }
        if (opts.resume) throw new UsageError('--resume: only --method sobol runs can be resumed');
        const outputs =
          method === 'ofat' ? ['ofat.csv', 'ofat.svg'] : ['morris.csv', 'morris-points.csv', 'morris.svg'];
        lockOutDir(opts.out); // one writer per folder; the lock goes when the process exits
        for (const f of outputs) refuseExisting(join(opts.out, f), Boolean(opts.force));
        const base = loadScenario(name);
        const fs = factors(base);
        const force = Boolean(opts.force);
        const total = method === 'ofat' ? fs.length * levels : trajectories * (fs.length + 1);
        let done = 0;
        const tick = () => {
          done++;
          if (process.stderr.isTTY) process.stderr.write(`\r${done}/${total} points`);
        };
        process.stderr.write(
          `${method}: ${fs.length} factors, ${total} points x ${replicates} replicates = ${total * replicates} runs\n`,
        );
        if (method === 'ofat') {
          const rows = ofat(base, fs, levels, replicates, seed, tick);
          const swings = ofatSwing(rows).sort((a, b) => b.swing.months - a.swing.months);
          const csv = csvTable(
            rows.map((r) => ({ parameter: r.path, level: r.level, value: r.value, ...r.outputs })),
            { header: true },
          );
          writeNew(join(opts.out, 'ofat.csv'), csv, force);
          writeNew(
            join(opts.out, 'ofat.svg'),
            await ofatSvg(
              swings,
              'months',
              `${base.id}: swing of mean months over each parameter's range (OFAT, levels x replicates in the CSV)`,
            ),
            force,
          );
          process.stdout.write(
            `\nrank  parameter                                   ${Object.keys(OUTPUTS).join('  ')}\n`,
          );
          for (const [i, s] of swings.entries()) {
            const cells = Object.keys(OUTPUTS).map((k) => s.swing[k].toFixed(3).padStart(k.length));
            process.stdout.write(`${String(i + 1).padStart(4)}  ${s.path.padEnd(42)}  ${cells.join('  ')}\n`);
          }
          return;
        }
        const res = morris(base, fs, levels, trajectories, replicates, seed, tick, bootstrap);
        const ranking = overallRanking(res.effects);
        writeNew(
          join(opts.out, 'morris.csv'),
          csvTable(
            res.effects.map((e) => ({
              parameter: e.path,
              output: e.output,
              mu_star: e.muStar,
              mu_star_low: e.muStarLow,
              mu_star_high: e.muStarHigh,
              mu: e.mu,
              sigma: e.sigma,
              effects: e.effects,
              overall_rank: ranking.find((r) => r.path === e.path)?.rank,
            })),
            { header: true },
          ),
          force,
        );
        writeNew(
          join(opts.out, 'morris-points.csv'),
          csvTable(
            res.points.map((p) => ({ trajectory: p.trajectory, step: p.step, ...p.values, ...p.outputs })),
            { header: true },
          ),
          force,
        );
        writeNew(
          join(opts.out, 'morris.svg'),
          await morrisSvg(
            res.effects,
            `${base.id}: Morris elementary effects, r = ${trajectories}, ${levels} levels, ${replicates} replicates per point`,
          ),
          force,
        );
        const mu = (path: string, o: string) =>
          res.effects.find((e) => e.path === path && e.output === o)?.muStar ?? 0;
        process.stdout.write(
          `\nrank  parameter                                 score  ${Object.keys(OUTPUTS)
            .map((k) => `mu*(${k})`)
            .join('  ')}\n`,
        );
        for (const r of ranking)
          process.stdout.write(
            `${String(r.rank).padStart(4)}  ${r.path.padEnd(40)}  ${r.score.toFixed(3)}  ${Object.keys(
              OUTPUTS,
            )
              .map((k) =>
                mu(r.path, k)
                  .toFixed(3)
                  .padStart(k.length + 5),
              )
              .join('  ')}\n`,
          );
      }),
    );
}

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone('sensitivity', register);
