// Calendar and meetings (MODEL.md §3.1–§3.3; the paper's §3.1 and Figure 1): the governance
// groups as data, each group's planned meetings and the extra ones it adds while matters stay open,
// working groups, holidays, and a meeting's attendance, hours and fatigue before the kernel runs.
// Sources: Feld (1981) shared foci; Provan & Kenis (2008) for the governance variants.

import { uint8 } from './buffers.ts';
import { COORDINATOR } from './consortium.ts';
import type { ConsortiumSim } from './consortium-sim.ts';
import { converse, decide, reviewThinAgreements } from './deliberation.ts';
import { crowdingFactor } from './group-size.ts';
import { focusGroupMeetings, vote } from './legal.ts';
import { clamp01 } from './rng.ts';
import { LINES, TOPICS, type Topic } from './roles.ts';
import type { ControversyId, GroupSpec } from './scenario/schema.ts';
import type { MeetingKind } from './types.ts';
import { allSettled, fileComplete } from './writing.ts';

export const WEEKS_PER_MONTH = 4.33;

/** Which expertise a working group on a controversy draws on. */
export const TOPIC_OF: Record<ControversyId, Topic> = {
  name: 'social',
  targets: 'clinical',
  actions: 'clinical',
  dataProtection: 'legal',
  funding: 'finance',
  legal: 'legal',
};

export interface GroupState {
  spec: GroupSpec;
  members: Int32Array;
  memberSet: Uint8Array;
  plannedWeeks: number[];
  plannedHeld: number;
  extraHeld: number;
  lastMeetingWeek: number;
  proposes: boolean[];
  validates: boolean[];
  /** Proposes at least one controversy (its quorum keeps the consortium alive, S10). */
  proposesAny: boolean;
  /** This group's meeting, refilled by the calendar the weeks it meets (held that week, not kept). */
  meeting: Meeting;
  /** Members and the focus groups' legal experts (withLegalExperts), for expertsSeen experts. */
  withExperts: Int32Array | null;
  expertsSeen: number;
}

export interface Meeting {
  group: string;
  label: string;
  kind: MeetingKind;
  invited: Int32Array;
  agenda: number[];
  hours: number;
  minAttend: number;
  /** Group index for planned/extra meetings, -1 otherwise. */
  groupIndex: number;
  /** For a working group: the controversy it develops. */
  controversy: number;
}

export function pickLead(sim: ConsortiumSim): number {
  let best = -1;
  for (let i = 1; i < sim.n; i++) {
    if (sim.pop.role[i] !== sim.s.governance.leadRole) continue;
    if (best < 0 || sim.pop.prominence[i] > sim.pop.prominence[best]) best = i;
  }
  return best < 0 ? COORDINATOR : best;
}

/**
 * The partners (1..n-1) by `key` descending, ties to the lower index: the order of a sort by
 * `key[b] - key[a] || a - b`, built by insertion into a typed array (no comparator calls, which
 * box their results, and no copies).
 */
function byKeyDescending(key: Float64Array, n: number): Int32Array {
  const out = new Int32Array(n - 1);
  for (let i = 1, m = 0; i < n; i++, m++) {
    const v = key[i];
    let q = m;
    // i is the highest index so far, so it goes after every partner with an equal key.
    while (q > 0 && key[out[q - 1]] < v) {
      out[q] = out[q - 1];
      q--;
    }
    out[q] = i;
  }
  return out;
}

/** Marks i as a member (once); returns 1 if it was not one yet. */
function choose(memberSet: Uint8Array, i: number): number {
  if (memberSet[i]) return 0;
  memberSet[i] = 1;
  return 1;
}

/**
 * The governance groups of the consortium. `reuse`: the groups a previous run of the same scenario
 * left (a run context), refilled: what depends on the scenario alone is kept, the members are chosen
 * again into their arrays where the sizes allow.
 */
