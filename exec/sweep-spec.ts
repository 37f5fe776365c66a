// Sweep plans: a base scenario, fixed overrides, a full-factorial `vary` and/or an explicit list
// of points, replicated with common random numbers. Points are enumerated canonically so a run's
// identity (point, replicate) — and with it its seed — never depends on workers, shards or order.
import * as z from 'zod';
import type { Problem, Scenario } from '../sim/index.ts';
import { forbiddenSegment, ID_MESSAGE, ID_PATTERN, LIMITS, rangeLength } from '../sim/scenario/limits.ts';
import { parsePath } from '../sim/scenario/validate.ts';
import { layoutFor, OUTCOME_COLUMNS, type RunsLayout, runsHeader } from './columns.ts';
import { UsageError } from './errors.ts';
import {
  type Assignment,
  applyAssignments,
  displayPath,
  type LoadedScenario,
  loadScenario,
  readJsonFile,
  scenarioPath,
  sha256,
} from './io.ts';

const jsonValue = z.json();

export const rangeSchema = z
  .strictObject({
    from: z.number(),
    to: z.number(),
    by: z.number().positive(),
  })
  .meta({ description: 'the numbers from, from + by, ... up to and including to' });

export const factorSchema = z.strictObject({
  path: z
    .string()
    .meta({ description: 'dotted path of a scenario parameter, e.g. governance.groups[1].plannedMeetings' }),
  name: z
    .string()
    .regex(/^[A-Za-z_][\w.]*$/, 'expected a column name (letters, digits, _ or .)')
    .optional()
    .meta({ description: 'column name in runs.csv (default: the path)' }),
  values: z
    .union([z.array(jsonValue), rangeSchema])
    .meta({ description: 'the levels: a list of values, or a numeric range {from, to, by}' }),
});

export const sweepSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'path of the JSON Schema, for editors' }),
    id: z
      .string()
      .regex(ID_PATTERN, ID_MESSAGE)
      .optional()
      .meta({ description: 'short identifier, used in folder names (default: the file name)' }),
    description: z.string().optional().meta({ description: 'what the sweep asks' }),
    scenario: z.string().min(1).meta({
      description:
        'the base scenario: a preset name ("default" = scenarios/default.json) or a .json file relative to this file',
    }),
    set: z
      .record(z.string(), jsonValue)
      .optional()
      .meta({ description: 'fixed overrides applied to every point, path -> value' }),
    vary: z.array(factorSchema).optional().meta({
      description: 'full factorial: every combination of the levels (the last factor varies fastest)',
    }),
    points: z
      .array(z.record(z.string(), jsonValue))
      .optional()
      .meta({ description: 'explicit points, each path -> value; crossed with vary when both are given' }),
    replicates: z.number().int().min(1).max(LIMITS.replicates).optional().meta({
      unit: 'runs',
      description: 'replicates per point (default 10); every point uses the same seeds',
    }),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional()
      .meta({
        description: 'base seed (default: the scenario seed); replicate r runs with replicateSeed(seed, r)',
      }),
  })
  .meta({
    title: 'pilotnet sweep',
    description: 'A parameter sweep of a pilotnet scenario (pilotnet sweep <file>)',
  });

export type SweepSpec = z.infer<typeof sweepSchema>;

export interface Factor {
  path: string;
  name: string;
  values: unknown[];
}

/** Everything a worker needs to run any run of the sweep: plain, structured-cloneable data. */
export interface SweepPlanData {
  id: string;
  /** The file the sweep came from (sweep file, or scenario file with --vary). */
  file: string;
  base: Scenario;
  factors: Factor[];
  /** Explicit points (path -> value); [{}] when the sweep has only factors. */
  points: Record<string, unknown>[];
  /** Parameter paths shown as columns, and their column names. */
  paramPaths: string[];
  paramNames: string[];
  layout: RunsLayout;
  replicates: number;
  baseSeed: number;
  /** sweep --weekly: the weekly series written per run into weekly.csv (none: end-of-run rows only). */
  weekly?: string[];
}

export interface SweepPlan extends SweepPlanData {
  scenario: LoadedScenario;
  pointCount: number;
  runCount: number;
  header: string[];
  /** Identity of the sweep (scenario content, points, replicates, seed): shards and resumes must match. */
  hash: string;
}

