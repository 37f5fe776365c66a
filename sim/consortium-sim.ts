// One consortium's conceptualisation phase, week by week (MODEL.md §3; the paper's §3.1–§3.4):
// ConsortiumSim holds the consortium's state and keeps the weekly schedule; each mechanism lives in
// its own module: calendar and meetings (meetings.ts), deliberation (deliberation.ts), the legal
// decision (legal.ts), writing (writing.ts), engagement and dropout (engagement.ts), observation
// (observation.ts). Submission or giving up closes the week here.
import { float64, int32, uint8 } from './buffers.ts';
import { COORDINATOR, drawPopulation, initialTies, type Population } from './consortium.ts';
import { converse } from './deliberation.ts';
import { updateEngagement } from './engagement.ts';
import { closeFocusGroups } from './legal.ts';
import {
  buildGroups,
  calendar,
  deadlinePressure,
  type GroupState,
  hold,
  type Meeting,
  pickLead,
  WEEKS_PER_MONTH,
} from './meetings.ts';
import { networkMetrics } from './metrics.ts';
import { observe, outcomes } from './observation.ts';
import type { Streams } from './rng.ts';
import { PILLARS, ROLES, type Role } from './roles.ts';
import type { ControversyId, LegalOption, Scenario } from './scenario/schema.ts';
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
import { allSettled, fileComplete, fileCompletion, write } from './writing.ts';

export { WEEKS_PER_MONTH };

export interface ControversyState {
  id: ControversyId;
  status: ControversyStatus;
  value: number;
  outcome: string;
  settledWeek: number;
  /** Meetings with this controversy on a deciding agenda since its status last changed. */
  stall: number;
  workingGroupPending: boolean;
  /** Closed on a relaxed quorum (deadline pressure) rather than the scenario's own (MODEL.md §3.8). */
  thin: boolean;
  /** Times it reopened after a thin agreement (at most once). */
  reopened: number;
}

/**
 * Parameters as the scenario's `mechanisms` switches leave them: a switched-off mechanism has its
 * strength set to zero here, once, so the weekly code and the meeting kernel never test a switch.
 */
export interface Effective {
  eta: number;
  dTrust: number;
  chairPull: number;
  gamma: number;
  familiarityBias: number;
  fatigue: number;
  writingEfficiency: number;
  extraMeetings: boolean;
  workingGroups: boolean;
  legalNegotiation: boolean;
  deadlineAdaptation: boolean;
  hoursPerInvitee: number;
  crowding: number;
  /** Process losses per attendee beyond the first (Steiner 1972). */
  processLoss: number;
  homophilyFamiliar: number;
  homophilySamePillar: number;
  reopening: boolean;
  dropout: boolean;
  /** Pillar tension of a lead chair: 0 when the coordinator chairs. */
  leadTension: number;
}

export function effective(s: Scenario, leadChairs: boolean): Effective {
  const m = s.mechanisms;
  const coach = s.coach.enabled && m.coach;
  return {
    eta: m.taming ? s.deliberation.eta : 0,
    dTrust: m.trustWidening ? s.deliberation.dTrust : 0,
    chairPull: m.chairSynthesis ? s.deliberation.muChair * (coach ? s.coach.chairBoost : 1) : 0,
    gamma: m.anchoring ? s.deliberation.gamma : 0,
    familiarityBias: m.familiarityBias ? s.legal.familiarityBias : 0,
    fatigue: m.fatigue ? s.engagement.fatigue * (s.attendanceFees ? s.engagement.feeFatigueFactor : 1) : 0,
    writingEfficiency: coach ? s.coach.writingEfficiency : 1,
    extraMeetings: m.extraMeetings,
    workingGroups: m.workingGroups && s.governance.workingGroups.enabled,
    legalNegotiation: m.legalNegotiation,
    deadlineAdaptation: m.deadlineAdaptation && s.calendar.adaptation.weeks > 0,
    hoursPerInvitee: m.sizeCosts ? s.coordinator.hoursPerInvitee : 0,
    crowding: m.sizeCosts ? s.engagement.crowding : 0,
    processLoss: m.sizeCosts ? s.deliberation.processLoss : 0,
    homophilyFamiliar: m.homophily ? s.ties.homophily.familiar : 0,
    homophilySamePillar: m.homophily ? s.ties.homophily.samePillar : 0,
    reopening: m.reopening && s.deliberation.reopenSupport > 0,
    dropout: m.dropout,
    leadTension: m.pillarTension && leadChairs ? s.governance.leadPillarTension : 0,
  };
}

