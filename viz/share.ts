// Shareable URLs: the whole view state (scenario choice and edits, seed, mode, week, options)
// deflated and base64url-encoded into the location hash, so a link restores what the room saw. A
// link is hostile input: it is read against a schema (zod) with size limits, and a link that does not
// match opens the default view with a notice.
import { z } from 'zod';

const slotSchema = z.strictObject({
  preset: z.string().max(100),
  /** Control edits by dotted path; the worker refuses paths through __proto__, constructor, prototype. */
  edits: z
    .record(z.string().max(200), z.unknown())
    .refine((e) => Object.keys(e).length <= 200, 'too many edits'),
  halve: z.boolean(),
  /** A scenario loaded from a file: its raw JSON and file name (the engine validates the JSON). */
  custom: z.strictObject({ raw: z.unknown(), file: z.string().max(260) }).nullable(),
});

/** What a share link carries. Fields added after the first links were shared have defaults. */
export const viewStateSchema = z.strictObject({
  a: slotSchema,
  b: slotSchema.nullable(),
  /** A what-if applied to whatever A is: B = A + this change (null: B is a scenario of its own). */
  whatIf: z.enum(['halve']).nullable().default(null),
  mode: z.enum(['watch', 'compare', 'replicates']),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32)
    .nullable(),
  week: z.number().int().min(0).max(100_000),
  sizeBy: z.enum(['degree', 'betweenness']),
  large: z.boolean(),
  tab: z.enum(['network', 'controversies', 'file', 'log', 'outcome']),
  speed: z.number().min(0.25).max(64),
  /** Presentation mode: nothing shown before it happens, network first, large type. */
  present: z.boolean().default(false),
  /** The consortium the charts and panels follow in a national run (0-based). */
  follow: z.number().int().min(0).max(10_000).default(0),
});

export type SlotSpec = z.infer<typeof slotSchema>;
export type ViewState = z.infer<typeof viewStateSchema>;
export type Mode = ViewState['mode'];

/** Longest hash read (a link is an address: browsers keep a few hundred kB at most). */
const MAX_HASH = 400_000;
/** Largest decompressed state. */
const MAX_STATE_BYTES = 4_000_000;

const toBase64Url = (bytes: Uint8Array) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const fromBase64Url = (s: string) => {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
};

async function pipe(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limit = Number.POSITIVE_INFINITY,
): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > limit) {
      await reader.cancel();
      throw new Error(`the state is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export async function encodeState(state: ViewState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return `s=${toBase64Url(await pipe(json, new CompressionStream('deflate-raw')))}`;
}

export type Decoded = { state: ViewState } | { error: string } | null;

/**
 * The state in a hash: null when there is none, `{error}` when the link is damaged or does not match
 * the schema (the page then opens the default and says so), `{state}` otherwise.
 */
export async function decodeState(hash: string): Promise<Decoded> {
  if (!hash || hash === '#') return null;
  if (hash.length > MAX_HASH) return { error: 'the link is too long' };
  const m = /^#?s=([\w-]+)$/.exec(hash);
  if (!m) return { error: 'the link does not hold a pilotnet view' };
  let v: unknown;
  try {
    const bytes = await pipe(fromBase64Url(m[1]), new DecompressionStream('deflate-raw'), MAX_STATE_BYTES);
    v = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { error: 'the link is damaged (it cannot be decompressed or read)' };
  }
  const r = viewStateSchema.safeParse(v);
  if (r.success) return { state: r.data };
  const issue = r.error.issues[0];
  const where = issue.path.map(String).join('.') || '(root)';
  return { error: `${where}: ${issue.message}` };
}
