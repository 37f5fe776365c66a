// `pilotnet search`: multi-objective design search (NSGA-II, methods/nsga2.ts) over a design space
// file. Each generation's new designs run as one plan on the sweep's worker pool with common
// random numbers (every design the same replicate seeds); `--robust` crosses them with posterior
// draws and optimises a stated quantile across the draws. Writes evaluations.csv (every design
// evaluated, rewritten whole after each generation), pareto.csv (the front, each objective with
// its interval) and front.svg. The search is a function of its seed and the evaluations, so
// `--resume` replays the generations on disk and continues: the same bytes as an unbroken search.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { scaleLinear } from 'd3-scale';
import { csvLine, splitCsvLine } from '../exec/columns.ts';
import { errnoReason, UsageError } from '../exec/errors.ts';
import {
  applyAssignments,
  displayPath,
  type LoadedScenario,
  loadScenario,
  pilotnetVersion,
  prepareOutDir,
  scenarioPath,
  sha256,
} from '../exec/io.ts';
import { markComplete, markIncomplete, writeFileAtomic } from '../exec/outdir.ts';
import { createPool, executeRuns, type RunPool, shardRuns } from '../exec/sweep.ts';
import { buildPlan, planData } from '../exec/sweep-spec.ts';
import { nsga2 } from '../methods/nsga2.ts';
import { halfWidth } from '../report/stats.ts';
import { type DesignVariable, decode, designFile, readDesignFile } from './design-spec.ts';
import { DEFAULT_POSTERIOR, ensemblePlan, posteriorFile } from './ensemble.ts';

export interface SearchOptions {
  out: string;
  workers?: number;
  resume?: boolean;
  force?: boolean;
  /** Overrides of the design file. */
  generations?: number;
  population?: number;
  replicates?: number;
  seed?: number;
  /** Posterior file, or "default": evaluate every design across draws from it. */
  robust?: string;
  draws?: number;
  /** The pessimistic quantile across draws that is optimised (default 0.9). */
  quantile?: number;
  signal?: AbortSignal;
  onGeneration?: (done: number, total: number) => void;
}

/** One outcome's estimate for a design: the value optimised and its interval. */
interface Estimate {
  value: number;
  low: number;
  high: number;
}

export interface FrontDesign {
  generation: number;
  index: number;
  values: unknown[];
  estimates: Estimate[];
}

export interface SearchReport {
  out: string;
  id: string;
  generations: number;
  done: number;
  population: number;
  replicates: number;
  baseSeed: number;
  runs: number;
  reused: number;
  interrupted: boolean;
  variables: DesignVariable[];
  objectives: { outcome: string; goal: 'min' | 'max' }[];
  robust: { file: string; sha256: string; draws: number; quantile: number } | null;
  front: FrontDesign[];
}

const OUR_FILES = /^(evaluations\.csv|pareto\.csv|front\.svg|front\.json|search\.json|design-\d+\.json)$/;
const num = (v: number) => (Number.isNaN(v) ? '' : String(v));
const parseNum = (s: string | undefined) => (s === undefined || s === '' ? Number.NaN : Number(s));
const cell = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Value at quantile q of sorted numbers (linear interpolation between order statistics). */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * (sorted[Math.ceil(h)] - sorted[lo]);
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Mean of the finite values, with its 95% t interval over replicates. */
function replicateEstimate(values: readonly number[]): Estimate {
  const xs = values.filter(Number.isFinite);
  if (xs.length === 0) return { value: Number.NaN, low: Number.NaN, high: Number.NaN };
  const m = mean(xs);
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1)) : 0;
  const hw = halfWidth(sd, xs.length);
  return { value: m, low: m - hw, high: m + hw };
}

/** Across draws: the q-quantile of the draws' means, with the range of those means. */
function robustEstimate(byDraw: readonly (readonly number[])[], q: number): Estimate {
  const means = byDraw
    .map((v) => v.filter(Number.isFinite))
    .filter((v) => v.length > 0)
    .map(mean)
    .sort((a, b) => a - b);
  if (means.length === 0) return { value: Number.NaN, low: Number.NaN, high: Number.NaN };
  return { value: quantile(means, q), low: means[0], high: means[means.length - 1] };
}

