// docs/ODD.md matches the code: every parameter of the scenario is in its parameter table and
// every parameter in the table exists; every role of the interest table is there with its rationale.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shownDefault } from '../../scripts/odd-report.ts';
import { DEFAULTS, INTEREST_RATIONALE, ROLE_IDS, setPath } from '../../sim/index.ts';

const ODD = readFileSync(new URL('../../docs/ODD.md', import.meta.url), 'utf8');

/** Parameter paths: leaves of the defaults; list items as `[]`; the interest table as one leaf. */
function leaves(value: unknown, path = ''): string[] {
  if (path === 'controversies.interests' || path === 'controversies.pillarInterests') return [path];
  if (Array.isArray(value)) {
    if (value.length && value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) {
      const keys = [...new Set(value.flatMap((v) => Object.keys(v)))];
      return keys.flatMap((k) =>
        leaves((value.find((v) => k in v) as Record<string, unknown>)[k], `${path}[].${k}`),
      );
    }
    return [path];
  }
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) =>
      !path && ['$schema', 'id', 'name', 'description'].includes(k)
        ? []
        : leaves(v, path ? `${path}.${k}` : k),
    );
  return [path];
}

/** The first column of the table under "## Parameters". */
function documented(): string[] {
  const section = ODD.split(/^## Parameters$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
}

describe('docs/ODD.md', () => {
  it('follows ODD+D: overview, design concepts with the decision sections, details', () => {
    for (const heading of [
      'Purpose',
      'Entities, state variables and scales',
      'Process overview and scheduling',
      'Theoretical and empirical background',
      'Individual decision making',
      'Learning',
      'Individual sensing',
      'Individual prediction',
      'Interaction',
      'Collectives',
      'Heterogeneity',
      'Stochasticity',
      'Observation',
      'Implementation details',
      'Initialisation',
      'Input data',
      'Submodels',
    ])
      expect(ODD).toMatch(new RegExp(`^###? [IVXivx. ]*${heading}`, 'm'));
  });

  it('documents every parameter of the scenario', () => {
    const doc = new Set(documented());
    const missing = leaves(DEFAULTS).filter((p) => !doc.has(p));
    expect(missing).toEqual([]);
  });

  it('documents only parameters the scenario has, each once', () => {
    const params = new Set(leaves(DEFAULTS));
    const doc = documented();
    expect(doc.filter((p) => !params.has(p))).toEqual([]);
    expect(new Set(doc).size).toBe(doc.length);
    for (const p of doc.filter((x) => !x.includes('[]'))) expect(setPath({}, p, 0), p).toBeNull();
  });

  it('gives each parameter a default, a unit, a source and a rank column', () => {
    const section = ODD.split(/^## Parameters$/m)[1].split(/^## /m)[0];
    for (const row of section.split('\n').filter((l) => l.startsWith('| `'))) {
      const cells = row.split(' | ');
      expect(cells.length, row).toBe(6);
      expect(cells[4].trim().length, row).toBeGreaterThan(0);
    }
  });

  it('shows each parameter with the default the code has (npm run docs:odd rewrites the column)', () => {
    const section = ODD.split(/^## Parameters$/m)[1].split(/^## /m)[0];
    const stale = section
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((row) => {
        const [first, shown] = row.split(' | ');
        const path = first.slice(3, -1);
        const code = shownDefault(path);
        return code && code !== shown ? `${path}: table ${shown}, code ${code}` : '';
      })
      .filter(Boolean);
    expect(stale).toEqual([]);
  });

  it('quotes the interest table with every role and its rationale', () => {
    for (const role of ROLE_IDS) {
      const row = ODD.split('\n').find((l) => l.startsWith(`| \`${role}\` |`));
      expect(row, role).toBeDefined();
      expect(row).toContain(INTEREST_RATIONALE[role]);
    }
  });
});