export function buildGroups(sim: ConsortiumSim, reuse?: GroupState[]): GroupState[] {
  const { pop, s } = sim;
  const partners = sim.n - 1;
  // The orders are made only when a group's rule reads them.
  let byProminence: Int32Array | null = null;
  let byConcern: Int32Array | null = null;
  const states: GroupState[] = reuse ?? [];
  const specs = s.governance.groups;
  for (let gi = 0; gi < specs.length; gi++) {
    const spec = specs[gi];
    const prev = reuse?.[gi];
    // The members chosen, marked in memberSet (members are listed in index order at the end).
    const memberSet = uint8(prev?.memberSet, sim.n);
    let chosen = 0;
    const size = Math.min(spec.size, partners);
    if (spec.members === 'all') for (let i = 1; i < sim.n; i++) chosen += choose(memberSet, i);
    else if (spec.members === 'key') {
      byProminence ??= byKeyDescending(pop.prominence, sim.n);
      const order = byProminence;
      // The most influential partner of each line first, so every line has a voice.
      for (let l = 0; l < LINES.length && chosen < size; l++) {
        let k = 0;
        while (k < order.length && pop.line[order[k]] !== l) k++;
        if (k < order.length) chosen += choose(memberSet, order[k]);
      }
      for (let k = 0; k < order.length; k++) if (chosen < size) chosen += choose(memberSet, order[k]);
    } else if (spec.members === 'concerned') {
      if (!byConcern) {
        // Each partner's concern (mean stake + 0.5 prominence) computed once, not twice per
        // comparison: the same sums, so the same order.
        const concern = new Float64Array(sim.n);
        for (let i = 1; i < sim.n; i++) {
          let t = 0;
          for (let c = 0; c < sim.C; c++) t += pop.stakes[i * sim.C + c];
          concern[i] = t / sim.C + 0.5 * pop.prominence[i];
        }
        byConcern = byKeyDescending(concern, sim.n);
      }
      for (let k = 0; k < byConcern.length; k++) if (chosen < size) chosen += choose(memberSet, byConcern[k]);
    } else {
      // lead: the lead organisation, its colleagues, then the most influential partners.
      if (sim.chair !== COORDINATOR) chosen += choose(memberSet, sim.chair);
      for (let i = 1; i < sim.n; i++)
        if (chosen < size && pop.organisation[i] === pop.organisation[sim.chair])
          chosen += choose(memberSet, i);
      byProminence ??= byKeyDescending(pop.prominence, sim.n);
      for (let k = 0; k < byProminence.length; k++)
        if (chosen < size) chosen += choose(memberSet, byProminence[k]);
    }
    for (const inc of spec.includes) {
      const other = groupById(states, inc, gi);
      if (other) for (let k = 0; k < other.members.length; k++) chosen += choose(memberSet, other.members[k]);
    }
    if (sim.chair !== COORDINATOR) chosen += choose(memberSet, sim.chair);
    const members = prev?.members.length === chosen ? prev.members : new Int32Array(chosen);
    for (let i = 0, k = 0; k < chosen; i++) if (memberSet[i]) members[k++] = i;
    if (prev) {
      // The same scenario: the planned weeks, the decisions and the meeting's names are its own.
      prev.members = members;
      prev.memberSet = memberSet;
      prev.plannedHeld = 0;
      prev.extraHeld = 0;
      prev.lastMeetingWeek = -1;
      prev.withExperts = null;
      prev.expertsSeen = 0;
      // The agenda is overwritten before every meeting (calendar); the rest as a new group's.
      const m = prev.meeting;
      m.kind = 'planned';
      m.invited = members;
      m.hours = spec.meetingHours;
      m.minAttend = 0;
      m.controversy = -1;
      continue;
    }
    const plannedWeeks = new Array<number>(spec.plannedMeetings);
    for (let k = 0; k < spec.plannedMeetings; k++) plannedWeeks[k] = spec.firstWeek + k * spec.interval;
    const st: GroupState = {
      spec,
      members,
      memberSet,
      plannedWeeks,
      plannedHeld: 0,
      extraHeld: 0,
      lastMeetingWeek: -1,
      proposes: new Array<boolean>(sim.C),
      validates: new Array<boolean>(sim.C),
      proposesAny: false,
      withExperts: null,
      expertsSeen: 0,
      meeting: {
        group: spec.id,
        label: spec.label,
        kind: 'planned',
        invited: members,
        agenda: [],
        hours: spec.meetingHours,
        minAttend: 0,
        groupIndex: gi,
        controversy: -1,
      },
    };
    for (let c = 0; c < sim.C; c++) {
      const d = s.governance.decisions[sim.controversyIds[c]];
      st.proposes[c] = d?.propose === spec.id;
      st.validates[c] = d?.validate === spec.id;
      if (st.proposes[c]) st.proposesAny = true;
    }
    states.push(st);
  }
  // A group listed in includes before its definition is resolved in a second pass.
  for (const st of states) {
    for (const inc of st.spec.includes) {
      const other = groupById(states, inc);
      if (!other) continue;
      const add = [...other.members].filter((i) => !st.memberSet[i]);
      if (!add.length) continue;
      for (const i of add) st.memberSet[i] = 1;
      st.members = Int32Array.from([...st.members, ...add].sort((a, b) => a - b));
    }
  }
  return states;
}