/** Run a design search; resolves when done or stopped by the signal. */
export async function searchDesigns(name: string, options: SearchOptions): Promise<SearchReport> {
  const file = designFile(name);
  const spec = readDesignFile(file);
  const shown = displayPath(file);
  const variables = spec.variablesResolved;
  const objectives = spec.objectives;
  const limits = spec.limits ?? [];
  // Outcomes estimated: the objectives, then limited outcomes that are not objectives.
  const outcomes = [...objectives.map((o) => o.outcome)];
  for (const l of limits) if (!outcomes.includes(l.outcome)) outcomes.push(l.outcome);
  const scenarioFile = scenarioPath(spec.scenario, file);
  let base: LoadedScenario;
  try {
    base = loadScenario(
      scenarioFile,
      Object.entries(spec.set ?? {}).map(([path, value]) => ({ path, value })),
    );
  } catch (e) {
    if (e instanceof UsageError && /cannot read the file/.test(e.message) && e.problems.length === 0)
      throw new UsageError(
        `${shown}: scenario: cannot find "${spec.scenario}" (${displayPath(scenarioFile)})`,
      );
    throw e;
  }
  const P = options.population ?? spec.population ?? 30;
  if (!Number.isInteger(P) || P < 4 || P % 2 !== 0)
    throw new UsageError(`--population: expected an even whole number >= 4, got ${P}`);
  const G = options.generations ?? spec.generations ?? 20;
  const R = options.replicates ?? spec.replicates ?? 20;
  const S = options.seed ?? spec.seed ?? base.scenario.seed;
  const q = options.quantile ?? 0.9;
  if (!(q > 0 && q < 1)) throw new UsageError(`--quantile: expected a number between 0 and 1, got ${q}`);
  let robust: SearchReport['robust'] = null;
  if (options.robust !== undefined) {
    const pf = posteriorFile(options.robust);
    let text: string;
    try {
      text = readFileSync(pf, 'utf8');
    } catch (e) {
      throw new UsageError(`--robust ${options.robust}: cannot read ${displayPath(pf)}: ${errnoReason(e)}`);
    }
    robust = {
      file: pf === DEFAULT_POSTERIOR ? 'default' : displayPath(pf),
      sha256: sha256(text),
      draws: options.draws ?? 20,
      quantile: q,
    };
  }
  const D = robust?.draws ?? 1;
  // Which quantile is pessimistic: high values of a minimised outcome, low of a maximised one.
  const qFor = outcomes.map((o) => {
    const obj = objectives.find((x) => x.outcome === o);
    if (obj) return obj.goal === 'min' ? q : 1 - q;
    return limits.some((l) => l.outcome === o && l.max !== undefined) ? q : 1 - q;
  });

  const identity = {
    pilotnet: pilotnetVersion(),
    command: 'search',
    id: spec.id ?? shown.replace(/^.*\//, '').replace(/\.json$/, ''),
    file: shown,
    designSha256: sha256(readFileSync(file, 'utf8')),
    scenario: { file: base.file, id: base.scenario.id, sha256: base.hash },
    population: P,
    replicates: R,
    baseSeed: S,
    seeds: 'replicate r of every design runs with replicateSeed(baseSeed, r): common random numbers',
    robust,
  };
  const hash = sha256(JSON.stringify(identity));

  // Columns: identity of the evaluation, the design, each outcome with its interval, feasibility.
  const header = [
    'generation',
    'index',
    ...variables.map((v) => v.name),
    ...outcomes.flatMap((o) => [o, `${o}Low`, `${o}High`]),
    'violation',
    'feasible',
    'reused',
  ];
  const out = options.out;
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1)
    throw new UsageError(`--workers: expected a whole number >= 1, got ${workers}`);
  const lock = prepareOutDir(out, (f) => OUR_FILES.test(f), { force: options.force, resume: options.resume });
  // One pool for the whole search: each generation's plan travels with its batches, so the
  // workers start once, not once per generation.
  let pool: RunPool | undefined;
  try {
    const evalFile = join(out, 'evaluations.csv');
    const metaFile = join(out, 'search.json');
    const stored = new Map<string, string[]>();
    if (options.resume && existsSync(metaFile)) {
      let meta: { hash?: unknown };
      try {
        meta = JSON.parse(readFileSync(metaFile, 'utf8'));
      } catch {
        throw new UsageError(`${metaFile}: damaged (not valid JSON); start again with --force`);
      }
      if (meta.hash !== hash)
        throw new UsageError(
          `${out}: holds another search (design file, scenario, population, replicates, seed or --robust differ); choose another --out or pass --force`,
        );
      if (existsSync(evalFile)) {
        const lines = readFileSync(evalFile, 'utf8').split('\n').filter(Boolean);
        if (lines[0] !== csvLine(header).replace(/\r?\n$/, ''))
          throw new UsageError(
            `${evalFile}: its columns differ from this search's; start again with --force`,
          );
        for (const line of lines.slice(1)) {
          const f = splitCsvLine(line);
          stored.set(`${f[0]}/${f[1]}`, f);
        }
      }
    }
    markIncomplete(out, 'design search in progress (continue with --resume)');
    writeFileAtomic(metaFile, `${JSON.stringify({ ...identity, hash, columns: header }, null, 2)}\n`);

    const search = nsga2({
      variables: variables.map((v) => ({ lower: v.lower, upper: v.upper, integer: v.integer })),
      populationSize: P,
      seed: S,
    });
    const cache = new Map<string, Estimate[]>();
    const lines: string[] = [];
    const evaluated: { values: unknown[]; estimates: Estimate[]; feasible: boolean }[] = [];
    let runs = 0;
    let reused = 0;
    let done = 0;
    let interrupted = false;
    const objectiveVector = (e: Estimate[]) =>
      objectives.map((o, k) => {
        const v = e[k].value;
        return Number.isNaN(v) ? Number.POSITIVE_INFINITY : o.goal === 'min' ? v : -v;
      });
    const violationOf = (e: Estimate[]) =>
      limits.reduce((s, l) => {
        const v = e[outcomes.indexOf(l.outcome)].value;
        if (Number.isNaN(v)) return s + 1e12;
        return (
          s +
          Math.max(0, l.max !== undefined ? v - l.max : 0) +
          Math.max(0, l.min !== undefined ? l.min - v : 0)
        );
      }, 0);

    for (let g = 0; g < G; g++) {
      const genes = search.ask();
      const designs = genes.map((x) => decode(variables, x));
      const keys = designs.map((d) => JSON.stringify(d));
      // 1. Evaluations on disk (a resumed search) and designs met before are not run again.
      const estimates: (Estimate[] | undefined)[] = designs.map((_, i) => {
        const row = stored.get(`${g}/${i}`);
        if (!row) return undefined;
        const at = 2 + variables.length;
        return outcomes.map((_o, k) => ({
          value: parseNum(row[at + 3 * k]),
          low: parseNum(row[at + 3 * k + 1]),
          high: parseNum(row[at + 3 * k + 2]),
        }));
      });
      const wasKnown = keys.map((k, i) => estimates[i] === undefined && cache.has(k));
      const fresh: number[] = [];
      const seen = new Set<string>();
      keys.forEach((k, i) => {
        if (estimates[i]) return;
        if (cache.has(k)) estimates[i] = cache.get(k);
        else if (!seen.has(k)) {
          seen.add(k);
          fresh.push(i);
        }
      });
      // 2. The rest: one plan (designs × draws × replicates, common seeds) on the pool.
      if (fresh.length) {
        const result = await evaluate(fresh.map((i) => designs[i]));
        if (!result) {
          interrupted = true;
          break;
        }
        fresh.forEach((i, j) => {
          cache.set(keys[i], result[j]);
        });
        runs += fresh.length * R * D;
      }
      keys.forEach((k, i) => {
        estimates[i] ??= cache.get(k);
      });
      // 3. Rows and the generation told to the search.
      const told = designs.map((values, i) => {
        const e = estimates[i] as Estimate[];
        const stale = stored.get(`${g}/${i}`);
        const reusedHere = stale
          ? stale[stale.length - 1] === 'true'
          : wasKnown[i] || keys.indexOf(keys[i]) < i;
        if (reusedHere) reused++;
        cache.set(keys[i], e);
        const violation = violationOf(e);
        evaluated.push({ values, estimates: e, feasible: violation === 0 });
        lines.push(
          stale
            ? csvLine(stale)
            : csvLine([
                String(g),
                String(i),
                ...values.map(cell),
                ...e.flatMap((x) => [num(x.value), num(x.low), num(x.high)]),
                num(violation),
                String(violation === 0),
                String(reusedHere),
              ]),
        );
        return { x: genes[i], f: objectiveVector(e), violation };
      });
      search.tell(told);
      done = g + 1;
      writeFileAtomic(evalFile, csvLine(header) + lines.join(''));
      options.onGeneration?.(done, G);
      if (options.signal?.aborted) {
        interrupted = done < G;
        break;
      }
    }

    async function evaluate(designs: unknown[][]): Promise<Estimate[][] | null> {
      let plan = buildPlan({
        id: identity.id,
        file: shown,
        scenario: base,
        factors: [],
        points: designs.map((values) => Object.fromEntries(variables.map((v, j) => [v.path, values[j]]))),
        replicates: R,
        seed: S,
      });
      if (robust) plan = ensemblePlan(plan, options.robust as string, D, S);
      const n = designs.length;
      const col = (name: string) => plan.header.indexOf(name);
      const pointCol = col('point');
      const repCol = col('replicate');
      const outCols = outcomes.map(col);
      // samples[design][outcome][draw * R + replicate]
      const samples = designs.map(() => outcomes.map(() => new Float64Array(D * R).fill(Number.NaN)));
      pool ??= createPool(Math.min(workers, availableParallelism()), null);
      const task = planData(plan);
      const ok = await executeRuns(
        plan,
        shardRuns(plan.runCount, { index: 1, count: 1 }),
        plan.runCount,
        (batch: string[]) => {
          for (const line of batch) {
            const f = splitCsvLine(line.replace(/\r?\n$/, ''));
            const point = Number(f[pointCol]);
            const draw = Math.floor(point / n);
            const d = point % n;
            const r = Number(f[repCol]);
            outCols.forEach((c, k) => {
              const s = f[c];
              samples[d][k][draw * R + r] = s === 'true' ? 1 : s === 'false' ? 0 : parseNum(s);
            });
          }
        },
        { workers, signal: options.signal, pool, task: { plan: task, planKey: plan.hash } },
      );
      if (!ok) return null;
      return samples.map((byOutcome) =>
        byOutcome.map((xs, k) =>
          robust
            ? robustEstimate(
                Array.from({ length: D }, (_, dr) => Array.from(xs.subarray(dr * R, dr * R + R))),
                qFor[k],
              )
            : replicateEstimate(Array.from(xs)),
        ),
      );
    }

    // 4. The front: first-rank feasible designs of the final population, each once.
    const front: FrontDesign[] = [];
    if (!interrupted) {
      const firstSeen = new Map<string, { generation: number; index: number }>();
      for (const line of lines) {
        const f = splitCsvLine(line.replace(/\r?\n$/, ''));
        const values = designsFromRow(f);
        const key = JSON.stringify(values);
        if (!firstSeen.has(key)) firstSeen.set(key, { generation: Number(f[0]), index: Number(f[1]) });
      }
      const keys = new Set<string>();
      for (const p of search.population()) {
        if (p.rank !== 0 || (p.violation ?? 0) > 0) continue;
        const values = decode(variables, p.x);
        const key = JSON.stringify(values);
        if (keys.has(key)) continue;
        keys.add(key);
        const at = firstSeen.get(key) ?? { generation: -1, index: -1 };
        front.push({ ...at, values, estimates: cache.get(key) as Estimate[] });
      }
      front.sort((a, b) => {
        for (let k = 0; k < objectives.length; k++) {
          const d = a.estimates[k].value - b.estimates[k].value;
          if (d) return d;
        }
        return a.generation - b.generation || a.index - b.index;
      });
      const paretoHeader = [
        'design',
        'generation',
        'index',
        ...variables.map((v) => v.name),
        ...objectives.flatMap((o) => [o.outcome, `${o.outcome}Low`, `${o.outcome}High`]),
      ];
      writeFileAtomic(
        join(out, 'pareto.csv'),
        csvLine(paretoHeader) +
          front
            .map((d, i) =>
              csvLine([
                String(i + 1),
                String(d.generation),
                String(d.index),
                ...d.values.map(cell),
                ...objectives.flatMap((_o, k) => {
                  const e = d.estimates[k];
                  return [num(e.value), num(e.low), num(e.high)];
                }),
              ]),
            )
            .join(''),
      );
      writeFileAtomic(join(out, 'front.svg'), frontSvg(identity.id, objectives, evaluated, front, robust));
      // Each front design as a scenario file (compare it, discover where it fails, open it in the
      // view), and front.json: the front with its scenarios, what the view's design mode reads.
      const scenarios = front.map((d, i) => {
        const n = i + 1;
        const choices = variables.map((v, j) => `${v.name} ${cell(d.values[j])}`).join(', ');
        const res = applyAssignments(
          base.scenario,
          variables.map((v, j) => ({ path: v.path, value: d.values[j] })),
          shown,
        );
        if (!res.ok) throw UsageError.fromProblems(res.problems);
        return {
          ...res.scenario,
          id: `${identity.id}-design-${n}`.slice(0, 64),
          name: `Design ${n} of search ${identity.id}`,
          description: `From pilotnet search ${shown} (seed ${S}): ${base.scenario.name} with ${choices}.`,
        };
      });
      scenarios.forEach((sc, i) => {
        writeFileAtomic(join(out, `design-${i + 1}.json`), `${JSON.stringify(sc, null, 2)}\n`);
      });
      writeFileAtomic(
        join(out, 'front.json'),
        `${JSON.stringify(
          {
            pilotnet: identity.pilotnet,
            search: identity.id,
            reference: base.scenario.id,
            objectives,
            variables: variables.map((v) => v.name),
            intervals: robust ? 'range over the posterior draws' : '95% interval over replicates',
            designs: front.map((d, i) => ({
              design: i + 1,
              values: Object.fromEntries(variables.map((v, j) => [v.name, d.values[j]])),
              outcomes: Object.fromEntries(
                outcomes.map((o, k) => [
                  o,
                  { value: d.estimates[k].value, low: d.estimates[k].low, high: d.estimates[k].high },
                ]),
              ),
              scenario: scenarios[i],
            })),
          },
          null,
          1,
        )}\n`,
      );
      markComplete(out);
    }

    function designsFromRow(f: string[]): unknown[] {
      return variables.map((v, j) => {
        const s = f[2 + j];
        if (!v.values) return Number(s);
        try {
          return JSON.parse(s);
        } catch {
          return s;
        }
      });
    }

    return {
      out,
      id: identity.id,
      generations: G,
      done,
      population: P,
      replicates: R,
      baseSeed: S,
      runs,
      reused,
      interrupted,
      variables,
      objectives,
      robust,
      front,
    };
  } finally {
    // Assigned in evaluate(), which the compiler does not follow.
    await pool?.destroy();
    lock.release();
  }
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const short = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(3))) : '');

