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
  /** The name a partner reads on screen. */
  name: string;
  /** The scenario file's own name, with its reference to the study (the picker's tooltip). */
  fileName: string;
  raw: Record<string, unknown>;
}

/**
 * Names on screen for scenarios whose file name speaks to the study rather than to the room: the
 * default's "(Figure 1)" is a figure of the study's report, which partners have not read.
 */
const SCREEN_NAMES: Record<string, string> = {
  default: 'The structure the coaches suggested, flexible deadline',
};

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
    const fileName = typeof r.name === 'string' ? r.name : id;
    return { id, file: `scenarios/${id}.json`, name: SCREEN_NAMES[id] ?? fileName, fileName, raw: r };
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