/** The last group of that id among the first `count` (as a map from id to group would hold), or undefined. */
function groupById(states: GroupState[], id: string, count = states.length): GroupState | undefined {
  for (let k = count - 1; k >= 0; k--) if (states[k].spec.id === id) return states[k];
  return undefined;
}

/**
 * The week's meetings, in calendar order: written into sim.calendarBuf, their number returned. The
 * list and each group's meeting (with its agenda) are the consortium's own, refilled every week: a
 * meeting is held the week it is listed and not kept. The list is overwritten, never emptied: V8
 * gives up an array's storage when its length is set to 0, and the next push allocates it again.
 */
export function calendar(sim: ConsortiumSim, week: number): number {
  const out = sim.calendarBuf;
  let count = 0;
  const { s } = sim;
  if (week === sim.focusWeek) {
    const groups = focusGroupMeetings(sim);
    for (let f = 0; f < groups; f++) out[count++] = sim.focusMeetings[f];
  }
  // Working groups convened for this week meet (unless their matter settled meanwhile); the rest
  // stay pending, in order (compacted in place).
  const pending = sim.pendingWorking;
  let kept = 0;
  for (let k = 0; k < pending.length; k++) {
    const pw = pending[k];
    if (pw.week !== week) {
      pending[kept++] = pw;
      continue;
    }
    const c = sim.controversies[pw.controversy];
    c.workingGroupPending = false;
    if (c.status !== 'settled') out[count++] = workingGroupMeeting(sim, pw.controversy, week);
  }
  pending.length = kept;
  const fileDone = fileComplete(sim) && allSettled(sim);
  const pastDeadline = week >= s.calendar.plannedWeeks;
  // Deadline adaptation: as a deadline nears, groups with open matters meet sooner (the interval
  // between extra meetings shrinks with the pressure) and may add meetings before their plan runs out.
  const p = sim.pressure;
  const legal = sim.controversyIds.indexOf('legal');
  for (let gi = 0; gi < sim.groups.length; gi++) {
    const g = sim.groups[gi];
    const planned = g.plannedWeeks[g.plannedHeld] === week;
    let kind: MeetingKind | null = planned ? 'planned' : null;
    if (!kind) {
      const plannedUsed = g.plannedHeld >= g.plannedWeeks.length;
      const interval = p > 0 ? Math.max(1, Math.round(g.spec.extraInterval * (1 - p))) : g.spec.extraInterval;
      const due = week >= g.lastMeetingWeek + interval;
      const unresolved = unresolvedFor(sim, gi);
      const needsSignOff =
        g.spec.id === s.governance.signOff && fileDone && sim.signOffWeek <= sim.lastSettlementWeek;
      const extraAllowed = sim.eff.extraMeetings && (plannedUsed || pastDeadline || p > 0);
      if (needsSignOff || (extraAllowed && unresolved && due)) kind = 'extra';
    }
    if (!kind) continue;
    if (kind === 'planned') g.plannedHeld++;
    const m = g.meeting;
    m.kind = kind;
    m.invited = withLegalExperts(sim, g, legal);
    agendaFor(sim, gi, m.agenda);
    m.minAttend = Math.ceil(g.spec.minAttendance * g.members.length);
    out[count++] = m;
  }
  return count;
}

/**
 * §3.4: while the validating group negotiates the legal form after the focus groups, the legal
 * experts who sat in a focus group are asked to its meetings too.
 */
function withLegalExperts(sim: ConsortiumSim, g: GroupState, legal: number): Int32Array {
  if (legal < 0 || !g.validates[legal] || !sim.focusDone || !sim.legalExperts.length) return g.members;
  if (!sim.eff.legalNegotiation || sim.controversies[legal].status === 'settled') return g.members;
  // The list only grows (focus-group votes), so the invitation made for its length still holds.
  if (g.withExperts && g.expertsSeen === sim.legalExperts.length) return g.withExperts;
  const extra = sim.legalExperts.filter((i) => !g.memberSet[i]);
  const invited = extra.length ? Int32Array.from([...g.members, ...extra].sort((a, b) => a - b)) : g.members;
  g.withExperts = invited;
  g.expertsSeen = sim.legalExperts.length;
  return invited;
}

