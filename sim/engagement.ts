// Engagement and dropout (MODEL.md §3.7; the paper's §3.3): engagement rises with progress and
// with new ties, falls with meeting hours (fatigue, in sim/meetings.ts); a partner whose engagement
// stays low for weeks leaves.
import type { ConsortiumSim } from './consortium-sim.ts';
import { clamp01 } from './rng.ts';

export function updateEngagement(sim: ConsortiumSim, week: number): void {
  const { s, ties } = sim;
  const E = s.engagement;
  const denom = Math.max(1, sim.n - 1);
  for (let i = 1; i < sim.n; i++) {
    if (!sim.active[i]) continue;
    const rise = (ties.strength[i] - sim.lastStrength[i]) / denom;
    sim.engagement[i] = clamp01(sim.engagement[i] + E.progressGain * sim.settledThisWeek + E.tieGain * rise);
    if (sim.engagement[i] < E.dropoutLevel) {
      if (++sim.lowWeeks[i] >= E.dropoutWeeks && i !== sim.chair && sim.eff.dropout) {
        sim.active[i] = 0;
        sim.counters.dropouts++;
        if (sim.opts.events)
          sim.events.push({ type: 'dropout', week, consortium: sim.index, actor: i + sim.offset });
      }
    } else sim.lowWeeks[i] = 0;
  }
  sim.lastStrength.set(ties.strength);
}
