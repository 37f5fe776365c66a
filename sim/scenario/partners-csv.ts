// A consortium's own partner list as CSV (organisation name, role, pillar, care line, and optionally
// the partners each already works with), read into composition.partners and composition.priorTies.
// Pure: the CLI reads the file, the view reads a dropped or picked file; both validate the result
// through the scenario schema and report its problems by row and column of the CSV.
import { csvParseRows } from 'd3-dsv';
import { LINES, PILLARS, ROLE_IDS, ROLES } from '../roles.ts';
import type { Problem } from './validate.ts';

/** Largest partner list read (characters): a consortium of 2000 partners fits many times over. */
export const PARTNERS_MAX_CHARS = 1_000_000;
/** Most partners in a list (the schema's limit too). */
export const PARTNERS_MAX_ROWS = 2000;

export interface PartnerList {
  partners: { name: string; role: string; pillar: string; line: string }[];
  priorTies: [string, string][];
  /** The CSV row (1 = the header) of each partner and of each prior tie, for problems. */
  rowOfPartner: number[];
  rowOfTie: number[];
}

/** Column headers the list accepts, lower case: the first of each is the one the docs use. */
const COLUMNS = {
  name: ['organisation', 'name', 'organisation name', 'organization'],
  role: ['role'],
  pillar: ['pillar'],
  line: ['care line', 'line'],
  ties: ['works with', 'prior ties', 'ties'],
} as const;

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** Words a facilitator may write, to the schema's values (an unknown word is kept for the schema to refuse). */
const ROLE_WORDS = new Map<string, string>([
  ...ROLE_IDS.map((r) => [norm(r), r] as const),
  ...ROLE_IDS.map((r) => [norm(ROLES[r].label), r] as const),
]);
const PILLAR_WORDS = new Map<string, string>([
  ...PILLARS.map((p) => [p, p] as const),
  ['public bodies', 'public'],
  ['public body', 'public'],
]);
const LINE_WORDS = new Map<string, string>([
  ...LINES.map((l) => [l, l] as const),
  ['first line', 'first'],
  ['second line', 'second'],
  ['community and social sector', 'community'],
]);

/**
 * Reads a partner list. Problems of the CSV itself (no header, a missing column, too many rows) are
 * returned here; the values are checked by the scenario schema (see partnerProblems).
 */
export function parsePartnersCsv(
  text: string,
  file: string,
): { ok: true; list: PartnerList } | { ok: false; problems: Problem[] } {
  if (text.length > PARTNERS_MAX_CHARS)
    return {
      ok: false,
      problems: [
        {
          file,
          path: '(file)',
          message: `expected at most ${PARTNERS_MAX_CHARS} characters, got ${text.length}`,
        },
      ],
    };
  const rows = csvParseRows(text.replace(/^\uFEFF/, ''));
  const header = (rows[0] ?? []).map(norm);
  const col = Object.fromEntries(
    Object.entries(COLUMNS).map(([k, names]) => [
      k,
      header.findIndex((h) => (names as readonly string[]).includes(h)),
    ]),
  ) as Record<keyof typeof COLUMNS, number>;
  const missing = (['name', 'role', 'pillar', 'line'] as const).filter((k) => col[k] < 0);
  if (missing.length)
    return {
      ok: false,
      problems: missing.map((k) => ({
        file,
        path: 'row 1',
        message: `expected a column "${COLUMNS[k][0]}" in the header, got ${header.length ? header.map((h) => `"${h}"`).join(', ') : 'an empty file'}`,
      })),
    };
  const list: PartnerList = { partners: [], priorTies: [], rowOfPartner: [], rowOfTie: [] };
  const seen = new Set<string>();
  const cell = (row: string[], k: number) => (k >= 0 ? (row[k] ?? '').trim() : '');
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.every((c) => !c.trim())) continue;
    if (list.partners.length === PARTNERS_MAX_ROWS)
      return {
        ok: false,
        problems: [{ file, path: `row ${r + 1}`, message: `expected at most ${PARTNERS_MAX_ROWS} partners` }],
      };
    const name = cell(row, col.name);
    const role = cell(row, col.role);
    const pillar = cell(row, col.pillar);
    const line = cell(row, col.line);
    list.partners.push({
      name,
      role: ROLE_WORDS.get(norm(role)) ?? role,
      pillar: PILLAR_WORDS.get(norm(pillar)) ?? pillar,
      line: LINE_WORDS.get(norm(line)) ?? line,
    });
    list.rowOfPartner.push(r + 1);
    for (const other of cell(row, col.ties).split(';')) {
      const o = other.trim();
      const key = [name, o].sort().join('\u0000');
      if (!o || seen.has(key)) continue;
      seen.add(key);
      list.priorTies.push([name, o]);
      list.rowOfTie.push(r + 1);
    }
  }
  return { ok: true, list };
}

/** The fields of a partner, as the CSV's columns are named. */
const COLUMN_OF: Record<string, string> = {
  name: 'organisation',
  role: 'role',
  pillar: 'pillar',
  line: 'care line',
};

/**
 * The scenario's problems with composition.partners and composition.priorTies, told by row and
 * column of the CSV (`row 4, role: expected one of ...`); other problems are returned unchanged.
 */
export function partnerProblems(problems: readonly Problem[], list: PartnerList, file: string): Problem[] {
  return problems.map((p) => {
    const partner = /^composition\.partners\[(\d+)\]\.(\w+)$/.exec(p.path);
    if (partner) {
      const row = list.rowOfPartner[Number(partner[1])];
      return { file, path: `row ${row}, ${COLUMN_OF[partner[2]] ?? partner[2]}`, message: p.message };
    }
    const tie = /^composition\.priorTies\[(\d+)\]/.exec(p.path);
    if (tie)
      return { file, path: `row ${list.rowOfTie[Number(tie[1])]}, ${COLUMNS.ties[0]}`, message: p.message };
    if (p.path.startsWith('composition.partners')) return { file, path: '(file)', message: p.message };
    return p;
  });
}

/** A scenario (raw or resolved JSON) with the list's partners and prior ties in its composition. */
export function withPartners<T extends object>(scenario: T, list: PartnerList): T {
  const s = structuredClone(scenario) as T & { composition?: Record<string, unknown> };
  s.composition = {
    ...(s.composition ?? {}),
    partners: list.partners,
    priorTies: list.priorTies,
  };
  return s;
}
