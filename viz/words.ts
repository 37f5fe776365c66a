// Plain words for a lay audience: what each controversy is about, where a settlement lies on its
// axis (MODEL.md §2 axes, sim/scenario/defaults.ts), legal options (§3.4) and event sentences.
import type { SimEvent } from '../sim/index.ts';

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
  asbl: 'a new non-profit (ASBL)',
  'de-facto': 'a de facto association',
  'existing-partner': 'mandate an existing partner',
  innovative: 'an innovative new form',
  none: 'no decision',
};

/** A settlement in words: "0.38 — leaning to a care-centred name". */
export function settlementWords(controversy: string, outcome: string): string {
  const w = CONTROVERSY_WORDS[controversy];
  if (controversy === 'legal' || !w) return LEGAL_WORDS[outcome] ?? outcome;
  const v = Number(outcome);
  if (!Number.isFinite(v)) return outcome;
  if (v < 0.35) return `${w.low}`;
  if (v < 0.45) return `leaning to ${w.low}`;
  if (v <= 0.55) return `a middle way`;
  if (v <= 0.65) return `leaning to ${w.high}`;
  return w.high;
}

const groupName = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);

/** One sentence per event for the log; null for events the log leaves out. */
export function eventWords(
  e: SimEvent,
  actorLabel: (id: number) => string,
  sectionLabel: (id: string) => string,
): { icon: string; text: string } | null {
  switch (e.type) {
    case 'meeting':
      return {
        icon: e.kind === 'extra' ? '⚑' : e.kind === 'focus' ? '⚖' : e.kind === 'working' ? '✎' : '●',
        text:
          e.kind === 'extra'
            ? `${groupName(e.label)}: extra meeting, ${e.attendees.length} of ${e.invited} came`
            : `${groupName(e.label)} met: ${e.attendees.length} of ${e.invited} came`,
      };
    case 'proposed':
      return {
        icon: '✉',
        text: `The ${e.group} group proposes a text on “${CONTROVERSY_WORDS[e.controversy]?.title ?? e.controversy}”`,
      };
    case 'settled':
      return {
        icon: '✔',
        text: `Agreed: ${CONTROVERSY_WORDS[e.controversy]?.title ?? e.controversy} — ${settlementWords(e.controversy, e.outcome)}`,
      };
    case 'workingGroup':
      return {
        icon: '✎',
        text: `A working group of ${e.members.length} is set up on “${CONTROVERSY_WORDS[e.controversy]?.title ?? e.controversy}”`,
      };
    case 'vote':
      return {
        icon: '⚖',
        text: `Focus group ${e.focusGroup} votes on the legal structure: ${LEGAL_WORDS[e.winner] ?? e.winner} wins`,
      };
    case 'legalChoice':
      return { icon: '⚖', text: `Legal structure chosen: ${LEGAL_WORDS[e.option] ?? e.option}` };
    case 'sectionWritten':
      return { icon: '📄', text: `Section written: ${sectionLabel(e.section)}` };
    case 'dropout':
      return { icon: '✖', text: `A ${actorLabel(e.actor)} drops out, worn out by meetings` };
    case 'submitted':
      return { icon: '★', text: 'The application file is submitted' };
    case 'gaveUp':
      return {
        icon: '✖',
        text:
          e.reason === 'deadline'
            ? 'The deadline passed before the file was ready: the consortium gives up'
            : e.reason === 'quorum'
              ? 'Too many partners left: the consortium gives up'
              : 'Two years without a file: the consortium gives up',
      };
  }
}