/** The part of a plan a worker needs (plain data, sent to every worker), with the weekly series if any. */
export function planData(plan: SweepPlanData, weekly: readonly string[] = []): SweepPlanData {
  return {
    id: plan.id,
    file: plan.file,
    base: plan.base,
    factors: plan.factors,
    points: plan.points,
    paramPaths: plan.paramPaths,
    paramNames: plan.paramNames,
    layout: plan.layout,
    replicates: plan.replicates,
    baseSeed: plan.baseSeed,
    ...(weekly.length ? { weekly: [...weekly] } : {}),
  };
}

export interface PlanOverrides {
  replicates?: number;
  seed?: number;
  id?: string;
}

/**
 * Expand a range {from, to, by} into its numbers (rounded to avoid 0.30000000000000004). Its
 * length is checked against LIMITS.rangeValues before anything is allocated.
 */
export function expandRange(r: { from: number; to: number; by: number }, where = 'range'): number[] {
  const length = rangeLength(r);
  if (!(length <= LIMITS.rangeValues))
    throw new UsageError(
      `${where}: from ${r.from} to ${r.to} by ${r.by} gives ${Number.isFinite(length) ? length : 'too many'} values; the limit is ${LIMITS.rangeValues}`,
    );
  const out: number[] = [];
  for (let i = 0; i < length; i++) out.push(Number((r.from + i * r.by).toPrecision(12)));
  return out;
}

/** Problems with a parameter path: not a dotted path, or a segment that reaches the prototype. */
export function pathProblems(file: string, path: string): Problem[] {
  const parts = parsePath(path);
  if (!parts) return [pathProblem(file, path, 'expected a dotted path such as ties.alpha')];
  for (const p of parts) {
    const bad = forbiddenSegment(p);
    if (bad) return [pathProblem(file, path, bad)];
  }
  return [];
}

