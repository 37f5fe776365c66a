// Plain words for a lay audience: what each controversy is about, where a settlement lies on its
// axis (MODEL.md §2 axes, sim/scenario/defaults.ts), legal options (§3.4) and event sentences.
import type { SimEvent } from '../sim/index.ts';
import type { IconName } from './icons.ts';

export interface ControversyWords {
  title: string;
  short: string;
  low: string;
  high: string;
}

export const CONTROVERSY_WORDS: Record<string, ControversyWords> = {
  name: {
    short: 'Project name',
    title: 'Name of the project',
    low: 'care-centred name',
    high: 'territory or community name',
  },
  targets: {
    short: 'Targets',
    title: 'Who the project targets',
    low: 'medical chronic conditions',
    high: 'social frailty',
  },
  actions: {
    short: 'Actions',
    title: 'What actions it funds',
    low: 'clinical care pathways',
    high: 'social and community support',
  },
  dataProtection: {
    short: 'Data sharing',
    title: 'Sharing patient data',
    low: 'strict consent first',
    high: 'open sharing',
  },
  funding: {
    short: 'Funding',
    title: 'Who gets the money',
    low: 'first line and community',
    high: 'hospitals (second line)',
  },
  legal: {
    short: 'Legal form',
    title: 'Legal structure',
    low: 'keep the current set-up',
    high: 'a new autonomous body',
  },
};

export const LEGAL_WORDS: Record<string, string> = {
  asbl: 'a new non-profit association (ASBL)',
  'de-facto': 'a de facto association',
  'existing-partner': 'mandating an existing partner',
  innovative: 'an innovative new form',
  none: 'no decision',
};

/** A settlement in words: "0.38 — leaning to a care-centred name". */
export function settlementWords(controversy: string, outcome: string): string {
  if (controversy === 'legal' || !CONTROVERSY_WORDS[controversy]) return LEGAL_WORDS[outcome] ?? outcome;
  const v = Number(outcome);
  return Number.isFinite(v) ? leaningWords(controversy, v) : outcome;
}

/** A position (0 … 1) on a debate in its poles' words: "leaning to open sharing", "a middle way". */
export function leaningWords(controversy: string, v: number): string {
  const w = CONTROVERSY_WORDS[controversy];
  if (!w) return v.toFixed(2);
  if (v < 0.35) return w.low;
  if (v < 0.45) return `leaning to ${w.low}`;
  if (v <= 0.55) return 'a middle way';
  if (v <= 0.65) return `leaning to ${w.high}`;
  return w.high;
}

const groupName = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);

/** A debate's title for the room ("Sharing patient data"), never its id. */
export const debateTitle = (id: string) => CONTROVERSY_WORDS[id]?.title ?? id;

/**
 * The E-I index (−1 … +1) as the share of ties across, in per cent: the index is exactly twice the
 * share less one, and the room reads the share (the Outcome table, the many runs' mixing chart).
 */
export const acrossPercent = (ei: number) => ((ei + 1) / 2) * 100;

/** What the words need to know about a run: labels, and whether an actor sits in a group. */
export interface EventContext {
  actorLabel(id: number): string;
  sectionLabel(id: string): string;
  /** Whether the actor is a member of the group (the coordinator sits in some groups, not all). */
  memberOf(actor: number, group: string): boolean;
}

/**
 * A meeting's name: its group, or the debate a working group works on (the engine's label holds the
 * debate's id). Attendance is counted one way everywhere: partners who came of partners invited, the
 * coordinator (who always comes) named apart.
 */
function meetingWords(e: Extract<SimEvent, { type: 'meeting' }>, ctx: EventContext): string {
  const name =
    e.kind === 'working' && e.agenda[0]
      ? `Working group on “${debateTitle(e.agenda[0])}”`
      : groupName(e.label);
  const coordinator = e.attendees[0];
  const invited = e.invited - (ctx.memberOf(coordinator, e.group) ? 1 : 0);
  const came = e.attendees.length - 1;
  const count =
    came === 0
      ? `none of ${invited} partners came, only the coordinator`
      : `${came} of ${invited} partners came, with the coordinator`;
  return e.kind === 'extra' ? `${name}: extra meeting, ${count}` : `${name} met: ${count}`;
}

