// Sensitivity analysis (MODEL.md §10): extended one-factor-at-a-time (ten Broeke et al. 2016) and
// Morris elementary effects (Morris 1991; mu* of Campolongo et al. 2007) of the numeric model
// parameters on the main outcomes, with common random numbers: every point runs the same seeds.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import * as z from 'zod';
import { csvLine, csvTable, formatValue, splitCsvLine } from '../exec/columns.ts';
import { UsageError } from '../exec/errors.ts';
import { fingerprint, prepareOutDir, sha256 } from '../exec/io.ts';
import { type ManifestScenario, writeManifest } from '../exec/manifest.ts';
import { lockOutDir, refuseExisting, writeFileAtomic } from '../exec/outdir.ts';
import { inShard, readShardSet } from '../exec/shards.ts';
import { parseShard, type Shard, shardRuns, shardSize } from '../exec/sweep.ts';
import {
  type MorrisEffect,
  type MorrisRun,
  morrisDesign,
  morrisEffects,
  morrisTrajectories,
  overallRanking,
} from '../methods/morris.ts';
import { type Factor, valueAt } from '../methods/saltelli.ts';
import type { SobolIndex } from '../methods/sobol.ts';
import {
  DEFAULTS,
  parseScenario,
  type RunSummary,
  replicateSeed,
  type Scenario,
  scenarioSchema,
  simulate,
} from '../sim/index.ts';
import { parsePath } from '../sim/scenario/validate.ts';
import { guarded, loadScenario, positiveInt, runStandalone, writeNew } from './command-kit.ts';
import { setValues } from './point-values.ts';
import { esc, OUTPUTS, svgStart } from './sensitivity-outputs.ts';
import type { SobolRunOptions } from './sobol.ts';

export { type MorrisEffect, type MorrisRun, morrisDesign, overallRanking } from '../methods/morris.ts';
export type { Factor } from '../methods/saltelli.ts';
export { OUTPUTS, type OutputName } from './sensitivity-outputs.ts';

const scenarioOf = (s: Scenario): ManifestScenario => ({ id: s.id, sha256: fingerprint(s).hash });

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

/** The scenario at a point: the base with the point's values set, validated. */
function pointScenario(base: Scenario, values: Record<string, number>): Scenario {
  const raw = structuredClone(base) as unknown as Record<string, unknown>;
  const [p] = setValues(raw, Object.entries(values));
  if (p) throw new UsageError(`${p.path}: ${p.message}`);
  return parseScenario(raw, `${base.id} (sensitivity point)`);
}

/** The outputs of one run. */
function runOutputs(s: Scenario, seed: number): Record<string, number> {
  const summary: RunSummary = simulate.summary(s, { seed });
  return Object.fromEntries(Object.entries(OUTPUTS).map(([k, f]) => [k, f(summary.outcomes)]));
}

/** Mean of each output over a point's runs, summed in replicate order (the same bytes wherever they ran). */
function replicateMean(runs: readonly Record<string, number>[]): Record<string, number> {
  const sums: Record<string, number> = Object.fromEntries(Object.keys(OUTPUTS).map((k) => [k, 0]));
  for (const run of runs) for (const k of Object.keys(OUTPUTS)) sums[k] += run[k] / runs.length;
  return sums;
}

