// Shared set-up of the browser tests written after view.test.ts: build the static site once per
// file, serve it, drive Debian's Chromium, and read the page's test hook (window.__pilotnet).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import type { DrawnLabel } from '../../viz/network.ts';
import { encodeState, type ViewState } from '../../viz/share.ts';
import { launchChromium } from '../helpers/browser.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface Hook {
  week: number;
  maxWeek: number;
  mode: string;
  ready: boolean;
  months: (number | null)[];
  problems: number;
  ranEdits: Record<'A' | 'B', Record<string, unknown> | null>;
}

export interface Site {
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = netServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => ok(typeof a === 'object' && a ? a.port : 0));
    });
  });

/** Builds the view, serves it on a free port and launches Chromium. */
export async function startSite(): Promise<Site> {
  const outDir = mkdtempSync(join(tmpdir(), 'pilotnet-viz-'));
  const configFile = join(ROOT, 'vite.config.ts');
  await build({ configFile, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const port = await freePort();
  const server: PreviewServer = await preview({
    configFile,
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  const browser = await launchChromium();
  return {
    base: `http://127.0.0.1:${port}/`,
    browser,
    async close() {
      await browser.close();
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export const hook = (page: Page) =>
  page.evaluate(() => ({ ...(window as unknown as { __pilotnet: Hook }).__pilotnet }));

/** Waits until every run on screen is complete. */
export const whenReady = (page: Page) =>
  page.waitForFunction(() => (window as unknown as { __pilotnet?: Hook }).__pilotnet?.ready === true, null, {
    timeout: 30_000,
  });

/** Opens the view at `path` (query and hash), collecting console errors. */
export async function openPage(site: Site, path = '', viewport = { width: 1280, height: 800 }) {
  const page = await site.browser.newPage({ viewport, acceptDownloads: true });
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.base}${path}`);
  await whenReady(page);
  return { page, errors };
}

/** The hash of a view state: the defaults of a fresh page with `over` applied. */
export async function stateHash(over: Partial<ViewState>): Promise<string> {
  const state: ViewState = {
    a: { preset: 'default', edits: {}, halve: false, custom: null },
    b: null,
    mode: 'watch',
    seed: null,
    week: 0,
    sizeBy: 'degree',
    large: false,
    tab: 'network',
    speed: 4,
    whatIf: null,
    present: false,
    follow: 0,
    ...over,
  };
  return `#${await encodeState(state)}`;
}

/** A comparison with "meetings halved" (B = A + the change), at `week`. */
export const halvedHash = (week = 0) =>
  stateHash({
    mode: 'compare',
    whatIf: 'halve',
    week,
    b: { preset: 'default', edits: {}, halve: true, custom: null },
  });

/** Sets a numeric or text control of the editor and lets the page hear it. */
export async function setField(page: Page, path: string, value: string): Promise<void> {
  const field = `[data-path="${path}"]`;
  await page.fill(field, value);
  await page.dispatchEvent(field, 'change');
}

/** Opens More first where Export stands folded behind it (presenting on a laptop or a projector). */
export async function unfold(page: Page, sel: string): Promise<void> {
  if (!(await page.isVisible(sel)) && (await page.isVisible('#more-btn'))) await page.click('#more-btn');
}

/** The file an Export menu item downloads. */
export async function downloadOf(page: Page, kind: string) {
  await unfold(page, '#export-btn');
  await page.click('#export-btn');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export="${kind}"]`)]);
  return { name: dl.suggestedFilename(), body: readFileSync((await dl.path())!) };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on the page as it is: every violation (any impact), with the elements it hits. */
export async function axeAll(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(o: unknown): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run({ resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/**
 * Per vertical band of a PNG (`columns` bands side by side), between fractions `y0` and `y1` of its
 * height, decoded by the browser: `ink`, the share of pixels that are not white; `span`, the share
 * of the band's width between its leftmost and rightmost pixel of a pillar's colour (saturated: not
 * the white ground, nor the grey of text).
 */
export const pngBands = (page: Page, png: Buffer, columns: number, y0: number, y1: number) =>
  page.evaluate(
    async ({ b64, columns, y0, y1 }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const top = Math.round(bmp.height * y0);
      const h = Math.round(bmp.height * (y1 - y0));
      const out: { ink: number; span: number }[] = [];
      for (let k = 0; k < columns; k++) {
        const x = Math.round((k * bmp.width) / columns);
        const w = Math.round(bmp.width / columns);
        const d = ctx.getImageData(x, top, w, h).data;
        let ink = 0;
        let lo = w;
        let hi = -1;
        for (let i = 0; i < d.length; i += 4) {
          if (d[i] + d[i + 1] + d[i + 2] < 720) ink++;
          if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 80) {
            const px = (i / 4) % w;
            lo = Math.min(lo, px);
            hi = Math.max(hi, px);
          }
        }
        out.push({ ink: ink / (d.length / 4), span: hi < lo ? 0 : (hi - lo + 1) / w });
      }
      return out;
    },
    { b64: png.toString('base64'), columns, y0, y1 },
  );

/** The five screen sizes a room uses: a projector, two laptops, a tablet and a phone. */
export const SIZES = [
  [1920, 1080],
  [1366, 768],
  [1280, 800],
  [1024, 768],
  [390, 844],
] as const;

/** What the networks' test hook tells of a pane: its marks, its labels, whether it has settled. */
export type PaneHook = {
  marks(s: string): { x: number; y: number; r: number }[];
  labels(s: string): DrawnLabel[];
  fitted(s: string): boolean;
};

/** Waits until the networks shown have stopped easing (positions and fitted view). */
export async function whenFitted(page: Page, slots: ('A' | 'B')[]): Promise<void> {
  await page.waitForFunction(
    (ss) => ss.every((s) => (window as unknown as { __pilotnet: PaneHook }).__pilotnet.fitted(s)),
    slots,
    { timeout: 15_000 },
  );
  // One more frame: the picture of the settled view is drawn.
  await page.waitForTimeout(100);
}
