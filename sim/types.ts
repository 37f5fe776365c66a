// Public output types of the engine: weekly records, events, outcomes, snapshots.
// These are the contract between sim/ and its readers (CLI writers, the browser view).
import type { Line, Pillar, Topic } from './roles.ts';
import type { ControversyId, LegalOption } from './scenario/schema.ts';

export type ControversyStatus = 'open' | 'proposed' | 'settled';
export type RunStatus = 'running' | 'submitted' | 'gaveUp';
export type GiveUpReason = 'horizon' | 'deadline' | 'quorum';

export interface WeeklyRecord {
  consortium: number;
  week: number;
  month: number;
  eiPillar: number;
  eiLine: number;
  assortativityPillar: number;
  density: number;
  meanTie: number;
  components: number;
  modularityPillar: number;
  coordinatorBetweenness: number;
  /** Whether the coordinator has the highest betweenness (ties included) at the last computation. */
  coordinatorIsHub: boolean;
  centralisation: number;
  fileCompletion: number;
  volunteerHours: number;
  coordinatorHours: number;
  meetingsPlanned: number;
  meetingsExtra: number;
  workingGroups: number;
  active: number;
  settled: number;
  /** Thin agreements reopened so far (MODEL.md §3.8). */
  reopenings: number;
  /** Per controversy, in the scenario's order: standard deviation of the active actors' positions. */
  dispersion: number[];
  status: ControversyStatus[];
}

export type MeetingKind = 'planned' | 'extra' | 'working' | 'focus';

export type SimEvent =
  | {
      type: 'meeting';
      week: number;
      consortium: number;
      group: string;
      label: string;
      kind: MeetingKind;
      invited: number;
      attendees: number[];
      agenda: ControversyId[];
      hours: number;
    }
  | {
      type: 'proposed';
      week: number;
      consortium: number;
      controversy: ControversyId;
      group: string;
      value: number;
    }
  | {
      type: 'settled';
      week: number;
      consortium: number;
      controversy: ControversyId;
      group: string;
      value: number;
      outcome: string;
    }
  /** MODEL.md §3.8: a thin agreement the sign-off group could not live with goes back to the table. */
  | { type: 'reopened'; week: number; consortium: number; controversy: ControversyId; support: number }
  | { type: 'workingGroup'; week: number; consortium: number; controversy: ControversyId; members: number[] }
  | {
      type: 'vote';
      week: number;
      consortium: number;
      focusGroup: number;
      members: number[];
      votes: Record<LegalOption, number>;
      winner: LegalOption;
      considered: LegalOption[];
    }
  | { type: 'legalChoice'; week: number; consortium: number; option: LegalOption }
  /** §3.4: the focus groups' majority, advice for the negotiation that follows. */
  | { type: 'legalAdvice'; week: number; consortium: number; option: LegalOption }
  | { type: 'sectionWritten'; week: number; consortium: number; section: string }
  | { type: 'dropout'; week: number; consortium: number; actor: number }
  | { type: 'submitted'; week: number; consortium: number }
  | { type: 'gaveUp'; week: number; consortium: number; reason: GiveUpReason };

/** End-of-run outcomes of one consortium (the columns of runs.csv). */
export interface Outcomes {
  submitted: boolean;
  gaveUp: boolean;
  gaveUpReason: GiveUpReason | '';
  weeks: number;
  months: number;
  monthsOverPlan: number;
  meetingsPlanned: number;
  meetingsExtra: number;
  workingGroups: number;
  focusGroups: number;
  legalOutcome: LegalOption | '';
  eiPillarStart: number;
  eiPillarEnd: number;
  eiLineStart: number;
  eiLineEnd: number;
  modularityPillarStart: number;
  modularityPillarEnd: number;
  assortativityPillarStart: number;
  assortativityPillarEnd: number;
  densityStart: number;
  density: number;
  meanTie: number;
  dropouts: number;
  /** Controversies whose final agreement held only on a relaxed quorum (deadline pressure). */
  thinAgreements: number;
  /** Thin agreements reopened at the sign-off. */
  reopenings: number;
  /** Share of the settled controversies closed on the scenario's own quorum (1 = no thin agreement). */
  agreementDepth: number;
  /** Mean share of active partners farther than deliberation.epsilon from the settled outcomes. */
  dissent: number;
  volunteerHours: number;
  coordinatorHours: number;
  coordinatorMonthsUnfunded: number;
  /** Week each controversy settled (-1 if never), keyed by controversy. */
  settleWeek: Partial<Record<ControversyId, number>>;
  /** Extra meetings per group id. */
  extraByGroup: Record<string, number>;
}

/** National outcomes over several independent consortia (§3.1: 20 selected, 19 submitted). */
export interface NationalOutcomes {
  consortia: number;
  submittedCount: number;
  submittedWithin7Months: number;
  submittedWithin14Months: number;
  gaveUpCount: number;
  medianMonths: number;
}

export interface RunSummary {
  seed: number;
  scenario: string;
  weeks: number;
  /** Outcomes of consortium 0 (the only one unless consortia > 1). */
  outcomes: Outcomes;
  consortia: Outcomes[];
  national: NationalOutcomes | null;
}

export interface RunResult {
  summary: RunSummary;
  weekly: WeeklyRecord[];
  events: SimEvent[];
}

export interface ActorSnapshot {
  id: number;
  consortium: number;
  role: string;
  label: string;
  pillar: Pillar;
  line: Line;
  organisation: number;
  isCoordinator: boolean;
  isChair: boolean;
  availability: number;
  expertise: Record<Topic, number>;
  stubbornness: number;
  engagement: number;
  active: boolean;
  positions: number[];
  groups: string[];
}

export interface Snapshot {
  week: number;
  controversies: ControversyId[];
  actors: ActorSnapshot[];
  /** Ties as parallel arrays of global actor ids and weights. */
  ties: { source: Int32Array; target: Int32Array; weight: Float64Array };
  /**
   * Meetings held in the week just stepped: who came (the coordinator first) and how many partners
   * were invited (the coordinator apart; a working group's members).
   */
  meetings: {
    consortium: number;
    group: string;
    label: string;
    kind: MeetingKind;
    attendees: number[];
    invited: number;
  }[];
  consortia: {
    status: RunStatus;
    controversies: { id: ControversyId; status: ControversyStatus; outcome: string; settledWeek: number }[];
    sections: { id: string; label: string; progress: number }[];
    fileCompletion: number;
  }[];
}
