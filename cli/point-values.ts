// Parameter values set on a scenario at every point of a design (Sobol', Morris, OFAT). The
// engine's setPath checks a path against the scenario merged over the defaults, about 0.8 ms a call
// (measured: 55 ms for the 70 factors of a Sobol' point, where the run itself takes 8 ms). A design
// sets the same paths at every point on a copy of one whole scenario, so each path is checked once
// by setPath and then assigned directly; the object built is the same.
import { type Problem, type Resolution, resolveScenario, type Scenario, setPath } from '../sim/index.ts';
import { parsePath, revalidateSections } from '../sim/scenario/validate.ts';

/** Paths setPath accepted, as their segments. */
const checked = new Map<string, (string | number)[]>();

/**
 * Set each value on `raw` (a copy of a whole scenario) as setPath would. A path is checked by
 * setPath the first time; afterwards it is walked, and handed back to setPath whenever a step along
 * it is not an object of `raw` (never, for a copy of a whole scenario).
 */
export function setValues(raw: Record<string, unknown>, values: Iterable<[string, unknown]>): Problem[] {
  const problems: Problem[] = [];
  for (const [path, value] of values) {
    const parts = checked.get(path);
    if (parts) {
      let cur: unknown = raw;
      for (let i = 0; i < parts.length - 1 && cur !== undefined; i++)
        cur =
          typeof cur === 'object' && cur !== null
            ? (cur as Record<PropertyKey, unknown>)[parts[i]]
            : undefined;
      if (typeof cur === 'object' && cur !== null) {
        (cur as Record<PropertyKey, unknown>)[parts[parts.length - 1]] = value;
        continue;
      }
    }
    const problem = setPath(raw, path, value);
    if (problem) problems.push(problem);
    else if (!parts) {
      const p = parsePath(path);
      if (p) checked.set(path, p);
    }
  }
  return problems;
}

/**
 * The scenario of a design's point: `base` (validated) with these values set. Resolving it in full
 * costs about 1 ms, more than the run (a Sobol' worker spent 0.83 ms a point re-validating against
 * 0.78 ms running, measured in bench/), though the base was validated once already. When every
 * value is a finite number, only the sections the paths fall in are checked again
 * (revalidateSections); the scenario is the same object, deep-equal, that the full resolution
 * gives (test/cli/point-values.test.ts). Anything else, or a point that fails a check, is resolved
 * in full, so its problems read as they always have.
 */
export function pointScenario(
  base: Scenario,
  values: readonly (readonly [string, unknown])[],
  file: string,
): Resolution {
  const raw = structuredClone(base) as unknown as Record<string, unknown>;
  const problems = setValues(raw, values as [string, unknown][]);
  if (problems.length) return { ok: false, problems };
  const sections = new Set<string>();
  let numeric = true;
  for (const [path, value] of values) {
    if (typeof value !== 'number' || !Number.isFinite(value)) numeric = false;
    const parts = checked.get(path);
    if (!parts || typeof parts[0] !== 'string') numeric = false;
    else sections.add(parts[0]);
  }
  if (numeric) {
    const fast = revalidateSections(raw, sections, file);
    if (fast) return { ok: true, scenario: fast };
  }
  return resolveScenario(raw, file);
}