/** The front on the first two objectives (one objective: against the design number), all evaluations in grey. */
export function frontSvg(
  id: string,
  objectives: readonly { outcome: string; goal: string }[],
  evaluated: readonly { estimates: Estimate[]; feasible: boolean }[],
  front: readonly FrontDesign[],
  robust: SearchReport['robust'],
): string {
  const W = 640;
  const H = 460;
  const m = { left: 70, right: 20, top: 56, bottom: 56 };
  const two = objectives.length > 1;
  const xOf = (e: Estimate[], i: number) => (two ? e[0].value : i);
  const yOf = (e: Estimate[]) => (two ? e[1].value : e[0].value);
  const finite = (xs: number[]) => xs.filter(Number.isFinite);
  const xsAll = finite([
    ...evaluated.map((d, i) => xOf(d.estimates, i)),
    ...(two ? front.flatMap((d) => [d.estimates[0].low, d.estimates[0].high]) : []),
  ]);
  const ysAll = finite([
    ...evaluated.map((d) => yOf(d.estimates)),
    ...front.flatMap((d) =>
      two ? [d.estimates[1].low, d.estimates[1].high] : [d.estimates[0].low, d.estimates[0].high],
    ),
  ]);
  const ext = (xs: number[]): [number, number] => {
    if (!xs.length) return [0, 1];
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
  };
  const sx = scaleLinear()
    .domain(ext(xsAll))
    .nice()
    .range([m.left, W - m.right]);
  const sy = scaleLinear()
    .domain(ext(ysAll))
    .nice()
    .range([H - m.bottom, m.top]);
  const label = (k: number) =>
    `${objectives[k].outcome} (${objectives[k].goal === 'min' ? 'lower' : 'higher'} is better)`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold">${esc(`Design search ${id}: the front (${front.length} designs)`)}</text>`,
    `<text x="12" y="40" fill="#555">${esc(
      robust
        ? `each objective at its ${robust.quantile} pessimistic quantile over ${robust.draws} posterior draws; bars: range over the draws`
        : 'each objective the mean over replicates with common seeds; bars: 95% interval',
    )}</text>`,
  ];
  for (const t of sx.ticks(6))
    parts.push(
      `<line x1="${sx(t)}" x2="${sx(t)}" y1="${m.top}" y2="${H - m.bottom}" stroke="#eee"/>`,
      `<text x="${sx(t)}" y="${H - m.bottom + 16}" text-anchor="middle" fill="#333">${esc(short(t))}</text>`,
    );
  for (const t of sy.ticks(6))
    parts.push(
      `<line x1="${m.left}" x2="${W - m.right}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/>`,
      `<text x="${m.left - 6}" y="${sy(t) + 4}" text-anchor="end" fill="#333">${esc(short(t))}</text>`,
    );
  parts.push(
    `<text x="${(m.left + W - m.right) / 2}" y="${H - 14}" text-anchor="middle">${esc(two ? label(0) : 'evaluation')}</text>`,
    `<text transform="translate(16 ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(label(two ? 1 : 0))}</text>`,
  );
  evaluated.forEach((d, i) => {
    const x = xOf(d.estimates, i);
    const y = yOf(d.estimates);
    if (Number.isFinite(x) && Number.isFinite(y))
      parts.push(
        `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="${d.feasible ? '#bbb' : '#e8c4c4'}"/>`,
      );
  });
  if (two) {
    for (const d of front) {
      const [a, b] = d.estimates;
      const px = sx(a.value).toFixed(1);
      const py = sy(b.value).toFixed(1);
      if (Number.isFinite(a.low) && Number.isFinite(a.high))
        parts.push(
          `<line x1="${sx(a.low).toFixed(1)}" x2="${sx(a.high).toFixed(1)}" y1="${py}" y2="${py}" stroke="#1f4e79"/>`,
        );
      if (Number.isFinite(b.low) && Number.isFinite(b.high))
        parts.push(
          `<line x1="${px}" x2="${px}" y1="${sy(b.low).toFixed(1)}" y2="${sy(b.high).toFixed(1)}" stroke="#1f4e79"/>`,
        );
      parts.push(
        `<circle cx="${px}" cy="${py}" r="4.5" fill="#1f4e79"><title>${esc(`design ${front.indexOf(d) + 1}: ${objectives[0].outcome} ${short(a.value)}, ${objectives[1].outcome} ${short(b.value)}`)}</title></circle>`,
      );
    }
  }
  parts.push('</svg>\n');
  return parts.join('\n');
}

