// One consortium's conceptualisation phase, week by week (MODEL.md §3): calendar, attendance,
// meetings (conversations, ties, deliberation, chair's synthesis, interests pulling back, consensus),
// the legal-structure focus groups (§3.4), writing the application file (§3.1), extra meetings and
// working groups, engagement and dropout, submission or giving up, observation.
// Rules: Feld (1981) shared foci; Deffuant et al. (2000) and Hegselmann & Krause (2002) bounded
// confidence; Friedkin & Johnsen (1990) anchoring; March (1991) exploration vs exploitation.
import { COORDINATOR, drawPopulation, initialTies, type Population } from './consortium.ts';
import {
  assortativity,
  betweenness,
  eiIndex,
  networkMetrics,
  partitionModularity,
  tieSummary,
} from './metrics.ts';
import { clamp01, normal, type Streams, shuffle } from './rng.ts';
import { LINES, PILLARS, ROLES, type Role, TOPICS, type Topic } from './roles.ts';
import {
  type ControversyId,
  type GroupSpec,
  LEGAL_OPTIONS,
  type LegalOption,
  type Scenario,
} from './scenario/schema.ts';
import type { TieStore } from './ties.ts';
import type {
  ControversyStatus,
  GiveUpReason,
  MeetingKind,
  Outcomes,
  RunStatus,
  SimEvent,
  WeeklyRecord,
} from './types.ts';

export const WEEKS_PER_MONTH = 4.33;

/** Which expertise a working group on a controversy draws on. */
const TOPIC_OF: Record<ControversyId, Topic> = {
  name: 'social',
  targets: 'clinical',
  actions: 'clinical',
  dataProtection: 'legal',
  funding: 'finance',
  legal: 'legal',
};

interface GroupState {
  spec: GroupSpec;
  members: Int32Array;
  memberSet: Uint8Array;
  plannedWeeks: number[];
  plannedHeld: number;
  extraHeld: number;
  lastMeetingWeek: number;
  proposes: boolean[];
  validates: boolean[];
}

interface ControversyState {
  id: ControversyId;
  status: ControversyStatus;
  value: number;
  outcome: string;
  settledWeek: number;
  /** Meetings with this controversy on a deciding agenda since its status last changed. */
  stall: number;
  workingGroupPending: boolean;
}

interface Meeting {
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

export interface ObserveOptions {
  /** Compute the network metrics every week (false: only at the start and the end). */
  weekly: boolean;
  /** Keep the event log. */
  events: boolean;
}

export class ConsortiumSim {
  readonly index: number;
  readonly offset: number;
  readonly s: Scenario;
  readonly pop: Population;
  readonly ties: TieStore;
  readonly n: number;
  readonly C: number;
  readonly controversyIds: ControversyId[];
  readonly positions: Float64Array;
  readonly engagement: Float64Array;
  readonly active: Uint8Array;
  readonly groups: GroupState[];
  readonly controversies: ControversyState[];
  readonly sectionProgress: Float64Array;
  readonly chair: number;
  status: RunStatus = 'running';
  endWeek = -1;
  gaveUpReason: GiveUpReason | '' = '';
  legalChoice: LegalOption | '' = '';
  weekMeetings: { group: string; label: string; kind: MeetingKind; attendees: number[] }[] = [];
  readonly weekly: WeeklyRecord[] = [];
  readonly events: SimEvent[];

  private readonly rng: Streams;
  private readonly opts: ObserveOptions;
  private readonly lowWeeks: Int32Array;
  private readonly lastStrength: Float64Array;
  private readonly pillarAttr: Uint8Array;
  private readonly lineAttr: Uint8Array;
  private pendingWorking: { week: number; controversy: number }[] = [];
  private focusTally: LegalOption[] = [];
  /** Highest legal expertise among the partners of this week's focus-group session. */
  private sessionLegalExpertise = 0;
  private focusVotes: Record<LegalOption, number>[] = [];
  private focusWeek = -1;
  private lastSettlementWeek = -1;
  private signOffWeek = -1;
  private settledThisWeek = 0;
  private coordinatorHoursLeft = 0;
  private counters = {
    volunteerHours: 0,
    coordinatorHours: 0,
    meetingsPlanned: 0,
    meetingsExtra: 0,
    workingGroups: 0,
    focusGroups: 0,
    dropouts: 0,
  };
  private start: { eiPillar: number; eiLine: number; modularity: number; assort: number; density: number };
  private lastBetweenness = { coordinator: 0, isHub: false, centralisation: 0 };
  // Scratch buffers of the meeting kernel, sized to the consortium once.
  private readonly pairBuf: Int32Array;
  private readonly sumTie: Float64Array;
  private readonly cntTie: Float64Array;
  private readonly attendBuf: Int32Array;
  private readonly hkNum: Float64Array;
  private readonly hkDen: Float64Array;
  private readonly sortBuf: Float64Array;
  private readonly agendaMeans: Float64Array;