/** `--vary path=v1,v2,...` or `--vary path=4..12:2` (from..to:by, by default 1). */
export function parseVary(text: string): Factor {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--vary ${text}: expected path=v1,v2,... or path=from..to:by`);
  const path = text.slice(0, eq).trim();
  const rhs = text.slice(eq + 1).trim();
  const range = /^(-?[\d.]+)\.\.(-?[\d.]+)(?::([\d.]+))?$/.exec(rhs);
  let values: unknown[];
  if (range) {
    const [from, to, by] = [Number(range[1]), Number(range[2]), Number(range[3] ?? 1)];
    if (![from, to, by].every(Number.isFinite) || by <= 0)
      throw new UsageError(`--vary ${text}: expected from..to:by with by > 0`);
    values = expandRange({ from, to, by }, `--vary ${path}`);
  } else if (rhs === '') {
    values = [];
  } else {
    values = splitList(rhs).map((v) => {
      try {
        return JSON.parse(v);
      } catch {
        return v;
      }
    });
  }
  return { path, name: path, values };
}

/** Split on commas outside brackets and quotes, so `[1,2],[3,4]` gives two values. */
function splitList(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' && s[i - 1] !== '\\') quote = !quote;
    else if (!quote && (c === '[' || c === '{')) depth++;
    else if (!quote && (c === ']' || c === '}')) depth--;
    else if (!quote && depth === 0 && c === ',') {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out;
}

const pathProblem = (file: string, path: string, message: string): Problem => ({ file, path, message });

/** Read and check a sweep file (schema only). */
export function readSweepFile(file: string): SweepSpec {
  const raw = readJsonFile(file);
  const shown = displayPath(file);
  const res = sweepSchema.safeParse(raw);
  if (!res.success) {
    throw UsageError.fromProblems(
      res.error.issues.flatMap((i) =>
        i.code === 'unrecognized_keys'
          ? i.keys.map((k) => pathProblem(shown, [...i.path, k].join('.'), 'unknown field (a typo?)'))
          : [
              pathProblem(
                shown,
                i.path
                  .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
                  .join('.')
                  .replace(/\.\[/g, '[') || '(root)',
                i.message,
              ),
            ],
      ),
    );
  }
  return res.data;
}

/** Is this JSON a sweep (it names a base scenario) rather than a scenario? */
export const looksLikeSweep = (raw: unknown): boolean =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'scenario' in raw;

/** Build a plan from a sweep file. */
export function planFromSweepFile(file: string, overrides: PlanOverrides = {}): SweepPlan {
  const spec = readSweepFile(file);
  const shown = displayPath(file);
  // Every path in the file, named where it stands: set, vary[i].path, points[i].
  const within = (at: string, path: string) =>
    pathProblems(shown, path).map((p) => ({ ...p, path: `${at}: ${p.path}` }));
  const early = [
    ...Object.keys(spec.set ?? {}).flatMap((path) => within('set', path)),
    ...(spec.vary ?? []).flatMap((f, i) => within(`vary[${i}].path`, f.path)),
    ...(spec.points ?? []).flatMap((pt, i) =>
      Object.keys(pt).flatMap((path) => within(`points[${i}]`, path)),
    ),
  ];
  if (early.length) throw UsageError.fromProblems(early);
  const scenarioFile = scenarioPath(spec.scenario, file);
  const sets = Object.entries(spec.set ?? {}).map(([path, value]) => ({ path, value }));
  let base: LoadedScenario;
  try {
    base = loadScenario(scenarioFile, sets);
  } catch (e) {
    if (e instanceof UsageError && /cannot read the file/.test(e.message) && e.problems.length === 0)
      throw new UsageError(
        `${shown}: scenario: cannot find "${spec.scenario}" (${displayPath(scenarioFile)})`,
      );
    throw e;
  }
  const factors = (spec.vary ?? []).map((f) => ({
    path: f.path,
    name: f.name ?? f.path,
    values: Array.isArray(f.values) ? f.values : expandRange(f.values, `${shown}: ${f.path}`),
  }));
  const id = overrides.id ?? spec.id ?? shown.replace(/^.*\//, '').replace(/\.json$/, '');
  return buildPlan({
    id,
    file: shown,
    scenario: base,
    factors,
    points: spec.points,
    replicates: overrides.replicates ?? spec.replicates ?? 10,
    seed: overrides.seed ?? spec.seed,
  });
}

/** Build a plan from a scenario file and `--vary` flags. */
export function planFromScenario(
  file: string,
  vary: readonly Factor[],
  options: PlanOverrides & { set?: Assignment[] } = {},
): SweepPlan {
  const scenario = loadScenario(file, options.set ?? []);
  return buildPlan({
    id: options.id ?? scenario.scenario.id,
    file: scenario.file,
    scenario,
    factors: [...vary],
    points: undefined,
    replicates: options.replicates ?? 10,
    seed: options.seed,
  });
}

/** Above this many points, only each level of each factor is checked up front (workers check the rest). */
const FULL_CHECK_POINTS = 2000;

export function buildPlan(args: {
  id: string;
  file: string;
  scenario: LoadedScenario;
  factors: Factor[];
  points: Record<string, unknown>[] | undefined;
  replicates: number;
  seed: number | undefined;
}): SweepPlan {
  const { file, scenario, factors } = args;
  const problems: Problem[] = [];
  const where = file;
  if (!Number.isInteger(args.replicates) || args.replicates < 1 || args.replicates > LIMITS.replicates)
    throw new UsageError(
      `--replicates: expected a whole number from 1 to ${LIMITS.replicates} (the limit), got ${args.replicates}`,
    );
  const baseSeed = args.seed ?? scenario.scenario.seed;
  if (!Number.isInteger(baseSeed) || baseSeed < 0)
    throw new UsageError(`--seed: expected a whole number >= 0, got ${baseSeed}`);
  if (factors.length === 0 && args.points === undefined)
    throw new UsageError(`${where}: the sweep has no points: give vary (or --vary path=v1,v2,...) or points`);
  for (const f of factors) {
    problems.push(...pathProblems(where, f.path));
    if (f.values.length === 0)
      problems.push(pathProblem(where, f.path, 'the sweep has no points: this parameter has no values'));
  }
  if (args.points && args.points.length === 0)
    problems.push(pathProblem(where, 'points', 'the sweep has no points: the list is empty'));
  for (const p of args.points ?? [])
    for (const path of Object.keys(p)) problems.push(...pathProblems(where, path));
  if (problems.length) throw UsageError.fromProblems(problems.slice(0, 50));
  // Sizes, counted before anything is enumerated.
  const pointTotal = (args.points?.length ?? 1) * factors.reduce((n, f) => n * f.values.length, 1);
  if (pointTotal > LIMITS.points)
    throw new UsageError(`${where}: ${pointTotal} points; a sweep may have at most ${LIMITS.points}`);
  if (pointTotal * args.replicates > LIMITS.runs)
    throw new UsageError(
      `${where}: ${pointTotal} points × ${args.replicates} replicates = ${pointTotal * args.replicates} runs; a sweep may have at most ${LIMITS.runs}`,
    );

  const points = args.points ?? [{}];
  // Parameter columns: the explicit points' paths, then the factors; names must be unique.
  const paramPaths: string[] = [];
  const paramNames: string[] = [];
  for (const p of points)
    for (const path of Object.keys(p))
      if (!paramPaths.includes(path)) {
        paramPaths.push(path);
        paramNames.push(path);
      }
  for (const f of factors) {
    if (paramPaths.includes(f.path))
      throw new UsageError(`${where}: ${f.path}: set both in points and in vary; choose one`);
    paramPaths.push(f.path);
    paramNames.push(f.name);
  }
  const reserved = new Set<string>(runsHeader({ params: [], groups: [], national: true }));
  for (const name of paramNames)
    if (
      reserved.has(name) ||
      paramNames.indexOf(name) !== paramNames.lastIndexOf(name) ||
      OUTCOME_COLUMNS.includes(name as never)
    )
      throw new UsageError(
        `${where}: ${name}: this column name is already used; give the factor another name`,
      );

  const data: SweepPlanData = {
    id: args.id,
    file,
    base: scenario.scenario,
    factors,
    points,
    paramPaths,
    paramNames,
    layout: { params: paramNames, groups: [], national: false },
    replicates: args.replicates,
    baseSeed,
  };
  const pointCount = points.length * factors.reduce((n, f) => n * f.values.length, 1);

  // Check the points (all of them, or each level on its own above FULL_CHECK_POINTS).
  const checked: Scenario[] = [];
  const seen = new Set<string>();
  const check = (p: number) => {
    const res = resolvePoint(data, p);
    if (res.ok) checked.push(res.scenario);
    else
      for (const pr of res.problems) {
        const k = `${pr.path}: ${pr.message}`;
        if (!seen.has(k)) {
          seen.add(k);
          problems.push({
            ...pr,
            file: pr.file === '--set' ? where : pr.file,
            message: `${pr.message} (point ${p})`,
          });
        }
      }
  };
  if (pointCount <= FULL_CHECK_POINTS) for (let p = 0; p < pointCount; p++) check(p);
  else {
    const F = pointCount / points.length;
    for (let e = 0; e < points.length; e++) check(e * F);
    let stride = F;
    for (const f of factors) {
      stride /= f.values.length;
      for (let l = 1; l < f.values.length; l++) check(l * stride);
    }
  }
  if (problems.length) throw UsageError.fromProblems(problems.slice(0, 50));
  data.layout = layoutFor(checked, paramNames);
  const header = runsHeader(data.layout);
  const hash = sha256(
    JSON.stringify({
      scenario: scenario.hash,
      factors,
      points,
      replicates: data.replicates,
      baseSeed,
      header,
    }),
  );
  return { ...data, scenario, pointCount, runCount: pointCount * data.replicates, header, hash };
}

/** The assignments (path -> value) of point p: its explicit point, then one level per factor. */
export function pointAssignments(plan: SweepPlanData, p: number): Assignment[] {
  const F = plan.factors.reduce((n, f) => n * f.values.length, 1);
  const explicit = plan.points[Math.floor(p / F)];
  const out: Assignment[] = Object.entries(explicit).map(([path, value]) => ({ path, value }));
  let rest = p % F;
  const levels: number[] = [];
  for (let k = plan.factors.length - 1; k >= 0; k--) {
    const m = plan.factors[k].values.length;
    levels[k] = rest % m;
    rest = Math.floor(rest / m);
  }
  plan.factors.forEach((f, k) => {
    out.push({ path: f.path, value: f.values[levels[k]] });
  });
  return out;
}

export function resolvePoint(plan: SweepPlanData, p: number) {
  return applyAssignments(plan.base, pointAssignments(plan, p), plan.file, plan.file);
}

/** The values of the parameter columns for a resolved point. */
export function paramValues(plan: SweepPlanData, scenario: Scenario): unknown[] {
  return plan.paramPaths.map((path) => {
    let cur: unknown = scenario;
    for (const k of parsePath(path) ?? []) cur = (cur as Record<PropertyKey, unknown> | undefined)?.[k];
    return cur;
  });
}
