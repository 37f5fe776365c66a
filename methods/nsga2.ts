// NSGA-II (Deb, Pratap, Agarwal & Meyarivan 2002, IEEE TEC 6(2)): a pure, seeded ask/tell
// multi-objective search. It proposes genomes and ranks the objectives it is told; evaluating a
// genome (a run, a worker, a file) is the caller's (STYLE §14). Every objective is minimised.
//
// Fast non-dominated sort and crowding distance follow §III of the paper; variation is simulated
// binary crossover (SBX, Deb & Agrawal 1995) and polynomial mutation, as in the paper's §V;
// constraints use the paper's constrained domination (§VI): a design that breaks fewer (by total
// amount) constraints wins. The search is a deterministic function of its seed and the values it
// is told, so replaying the same evaluations rebuilds the same population (how a search resumes).
import seedrandom from 'seedrandom';

/** One decision variable: a real or whole number between its bounds (both included). */
export interface Variable {
  lower: number;
  upper: number;
  /** Whole numbers only (levels of a choice are whole-number indices). */
  integer?: boolean;
}

export interface Nsga2Options {
  variables: readonly Variable[];
  /** Population size (even, at least 4). */
  populationSize: number;
  seed: number;
  /** Crossover probability per pair (default 0.9). */
  crossover?: number;
  /** SBX distribution index (default 15). */
  etaCrossover?: number;
  /** Polynomial mutation distribution index (default 20). */
  etaMutation?: number;
  /** Mutation probability per variable (default 1 / number of variables). */
  mutation?: number;
}

/** A genome told back with its objectives (all minimised) and its total constraint violation. */
export interface Evaluated {
  x: number[];
  f: number[];
  /** Sum of the amounts by which constraints are broken; 0 when feasible (default). */
  violation?: number;
}

export interface Ranked extends Evaluated {
  rank: number;
  crowding: number;
}

export interface Nsga2 {
  /** The genomes to evaluate next: the initial population, then each generation's offspring. */
  ask(): number[][];
  /** Their evaluations, in the order asked; advances one generation. */
  tell(results: readonly Evaluated[]): void;
  /** The current parent population, ranked (rank 0 = first front). */
  population(): Ranked[];
  /** Generations told so far (the initial population counts as 0 → 1). */
  generation(): number;
}

const violation = (e: Evaluated) => e.violation ?? 0;

/** Does a dominate b (Deb's constrained domination: feasibility first, then Pareto)? */
export function dominates(a: Evaluated, b: Evaluated): boolean {
  const va = violation(a);
  const vb = violation(b);
  if (va > 0 || vb > 0) return va < vb;
  let better = false;
  for (let k = 0; k < a.f.length; k++) {
    if (a.f[k] > b.f[k]) return false;
    if (a.f[k] < b.f[k]) better = true;
  }
  return better;
}

/** Fast non-dominated sort (§III-A): fronts of indices, the first front first. */
export function nondominatedSort(pop: readonly Evaluated[]): number[][] {
  const n = pop.length;
  const dominated: number[][] = pop.map(() => []);
  const count = new Int32Array(n);
  const fronts: number[][] = [[]];
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      if (p === q) continue;
      if (dominates(pop[p], pop[q])) dominated[p].push(q);
      else if (dominates(pop[q], pop[p])) count[p]++;
    }
    if (count[p] === 0) fronts[0].push(p);
  }
  for (let i = 0; fronts[i].length > 0; i++) {
    const next: number[] = [];
    for (const p of fronts[i]) for (const q of dominated[p]) if (--count[q] === 0) next.push(q);
    next.sort((a, b) => a - b);
    fronts.push(next);
  }
  fronts.pop();
  return fronts;
}

/** Crowding distance (§III-B) of the members of one front; boundary members get Infinity. */
export function crowdingDistance(pop: readonly Evaluated[], front: readonly number[]): Map<number, number> {
  const d = new Map<number, number>(front.map((i) => [i, 0]));
  if (front.length === 0) return d;
  const m = pop[front[0]].f.length;
  for (let k = 0; k < m; k++) {
    // Ties broken by index, so the order (and the result) never depends on the sort's stability.
    const sorted = [...front].sort((a, b) => pop[a].f[k] - pop[b].f[k] || a - b);
    const lo = pop[sorted[0]].f[k];
    const hi = pop[sorted[sorted.length - 1]].f[k];
    d.set(sorted[0], Number.POSITIVE_INFINITY);
    d.set(sorted[sorted.length - 1], Number.POSITIVE_INFINITY);
    if (hi === lo) continue;
    for (let i = 1; i < sorted.length - 1; i++) {
      const id = sorted[i];
      d.set(id, (d.get(id) as number) + (pop[sorted[i + 1]].f[k] - pop[sorted[i - 1]].f[k]) / (hi - lo));
    }
  }
  return d;
}

/** Rank every member (front index and crowding distance). */
export function rank(pop: readonly Evaluated[]): Ranked[] {
  const out: Ranked[] = pop.map((e) => ({ ...e, rank: 0, crowding: 0 }));
  nondominatedSort(pop).forEach((front, r) => {
    const cd = crowdingDistance(pop, front);
    for (const i of front) {
      out[i].rank = r;
      out[i].crowding = cd.get(i) as number;
    }
  });
  return out;
}

