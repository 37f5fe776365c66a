// Writing the application file (MODEL.md §3.5; the paper's §3.1): the coordinator's remaining
// hours go to the sections whose controversies are settled, in the file's order.
import type { ConsortiumSim } from './consortium-sim.ts';
import type { ControversyId } from './scenario/schema.ts';

export function fileComplete(sim: ConsortiumSim): boolean {
  const secs = sim.s.file.sections;
  for (let k = 0; k < secs.length; k++) if (sim.sectionProgress[k] < secs[k].hours) return false;
  return true;
}

export function allSettled(sim: ConsortiumSim): boolean {
  for (const c of sim.controversies) if (c.status !== 'settled') return false;
  return true;
}

export function write(sim: ConsortiumSim, week: number): void {
  const { s } = sim;
  let hours = Math.max(0, sim.coordinatorHoursLeft) * sim.eff.writingEfficiency;
  const settled = (id: ControversyId) => {
    const k = sim.controversyIds.indexOf(id);
    return k < 0 || sim.controversies[k].status === 'settled';
  };
  s.file.sections.forEach((sec, k) => {
    if (hours <= 0 || sim.sectionProgress[k] >= sec.hours || !sec.needs.every(settled)) return;
    const use = Math.min(hours, sec.hours - sim.sectionProgress[k]);
    sim.sectionProgress[k] += use;
    hours -= use;
    if (sim.sectionProgress[k] >= sec.hours && sim.opts.events)
      sim.events.push({ type: 'sectionWritten', week, consortium: sim.index, section: sec.id });
  });
}

export function fileCompletion(sim: ConsortiumSim): number {
  let done = 0;
  let total = 0;
  sim.s.file.sections.forEach((sec, k) => {
    done += Math.min(sec.hours, sim.sectionProgress[k]);
    total += sec.hours;
  });
  return total ? done / total : 1;
}
