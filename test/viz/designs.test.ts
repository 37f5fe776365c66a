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
    // In the room's words; the analysts' line (field names) is the detail's tooltip.
    const detail = await page.textContent('#designs-detail');
    expect(detail).toContain('Set-up 2: project group: 4 meetings; chaired by ');
    expect(detail).toContain('took 13 months (12–14)');
    expect(detail).toContain('partners spent 500 hours in meetings (480–520)');
    expect(detail).toContain(HOSTILE);
    expect(detail).not.toMatch(/projectMeetings|meetingsPlanned|volunteerHours/);
    const raw = await page.getAttribute('#designs-detail', 'title');
    expect(raw).toContain('Design 2: projectMeetings 4');
    expect(raw).toContain('months 13 (12–14)');
    expect(raw).toContain('volunteerHours 500 (480–520)');
    expect(raw).toContain(HOSTILE);
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
    expect(await page.textContent('#designs-detail')).toMatch(/^Set-up 1: /);
    expect(await page.getAttribute('#designs-detail', 'title')).toMatch(/^Design 1: /);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
  it('speaks the room’s words for the example at 1366×768 and stays clear of the timeline’s controls', async () => {
    const shipped = JSON.parse(readFileSync(join(ROOT, 'scenarios/fronts/fewer-meetings.json'), 'utf8'));
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base);
    await page.waitForFunction(
      () => (window as unknown as { __pilotnet?: { ready: boolean } }).__pilotnet?.ready === true,
    );
    await page.click('#designs-btn');
    // The example's description is true to the search: fewer meetings planned in all than the
    // coaches' structure's 14 (the steering committee may meet more often), within a month.
    const note = (await page.textContent('#designs')) ?? '';
    expect(note).toContain('fewer meetings planned in all (the coaches’ structure plans 14)');
    expect(note).not.toContain('fewer meetings of the project group and the steering committee');
    const def = loadScenario('default').scenario;
    expect(def.governance.groups.reduce((n, g) => n + g.plannedMeetings, 0)).toBe(14);
    for (const d of shipped.designs) expect(d.outcomes.meetingsPlanned.value).toBeLessThan(14);
    await page.click('#designs-example');
    await page.waitForSelector('#designs-plot circle');
    expect(await page.textContent('#designs-detail')).toBe(
      `${shipped.designs.length} set-ups found by the search “fewer meetings”. Point at a dot to read it; click it to watch it beside the coaches’ structure (A).`,
    );
    // Each design's interval on months is drawn under its dot, and the axis takes in all of them
    // (fitted to the dots alone, a few tenths of a month filled the plot).
    const bars = await page.$$eval('#designs-plot .design-intervals line[data-axis="y"]', (ls) =>
      ls.map((l) => ({
        design: Number(l.getAttribute('data-design')),
        top: Math.min(Number(l.getAttribute('y1')), Number(l.getAttribute('y2'))),
        bottom: Math.max(Number(l.getAttribute('y1')), Number(l.getAttribute('y2'))),
      })),
    );
    expect(bars.map((b) => b.design).sort()).toEqual(
      shipped.designs.map((d: { design: number }) => d.design).sort(),
    );
    const ticks = await page.$$eval('#designs-plot g:nth-of-type(2) .tick text', (ts) =>
      ts.map((t) => Number((t.textContent ?? '').replace('−', '-'))),
    );
    const lows = shipped.designs.map((d: { outcomes: { months: { low: number } } }) => d.outcomes.months.low);
    const highs = shipped.designs.map(
      (d: { outcomes: { months: { high: number } } }) => d.outcomes.months.high,
    );
    expect(Math.min(...ticks)).toBeLessThanOrEqual(Math.min(...lows) + 0.25);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(Math.max(...highs) - 0.25);
    for (const b of bars) expect(b.bottom - b.top).toBeGreaterThan(20);
    // Axes and their lists in words; the field name stays an option's value (and its tooltip).
    const axisTitles = await page.$$eval('#designs-plot > text', (ts) => ts.map((t) => t.textContent));
    expect(axisTitles).toEqual(['meetings planned', 'months to the file']);
    expect(
      await page.$eval('#designs-x', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent),
    ).toBe('meetings planned');
    expect(await page.$eval('#designs-x', (s) => (s as HTMLSelectElement).value)).toBe('meetingsPlanned');
    await page.hover('#designs-plot circle[data-design="3"]');
    expect(await page.textContent('#designs-detail')).toBe(
      'Set-up 3: project group: 2 meetings, one every 4 weeks; steering committee: 6 meetings; 12 in the project group; a coach; chaired by the coordinator. 9 or 10 meetings planned in all; took 9.6 months (9.1–10.1); submitted in every run.',
    );
    await page.click('#designs-plot circle[data-design="3"]');
    await page.waitForFunction(() => {
      const h = (window as unknown as { __pilotnet: { mode: string; ready: boolean; scenarios: string[] } })
        .__pilotnet;
      return h.mode === 'compare' && h.ready && h.scenarios[1] === 'fewer-meetings-design-3';
    });
    const titles = await page.$$eval('.net-title', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(titles[1]).toContain('Set-up 3 found by the search “fewer meetings”');
    const shown = (await page.textContent('#designs')) ?? '';
    expect(shown).toMatch(/^[\s\S]*Watching Set-up 3: project group: 2 meetings/);
    expect(shown).not.toMatch(/meetingsPlanned|projectMeetings|steeringMeetings|fewer-meetings|Design 3/);
    // A drawer over the panes, ending above the timeline: play, the slider and the week's clock
    // are the topmost elements where they stand.
    const clear = await page.evaluate(() => {
      const panel = document.getElementById('designs')!.getBoundingClientRect();
      const foot = document.querySelector('footer.timeline')!.getBoundingClientRect();
      const top = (sel: string) => {
        const el = document.querySelector(sel)!;
        const r = el.getBoundingClientRect();
        const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return !!at && (el === at || el.contains(at)) && !document.getElementById('designs')!.contains(at);
      };
      const scrub = document.getElementById('scrubber')!.getBoundingClientRect();
      const atEnd = document.elementFromPoint(scrub.right - 4, scrub.top + scrub.height / 2);
      return {
        above: panel.bottom <= foot.top || `${panel.bottom} > ${foot.top}`,
        play: top('#play-btn'),
        clock: top('#clock'),
        scrubEnd: !!atEnd && !document.getElementById('designs')!.contains(atEnd),
      };
    });
    expect(clear).toEqual({ above: true, play: true, clock: true, scrubEnd: true });
    // The line saying what is watched, and its export, in view inside the panel (which scrolls).
    const inView = await page.evaluate(() => {
      const panel = document.getElementById('designs')!.getBoundingClientRect();
      const line = document.getElementById('designs-detail')!.getBoundingClientRect();
      const exp = document.getElementById('designs-export')!.getBoundingClientRect();
      return (
        (line.top >= panel.top && exp.bottom <= panel.bottom + 1) ||
        [panel, line, exp].map((r) => [r.top, r.bottom])
      );
    });
    expect(inView).toBe(true);
    await page.screenshot({ path: '/tmp/sets-1366-designs-clicked.png' });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('fits a phone’s screen, presenting or not; names the file does not know are said as words, as text', async () => {
    const odd = {
      search: 'odd_search',
      objectives: [
        { outcome: 'meetingsPlanned', goal: 'min' },
        { outcome: 'waitingWeeks', goal: 'min' },
      ],
      designs: [1, 2].map((n) => ({
        design: n,
        values: { groupCount: n + 2, styleOfChair: '<b id="bold">firm</b>' },
        outcomes: {
          meetingsPlanned: { value: 8 + n, low: 8 + n, high: 8 + n },
          waitingWeeks: { value: 3 + n, low: 2 + n, high: 4 + n },
        },
        scenario: { id: `odd-${n}`, name: `odd ${n}` },
      })),
    };
    for (const hash of ['', '?present']) {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      page.setDefaultTimeout(30_000);
      await page.goto(`${base}${hash}`);
      await page.waitForFunction(
        () => (window as unknown as { __pilotnet?: { ready: boolean } }).__pilotnet?.ready === true,
      );
      // Presenting, the tool sits behind More.
      if (!(await page.isVisible('#designs-btn'))) await page.click('#more-btn');
      await page.click('#designs-btn');
      await page.click('#designs-example');
      await page.waitForSelector('#designs-plot circle');
      const boxes = await page.evaluate(() => {
        const r = (sel: string) => {
          const b = document.querySelector(sel)!.getBoundingClientRect();
          return { left: b.left, right: b.right };
        };
        return {
          panel: r('#designs'),
          plot: r('#designs-plot'),
          detail: r('#designs-detail'),
          vw: innerWidth,
        };
      });
      expect(boxes.panel.left, hash).toBeGreaterThanOrEqual(0);
      expect(boxes.panel.right, hash).toBeLessThanOrEqual(boxes.vw);
      for (const inner of [boxes.plot, boxes.detail]) {
        expect(inner.left, hash).toBeGreaterThanOrEqual(boxes.panel.left);
        expect(inner.right, hash).toBeLessThanOrEqual(boxes.panel.right);
      }
      await page
        .locator('#designs')
        .screenshot({ path: `/tmp/sets-390${hash ? '-present' : ''}-designs.png` });
      if (!hash) {
        await page.setInputFiles('#designs-file', {
          name: 'odd.json',
          mimeType: 'application/json',
          buffer: Buffer.from(JSON.stringify(odd)),
        });
        await page.waitForFunction(() => document.querySelectorAll('#designs-plot circle').length === 2);
        const axes = await page.$$eval('#designs-plot > text', (ts) => ts.map((t) => t.textContent));
        expect(axes).toEqual(['meetings planned', 'waiting weeks']);
        await page.hover('#designs-plot circle[data-design="2"]');
        expect(await page.textContent('#designs-detail')).toBe(
          'Set-up 2: group count: 4; style of chair: <b id="bold">firm</b>. 10 meetings planned in all; waiting weeks 5 (4–6).',
        );
        expect(await page.$$('#designs b#bold')).toHaveLength(0);
      }
      await page.close();
    }
  }, 120_000);
});