export interface ObserveOptions {
  /** Compute the network metrics every week (false: only at the start and the end). */
  weekly: boolean;
  /** Keep the event log. */
  events: boolean;
  /**
   * Compute the coordinator's betweenness in the weekly records. A summary run skips it: its
   * outcomes read none of it, and it was about a tenth of a default run's time (bench/README.md).
   */
  betweenness: boolean;
}

/** A controversy as a run opens it: every field set, on a record new or left by the last run. */
function openControversy(c: ControversyState): ControversyState {
  c.status = 'open';
  c.value = Number.NaN;
  c.outcome = '';
  c.settledWeek = -1;
  c.stall = 0;
  c.workingGroupPending = false;
  c.thin = false;
  c.reopened = 0;
  return c;
}

export class ConsortiumSim {
  // Set by reset (a run context resets a consortium for each run: sim/engine.ts, RunContext).
  index!: number;
  offset!: number;
  s!: Scenario;
  pop!: Population;
  ties!: TieStore;
  n!: number;
  C!: number;
  controversyIds!: ControversyId[];
  positions!: Float64Array;
  engagement!: Float64Array;
  active!: Uint8Array;
  groups!: GroupState[];
  controversies!: ControversyState[];
  sectionProgress!: Float64Array;
  chair!: number;
  status!: RunStatus;
  endWeek!: number;
  gaveUpReason!: GiveUpReason | '';
  legalChoice!: LegalOption | '';
  weekMeetings!: {
    group: string;
    label: string;
    kind: MeetingKind;
    attendees: number[];
    invited: number;
  }[];
  weekly!: WeeklyRecord[];
  events!: SimEvent[];

  rng!: Streams;
  opts!: ObserveOptions;
  lowWeeks!: Int32Array;
  lastStrength!: Float64Array;
  pillarAttr!: Uint8Array;
  lineAttr!: Uint8Array;
  pendingWorking!: { week: number; controversy: number }[];
  focusTally!: LegalOption[];
  /** The focus groups have met and advised (§3.4); their majority option, '' before. */
  focusDone!: boolean;
  legalAdvice!: LegalOption | '';
  /** Partners with legal expertise above legal.exploreThreshold who attended a focus group. */
  legalExperts!: number[];
  /** Time pressure of the nearest deadline this week, 0..1 (sim/meetings.ts, deadlinePressure). */
  pressure!: number;
  /** The parameters as the mechanisms switches leave them (scenario `mechanisms`). */
  eff!: Effective;
  focusVotes!: Record<LegalOption, number>[];
  focusWeek!: number;
  lastSettlementWeek!: number;
  signOffWeek!: number;
  settledThisWeek!: number;
  coordinatorHoursLeft!: number;
  readonly counters = {
    volunteerHours: 0,
    coordinatorHours: 0,
    meetingsPlanned: 0,
    meetingsExtra: 0,
    workingGroups: 0,
    focusGroups: 0,
    dropouts: 0,
    reopenings: 0,
  };
  readonly start = { eiPillar: 0, eiLine: 0, modularity: 0, assort: 0, density: 0 };
  lastBetweenness!: { coordinator: number; isHub: boolean; centralisation: number };
  // Scratch buffers of the meeting kernel, sized to the consortium.
  pairBuf!: Int32Array;
  sumTie!: Float64Array;
  cntTie!: Float64Array;
  attendBuf!: Int32Array;
  hkNum!: Float64Array;
  hkDen!: Float64Array;
  sortBuf!: Float64Array;
  agendaMeans!: Float64Array;
  readonly agreementBuf = { share: 0, median: 0, count: 0 };
  /** The week's meetings (sim/meetings.ts calendar, which returns how many), refilled every week. */
  readonly calendarBuf: Meeting[] = [];
  /** The focus groups' meetings (sim/legal.ts focusGroupMeetings), refilled the week they meet. */
  readonly focusMeetings: Meeting[] = [];
  /** Per file section, the indices of the controversies it needs (-1 for one not in the scenario). */
  sectionNeeds!: Int32Array[];

