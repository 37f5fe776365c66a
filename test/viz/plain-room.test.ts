// Browser tests of what a facilitator found wrong in front of a room of health-care partners: the
// answer and "Show the ending" in the header at every width, nothing of the comparison under the
// phone's pinned timeline, the Network tab in partners' words, chart type large enough to read, the
// 100 runs using a projector's height, and titles that keep their units whole.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halvedHash, openPage, SIZES, type Site, startSite, stateHash } from './harness.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

/** Visible text: innerText leaves out what is hidden. */
const visibleText = (page: Page, sel = 'body') =>
  // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is what is tested.
  page.$eval(sel, (e) => (e as HTMLElement).innerText);

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
    [1280, 800],
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
        // A laptop's header, every tool in it, keeps words beside the link (it kept the link alone).
        // ... in a sentence: "Week by week" read as a fragment.
        if (width >= 1280) expect(before.trim()).toMatch(/^Watch /);
        await page.click('#reveal-btn');
        await page.waitForFunction(() => document.getElementById('reveal-btn')?.hidden === true);
        const after = (await page.textContent('#tagline')) ?? '';
        expect(after).toMatch(/\d+\.\d months|never submitted/);
        if (what === 'compare') expect(after).toMatch(/A .*B /);
        // With its verb or subject: a bare "12.0 months" told no one what took so long.
        expect(after).toMatch(/^(This run|Took|Never)/);
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
  it('at 390×844 in compare: B above the timeline, the timeline before the tabs, each on top once scrolled to', async () => {
    const { page, errors } = await openPage(site, await halvedHash(20), { width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const fold = await page.evaluate(() => {
      const box = (s: string) => document.querySelector(s)!.getBoundingClientRect();
      return {
        b: box('#net-b').bottom,
        legend: box('#legend').bottom,
        timeline: box('.timeline').top,
        timelineEnd: box('.timeline').bottom,
        tabs: box('.tabs').top,
      };
    });
    expect(fold.b, JSON.stringify(fold)).toBeLessThanOrEqual(fold.timeline);
    // In the page's flow, the networks and their legend, then the timeline, then the tabs.
    expect(fold.legend, JSON.stringify(fold)).toBeLessThanOrEqual(fold.timeline + 1);
    expect(fold.timelineEnd, JSON.stringify(fold)).toBeLessThanOrEqual(fold.tabs + 1);
    expect(await onTop(page, '#net-b')).toBe('on top');
    expect(await onTop(page, '#net-b canvas')).toBe('on top');
    for (const sel of ['#net-b', '#net-b canvas', '#legend', '#play-btn', '.tabs', '#panel-network .chart']) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.$eval(sel, (e) => e.scrollIntoView({ block: 'nearest' }));
      expect(`${sel}: ${await onTop(page, sel)}`).toBe(`${sel}: on top`);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the Network tab in partners’ words', () => {
  it('compare: plain words for the strips, the axis and the size switch; B − A said once; plain names for the header’s and the 100 runs’ buttons', async () => {
    const { page, errors } = await openPage(site, await halvedHash(20));
    const tab = await visibleText(page, '[data-body="network"]');
    expect(tab).toMatch(/how much more B mixes pillars than A/);
    expect(tab).toMatch(/how much more apart B’s pillars stay/);
    expect(tab).toMatch(/how much more connected B is than A/);
    expect(tab).not.toMatch(/B − A/);
    expect(tab.match(/B minus A/g)?.length).toBe(1);
    // The first chart's value axis in words, not −1 … +1.
    const axis = await page.$$eval(
      '#panel-network .chart-svg',
      (svgs) => [...svgs[0].querySelectorAll('.axis')][1].textContent ?? '',
    );
    expect(axis).toMatch(/none across/);
    expect(axis).toMatch(/half across/);
    expect(axis).toMatch(/all across/);
    expect(axis).not.toMatch(/[−-]1|1\.0|0\.5/);
    const legend = await visibleText(page, '#legend');
    expect(legend).toMatch(/bigger: connects others/);
    expect(legend).toMatch(/bigger: more ties/);
    expect(legend).not.toMatch(/links others|size:/);
    // The header's button and the 100 runs' check: plain names, a line of explanation each.
    const header = await visibleText(page, 'header.top');
    expect(header).not.toMatch(/\bDesigns\b/);
    expect(await page.textContent('#designs-btn')).toBe('Other set-ups');
    expect(await page.getAttribute('#designs-btn', 'title')).toMatch(/search .* watch it beside/);
    expect(await page.textContent('#rep-ensemble-btn')).toBe('Does the answer hold?');
    expect(await page.getAttribute('#rep-ensemble-btn', 'title')).toMatch(/other settings .* one guess/);
    expect(await page.textContent('#replicates')).not.toMatch(/Check other model settings/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the strips’ words lie inside their charts, on two lines where one does not fit', async () => {
    for (const [width, height, present] of [
      [1024, 768, ''],
      [390, 844, ''],
      [1024, 768, '?present'],
    ] as const) {
      const { page } = await openPage(site, `${present}${await halvedHash(20)}`, { width, height });
      const out = await page.$$eval('#panel-network .chart-svg', (svgs) =>
        svgs.flatMap((svg) => {
          const b = svg.getBoundingClientRect();
          return [...svg.querySelectorAll('.strip-label, .axis text')]
            .map((t) => ({ t: t.textContent ?? '', r: t.getBoundingClientRect() }))
            .filter(({ r }) => r.width > 0 && (r.left < b.left - 0.5 || r.right > b.right + 0.5))
            .map(({ t }) => t);
        }),
      );
      expect(`${width}${present}: ${out.join(' | ')}`).toBe(`${width}${present}: `);
      await page.close();
    }
  });
});

/** The smallest type of any text in the svgs under `root`, with the text that has it. */
const smallest = (page: Page, root: string) =>
  page.$$eval(`${root} svg text`, (ts) =>
    ts
      .filter((t) => t.getBoundingClientRect().width > 0)
      .map((t) => ({ t: t.textContent ?? '', px: Number.parseFloat(getComputedStyle(t).fontSize) }))
      .reduce((a, b) => (b.px < a.px ? b : a), { t: '', px: Number.POSITIVE_INFINITY }),
  );

describe('chart type a room can read', () => {
  for (const [width, height, least] of [
    [1920, 1080, 13],
    [1024, 768, 12],
  ] as const)
    it(`at ${width}×${height}: every chart text at ${least} px or more, presenting 18 px at 1920; the 100 runs’ too`, async () => {
      const { page, errors } = await openPage(site, await halvedHash(20), { width, height });
      const texts = await page.locator('#panel-network svg.chart-svg text').count();
      expect(texts).toBeGreaterThan(10);
      const min = await smallest(page, '#panel-network');
      expect(min.px, min.t).toBeGreaterThanOrEqual(least);
      if (width === 1920) {
        await page.click('#present-btn');
        await page.waitForTimeout(400);
        const p = await smallest(page, '#panel-network');
        expect(p.px, p.t).toBeGreaterThanOrEqual(18);
        await page.click('#present-btn');
        await page.waitForTimeout(400);
      }
      await page.click('[data-mode="replicates"]');
      await page.fill('#rep-count', '10');
      await page.dispatchEvent('#rep-count', 'change');
      await page.click('#rep-run');
      await page.waitForSelector('#rep-ensemble-btn:not([hidden])', { timeout: 90_000 });
      expect(await page.locator('#rep-charts svg text').count()).toBeGreaterThan(10);
      const reps = await smallest(page, '#rep-charts');
      expect(reps.px, reps.t).toBeGreaterThanOrEqual(least);
      expect(errors).toEqual([]);
      await page.close();
    }, 180_000);
});

describe('the 100 runs use a projector’s height', () => {
  it('at 1920×1080 the charts reach the bottom of the screen, and shrink back when the band across settings comes above them', async () => {
    const { page, errors } = await openPage(site, await halvedHash(), { width: 1920, height: 1080 });
    await page.click('[data-mode="replicates"]');
    await page.fill('#rep-count', '20');
    await page.dispatchEvent('#rep-count', 'change');
    await page.click('#rep-run');
    await page.waitForSelector('#rep-ensemble-btn:not([hidden])', { timeout: 90_000 });
    await page.waitForTimeout(300);
    const room = await page.evaluate(() => {
      const last = Math.max(
        ...[...document.querySelectorAll('#rep-charts > *')].map((c) => c.getBoundingClientRect().bottom),
      );
      const pane = document.getElementById('replicates')!;
      return {
        last,
        paneBottom: pane.getBoundingClientRect().bottom,
        scrolls: pane.scrollHeight > pane.clientHeight + 1,
      };
    });
    // Within 15% of the screen's bottom, and nothing pushed out of sight.
    expect(room.last, JSON.stringify(room)).toBeGreaterThan(0.85 * 1080);
    expect(room.last, JSON.stringify(room)).toBeLessThanOrEqual(room.paneBottom + 1);
    expect(room.scrolls).toBe(false);
    const tall = await page.$$eval('#rep-charts .histogram svg', (s) =>
      s.map((e) => e.getBoundingClientRect().height),
    );
    await page.click('#rep-ensemble-btn');
    await page.waitForSelector('#rep-ensemble .ensemble-chart .axis-title', { timeout: 90_000 });
    await page.waitForTimeout(300);
    const short = await page.$$eval('#rep-charts .histogram svg', (s) =>
      s.map((e) => e.getBoundingClientRect().height),
    );
    expect(short[0]).toBeLessThan(tall[0]);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});

const national = { preset: 'national', edits: {}, halve: false, custom: null };

describe('titles keep their units whole', () => {
  for (const [width, height] of SIZES)
    it(`national compare at ${width}×${height}: "(consortium 1)" on one line, the picker’s ▾ beside the name’s last word`, async () => {
      const hash = await stateHash({
        mode: 'compare',
        whatIf: 'halve',
        a: national,
        b: { ...national, halve: true },
        week: 20,
      });
      const { page, errors } = await openPage(site, hash, { width, height });
      const units = await page.$$eval('#panel-network .chart h3 .keep', (ks) =>
        ks.map((k) => ({ text: k.textContent ?? '', lines: k.getClientRects().length })),
      );
      expect(units.length).toBe(3);
      for (const u of units) expect(u).toEqual({ text: '(consortium 1)', lines: 1 });
      // The name's last word lies on the title's last line: the arrow, after it, has no line of its own.
      const titles = await page.$$eval('.net-wrap:not([hidden]) .net-title', (ts) =>
        ts.map((t) => {
          const text = t.firstChild as Text;
          const range = document.createRange();
          range.setStart(text, text.length - 1);
          range.setEnd(text, text.length);
          const last = range.getBoundingClientRect();
          const cs = getComputedStyle(t);
          const r = t.getBoundingClientRect();
          const inner =
            r.bottom - Number.parseFloat(cs.paddingBottom) - Number.parseFloat(cs.borderBottomWidth);
          return {
            name: t.textContent,
            gap: inner - last.bottom,
            line: Number.parseFloat(cs.lineHeight),
            // The arrow is text tied to the word before it by a no-break space.
            tied: getComputedStyle(t, '::after').content.startsWith('"\u00a0'),
          };
        }),
      );
      expect(titles.length).toBe(2);
      for (const t of titles) {
        expect(t.gap, JSON.stringify(t)).toBeLessThan(t.line / 2);
        expect(t.tied, JSON.stringify(t)).toBe(true);
      }
      expect(errors).toEqual([]);
      await page.close();
    });
});
