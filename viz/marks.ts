// Portrayal: one function per kind of mark, mapping engine records to what is drawn (STYLE §7).
// Both renderers (canvas for the live view, SVG for export) draw these marks and nothing else.
import type { ActorInfo, Frame } from './protocol.ts';
import { debateTitle } from './words.ts';

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), one per pillar. */
export const PILLAR_COLOURS: Record<string, string> = {
  catholic: '#E69F00',
  socialist: '#CC79A7',
  liberal: '#0072B2',
  public: '#009E73',
};
export const PILLAR_LABELS: Record<string, string> = {
  catholic: 'Catholic pillar',
  socialist: 'Socialist pillar',
  liberal: 'Liberal pillar',
  public: 'Public bodies',
};
export type Shape = 'circle' | 'square' | 'triangle';
/** Care line as shape: first line round, hospitals (second line) square, community triangular. */
export const LINE_SHAPES: Record<string, Shape> = {
  first: 'circle',
  second: 'square',
  community: 'triangle',
};
export const LINE_LABELS: Record<string, string> = {
  first: 'First line (GPs, nurses, home care)',
  second: 'Second line (hospitals)',
  community: 'Community and social sector',
};
export const CROSS_PILLAR_TIE = '#3b4252';
/**
 * How a tie's strength shows, in the screen's legend and the exports' alike: portrayTie draws a
 * stronger tie both wider and more opaque (the screen said "thicker", the export "darker").
 */
export const TIE_STRENGTH_WORDS = 'thicker and darker = stronger';
export const COORDINATOR_RING = '#111827';
/**
 * A meeting's halo and label, by its group: hues apart from every pillar's (a focus group's pink
 * halo read as the socialist pillar, a working group's green as the public bodies), so a halo is
 * never taken for a pillar (test/viz/room.test.ts checks the distance and the labels' contrast).
 */
export const GROUP_COLOURS: Record<string, string> = {
  reflection: '#3B3B98',
  project: '#B22222',
  steering: '#7c3aed',
  working: '#5C5C5C',
  focus: '#800000',
};

export type SizeBy = 'degree' | 'betweenness';

export interface ActorMark {
  r: number;
  fill: string;
  shape: Shape;
  alpha: number;
  /** Dark ring and label for the coordinator; a thin ring for the chair when it is someone else. */
  ring: 'coordinator' | 'chair' | null;
}

export function portrayActor(a: ActorInfo, f: Frame, sizeBy: SizeBy, scale: number): ActorMark {
  const i = a.id;
  const metric = sizeBy === 'degree' ? Math.sqrt(f.degree[i]) * 1.7 : Math.sqrt(f.betweenness[i]) * 26;
  return {
    r: (4 + metric) * scale,
    fill: PILLAR_COLOURS[a.pillar] ?? '#999',
    shape: LINE_SHAPES[a.line] ?? 'circle',
    // Dropped-out actors fade; engagement shows as a slightly paler fill below half.
    alpha: f.active[i] ? 0.55 + 0.45 * Math.min(1, f.engagement[i] * 1.6) : 0.16,
    ring: a.isCoordinator ? 'coordinator' : a.isChair ? 'chair' : null,
  };
}

export interface TieMark {
  width: number;
  alpha: number;
  colour: string;
}

/** Width and opacity grow with strength; ties inside one pillar take its colour, bridges are dark. */
export function portrayTie(
  w: number,
  a: ActorInfo,
  b: ActorInfo,
  bothActive: boolean,
  scale: number,
): TieMark {
  return {
    width: (0.4 + 3.2 * w * w) * scale,
    alpha: (bothActive ? 0.08 + 0.62 * w : 0.05) * (a.pillar === b.pillar ? 1 : 0.9),
    colour: a.pillar === b.pillar ? (PILLAR_COLOURS[a.pillar] ?? '#999') : CROSS_PILLAR_TIE,
  };
}

export interface MeetingMark {
  fill: string;
  label: string;
  /** Shorter forms of the label, longest first, for a pane too narrow for it on one line. */
  shorts: string[];
  /** Padding around the attendees, in layout units. */
  pad: number;
}

export function portrayMeeting(m: Frame['meetings'][number]): MeetingMark {
  const colour = GROUP_COLOURS[m.kind === 'working' ? 'working' : m.kind === 'focus' ? 'focus' : m.group];
  const extra = m.kind === 'extra' ? ' (extra meeting)' : '';
  // A working group is named by its debate's title (its group id is `working-<debate id>`), never
  // by the id itself, and with its size: the members the engine invited, the number the news line
  // gives when it is set up ("A working group of 4"), so "· 1 partner came" reads as attendance.
  const debate = m.kind === 'working' ? debateTitle(m.group.replace(/^working-/, '')) : '';
  const name = m.kind === 'working' ? `working group on “${debate}”, ${m.invited} members` : m.label;
  // Partners who came this week, the coordinator (always first among the attendees) apart, as the
  // log counts: said as such, since "· 1 partner" read as the size of a working group of 4.
  // None came: said so, with the one who did ("0 partners came" read as a meeting of no one).
  const n = m.attendees.length - 1;
  const came = n === 0 ? ' · only the coordinator came' : ` · ${n} partner${n === 1 ? '' : 's'} came`;
  // Shorter forms for a narrow pane, which keep the label on one line: without "working group on",
  // then the debate's title cut to its first words (two at least), then without the title (a
  // fragment such as "“Who…”" told the room nothing), last as "working group: 1 of 4 came", which
  // keeps the group's kind and reads its attendance as the log does ("group of 4 · 1 partner came"
  // dropped the kind and left the room to guess which group it was).
  const shorts: string[] = [];
  if (m.kind === 'working') {
    const words = debate.split(' ');
    shorts.push(`“${debate}”, ${m.invited} members${came}`);
    for (let n = words.length - 1; n >= 2; n--)
      shorts.push(`“${words.slice(0, n).join(' ')}…”, ${m.invited} members${came}`);
    shorts.push(
      `working group, ${m.invited} members${came}`,
      `working group: ${m.attendees.length - 1} of ${m.invited} came`,
    );
  } else if (extra) shorts.push(`${m.label} (extra)${came}`);
  return {
    fill: colour ?? GROUP_COLOURS.reflection,
    label: `${name}${extra}${came}`,
    shorts,
    pad: 14,
  };
}
