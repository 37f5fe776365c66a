// Design spaces for `pilotnet search`: a base scenario, the governance choices a search may make
// (each a parameter path with a numeric range or a list of values), the objectives (outcomes of
// runs.csv, each minimised or maximised) and optional limits. Read and checked like sweep files:
// every problem with the file and its JSON path.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { OUTCOME_COLUMNS } from '../exec/columns.ts';
import { UsageError } from '../exec/errors.ts';
import { type Assignment, displayPath, readJsonFile, SCENARIOS_DIR } from '../exec/io.ts';
import { pathProblems } from '../exec/sweep-spec.ts';
import type { Problem } from '../sim/index.ts';
import { ID_MESSAGE, ID_PATTERN, LIMITS } from '../sim/scenario/limits.ts';

/** Outcomes of runs.csv that are text, not numbers: never objectives. */
const TEXT_OUTCOMES = new Set<string>(['gaveUpReason', 'legalOutcome']);

/**
 * The outcomes a search may optimise or limit: every numeric column of runs.csv's outcomes, in
 * their order (a yes/no outcome counts as a share). Data-driven: an outcome added to
 * OUTCOME_COLUMNS becomes an objective with no other change.
 */
export const OBJECTIVE_OUTCOMES = OUTCOME_COLUMNS.filter((c) => !TEXT_OUTCOMES.has(c)) as [
  string,
  ...string[],
];

const jsonValue = z.json();
const columnName = z.string().regex(/^[A-Za-z_][\w.]*$/, 'expected a column name (letters, digits, _ or .)');
const pathField = z
  .string()
  .meta({ description: 'dotted path of a scenario parameter, e.g. governance.groups[1].plannedMeetings' });

export const rangeVariableSchema = z.strictObject({
  path: pathField,
  name: columnName.optional().meta({ description: 'column name in the outputs (default: the path)' }),
  min: z.number().meta({ description: 'smallest value the search may choose' }),
  max: z.number().meta({ description: 'largest value the search may choose' }),
  integer: z.boolean().optional().meta({ description: 'whole numbers only (default false)' }),
});

export const choiceVariableSchema = z.strictObject({
  path: pathField,
  name: columnName.optional().meta({ description: 'column name in the outputs (default: the path)' }),
  values: z.array(jsonValue).min(1).max(1000).meta({
    description: 'the values the search may choose from (true/false, a chair, a membership rule...)',
  }),
});

export const objectiveSchema = z.strictObject({
  outcome: z.enum(OBJECTIVE_OUTCOMES).meta({ description: 'an outcome column of runs.csv' }),
  goal: z.enum(['min', 'max']).meta({ description: 'make it as small (min) or as large (max) as possible' }),
});

export const limitSchema = z.strictObject({
  outcome: z.enum(OBJECTIVE_OUTCOMES).meta({ description: 'an outcome column of runs.csv' }),
  min: z.number().optional().meta({ description: 'designs whose estimate is below this are infeasible' }),
  max: z.number().optional().meta({ description: 'designs whose estimate is above this are infeasible' }),
});

export const designSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'path of the JSON Schema, for editors' }),
    id: z
      .string()
      .regex(ID_PATTERN, ID_MESSAGE)
      .optional()
      .meta({ description: 'short identifier, used in folder names (default: the file name)' }),
    description: z.string().max(2000).optional().meta({ description: 'the question the search answers' }),
    scenario: z.string().min(1).meta({
      description:
        'the base scenario: a preset name ("default" = scenarios/default.json) or a .json file relative to this file',
    }),
    set: z
      .record(z.string(), jsonValue)
      .optional()
      .meta({ description: 'fixed overrides applied to every design, path -> value' }),
    variables: z
      .array(z.union([rangeVariableSchema, choiceVariableSchema]))
      .min(1)
      .max(32)
      .meta({ description: 'the choices the search makes: {path, min, max, integer?} or {path, values}' }),
    objectives: z
      .array(objectiveSchema)
      .min(1)
      .max(4)
      .meta({ description: 'what the search optimises; the front trades them off' }),
    limits: z
      .array(limitSchema)
      .max(8)
      .optional()
      .meta({ description: 'bounds on outcomes a design must respect (estimated like the objectives)' }),
    population: z
      .number()
      .int()
      .min(4)
      .max(500)
      .multipleOf(2)
      .optional()
      .meta({ unit: 'designs', description: 'designs per generation, even (default 30)' }),
    generations: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .meta({ description: 'generations evaluated, the first one random (default 20)' }),
    replicates: z.number().int().min(1).max(LIMITS.replicates).optional().meta({
      unit: 'runs',
      description: 'replicates per design (default 20); every design uses the same seeds',
    }),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional()
      .meta({ description: 'seed of the search and base seed of the runs (default: the scenario seed)' }),
  })
  .meta({
    title: 'pilotnet design space',
    description: 'The governance choices a design search may make (pilotnet search <file>)',
  });

