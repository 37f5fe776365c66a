// Browser tests of what a facilitator found wrong in front of a room of health-care partners: the
// answer and "Show the ending" in the header at every width, nothing of the comparison under the
// phone's pinned timeline, the Network tab in partners' words, chart type large enough to read, the
// 100 runs using a projector's height, and titles that keep their units whole.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halvedHash, openPage, type Site, startSite, stateHash } from './harness.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

/** Whether the element's centre, as it lies now, shows the element itself (nothing over it). */
const onTop = (page: Page, sel: string) =>
  page.$eval(sel, (e) => {
    const r = e.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return e.contains(top)
      ? 'on top'
      : `under ${top?.closest('footer, header, section, aside, main')?.className}`;
  });

describe('the header keeps the answer and "Show the ending" at every width', () => {
  for (const [width, height] of [
    [1024, 768],
    [390, 844],
  ] as const)
    for (const [what, hash] of [
      ['one run', () => stateHash({})],
      ['compare', () => halvedHash()],
    ] as const)
      it(`${what} at ${width}×${height}: the control is on screen, the line tells nothing, a click tells the answer`, async () => {
        const { page, errors } = await openPage(site, await hash(), { width, height });
        await page.evaluate(() => window.scrollTo(0, 0));
        const box = await page.$eval('#reveal-btn', (b) => {
          const r = b.getBoundingClientRect();
          return { ...r.toJSON(), visible: !(b as HTMLElement).hidden && r.width > 0 && r.height > 0 };
        });
        expect(box.visible).toBe(true);
        expect(box.left).toBeGreaterThanOrEqual(0);
        expect(box.top).toBeGreaterThanOrEqual(0);
        expect(box.right).toBeLessThanOrEqual(width);
        expect(box.bottom).toBeLessThanOrEqual(height);
        expect(await onTop(page, '#reveal-btn')).toBe('on top');
        expect(await page.isVisible('#tagline')).toBe(true);
        // Not told before it is asked for.
        const before = (await page.textContent('#tagline')) ?? '';
        expect(before).not.toMatch(/This run|months|submitted/);
        await page.click('#reveal-btn');
        await page.waitForFunction(() => document.getElementById('reveal-btn')?.hidden === true);
        const after = (await page.textContent('#tagline')) ?? '';
        expect(after).toMatch(/\d+\.\d months|never submitted/);
        if (what === 'compare') expect(after).toMatch(/A .*B /);
        expect(await page.getAttribute('.brand .tagline', 'title')).toMatch(/^This run: /);
        // Whole: the line is not cut (no ellipsis, nothing past its box).
        expect(await page.$eval('#tagline', (t) => getComputedStyle(t).textOverflow)).not.toBe('ellipsis');
        expect(
          await page.$eval('.brand .tagline', (t) => {
            const r = t.getBoundingClientRect();
            return r.right <= window.innerWidth && t.scrollWidth <= t.clientWidth + 1;
          }),
        ).toBe(true);
        expect(errors).toEqual([]);
        await page.close();
      });
});

describe('on a phone nothing of the comparison lies under the pinned timeline', () => {
  it('at 390×844 in compare: B whole above the timeline without scrolling, the tabs on top once scrolled to', async () => {
    const { page, errors } = await openPage(site, await halvedHash(20), { width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const fold = await page.evaluate(() => {
      const box = (s: string) => document.querySelector(s)!.getBoundingClientRect();
      return { b: box('#net-b').bottom, timeline: box('.timeline').top };
    });
    expect(fold.b, JSON.stringify(fold)).toBeLessThanOrEqual(fold.timeline);
    expect(await onTop(page, '#net-b')).toBe('on top');
    expect(await onTop(page, '#net-b canvas')).toBe('on top');
    for (const sel of ['#net-b', '#net-b canvas', '.tabs', '#panel-network .chart']) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.$eval(sel, (e) => e.scrollIntoView({ block: 'nearest' }));
      expect(`${sel}: ${await onTop(page, sel)}`).toBe(`${sel}: on top`);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
