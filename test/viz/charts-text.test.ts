// Browser tests of the charts, the timeline and the words on screen, as a facilitator reviewed them
// at a projector, laptops and a phone: no analyst's jargon outside the analysts' details, chart
// labels clear of the bars and inside their charts, titles and tabs whole, every legal form's share
// written, and no axis that tells when the run ends.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hook, halvedHash, hook, openPage, type Site, startSite, stateHash } from './harness.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

type Hooked = { __pilotnet: Hook & { lastWeeks: number[] } };

/**
 * The weeks the first chart's week axis covers, from its geometry (the axis line's ends and two
 * ticks' places, each tick bound to its week), and its largest tick.
 */
const axisOf = (page: Page) =>
  page.$eval('#panel-network .chart-svg', (svg) => {
    const axis = svg.querySelector('.axis')!;
    const [, x0, x1] = /^M([\d.]+),[\d.-]+V[\d.-]+H([\d.]+)/.exec(
      axis.querySelector('.domain')!.getAttribute('d')!,
    )!;
    const ticks = [...axis.querySelectorAll('.tick')].map((t) => ({
      week: (t as unknown as { __data__: number }).__data__,
      x: Number(/translate\(([\d.]+)/.exec(t.getAttribute('transform')!)![1]),
    }));
    const [a, b] = ticks;
    const perWeek = (b.x - a.x) / (b.week - a.week);
    return {
      weeks: Math.round((Number(x1) - Number(x0)) / perWeek),
      largestTick: Math.max(...ticks.map((t) => t.week)),
    };
  });

describe('no axis tells when the run ends (plain view)', () => {
  it('at week 0 the week axis is the plan, the same for two runs that end apart; it grows as the run is watched and is the run’s once its end is', async () => {
    const ends: number[] = [];
    const axes: number[] = [];
    for (const preset of ['default', 'lean']) {
      const { page, errors } = await openPage(
        site,
        await stateHash({ a: { preset, edits: {}, halve: false, custom: null } }),
      );
      const end = (await page.evaluate(() => (window as unknown as Hooked).__pilotnet.lastWeeks))[0];
      const axis = await axisOf(page);
      ends.push(end);
      axes.push(axis.weeks);
      expect(axis.weeks).not.toBe(end);
      expect(axis.largestTick).toBeLessThan(end);
      expect(Number(await page.getAttribute('#scrubber', 'max'))).toBe(axis.weeks);
      // The lines are drawn no further than watched: the first chart's clip at week 0.
      const clip = await page.$eval('#panel-network .chart-svg clipPath rect', (r) =>
        Number(r.getAttribute('width')),
      );
      expect(clip).toBeLessThan(60);
      if (preset === 'default') {
        // Watched on: the axis grows past the weeks seen, never to the run's end before it.
        await page.focus('#scrubber');
        for (let w = 0; w < end - 1; w++) await page.keyboard.press('ArrowRight');
        const late = await axisOf(page);
        expect(late.weeks).toBeGreaterThanOrEqual(end - 1);
        expect((await hook(page)).week).toBe(end - 1);
        // Watched to its end: the axis is the run's.
        await page.keyboard.press('End');
        await page.waitForFunction((e) => (window as unknown as Hooked).__pilotnet.week === e, end);
        expect((await axisOf(page)).weeks).toBe(end);
        // Every line drawn to the end: no clip, or one as wide as the axis.
        const cut = await page.$$eval('#panel-network .chart-svg', (svgs) =>
          svgs.filter((svg) => {
            const rect = svg.querySelector('clipPath rect');
            const d = svg.querySelector('.axis .domain')!.getAttribute('d')!;
            const right = Number(/H([\d.]+)/.exec(d)![1]);
            return rect && Number(rect.getAttribute('width')) < right;
          }),
        );
        expect(cut).toHaveLength(0);
      }
      expect(errors).toEqual([]);
      await page.close();
    }
    expect(ends[0]).not.toBe(ends[1]);
    expect(axes[0]).toBe(axes[1]);
    // Show the ending: the axis is the run's at once.
    const { page } = await openPage(site, await stateHash({}));
    await page.click('#reveal-btn');
    await page.waitForFunction(() => document.querySelectorAll('#scrub-marks .mk.submitted').length === 1);
    expect((await axisOf(page)).weeks).toBe(ends[0]);
    await page.close();
  }, 120_000);
});