  constructor(s: Scenario, rng: Streams, index: number, offset: number, opts: ObserveOptions) {
    this.reset(s, rng, index, offset, opts);
  }

  /**
   * The consortium as a new run starts it: drawn from the streams, with every field set as for a
   * new ConsortiumSim. What the previous run left is refilled rather than made again where it has
   * the sizes this run needs (typed arrays zeroed, records overwritten); nothing else of it is read.
   */
  reset(s: Scenario, rng: Streams, index: number, offset: number, opts: ObserveOptions): void {
    // The structures fixed by the scenario alone are kept while it is the same object.
    const sameScenario = this.s === s;
    this.s = s;
    this.rng = rng;
    this.index = index;
    this.offset = offset;
    this.opts = opts;
    this.status = 'running';
    this.endWeek = -1;
    this.gaveUpReason = '';
    this.legalChoice = '';
    this.weekMeetings = [];
    this.weekly = [];
    this.events = [];
    this.pendingWorking = [];
    this.focusTally = [];
    this.focusDone = false;
    this.legalAdvice = '';
    this.legalExperts = [];
    this.pressure = 0;
    this.focusVotes = [];
    this.focusWeek = -1;
    this.lastSettlementWeek = -1;
    this.signOffWeek = -1;
    this.settledThisWeek = 0;
    this.coordinatorHoursLeft = 0;
    const k0 = this.counters;
    k0.volunteerHours = k0.coordinatorHours = k0.meetingsPlanned = k0.meetingsExtra = 0;
    k0.workingGroups = k0.focusGroups = k0.dropouts = k0.reopenings = 0;
    this.lastBetweenness = { coordinator: 0, isHub: false, centralisation: 0 };
    const ag = this.agreementBuf;
    ag.share = ag.median = ag.count = 0;

    if (!sameScenario) this.controversyIds = [...s.controversies.order];
    this.C = this.controversyIds.length;
    this.pop = drawPopulation(s, rng.composition, this.pop);
    const n = this.pop.n;
    this.n = n;
    this.ties = initialTies(s, this.pop, rng.ties, this.ties);
    this.positions = float64(this.positions, n * this.C);
    this.positions.set(this.pop.anchors);
    this.engagement = float64(this.engagement, n);
    this.engagement.set(this.pop.engagement);
    this.active = uint8(this.active, n).fill(1);
    this.lowWeeks = int32(this.lowWeeks, n);
    this.lastStrength = float64(this.lastStrength, n);
    this.lastStrength.set(this.ties.strength);
    this.pillarAttr = this.pop.pillar;
    this.lineAttr = this.pop.line;
    const k = s.ties.k;
    this.pairBuf = int32(this.pairBuf, Math.max(2 * n * k, n * 2) + 2 * (k + 1) * (k + 1));
    this.sumTie = float64(this.sumTie, n);
    this.cntTie = float64(this.cntTie, n);
    this.attendBuf = int32(this.attendBuf, n);
    this.hkNum = float64(this.hkNum, n);
    this.hkDen = float64(this.hkDen, n);
    this.sortBuf = float64(this.sortBuf, n);
    this.agendaMeans = float64(this.agendaMeans, this.C);
    this.chair = s.governance.chair === 'lead' ? pickLead(this) : COORDINATOR;
    this.eff = effective(s, this.chair !== COORDINATOR);
    this.groups = buildGroups(this, sameScenario ? this.groups : undefined);
    if (sameScenario) for (const c of this.controversies) openControversy(c);
    else {
      this.controversies = this.controversyIds.map((id) => openControversy({ id } as ControversyState));
      // Typed arrays copied by their constructor, lists by index: Int32Array.from iterates.
      this.sectionNeeds = s.file.sections.map((sec) => {
        const needs = new Int32Array(sec.needs.length);
        for (let q = 0; q < needs.length; q++) needs[q] = this.controversyIds.indexOf(sec.needs[q]);
        return needs;
      });
    }
    this.sectionProgress = float64(this.sectionProgress, s.file.sections.length);
    // The starting network's measures in the weekly observations' one pass (sim/metrics.ts: each
    // value bit for bit its own function's).
    const net = networkMetrics(
      this.ties,
      n,
      this.pillarAttr,
      this.lineAttr,
      PILLARS.length,
      s.observation.tieThreshold,
    );
    const start = this.start;
    start.eiPillar = net.eiPillar;
    start.eiLine = net.eiLine;
    start.modularity = net.modularityPillar;
    start.assort = net.assortativityPillar;
    start.density = net.density;
  }

