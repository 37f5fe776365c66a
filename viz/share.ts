// Shareable URLs: the whole view state (scenario choice and edits, seed, mode, week, options)
// deflated and base64url-encoded into the location hash, so a link restores what the room saw.

export interface SlotSpec {
  preset: string;
  edits: Record<string, unknown>;
  halve: boolean;
  /** A scenario loaded from a file: its raw JSON and file name. */
  custom: { raw: unknown; file: string } | null;
}

export type Mode = 'watch' | 'compare' | 'replicates';

export interface ViewState {
  a: SlotSpec;
  b: SlotSpec | null;
  mode: Mode;
  seed: number | null;
  week: number;
  sizeBy: 'degree' | 'betweenness';
  large: boolean;
  tab: string;
  speed: number;
}

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

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

export async function encodeState(state: ViewState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return `s=${toBase64Url(await pipe(json, new CompressionStream('deflate-raw')))}`;
}

/** The state in a hash, or null when there is none or it cannot be read (a broken link opens the default). */
export async function decodeState(hash: string): Promise<Partial<ViewState> | null> {
  const m = /^#?s=([\w-]+)$/.exec(hash);
  if (!m) return null;
  try {
    const bytes = await pipe(fromBase64Url(m[1]), new DecompressionStream('deflate-raw'));
    const v = JSON.parse(new TextDecoder().decode(bytes));
    return v && typeof v === 'object' ? (v as Partial<ViewState>) : null;
  } catch {
    return null;
  }
}
