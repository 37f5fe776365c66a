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
  const due =
    week % s.observation.betweennessInterval === 0 || sim.status !== 'running' || sim.weekly.length === 0;
  if (due && sim.opts.betweenness) {
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
    reopenings: sim.counters.reopenings,
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
  // The same values and key order as filter, find and Object.fromEntries over the controversies
  // would give (their ids are the schema's, so assigning them is defining them).
  let legal = -1;
  let thinAgreements = 0;
  const settleWeek: Record<string, number> = {};
  for (let c = 0; c < sim.C; c++) {
    const st = sim.controversies[c];
    if (legal < 0 && st.id === 'legal') legal = c;
    if (st.status === 'settled' && st.thin) thinAgreements++;
    settleWeek[st.id] = st.settledWeek;
  }
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
    legalOutcome: legal >= 0 && sim.controversies[legal].status === 'settled' ? sim.legalChoice : '',
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
    thinAgreements,
    reopenings: sim.counters.reopenings,
    agreementDepth: agreementDepth(sim),
    dissent: dissent(sim),
    volunteerHours: sim.counters.volunteerHours,
    coordinatorHours: sim.counters.coordinatorHours,
    coordinatorMonthsUnfunded: Math.max(0, months - fundedMonths),
    settleWeek,
    // A group's id is the scenario's own string: defined as a property, whatever it is.
    extraByGroup: Object.fromEntries(sim.groups.map((g) => [g.spec.id, g.extraHeld])),
  };
}

/**
 * Agreement depth (MODEL.md §3.8): the share of the settled controversies that were closed on the
 * scenario's own quorum, not on one relaxed by deadline pressure (thin agreements). 1 = every
 * agreement is deep; NaN when none settled.
 */
export function agreementDepth(sim: ConsortiumSim): number {
  let settled = 0;
  let thin = 0;
  for (const st of sim.controversies) {
    if (st.status !== 'settled') continue;
    settled++;
    if (st.thin) thin++;
  }
  return settled === 0 ? Number.NaN : 1 - thin / settled;
}

/**
 * Dissent carried into submission (MODEL.md §3.8): over the settled controversies, the mean share
 * of the active partners whose position lies farther than deliberation.epsilon (the consensus test's
 * own distance) from the outcome, over the whole consortium rather than the deciding room.
 */
export function dissent(sim: ConsortiumSim): number {
  const eps = sim.s.deliberation.epsilon;
  let sum = 0;
  let count = 0;
  for (let c = 0; c < sim.C; c++) {
    const st = sim.controversies[c];
    if (st.status !== 'settled' || !Number.isFinite(st.value)) continue;
    let n = 0;
    let outside = 0;
    for (let i = 1; i < sim.n; i++) {
      if (!sim.active[i] || !sim.pop.deliberates[i]) continue;
      n++;
      if (Math.abs(sim.positions[i * sim.C + c] - st.value) > eps) outside++;
    }
    if (n === 0) continue;
    sum += outside / n;
    count++;
  }
  return count === 0 ? Number.NaN : sum / count;
}