/**
 * Time pressure of the nearest national deadline, 0..1: it rises linearly over the
 * calendar.adaptation.weeks before the deadline (plannedWeeks; once that has passed, the extended
 * deadline plannedWeeks + extensionWeeks unless the deadline is firm). A planned deadline that is
 * not the last one exerts only adaptation.plannedDeadlineWeight of the pressure: in 2017 every
 * project was granted the extension (§3.1), so the first date was soft. After the last deadline a
 * flexible calendar exerts no pressure. Groups under deadline pressure meet more often and accept a
 * thinner agreement: time pressure narrows a group's focus to finishing the task (Karau & Kelly
 * 1992; Kelly & Loving 2004) and groups speed up as a deadline comes close (Gersick 1988, 1989).
 */
export function deadlinePressure(s: ConsortiumSim['s'], week: number): number {
  const { plannedWeeks, extensionWeeks, deadline, adaptation } = s.calendar;
  const final = deadline === 'firm' || extensionWeeks <= 0;
  let due = plannedWeeks;
  // The planned deadline weighs less when it is not the last one (an extension is expected).
  let weight = final ? 1 : adaptation.plannedDeadlineWeight;
  if (week >= plannedWeeks) {
    if (final) return 0;
    due = plannedWeeks + extensionWeeks;
    weight = 1;
    if (week >= due) return 0;
  }
  const left = due - week;
  return left >= adaptation.weeks ? 0 : weight * (1 - left / adaptation.weeks);
}

export function unresolvedFor(sim: ConsortiumSim, gi: number): boolean {
  const g = sim.groups[gi];
  for (let c = 0; c < sim.C; c++) {
    const st = sim.controversies[c].status;
    if ((g.proposes[c] && st === 'open') || (g.validates[c] && st !== 'settled')) return true;
  }
  return false;
}

/**
 * The open matters sim group decides, in the scenario's order; else what is still open, to reflect
 * on. Written into `out`.
 */
export function agendaFor(sim: ConsortiumSim, gi: number, out: number[] = []): number[] {
  const g = sim.groups[gi];
  const max = sim.s.deliberation.agendaSize;
  // Overwritten and then cut to length, not emptied first (an empty array gives up its storage).
  let len = 0;
  for (let c = 0; c < sim.C && len < max; c++) {
    const st = sim.controversies[c].status;
    if ((g.proposes[c] && st === 'open') || (g.validates[c] && st === 'proposed')) out[len++] = c;
  }
  if (len === 0) {
    for (let c = 0; c < sim.C && len < max; c++)
      if (sim.controversies[c].status !== 'settled') out[len++] = c;
  }
  out.length = len;
  return out;
}

export function workingGroupMeeting(sim: ConsortiumSim, c: number, week: number): Meeting {
  const { s, pop } = sim;
  const ti = TOPICS.indexOf(TOPIC_OF[sim.controversyIds[c]]);
  // The workingGroups.size most expert active partners (ties to the lower index), by selection:
  // the same set a full sort by (expertise descending, index ascending) would take first.
  const size = s.governance.workingGroups.size;
  const T = TOPICS.length;
  const chosen = sim.attendBuf;
  let k = 0;
  for (let i = 1; i < sim.n; i++) {
    if (!sim.active[i]) continue;
    const e = pop.expertise[i * T + ti];
    if (k < size) {
      chosen[k++] = i;
    } else {
      // Replace the weakest chosen (lowest expertise, then highest index) if i beats it.
      let w = 0;
      for (let q = 1; q < k; q++) {
        const eq = pop.expertise[chosen[q] * T + ti];
        const ew = pop.expertise[chosen[w] * T + ti];
        if (eq < ew || (eq === ew && chosen[q] > chosen[w])) w = q;
      }
      if (e > pop.expertise[chosen[w] * T + ti]) chosen[w] = i;
    }
  }
  const members = chosen.slice(0, k).sort();
  sim.counters.workingGroups++;
  if (sim.opts.events)
    sim.events.push({
      type: 'workingGroup',
      week,
      consortium: sim.index,
      controversy: sim.controversyIds[c],
      members: [...members].map((i) => i + sim.offset),
    });
  return {
    group: `working-${sim.controversyIds[c]}`,
    label: `working group on ${sim.controversyIds[c]}`,
    kind: 'working',
    invited: members,
    agenda: [c],
    hours: s.governance.workingGroups.meetingHours,
    minAttend: Math.ceil(0.5 * members.length),
    groupIndex: -1,
    controversy: c,
  };
}

