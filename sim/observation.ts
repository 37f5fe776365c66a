// Observation (MODEL.md §6; the paper's §4.1): the weekly network measures (E-I indices,
// modularity, the coordinator's betweenness), positions' dispersion, and the end-of-run outcomes.

import { COORDINATOR } from './consortium.ts';
import type { ConsortiumSim } from './consortium-sim.ts';
import { WEEKS_PER_MONTH } from './meetings.ts';
import { betweenness, networkMetrics } from './metrics.ts';
import { PILLARS } from './roles.ts';
import type { Outcomes } from './types.ts';
import { fileCompletion } from './writing.ts';

export function observe(sim: ConsortiumSim, week: number): void {
  const { s, ties, n } = sim;
  const thr = s.observation.tieThreshold;
  if (week % s.observation.betweennessInterval === 0 || sim.status !== 'running' || sim.weekly.length === 0) {
    const bc = betweenness(ties, n, thr, s.observation.betweennessPivots, week);
    let max = 0;
    for (let i = 0; i < n; i++) if (bc.values[i] > max) max = bc.values[i];
    sim.lastBetweenness = {
      coordinator: bc.values[COORDINATOR],
      isHub: bc.values[COORDINATOR] >= max && max > 0,
      centralisation: bc.centralisation,
    };
  }
  const net = networkMetrics(ties, n, sim.pillarAttr, sim.lineAttr, PILLARS.length, thr);
  let active = 0;
  for (let i = 1; i < n; i++) active += sim.active[i];
  const dispersion: number[] = [];
  for (let c = 0; c < sim.C; c++) {
    let m = 0;
    let m2 = 0;
    let cnt = 0;
    for (let i = 1; i < n; i++) {
      if (!sim.active[i]) continue;
      const v = sim.positions[i * sim.C + c];
      m += v;
      m2 += v * v;
      cnt++;
    }
    dispersion.push(cnt ? Math.sqrt(Math.max(0, m2 / cnt - (m / cnt) ** 2)) : 0);
  }
  sim.weekly.push({
    consortium: sim.index,
    week,
    month: (week + 1) / WEEKS_PER_MONTH,
    eiPillar: net.eiPillar,
    eiLine: net.eiLine,
    assortativityPillar: net.assortativityPillar,
    density: net.density,
    meanTie: net.meanTie,
    components: net.components,
    modularityPillar: net.modularityPillar,
    coordinatorBetweenness: sim.lastBetweenness.coordinator,
    coordinatorIsHub: sim.lastBetweenness.isHub,
    centralisation: sim.lastBetweenness.centralisation,
    fileCompletion: fileCompletion(sim),
    volunteerHours: sim.counters.volunteerHours,
    coordinatorHours: sim.counters.coordinatorHours,
    meetingsPlanned: sim.counters.meetingsPlanned,
    meetingsExtra: sim.counters.meetingsExtra,
    workingGroups: sim.counters.workingGroups,
    active,
    settled: sim.controversies.filter((c) => c.status === 'settled').length,
    dispersion,
    status: sim.controversies.map((c) => c.status),
  });
}

export function outcomes(sim: ConsortiumSim): Outcomes {
  const { s } = sim;
  const last = sim.weekly[sim.weekly.length - 1];
  const weeks = sim.endWeek + 1;
  const months = weeks / WEEKS_PER_MONTH;
  const plannedMonths = s.calendar.plannedWeeks / WEEKS_PER_MONTH;
  const fundedMonths = s.coordinator.lumpSumEur / s.coordinator.monthlyCostEur;
  return {
    submitted: sim.status === 'submitted',
    gaveUp: sim.status === 'gaveUp',
    gaveUpReason: sim.gaveUpReason,
    weeks,
    months,
    monthsOverPlan: months - plannedMonths,
    meetingsPlanned: sim.counters.meetingsPlanned,
    meetingsExtra: sim.counters.meetingsExtra,
    workingGroups: sim.counters.workingGroups,
    focusGroups: sim.counters.focusGroups,
    legalOutcome:
      sim.controversies.find((c) => c.id === 'legal')?.status === 'settled' ? sim.legalChoice : '',
    eiPillarStart: sim.start.eiPillar,
    eiPillarEnd: last.eiPillar,
    eiLineStart: sim.start.eiLine,
    eiLineEnd: last.eiLine,
    modularityPillarStart: sim.start.modularity,
    modularityPillarEnd: last.modularityPillar,
    assortativityPillarStart: sim.start.assort,
    assortativityPillarEnd: last.assortativityPillar,
    densityStart: sim.start.density,
    density: last.density,
    meanTie: last.meanTie,
    dropouts: sim.counters.dropouts,
    volunteerHours: sim.counters.volunteerHours,
    coordinatorHours: sim.counters.coordinatorHours,
    coordinatorMonthsUnfunded: Math.max(0, months - fundedMonths),
    settleWeek: Object.fromEntries(sim.controversies.map((c) => [c.id, c.settledWeek])),
    extraByGroup: Object.fromEntries(sim.groups.map((g) => [g.spec.id, g.extraHeld])),
  };
}
