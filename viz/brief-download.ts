// "Download brief" in the 100-runs mode: the self-contained HTML page that `pilotnet compare A B
// --report brief.html` writes (report/brief.ts), with the same figures, built from the replicates the
// worker just ran for A and B (replicate r of both shares a seed, as in the CLI), written for the
// partners: A and B named as the view's panes name them, the changes in words, no command; "How
// robust" the answer of "Does the answer hold?" when it ran on these very runs, as the page says it. The scenarios'
// hashes are SHA-256 of their canonical JSON, as the CLI computes them (exec/io.ts fingerprint).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import pkg from '../package.json';
import { briefHtml } from '../report/brief.ts';
import { compareSummaries } from '../report/compare.ts';
import { replicateSeed } from '../sim/index.ts';
import { download } from './exporters.ts';
import type { RepResult } from './replicates.ts';

/**
 * Lower-case hex SHA-256 of a string, as node:crypto writes it. Not the browser's crypto.subtle: it
 * exists on secure origins only, and a tablet reaching the view at http://<laptop's address> got no
 * brief ("reading 'digest' of undefined").
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** A file name from a scenario id: letters, digits, dots and dashes only. */
const safe = (s: string) =>
  s
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'scenario';

/** What "Does the answer hold?" said of these runs, as the page says it (ensemble-band.ts bandAnswer). */
export interface BandAnswer {
  sentence: string;
  lines: string[];
  /** The outcome keys it ran again. */
  covers?: string[];
}

/**
 * The brief's HTML for replicates of A and B (null when either is missing or they differ in count);
 * `band`: the answer of "Does the answer hold?" on these runs, its "How robust" in the page's words;
 * `question`: the what-if's question, the brief's title ("What if meetings were halved?").
 */
export async function briefOf(
  a: RepResult | undefined,
  b: RepResult | undefined,
  band: BandAnswer | null = null,
  question?: string,
): Promise<string | null> {
  if (!a || !b || !a.summaries.length || a.summaries.length !== b.summaries.length || a.seed !== b.seed)
    return null;
  const [nameA, nameB] = a.scenario.id !== b.scenario.id ? [a.scenario.id, b.scenario.id] : ['A', 'B'];
  const side = async (r: RepResult, name: string) => ({
    name,
    title: r.scenario.name,
    // No file behind a view scenario: its id stands in (the brief's "repeat" line names it).
    file: r.scenario.id,
    id: r.scenario.id,
    sha256: sha256Hex(JSON.stringify(r.scenario)),
  });
  const n = a.summaries.length;
  const result = compareSummaries(a.summaries, b.summaries, {
    pilotnet: pkg.version,
    a: await side(a, nameA),
    b: await side(b, nameB),
    baseSeed: a.seed,
    seeds: Array.from({ length: n }, (_, r) => replicateSeed(a.seed, r)),
  });
  // For the partners in the room: the panes' names for A and B, and no command or parameter path.
  return briefHtml({
    result,
    scenarioA: a.scenario,
    scenarioB: b.scenario,
    audience: 'partners',
    names: { a: a.name, b: b.name },
    ...(question ? { question } : {}),
    ...(band
      ? {
          robustness: {
            sentence: band.sentence,
            lines: band.lines,
            ...(band.covers ? { covers: band.covers } : {}),
          },
        }
      : {}),
  });
}

/** Build the brief and hand it to the browser as a download named after A and B. */
export async function downloadBrief(
  a: RepResult | undefined,
  b: RepResult | undefined,
  band: BandAnswer | null = null,
  question?: string,
): Promise<boolean> {
  const html = await briefOf(a, b, band, question);
  if (html === null || !a || !b) return false;
  download(`pilotnet-brief-${safe(a.scenario.id)}-vs-${safe(b.scenario.id)}.html`, html, 'text/html');
  return true;
}
