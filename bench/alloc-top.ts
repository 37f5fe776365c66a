// Where a default run (summary only) allocates: V8's sampling heap profiler over many runs, freed
// objects included, KB per run by allocating function (self) and by call site (the function and
// its two callers; inlined frames count as frames). Positions are line:column of the code tsx
// runs, not of the source. A tool for the allocation work of issue 20 item 4, not a bench section:
//   node --import tsx bench/alloc-top.ts [runs=2000] [top=25] [run|setup]
// `setup` profiles createSimulation alone (the consortium built anew, without a run context, no
// week run).
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { loadScenario } from '../cli/api.ts';
import { SCENARIOS_DIR } from '../exec/io.ts';
import * as sim from '../sim/index.ts';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: Node[];
}

const runs = Number(process.argv[2] ?? 2000);
const top = Number(process.argv[3] ?? 25);
const scenario = loadScenario(join(SCENARIOS_DIR, 'default.json')).scenario;
const mode = process.argv[4] ?? 'run';
// Runs refill one run context, as a sweep's worker runs them.
const context = sim.createRunContext();
const one = (seed: number) =>
  mode === 'setup'
    ? sim.createSimulation(scenario, { seed, weekly: false, events: false })
    : sim.simulate.summary(scenario, { seed, context });
for (let i = 0; i < 300; i++) one(sim.replicateSeed(1, i));
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 64,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
} as never);
for (let i = 0; i < runs; i++) one(sim.replicateSeed(2, i));
const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as {
  profile: { head: Node; samples: { size: number; nodeId: number }[] };
};
session.disconnect();

const where = (n: Node) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(sim|cli|exec)\//, '$1/')}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber}`;
const self = new Map<string, number>();
const stacks = new Map<string, number>();
let total = 0;
const walk = (n: Node, path: string[]) => {
  const p = [...path, where(n)];
  if (n.selfSize) {
    self.set(p[p.length - 1], (self.get(p[p.length - 1]) ?? 0) + n.selfSize);
    const k = p.slice(-3).join(' < ');
    stacks.set(k, (stacks.get(k) ?? 0) + n.selfSize);
    total += n.selfSize;
  }
  for (const c of n.children) walk(c, p);
};
walk(profile.head, []);
const kb = (b: number) => (b / runs / 1024).toFixed(2).padStart(7);
console.log(`total ${kb(total)} KB per run over ${runs} runs`);
console.log('--- by function');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(kb(v), k);
console.log('--- by call site (function < caller < caller’s caller, innermost last)');
for (const [k, v] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(kb(v), k);
