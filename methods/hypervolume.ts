// Hypervolume (Zitzler & Thiele 1998): the volume of objective space dominated by a set of points
// and bounded by a reference point, all objectives minimised. Exact: a sweep in two dimensions,
// slicing by the last objective above that (HSO, While et al. 2006), fine for the few objectives
// and fronts of a design search.

/** The points not dominated by another (duplicates kept once), in input order. */
export function nondominated(points: readonly (readonly number[])[]): number[][] {
  const out: number[][] = [];
  const seen = new Set<string>();
  for (const [i, p] of points.entries()) {
    const key = p.join(',');
    if (seen.has(key)) continue;
    let dominated = false;
    for (const [j, q] of points.entries()) {
      if (i === j) continue;
      let le = true;
      let lt = false;
      for (let k = 0; k < p.length; k++) {
        if (q[k] > p[k]) le = false;
        else if (q[k] < p[k]) lt = true;
      }
      if (le && lt) {
        dominated = true;
        break;
      }
    }
    if (!dominated) {
      seen.add(key);
      out.push([...p]);
    }
  }
  return out;
}

/** Hypervolume of `points` against `reference`; points not strictly better in every objective add nothing. */
export function hypervolume(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const m = reference.length;
  if (points.some((p) => p.length !== m))
    throw new RangeError(`hypervolume: every point needs ${m} objectives, as the reference has`);
  const inside = points.filter((p) => p.every((v, k) => v < reference[k]));
  return slice(nondominated(inside), [...reference]);
}

function slice(points: number[][], ref: number[]): number {
  const m = ref.length;
  if (points.length === 0) return 0;
  if (m === 1) return ref[0] - Math.min(...points.map((p) => p[0]));
  if (m === 2) {
    const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let area = 0;
    let lastY = ref[1];
    for (const [x, y] of sorted) {
      if (y >= lastY) continue;
      area += (ref[0] - x) * (lastY - y);
      lastY = y;
    }
    return area;
  }
  // Slice along the last objective: between consecutive levels, the (m-1)-volume of the points
  // at or below that level.
  const sorted = [...points].sort((a, b) => a[m - 1] - b[m - 1]);
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    const top = i + 1 < sorted.length ? sorted[i + 1][m - 1] : ref[m - 1];
    const depth = top - sorted[i][m - 1];
    if (depth <= 0) continue;
    const below = nondominated(sorted.slice(0, i + 1).map((p) => p.slice(0, m - 1)));
    volume += depth * slice(below, ref.slice(0, m - 1));
  }
  return volume;
}
