// The legal decision (MODEL.md §3.4; the paper's §3.4): focus groups of 10–15 partners deliberate
// and vote on the legal form; their majority is advice. The validating group then negotiates the
// form "during additional meetings": creating an ASBL carries its administrative load ("we should
// not put the structure before the horse"), a de facto association with a mandated partner is a
// real option, and a legal expert weighs in where they actually sit: in their own focus group and in
// the meetings after it. In the study the focus-group majorities favoured an ASBL; afterwards one
// project chose a de facto association and two chose ASBLs.
// Sources: March (1991) exploration vs exploitation; Denrell & March (2001) the familiar option.
import type { ConsortiumSim } from './consortium-sim.ts';
import { normal, shuffle } from './rng.ts';
import { TOPICS } from './roles.ts';
import { LEGAL_OPTIONS, type LegalOption } from './scenario/schema.ts';

/**
 * §3.4: the whole consortium in groups of 10–15 (focusGroups.size), or in focusGroups.groups groups
 * (the joint session of two projects had four), each deliberating then voting on the legal form.
 * Written into sim.focusMeetings, their number returned: the consortium's own meetings, refilled
 * the week the focus groups meet (held that week, not kept).
 */
export function focusGroupMeetings(sim: ConsortiumSim): number {
  const { s } = sim;
  // The active partners, shuffled in the attendance buffer (free until the week's meetings are held).
  const partners = sim.attendBuf;
  let np = 0;
  for (let i = 1; i < sim.n; i++) if (sim.active[i]) partners[np++] = i;
  shuffle(partners, sim.rng.votes, np);
  const groups = Math.max(1, s.focusGroups.groups || Math.round(np / s.focusGroups.size));
  const legal = sim.controversyIds.indexOf('legal');
  // Group f takes the shuffled partners at places f, f + groups, …, listed in index order: each
  // partner's group marked by index, then read off in index order (no filtered or sorted copies).
  const groupOf = new Int32Array(sim.n).fill(-1);
  const sizes = new Int32Array(groups);
  for (let k = 0; k < np; k++) {
    groupOf[partners[k]] = k % groups;
    sizes[k % groups]++;
  }
  const out = sim.focusMeetings;
  for (let f = 0; f < groups; f++) {
    // Focus group f's meeting as a previous one left it (its names are f's), or a new one.
    const m = (out[f] ??= {
      group: `focus-${f + 1}`,
      label: `focus group ${f + 1}`,
      kind: 'focus',
      invited: new Int32Array(0),
      agenda: [legal],
      hours: 0,
      minAttend: 1,
      groupIndex: -1,
      controversy: legal,
    });
    const members = m.invited.length === sizes[f] ? m.invited : new Int32Array(sizes[f]);
    for (let i = 1, q = 0; i < sim.n; i++) if (groupOf[i] === f) members[q++] = i;
    m.invited = members;
    m.agenda[0] = legal;
    m.agenda.length = 1;
    m.hours = s.focusGroups.meetingHours;
    m.controversy = legal;
  }
  return groups;
}

/** The options but "innovative": what a room without enough legal knowledge considers. */
const FAMILIAR_OPTIONS: readonly LegalOption[] = LEGAL_OPTIONS.filter((o) => o !== 'innovative');

/** A tally at zero for every option, keys in LEGAL_OPTIONS's order. */
function noVotes(): Record<LegalOption, number> {
  const v = {} as Record<LegalOption, number>;
  for (let k = 0; k < LEGAL_OPTIONS.length; k++) v[LEGAL_OPTIONS[k]] = 0;
  return v;
}

/**
 * A vote on the legal form among the deliberating partners present:
 * U_i(o) = 1 - |x_i - location(o)| + familiarityBias (1 - e_i) familiarity(o) + noise, and, in the
 * negotiation after the focus groups, + adviceWeight if o is the focus groups' majority and
 * - asblCost if o is an ASBL. "innovative" is considered only when someone in the room knows enough
 * law; a legal expert in the room lifts the others' expertise e_i (March 1991; Denrell & March 2001).
 * focus: records the group's winner; binding: chooses the winner; negotiation: returns the winner
 * when it holds legal.negotiationMajority of the votes, else ''.
 */
