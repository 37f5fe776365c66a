// Messages between the page and the engine worker: requests in, per-week frames and summaries out.
// Frames carry typed arrays (transferred, not copied) so any week can be replayed without re-running.
import type {
  ControversyId,
  Problem,
  RunSummary,
  Scenario,
  SimEvent,
  Snapshot,
  WeeklyRecord,
} from '../sim/index.ts';

export type Slot = 'A' | 'B';

/**
 * A scenario as the page holds it: raw JSON (possibly with "extends") and the file it came from,
 * plus the edits made with the page's controls (dotted path -> value, applied after resolving) and
 * the one-click "meetings halved" transform.
 */
export interface ScenarioSource {
  raw: unknown;
  file: string;
  edits?: Record<string, unknown>;
  halve?: boolean;
}

/** Edit key for the number of legal advisors added through composition.roles. */
export const LEGAL_ADVISORS = 'legalAdvisors';

export type Request =
  | { type: 'run'; id: number; slot: Slot; source: ScenarioSource; seed: number | null }
  | { type: 'replicates'; id: number; slot: Slot; source: ScenarioSource; seed: number | null; count: number }
  | { type: 'gexf'; id: number; parts: GexfPart[] }
  | {
      /** A and B run for each calibration drawn from the posterior (the band across calibrations). */
      type: 'ensemble';
      id: number;
      slot: Slot;
      a: ScenarioSource;
      b: ScenarioSource;
      /** The shipped default: a particle changes only what A or B leave at the default's value. */
      reference: ScenarioSource;
      seed: number;
      members: Record<string, number>[];
      replicates: number;
    }
  | { type: 'cancel'; id: number };

/** One network for the GEXF export: who the actors are and one week's frame, labelled A or B. */
export interface GexfPart {
  slot: Slot;
  name: string;
  seed: number;
  week: number;
  threshold: number;
  controversies: ControversyId[];
  actors: ActorInfo[];
  source: Int32Array;
  target: Int32Array;
  weight: Float32Array;
  engagement: Float32Array;
  active: Uint8Array;
  positions: Float32Array;
}

/** What never changes during a run: who the actors are. */
export interface ActorInfo {
  id: number;
  consortium: number;
  role: string;
  label: string;
  pillar: string;
  line: string;
  organisation: number;
  isCoordinator: boolean;
  isChair: boolean;
  groups: string[];
}

/** One week of the run: the state after `week` weeks have been stepped (week 0 = the start). */
export interface Frame {
  week: number;
  /** Ties at least FRAME_MIN_TIE strong, as parallel arrays of actor ids and strengths. */
  source: Int32Array;
  target: Int32Array;
  weight: Float32Array;
  engagement: Float32Array;
  active: Uint8Array;
  /** Positions on each controversy, actor-major: positions[i * C + c]. */
  positions: Float32Array;
  /** Ties at least as strong as the observation threshold, per actor. */
  degree: Float32Array;
  /** Normalised betweenness on the thresholded network, recomputed every few weeks (as the engine). */
  betweenness: Float32Array;
  /** Layout positions after this week (layout.ts), x, y per actor, relative to its consortium's centre. */
  xy: Float32Array;
  /** Who came to each meeting and how many partners were invited (the coordinator apart). */
  meetings: Snapshot['meetings'];
  consortia: Snapshot['consortia'];
}

export const FRAME_MIN_TIE = 0.05;

export type Reply =
  | { type: 'problems'; id: number; slot: Slot; problems: Problem[] }
  | {
      type: 'start';
      id: number;
      slot: Slot;
      scenario: Scenario;
      seed: number;
      actors: ActorInfo[];
      controversies: ControversyId[];
    }
  | { type: 'frames'; id: number; slot: Slot; frames: Frame[] }
  | { type: 'done'; id: number; slot: Slot; summary: RunSummary; weekly: WeeklyRecord[]; events: SimEvent[] }
  | { type: 'progress'; id: number; slot: Slot; done: number; total: number }
  | {
      type: 'replicates';
      id: number;
      slot: Slot;
      scenario: Scenario;
      rows: ReplicateRow[];
      /** Each replicate's end-of-run summary, in replicate order (for the brief). */
      summaries: RunSummary[];
    }
  | { type: 'gexf'; id: number; text: string }
  | { type: 'ensemble'; id: number; slot: Slot; runsA: RunSummary[][]; runsB: RunSummary[][] }
  | { type: 'error'; id: number; slot: Slot; message: string };

/** The few outcomes the replicate panel shows, per replicate. */
export interface ReplicateRow {
  months: number;
  submitted: boolean;
  legal: string;
  eiPillarEnd: number;
  eiLineEnd: number;
}
