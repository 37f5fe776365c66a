// Writing the application file (MODEL.md §3.5; the paper's §3.1): the coordinator's remaining
// hours go to the sections whose controversies are settled, in the file's order.
import type { ConsortiumSim } from './consortium-sim.ts';

export function fileComplete(sim: ConsortiumSim): boolean {
  const secs = sim.s.file.sections;
  for (let k = 0; k < secs.length; k++) if (sim.sectionProgress[k] < secs[k].hours) return false;
  return true;
}

export function allSettled(sim: ConsortiumSim): boolean {
  const cs = sim.controversies;
  for (let c = 0; c < cs.length; c++) if (cs[c].status !== 'settled') return false;
  return true;
}

/** Every controversy a section needs is settled (one not in the scenario counts as settled). */
function ready(sim: ConsortiumSim, k: number): boolean {
  const needs = sim.sectionNeeds[k];
  for (let q = 0; q < needs.length; q++) {
    const c = needs[q];
    if (c >= 0 && sim.controversies[c].status !== 'settled') return false;
  }
  return true;
}

export function write(sim: ConsortiumSim, week: number): void {
  const secs = sim.s.file.sections;
  let hours = Math.max(0, sim.coordinatorHoursLeft) * sim.eff.writingEfficiency;
  for (let k = 0; k < secs.length; k++) {
    const sec = secs[k];
    if (hours <= 0 || sim.sectionProgress[k] >= sec.hours || !ready(sim, k)) continue;
    const use = Math.min(hours, sec.hours - sim.sectionProgress[k]);
    sim.sectionProgress[k] += use;
    hours -= use;
    if (sim.sectionProgress[k] >= sec.hours && sim.opts.events)
      sim.events.push({ type: 'sectionWritten', week, consortium: sim.index, section: sec.id });
  }
}

export function fileCompletion(sim: ConsortiumSim): number {
  const secs = sim.s.file.sections;
  let done = 0;
  let total = 0;
  for (let k = 0; k < secs.length; k++) {
    done += Math.min(secs[k].hours, sim.sectionProgress[k]);
    total += secs[k].hours;
  }
  return total ? done / total : 1;
}
