// The view's smoothness (issue 12 item 8): the longest main-thread task during playback, from
// Chromium's performance timeline (PerformanceObserver 'longtask', every task over 50 ms), in
// compare mode (default vs meetings halved) and in the national scenario. The same page standing
// still for the same time is the in-process baseline. Each case runs twice: at the machine's speed
// and with the page's CPU slowed 4x through the DevTools protocol (a slow laptop or a loaded machine,
// without loading the machine). Builds the site, serves it, drives Chromium through
// playwright-core as the browser tests do (test/helpers/browser.ts finds it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build, preview } from 'vite';
import { launchChromium } from '../test/helpers/browser.ts';
import { encodeState, type ViewState } from '../viz/share.ts';

export interface ViewFigure {
  case: string;
  actors: number;
  weeksPlayed: number;
  seconds: number;
  longTasks: number;
  longestTaskMs: number;
  idleLongestTaskMs: number;
}

const ROOT = resolve(import.meta.dirname, '..');

const base: ViewState = {
  a: { preset: 'default', edits: {}, halve: false, custom: null },
  b: null,
  whatIf: null,
  mode: 'watch',
  seed: null,
  week: 0,
  sizeBy: 'degree',
  large: false,
  tab: 'network',
  speed: 8,
  present: false,
  follow: 0,
};

type Hooked = { __pilotnet: { ready: boolean; week: number; actors: number }; __long: number[] };

/** Long tasks seen while `act` runs: their count and the longest, in ms. */
async function longTasksDuring(
  page: Page,
  act: () => Promise<void>,
): Promise<{ count: number; longest: number }> {
  await page.evaluate(() => {
    (window as unknown as Hooked).__long = [];
  });
  await act();
  const list = await page.evaluate(() => (window as unknown as Hooked).__long);
  return { count: list.length, longest: list.length ? Math.max(...list) : 0 };
}

export async function measureView(seconds: number): Promise<ViewFigure[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'pilotnet-bench-view-'));
  const configFile = join(ROOT, 'vite.config.ts');
  await build({ configFile, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const server = await preview({
    configFile,
    logLevel: 'error',
    build: { outDir },
    preview: { port: 0, open: false },
  });
  const url = server.resolvedUrls?.local[0] ?? '';
  const browser = await launchChromium();
  const figures: ViewFigure[] = [];
  try {
    const cases: [string, ViewState][] = [
      [
        'compare: default vs A + meetings halved',
        { ...base, mode: 'compare', whatIf: 'halve', b: { ...base.a, halve: true } },
      ],
      ['national scenario', { ...base, a: { ...base.a, preset: 'national' } }],
    ];
    for (const [name, state, cpu] of cases.flatMap(([n, s]) => [1, 4].map((c) => [n, s, c] as const))) {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.addInitScript(() => {
        const w = window as unknown as Hooked;
        w.__long = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__long.push(e.duration);
        }).observe({ type: 'longtask', buffered: false });
      });
      await page.goto(`${url}#${await encodeState(state)}`);
      await page.waitForFunction(() => (window as unknown as Hooked).__pilotnet?.ready === true, null, {
        timeout: 120_000,
      });
      if (cpu > 1) {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
      }
      const actors = await page.evaluate(() => (window as unknown as Hooked).__pilotnet.actors);
      const idle = await longTasksDuring(page, () => page.waitForTimeout(seconds * 1000));
      const t0 = Date.now();
      const played = await longTasksDuring(page, async () => {
        // Space plays, as in test/viz: a key sent to the page runs none of the driver's own script in
        // it (a click does: Playwright scrolls and hit-tests the button first), which would be a task too.
        await page.keyboard.press('Space');
        await page.waitForTimeout(seconds * 1000);
      });
      const weeks = await page.evaluate(() => (window as unknown as Hooked).__pilotnet.week);
      figures.push({
        case: cpu > 1 ? `${name}, CPU ${cpu}x slower` : name,
        actors,
        weeksPlayed: weeks,
        seconds: (Date.now() - t0) / 1000,
        longTasks: played.count,
        longestTaskMs: played.longest,
        idleLongestTaskMs: idle.longest,
      });
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
  return figures;
}
