// Bundled scenario presets: every scenarios/*.json, read at build time, and the loader that
// resolves `"extends"` between them (the same chain the CLI follows on disk).
import type { ScenarioLoader } from '../sim/index.ts';

const files = import.meta.glob('../scenarios/*.json', { eager: true, import: 'default' }) as Record<
  string,
  unknown
>;

export interface Preset {
  id: string;
  file: string;
  name: string;
  raw: Record<string, unknown>;
}

/** Presets by id (the file name without .json), default first, then alphabetical. */
export const PRESETS: Preset[] = Object.entries(files)
  // Scenario files only: not the JSON Schemas, not sweep specs (they reference sweep.schema.json).
  .filter(([path, raw]) => {
    if (/schema\.json$/.test(path) || !raw || typeof raw !== 'object' || Array.isArray(raw)) return false;
    const r = raw as Record<string, unknown>;
    return (
      !String(r.$schema ?? '').includes('sweep') &&
      (typeof r.id === 'string' || typeof r.extends === 'string')
    );
  })
  .map(([path, raw]) => {
    const id = path.replace(/^.*\//, '').replace(/\.json$/, '');
    const r = raw as Record<string, unknown>;
    return { id, file: `scenarios/${id}.json`, name: typeof r.name === 'string' ? r.name : id, raw: r };
  })
  .sort((a, b) => (a.id === 'default' ? -1 : b.id === 'default' ? 1 : a.id.localeCompare(b.id)));

export const presetById = (id: string): Preset | undefined => PRESETS.find((p) => p.id === id);

/** Resolves `"extends": "name"` against the bundled presets. */
export const presetLoader: ScenarioLoader = (name) => {
  const id = name.replace(/^.*\//, '').replace(/\.json$/, '');
  const p = presetById(id);
  if (!p) throw new Error(`no preset named "${name}" (bundled: ${PRESETS.map((x) => x.id).join(', ')})`);
  return { file: p.file, raw: structuredClone(p.raw), trusted: true };
};