export type DesignSpec = z.infer<typeof designSchema>;

/** A variable as the search sees it: a numeric gene, decoded to a parameter value. */
export interface DesignVariable {
  path: string;
  name: string;
  lower: number;
  upper: number;
  integer: boolean;
  /** Choice variables: the gene is an index into these. */
  values?: unknown[];
}

const problem = (file: string, path: string, message: string): Problem => ({ file, path, message });

/** A design space argument as a file: a bare name that is not a file is one of scenarios/designs/. */
export function designFile(name: string): string {
  if (existsSync(name) || !/^[\w-]+$/.test(name)) return name;
  const dir = join(SCENARIOS_DIR, 'designs');
  const shipped = join(dir, `${name}.json`);
  if (existsSync(shipped)) return shipped;
  const known = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5));
  throw new UsageError(
    `${name}: no such file, and no design space of that name (shipped: ${known.join(', ')})`,
  );
}

/** Read and check a design space file: schema, paths, names and bounds; every problem at once. */
export function readDesignFile(file: string): DesignSpec & { variablesResolved: DesignVariable[] } {
  const raw = readJsonFile(file);
  const shown = displayPath(file);
  const res = designSchema.safeParse(raw);
  if (!res.success)
    throw UsageError.fromProblems(
      res.error.issues.flatMap((i) =>
        i.code === 'unrecognized_keys'
          ? i.keys.map((k) => problem(shown, [...i.path, k].join('.'), 'unknown field (a typo?)'))
          : [
              problem(
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
  const spec = res.data;
  const problems: Problem[] = [];
  const names = new Set<string>();
  const variablesResolved = spec.variables.map((v, i): DesignVariable => {
    const at = `variables[${i}]`;
    problems.push(...pathProblems(shown, v.path).map((p) => ({ ...p, path: `${at}.path: ${p.path}` })));
    const name = v.name ?? v.path;
    if (names.has(name) || OUTCOME_COLUMNS.includes(name as never) || RESERVED.has(name))
      problems.push(
        problem(shown, `${at}.name`, `"${name}" is already used; give the variable another name`),
      );
    names.add(name);
    if ('values' in v)
      return { path: v.path, name, lower: 0, upper: v.values.length - 1, integer: true, values: v.values };
    if (!(v.min <= v.max))
      problems.push(problem(shown, `${at}.max`, `expected max >= min (${v.min}), got ${v.max}`));
    if (v.integer && (!Number.isInteger(v.min) || !Number.isInteger(v.max)))
      problems.push(problem(shown, at, 'integer: expected whole-number min and max'));
    return { path: v.path, name, lower: v.min, upper: v.max, integer: v.integer ?? false };
  });
  for (const [i, l] of (spec.limits ?? []).entries())
    if (l.min === undefined && l.max === undefined)
      problems.push(problem(shown, `limits[${i}]`, 'expected min, max or both'));
  for (const path of Object.keys(spec.set ?? {}))
    problems.push(...pathProblems(shown, path).map((p) => ({ ...p, path: `set: ${p.path}` })));
  const outcomes = spec.objectives.map((o) => o.outcome);
  for (const [i, o] of outcomes.entries())
    if (outcomes.indexOf(o) !== i)
      problems.push(problem(shown, `objectives[${i}].outcome`, `${o} is already an objective`));
  if (problems.length) throw UsageError.fromProblems(problems);
  return { ...spec, variablesResolved };
}

/** Column names of evaluations.csv and pareto.csv a variable may not take. */
const RESERVED = new Set(['generation', 'index', 'design', 'runs', 'reused', 'violation', 'feasible']);

/** A gene vector decoded to parameter values (choices by index, whole numbers rounded). */
export function decode(variables: readonly DesignVariable[], genes: readonly number[]): unknown[] {
  return variables.map((v, j) => {
    const g = genes[j];
    if (v.values) return v.values[Math.round(g)];
    return v.integer ? Math.round(g) : Number(g.toPrecision(12));
  });
}

/** The assignments of a design: the fixed overrides are in the base scenario already. */
export const designAssignments = (
  variables: readonly DesignVariable[],
  values: readonly unknown[],
): Assignment[] => variables.map((v, j) => ({ path: v.path, value: values[j] }));
