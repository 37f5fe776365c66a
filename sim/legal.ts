// The legal decision (MODEL.md §3.4; the paper's §3.4): the focus groups on the legal form, each
// member's vote between the options, and the choice of the form.
// Sources: March (1991) exploration vs exploitation; Denrell & March (2001) the familiar option.
import type { ConsortiumSim } from './consortium-sim.ts';
import type { Meeting } from './meetings.ts';
import { normal, shuffle } from './rng.ts';
import { TOPICS } from './roles.ts';
import { LEGAL_OPTIONS, type LegalOption } from './scenario/schema.ts';

/** §3.4: the whole consortium in groups of 10–15, each deliberating then voting on the legal form. */
export function focusGroupMeetings(sim: ConsortiumSim): Meeting[] {
  const { s } = sim;
  const partners: number[] = [];
  for (let i = 1; i < sim.n; i++) if (sim.active[i]) partners.push(i);
  const li = TOPICS.indexOf('legal');
  sim.sessionLegalExpertise = 0;
  for (const i of partners)
    sim.sessionLegalExpertise = Math.max(
      sim.sessionLegalExpertise,
      sim.pop.expertise[i * TOPICS.length + li],
    );
  shuffle(partners, sim.rng.votes);
  const groups = Math.max(1, Math.round(partners.length / s.focusGroups.size));
  const legal = sim.controversyIds.indexOf('legal');
  const out: Meeting[] = [];
  for (let f = 0; f < groups; f++) {
    const members = partners.filter((_, k) => k % groups === f).sort((a, b) => a - b);
    out.push({
      group: `focus-${f + 1}`,
      label: `focus group ${f + 1}`,
      kind: 'focus',
      invited: Int32Array.from(members),
      agenda: [legal],
      hours: s.focusGroups.meetingHours,
      minAttend: 1,
      groupIndex: -1,
      controversy: legal,
    });
  }
  return out;
}

/**
 * §3.4, the legal-structure vote: U_i(o) = preference_i(o) + familiarityBias (1 - legalExpertise_i)
 * familiar(o) + noise; "innovative" is considered only when someone in the room knows enough law
 * (March 1991; Denrell & March 2001). A legal expert in the room lifts the others' expertise.
 */
export function vote(sim: ConsortiumSim, att: Int32Array, na: number, week: number, m: Meeting): void {
  const { s, pop } = sim;
  const L = s.legal;
  const li = TOPICS.indexOf('legal');
  const legal = sim.controversyIds.indexOf('legal');
  // A focus-group session opens with a briefing by the session's most legally expert partner
  // (§3.4: the groups of one session deliberate the same options), so that expertise reaches
  // every group of the session, not only the one the expert sits in.
  let maxExp = m.kind === 'focus' ? sim.sessionLegalExpertise : 0;
  for (let p = 0; p < na; p++) {
    const i = att[p];
    if (pop.deliberates[i]) maxExp = Math.max(maxExp, pop.expertise[i * TOPICS.length + li]);
  }
  const considered = LEGAL_OPTIONS.filter((o) => o !== 'innovative' || maxExp > L.exploreThreshold);
  const votes = Object.fromEntries(LEGAL_OPTIONS.map((o) => [o, 0])) as Record<LegalOption, number>;
  const members: number[] = [];
  const rng = sim.rng.votes;
  for (let p = 0; p < na; p++) {
    const i = att[p];
    if (!pop.deliberates[i]) continue;
    members.push(i + sim.offset);
    const own = pop.expertise[i * TOPICS.length + li];
    const exp = own + L.expertInfluence * Math.max(0, maxExp - own);
    const xi = legal >= 0 ? sim.positions[i * sim.C + legal] : 0.5;
    let best: LegalOption = considered[0];
    let bestU = Number.NEGATIVE_INFINITY;
    for (const o of LEGAL_OPTIONS) {
      const noise = L.voteNoise * normal(rng); // drawn for every option: stream-stable
      if (!considered.includes(o)) continue;
      const u = 1 - Math.abs(xi - L.location[o]) + L.familiarityBias * (1 - exp) * L.familiarity[o] + noise;
      if (u > bestU) {
        bestU = u;
        best = o;
      }
    }
    votes[best]++;
  }
  let winner: LegalOption = considered[0];
  for (const o of considered) if (votes[o] > votes[winner]) winner = o;
  if (m.kind === 'focus') {
    sim.focusTally.push(winner);
    sim.focusVotes.push(votes);
  }
  if (sim.opts.events)
    sim.events.push({
      type: 'vote',
      week,
      consortium: sim.index,
      focusGroup: m.kind === 'focus' ? sim.focusTally.length : 0,
      members,
      votes,
      winner,
      considered,
    });
  if (m.kind !== 'focus') chooseLegal(sim, winner, week);
}

export function chooseLegal(sim: ConsortiumSim, option: LegalOption, week: number): void {
  sim.legalChoice = option;
  if (sim.opts.events) sim.events.push({ type: 'legalChoice', week, consortium: sim.index, option });
}

/** After the focus groups of a week: the option that won most groups (then most votes). */
export function closeFocusGroups(sim: ConsortiumSim, week: number): void {
  if (!sim.focusTally.length) {
    sim.focusWeek = -1; // nobody came: the project group will ask again
    return;
  }
  const wins = Object.fromEntries(LEGAL_OPTIONS.map((o) => [o, 0])) as Record<LegalOption, number>;
  const total = Object.fromEntries(LEGAL_OPTIONS.map((o) => [o, 0])) as Record<LegalOption, number>;
  for (const w of sim.focusTally) wins[w]++;
  for (const v of sim.focusVotes) for (const o of LEGAL_OPTIONS) total[o] += v[o];
  let best: LegalOption = LEGAL_OPTIONS[0];
  for (const o of LEGAL_OPTIONS)
    if (wins[o] > wins[best] || (wins[o] === wins[best] && total[o] > total[best])) best = o;
  sim.focusTally = [];
  sim.focusVotes = [];
  chooseLegal(sim, best, week);
}