/** The front as a small text table: design number, choices and objectives (3 significant digits). */
export function formatFront(r: SearchReport): string {
  const head = ['#', ...r.variables.map((v) => v.name), ...r.objectives.map((o) => o.outcome)];
  const rows = r.front.map((d, i) => [
    String(i + 1),
    ...d.values.map((v) => (typeof v === 'number' ? short(v) : cell(v))),
    ...d.estimates
      .slice(0, r.objectives.length)
      .map((e) =>
        Number.isFinite(e.low) ? `${short(e.value)} (${short(e.low)}–${short(e.high)})` : short(e.value),
      ),
  ]);
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j].length)));
  const fmt = (row: string[]) =>
    row
      .map((c, j) => c.padEnd(widths[j]))
      .join('  ')
      .trimEnd();
  return [fmt(head), ...rows.map(fmt)].join('\n');
}

const wholeNumber = (min: number) => (text: string) => {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min)
    throw new UsageError(`expected a whole number >= ${min}, got "${text}"`);
  return n;
};

export function register(program: Command, state: { exitCode: number } = { exitCode: 0 }): void {
  program
    .command('search')
    .description(
      'Search a design space for the best trade-offs between outcomes (NSGA-II), with common seeds',
    )
    .argument('<design>', 'design space file, or the name of one in scenarios/designs/ (fewer-meetings)')
    .requiredOption('--out <dir>', 'output folder: evaluations.csv, pareto.csv, front.svg, search.json')
    .option('--generations <g>', 'generations (default: the design file, else 20)', wholeNumber(1))
    .option(
      '--population <n>',
      'designs per generation, even (default: the design file, else 30)',
      wholeNumber(4),
    )
    .option('--replicates <r>', 'replicates per design (default: the design file, else 20)', wholeNumber(1))
    .option(
      '--seed <n>',
      'seed of the search and base seed of the runs (default: the design file)',
      wholeNumber(0),
    )
    .option('--robust <posterior>', 'evaluate each design across draws of a posterior.csv, or "default"')
    .option('--draws <n>', 'with --robust: posterior draws per design', wholeNumber(1), 20)
    .option('--quantile <q>', 'with --robust: the pessimistic quantile optimised across draws', '0.9')
    .option('--workers <w>', 'worker threads (the files are the same bytes for any count)', wholeNumber(1), 1)
    .option('--resume', 'continue an interrupted search in --out (same file and flags)')
    .option('--force', 'overwrite the results in an existing output folder')
    .addHelpText(
      'after',
      '\nExamples:\n  $ pilotnet search scenarios/designs/fewer-meetings.json --out results/fewer-meetings --workers 2\n' +
        '  $ pilotnet search scenarios/designs/fewer-meetings.json --robust default --draws 20 --quantile 0.9 --out results/robust\n\n' +
        'Objectives and limits are outcome columns of runs.csv (pilotnet columns runs.csv). A worked question: docs/decision.md.\n',
    )
    .action(async (file: string, opts) => {
      const quantileText = String(opts.quantile);
      const q = Number(quantileText);
      if (!(q > 0 && q < 1))
        throw new UsageError(`--quantile: expected a number between 0 and 1, got "${quantileText}"`);
      if (opts.robust === undefined && (opts.quantile !== '0.9' || opts.draws !== 20))
        throw new UsageError('--draws and --quantile apply with --robust only');
      const { capWorkers } = await import('../exec/workers.ts');
      const capped = capWorkers(opts.workers as number);
      if (capped.note) process.stderr.write(`${capped.note}\n`);
      const controller = new AbortController();
      const onSignal = () => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write(
          '\nStopping: the generation in progress is dropped (Ctrl-C again to quit at once)...\n',
        );
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      let report: SearchReport;
      try {
        report = await searchDesigns(file, {
          out: opts.out,
          workers: capped.workers,
          resume: opts.resume,
          force: opts.force,
          generations: opts.generations,
          population: opts.population,
          replicates: opts.replicates,
          seed: opts.seed,
          robust: opts.robust,
          draws: opts.draws,
          quantile: q,
          signal: controller.signal,
          onGeneration: process.stderr.isTTY
            ? (done, total) => process.stderr.write(`\rgeneration ${done} of ${total}`)
            : undefined,
        });
      } finally {
        if (process.stderr.isTTY) process.stderr.write('\n');
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      if (report.interrupted) {
        process.stderr.write(
          `Interrupted after ${report.done} of ${report.generations} generations; they are kept in ${report.out}/evaluations.csv.\n` +
            `Continue (the same bytes as an unbroken search): add --resume to the same command.\n`,
        );
        state.exitCode = 130;
        return;
      }
      const how = report.robust
        ? `, each across ${report.robust.draws} posterior draws (${report.robust.file}, sha256 ${report.robust.sha256.slice(0, 12)}), optimising the ${report.robust.quantile} pessimistic quantile`
        : '';
      process.stdout.write(
        `Design search ${report.id}: ${report.generations} generations of ${report.population} designs, ${report.replicates} replicates each with common seeds (base seed ${report.baseSeed})${how}\n` +
          `${report.runs} runs; ${report.reused} evaluations reused a design met before (same seeds, same result)\n` +
          `Front: ${report.front.length} design${report.front.length === 1 ? '' : 's'} (intervals: ${report.robust ? 'range over the draws' : '95% over replicates'})\n\n` +
          `${formatFront(report)}\n\nResults in ${report.out}/ (pareto.csv, evaluations.csv, front.svg; each design of the front as a scenario, design-1.json ...)\n`,
      );
    });
}
