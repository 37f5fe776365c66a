// Browser test: one consortium of a national comparison shown large, its meetings' labels (and the
// "+N more" count) keep clear of the consortium index open over the pane's lower left. Presenting at
// 1366×768, week 21's focus groups' labels were drawn half under "All consortia" and its grid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrawnLabel } from '../../viz/network.ts';
import { openPage, type PaneHook, type Site, startSite, stateHash, whenFitted } from './harness.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

describe('one consortium large: its labels keep clear of the index', () => {
  const national = { preset: 'national', edits: {}, halve: false, custom: null };
  for (const [present, width, height] of [
    ['', 1366, 768],
    ['?present', 1366, 768],
    ['?present', 1280, 800],
  ] as const)
    it(`${present ? 'presenting' : 'watching'} a national comparison at ${width}×${height}, week 21, consortium 1 large`, async () => {
      const hash = await stateHash({ a: national, b: national, mode: 'compare', week: 21 });
      const { page, errors } = await openPage(site, `${present}${hash}`, { width, height });
      await page.waitForSelector('#net-a .cons-index button', { state: 'visible' });
      await whenFitted(page, ['A', 'B']);
      await page.click('#net-a .cons-index button');
      await page.waitForSelector('#net-a .cons-index.open');
      await page.waitForSelector('#net-b .cons-index.open');
      await whenFitted(page, ['A', 'B']);
      await page.waitForTimeout(300);
      const seen = await page.evaluate(() => {
        const h = (window as unknown as { __pilotnet: PaneHook & { labels(s: string): DrawnLabel[] } })
          .__pilotnet;
        return (['A', 'B'] as const).map((s) => {
          const wrap = document.querySelector(`#net-${s.toLowerCase()}`)!;
          const c = wrap.querySelector('canvas')!.getBoundingClientRect();
          const b = wrap.querySelector('.cons-index.open')!.getBoundingClientRect();
          const labels = h.labels(s);
          return {
            count: labels.length,
            under: labels
              .map((l) => ({
                text: l.text,
                left: l.left + c.left,
                right: l.right + c.left,
                top: l.top + c.top,
                bottom: l.bottom + c.top,
              }))
              .filter((l) => l.left < b.right && b.left < l.right && l.top < b.bottom && b.top < l.bottom)
              .map(
                (l) =>
                  `${s}: "${l.text}" ${Math.round(l.left)}–${Math.round(l.right)} × ${Math.round(l.top)}–${Math.round(l.bottom)} under the index ${Math.round(b.left)}–${Math.round(b.right)} × ${Math.round(b.top)}–${Math.round(b.bottom)}`,
              ),
          };
        });
      });
      for (const s of seen) expect(s.count).toBeGreaterThan(0);
      expect(seen.flatMap((s) => s.under)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
});