export function holiday(sim: ConsortiumSim, week: number): boolean {
  const month = ((sim.s.calendar.startMonth - 1 + Math.floor(week / WEEKS_PER_MONTH)) % 12) + 1;
  return sim.s.calendar.holidayMonths.includes(month);
}

export function hold(sim: ConsortiumSim, m: Meeting, week: number): void {
  const { s } = sim;
  const att = sim.attendBuf;
  let na = 0;
  // 2. Attendance: the coordinator (and a lead chair) always; partners with their engagement.
  // Size costs: the more are invited, the less likely each one is to come (diffusion of
  // responsibility, Latané & Darley 1970; Latané 1981), smoothly, with no threshold size.
  const { crowding, hoursPerInvitee, fatigue, leadTension } = sim.eff;
  const ref = s.ties.initial.referenceSize;
  const crowd = crowdingFactor(crowding, m.invited.length, ref);
  const holidayFactor = (holiday(sim, week) ? 1 - s.calendar.holidayFactor : 1) * crowd;
  att[na++] = COORDINATOR;
  const rngA = sim.rng.attendance;
  for (let k = 0; k < m.invited.length; k++) {
    const i = m.invited[k];
    const r = rngA();
    if (!sim.active[i] || i === COORDINATOR) continue;
    if (i === sim.chair || r < sim.engagement[i] * holidayFactor) att[na++] = i;
  }
  const partnersPresent = na - 1;
  const g = m.groupIndex >= 0 ? sim.groups[m.groupIndex] : null;
  if (g) {
    g.lastMeetingWeek = week;
    if (m.kind === 'planned') sim.counters.meetingsPlanned++;
    else {
      sim.counters.meetingsExtra++;
      g.extraHeld++;
    }
  } else if (m.kind === 'focus') sim.counters.focusGroups++;
  // Volunteer hours (the coordinator is paid) and the coordinator's time.
  sim.counters.volunteerHours += partnersPresent * m.hours;
  // Coordination grows with the number invited (invitations, minutes, agendas to reconcile).
  sim.coordinatorHoursLeft -= s.coordinator.organisationHours + m.hours + hoursPerInvitee * m.invited.length;
  const chairPillar = sim.pop.pillar[sim.chair];
  for (let k = 1; k < na; k++) {
    const i = att[k];
    // Partners of another pillar tire faster in meetings a lead organisation chairs (§3.3).
    const tension = leadTension > 0 && sim.pop.pillar[i] !== chairPillar ? 1 + leadTension : 1;
    sim.engagement[i] = clamp01(sim.engagement[i] - (fatigue * tension * m.hours) / sim.pop.availability[i]);
  }
  // The sign-off group weighs the thin agreements first; a reopened matter needs a new sign-off.
  // Time pressure relaxes its attendance quorum as it does every group's (sim/deliberation.ts).
  const relief = 1 - s.calendar.adaptation.quorumRelief * sim.pressure;
  const signOffQuorum = relief < 1 ? Math.ceil(m.minAttend * relief) : m.minAttend;
  if (g && g.spec.id === s.governance.signOff && partnersPresent >= signOffQuorum) {
    if (reviewThinAgreements(sim, att, na, week) === 0) sim.signOffWeek = week;
  }

  // a–e. Conversations, ties, deliberation, the chair's synthesis, interests pulling back.
  converse(sim, att, na, m.agenda);

  // f. Consensus tests and, in focus groups, the vote.
  if (m.kind === 'focus') vote(sim, att, na, week, 'focus');
  else decide(sim, m, att, na, week);

  if (sim.opts.events) {
    const attendees = Array.from(att.subarray(0, na), (i) => i + sim.offset);
    sim.events.push({
      type: 'meeting',
      week,
      consortium: sim.index,
      group: m.group,
      label: m.label,
      kind: m.kind,
      invited: m.invited.length,
      attendees,
      agenda: m.agenda.map((c) => sim.controversyIds[c]),
      hours: m.hours,
    });
    const invited = m.invited.filter((i) => i !== COORDINATOR).length;
    sim.weekMeetings.push({ group: m.group, label: m.label, kind: m.kind, attendees, invited });
  }
}
