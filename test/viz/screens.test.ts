// Browser tests of the view at the five screen sizes a room uses (a projector, two laptops, a tablet
// and a phone): the charts' end markers on their lines, and the national grid filling its pane with
// every consortium numbered.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrawnLabel } from '../../viz/network.ts';
import { openPage, type Site, startSite, stateHash } from './harness.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

const SIZES = [
  [1920, 1080],
  [1366, 768],
  [1280, 800],
  [1024, 768],
  [390, 844],
] as const;

type GridHook = {
  labels(s: string): DrawnLabel[];
  gridColumns(s: string): number;
  scale(s: string): number;
  fitted(s: string): boolean;
};

const national = { preset: 'national', edits: {}, halve: false, custom: null };
const nationalCompare = () =>
  stateHash({ mode: 'compare', whatIf: 'halve', a: national, b: { ...national, halve: true } });

/** Opens a national comparison at its last week, both grids at rest. */
async function nationalAtEnd(size: { width: number; height: number }, present = '') {
  const opened = await openPage(site, `${present}${await nationalCompare()}`, size);
  await opened.page.focus('#scrubber');
  await opened.page.keyboard.press('End');
  await opened.page.waitForFunction(
    () => {
      const h = (window as unknown as { __pilotnet: GridHook }).__pilotnet;
      return h.fitted('A') && h.fitted('B');
    },
    null,
    { timeout: 20_000 },
  );
  await opened.page.waitForTimeout(150);
  return opened;
}

/** Each chart's end markers that do not sit on the end of one of its lines (SVG units). */
const strayMarkers = (page: Page) =>
  page.$$eval('#panel-network figure.chart', (figs) =>
    figs.flatMap((fig) => {
      const title = fig.querySelector('h3')?.textContent ?? '';
      const ends = [...fig.querySelectorAll<SVGPathElement>('path.series')]
        .filter((p) => p.getTotalLength() > 0)
        .map((p) => p.getPointAtLength(p.getTotalLength()));
      const axis = fig.querySelectorAll<SVGGElement>('.axis')[1]?.getBoundingClientRect();
      const titleBox = fig.querySelector('h3')?.getBoundingClientRect();
      return [...fig.querySelectorAll<SVGCircleElement>('svg.chart-svg circle')]
        .filter((c) => getComputedStyle(c).display !== 'none')
        .flatMap((c) => {
          const [x, y] = [c.cx.baseVal.value, c.cy.baseVal.value];
          const box = c.getBoundingClientRect();
          const onEnd = ends.some((e) => Math.hypot(e.x - x, e.y - y) < 1.5);
          const inPlot =
            !!axis &&
            box.top >= axis.top - 6 &&
            box.bottom <= axis.bottom + 6 &&
            (!titleBox || box.top > titleBox.bottom);
          return onEnd && inPlot ? [] : [`${title}: marker at ${x.toFixed(0)},${y.toFixed(0)}`];
        });
    }),
  );

describe('the charts’ end markers sit on their lines, inside the plot', () => {
  for (const [width, height] of SIZES)
    it(`national compare at its end, ${width}×${height}`, async () => {
      const { page, errors } = await nationalAtEnd({ width, height });
      const markers = await page.locator('#panel-network svg.chart-svg circle').count();
      expect(markers).toBeGreaterThan(0);
      expect(await strayMarkers(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
});

describe('the national grid uses its pane', () => {
  for (const [width, height] of SIZES)
    it(`national compare at ${width}×${height}: one grid for A and B, every consortium numbered, no band above`, async () => {
      const { page, errors } = await nationalAtEnd({ width, height });
      const panes = await page.evaluate(() => {
        const h = (window as unknown as { __pilotnet: GridHook }).__pilotnet;
        return (['A', 'B'] as const).map((s) => {
          const pane = document.querySelector(`#net-${s.toLowerCase()}`)!;
          const head = pane.querySelector('.net-head')!.getBoundingClientRect();
          const canvas = pane.querySelector('canvas')!.getBoundingClientRect();
          const names = h.labels(s).filter((l) => /^(consortium )?\d+$/.test(l.text));
          return {
            cols: h.gridColumns(s),
            cell: 360 * h.scale(s),
            names: names.length,
            smallest: Math.min(...names.map((l) => l.bottom - l.top)),
            above: Math.min(...names.map((l) => l.top)) + canvas.top - head.bottom,
          };
        });
      });
      console.log(`national compare ${width}×${height}: ${JSON.stringify(panes)}`);
      const [a, b] = panes;
      expect(a.cols).toBe(b.cols);
      for (const p of panes) {
        expect(p.names, 'every consortium numbered').toBe(20);
        expect(p.smallest, 'numbers readable').toBeGreaterThanOrEqual(12);
        // The first row's names stand just under the scenario's name (about 100 px of empty band
        // stood there when the grid was centred in a room with fixed margins).
        expect(p.above).toBeLessThan(36);
        expect(p.cell).toBeGreaterThan(width >= 1920 ? 120 : 40);
      }
      expect(errors).toEqual([]);
      await page.close();
    });

  it('presenting at 1280×800, every consortium is numbered in the page’s type', async () => {
    const { page, errors } = await nationalAtEnd({ width: 1280, height: 800 }, '?present');
    const names = await page.evaluate(() =>
      (window as unknown as { __pilotnet: GridHook }).__pilotnet
        .labels('A')
        .filter((l) => /^(consortium )?\d+$/.test(l.text))
        .map((l) => l.bottom - l.top),
    );
    expect(names.length).toBe(20);
    expect(Math.min(...names)).toBeGreaterThanOrEqual(18);
    expect(errors).toEqual([]);
    await page.close();
  });
});
