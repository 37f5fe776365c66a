// A design search's front in a partner's words (viz/designs.ts): the choices a design makes ("project
// group: 2 meetings, one every 4 weeks; a coach"), its outcomes ("took 9.6 months (9.1–10.1)") and
// the axes ("months to the file"), not the analysts' field names (docs/decision.md). The groups are
// named as the view names them (sim/scenario/defaults.ts labels: project group, steering
// committee). A name this file does not know is said as its words ("meetingsExtra" → "meetings
// extra"), its value as plain text: everything here is text for textContent, never markup.
import type { FrontDesign } from './designs.ts';
import { LEGAL_WORDS } from './words.ts';

/** A field name as words: "volunteerHours" → "volunteer hours", "eiPillarEnd" → "ei pillar end". */
export const nameWords = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();

/** A value from a file as plain words: yes/no for a boolean, a number as it is, a string as text. */
const valueWords = (v: unknown): string =>
  typeof v === 'boolean'
    ? v
      ? 'yes'
      : 'no'
    : typeof v === 'string'
      ? v
      : typeof v === 'number'
        ? String(v)
        : JSON.stringify(v);

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The choices of the design searches the view ships or documents (scenarios/designs/). */
const CHOICES: Record<string, (v: unknown, all: Record<string, unknown>) => string | null> = {
  projectMeetings: (v, all) => {
    const n = num(v);
    if (n === null) return `project group: ${valueWords(v)} meetings`;
    const every = num(all.projectInterval);
    return `project group: ${plural(n, 'meeting', 'meetings')}${every !== null ? `, one every ${plural(every, 'week', 'weeks')}` : ''}`;
  },
  // Said with the project group's meetings when both are chosen.
  projectInterval: (v, all) =>
    'projectMeetings' in all && num(all.projectMeetings) !== null
      ? null
      : `project group: a meeting every ${num(v) !== null ? plural(num(v)!, 'week', 'weeks') : valueWords(v)}`,
  steeringMeetings: (v) =>
    `steering committee: ${num(v) !== null ? plural(num(v)!, 'meeting', 'meetings') : `${valueWords(v)} meetings`}`,
  reflectionMeetings: (v) =>
    `reflection group: ${num(v) !== null ? plural(num(v)!, 'meeting', 'meetings') : `${valueWords(v)} meetings`}`,
  projectSize: (v) => `${valueWords(v)} in the project group`,
  coach: (v) => (v === true ? 'a coach' : v === false ? 'no coach' : `coach: ${valueWords(v)}`),
  chair: (v) =>
    v === 'coordinator'
      ? 'chaired by the coordinator'
      : v === 'lead'
        ? 'chaired by a lead organisation'
        : `chaired by ${valueWords(v)}`,
  legal: (v) => `legal form: ${typeof v === 'string' ? (LEGAL_WORDS[v] ?? v) : valueWords(v)}`,
};

/** A design's choices in words, joined by semicolons. */
export function choicesWords(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([k, v]) =>
      Object.hasOwn(CHOICES, k) ? CHOICES[k]!(v, values) : `${nameWords(k)}: ${valueWords(v)}`,
    )
    .filter((s): s is string => s !== null)
    .join('; ');
}

interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
}
const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
/** A figure for reading: whole above 100, a tenth below, as "9.6" or "10" (never "10.0"). */
const fig = (v: number) => (Math.abs(v) >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10));
const range = (e: Estimate, f: (v: number) => string) =>
  finite(e.low) && finite(e.high) && f(e.low) !== f(e.high) ? ` (${f(e.low)}–${f(e.high)})` : '';

/** The outcomes of `runs.csv` a search optimises, named for the room: the axis and the sentence. */
const OUTCOMES: Record<string, { axis: string; says: (e: Estimate) => string }> = {
  meetingsPlanned: {
    axis: 'meetings planned',
    // Meetings are counted whole: a range says its two ends ("9 or 10 meetings planned"), not an
    // "about 9" beside "(9–10)".
    says: (e) => {
      if (!finite(e.value)) return 'meetings planned: –';
      const [lo, hi] = [e.low, e.high].map((v) => (finite(v) ? Math.round(v) : null));
      // "In all": the groups the design leaves as they are (the reflection group's) count too.
      if (lo !== null && hi !== null && lo !== hi)
        return `${lo}${hi === lo + 1 ? ' or ' : ' to '}${hi} meetings planned in all`;
      return `${Number.isInteger(e.value) ? '' : 'about '}${Math.round(e.value)} meetings planned in all`;
    },
  },
  months: {
    axis: 'months to the file',
    says: (e) => (finite(e.value) ? `took ${fig(e.value)} months${range(e, fig)}` : 'months: –'),
  },
  submitted: {
    axis: 'share of runs that submit',
    says: (e) => {
      if (!finite(e.value)) return 'submitted: –';
      if (e.value === 1 && (e.low === null || e.low === 1)) return 'submitted in every run';
      if (e.value === 0 && (e.high === null || e.high === 0)) return 'submitted in no run';
      const pc = (v: number) => `${Math.round(100 * v)}%`;
      return `submitted in ${pc(e.value)} of runs${range(e, pc)}`;
    },
  },
  volunteerHours: {
    axis: 'partners’ meeting hours',
    says: (e) =>
      finite(e.value)
        ? `partners spent ${fig(e.value)} hours in meetings${range(e, fig)}`
        : 'partners’ hours: –',
  },
  coordinatorHours: {
    axis: 'coordinator’s hours',
    says: (e) =>
      finite(e.value)
        ? `the coordinator worked ${fig(e.value)} hours${range(e, fig)}`
        : 'coordinator’s hours: –',
  },
  meetingsExtra: {
    axis: 'extra meetings',
    says: (e) => (finite(e.value) ? `${fig(e.value)} extra meetings${range(e, fig)}` : 'extra meetings: –'),
  },
  dropouts: {
    axis: 'partners who drop out',
    says: (e) => (finite(e.value) ? `${fig(e.value)} partners dropped out${range(e, fig)}` : 'drop-outs: –'),
  },
};

/** An outcome's name on an axis or in a list: "months to the file", or the name in words. */
export const outcomeAxis = (name: string): string =>
  Object.hasOwn(OUTCOMES, name) ? OUTCOMES[name]!.axis : nameWords(name);

/** One outcome in a sentence's words, with its interval. */
export function outcomeWords(name: string, e: Estimate): string {
  if (Object.hasOwn(OUTCOMES, name)) return OUTCOMES[name]!.says(e);
  return `${nameWords(name)} ${finite(e.value) ? fig(e.value) : '–'}${range(e, fig)}`;
}

/** A search's id in words: "fewer-meetings" → "fewer meetings". */
export const searchWords = (id: string): string => nameWords(id);

/**
 * What a design is, for the room: "Set-up 3: project group: 2 meetings, one every 4 weeks; … 9 or 10
 * meetings planned in all; took 9.6 months (9.1–10.1); submitted in every run."
 */
export function designWords(d: FrontDesign): string {
  const outs = Object.entries(d.outcomes)
    .map(([k, e]) => outcomeWords(k, e))
    .join('; ');
  const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
  const choices = choicesWords(d.values);
  return `Set-up ${d.design}: ${choices ? `${choices}. ` : ''}${outs ? `${cap(outs)}.` : ''}`.trim();
}