/** One sentence per event for the log; null for events the log leaves out. */
export function eventWords(e: SimEvent, ctx: EventContext): { icon: IconName; text: string } | null {
  const { actorLabel, sectionLabel } = ctx;
  switch (e.type) {
    case 'meeting':
      return {
        icon:
          e.kind === 'extra'
            ? 'extra'
            : e.kind === 'focus'
              ? 'legal'
              : e.kind === 'working'
                ? 'write'
                : 'meeting',
        text: meetingWords(e, ctx),
      };
    case 'proposed':
      return {
        icon: 'letter',
        text: `A text is proposed on “${debateTitle(e.controversy)}”`,
      };
    case 'settled':
      return {
        icon: 'check',
        text: `Settled: “${debateTitle(e.controversy)}” — ${settlementWords(e.controversy, e.outcome)}`,
      };
    case 'reopened':
      return {
        icon: 'reopen',
        text: `Reopened: “${debateTitle(e.controversy)}” — the agreement reached under time pressure did not hold when the whole consortium met`,
      };
    case 'workingGroup':
      return {
        icon: 'write',
        text: `A working group of ${e.members.length} is set up on “${debateTitle(e.controversy)}”`,
      };
    case 'vote':
      return {
        icon: 'legal',
        text:
          e.focusGroup > 0
            ? `Focus group ${e.focusGroup} votes on the legal structure: most favour ${LEGAL_WORDS[e.winner] ?? e.winner}`
            : `The group negotiates the legal structure: ${LEGAL_WORDS[e.winner] ?? e.winner} leads the vote`,
      };
    case 'legalAdvice':
      return {
        icon: 'legal',
        text: `The focus groups advise ${LEGAL_WORDS[e.option] ?? e.option}; the choice is negotiated in further meetings`,
      };
    case 'legalChoice':
      return {
        icon: 'legal',
        text: `Legal structure proposed: ${LEGAL_WORDS[e.option] ?? e.option} (the debate is settled when a meeting agrees)`,
      };
    case 'sectionWritten':
      return { icon: 'section', text: `Section written: ${sectionLabel(e.section)}` };
    case 'dropout':
      return { icon: 'cross', text: `A ${actorLabel(e.actor)} drops out, worn out by meetings` };
    case 'submitted':
      return { icon: 'star', text: 'The application file is submitted' };
    case 'gaveUp':
      return {
        icon: 'cross',
        text:
          e.reason === 'deadline'
            ? 'The deadline passed before the file was ready: the consortium gives up'
            : e.reason === 'quorum'
              ? 'Too many partners left: the consortium gives up'
              : 'Two years without a file: the consortium gives up',
      };
  }
}

/**
 * A pillar as the legend names it, less "pillar" (marks.ts PILLAR_LABELS), to tell apart two
 * partners of one role: "hospital director (Catholic)", "nurse (Public bodies)". One rule for the
 * four: "(public)" in lower case read as another kind of word beside "(Liberal)".
 */
export const PILLAR_WORD: Record<string, string> = {
  catholic: 'Catholic',
  socialist: 'Socialist',
  liberal: 'Liberal',
  public: 'Public bodies',
};

/**
 * Each actor's name, told apart from every other of its consortium: its name (the partner list's,
 * or its role's), with its pillar where another of the consortium has the same name ("hospital
 * director (Catholic)"), and numbered where that is still shared ("hospital director 2 (Catholic)",
 * in the order of the actors). The tooltip names partners so; two of one role once read alike.
 */
export function distinctNames(
  actors: readonly { consortium: number; label: string; pillar: string; isCoordinator: boolean }[],
): string[] {
  const base = actors.map((a) => (a.isCoordinator ? 'coordinator' : a.label));
  // How many of each consortium bear each name (counted once, not per actor: a national run has 866).
  const counts = (names: string[]) => {
    const m = new Map<string, number>();
    for (const [i, n] of names.entries()) {
      const key = `${actors[i].consortium}|${n}`;
      m.set(key, (m.get(key) ?? 0) + 1);
    }
    return (i: number) => m.get(`${actors[i].consortium}|${names[i]}`) ?? 0;
  };
  const sameBase = counts(base);
  const withPillar = base.map((n, i) =>
    sameBase(i) > 1 ? `${n} (${PILLAR_WORD[actors[i].pillar] ?? actors[i].pillar})` : n,
  );
  const samePillar = counts(withPillar);
  const seen = new Map<string, number>();
  return withPillar.map((n, i) => {
    if (samePillar(i) < 2) return n;
    const key = `${actors[i].consortium}|${n}`;
    const k = (seen.get(key) ?? 0) + 1;
    seen.set(key, k);
    const name = base[i];
    return n === name ? `${name} ${k}` : `${name} ${k}${n.slice(name.length)}`;
  });
}

/** distinctNames, once per run's list of actors (the tooltip and the log's sentences read it often). */
const namesCache = new WeakMap<object, string[]>();
export function namesOf(actors: Parameters<typeof distinctNames>[0]): string[] {
  let n = namesCache.get(actors);
  if (!n) {
    n = distinctNames(actors);
    namesCache.set(actors, n);
  }
  return n;
}

/** A tie's strength in words, for the tooltip (the network shows it as thicker and darker). */
export const tieWords = (w: number): string => (w >= 0.6 ? 'strong' : w >= 0.35 ? 'medium' : 'weak');