/** Environmental selection (§III-C): the best `size` of parents and offspring, by front then crowding. */
function select(all: readonly Evaluated[], size: number): Ranked[] {
  const kept: Ranked[] = [];
  for (const [r, front] of nondominatedSort(all).entries()) {
    const cd = crowdingDistance(all, front);
    const members = front.map((i) => ({ ...all[i], rank: r, crowding: cd.get(i) as number, i }));
    if (kept.length + members.length > size) members.sort((a, b) => b.crowding - a.crowding || a.i - b.i);
    for (const m of members) {
      if (kept.length === size) break;
      kept.push({ x: m.x, f: m.f, violation: m.violation, rank: m.rank, crowding: m.crowding });
    }
    if (kept.length === size) break;
  }
  return kept;
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

/** A new search. Genomes are arrays of numbers within the variables' bounds. */
export function nsga2(options: Nsga2Options): Nsga2 {
  const vars = options.variables;
  const N = options.populationSize;
  if (!Number.isInteger(N) || N < 4 || N % 2 !== 0)
    throw new RangeError(`populationSize: expected an even whole number >= 4, got ${N}`);
  if (vars.length === 0) throw new RangeError('variables: expected at least one');
  for (const [i, v] of vars.entries())
    if (!(Number.isFinite(v.lower) && Number.isFinite(v.upper) && v.lower <= v.upper))
      throw new RangeError(`variables[${i}]: expected finite bounds with lower <= upper`);
  const pc = options.crossover ?? 0.9;
  const etaC = options.etaCrossover ?? 15;
  const etaM = options.etaMutation ?? 20;
  const pm = options.mutation ?? 1 / vars.length;
  const rng = seedrandom.alea(`nsga2/${options.seed}`);
  const fix = (x: number[]) =>
    x.map((v, j) => {
      const c = clamp(v, vars[j].lower, vars[j].upper);
      return vars[j].integer ? Math.round(c) : c;
    });

  let parents: Ranked[] = [];
  let pending: number[][] = [];
  let gen = 0;

  const initial = () =>
    Array.from({ length: N }, () =>
      fix(
        vars.map((v) =>
          v.integer ? v.lower - 0.5 + rng() * (v.upper - v.lower + 1) : v.lower + rng() * (v.upper - v.lower),
        ),
      ),
    );

  // Binary tournament on (rank, crowding), as the crowded-comparison operator ≺n.
  const tournament = (): Ranked => {
    const a = parents[Math.floor(rng() * parents.length)];
    const b = parents[Math.floor(rng() * parents.length)];
    if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
    if (a.crowding !== b.crowding) return a.crowding > b.crowding ? a : b;
    return rng() < 0.5 ? a : b;
  };

  // SBX with bounds (Deb & Agrawal 1995, the bounded form of Deb's NSGA-II code).
  const sbx = (p1: number[], p2: number[]): [number[], number[]] => {
    const c1 = [...p1];
    const c2 = [...p2];
    if (rng() > pc) return [c1, c2];
    for (let j = 0; j < vars.length; j++) {
      if (rng() > 0.5) continue;
      const { lower: lo, upper: hi } = vars[j];
      const y1 = Math.min(p1[j], p2[j]);
      const y2 = Math.max(p1[j], p2[j]);
      if (y2 - y1 < 1e-14) continue;
      const u = rng();
      const spread = (beta: number) => {
        const alpha = 2 - beta ** -(etaC + 1);
        return u <= 1 / alpha ? (u * alpha) ** (1 / (etaC + 1)) : (1 / (2 - u * alpha)) ** (1 / (etaC + 1));
      };
      const bq1 = spread(1 + (2 * (y1 - lo)) / (y2 - y1));
      const bq2 = spread(1 + (2 * (hi - y2)) / (y2 - y1));
      let a = 0.5 * (y1 + y2 - bq1 * (y2 - y1));
      let b = 0.5 * (y1 + y2 + bq2 * (y2 - y1));
      a = clamp(a, lo, hi);
      b = clamp(b, lo, hi);
      if (rng() < 0.5) [a, b] = [b, a];
      c1[j] = a;
      c2[j] = b;
    }
    return [c1, c2];
  };

  // Polynomial mutation (Deb & Goyal 1996), bounded form.
  const mutate = (x: number[]): number[] =>
    x.map((v, j) => {
      if (rng() >= pm) return v;
      const { lower: lo, upper: hi } = vars[j];
      if (hi === lo) return v;
      const d1 = (v - lo) / (hi - lo);
      const d2 = (hi - v) / (hi - lo);
      const u = rng();
      const p = 1 / (etaM + 1);
      const dq =
        u < 0.5
          ? (2 * u + (1 - 2 * u) * (1 - d1) ** (etaM + 1)) ** p - 1
          : 1 - (2 * (1 - u) + 2 * (u - 0.5) * (1 - d2) ** (etaM + 1)) ** p;
      // Whole-number variables move by at least one step when mutated, so small ranges still explore.
      const step = dq * (hi - lo);
      const moved = vars[j].integer && Math.abs(step) < 0.5 ? v + (u < 0.5 ? -1 : 1) : v + step;
      return clamp(moved, lo, hi);
    });

  const offspring = () => {
    const out: number[][] = [];
    while (out.length < N) {
      const [a, b] = sbx(tournament().x, tournament().x);
      out.push(fix(mutate(a)), fix(mutate(b)));
    }
    return out;
  };

  pending = initial();
  return {
    ask: () => pending.map((x) => [...x]),
    tell(results) {
      if (results.length !== pending.length)
        throw new RangeError(`tell: expected ${pending.length} evaluations, got ${results.length}`);
      const told = results.map((r, i) => ({ x: pending[i], f: [...r.f], violation: r.violation ?? 0 }));
      parents = gen === 0 ? rank(told) : select([...parents, ...told], N);
      gen++;
      pending = offspring();
    },
    population: () => parents.map((p) => ({ ...p, x: [...p.x], f: [...p.f] })),
    generation: () => gen,
  };
}
