// Browser test of the view's design mode (viz/designs.ts): open a search's front.json, see one dot
// per design on two chosen objectives with the rest on hover, click a design to watch it against
// Figure 1 in compare mode (it animates), export it as a scenario; hostile names arrive as text and
// a bad file is refused with its JSON path.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../exec/io.ts';
import { launchChromium } from '../helpers/browser.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

let server: PreviewServer;
let browser: Browser;
let base: string;
let outDir: string;

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = netServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => ok(typeof a === 'object' && a ? a.port : 0));
    });
  });

/** A front as `pilotnet search` writes it: three designs of the project group's calendar. */
function front() {
  const def = loadScenario('default').scenario;
  const design = (n: number, meetings: number, months: number, hours: number) => {
    const scenario = structuredClone(def) as unknown as Record<string, unknown> & typeof def;
    scenario.governance.groups[1].plannedMeetings = meetings;
    scenario.id = `test-design-${n}`;
    scenario.name = n === 2 ? HOSTILE : `Design ${n} of search test`;
    return {
      design: n,
      values: { projectMeetings: meetings, chair: n === 2 ? HOSTILE : 'coordinator' },
      outcomes: {
        meetingsPlanned: { value: 6 + meetings, low: 6 + meetings, high: 6 + meetings },
        months: { value: months, low: months - 1, high: months + 1 },
        volunteerHours: { value: hours, low: hours - 20, high: hours + 20 },
      },
      scenario,
    };
  };
  return {
    pilotnet: '0.1.0',
    search: 'test',
    reference: 'default',
    objectives: [
      { outcome: 'meetingsPlanned', goal: 'min' },
      { outcome: 'months', goal: 'min' },
    ],
    variables: ['projectMeetings', 'chair'],
    designs: [design(1, 2, 14, 400), design(2, 4, 13, 500), design(3, 6, 12.5, 520)],
  };
}

const hook = (page: Page) =>
  page.evaluate(() => {
    const h = (window as unknown as { __pilotnet: Record<string, unknown> }).__pilotnet;
    return { mode: h.mode, week: h.week, ready: h.ready, scenarios: h.scenarios, playing: h.playing } as {
      mode: string;
      week: number;
      ready: boolean;
      scenarios: (string | null)[];
      playing: boolean;
    };
  });

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'pilotnet-viz-designs-'));
  const configFile = join(ROOT, 'vite.config.ts');
  await build({ configFile, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const port = await freePort();
  server = await preview({
    configFile,
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  base = `http://127.0.0.1:${port}/`;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('designs in the view', () => {
  it('shows a saved front, the rest on hover; a clicked design animates against Figure 1 and exports as a scenario', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(base);
    await page.waitForFunction(
      () => (window as unknown as { __pilotnet?: { ready: boolean } }).__pilotnet?.ready === true,
    );
    await page.click('#designs-btn');
    expect(await page.isVisible('#designs')).toBe(true);
    // Before a file: no empty lists or dead button, and no command line or figure number on screen.
    expect(await page.isVisible('#designs-x')).toBe(false);
    expect(await page.isVisible('#designs-export')).toBe(false);
    expect(await page.textContent('#designs')).not.toMatch(/pilotnet search|Figure 1/);

    // A bad file: refused with the JSON path, nothing drawn.
    await page.setInputFiles('#designs-file', {
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({ search: 'x', objectives: [{ outcome: 'months', goal: 'least' }], designs: [] }),
      ),
    });
    await page.waitForSelector('#designs-problems:not([hidden])');
    expect(await page.textContent('#designs-problems')).toContain(
      'bad.json: objectives[0]: expected {outcome, goal',
    );
    expect(await page.$$('#designs-plot circle')).toHaveLength(0);

    const f = front();
    await page.setInputFiles('#designs-file', {
      name: 'front.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(f)),
    });
    await page.waitForSelector('#designs-plot circle');
    expect(await page.isHidden('#designs-problems')).toBe(true);
    // One dot per design on the first two objectives: more meetings further right.
    const xs = await page.$$eval('#designs-plot circle', (cs) => cs.map((c) => Number(c.getAttribute('cx'))));
    expect(xs).toHaveLength(3);
    expect(xs[0]).toBeLessThan(xs[1]);
    expect(xs[1]).toBeLessThan(xs[2]);
    expect(await page.$eval('#designs-x', (s) => (s as HTMLSelectElement).value)).toBe('meetingsPlanned');
    expect(await page.$eval('#designs-y', (s) => (s as HTMLSelectElement).value)).toBe('months');
    // Another objective on the vertical axis: the dots move.
    const ysBefore = await page.$$eval('#designs-plot circle', (cs) => cs.map((c) => c.getAttribute('cy')));
    await page.selectOption('#designs-y', 'volunteerHours');
    const ysAfter = await page.$$eval('#designs-plot circle', (cs) => cs.map((c) => c.getAttribute('cy')));
    expect(ysAfter).not.toEqual(ysBefore);

    // Hover: every outcome with its interval, as text; the hostile name never becomes markup.
    await page.hover('#designs-plot circle[data-design="2"]');
    const detail = await page.textContent('#designs-detail');
    expect(detail).toContain('Design 2: projectMeetings 4');
    expect(detail).toContain('months 13 (12–14)');
    expect(detail).toContain('volunteerHours 500 (480–520)');
    expect(detail).toContain(HOSTILE);
    expect(await page.$$('#designs img')).toHaveLength(0);

    // Click: design 1 (B) against Figure 1 (A) in compare mode, and it animates.
    await page.click('#designs-plot circle[data-design="1"]');
    await page.waitForFunction(() => {
      const h = (window as unknown as { __pilotnet: { mode: string; ready: boolean; scenarios: string[] } })
        .__pilotnet;
      return h.mode === 'compare' && h.ready && h.scenarios[1] === 'test-design-1';
    });
    const h0 = await hook(page);
    expect(h0.scenarios).toEqual(['default', 'test-design-1']);
    await page.click('#play-btn');
    await page.waitForFunction(
      (w) => (window as unknown as { __pilotnet: { week: number } }).__pilotnet.week > w + 2,
      h0.week,
    );
    await page.click('#play-btn');
    expect((await hook(page)).week).toBeGreaterThan(h0.week);

    // Export: the design's scenario, as search wrote it.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#designs-export')]);
    expect(dl.suggestedFilename()).toBe('test-design-1.json');
    const saved = JSON.parse(readFileSync((await dl.path()) as string, 'utf8'));
    expect(saved).toEqual(f.designs[0].scenario);
    expect(saved.governance.groups[1].plannedMeetings).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  }, 180_000);

  it('opens the example front shipped with the view (no file at hand in a room): one dot per design, the rest on hover', async () => {
    const shipped = JSON.parse(readFileSync(join(ROOT, 'scenarios/fronts/fewer-meetings.json'), 'utf8'));
    // As `pilotnet search fewer-meetings` writes it: the search's name, its objectives, its designs.
    expect(shipped.search).toBe('fewer-meetings');
    expect(shipped.designs.length).toBeGreaterThan(2);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(base);
    await page.click('#designs-btn');
    await page.click('#designs-example');
    await page.waitForSelector('#designs-plot circle');
    expect(await page.$$('#designs-plot circle')).toHaveLength(shipped.designs.length);
    expect(await page.isHidden('#designs-problems')).toBe(true);
    await page.hover('#designs-plot circle[data-design="1"]');
    expect(await page.textContent('#designs-detail')).toMatch(/^Design 1: /);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
