// Browser tests of presentation mode on the screens a room uses, as a facilitator's review found
// it: the header in one row (the secondary tools behind More), the network given the room, and the
// side charts seen whole beside it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrawnLabel } from '../../viz/network.ts';
import {
  halvedHash,
  openPage,
  type PaneHook,
  SIZES,
  type Site,
  startSite,
  stateHash,
  whenFitted,
} from './harness.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

const LAPTOPS = [
  [1920, 1080],
  [1366, 768],
  [1280, 800],
  [1024, 768],
] as const;

const box = (page: Page, sel: string) =>
  page.$eval(sel, (e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
  });

describe('presenting, the header is one row and the network has the room', () => {
  for (const [what, path, slots] of [
    ['single', async () => `?present${await stateHash({ week: 30 })}`, ['A']],
    ['compare', async () => `?present${await halvedHash(30)}`, ['A', 'B']],
  ] as const)
    for (const [width, height] of LAPTOPS)
      it(`${what} at ${width}×${height}, week 30: every header control on one row, the header no taller than it`, async () => {
        const { page, errors } = await openPage(site, await path(), { width, height });
        await whenFitted(page, [...slots]);
        const header = await box(page, 'header.top');
        const controls = await page.$$eval(
          'header.top .brand, header.top .modes, #halve-btn, #present-btn, #more-btn, #large-btn',
          (es) =>
            es.map((e) => {
              const r = e.getBoundingClientRect();
              return { id: e.id || e.className, top: r.top, bottom: r.bottom, visible: r.width > 0 };
            }),
        );
        const button = await box(page, '#present-btn');
        console.log(`${what} ${width}×${height}: header ${Math.round(header.height)} px`);
        for (const c of controls) {
          expect(c.visible, c.id).toBe(true);
          // On the one row: each control's box within the header's, overlapping Present's line.
          expect(c.top, c.id).toBeLessThan(button.bottom);
          expect(c.bottom, c.id).toBeGreaterThan(button.top);
        }
        // One row of buttons and its padding (two rows were 107–124 px high).
        expect(header.height).toBeLessThanOrEqual(button.height * 1.5 + 30);
        // The secondary tools wait behind More.
        for (const sel of ['#edit-btn', '#export-btn', '#share-btn', '#designs-btn'])
          expect(await page.isVisible(sel), sel).toBe(false);
        const canvases = await page.$$eval('.net-wrap:not([hidden]) canvas', (cs) =>
          cs.map((c) => {
            const r = c.getBoundingClientRect();
            return { width: r.width, height: r.height };
          }),
        );
        expect(canvases).toHaveLength(slots.length);
        // The network's pane: 60% of the screen's height and more (a single network; 465 px of 768
        // before, under a header of two rows); two side by side at least 300 px across each.
        for (const c of canvases) {
          if (what === 'single') expect(c.height).toBeGreaterThanOrEqual(0.6 * height);
          expect(c.width).toBeGreaterThanOrEqual(300);
        }
        if (what === 'single' && width === 1366)
          expect(canvases[0].height).toBeGreaterThanOrEqual(0.66 * height);
        expect(errors).toEqual([]);
        await page.close();
      });

  it('compare on a phone, week 40: the secondary tools wait behind More, and each network is drawn 120 px tall and more', async () => {
    const { page, errors } = await openPage(site, `?present${await halvedHash(40)}`, {
      width: 390,
      height: 844,
    });
    await whenFitted(page, ['A', 'B']);
    // The tools' row is folded: More stands on What-if's row, and opens them.
    const more = await box(page, '#more-btn');
    const whatIf = await box(page, '#halve-btn');
    expect(more.top).toBeLessThan(whatIf.bottom);
    expect(more.bottom).toBeGreaterThan(whatIf.top);
    for (const sel of ['#edit-btn', '#export-btn', '#share-btn', '#designs-btn'])
      expect(await page.isVisible(sel), sel).toBe(false);
    // Drawn 106 px tall with the tools in a row of their own (a facilitator's review).
    const drawn = await page.evaluate(() => {
      const h = (window as unknown as { __pilotnet: PaneHook }).__pilotnet;
      return (['A', 'B'] as const).map((s) => {
        const ds = h.marks(s);
        return Math.max(...ds.map((d) => d.y + d.r)) - Math.min(...ds.map((d) => d.y - d.r));
      });
    });
    console.log(`presenting compare 390×844: networks drawn ${drawn.map(Math.round).join(' and ')} px tall`);
    for (const d of drawn) expect(d).toBeGreaterThanOrEqual(120);
    await page.click('#more-btn');
    for (const sel of ['#edit-btn', '#export-btn', '#share-btn', '#designs-btn'])
      expect(await page.isVisible(sel), sel).toBe(true);
    // Opened, its tools lie on the screen.
    const tools = await box(page, '#more-tools');
    expect(tools.left).toBeGreaterThanOrEqual(0);
    expect(tools.right).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('More opens the secondary tools, by mouse and keyboard, and folds them again; outside presentation they stand in the header', async () => {
    const { page, errors } = await openPage(site, `?present${await stateHash({ week: 5 })}`, {
      width: 1366,
      height: 768,
    });
    expect(await page.getAttribute('#more-btn', 'aria-expanded')).toBe('false');
    await page.click('#more-btn');
    expect(await page.getAttribute('#more-btn', 'aria-expanded')).toBe('true');
    for (const sel of ['#edit-btn', '#designs-btn', '#export-btn', '#share-btn']) {
      expect(await page.isVisible(sel), sel).toBe(true);
      const b = await box(page, sel);
      expect(b.right, sel).toBeLessThanOrEqual(1366);
      expect(b.top, sel).toBeGreaterThanOrEqual((await box(page, 'header.top')).bottom - 1);
    }
    // Focus went to its first tool; Esc folds it and gives focus back to More.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('edit-btn');
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#edit-btn')).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('more-btn');
    // Export's own menu opens inside it; a click elsewhere folds both.
    await page.click('#more-btn');
    await page.click('#export-btn');
    expect(await page.isVisible('[data-export="png"]')).toBe(true);
    await page.mouse.click(400, 400);
    expect(await page.isVisible('#export-btn')).toBe(false);
    // The editor, opened from it and closed with Esc, gives focus back to More.
    await page.click('#more-btn');
    await page.click('#edit-btn');
    expect(await page.isVisible('#editor')).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#editor')).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('more-btn');
    // Out of presentation: no More, the tools in the header.
    await page.click('#present-btn');
    expect(await page.isVisible('#more-btn')).toBe(false);
    for (const sel of ['#edit-btn', '#designs-btn', '#export-btn', '#share-btn'])
      expect(await page.isVisible(sel), sel).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** The Network tab's charts against its body: each chart's box, and the body's visible box. */
const chartBoxes = (page: Page) =>
  page.evaluate(() => {
    const body = document.querySelector('[data-body="network"]')!;
    const r = body.getBoundingClientRect();
    const hint = document.querySelector<HTMLElement>('#panels > .more-below');
    return {
      body: { top: r.top, bottom: r.bottom, left: r.left, right: r.right },
      charts: [...body.querySelectorAll('.chart')].map((c) => {
        const b = c.getBoundingClientRect();
        return { top: b.top, bottom: b.bottom, left: b.left, right: b.right };
      }),
      hint: !!hint && hint.getClientRects().length > 0,
      innerHeight,
    };
  });

describe('presenting, the side charts are seen whole', () => {
  for (const [width, height] of LAPTOPS)
    it(`single at ${width}×${height}, week 30: the three charts lie inside their column and the screen`, async () => {
      const { page, errors } = await openPage(site, `?present${await stateHash({ week: 30 })}`, {
        width,
        height,
      });
      await whenFitted(page, ['A']);
      const b = await chartBoxes(page);
      expect(b.charts).toHaveLength(3);
      for (const [i, c] of b.charts.entries()) {
        expect(c.top, `chart ${i + 1}`).toBeGreaterThanOrEqual(b.body.top - 0.5);
        expect(c.bottom, `chart ${i + 1}`).toBeLessThanOrEqual(b.body.bottom + 0.5);
        expect(c.bottom, `chart ${i + 1}`).toBeLessThanOrEqual(b.innerHeight);
      }
      expect(b.hint).toBe(false);
      // Each plot keeps room to read: 6 lines of type at least.
      const plots = await page.$$eval('[data-body="network"] .chart-svg', (ss) =>
        ss.map((s) => s.getBoundingClientRect().height),
      );
      for (const h of plots) expect(h).toBeGreaterThanOrEqual(100);
      expect(errors).toEqual([]);
      await page.close();
    });

  for (const [width, height] of LAPTOPS)
    it(`compare at ${width}×${height}, week 30: the charts fit, or the column says more lie below and scrolls to them`, async () => {
      const { page, errors } = await openPage(site, `?present${await halvedHash(30)}`, { width, height });
      await whenFitted(page, ['A', 'B']);
      // Under 1180 px wide the column is folded: unfolded, its charts are seen as beside one network.
      if (await page.isVisible('#charts-btn')) {
        await page.click('#charts-btn');
        await page.waitForSelector('[data-body="network"] .chart');
        await whenFitted(page, ['A', 'B']);
      }
      expect(await page.isVisible('#panels')).toBe(true);
      const b = await chartBoxes(page);
      expect(b.charts).toHaveLength(3);
      const cut = b.charts.filter((c) => c.bottom > b.body.bottom + 0.5);
      console.log(`compare ${width}×${height}: ${cut.length} chart(s) below the column's edge`);
      expect(b.hint).toBe(cut.length > 0);
      // The column's foot falls between two charts: a chart below it starts there, within the few
      // pixels the plots' whole-pixel heights leave (at 1366×768 the second chart stood half inside,
      // its months cut through).
      for (const c of cut)
        expect(c.top, 'a chart cut by the column').toBeGreaterThanOrEqual(b.body.bottom - 4);
      if (cut.length) {
        // The hint stands under the column, on the screen, and covers no chart's text: laid over the
        // column's foot it covered the months axis of the comparison's second chart.
        const hint = await box(page, '#panels > .more-below');
        expect(hint.top).toBeGreaterThanOrEqual(b.body.bottom - 0.5);
        expect(hint.bottom).toBeLessThanOrEqual(b.innerHeight + 0.5);
        const under = await page.evaluate((h) => {
          // What is seen of a text: its box inside the scrolling column's.
          const col = document.querySelector('[data-body="network"]')!.getBoundingClientRect();
          const hit = (r: DOMRect) => {
            const top = Math.max(r.top, col.top);
            const bottom = Math.min(r.bottom, col.bottom);
            return (
              r.width > 0 &&
              bottom > top &&
              r.left < h.right &&
              r.right > h.left &&
              top < h.bottom &&
              bottom > h.top
            );
          };
          return [...document.querySelectorAll('[data-body="network"] .chart text')]
            .filter((t) => hit(t.getBoundingClientRect()))
            .map((t) => t.textContent);
        }, hint);
        expect(under, 'chart text under the hint').toEqual([]);
        // Each click brings the next chart into view whole, starting the column at a chart's top,
        // until the last is seen and the hint goes.
        for (let click = 0; click < cut.length; click++) {
          if (!(await page.isVisible('#panels > .more-below'))) break;
          const before = await page.$eval('[data-body="network"]', (e) => e.scrollTop);
          await page.click('#panels > .more-below');
          await page.waitForFunction((t) => {
            const body = document.querySelector('[data-body="network"]')!;
            return body.scrollTop > t + 1;
          }, before);
          await page.waitForTimeout(600);
          const now = await chartBoxes(page);
          const whole = now.charts.filter(
            (c) => c.top >= now.body.top - 1 && c.bottom <= now.body.bottom + 1,
          );
          expect(whole.length, 'charts seen whole after a click').toBeGreaterThan(0);
        }
        const after = await chartBoxes(page);
        const last = after.charts.at(-1)!;
        expect(last.bottom).toBeLessThanOrEqual(after.body.bottom + 0.5);
        expect(after.hint).toBe(false);
      }
      expect(errors).toEqual([]);
      await page.close();
    });
});

/** Each network's canvas and the extent of its drawn actors, CSS px. */
const panesOf = (page: Page) =>
  page.evaluate(() => {
    const h = (window as unknown as { __pilotnet: PaneHook }).__pilotnet;
    return (['A', 'B'] as const).map((s) => {
      const c = document.querySelector(`#net-${s.toLowerCase()} canvas`)!.getBoundingClientRect();
      const ms = h.marks(s);
      return {
        canvas: c.width,
        right: c.right,
        actors: Math.max(...ms.map((d) => d.x + d.r)) - Math.min(...ms.map((d) => d.x - d.r)),
      };
    });
  });

describe('presenting a comparison under 1180 px wide, the two networks share the width', () => {
  for (const [width, height] of [
    [1024, 768],
    [1180, 800],
    [900, 700],
  ] as const)
    it(`at ${width}×${height}: the charts fold behind "Show charts", each network 300 px wide and more; unfolded, they stand beside them`, async () => {
      const { page, errors } = await openPage(site, `?present${await halvedHash(30)}`, { width, height });
      await whenFitted(page, ['A', 'B']);
      expect(await page.isVisible('#panels')).toBe(false);
      const folded = await panesOf(page);
      console.log(`presenting compare ${width}×${height}, folded: ${JSON.stringify(folded)}`);
      for (const p of folded) {
        expect(p.canvas).toBeGreaterThanOrEqual(0.45 * width);
        // 300 px across and more (at 900 px wide, two thirds of its pane).
        expect(p.actors).toBeGreaterThanOrEqual(Math.min(300, 0.65 * p.canvas));
      }
      // B reaches the screen's right side (no empty column where the charts stood).
      expect(folded[1].right).toBeGreaterThan(width - 20);
      // The button stands on top, inside the screen and above the timeline.
      const btn = await box(page, '#charts-btn');
      const tl = await box(page, '.timeline');
      expect(btn.right).toBeLessThanOrEqual(width);
      expect(btn.bottom).toBeLessThanOrEqual(tl.top + 0.5);
      expect(
        await page.evaluate(
          ([x, y]) => document.elementFromPoint(x, y)?.id,
          [btn.left + btn.width / 2, btn.top + btn.height / 2],
        ),
      ).toBe('charts-btn');
      expect(await page.getAttribute('#charts-btn', 'aria-expanded')).toBe('false');
      expect(await page.textContent('#charts-btn')).toBe('Show charts');
      // Unfolded: the column and its three charts beside the networks, drawn at its width.
      await page.click('#charts-btn');
      await page.waitForSelector('#panels', { state: 'visible' });
      await whenFitted(page, ['A', 'B']);
      expect(await page.getAttribute('#charts-btn', 'aria-expanded')).toBe('true');
      expect(await page.textContent('#charts-btn')).toBe('Hide charts');
      const panels = await box(page, '#panels');
      expect(panels.width).toBeGreaterThanOrEqual(300);
      expect(panels.right).toBeLessThanOrEqual(width + 0.5);
      const charts = await page.$$eval('[data-body="network"] .chart-svg', (ss) =>
        ss.map((s) => s.getBoundingClientRect()),
      );
      expect(charts).toHaveLength(3);
      for (const c of charts) {
        expect(c.left).toBeGreaterThanOrEqual(panels.left - 0.5);
        expect(c.right).toBeLessThanOrEqual(panels.right + 0.5);
        expect(c.width).toBeGreaterThanOrEqual(0.7 * panels.width);
      }
      const beside = await panesOf(page);
      expect(beside[1].right).toBeLessThanOrEqual(panels.left + 0.5);
      // Folded again: the width back to the networks.
      await page.click('#charts-btn');
      await page.waitForSelector('#panels', { state: 'hidden' });
      await whenFitted(page, ['A', 'B']);
      const again = await panesOf(page);
      for (const p of again) expect(p.canvas).toBeGreaterThanOrEqual(0.45 * width);
      expect(errors).toEqual([]);
      await page.close();
    });

  for (const [present, width, height] of [
    ['?present', 1280, 800],
    ['?present', 1920, 1080],
    ['', 1024, 768],
  ] as const)
    it(`${present ? 'presenting' : 'watching'} at ${width}×${height}: the charts stand beside the networks and no "Show charts" is offered`, async () => {
      const { page, errors } = await openPage(site, `${present}${await halvedHash(30)}`, { width, height });
      await whenFitted(page, ['A', 'B']);
      expect(await page.isVisible('#charts-btn')).toBe(false);
      expect(await page.isVisible('#panels')).toBe(true);
      const panels = await box(page, '#panels');
      const panes = await panesOf(page);
      expect(panes[1].right).toBeLessThanOrEqual(panels.left + 0.5);
      expect(errors).toEqual([]);
      await page.close();
    });

  // 900 px wide and less, the tablet's two rows (panels under the stage) held the column beside the
  // stage too: the stage was a strip over an empty row, and a comparison's fit never came to rest.
  for (const [width, height, beside] of [
    [900, 700, true],
    [768, 1024, false],
  ] as const)
    it(`presenting one network at ${width}×${height}: the charts ${beside ? 'beside' : 'under'} the stage, which keeps the height between the header and the timeline${beside ? '' : ' over them'}`, async () => {
      const { page, errors } = await openPage(site, `?present${await stateHash({ week: 30 })}`, {
        width,
        height,
      });
      await whenFitted(page, ['A']);
      const stage = await box(page, '#stage');
      const panels = await box(page, '#panels');
      const top = await box(page, '.top');
      const tl = await box(page, '.timeline');
      if (beside) {
        expect(panels.left).toBeGreaterThanOrEqual(stage.right - 0.5);
        expect(stage.top).toBeLessThanOrEqual(top.bottom + 1);
        expect(stage.bottom).toBeGreaterThanOrEqual(tl.top - 1);
      } else {
        expect(panels.top).toBeGreaterThanOrEqual(stage.bottom - 0.5);
        expect(stage.width).toBeGreaterThanOrEqual(width - 1);
      }
      const canvas = await box(page, '#net-a canvas');
      expect(canvas.height).toBeGreaterThanOrEqual(300);
      expect(
        await page.evaluate(() =>
          (window as unknown as { __pilotnet: { scale(s: string): number } }).__pilotnet.scale('A'),
        ),
      ).toBeGreaterThan(0.4);
      expect(errors).toEqual([]);
      await page.close();
    });

  it('presenting one network at 1024×768: the charts stand beside it, no "Show charts"', async () => {
    const { page, errors } = await openPage(site, `?present${await stateHash({ week: 30 })}`, {
      width: 1024,
      height: 768,
    });
    await whenFitted(page, ['A']);
    expect(await page.isVisible('#charts-btn')).toBe(false);
    expect(await page.isVisible('#panels')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the meetings’ ticks under the scrubber are seen whole', () => {
  for (const present of ['', '?present'])
    for (const [width, height] of [...LAPTOPS, [390, 844]] as const)
      it(`${present ? 'presenting' : 'watching'} at ${width}×${height}, week 30: each tick inside the scrubber's box, the timeline and the screen`, async () => {
        const { page, errors } = await openPage(site, `${present}${await stateHash({ week: 30 })}`, {
          width,
          height,
        });
        const r = await page.evaluate(() => {
          const box = (e: Element) => {
            const b = e.getBoundingClientRect();
            return { top: b.top, bottom: b.bottom, left: b.left, right: b.right, height: b.height };
          };
          return {
            scrub: box(document.querySelector('.scrub')!),
            track: box(document.querySelector('#scrubber')!),
            footer: box(document.querySelector('footer.timeline')!),
            ticks: [...document.querySelectorAll('.scrub-marks .tick')].map(box),
            // The page's own height (a phone scrolls; its timeline is pinned to the screen's foot).
            bottom: innerHeight,
          };
        });
        expect(r.ticks.length).toBeGreaterThan(3);
        for (const t of r.ticks) {
          expect(t.height).toBeGreaterThanOrEqual(6);
          expect(t.top).toBeGreaterThanOrEqual(r.track.bottom - 0.5);
          for (const outer of [r.scrub, r.footer]) {
            expect(t.top).toBeGreaterThanOrEqual(outer.top - 0.5);
            expect(t.bottom).toBeLessThanOrEqual(outer.bottom + 0.5);
            expect(t.left).toBeGreaterThanOrEqual(outer.left - 0.5);
            expect(t.right).toBeLessThanOrEqual(outer.right + 0.5);
          }
          expect(t.bottom).toBeLessThanOrEqual(r.bottom);
        }
        expect(errors).toEqual([]);
        await page.close();
      });
});

describe('presenting, the band kept for captions is used between them', () => {
  for (const [width, height] of [
    [1366, 768],
    [1024, 768],
  ] as const)
    it(`at ${width}×${height}: with no news and no caption (week 30) the band says the week and month; a caption covers it, the network keeps its place`, async () => {
      const { page, errors } = await openPage(site, `?present${await stateHash({ week: 30 })}`, {
        width,
        height,
      });
      await whenFitted(page, ['A']);
      const band = () =>
        page.evaluate(() => {
          const wrap = document.getElementById('net-a')!;
          const top = wrap.getBoundingClientRect().top;
          const head = wrap.querySelector('.net-head')!.getBoundingClientRect();
          const week = wrap.querySelector<HTMLElement>('.net-week')!;
          const w = week.getBoundingClientRect();
          const zoom = wrap.querySelector('.zoom-controls')!.getBoundingClientRect();
          return {
            news: wrap.querySelector('.net-news')!.textContent,
            caption: !wrap.querySelector<HTMLElement>('.caption-box')!.hidden,
            week: week.getClientRects().length ? week.textContent : null,
            weekBox: { top: w.top, bottom: w.bottom, right: w.right },
            head: head.bottom,
            band: top + Number.parseFloat(wrap.style.getPropertyValue('--band')),
            zoomTop: zoom.top,
            clock: document.querySelector('#clock .when')!.textContent,
          };
        });
      const quiet = await band();
      expect(quiet.news).toBe('');
      expect(quiet.caption).toBe(false);
      expect(quiet.week).toMatch(/^Week 30 · \w+ 20\d\d$/);
      expect(quiet.clock).toContain(quiet.week!.replace(/^Week 30 · /, ''));
      // In the band, under the scenario's name, above the zoom buttons.
      expect(quiet.weekBox.top).toBeGreaterThanOrEqual(quiet.head - 0.5);
      expect(quiet.weekBox.bottom).toBeLessThanOrEqual(quiet.band + 0.5);
      expect(quiet.weekBox.bottom).toBeLessThanOrEqual(quiet.zoomTop);
      const marks = () =>
        page.evaluate(() => {
          const ds = (window as unknown as { __pilotnet: PaneHook }).__pilotnet.marks('A');
          return [Math.min(...ds.map((d) => d.y - d.r)), Math.max(...ds.map((d) => d.y + d.r))];
        });
      const [top0, bottom0] = await marks();
      // The next key moment: its caption covers the week's line (and the band keeps its height).
      await page.keyboard.press('PageDown');
      await whenFitted(page, ['A']);
      const moment = await band();
      expect(moment.caption).toBe(true);
      expect(moment.week).toBeNull();
      expect(moment.band).toBeCloseTo(quiet.band, 0);
      // The network stands below the band, as before.
      const [top1, bottom1] = await marks();
      expect(top1).toBeGreaterThan(
        quiet.band - (await page.$eval('#net-a', (w) => w.getBoundingClientRect().top)),
      );
      expect(bottom1 - top1).toBeGreaterThan(0.8 * (bottom0 - top0));
      expect(errors).toEqual([]);
      await page.close();
    });
});

/** The meeting labels of a pane (not partners' names, not "coordinator") and the meetings of its week. */
const meetingLabels = (page: Page, slot: 'A' | 'B') =>
  page.evaluate((slot) => {
    const h = (window as unknown as { __pilotnet: PaneHook & { meetings(s: string): number } }).__pilotnet;
    return {
      labels: h.labels(slot).filter((l) => l.actor === undefined && l.text !== 'coordinator'),
      meetings: h.meetings(slot),
    };
  }, slot);

/** How many meetings a label stands for: one, or one and "+N more", or the N a summary counts. */
const counted = (text: string) => {
  const all = /^(\d+) [a-z ]+s( this week)?$/.exec(text);
  if (all) return Number(all[1]);
  const more = /^\+(\d+) more [a-z ]+$/.exec(text);
  if (more) return Number(more[1]);
  const plus = /^\+(\d+) more · /.exec(text);
  return plus ? 1 + Number(plus[1]) : 1;
};

describe('meeting labels: apart, readable, and every meeting told', () => {
  for (const present of ['', '?present'])
    for (const compare of [false, true])
      for (const [width, height] of [...LAPTOPS, [390, 844]] as const)
        it(`${present ? 'presenting' : 'watching'}${compare ? ' a comparison' : ''} at ${width}×${height}, weeks 13 to 20: every meeting labelled or counted, no title cut to one word, labels apart`, async () => {
          const slots: ('A' | 'B')[] = compare ? ['A', 'B'] : ['A'];
          const { page, errors } = await openPage(
            site,
            `${present}${compare ? await halvedHash(13) : await stateHash({ week: 13 })}`,
            { width, height },
          );
          let meetings = 0;
          for (const step of [0, 7]) {
            for (let i = 0; i < step; i++) await page.keyboard.press('ArrowRight');
            await whenFitted(page, slots);
            for (const s of slots) {
              const { labels, meetings: n } = await meetingLabels(page, s);
              const texts = labels.map((l) => l.text);
              meetings += n;
              // Each meeting has its label, or is counted in one ("+2 more", "3 focus groups"); on a
              // phone, as many as find room.
              if (width > 600)
                expect(
                  labels.reduce((sum, l) => sum + counted(l.text), 0),
                  `${s} week ${13 + step}: ${texts.join(' | ')}`,
                ).toBe(n);
              // A working group's debate is named whole, cut after two words or more, or not at all.
              for (const t of texts) expect(t).not.toMatch(/“[^ ”]+…”/);
              // Two labels one above the other keep about half a line apart (a quarter before).
              for (const [i, a] of labels.entries())
                for (const b of labels.slice(i + 1)) {
                  if (a.left >= b.right || b.left >= a.right) continue;
                  const line = Math.min((a.bottom - a.top) / a.lines, (b.bottom - b.top) / b.lines);
                  const apart = Math.max(b.top - a.bottom, a.top - b.bottom);
                  expect(apart, `"${a.text}" and "${b.text}"`).toBeGreaterThanOrEqual(0.45 * line);
                }
            }
          }
          expect(meetings).toBeGreaterThan(0);
          expect(errors).toEqual([]);
          await page.close();
        });
});

describe('a national run: one consortium large', () => {
  const national = { preset: 'national', edits: {}, halve: false, custom: null };
  /** The box of consortium `c`'s marks as drawn, against its pane's canvas. */
  const drawnOf = (page: Page, c: number) =>
    page.evaluate((c) => {
      const h = (
        window as unknown as {
          __pilotnet: PaneHook & { consortiumOf(s: string): number[]; focused(s: string): number };
        }
      ).__pilotnet;
      const of = h.consortiumOf('A');
      const ds = h.marks('A').filter((_, i) => of[i] === c);
      const canvas = document.querySelector('#net-a canvas') as HTMLElement;
      const x0 = Math.min(...ds.map((d) => d.x - d.r));
      const x1 = Math.max(...ds.map((d) => d.x + d.r));
      const y0 = Math.min(...ds.map((d) => d.y - d.r));
      const y1 = Math.max(...ds.map((d) => d.y + d.r));
      const r = canvas.getBoundingClientRect();
      // The room the pane leaves a consortium shown large: under the caption's band presenting (the
      // scenario's name watching), over the status at the pane's foot, between its index on the left
      // and the zoom buttons on the right.
      const hk = h as unknown as { insetTop(s: string): number; labels(s: string): DrawnLabel[] };
      const head = document.querySelector('#net-a .net-head')!.getBoundingClientRect().bottom - r.top;
      const top = Math.max(hk.insetTop('A'), head);
      const feet = [...document.querySelectorAll('#net-a .net-foot > *')]
        .map((e) => e.getBoundingClientRect())
        .filter((b) => b.height > 0 && b.top - r.top > r.height / 2)
        .map((b) => b.top - r.top);
      const bottom = Math.min(r.height, ...feet);
      const index = document.querySelector('#net-a .cons-index.open')?.getBoundingClientRect();
      const left = index ? index.right - r.left : 0;
      const right = document.querySelector('#net-a .zoom-controls')!.getBoundingClientRect().left - r.left;
      const labels = hk.labels('A');
      return {
        focused: h.focused('A'),
        w: x1 - x0,
        h: y1 - y0,
        W: canvas.clientWidth,
        H: canvas.clientHeight,
        room: { top, bottom, left, right },
        box: { x0, x1, y0, y1 },
        overIndex:
          !!index &&
          ds.some(
            (d) => d.x - d.r < left && d.y + d.r > index.top - r.top && d.y - d.r < index.bottom - r.top,
          ),
        labelsInside: labels.every(
          (l) =>
            l.left >= 0 && l.top >= 0 && l.right <= canvas.clientWidth && l.bottom <= canvas.clientHeight,
        ),
        centre: { x: r.left + (x0 + x1) / 2, y: r.top + (y0 + y1) / 2 },
        inside: ds.every(
          (d) => d.x >= 0 && d.x <= canvas.clientWidth && d.y >= 0 && d.y <= canvas.clientHeight,
        ),
      };
    }, c);

  for (const [present, width, height] of [
    ['', 1366, 768],
    ['?present', 1366, 768],
    ['', 1920, 1080],
    ['?present', 1920, 1080],
    ['', 1024, 768],
    ['?present', 1024, 768],
  ] as const)
    it(`${present ? 'presenting' : 'watching'} at ${width}×${height}: a click on consortium 7 shows it large, the index switches, All consortia returns to the grid`, async () => {
      const { page, errors } = await openPage(
        site,
        `${present}${await stateHash({ a: national, week: 30 })}`,
        {
          width,
          height,
        },
      );
      await whenFitted(page, ['A']);
      const grid = await drawnOf(page, 6);
      expect(grid.focused).toBe(-1);
      await page.mouse.click(grid.centre.x, grid.centre.y);
      await page.waitForFunction(
        () =>
          (window as unknown as { __pilotnet: { focused(s: string): number } }).__pilotnet.focused('A') === 6,
      );
      await whenFitted(page, ['A']);
      await page.waitForTimeout(300);
      const one = await drawnOf(page, 6);
      console.log(
        `national ${present ? 'presenting' : 'watching'} ${width}×${height}: consortium 7 ${Math.round(grid.w)} px wide in the grid, ${Math.round(one.w)}×${Math.round(one.h)} shown large in ${one.W}×${one.H}`,
      );
      expect(one.inside).toBe(true);
      expect(one.labelsInside).toBe(true);
      // Four times as wide as in the grid, and filling its pane one way (a consortium about as wide
      // as tall, in a wide pane: its height), about half its width watching.
      expect(one.w).toBeGreaterThanOrEqual(4 * grid.w);
      expect(Math.max(one.w / one.W, one.h / one.H)).toBeGreaterThanOrEqual(0.55);
      if (!present) expect(one.w).toBeGreaterThanOrEqual(0.45 * one.W);
      // Stretched to the pane's shape as a single network is: three quarters of the pane one way
      // watching; presenting, where the caption's band and the status keep a third of its height,
      // 60% of it one way, and the room between them, the index and the zoom buttons filled one
      // way (drawn about as wide as tall, a consortium filled a third of the pane's width, and
      // 16 px twice over of margin under the band and over the status kept it from its height).
      const room = one.room;
      const filled = Math.max(one.w / (room.right - room.left), one.h / (room.bottom - room.top));
      console.log(
        `national ${present ? 'presenting' : 'watching'} ${width}×${height}: ${Math.round(one.w)}×${Math.round(one.h)} fills ${(one.w / one.W).toFixed(2)} × ${(one.h / one.H).toFixed(2)} of the pane, ${filled.toFixed(2)} of its room (${JSON.stringify(room)})`,
      );
      expect(Math.max(one.w / one.W, one.h / one.H)).toBeGreaterThanOrEqual(present ? 0.6 : 0.75);
      expect(filled).toBeGreaterThanOrEqual(0.9);
      // Clear of the band (presenting), the index and the status.
      if (present) expect(one.box.y0).toBeGreaterThanOrEqual(room.top - 0.5);
      expect(one.box.y1).toBeLessThanOrEqual(room.bottom + 0.5);
      expect(one.box.x1).toBeLessThanOrEqual(room.right + 0.5);
      expect(one.overIndex).toBe(false);
      // The charts follow it.
      expect(await page.$eval('#follow-select', (s) => (s as HTMLSelectElement).value)).toBe('6');
      // The index, from the keyboard: consortium 8, then back to the grid.
      await page.focus('#net-a .cons-index [data-c="7"]');
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () =>
          (window as unknown as { __pilotnet: { focused(s: string): number } }).__pilotnet.focused('A') === 7,
      );
      expect(await page.getAttribute('#net-a .cons-index [data-c="7"]', 'aria-pressed')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-c'))).toBe('7');
      await page.focus('#net-a .cons-index [data-c="all"]');
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () =>
          (window as unknown as { __pilotnet: { focused(s: string): number } }).__pilotnet.focused('A') ===
          -1,
      );
      await whenFitted(page, ['A']);
      expect(
        await page.evaluate(() =>
          (window as unknown as { __pilotnet: { zoomed(s: string): boolean } }).__pilotnet.zoomed('A'),
        ),
      ).toBe(false);
      // Back in the grid, the index offers the followed one large (a keyboard's way in).
      expect(await page.textContent('#net-a .cons-index')).toBe('Show consortium 8 large');
      await page.focus('#net-a .cons-index button');
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () =>
          (window as unknown as { __pilotnet: { focused(s: string): number } }).__pilotnet.focused('A') === 7,
      );
      // Fit returns to the grid too.
      await page.click('#net-a [data-zoom="reset"]');
      await page.waitForFunction(
        () =>
          (window as unknown as { __pilotnet: { focused(s: string): number } }).__pilotnet.focused('A') ===
          -1,
      );
      expect(errors).toEqual([]);
      await page.close();
    });
});

describe('a national grid keeps clear of "Show consortium N large"', () => {
  const national = { preset: 'national', edits: {}, halve: false, custom: null };
  for (const [width, height] of [
    [1024, 768],
    [390, 844],
    [1366, 768],
  ] as const)
    it(`presenting at ${width}×${height}, week 30: no consortium's mark lies under the button`, async () => {
      const { page, errors } = await openPage(site, `?present${await stateHash({ a: national, week: 30 })}`, {
        width,
        height,
      });
      await page.waitForSelector('#net-a .cons-index:not(.open) button', { state: 'visible' });
      await whenFitted(page, ['A']);
      const under = await page.evaluate(() => {
        const h = (window as unknown as { __pilotnet: PaneHook }).__pilotnet;
        const c = document.querySelector('#net-a canvas')!.getBoundingClientRect();
        const b = document.querySelector('#net-a .cons-index button')!.getBoundingClientRect();
        const marks = h.marks('A');
        return {
          marks: marks.length,
          under: marks.filter((m) => {
            const [x, y] = [c.left + m.x, c.top + m.y];
            return x + m.r > b.left && x - m.r < b.right && y + m.r > b.top && y - m.r < b.bottom;
          }).length,
        };
      });
      expect(under.marks).toBeGreaterThan(100);
      expect(under.under).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    });
});

/** The meeting labels of pane A and the consortium of each meeting drawn there this week. */
const meetingsDrawn = (page: Page) =>
  page.evaluate(() => {
    const h = (
      window as unknown as {
        __pilotnet: PaneHook & { meetingConsortia(s: string): number[]; meetings(s: string): number };
      }
    ).__pilotnet;
    const canvas = document.querySelector('#net-a canvas')!.getBoundingClientRect();
    const index = document.querySelector('#net-a .cons-index')!.getBoundingClientRect();
    const labels = h.labels('A').filter((l) => l.actor === undefined && l.text !== 'coordinator');
    return {
      drawn: h.meetingConsortia('A'),
      meetings: h.meetings('A'),
      labels: labels.map((l) => l.text),
      // A label over the index (left of its right edge, between its top and bottom).
      overIndex: labels
        .filter(
          (l) =>
            canvas.left + l.left < index.right &&
            canvas.top + l.bottom > index.top &&
            canvas.top + l.top < index.bottom,
        )
        .map((l) => l.text),
    };
  });

describe('a national run: the consortium shown large has its own meetings drawn and told, no other’s', () => {
  const national = { preset: 'national', edits: {}, halve: false, custom: null };
  // Watching week 13 with consortium 1 large, "15 focus groups this week" stood over it with no halo
  // of its own; at 1920×1080 with consortium 11 large, the twenty consortia's labels ran down the
  // pane's left edge (under the index, cut), and at week 61 another's meeting was told over it.
  for (const [present, width, height, week, c] of [
    ['', 1366, 768, 13, 0],
    ['?present', 1920, 1080, 20, 10],
    ['?present', 1920, 1080, 61, 10],
    ['', 1024, 768, 20, 0],
  ] as const)
    it(`${present ? 'presenting' : 'watching'} at ${width}×${height}, week ${week}, consortium ${c + 1} large: its meetings alone`, async () => {
      const { page, errors } = await openPage(site, `${present}${await stateHash({ a: national, week })}`, {
        width,
        height,
      });
      await whenFitted(page, ['A']);
      // In the grid: the week's meetings of every consortium, none labelled (the names are).
      const grid = await meetingsDrawn(page);
      expect(grid.drawn.length, 'the week has meetings in the field').toBeGreaterThan(0);
      expect(grid.labels.filter((t) => !/^(consortium )?\d+$/.test(t))).toEqual([]);
      const own = grid.drawn.filter((k) => k === c).length;
      await page.click('#net-a .cons-index button');
      const focused = (k: number) =>
        page.waitForFunction(
          (k) =>
            (window as unknown as { __pilotnet: { focused(s: string): number } }).__pilotnet.focused('A') ===
            k,
          k,
        );
      await focused(0);
      if (c !== 0) {
        await page.click(`#net-a .cons-index [data-c="${c}"]`);
        await focused(c);
      }
      await whenFitted(page, ['A']);
      await page.waitForTimeout(300);
      const large = await meetingsDrawn(page);
      console.log(
        `national ${width}×${height} week ${week}: ${grid.drawn.length} meetings in the field, ${own} of consortium ${c + 1}; shown large: ${JSON.stringify(large.labels)}`,
      );
      expect(large.drawn).toEqual(Array(own).fill(c));
      expect(large.meetings).toBe(own);
      expect(
        large.labels.reduce((sum, t) => sum + counted(t), 0),
        large.labels.join(' | '),
      ).toBe(own);
      expect(large.overIndex).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
});

describe('week 21 ("First debates settled"), presenting: every meeting labelled or counted', () => {
  // A meeting's halo with neither a label nor a count: under a tall caption over a network filling
  // its pane, the count found no place by the halo or in a corner, and was dropped in silence.
  for (const [width, height] of SIZES)
    for (const compare of [true, false])
      it(`${compare ? 'compare' : 'single'} at ${width}×${height}, normal and large type`, async () => {
        const slots: ('A' | 'B')[] = compare ? ['A', 'B'] : ['A'];
        for (const large of [false, true]) {
          const hash = await stateHash({
            week: 21,
            large,
            ...(compare
              ? {
                  mode: 'compare',
                  whatIf: 'halve',
                  b: { preset: 'default', edits: {}, halve: true, custom: null },
                }
              : {}),
          });
          const { page, errors } = await openPage(site, `?present${hash}`, { width, height });
          await whenFitted(page, slots);
          let meetings = 0;
          for (const s of slots) {
            const { labels, meetings: n } = await meetingLabels(page, s);
            meetings += n;
            const texts = labels.map((l) => l.text);
            const what = `${s}${large ? ' AA' : ''}: ${texts.join(' | ')}`;
            expect(
              labels.reduce((sum, l) => sum + counted(l.text), 0),
              what,
            ).toBe(n);
            // Inside the pane, and apart.
            const pane = await page.$eval(`#net-${s.toLowerCase()} canvas`, (c) => ({
              w: c.clientWidth,
              h: c.clientHeight,
            }));
            for (const l of labels) {
              expect(l.left, what).toBeGreaterThanOrEqual(0);
              expect(l.top, what).toBeGreaterThanOrEqual(0);
              expect(l.right, what).toBeLessThanOrEqual(pane.w);
              expect(l.bottom, what).toBeLessThanOrEqual(pane.h);
            }
            for (const [i, a] of labels.entries())
              for (const b of labels.slice(i + 1))
                expect(
                  a.left >= b.right || b.left >= a.right || a.top >= b.bottom || b.top >= a.bottom,
                  `"${a.text}" and "${b.text}"`,
                ).toBe(true);
          }
          expect(meetings, 'week 21 has meetings').toBeGreaterThan(0);
          expect(errors).toEqual([]);
          await page.close();
        }
      });
});

describe('a national run: "Show consortium N large" and the index stand clear of the news line', () => {
  const national = { preset: 'national', edits: {}, halve: false, custom: null };
  /** Whether the index's box (the button, or the open index) and the news line's overlap, in A and B. */
  const clash = (page: Page, slots: ('A' | 'B')[]) =>
    page.evaluate((slots) => {
      const out: string[] = [];
      for (const s of slots) {
        const wrap = document.querySelector(`#net-${s.toLowerCase()}`)!;
        const news = wrap.querySelector<HTMLElement>('.net-news')!;
        const index = wrap.querySelector<HTMLElement>('.cons-index')!;
        if (index.hidden || news.textContent === '' || getComputedStyle(news).visibility === 'hidden')
          continue;
        const n = news.getBoundingClientRect();
        const b = index.getBoundingClientRect();
        if (b.left < n.right && n.left < b.right && b.top < n.bottom && n.top < b.bottom)
          out.push(
            `${s}: index ${Math.round(b.top)}–${Math.round(b.bottom)} over the news line ${Math.round(n.top)}–${Math.round(n.bottom)}`,
          );
      }
      return out;
    }, slots);
  for (const [width, height] of SIZES)
    for (const present of ['', '?present'])
      it(`${present ? 'presenting' : 'watching'} at ${width}×${height}, week 20, single and compare`, async () => {
        for (const compare of [false, true]) {
          const slots: ('A' | 'B')[] = compare ? ['A', 'B'] : ['A'];
          const hash = await stateHash({
            a: national,
            week: 20,
            ...(compare ? { mode: 'compare', b: national } : {}),
          });
          const { page, errors } = await openPage(site, `${present}${hash}`, { width, height });
          await page.waitForSelector('#net-a .cons-index button', { state: 'visible' });
          await whenFitted(page, slots);
          const what = `${compare ? 'compare' : 'single'}`;
          // The news line tells of the week (it is the line the button stood over).
          expect(await page.textContent('#net-a .net-news'), what).toMatch(/^Week 20/);
          expect(await clash(page, slots), what).toEqual([]);
          // One consortium large: its index too.
          await page.click('#net-a .cons-index button');
          await page.waitForSelector('#net-a .cons-index.open');
          await whenFitted(page, slots);
          expect(await clash(page, slots), `${what}, one large`).toEqual([]);
          expect(errors).toEqual([]);
          await page.close();
        }
      });
});
