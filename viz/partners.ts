// A consortium's own partner list in the view (issue 18 item 12): read from a picked or dropped CSV
// on this computer, carried to the engine as two edits of the scenario, and left out of the address
// (and of a share link unless the user says so).

import type { Problem } from '../sim/index.ts';
import { ROLES } from '../sim/roles.ts';
import {
  PARTNERS_MAX_CHARS,
  type PartnerList,
  parsePartnersCsv,
  partnerProblems,
} from '../sim/scenario/partners-csv.ts';
import type { Slot } from './protocol.ts';
import type { SlotSpec, ViewState } from './share.ts';

/** The edits a partner list makes. */
export const PARTNER_EDITS = ['composition.partners', 'composition.priorTies'] as const;

/** The list each slot uses, with its file name (problems are told by its rows). */
export const partnerLists: Partial<Record<Slot, { list: PartnerList; file: string }>> = {};

export const hasPartners = (spec: SlotSpec | null): boolean =>
  !!spec && PARTNER_EDITS.some((k) => Object.hasOwn(spec.edits, k));

/** Reads a CSV file into a partner list, or the problems of the file itself. */
export async function readPartnerFile(
  file: File,
): Promise<{ ok: true; list: PartnerList } | { ok: false; problems: Problem[] }> {
  if (file.size > PARTNERS_MAX_CHARS)
    return {
      ok: false,
      problems: [
        {
          file: file.name,
          path: '(file)',
          message: `expected at most ${PARTNERS_MAX_CHARS} bytes, got ${file.size}`,
        },
      ],
    };
  return parsePartnersCsv(await file.text(), file.name);
}

/** A slot's edits with the list's partners and prior ties. */
export function partnerEdits(list: PartnerList): Record<string, unknown> {
  return { 'composition.partners': list.partners, 'composition.priorTies': list.priorTies };
}

/** The engine's problems with a slot's partner list, told by row and column of its CSV. */
export function byRow(slot: Slot, problems: Problem[]): Problem[] {
  const used = partnerLists[slot];
  return used ? partnerProblems(problems, used.list, used.file) : problems;
}

/** The view state without partner lists (what the address and, unless asked, a share link carry). */
export function withoutPartners(state: ViewState): ViewState {
  const strip = (spec: SlotSpec | null): SlotSpec | null => {
    if (!spec || !hasPartners(spec)) return spec;
    const edits = { ...spec.edits };
    for (const k of PARTNER_EDITS) delete edits[k];
    return { ...spec, edits };
  };
  return { ...state, a: strip(state.a)!, b: strip(state.b) };
}

/**
 * The actors' labels with listed partners of one name told apart (two services of one hospital):
 * by their role's words, then by a number where the role is the same too. Actors drawn from the
 * mixes (labelled by their role) and names that stand alone keep their label.
 */
export function distinctLabels(
  actors: { label: string; role: string; consortium: number; isCoordinator: boolean }[],
): string[] {
  const roleWords = (role: string) =>
    (ROLES as Record<string, { label: string } | undefined>)[role]?.label ?? role;
  const named = (a: (typeof actors)[number]) => !a.isCoordinator && a.label !== roleWords(a.role);
  const count = (labels: string[], key: (i: number) => string) => {
    const n = new Map<string, number>();
    labels.forEach((_, i) => {
      if (named(actors[i])) n.set(key(i), (n.get(key(i)) ?? 0) + 1);
    });
    return n;
  };
  const byName = count(
    actors.map((a) => a.label),
    (i) => `${actors[i].consortium}|${actors[i].label}`,
  );
  const labels = actors.map((a) =>
    named(a) && (byName.get(`${a.consortium}|${a.label}`) ?? 0) > 1
      ? `${a.label} (${roleWords(a.role)})`
      : a.label,
  );
  const byRole = count(labels, (i) => `${actors[i].consortium}|${labels[i]}`);
  const seen = new Map<string, number>();
  return labels.map((l, i) => {
    const key = `${actors[i].consortium}|${l}`;
    if (!named(actors[i]) || (byRole.get(key) ?? 0) < 2) return l;
    const k = (seen.get(key) ?? 0) + 1;
    seen.set(key, k);
    return `${l} ${k}`;
  });
}
