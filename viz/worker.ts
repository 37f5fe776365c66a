// The engine worker: resolves a scenario against the bundled presets, steps the simulation week by
// week and posts per-week frames (typed arrays, transferred) so the page never blocks (STYLE §1, §7).
import betweennessCentrality from 'graphology-metrics/centrality/betweenness.js';
import { particleOverrides } from '../report/ensemble.ts';
import {
  createSimulation,
  type Problem,
  type RunSummary,
  replicateSeed,
  resolveScenario,
  type Scenario,
  type Snapshot,
  setPath,
  simulate,
  toGraph,
} from '../sim/index.ts';
import { gexfOf } from './gexf.ts';
import { Layout } from './layout.ts';
import { distinctLabels } from './partners.ts';
import { presetLoader } from './presets.ts';
import {
  type ActorInfo,
  FRAME_MIN_TIE,
  type Frame,
  type Reply,
  type Request,
  type ScenarioSource,
  type Slot,
} from './protocol.ts';
import { applyEdits, editFieldProblems, editProblems, halveMeetings } from './scenario-edit.ts';

const scope = self as unknown as {
  postMessage(m: Reply, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<Request>) => void) | null;
};
const post = (m: Reply, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

/** The newest request per slot and kind: an older one still running stops at its next pause. */
const latest = new Map<string, number>();
const cancelled = new Set<number>();
const stale = (key: string, id: number) => latest.get(key) !== id || cancelled.has(id);
const pause = () => new Promise<void>((r) => setTimeout(r, 0));

/** Resolve the file, then apply the page's transforms and validate again (edits can be invalid too). */
function resolve(id: number, slot: Slot, source: ScenarioSource): Scenario | null {
  const { raw, file } = source;
  const refused = editProblems(source.edits ?? {});
  if (refused.length) {
    post({ type: 'problems', id, slot, problems: refused });
    return null;
  }
  let res: ReturnType<typeof resolveScenario>;
  try {
    res = resolveScenario(structuredClone(raw), file, presetLoader);
    if (res.ok && (source.halve || (source.edits && Object.keys(source.edits).length))) {
      let s = res.scenario as unknown as Record<string, unknown>;
      // The change comes last: B of a what-if is A as edited, then halved (16 planned meetings -> 8).
      const strange = editFieldProblems(s, source.edits ?? {});
      if (strange.length) {
        post({ type: 'problems', id, slot, problems: strange });
        return null;
      }
      if (source.edits) s = applyEdits(s, source.edits);
      if (source.halve) s = halveMeetings(s);
      res = resolveScenario(s, `${file} (edited in the page)`);
    }
  } catch (e) {
    const problems: Problem[] = [{ file, path: '', message: (e as Error).message }];
    post({ type: 'problems', id, slot, problems });
    return null;
  }
  if (!res.ok) {
    post({ type: 'problems', id, slot, problems: res.problems });
    return null;
  }
  return res.scenario;
}

function toFrame(s: Snapshot, threshold: number, betweenness: Float32Array | null, layout: Layout): Frame {
  const n = s.actors.length;
  const C = s.controversies.length;
  const { source, target, weight } = s.ties;
  let m = 0;
  for (let e = 0; e < weight.length; e++) if (weight[e] >= FRAME_MIN_TIE) m++;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const w = new Float32Array(m);
  const degree = new Float32Array(n);
  for (let e = 0, k = 0; e < weight.length; e++) {
    const x = weight[e];
    if (x < FRAME_MIN_TIE) continue;
    src[k] = source[e];
    dst[k] = target[e];
    w[k++] = x;
    if (x >= threshold) {
      degree[source[e]]++;
      degree[target[e]]++;
    }
  }
  const engagement = new Float32Array(n);
  const active = new Uint8Array(n);
  const positions = new Float32Array(n * C);
  for (let i = 0; i < n; i++) {
    const a = s.actors[i];
    engagement[i] = a.engagement;
    active[i] = a.active ? 1 : 0;
    for (let c = 0; c < C; c++) positions[i * C + c] = a.positions[c];
  }
  const frame: Frame = {
    week: s.week,
    source: src,
    target: dst,
    weight: w,
    engagement,
    active,
    positions,
    degree,
    betweenness: betweenness ?? new Float32Array(n),
    xy: new Float32Array(0),
    meetings: s.meetings,
    consortia: s.consortia,
  };
  frame.xy = layout.next(frame);
  return frame;
}

function computeBetweenness(s: Snapshot, threshold: number): Float32Array {
  const g = toGraph(s, { minWeight: threshold });
  const bc = betweennessCentrality(g, { normalized: true });
  const out = new Float32Array(s.actors.length);
  for (const [k, v] of Object.entries(bc)) out[Number(k)] = v;
  return out;
}

const transferOf = (frames: Frame[]): Transferable[] =>
  frames.flatMap((f) => [
    f.source.buffer,
    f.target.buffer,
    f.weight.buffer,
    f.engagement.buffer,
    f.active.buffer,
    f.positions.buffer,
    f.degree.buffer,
    f.betweenness.buffer,
    f.xy.buffer,
  ]);

async function run(req: Extract<Request, { type: 'run' }>): Promise<void> {
  const { id, slot } = req;
  const key = `run${slot}`;
  const scenario = resolve(id, slot, req.source);
  if (!scenario) return;
  const seed = req.seed ?? scenario.seed;
  const sim = createSimulation(scenario, { seed });
  const threshold = scenario.observation.tieThreshold;
  // Betweenness is costly on large networks: recompute it on the engine's own schedule, carry it between.
  const every = scenario.observation.betweennessInterval;
  const first = sim.snapshot();
  // Partners listed under one name get labels of their own (the network, tooltips and exports).
  const labels = distinctLabels(first.actors);
  const actors: ActorInfo[] = first.actors.map((a, i) => ({
    id: a.id,
    consortium: a.consortium,
    role: a.role,
    label: labels[i],
    pillar: a.pillar,
    line: a.line,
    organisation: a.organisation,
    isCoordinator: a.isCoordinator,
    isChair: a.isChair,
    groups: a.groups,
  }));
  post({ type: 'start', id, slot, scenario, seed, actors, controversies: first.controversies });
  const layout = new Layout(actors, threshold);
  let bc = computeBetweenness(first, threshold);
  let batch: Frame[] = [toFrame(first, threshold, bc.slice(), layout)];
  // Small first batches so the page can draw at once, larger ones after.
  let batchSize = 4;
  const flush = () => {
    post({ type: 'frames', id, slot, frames: batch }, transferOf(batch));
    batch = [];
  };
  while (sim.step()) {
    const s = sim.snapshot();
    if (s.week % every === 0 || sim.done) bc = computeBetweenness(s, threshold);
    batch.push(toFrame(s, threshold, bc.slice(), layout));
    if (batch.length >= batchSize) {
      flush();
      batchSize = Math.min(32, batchSize * 2);
      await pause();
      if (stale(key, id)) return;
    }
  }
  if (batch.length) flush();
  const r = sim.result();
  post({ type: 'done', id, slot, summary: r.summary, weekly: r.weekly, events: r.events });
}

async function replicates(req: Extract<Request, { type: 'replicates' }>): Promise<void> {
  const { id, slot, count } = req;
  const key = `rep${slot}`;
  const scenario = resolve(id, slot, req.source);
  if (!scenario) return;
  const base = req.seed ?? scenario.seed;
  const rows = [];
  const summaries = [];
  let last = 0;
  for (let r = 0; r < count; r++) {
    const summary = simulate.summary(scenario, { seed: replicateSeed(base, r) });
    summaries.push(summary);
    for (const o of summary.consortia)
      rows.push({
        months: o.months,
        submitted: o.submitted,
        legal: o.legalOutcome || 'none',
        eiPillarEnd: o.eiPillarEnd,
        eiLineEnd: o.eiLineEnd,
      });
    // Report progress a few times a second, and let a cancel message through.
    const now = Date.now();
    if (now - last > 100 || r === count - 1) {
      last = now;
      post({ type: 'progress', id, slot, done: r + 1, total: count });
      await pause();
      if (stale(key, id)) return;
    }
  }
  post({ type: 'replicates', id, slot, scenario, rows, summaries });
}

/** A resolved scenario with a particle's values, where the scenario keeps the default's value. */
function withParticle(s: Scenario, reference: Scenario, values: Record<string, number>): Scenario | null {
  const copy = structuredClone(s) as unknown as Record<string, unknown>;
  for (const [path, v] of Object.entries(particleOverrides(s, reference, values)))
    if (setPath(copy, path, v)) return null;
  const res = resolveScenario(copy, `${s.id} (a calibration from the posterior)`);
  return res.ok ? res.scenario : null;
}

async function ensemble(req: Extract<Request, { type: 'ensemble' }>): Promise<void> {
  const { id, slot, seed, members, replicates: R } = req;
  const key = `ens${slot}`;
  const a = resolve(id, slot, req.a);
  const b = resolve(id, slot, req.b);
  const reference = resolve(id, slot, req.reference);
  if (!a || !b || !reference) return;
  const runsA: RunSummary[][] = [];
  const runsB: RunSummary[][] = [];
  const total = members.length * R * 2;
  let done = 0;
  let last = 0;
  for (const values of members) {
    const sa = withParticle(a, reference, values);
    const sb = withParticle(b, reference, values);
    if (!sa || !sb) {
      post({ type: 'error', id, slot, message: 'a calibration of the posterior does not fit this scenario' });
      return;
    }
    const ra: RunSummary[] = [];
    const rb: RunSummary[] = [];
    for (let r = 0; r < R; r++) {
      ra.push(simulate.summary(sa, { seed: replicateSeed(seed, r) }));
      rb.push(simulate.summary(sb, { seed: replicateSeed(seed, r) }));
      done += 2;
      const now = Date.now();
      if (now - last > 100) {
        last = now;
        post({ type: 'progress', id, slot, done, total });
        await pause();
        if (stale(key, id)) return;
      }
    }
    runsA.push(ra);
    runsB.push(rb);
  }
  post({ type: 'ensemble', id, slot, runsA, runsB });
}

scope.onmessage = (e) => {
  const req = e.data;
  if (req.type === 'cancel') {
    cancelled.add(req.id);
    return;
  }
  if (req.type === 'gexf') {
    post({ type: 'gexf', id: req.id, text: gexfOf(req.parts) });
    return;
  }
  latest.set(`${req.type === 'run' ? 'run' : req.type === 'ensemble' ? 'ens' : 'rep'}${req.slot}`, req.id);
  const job = req.type === 'run' ? run(req) : req.type === 'ensemble' ? ensemble(req) : replicates(req);
  job.catch((err: unknown) =>
    post({ type: 'error', id: req.id, slot: req.slot, message: (err as Error)?.message ?? String(err) }),
  );
};
