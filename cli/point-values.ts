// Parameter values set on a scenario at every point of a design (Sobol', Morris, OFAT). The
// engine's setPath checks a path against the scenario merged over the defaults, about 0.8 ms a call
// (measured: 55 ms for the 70 factors of a Sobol' point, where the run itself takes 8 ms). A design
// sets the same paths at every point on a copy of one whole scenario, so each path is checked once
// by setPath and then assigned directly; the object built is the same.
import { type Problem, setPath } from '../sim/index.ts';
import { parsePath } from '../sim/scenario/validate.ts';

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