export function vote(
  sim: ConsortiumSim,
  att: Int32Array,
  na: number,
  week: number,
  mode: 'focus' | 'binding' | 'negotiation',
): LegalOption | '' {
  const { s, pop } = sim;
  const L = s.legal;
  const li = TOPICS.indexOf('legal');
  const legal = sim.controversyIds.indexOf('legal');
  let maxExp = 0;
  for (let p = 0; p < na; p++) {
    const i = att[p];
    if (!pop.deliberates[i]) continue;
    const e = pop.expertise[i * TOPICS.length + li];
    maxExp = Math.max(maxExp, e);
    if (mode === 'focus' && e > L.exploreThreshold && !sim.legalExperts.includes(i)) sim.legalExperts.push(i);
  }
  const considered = maxExp > L.exploreThreshold ? LEGAL_OPTIONS : FAMILIAR_OPTIONS;
  const votes = noVotes();
  const negotiating = mode === 'negotiation';
  // The voters' ids are kept for the event log only; the negotiation's majority needs their count.
  const members: number[] | null = sim.opts.events ? [] : null;
  let voters = 0;
  const rng = sim.rng.votes;
  const bias = sim.eff.familiarityBias;
  for (let p = 0; p < na; p++) {
    const i = att[p];
    if (!pop.deliberates[i]) continue;
    voters++;
    members?.push(i + sim.offset);
    const own = pop.expertise[i * TOPICS.length + li];
    const exp = own + L.expertInfluence * Math.max(0, maxExp - own);
    const xi = legal >= 0 ? sim.positions[i * sim.C + legal] : 0.5;
    let best: LegalOption = considered[0];
    let bestU = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < LEGAL_OPTIONS.length; k++) {
      const o = LEGAL_OPTIONS[k];
      const noise = L.voteNoise * normal(rng); // drawn for every option: stream-stable
      if (!considered.includes(o)) continue;
      let u = 1 - Math.abs(xi - L.location[o]) + bias * (1 - exp) * L.familiarity[o] + noise;
      if (negotiating) {
        if (o === sim.legalAdvice) u += L.adviceWeight;
        if (o === 'asbl') u -= L.asblCost;
      }
      if (u > bestU) {
        bestU = u;
        best = o;
      }
    }
    votes[best]++;
  }
  let winner: LegalOption = considered[0];
  for (const o of considered) if (votes[o] > votes[winner]) winner = o;
  if (mode === 'focus') {
    sim.focusTally.push(winner);
    sim.focusVotes.push(votes);
  }
  if (sim.opts.events)
    sim.events.push({
      type: 'vote',
      week,
      consortium: sim.index,
      focusGroup: mode === 'focus' ? sim.focusTally.length : 0,
      members: members ?? [],
      votes,
      winner,
      considered: [...considered],
    });
  if (mode === 'binding') chooseLegal(sim, winner, week);
  if (!negotiating) return winner;
  return voters > 0 && votes[winner] >= L.negotiationMajority * voters ? winner : '';
}

export function chooseLegal(sim: ConsortiumSim, option: LegalOption, week: number): void {
  sim.legalChoice = option;
  if (sim.opts.events) sim.events.push({ type: 'legalChoice', week, consortium: sim.index, option });
}

/**
 * After the focus groups of a week: the option that won most groups (then most votes). It is advice
 * for the negotiation that follows (§3.4), or the choice itself when legalNegotiation is off.
 */
export function closeFocusGroups(sim: ConsortiumSim, week: number): void {
  if (!sim.focusTally.length) {
    sim.focusWeek = -1; // nobody came: the project group will ask again
    return;
  }
  const wins = noVotes();
  const total = noVotes();
  for (const w of sim.focusTally) wins[w]++;
  for (const v of sim.focusVotes) for (const o of LEGAL_OPTIONS) total[o] += v[o];
  let best: LegalOption = LEGAL_OPTIONS[0];
  for (const o of LEGAL_OPTIONS)
    if (wins[o] > wins[best] || (wins[o] === wins[best] && total[o] > total[best])) best = o;
  sim.focusTally = [];
  sim.focusVotes = [];
  sim.focusDone = true;
  sim.legalAdvice = best;
  sim.focusWeek = -1;
  if (sim.opts.events) sim.events.push({ type: 'legalAdvice', week, consortium: sim.index, option: best });
  if (!sim.eff.legalNegotiation) chooseLegal(sim, best, week);
}
