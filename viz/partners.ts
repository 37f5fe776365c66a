// A consortium's own partner list in the view (issue 18 item 12): read from a picked or dropped CSV
// on this computer, carried to the engine as two edits of the scenario, and left out of the address
// (and of a share link unless the user says so).

import type { Problem, Scenario } from '../sim/index.ts';
import { LINES, PILLARS, ROLE_IDS, ROLES } from '../sim/roles.ts';
import {
  PARTNERS_MAX_CHARS,
  type PartnerList,
  parsePartnersCsv,
  partnerProblems,
} from '../sim/scenario/partners-csv.ts';
import { PARTNER_NAME_MAX, PRIOR_TIES_MAX } from '../sim/scenario/schema.ts';
import type { Slot } from './protocol.ts';
import type { SlotSpec, ViewState } from './share.ts';

/**
 * A diagnostic as the view tells it. `plain`: in the user's words (the file-and-path form stays as
 * the analysts' detail); `list`: the file of a partner list that was refused (not loaded); `hint`:
 * a line told once after the problems (the roles a list can use).
 */
export interface ShownProblem extends Problem {
  plain?: string;
  list?: string;
  hint?: string;
}

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

/** Names as the editor and the tooltip give them: "hospital director", "Catholic pillar", "first line". */
const roleWords = ROLE_IDS.map((r) => ROLES[r].label);
const orList = (xs: string[]) => `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
const ROLES_HINT = `Roles a partner list can use: ${roleWords.join(', ')}.`;
const PILLAR_WORDS = orList(PILLARS.map((p) => (p === 'public' ? 'public (public bodies)' : p)));
const LINE_WORDS = orList(LINES.map((l) => (l === 'community' ? 'community' : `${l} line`)));
const quote = (s: string) => `“${s}”`;
/** The command line's words for a value not among the schema's (its title in the view, for analysts). */
const oneOf = (ids: readonly string[], got: string) =>
  `expected one of ${ids.map((v) => `"${v}"`).join('|')}, got "${got}"`;

/** A refused list's problem: the analysts' form, and the partner words the view shows. */
const refusal = (
  file: string,
  path: string,
  message: string,
  plain: string,
  hint?: string,
): ShownProblem => ({
  file,
  path,
  message,
  plain,
  list: file,
  ...(hint ? { hint } : {}),
});

/**
 * Why a partner list cannot be used with the slot's scenario, row by row in partner words, or [] if
 * it can: checked before the list touches the scenario, so a refused list changes nothing. The
 * scenario is the one running (its consortia and chair), or null before a run.
 */
export function listRefusals(list: PartnerList, file: string, scenario: Scenario | null): ShownProblem[] {
  const out: ShownProblem[] = [];
  if (!list.partners.length)
    out.push(
      refusal(
        file,
        '(file)',
        'expected a list of >=1 items, got []',
        `${file} has a header but no partners: add one row per organisation`,
      ),
    );
  const names = new Set(list.partners.map((p) => p.name));
  list.partners.forEach((p, i) => {
    const row = list.rowOfPartner[i];
    const at = `row ${row}`;
    if (!p.name)
      out.push(refusal(file, `${at}, organisation`, 'empty', `${at}: the organisation has no name`));
    else if (p.name.length > PARTNER_NAME_MAX)
      out.push(
        refusal(
          file,
          `${at}, organisation`,
          `expected at most ${PARTNER_NAME_MAX} characters`,
          `${at}: the organisation’s name is ${p.name.length} characters long; at most ${PARTNER_NAME_MAX} are read`,
        ),
      );
    if (!(ROLE_IDS as readonly string[]).includes(p.role))
      out.push(
        refusal(
          file,
          `${at}, role`,
          oneOf(ROLE_IDS, p.role),
          p.role
            ? `${at}: ${quote(p.role)} (role) is not a role the model knows: use one of the roles below`
            : `${at}: the role is empty: use one of the roles below`,
          ROLES_HINT,
        ),
      );
    if (!(PILLARS as readonly string[]).includes(p.pillar))
      out.push(
        refusal(
          file,
          `${at}, pillar`,
          oneOf(PILLARS, p.pillar),
          `${at}: ${p.pillar ? `${quote(p.pillar)} (pillar) is not a pillar` : 'the pillar is empty'}: use ${PILLAR_WORDS}`,
        ),
      );
    if (!(LINES as readonly string[]).includes(p.line))
      out.push(
        refusal(
          file,
          `${at}, care line`,
          oneOf(LINES, p.line),
          `${at}: ${p.line ? `${quote(p.line)} (care line) is not a care line` : 'the care line is empty'}: use ${LINE_WORDS}`,
        ),
      );
  });
  list.priorTies.forEach(([, other], i) => {
    if (names.has(other)) return;
    const at = `row ${list.rowOfTie[i]}`;
    out.push(
      refusal(
        file,
        `${at}, works with`,
        `expected the name of a partner in composition.partners, got "${other}"`,
        `${at}: ${quote(other)} (works with) is not a partner on this list`,
      ),
    );
  });
  if (list.priorTies.length > PRIOR_TIES_MAX)
    out.push(
      refusal(
        file,
        'works with',
        `expected at most ${PRIOR_TIES_MAX} pairs`,
        `the “works with” column names ${list.priorTies.length} pairs; at most ${PRIOR_TIES_MAX} are read`,
      ),
    );
  if (scenario && scenario.consortia !== 1)
    out.push(
      refusal(
        file,
        '(file)',
        `a partner list is one consortium; consortia is ${scenario.consortia}`,
        `a partner list is one consortium, and this scenario runs ${scenario.consortia}: start from a preset of one consortium first`,
      ),
    );
  const lead = scenario?.governance.leadRole;
  if (
    scenario?.governance.chair === 'lead' &&
    lead &&
    list.partners.length &&
    !list.partners.some((p) => p.role === lead)
  )
    out.push(
      refusal(
        file,
        '(file)',
        `governance.chair is "lead": expected a partner with role "${lead}"`,
        `a lead organisation chairs this scenario (Who chairs): the list needs a partner whose role is ${quote(ROLES[lead as keyof typeof ROLES]?.label ?? lead)}`,
      ),
    );
  return out;
}

/**
 * The problems of a file read as a partner list (a missing column, too large), or the engine's with a
 * list it was given, as a refused list's: told by row, in the words of the message.
 */
export function asRefusal(problems: readonly Problem[], file: string): ShownProblem[] {
  return problems.map((p) => {
    const where = p.path && p.path !== '(file)' ? `${p.path}: ` : '';
    const big = /^expected at most (\d+) (bytes|characters), got (\d+)$/.exec(p.message);
    const plain = big
      ? `${file} is ${big[3]} ${big[2]} long; a partner list may have at most ${big[1]}`
      : `${where}${p.message}`;
    return refusal(file, p.path, p.message, plain);
  });
}

/**
 * A list loaded into a slot and not yet run: if the engine refuses the scenario with it, the list
 * is taken back out (the edits and list the slot had before), so a refused list changes nothing.
 */
export const pendingList: Partial<
  Record<Slot, { file: string; edits: Record<string, unknown>; used: (typeof partnerLists)[Slot] }>
> = {};

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