  constructor(s: Scenario, rng: Streams, index: number, offset: number, opts: ObserveOptions) {
    this.s = s;
    this.rng = rng;
    this.index = index;
    this.offset = offset;
    this.opts = opts;
    this.events = [];
    this.controversyIds = [...s.controversies.order];
    this.C = this.controversyIds.length;
    this.pop = drawPopulation(s, rng.composition);
    this.n = this.pop.n;
    this.ties = initialTies(s, this.pop, rng.ties);
    this.positions = Float64Array.from(this.pop.anchors);
    this.engagement = Float64Array.from(this.pop.engagement);
    this.active = new Uint8Array(this.n).fill(1);
    this.lowWeeks = new Int32Array(this.n);
    this.lastStrength = Float64Array.from(this.ties.strength);
    this.pillarAttr = this.pop.pillar;
    this.lineAttr = this.pop.line;
    const k = s.ties.k;
    this.pairBuf = new Int32Array(Math.max(2 * this.n * k, this.n * 2) + 2 * (k + 1) * (k + 1));
    this.sumTie = new Float64Array(this.n);
    this.cntTie = new Float64Array(this.n);
    this.attendBuf = new Int32Array(this.n);
    this.hkNum = new Float64Array(this.n);
    this.hkDen = new Float64Array(this.n);
    this.sortBuf = new Float64Array(this.n);
    this.agendaMeans = new Float64Array(this.C);
    this.chair = s.governance.chair === 'lead' ? this.pickLead() : COORDINATOR;
    this.groups = this.buildGroups();
    this.controversies = this.controversyIds.map((id) => ({
      id,
      status: 'open' as ControversyStatus,
      value: Number.NaN,
      outcome: '',
      settledWeek: -1,
      stall: 0,
      workingGroupPending: false,
    }));
    this.sectionProgress = new Float64Array(s.file.sections.length);
    const thr = s.observation.tieThreshold;
    this.start = {
      eiPillar: eiIndex(this.ties, this.pillarAttr, thr),
      eiLine: eiIndex(this.ties, this.lineAttr, thr),
      modularity: partitionModularity(this.ties, this.pillarAttr, PILLARS.length),
      assort: assortativity(this.ties, this.pillarAttr, PILLARS.length, thr),
      density: tieSummary(this.ties, this.n, thr).density,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Governance structure: groups as data (Figure 1, §3.1; Provan & Kenis 2008 for the variants).

  private pickLead(): number {
    let best = -1;
    for (let i = 1; i < this.n; i++) {
      if (this.pop.role[i] !== this.s.governance.leadRole) continue;
      if (best < 0 || this.pop.prominence[i] > this.pop.prominence[best]) best = i;
    }
    return best < 0 ? COORDINATOR : best;
  }

  private buildGroups(): GroupState[] {
    const { pop, s } = this;
    const partners = Array.from({ length: this.n - 1 }, (_, k) => k + 1);
    const byProminence = [...partners].sort((a, b) => pop.prominence[b] - pop.prominence[a] || a - b);
    const meanStake = (i: number) => {
      let t = 0;
      for (let c = 0; c < this.C; c++) t += pop.stakes[i * this.C + c];
      return t / this.C;
    };
    const byConcern = [...partners].sort(
      (a, b) => meanStake(b) + 0.5 * pop.prominence[b] - (meanStake(a) + 0.5 * pop.prominence[a]) || a - b,
    );
    const states: GroupState[] = [];
    const byId = new Map<string, GroupState>();
    for (const spec of s.governance.groups) {
      const chosen = new Set<number>();
      const size = Math.min(spec.size, partners.length);
      if (spec.members === 'all') for (const i of partners) chosen.add(i);
      else if (spec.members === 'key') {
        // The most influential partner of each line first, so every line has a voice.
        for (let l = 0; l < LINES.length && chosen.size < size; l++) {
          const top = byProminence.find((i) => pop.line[i] === l);
          if (top !== undefined) chosen.add(top);
        }
        for (const i of byProminence) if (chosen.size < size) chosen.add(i);
      } else if (spec.members === 'concerned') {
        for (const i of byConcern) if (chosen.size < size) chosen.add(i);
      } else {
        // lead: the lead organisation, its colleagues, then the most influential partners.
        if (this.chair !== COORDINATOR) chosen.add(this.chair);
        for (const i of partners)
          if (chosen.size < size && pop.organisation[i] === pop.organisation[this.chair]) chosen.add(i);
        for (const i of byProminence) if (chosen.size < size) chosen.add(i);
      }
      for (const inc of spec.includes) for (const i of byId.get(inc)?.members ?? []) chosen.add(i);
      if (this.chair !== COORDINATOR) chosen.add(this.chair);
      const members = Int32Array.from([...chosen].sort((a, b) => a - b));
      const memberSet = new Uint8Array(this.n);
      for (const i of members) memberSet[i] = 1;
      const plannedWeeks = Array.from(
        { length: spec.plannedMeetings },
        (_, k) => spec.firstWeek + k * spec.interval,
      );
      const st: GroupState = {
        spec,
        members,
        memberSet,
        plannedWeeks,
        plannedHeld: 0,
        extraHeld: 0,
        lastMeetingWeek: -1,
        proposes: this.controversyIds.map((c) => s.governance.decisions[c]?.propose === spec.id),
        validates: this.controversyIds.map((c) => s.governance.decisions[c]?.validate === spec.id),
      };
      byId.set(spec.id, st);
      states.push(st);
    }
    // A group listed in includes before its definition is resolved in a second pass.
    for (const st of states) {
      for (const inc of st.spec.includes) {
        const other = byId.get(inc);
        if (!other) continue;
        const add = [...other.members].filter((i) => !st.memberSet[i]);
        if (!add.length) continue;
        for (const i of add) st.memberSet[i] = 1;
        st.members = Int32Array.from([...st.members, ...add].sort((a, b) => a - b));
      }
    }
    return states;
  }

  // ---------------------------------------------------------------------------------------------
  // The week (MODEL.md §3).

  step(week: number): void {
    if (this.status !== 'running') return;
    const { s } = this;
    this.weekMeetings = [];
    this.settledThisWeek = 0;
    this.coordinatorHoursLeft = s.coordinator.hoursPerWeek;
    this.counters.coordinatorHours += s.coordinator.hoursPerWeek;

    // 1. Calendar: focus groups, working groups, then each group's planned or extra meeting.
    const meetings = this.calendar(week);

    // 2–4. Attendance and meetings, in calendar order.
    for (const m of meetings) this.hold(m, week);
    if (week === this.focusWeek) this.closeFocusGroups(week);

    // 5. Writing the application file with the coordinator's remaining hours.
    this.write(week);

    // 7. Engagement and dropout.
    this.updateEngagement(week);

    // Ties fade a little every week.
    this.ties.decay(s.ties.decay);

    // 8. Submission or abandonment.
    this.checkEnd(week);

    // 9. Observation.
    if (this.opts.weekly || this.status !== 'running') this.observe(week);
  }

  private calendar(week: number): Meeting[] {
    const out: Meeting[] = [];
    const { s } = this;
    if (week === this.focusWeek) out.push(...this.focusGroupMeetings());
    this.pendingWorking = this.pendingWorking.filter((p) => {
      if (p.week !== week) return true;
      const c = this.controversies[p.controversy];
      c.workingGroupPending = false;
      if (c.status === 'settled') return false;
      out.push(this.workingGroupMeeting(p.controversy, week));
      return false;
    });
    const fileDone = this.fileComplete() && this.allSettled();
    const pastDeadline = week >= s.calendar.plannedWeeks;
    this.groups.forEach((g, gi) => {
      const planned = g.plannedWeeks[g.plannedHeld] === week;
      let kind: MeetingKind | null = planned ? 'planned' : null;
      if (!kind) {
        const plannedUsed = g.plannedHeld >= g.plannedWeeks.length;
        const due = week >= g.lastMeetingWeek + g.spec.extraInterval;
        const unresolved = this.unresolvedFor(gi);
        const needsSignOff =
          g.spec.id === s.governance.signOff && fileDone && this.signOffWeek <= this.lastSettlementWeek;
        if (needsSignOff || ((plannedUsed || pastDeadline) && unresolved && due)) kind = 'extra';
      }
      if (!kind) return;
      if (kind === 'planned') g.plannedHeld++;
      out.push({
        group: g.spec.id,
        label: g.spec.label,
        kind,
        invited: g.members,
        agenda: this.agendaFor(gi),
        hours: g.spec.meetingHours,
        minAttend: Math.ceil(g.spec.minAttendance * g.members.length),
        groupIndex: gi,
        controversy: -1,
      });
    });
    return out;
  }

  private unresolvedFor(gi: number): boolean {
    const g = this.groups[gi];
    for (let c = 0; c < this.C; c++) {
      const st = this.controversies[c].status;
      if ((g.proposes[c] && st === 'open') || (g.validates[c] && st !== 'settled')) return true;
    }
    return false;
  }

  /** The open matters this group decides, in the scenario's order; else what is still open, to reflect on. */
  private agendaFor(gi: number): number[] {
    const g = this.groups[gi];
    const max = this.s.deliberation.agendaSize;
    const out: number[] = [];
    for (let c = 0; c < this.C && out.length < max; c++) {
      const st = this.controversies[c].status;
      if ((g.proposes[c] && st === 'open') || (g.validates[c] && st === 'proposed')) out.push(c);
    }
    if (out.length === 0) {
      for (let c = 0; c < this.C && out.length < max; c++)
        if (this.controversies[c].status !== 'settled') out.push(c);
    }
    return out;
  }

  private workingGroupMeeting(c: number, week: number): Meeting {
    const { s, pop } = this;
    const ti = TOPICS.indexOf(TOPIC_OF[this.controversyIds[c]]);
    const experts: number[] = [];
    for (let i = 1; i < this.n; i++) if (this.active[i]) experts.push(i);
    experts.sort(
      (a, b) => pop.expertise[b * TOPICS.length + ti] - pop.expertise[a * TOPICS.length + ti] || a - b,
    );
    const members = Int32Array.from(experts.slice(0, s.governance.workingGroups.size).sort((a, b) => a - b));
    this.counters.workingGroups++;
    if (this.opts.events)
      this.events.push({
        type: 'workingGroup',
        week,
        consortium: this.index,
        controversy: this.controversyIds[c],
        members: [...members].map((i) => i + this.offset),
      });
    return {
      group: `working-${this.controversyIds[c]}`,
      label: `working group on ${this.controversyIds[c]}`,
      kind: 'working',
      invited: members,
      agenda: [c],
      hours: s.governance.workingGroups.meetingHours,
      minAttend: Math.ceil(0.5 * members.length),
      groupIndex: -1,
      controversy: c,
    };
  }

  /** §3.4: the whole consortium in groups of 10–15, each deliberating then voting on the legal form. */
  private focusGroupMeetings(): Meeting[] {
    const { s } = this;
    const partners: number[] = [];
    for (let i = 1; i < this.n; i++) if (this.active[i]) partners.push(i);
    const li = TOPICS.indexOf('legal');
    this.sessionLegalExpertise = 0;
    for (const i of partners)
      this.sessionLegalExpertise = Math.max(
        this.sessionLegalExpertise,
        this.pop.expertise[i * TOPICS.length + li],
      );
    shuffle(partners, this.rng.votes);
    const groups = Math.max(1, Math.round(partners.length / s.focusGroups.size));
    const legal = this.controversyIds.indexOf('legal');
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

  private holiday(week: number): boolean {
    const month = ((this.s.calendar.startMonth - 1 + Math.floor(week / WEEKS_PER_MONTH)) % 12) + 1;
    return this.s.calendar.holidayMonths.includes(month);
  }

  // ---------------------------------------------------------------------------------------------
  // A meeting (MODEL.md §3.3 a–f).

  private hold(m: Meeting, week: number): void {
    const { s } = this;
    const att = this.attendBuf;
    let na = 0;
    // 2. Attendance: the coordinator (and a lead chair) always; partners with their engagement.
    const holidayFactor = this.holiday(week) ? 1 - s.calendar.holidayFactor : 1;
    att[na++] = COORDINATOR;
    const rngA = this.rng.attendance;
    for (let k = 0; k < m.invited.length; k++) {
      const i = m.invited[k];
      const r = rngA();
      if (!this.active[i] || i === COORDINATOR) continue;
      if (i === this.chair || r < this.engagement[i] * holidayFactor) att[na++] = i;
    }
    const partnersPresent = na - 1;
    const g = m.groupIndex >= 0 ? this.groups[m.groupIndex] : null;
    if (g) {
      g.lastMeetingWeek = week;
      if (m.kind === 'planned') this.counters.meetingsPlanned++;
      else {
        this.counters.meetingsExtra++;
        g.extraHeld++;
      }
    } else if (m.kind === 'focus') this.counters.focusGroups++;
    // Volunteer hours (the coordinator is paid) and the coordinator's time.
    this.counters.volunteerHours += partnersPresent * m.hours;
    this.coordinatorHoursLeft -= s.coordinator.organisationHours + m.hours;
    const fatigue = s.engagement.fatigue * (s.attendanceFees ? s.engagement.feeFatigueFactor : 1);
    for (let k = 1; k < na; k++) {
      const i = att[k];
      this.engagement[i] = clamp01(this.engagement[i] - (fatigue * m.hours) / this.pop.availability[i]);
    }
    if (g && g.spec.id === s.governance.signOff && partnersPresent >= m.minAttend) this.signOffWeek = week;

    // a–e. Conversations, ties, deliberation, the chair's synthesis, interests pulling back.
    this.converse(att, na, m.agenda);

    // f. Consensus tests and, in focus groups, the vote.
    if (m.kind === 'focus') this.vote(att, na, week, m);
    else this.decide(m, att, na, week);

    if (this.opts.events) {
      const attendees = Array.from(att.subarray(0, na), (i) => i + this.offset);
      this.events.push({
        type: 'meeting',
        week,
        consortium: this.index,
        group: m.group,
        label: m.label,
        kind: m.kind,
        invited: m.invited.length,
        attendees,
        agenda: m.agenda.map((c) => this.controversyIds[c]),
        hours: m.hours,
      });
      this.weekMeetings.push({ group: m.group, label: m.label, kind: m.kind, attendees });
    }
  }

  /**
   * The meeting kernel: conversations, tie growth, deliberation, synthesis, anchoring.
   * Hot path (bench/README.md): no allocation, the tie update inlined, per-attendee factors of the
   * synthesis and anchoring computed once per meeting rather than once per agenda item; every
   * floating-point operation is the same, in the same order, as the plain statement of the rules.
   */
  converse(att: Int32Array, na: number, agenda: number[]): void {
    const { s, ties, positions: x, pop } = this;
    const C = this.C;
    const { alpha, k, pTriad, strongTie } = s.ties;
    const { rule, mu, d0, dTrust, gamma, eta } = s.deliberation;
    const rng = this.rng.conversation;
    const pairs = this.pairBuf;
    let np = 0;
    // a. Who talks with whom: every pair in a small meeting, k random partners in a large one.
    if (na <= k + 1) {
      for (let p = 0; p < na; p++) {
        const i = att[p];
        for (let q = p + 1; q < na; q++) {
          pairs[np++] = i;
          pairs[np++] = att[q];
        }
      }
    } else {
      for (let p = 0; p < na; p++) {
        const start = np;
        const i = att[p];
        for (let t = 0; t < k; t++) {
          let j: number;
          let dup: boolean;
          do {
            let q = Math.floor(rng() * (na - 1));
            if (q >= p) q++;
            j = att[q];
            dup = false;
            for (let u = start + 1; u < np; u += 2)
              if (pairs[u] === j) {
                dup = true;
                break;
              }
          } while (dup);
          pairs[np++] = i;
          pairs[np++] = j;
        }
      }
    }
    const sumTie = this.sumTie;
    const cntTie = this.cntTie;
    for (let p = 0; p < na; p++) {
      sumTie[att[p]] = 0;
      cntTie[att[p]] = 0;
    }
    const stub = pop.stubbornness;
    const delib = pop.deliberates;
    const deffuant = rule === 'deffuant';
    const strength = ties.strength;
    const nA = agenda.length;
    // b–c. Ties grow with each conversation; bounded-confidence exchange widened by trust.
    for (let p = 0; p < np; p += 2) {
      const i = pairs[p];
      const j = pairs[p + 1];
      const e = ties.ensure(i, j);
      // ties.add(e, alpha (1 - w)) inlined; ties.w is read after ensure, which may have grown it.
      const tw = ties.w;
      const w0 = tw[e];
      const delta = alpha * (1 - w0);
      const w = w0 + delta;
      tw[e] = w;
      strength[i] += delta;
      strength[j] += delta;
      sumTie[i] += w;
      sumTie[j] += w;
      cntTie[i]++;
      cntTie[j]++;
      if (pTriad > 0 && rng() < pTriad) this.introduce(i, j, strongTie, alpha, rng);
      if (!deffuant || !delib[i] || !delib[j]) continue;
      const bound = d0 + dTrust * w;
      const fi = mu * (1 - stub[i]);
      const fj = mu * (1 - stub[j]);
      const oi = i * C;
      const oj = j * C;
      for (let a = 0; a < nA; a++) {
        const c = agenda[a];
        const xi = x[oi + c];
        const xj = x[oj + c];
        const d = xj - xi;
        if (d < bound && -d < bound) {
          x[oi + c] = xi + fi * d;
          x[oj + c] = xj - fj * d;
        }
      }
    }
    if (!deffuant) this.hkUpdate(pairs, np, att, na, agenda);
    // d. The chair's synthesis: attendees move towards the attendees' mean, as much as they trust the chair.
    const chairPull = s.deliberation.muChair * (s.coach.enabled ? s.coach.chairBoost : 1);
    const chair = this.chair;
    // e. Interests pull back (Friedkin–Johnsen), less so the more tied one is to the room ("taming", §4.1).
    // Per attendee, once: the pull towards the chair's synthesis and gamma × the effective
    // stubbornness (hkNum / hkDen are free scratch once hkUpdate is done; indexed by seat p).
    const pull = this.hkNum;
    const anchoring = this.hkDen;
    for (let p = 0; p < na; p++) {
      const i = att[p];
      if (!delib[i]) continue;
      pull[p] = chairPull > 0 && i !== chair ? Math.min(1, chairPull * ties.weight(i, chair)) : 0;
      const meanTie = cntTie[i] > 0 ? sumTie[i] / cntTie[i] : 0;
      const stubEff = stub[i] * (1 - eta * meanTie);
      anchoring[p] = gamma * stubEff;
    }
    const stakes = pop.stakes;
    const anchors = pop.anchors;
    // An agenda lists each controversy at most once (agendaFor, working and focus groups), so the
    // columns are independent: all means first (summed in seat order), then one pass per attendee.
    const means = this.agendaMeans;
    for (let a = 0; a < nA; a++) means[a] = 0;
    let cnt = 0;
    for (let p = 0; p < na; p++) {
      const i = att[p];
      if (!delib[i]) continue;
      const row = i * C;
      for (let a = 0; a < nA; a++) means[a] += x[row + agenda[a]];
      cnt++;
    }
    if (cnt === 0) return;
    for (let a = 0; a < nA; a++) means[a] /= cnt;
    const pulled = chairPull > 0;
    for (let p = 0; p < na; p++) {
      const i = att[p];
      if (!delib[i]) continue;
      const row = i * C;
      const f = pulled && i !== chair ? pull[p] : -1;
      const g = anchoring[p];
      for (let a = 0; a < nA; a++) {
        const o = row + agenda[a];
        let xi = x[o];
        if (f >= 0) xi += f * (means[a] - xi);
        xi += g * stakes[o] * (anchors[o] - xi);
        x[o] = xi < 0 ? 0 : xi > 1 ? 1 : xi;
      }
    }
  }

  /** Triadic closure: i introduces j to one of its strong contacts (Jin, Girvan & Newman 2001). */
  private introduce(i: number, j: number, strongTie: number, alpha: number, rng: () => number): void {
    const deg = this.ties.degree(i);
    if (deg === 0) return;
    const e = this.ties.incident(i, Math.floor(rng() * deg));
    if (this.ties.w[e] < strongTie) return;
    const l = this.ties.other(e, i);
    if (l === j || !this.active[l]) return;
    const f = this.ties.ensure(j, l);
    this.ties.add(f, alpha * (1 - this.ties.w[f]));
  }

  /**
   * Weighted Hegselmann–Krause: each attendee moves to the tie-weighted mean of those it talked
   * with who are within its confidence bound (itself with weight 1), damped by its stubbornness.
   * In a large meeting one hears only one's conversation partners, which keeps the cost linear.
   */
  private hkUpdate(pairs: Int32Array, np: number, att: Int32Array, na: number, agenda: number[]): void {
    const { ties, positions: x, pop, C } = this;
    const { d0, dTrust } = this.s.deliberation;
    const num = this.hkNum;
    const den = this.hkDen;
    for (let a = 0; a < agenda.length; a++) {
      const c = agenda[a];
      for (let p = 0; p < na; p++) {
        const i = att[p];
        num[i] = x[i * C + c];
        den[i] = 1;
      }
      for (let p = 0; p < np; p += 2) {
        const i = pairs[p];
        const j = pairs[p + 1];
        if (!pop.deliberates[i] || !pop.deliberates[j]) continue;
        const w = ties.weight(i, j);
        const xi = x[i * C + c];
        const xj = x[j * C + c];
        if (Math.abs(xi - xj) < d0 + dTrust * w) {
          num[i] += w * xj;
          den[i] += w;
          num[j] += w * xi;
          den[j] += w;
        }
      }
      for (let p = 0; p < na; p++) {
        const i = att[p];
        if (!pop.deliberates[i]) continue;
        const target = num[i] / den[i];
        x[i * C + c] += (1 - pop.stubbornness[i]) * (target - x[i * C + c]);
      }
    }
  }

  /** Share of deliberating attendees within epsilon of their median, and the median. */
  private agreement(
    att: Int32Array,
    na: number,
    c: number,
  ): { share: number; median: number; count: number } {
    const buf = this.sortBuf;
    let m = 0;
    for (let p = 0; p < na; p++) {
      const i = att[p];
      if (this.pop.deliberates[i]) buf[m++] = this.positions[i * this.C + c];
    }
    if (m === 0) return { share: 0, median: Number.NaN, count: 0 };
    const sorted = buf.subarray(0, m).sort();
    const median = m % 2 ? sorted[(m - 1) >> 1] : 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]);
    const eps = this.s.deliberation.epsilon;
    let within = 0;
    for (let p = 0; p < m; p++) if (Math.abs(sorted[p] - median) <= eps) within++;
    return { share: within / m, median, count: m };
  }

  private decide(m: Meeting, att: Int32Array, na: number, week: number): void {
    const { s } = this;
    const g = m.groupIndex >= 0 ? this.groups[m.groupIndex] : null;
    const legalIdx = this.controversyIds.indexOf('legal');
    for (const c of m.agenda) {
      const st = this.controversies[c];
      const proposes = g
        ? g.proposes[c] && st.status === 'open'
        : m.kind === 'working' && st.status === 'open';
      const validates = g ? g.validates[c] && st.status === 'proposed' : false;
      if (!proposes && !validates) continue;
      const ag = this.agreement(att, na, c);
      const quorate = ag.count >= m.minAttend;
      const agreed = quorate && ag.share >= s.deliberation.quorum;
      // The legal form waits for the focus groups' vote when they are part of the process.
      if (c === legalIdx && proposes && this.legalChoice === '') {
        if (s.focusGroups.enabled) {
          if (this.focusWeek < 0) this.focusWeek = week + Math.max(1, s.focusGroups.leadWeeks);
          continue;
        }
        if (agreed) this.vote(att, na, week, m);
      }
      if (agreed) {
        st.stall = 0;
        if (proposes) {
          st.status = 'proposed';
          st.value = ag.median;
          if (this.opts.events)
            this.events.push({
              type: 'proposed',
              week,
              consortium: this.index,
              controversy: st.id,
              group: m.group,
              value: ag.median,
            });
          // The proposing group can also be the validating one (participant-governed).
          if (g?.validates[c]) this.settle(c, ag.median, week, m.group);
        } else this.settle(c, ag.median, week, m.group);
      } else if (quorate) {
        st.stall++;
        const wg = s.governance.workingGroups;
        if (wg.enabled && st.stall >= wg.stallMeetings && !st.workingGroupPending && st.status === 'open') {
          st.workingGroupPending = true;
          st.stall = 0;
          this.pendingWorking.push({ week: week + 1, controversy: c });
        }
      }
    }
  }

  private settle(c: number, value: number, week: number, group: string): void {
    const st = this.controversies[c];
    st.status = 'settled';
    st.value = value;
    st.settledWeek = week;
    st.outcome = st.id === 'legal' && this.legalChoice ? this.legalChoice : value.toFixed(3);
    this.lastSettlementWeek = week;
    this.settledThisWeek++;
    if (this.opts.events)
      this.events.push({
        type: 'settled',
        week,
        consortium: this.index,
        controversy: st.id,
        group,
        value,
        outcome: st.outcome,
      });
  }

  /**
   * §3.4, the legal-structure vote: U_i(o) = preference_i(o) + familiarityBias (1 - legalExpertise_i)
   * familiar(o) + noise; "innovative" is considered only when someone in the room knows enough law
   * (March 1991; Denrell & March 2001). A legal expert in the room lifts the others' expertise.
   */
  private vote(att: Int32Array, na: number, week: number, m: Meeting): void {
    const { s, pop } = this;
    const L = s.legal;
    const li = TOPICS.indexOf('legal');
    const legal = this.controversyIds.indexOf('legal');
    // A focus-group session opens with a briefing by the session's most legally expert partner
    // (§3.4: the groups of one session deliberate the same options), so that expertise reaches
    // every group of the session, not only the one the expert sits in.
    let maxExp = m.kind === 'focus' ? this.sessionLegalExpertise : 0;
    for (let p = 0; p < na; p++) {
      const i = att[p];
      if (pop.deliberates[i]) maxExp = Math.max(maxExp, pop.expertise[i * TOPICS.length + li]);
    }
    const considered = LEGAL_OPTIONS.filter((o) => o !== 'innovative' || maxExp > L.exploreThreshold);
    const votes = Object.fromEntries(LEGAL_OPTIONS.map((o) => [o, 0])) as Record<LegalOption, number>;
    const members: number[] = [];
    const rng = this.rng.votes;
    for (let p = 0; p < na; p++) {
      const i = att[p];
      if (!pop.deliberates[i]) continue;
      members.push(i + this.offset);
      const own = pop.expertise[i * TOPICS.length + li];
      const exp = own + L.expertInfluence * Math.max(0, maxExp - own);
      const xi = legal >= 0 ? this.positions[i * this.C + legal] : 0.5;
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
      this.focusTally.push(winner);
      this.focusVotes.push(votes);
    }
    if (this.opts.events)
      this.events.push({
        type: 'vote',
        week,
        consortium: this.index,
        focusGroup: m.kind === 'focus' ? this.focusTally.length : 0,
        members,
        votes,
        winner,
        considered,
      });
    if (m.kind !== 'focus') this.chooseLegal(winner, week);
  }

  private chooseLegal(option: LegalOption, week: number): void {
    this.legalChoice = option;
    if (this.opts.events) this.events.push({ type: 'legalChoice', week, consortium: this.index, option });
  }

  /** After the focus groups of a week: the option that won most groups (then most votes). */
  private closeFocusGroups(week: number): void {
    if (!this.focusTally.length) {
      this.focusWeek = -1; // nobody came: the project group will ask again
      return;
    }
    const wins = Object.fromEntries(LEGAL_OPTIONS.map((o) => [o, 0])) as Record<LegalOption, number>;
    const total = Object.fromEntries(LEGAL_OPTIONS.map((o) => [o, 0])) as Record<LegalOption, number>;
    for (const w of this.focusTally) wins[w]++;
    for (const v of this.focusVotes) for (const o of LEGAL_OPTIONS) total[o] += v[o];
    let best: LegalOption = LEGAL_OPTIONS[0];
    for (const o of LEGAL_OPTIONS)
      if (wins[o] > wins[best] || (wins[o] === wins[best] && total[o] > total[best])) best = o;
    this.focusTally = [];
    this.focusVotes = [];
    this.chooseLegal(best, week);
  }

  // ---------------------------------------------------------------------------------------------
  // Writing, engagement, the end (MODEL.md §3.5, §3.7, §3.8).

  private fileComplete(): boolean {
    const secs = this.s.file.sections;
    for (let k = 0; k < secs.length; k++) if (this.sectionProgress[k] < secs[k].hours) return false;
    return true;
  }

  private allSettled(): boolean {
    for (const c of this.controversies) if (c.status !== 'settled') return false;
    return true;
  }

  private write(week: number): void {
    const { s } = this;
    let hours = Math.max(0, this.coordinatorHoursLeft) * (s.coach.enabled ? s.coach.writingEfficiency : 1);
    const settled = (id: ControversyId) => {
      const k = this.controversyIds.indexOf(id);
      return k < 0 || this.controversies[k].status === 'settled';
    };
    s.file.sections.forEach((sec, k) => {
      if (hours <= 0 || this.sectionProgress[k] >= sec.hours || !sec.needs.every(settled)) return;
      const use = Math.min(hours, sec.hours - this.sectionProgress[k]);
      this.sectionProgress[k] += use;
      hours -= use;
      if (this.sectionProgress[k] >= sec.hours && this.opts.events)
        this.events.push({ type: 'sectionWritten', week, consortium: this.index, section: sec.id });
    });
  }

  private updateEngagement(week: number): void {
    const { s, ties } = this;
    const E = s.engagement;
    const denom = Math.max(1, this.n - 1);
    for (let i = 1; i < this.n; i++) {
      if (!this.active[i]) continue;
      const rise = (ties.strength[i] - this.lastStrength[i]) / denom;
      this.engagement[i] = clamp01(
        this.engagement[i] + E.progressGain * this.settledThisWeek + E.tieGain * rise,
      );
      if (this.engagement[i] < E.dropoutLevel) {
        if (++this.lowWeeks[i] >= E.dropoutWeeks && i !== this.chair) {
          this.active[i] = 0;
          this.counters.dropouts++;
          if (this.opts.events)
            this.events.push({ type: 'dropout', week, consortium: this.index, actor: i + this.offset });
        }
      } else this.lowWeeks[i] = 0;
    }
    this.lastStrength.set(ties.strength);
  }

  private checkEnd(week: number): void {
    const { s } = this;
    // Every controversy closes before submission (MODEL.md §8.9), even one no section needs.
    if (
      this.fileComplete() &&
      this.allSettled() &&
      this.signOffWeek >= 0 &&
      this.signOffWeek >= this.lastSettlementWeek
    ) {
      this.finish(week, 'submitted');
      return;
    }
    for (const g of this.groups) {
      if (!g.proposes.some(Boolean)) continue;
      let activeMembers = 0;
      for (const i of g.members) if (this.active[i]) activeMembers++;
      if (activeMembers < Math.ceil(g.spec.minAttendance * g.members.length)) {
        this.finish(week, 'gaveUp', 'quorum');
        return;
      }
    }
    if (s.calendar.deadline === 'firm' && week + 1 >= s.calendar.plannedWeeks)
      this.finish(week, 'gaveUp', 'deadline');
    else if (week + 1 >= s.calendar.horizonWeeks) this.finish(week, 'gaveUp', 'horizon');
  }

  private finish(week: number, status: RunStatus, reason: GiveUpReason | '' = ''): void {
    this.status = status;
    this.endWeek = week;
    this.gaveUpReason = reason;
    if (this.opts.events) {
      if (status === 'submitted') this.events.push({ type: 'submitted', week, consortium: this.index });
      else this.events.push({ type: 'gaveUp', week, consortium: this.index, reason: reason as GiveUpReason });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Observation (MODEL.md §6).

  private observe(week: number): void {
    const { s, ties, n } = this;
    const thr = s.observation.tieThreshold;
    if (
      week % s.observation.betweennessInterval === 0 ||
      this.status !== 'running' ||
      this.weekly.length === 0
    ) {
      const bc = betweenness(ties, n, thr, s.observation.betweennessPivots, week);
      let max = 0;
      for (let i = 0; i < n; i++) if (bc.values[i] > max) max = bc.values[i];
      this.lastBetweenness = {
        coordinator: bc.values[COORDINATOR],
        isHub: bc.values[COORDINATOR] >= max && max > 0,
        centralisation: bc.centralisation,
      };
    }
    const net = networkMetrics(ties, n, this.pillarAttr, this.lineAttr, PILLARS.length, thr);
    let active = 0;
    for (let i = 1; i < n; i++) active += this.active[i];
    const dispersion: number[] = [];
    for (let c = 0; c < this.C; c++) {
      let m = 0;
      let m2 = 0;
      let cnt = 0;
      for (let i = 1; i < n; i++) {
        if (!this.active[i]) continue;
        const v = this.positions[i * this.C + c];
        m += v;
        m2 += v * v;
        cnt++;
      }
      dispersion.push(cnt ? Math.sqrt(Math.max(0, m2 / cnt - (m / cnt) ** 2)) : 0);
    }
    this.weekly.push({
      consortium: this.index,
      week,
      month: (week + 1) / WEEKS_PER_MONTH,
      eiPillar: net.eiPillar,
      eiLine: net.eiLine,
      assortativityPillar: net.assortativityPillar,
      density: net.density,
      meanTie: net.meanTie,
      components: net.components,
      modularityPillar: net.modularityPillar,
      coordinatorBetweenness: this.lastBetweenness.coordinator,
      coordinatorIsHub: this.lastBetweenness.isHub,
      centralisation: this.lastBetweenness.centralisation,
      fileCompletion: this.fileCompletion(),
      volunteerHours: this.counters.volunteerHours,
      coordinatorHours: this.counters.coordinatorHours,
      meetingsPlanned: this.counters.meetingsPlanned,
      meetingsExtra: this.counters.meetingsExtra,
      workingGroups: this.counters.workingGroups,
      active,
      settled: this.controversies.filter((c) => c.status === 'settled').length,
      dispersion,
      status: this.controversies.map((c) => c.status),
    });
  }

  fileCompletion(): number {
    let done = 0;
    let total = 0;
    this.s.file.sections.forEach((sec, k) => {
      done += Math.min(sec.hours, this.sectionProgress[k]);
      total += sec.hours;
    });
    return total ? done / total : 1;
  }

  outcomes(): Outcomes {
    const { s } = this;
    const last = this.weekly[this.weekly.length - 1];
    const weeks = this.endWeek + 1;
    const months = weeks / WEEKS_PER_MONTH;
    const plannedMonths = s.calendar.plannedWeeks / WEEKS_PER_MONTH;
    const fundedMonths = s.coordinator.lumpSumEur / s.coordinator.monthlyCostEur;
    return {
      submitted: this.status === 'submitted',
      gaveUp: this.status === 'gaveUp',
      gaveUpReason: this.gaveUpReason,
      weeks,
      months,
      monthsOverPlan: months - plannedMonths,
      meetingsPlanned: this.counters.meetingsPlanned,
      meetingsExtra: this.counters.meetingsExtra,
      workingGroups: this.counters.workingGroups,
      focusGroups: this.counters.focusGroups,
      legalOutcome:
        this.controversies.find((c) => c.id === 'legal')?.status === 'settled' ? this.legalChoice : '',
      eiPillarStart: this.start.eiPillar,
      eiPillarEnd: last.eiPillar,
      eiLineStart: this.start.eiLine,
      eiLineEnd: last.eiLine,
      modularityPillarStart: this.start.modularity,
      modularityPillarEnd: last.modularityPillar,
      assortativityPillarStart: this.start.assort,
      assortativityPillarEnd: last.assortativityPillar,
      densityStart: this.start.density,
      density: last.density,
      meanTie: last.meanTie,
      dropouts: this.counters.dropouts,
      volunteerHours: this.counters.volunteerHours,
      coordinatorHours: this.counters.coordinatorHours,
      coordinatorMonthsUnfunded: Math.max(0, months - fundedMonths),
      settleWeek: Object.fromEntries(this.controversies.map((c) => [c.id, c.settledWeek])),
      extraByGroup: Object.fromEntries(this.groups.map((g) => [g.spec.id, g.extraHeld])),
    };
  }

  /** Group ids an actor sits in (for the view's tooltips). */
  groupsOf(i: number): string[] {
    return this.groups.filter((g) => g.memberSet[i]).map((g) => g.spec.id);
  }

  roleLabel(i: number): string {
    const r = this.pop.role[i];
    return r === 'coordinator' ? 'coordinator' : ROLES[r as Role].label;
  }
}