  // ---------------------------------------------------------------------------------------------
  // Governance structure: groups as data (Figure 1, §3.1; Provan & Kenis 2008 for the variants).

  // ---------------------------------------------------------------------------------------------
  // The week (MODEL.md §3).

  step(week: number): void {
    if (this.status !== 'running') return;
    const { s } = this;
    // The week's meeting list was emptied by the engine's step of every consortium (sim/engine.ts).
    this.settledThisWeek = 0;
    this.pressure = this.eff.deadlineAdaptation ? deadlinePressure(s, week) : 0;
    // The part-time coordinator (§3.2) works longer weeks as a deadline nears.
    const hours = s.coordinator.hoursPerWeek + s.calendar.adaptation.overtimeHours * this.pressure;
    this.coordinatorHoursLeft = hours;
    this.counters.coordinatorHours += hours;

    // 1. Calendar: focus groups, working groups, then each group's planned or extra meeting.
    const held = calendar(this, week);

    // 2–4. Attendance and meetings, in calendar order.
    for (let k = 0; k < held; k++) hold(this, this.calendarBuf[k], week);
    if (week === this.focusWeek) closeFocusGroups(this, week);

    // 5. Writing the application file with the coordinator's remaining hours.
    write(this, week);

    // 7. Engagement and dropout.
    updateEngagement(this, week);

    // Ties fade a little every week.
    this.ties.decay(s.ties.decay);

    // 8. Submission or abandonment.
    this.checkEnd(week);

    // 9. Observation.
    if (this.opts.weekly || this.status !== 'running') observe(this, week);
  }

  // ---------------------------------------------------------------------------------------------
  // A meeting (MODEL.md §3.3 a–f).

  /** The meeting kernel (sim/deliberation.ts), for the benchmarks. */
  converse(att: Int32Array, na: number, agenda: number[]): void {
    converse(this, att, na, agenda);
  }

  // ---------------------------------------------------------------------------------------------
  // Writing, engagement, the end (MODEL.md §3.5, §3.7, §3.8).

  checkEnd(week: number): void {
    const { s } = this;
    // Every controversy closes before submission (MODEL.md §8.9), even one no section needs.
    if (
      fileComplete(this) &&
      allSettled(this) &&
      this.signOffWeek >= 0 &&
      this.signOffWeek >= this.lastSettlementWeek
    ) {
      this.finish(week, 'submitted');
      return;
    }
    for (let gi = 0; gi < this.groups.length; gi++) {
      const g = this.groups[gi];
      if (!g.proposesAny) continue;
      let activeMembers = 0;
      for (let k = 0; k < g.members.length; k++) if (this.active[g.members[k]]) activeMembers++;
      if (activeMembers < Math.ceil(g.spec.minAttendance * g.members.length)) {
        this.finish(week, 'gaveUp', 'quorum');
        return;
      }
    }
    if (s.calendar.deadline === 'firm' && week + 1 >= s.calendar.plannedWeeks)
      this.finish(week, 'gaveUp', 'deadline');
    else if (week + 1 >= s.calendar.horizonWeeks) this.finish(week, 'gaveUp', 'horizon');
  }

  finish(week: number, status: RunStatus, reason: GiveUpReason | '' = ''): void {
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

  fileCompletion(): number {
    return fileCompletion(this);
  }

  outcomes(): Outcomes {
    return outcomes(this);
  }

  /** Group ids an actor sits in (for the view's tooltips). */
  groupsOf(i: number): string[] {
    return this.groups.filter((g) => g.memberSet[i]).map((g) => g.spec.id);
  }

  roleLabel(i: number): string {
    const r = this.pop.role[i];
    return r === 'coordinator' ? 'coordinator' : (this.pop.name[i] ?? ROLES[r as Role].label);
  }
}