/** Mean of each output over the replicates; the replicate seeds are the same at every point (CRN). */
export function evaluatePoint(
  base: Scenario,
  values: Record<string, number>,
  replicates: number,
  seed: number,
): Record<string, number> {
  const s = pointScenario(base, values);
  return replicateMean(Array.from({ length: replicates }, (_, r) => runOutputs(s, replicateSeed(seed, r))));
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
// Morris's outputs, and its design run in shards (a cluster array) then analysed together.

/** morris.csv, morris-points.csv and morris.svg, and the ranking printed. */
async function writeMorris(
  out: string,
  scenario: string,
  res: MorrisRun,
  levels: number,
  trajectories: number,
  replicates: number,
  force: boolean,
): Promise<void> {
  const ranking = overallRanking(res.effects);
  writeNew(
    join(out, 'morris.csv'),
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
    join(out, 'morris-points.csv'),
    csvTable(
      res.points.map((p) => ({ trajectory: p.trajectory, step: p.step, ...p.values, ...p.outputs })),
      { header: true },
    ),
    force,
  );
  writeNew(
    join(out, 'morris.svg'),
    await morrisSvg(
      res.effects,
      `${scenario}: Morris elementary effects, r = ${trajectories}, ${levels} levels, ${replicates} replicates per point`,
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
      `${String(r.rank).padStart(4)}  ${r.path.padEnd(40)}  ${r.score.toFixed(3)}  ${Object.keys(OUTPUTS)
        .map((k) =>
          mu(r.path, k)
            .toFixed(3)
            .padStart(k.length + 5),
        )
        .join('  ')}\n`,
    );
}

const MORRIS_RUNS_HEADER = ['point', 'replicate', 'seed', ...Object.keys(OUTPUTS)];
/** The most runs an analysis reads into memory (6 outputs of 8 bytes each: 4.8 GB). */
export const MAX_ANALYSED_RUNS = 100_000_000;
const MORRIS_FILES = /^(morris-runs\.csv|morris\.json|morris\.csv|morris-points\.csv|morris\.svg)$/;

/** morris.json: the design a shard's folder belongs to (`shard` only in a shard's folder). */
export interface MorrisRecord {
  command: string;
  identity: string;
  scenario: string;
  factors: Factor[];
  levels: number;
  trajectories: number;
  replicates: number;
  seed: number;
  points: number;
  runs: number;
  shard?: string;
}

/** A CSV cell back to the number it was written from ('' is a value the run did not have). */
const cellNumber = (text: string): number => (text === '' ? Number.NaN : Number(text));

/**
 * One shard of a Morris design: its runs (run = point x replicates + replicate, every n-th from
 * i - 1) evaluated here, one row each in morris-runs.csv; the effects come from `analyseMorris`.
 */
export function runMorrisShard(
  base: Scenario,
  fs: Factor[],
  o: {
    levels: number;
    trajectories: number;
    replicates: number;
    seed: number;
    shard: Shard;
    out: string;
    force: boolean;
    tick?: () => void;
  },
): { runs: number } {
  const design = morrisTrajectories(fs, o.levels, o.trajectories, o.seed);
  const R = o.replicates;
  const runCount = design.length * R;
  const record: MorrisRecord = {
    command: 'sensitivity --method morris',
    identity: sha256(
      JSON.stringify({
        base,
        factors: fs,
        levels: o.levels,
        trajectories: o.trajectories,
        replicates: R,
        seed: o.seed,
        header: MORRIS_RUNS_HEADER,
      }),
    ),
    scenario: base.id,
    factors: fs,
    levels: o.levels,
    trajectories: o.trajectories,
    replicates: R,
    seed: o.seed,
    points: design.length,
    runs: runCount,
    shard: `${o.shard.index}/${o.shard.count}`,
  };
  const lock = prepareOutDir(o.out, (f) => MORRIS_FILES.test(f), { force: o.force });
  try {
    writeFileAtomic(join(o.out, 'morris.json'), `${JSON.stringify(record, null, 2)}\n`);
    const lines = [csvLine(MORRIS_RUNS_HEADER)];
    let cachedPoint = -1;
    let scenario = base;
    for (const i of shardRuns(runCount, o.shard)) {
      const p = Math.floor(i / R);
      const r = i % R;
      if (cachedPoint !== p) {
        scenario = pointScenario(base, design[p].values);
        cachedPoint = p;
      }
      const seed = replicateSeed(o.seed, r);
      const y = runOutputs(scenario, seed);
      lines.push(
        csvLine([String(p), String(r), String(seed), ...Object.keys(OUTPUTS).map((k) => formatValue(y[k]))]),
      );
      o.tick?.();
    }
    writeFileAtomic(join(o.out, 'morris-runs.csv'), lines.join(''));
    return { runs: lines.length - 1 };
  } finally {
    lock.release();
  }
}

/**
 * The elementary effects from the folders of a Morris design run in shards: every shard once,
 * every run present. morris.csv, morris-points.csv and morris.svg are those of the same design run
 * in one process, byte for byte (each point's mean is summed in replicate order).
 */
export async function analyseMorris(
  dirs: readonly string[],
  o: { out: string; bootstrap: number; force: boolean },
): Promise<{ runs: number; folders: number }> {
  const folders = readShardSet<MorrisRecord>(dirs, 'morris.json', o.out, 'sensitivity --method morris');
  const record = folders[0].record;
  const { factors: fs, levels, trajectories, replicates: R, seed } = record;
  const file = join(folders[0].dir, 'morris.json');
  const whole = (x: unknown, lo: number, hi: number) =>
    Number.isSafeInteger(x) && (x as number) >= lo && (x as number) <= hi;
  const bad = [
    whole(levels, 2, 1000) ? '' : '$.levels: expected a whole number from 2 to 1000',
    whole(trajectories, 1, 1_000_000) ? '' : '$.trajectories: expected a whole number from 1 to 1000000',
    whole(R, 1, 1_000_000) ? '' : '$.replicates: expected a whole number from 1 to 1000000',
    whole(seed, 0, 2 ** 53) ? '' : '$.seed: expected a whole number',
    whole(record.runs, 1, MAX_ANALYSED_RUNS)
      ? ''
      : `$.runs: expected a whole number from 1 to ${MAX_ANALYSED_RUNS}`,
    Array.isArray(fs) &&
    fs.length > 0 &&
    fs.length <= 10_000 &&
    fs.every((f) => f && typeof f.path === 'string' && Number.isFinite(f.low) && Number.isFinite(f.high))
      ? ''
      : '$.factors: expected 1 to 10000 factors, each with a path, low and high',
  ].filter(Boolean);
  if (bad.length) throw new UsageError(`${file}:\n  ${bad.join('\n  ')}`);
  if (record.runs !== trajectories * (fs.length + 1) * R)
    throw new UsageError(`${file}: $.runs: expected trajectories x (factors + 1) x replicates`);
  const design = morrisTrajectories(fs, levels, trajectories, seed);
  if (design.length !== record.points || record.runs !== design.length * R)
    throw new UsageError(`${join(folders[0].dir, 'morris.json')}: $.points: does not match its design`);
  const perRun: Record<string, number>[] = new Array(record.runs);
  const header = csvLine(MORRIS_RUNS_HEADER);
  const short: string[] = [];
  for (const f of folders) {
    const file = join(f.dir, 'morris-runs.csv');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (text !== '' && !text.startsWith(header))
      throw new UsageError(`${file}: its columns differ from this analysis's`);
    let got = 0;
    for (const line of text.slice(header.length).split('\n').slice(0, -1)) {
      const c = splitCsvLine(line);
      const i = Number(c[0]) * R + Number(c[1]);
      if (!Number.isInteger(i) || i < 0 || i >= record.runs || Number(c[1]) >= R || !inShard(i, f.shard))
        throw new UsageError(
          `${file}: holds run (point ${c[0]}, replicate ${c[1]}), not one of shard ${f.shard.index}/${f.shard.count}`,
        );
      if (!perRun[i]) got++;
      perRun[i] = Object.fromEntries(Object.keys(OUTPUTS).map((k, j) => [k, cellNumber(c[3 + j])]));
    }
    const want = shardSize(record.runs, f.shard);
    if (got < want) short.push(`${f.dir}: ${got} of its ${want} runs`);
  }
  if (short.length) throw new UsageError(`sensitivity --analyse: runs missing:\n  ${short.join('\n  ')}`);
  const ys = design.map((_, p) => replicateMean(perRun.slice(p * R, (p + 1) * R)));
  const res: MorrisRun = {
    points: design.map((p, i) => ({
      trajectory: p.trajectory,
      step: p.step,
      values: p.values,
      outputs: ys[i],
    })),
    effects: morrisEffects(fs, design, ys, Object.keys(OUTPUTS), seed, o.bootstrap),
  };
  const lock = prepareOutDir(o.out, (f) => MORRIS_FILES.test(f), { force: o.force });
  try {
    writeFileAtomic(
      join(o.out, 'morris.json'),
      `${JSON.stringify({ ...record, shard: undefined, analysed: folders.map((f) => `${f.dir} (${f.shard.index}/${f.shard.count})`) }, null, 2)}\n`,
    );
    await writeMorris(o.out, record.scenario, res, levels, trajectories, R, true);
  } finally {
    lock.release();
  }
  return { runs: record.runs, folders: folders.length };
}

// -----------------------------------------------------------------------------------------------
// The command.

/** `--method sobol`: run the design on the pool, write sobol.csv and sobol.svg, print the leaders. */
async function sobolCommand(base: Scenario, options: SobolRunOptions): Promise<void> {
  const { runSobol } = await import('./sobol.ts');
  const fs = factors(base);
  const points = options.samples * (fs.length + 2);
  const total = points * options.replicates;
  process.stderr.write(
    `sobol: ${fs.length} factors, N = ${options.samples}: ${points} points x ${options.replicates} replicates = ${total} runs` +
      (options.shard
        ? `; shard ${options.shard.index}/${options.shard.count}: ${shardSize(total, options.shard)} of them`
        : '') +
      '\n',
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
    const { markIncomplete } = await import('../exec/outdir.ts');
    markIncomplete(options.out, 'sobol was interrupted: some runs are missing (continue it with --resume)');
    process.stderr.write(
      `Interrupted: the finished runs are in ${join(options.out, 'sobol-runs.csv')}; run the same command with --resume to continue\n`,
    );
    process.exitCode = 130;
    return;
  }
  if (options.shard) {
    process.stdout.write(
      `\nshard ${options.shard.index}/${options.shard.count}: ${result.runs} runs (${result.skipped} resumed) -> ${join(options.out, 'sobol-runs.csv')}\n` +
        'Once every shard is done: pilotnet sensitivity --analyse <shard folders...> --out <folder>\n',
    );
    return;
  }
  const { markComplete } = await import('../exec/outdir.ts');
  markComplete(options.out);
  process.stdout.write(
    `\n${result.runs} runs (${result.skipped} resumed) -> ${join(options.out, 'sobol.csv')}, sobol.svg\n`,
  );
  printSobolLeaders(result.indices);
}

/** Per output, the five factors of largest total index. */
function printSobolLeaders(indices: readonly SobolIndex[]): void {
  for (const o of Object.keys(OUTPUTS)) {
    const top = indices
      .filter((r) => r.output === o && Number.isFinite(r.ST))
      .sort((a, b) => b.ST - a.ST)
      .slice(0, 5);
    process.stdout.write(
      `${o.padEnd(14)} ${top.length ? top.map((r) => `${r.factor} ST ${r.ST.toFixed(2)} S1 ${r.S1.toFixed(2)}`).join('; ') : 'no variance'}\n`,
    );
  }
}

/** `--analyse DIR...`: the method is the one whose record the first folder holds. */
async function analyseCommand(dirs: string[], out: string, bootstrap: number, force: boolean): Promise<void> {
  const first = dirs[0] ?? '';
  if (existsSync(join(first, 'sobol.json'))) {
    const { analyseSobol } = await import('./sobol.ts');
    const a = await analyseSobol(dirs, { out, bootstrap, force });
    process.stdout.write(
      `${a.runs} runs from ${a.folders} folder${a.folders > 1 ? 's' : ''} -> ${join(out, 'sobol.csv')}, sobol.svg\n`,
    );
    printSobolLeaders(a.indices);
    return;
  }
  if (existsSync(join(first, 'morris.json'))) {
    const a = await analyseMorris(dirs, { out, bootstrap, force });
    process.stdout.write(
      `${a.runs} runs from ${a.folders} folder${a.folders > 1 ? 's' : ''} -> ${join(out, 'morris.csv')}\n`,
    );
    return;
  }
  throw new UsageError(
    `--analyse: ${first} holds neither sobol.json nor morris.json (the folder of a shard: sensitivity --shard i/n --out <folder>)`,
  );
}

export function register(program: Command): void {
  program
    .command('sensitivity')
    .description(
      'Sobol indices, Morris elementary effects or one-factor-at-a-time of the numeric parameters on months to submission, extra meetings, final E-I, ASBL share and dropouts',
    )
    .argument(
      '[scenario]',
      'preset name (scenarios/<name>.json) or path of a scenario file (not with --analyse)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ pilotnet sensitivity default --method sobol --samples 64 --out sens-sobol\n  $ pilotnet sensitivity default --method morris --out sens-morris\n' +
        '  $ pilotnet sensitivity default --method sobol --samples 64 --shard 2/8 --out sobol/shard-2\n' +
        '  $ pilotnet sensitivity --analyse sobol/shard-* --out sobol/analysis\n' +
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
    .option(
      '--shard <i/n>',
      'sobol, morris: run only every n-th run of the design from the i-th; no analysis',
    )
    .option(
      '--analyse <dirs...>',
      'the indices or effects from the folders of every shard (or of one whole run)',
    )
    .option('--out <dir>', 'output directory', 'sensitivity')
    .option('--force', 'replace existing output files')
    .action((name: string | undefined, opts) =>
      guarded(async () => {
        const method = String(opts.method);
        const bootstrapText = String(opts.bootstrap);
        if (opts.analyse) {
          if (name !== undefined)
            throw new UsageError(
              `--analyse reads shard folders; drop the scenario "${name}" (it is in their records)`,
            );
          if (opts.shard) throw new UsageError('--analyse and --shard: one or the other');
          const b = positiveInt('--bootstrap')(bootstrapText);
          if (b > 100_000) throw new UsageError(`--bootstrap: at most 100000, got ${b}`);
          await analyseCommand(opts.analyse as string[], String(opts.out), b, Boolean(opts.force));
          return;
        }
        if (name === undefined)
          throw new UsageError(
            'missing the scenario: a preset name or a scenario file (or --analyse DIR...)',
          );
        const shard: Shard | undefined =
          opts.shard === undefined ? undefined : parseShard(String(opts.shard));
        if (shard && method === 'ofat')
          throw new UsageError('--shard: only --method sobol or morris run in shards');
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
            shard,
          });
          return;
        }
        if (opts.resume) throw new UsageError('--resume: only --method sobol runs can be resumed');
        if (shard) {
          const base = loadScenario(name);
          const fs = factors(base);
          const runs = trajectories * (fs.length + 1) * replicates;
          process.stderr.write(
            `morris: ${fs.length} factors, ${runs} runs; shard ${shard.index}/${shard.count}: ${shardSize(runs, shard)} of them\n`,
          );
          let done = 0;
          const r = runMorrisShard(base, fs, {
            levels,
            trajectories,
            replicates,
            seed,
            shard,
            out: String(opts.out),
            force: Boolean(opts.force),
            tick: () => {
              done++;
              if (process.stderr.isTTY) process.stderr.write(`\r${done} runs`);
            },
          });
          process.stdout.write(
            `\nshard ${shard.index}/${shard.count}: ${r.runs} runs -> ${join(opts.out, 'morris-runs.csv')}\n` +
              'Once every shard is done: pilotnet sensitivity --analyse <shard folders...> --out <folder>\n',
          );
          return;
        }
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
          writeManifest(opts.out, 'sensitivity', [scenarioOf(base)], opts, 'ofat.manifest.json');
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
        await writeMorris(opts.out, base.id, res, levels, trajectories, replicates, force);
        writeManifest(opts.out, 'sensitivity', [scenarioOf(base)], opts, 'morris.manifest.json');
      }),
    );
}

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone('sensitivity', register);
