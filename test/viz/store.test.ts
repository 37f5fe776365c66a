// One store, many panels (issue 18 item 13): no view module calls another's refresh; changes are
// published to the store and heard in a fixed order. The panels redrawing from it are driven in
// Chromium by view.test.ts and workshop.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const VIZ = resolve(import.meta.dirname, '../../viz');

/** The functions that redraw a panel from the state. */
const REFRESHES = [
  'rebuildPanels',
  'updateScrubber',
  'updateTagline',
  'refreshPresetSelects',
  'rebuildEditor',
  'showProblems',
  'showReplicates',
  'updatePanelsWeek',
  'updateCaption',
  'describeWeek',
  'updateOutcomeBadges',
  'clampFollow',
];

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );

describe('the view has one store (issue 18 item 13)', () => {
  it('no module imports a refresh function from another module (the panels folder is one module)', () => {
    const found: string[] = [];
    for (const file of sources(VIZ)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(\.[^']+)'/g)) {
        const names = m[1].split(',').map((n) => n.trim().replace(/^type\s+/, ''));
        const from = resolve(dirname(file), m[2]);
        const sameFolder = dirname(from) === dirname(file) && dirname(file) !== VIZ;
        for (const n of names)
          if (REFRESHES.includes(n) && !sameFolder) found.push(`${relative(VIZ, file)} imports ${n}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('the store imports no panel (each panel imports it), and a redraw hears the week last', () => {
    const text = readFileSync(join(VIZ, 'store.ts'), 'utf8');
    const order = text.match(/export const TOPICS = \[([^\]]*)\]/)![1].match(/'(\w+)'/g)!;
    expect(order.map((t) => t.slice(1, -1))).toEqual([
      'mode',
      'started',
      'scenario',
      'problems',
      'frames',
      'runs',
      'layout',
      'horizon',
      'week',
    ]);
    // And nothing in the store imports a panel: it imports app.ts and d3 only.
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.sort()).toEqual(['./app.ts', 'd3']);
  });
});
