// Browser tests of issue 18: the view in front of a room with its own partners (a what-if that stays
// true, exports that print, captions for both panes, a store the panels subscribe to, a partner list).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POSTERIOR, readFits } from '../../cli/ensemble.ts';
import { decodeState } from '../../viz/share.ts';
import {
  axeAll,
  downloadOf,
  type Hook,
  halvedHash,
  hook,
  openPage,
  pngBands,
  ROOT,
  type Site,
  setField,
  startSite,
  stateHash,
  whenReady,
} from './harness.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

type Groups = { plannedMeetings: number; interval: number; size: number }[];
const groupsOf = (page: Page, slot: 'A' | 'B') =>
  page.evaluate(
    (s) => (window as unknown as { __pilotnet: { groups(s: string): Groups | null } }).__pilotnet.groups(s),
    slot,
  );

describe('the what-if stays true (issue 18 item 1)', () => {
  it('B is A with every governance edit, then halved; B edited by hand says so and keeps its own values', async () => {
    const { page, errors } = await openPage(site, await halvedHash());
    const before = (await groupsOf(page, 'A'))!;
    await page.click('#edit-btn');
    // Every numeric governance field A's editor offers: planned meetings and members per group.
    const edits: Record<string, number> = {};
    for (let i = 0; i < before.length; i++) {
      const meetings = `governance.groups[${i}].plannedMeetings`;
      edits[meetings] = 16 + i;
      await setField(page, meetings, String(edits[meetings]));
      const size = `governance.groups[${i}].size`;
      if (await page.isEnabled(`[data-path="${size}"]`)) {
        edits[size] = 5 + i;
        await setField(page, size, String(edits[size]));
      }
    }
    await page.waitForFunction((want) => {
      const h = (window as unknown as { __pilotnet: Hook }).__pilotnet;
      const ran = (e: Record<string, unknown> | null) =>
        e !== null && Object.entries(want).every(([k, v]) => e[k] === v);
      return h.ready && ran(h.ranEdits.A) && ran(h.ranEdits.B);
    }, edits);
    const a = (await groupsOf(page, 'A'))!;
    const b = (await groupsOf(page, 'B'))!;
    for (let i = 0; i < a.length; i++) {
      expect(a[i].plannedMeetings).toBe(16 + i);
      expect(b[i].plannedMeetings).toBe(Math.ceil((16 + i) / 2));
      expect(b[i].interval).toBe(Math.min(520, a[i].interval * 2));
      expect(b[i].size).toBe(a[i].size);
      if (edits[`governance.groups[${i}].size`] !== undefined) expect(b[i].size).toBe(5 + i);
    }
    expect(await page.getAttribute('#net-b .net-preset', 'title')).toBe('A + meetings halved');
    // B edited by hand: its own value is taken as typed, the rest of B stays what it was.
    await page.click('#editor [data-slot="B"]');
    await setField(page, 'governance.groups[0].plannedMeetings', '3');
    await page.waitForFunction(() => {
      const h = (window as unknown as { __pilotnet: Hook }).__pilotnet;
      return h.ready && h.ranEdits.B?.['governance.groups[0].plannedMeetings'] === 3;
    });
    const b2 = (await groupsOf(page, 'B'))!;
    expect(b2[0].plannedMeetings).toBe(3);
    for (let i = 1; i < b2.length; i++) expect(b2[i].plannedMeetings).toBe(b[i].plannedMeetings);
    const label = await page.getAttribute('#net-b .net-preset', 'title');
    expect(label).not.toMatch(/^A \+ meetings halved$/);
    expect(label).toMatch(/edited/);
    // A edited again: B, a scenario of its own now, does not follow.
    await page.click('#editor [data-slot="A"]');
    await setField(page, 'governance.groups[1].plannedMeetings', '30');
    await page.waitForFunction(() => {
      const h = (window as unknown as { __pilotnet: Hook }).__pilotnet;
      return h.ready && h.ranEdits.A?.['governance.groups[1].plannedMeetings'] === 30;
    });
    expect((await groupsOf(page, 'B'))![1].plannedMeetings).toBe(b[1].plannedMeetings);
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** Width and height from a PNG's header (IHDR), read without a decoder. */
const pngSize = (png: Buffer) => {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
};

const inkOf = async (page: Page, png: Buffer, columns: number, y0: number, y1: number) =>
  (await pngBands(page, png, columns, y0, y1)).map((b) => b.ink);

describe('exports that print (issue 18 item 2)', () => {
  it('the PNG is at least 1600 px wide, the network drawn in each pane, the legend and titles whole', async () => {
    const { page, errors } = await openPage(site, '', { width: 1280, height: 800 });
    const one = await downloadOf(page, 'png');
    const size = pngSize(one.body);
    expect(size.width).toBeGreaterThanOrEqual(1600);
    // The network's proportions on screen are kept (titles and legend add height, not width).
    const box = await page.$eval('#net-a', (e) => ({ w: e.clientWidth, h: e.clientHeight }));
    expect(size.height / size.width).toBeGreaterThan(box.h / box.w);
    const [ink] = await inkOf(page, one.body, 1, 0.2, 0.7);
    expect(ink).toBeGreaterThan(0.01);
    await page.close();
    // Compare: both networks, each drawn.
    const cmp = await openPage(site, await halvedHash(), { width: 1280, height: 800 });
    const two = await downloadOf(cmp.page, 'png');
    expect(pngSize(two.body).width).toBeGreaterThanOrEqual(1600);
    const inks = await inkOf(cmp.page, two.body, 2, 0.2, 0.7);
    for (const v of inks) expect(v).toBeGreaterThan(0.01);
    expect(errors).toEqual([]);
    expect(cmp.errors).toEqual([]);
    await cmp.page.close();
  });
});

type Box = { x: number; y: number; width: number; height: number };
/** Zoom buttons of both panes whose centre is covered by another element (its tag and class). */
const coveredZoomButtons = (page: Page) =>
  page.$$eval('.zoom-controls > button', (bs) =>
    bs.flatMap((b) => {
      const r = b.getBoundingClientRect();
      const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return top && (top === b || b.contains(top))
        ? []
        : [`${b.closest('.net-wrap')?.id} ${b.textContent}: under ${top?.tagName}.${top?.className}`];
    }),
  );

/** Network labels (both panes) whose centre lies under a caption: the caption is the topmost element there. */
const labelsUnderCaption = (page: Page) =>
  page.evaluate(() => {
    type Label = { text: string; left: number; right: number; top: number; bottom: number };
    const hook = (window as unknown as { __pilotnet: { labels(s: string): Label[] } }).__pilotnet;
    return (['A', 'B'] as const).flatMap((slot) => {
      const canvas = document.querySelector(`#net-${slot.toLowerCase()} canvas`);
      if (!canvas || !(canvas as HTMLElement).offsetParent) return [];
      const c = canvas.getBoundingClientRect();
      return hook.labels(slot).flatMap((l) => {
        const top = document.elementFromPoint(c.x + (l.left + l.right) / 2, c.y + (l.top + l.bottom) / 2);
        return top?.closest('.caption-box')
          ? [`${slot} "${l.text}" under ${top.closest('.caption-box')!.id}`]
          : [];
      });
    });
  });

const inset = (page: Page, slot: 'A' | 'B') =>
  page.evaluate(
    (s) => (window as unknown as { __pilotnet: { insetTop(s: string): number } }).__pilotnet.insetTop(s),
    slot,
  );

describe('captions for both panes, with room kept for them (issue 18 items 3, 4, 6)', () => {
  for (const [width, height] of [
    [1024, 768],
    [1280, 800],
    [1366, 768],
    [1920, 1080],
    [390, 844],
  ])
    it(`at ${width}×${height} in presentation compare: each pane's own captions, no zoom button under one nor any network label, the network keeps its size`, async () => {
      const { page, errors } = await openPage(site, `?present${await halvedHash()}`, { width, height });
      const before = { A: await inset(page, 'A'), B: await inset(page, 'B') };
      expect(before.A).toBeGreaterThan(0);
      const seen: Record<'A' | 'B', string[]> = { A: [], B: [] };
      // Walk every key moment (PageDown, as a presenter's clicker does) to the end.
      for (let i = 0; i < 40; i++) {
        const week = (await hook(page)).week;
        await page.keyboard.press('PageDown');
        await page.waitForTimeout(60);
        if ((await hook(page)).week === week) break;
        for (const [slot, sel] of [
          ['A', '#caption'],
          ['B', '#caption-b'],
        ] as const)
          if (await page.isVisible(sel)) seen[slot].push((await page.textContent(`${sel} strong`)) ?? '');
        expect(await coveredZoomButtons(page)).toEqual([]);
        // The band kept for the captions holds the tallest of them: no label of the network under one
        // (the focus groups' labels were, at 1024×768).
        expect(await labelsUnderCaption(page)).toEqual([]);
        expect(await inset(page, 'A')).toBe(before.A);
        expect(await inset(page, 'B')).toBe(before.B);
      }
      // Each caption says which scenario it speaks of, and B's own moments have captions, its end too.
      expect(seen.A.length).toBeGreaterThan(0);
      expect(seen.B.length).toBeGreaterThan(0);
      for (const t of seen.A) expect(t).toMatch(/^A: /);
      for (const t of seen.B) expect(t).toMatch(/^B: /);
      expect(seen.B.some((t) => /submitted|gives up/.test(t))).toBe(true);
      if (width < 600) {
        // Phone: A over B, each at least 35% of the screen's height.
        const a = (await page.locator('#net-a').boundingBox()) as Box;
        const b = (await page.locator('#net-b').boundingBox()) as Box;
        expect(b.y).toBeGreaterThanOrEqual(a.y + a.height);
        expect(a.height).toBeGreaterThanOrEqual(0.35 * height);
        expect(b.height).toBeGreaterThanOrEqual(0.35 * height);
        expect(await page.$eval('#net-b .net-preset', (s) => s.scrollWidth <= s.clientWidth + 1)).toBe(true);
        // Both whole on screen without scrolling: B ends above the pinned timeline (at 42% of the
        // height each, B's lower half lay under it, its status and half its network out of sight).
        await page.evaluate(() => window.scrollTo(0, 0));
        const fold = await page.evaluate(() => {
          const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
          return { a: box('#net-a').top, b: box('#net-b').bottom, timeline: box('.timeline').top };
        });
        expect(fold.a, JSON.stringify(fold)).toBeGreaterThanOrEqual(0);
        expect(fold.b, JSON.stringify(fold)).toBeLessThanOrEqual(fold.timeline);
      }
      await page.screenshot({ path: `/tmp/i18-present-compare-${width}x${height}.png` });
      expect(errors).toEqual([]);
      await page.close();
    });

  it('one sign convention, B − A, stated on screen and used by every difference strip and the outcome table', async () => {
    const { page, errors } = await openPage(site, await halvedHash());
    expect(await page.textContent('[data-body="network"] .intro')).toMatch(/B minus A/);
    const strips = await page.$$eval('.diff-strip text', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(strips.length).toBeGreaterThan(0);
    expect(strips.join(' ')).not.toMatch(/A − B/);
    // The table waits for the ending (issue 18): asked for here.
    await page.evaluate(() => document.getElementById('reveal-btn')?.click());
    await page.click('.tabs [data-tab="outcome"]');
    expect(await page.textContent('[data-body="outcome"]')).toMatch(/B − A/);
    expect(await page.textContent('[data-body="outcome"]')).not.toMatch(/A − B/);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('compare on a phone (issue 18 item 6)', () => {
  it('at 390×844 A stands over B, each a third of the screen and more, B named whole, both end marks told apart', async () => {
    const { page, errors } = await openPage(site, await halvedHash(), { width: 390, height: 844 });
    // Both runs submitted: jump to the end, where the end marks are told.
    await page.focus('#scrubber');
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.querySelectorAll('#scrub-marks .mk.submitted').length === 2);
    await page.waitForTimeout(200);
    const a = (await page.locator('#net-a').boundingBox()) as Box;
    const b = (await page.locator('#net-b').boundingBox()) as Box;
    expect(b.y).toBeGreaterThanOrEqual(a.y + a.height);
    expect(a.height).toBeGreaterThanOrEqual(0.35 * 844);
    expect(b.height).toBeGreaterThanOrEqual(0.35 * 844);
    expect(await page.$eval('#net-b .net-preset', (s) => s.scrollWidth <= s.clientWidth + 1)).toBe(true);
    // Each end mark says which scenario and what happened, in 12 px type or more, whole on the track.
    const marks = await page.$$eval('#scrub-marks .mk span', (ss) => {
      const track = document.getElementById('scrub-marks')!.getBoundingClientRect();
      return ss.map((s) => {
        const r = s.getBoundingClientRect();
        return {
          text: s.textContent ?? '',
          shown: getComputedStyle(s).visibility !== 'hidden' && r.width > 0,
          size: Number.parseFloat(getComputedStyle(s).fontSize),
          inside: r.left >= track.left - 0.5 && r.right <= track.right + 0.5,
          box: { left: r.left, right: r.right, top: r.top, bottom: r.bottom },
        };
      });
    });
    const ends = (['A', 'B'] as const).map((slot) =>
      marks.find((m) => m.text.startsWith(`${slot}: `) && /submitted|gave up/.test(m.text)),
    );
    for (const m of ends) {
      expect(m, JSON.stringify(marks)).toBeDefined();
      expect(m!.shown).toBe(true);
      expect(m!.size).toBeGreaterThanOrEqual(12);
      expect(m!.inside).toBe(true);
    }
    const shown = marks.filter((m) => m.shown);
    for (let i = 0; i < shown.length; i++)
      for (let j = i + 1; j < shown.length; j++) {
        const [p, q] = [shown[i].box, shown[j].box];
        const apart = p.right <= q.left || q.right <= p.left || p.bottom <= q.top || q.bottom <= p.top;
        expect(`${shown[i].text} / ${shown[j].text}: ${apart ? 'apart' : 'overlap'}`).toMatch(/apart$/);
      }
    await page.screenshot({ path: '/tmp/i18-phone-compare-end.png' });
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** Every timeline label shown: its text and box, and whether it lies inside the viewport. */
const timelineLabels = (page: Page) =>
  page.$$eval('#scrub-marks .mk span', (ss) =>
    ss
      .filter((s) => getComputedStyle(s).visibility !== 'hidden' && s.getBoundingClientRect().width > 0)
      .map((s) => {
        const r = s.getBoundingClientRect();
        const root = document.documentElement;
        return {
          text: s.textContent ?? '',
          inside:
            r.left >= -0.5 &&
            r.right <= root.clientWidth + 0.5 &&
            r.top >= -0.5 &&
            r.bottom <= innerHeight + 0.5,
          box: { left: r.left, right: r.right, top: r.top, bottom: r.bottom },
        };
      }),
  );

describe('the timeline on a phone in presentation compare (issue 18 item 6)', () => {
  for (const large of [false, true])
    it(`at 390×844${large ? ' with AA' : ''}: at every key moment each timeline label, the planned end included, lies whole inside the screen and over no other, and the header's name is clear of the mode buttons`, async () => {
      const { page, errors } = await openPage(
        site,
        `?present${await stateHash({
          mode: 'compare',
          whatIf: 'halve',
          large,
          b: { preset: 'default', edits: {}, halve: true, custom: null },
        })}`,
        { width: 390, height: 844 },
      );
      // Nothing on the page is wider than the screen (the timeline's track once was, in large type).
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // The header's name stands clear of the mode buttons (in large type they lay over it).
      const clear = await page.evaluate(() => {
        // The text's own extent: a box squeezed narrower than its text lets the text overflow it.
        const text = document.createRange();
        text.selectNodeContents(document.querySelector('.brand .name')!);
        const n = text.getBoundingClientRect();
        const m = document.querySelector('.top .modes')!.getBoundingClientRect();
        return n.right <= m.left || m.right <= n.left || n.bottom <= m.top || m.bottom <= n.top;
      });
      expect(clear).toBe(true);
      let sawPlan = false;
      for (let i = 0; i < 40; i++) {
        const labels = await timelineLabels(page);
        const week = (await hook(page)).week;
        sawPlan ||= labels.some((l) => /^plan/.test(l.text));
        for (const l of labels)
          expect(l.inside, `week ${week} ${l.text}: ${JSON.stringify(l.box)}`).toBe(true);
        for (let a = 0; a < labels.length; a++)
          for (let b = a + 1; b < labels.length; b++) {
            const [p, q] = [labels[a].box, labels[b].box];
            const apart = p.right <= q.left || q.right <= p.left || p.bottom <= q.top || q.bottom <= p.top;
            expect(
              `week ${week} ${labels[a].text} / ${labels[b].text}: ${apart ? 'apart' : 'overlap'}`,
            ).toMatch(/apart$/);
          }
        await page.keyboard.press('PageDown');
        await page.waitForTimeout(60);
        if ((await hook(page)).week === week) break;
      }
      expect(sawPlan).toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    });
});

describe('presentation from the header, and no spoilers outside it (issue 18 item 5)', () => {
  it('Present sits next to What-if; the plain view tells the ending once reached or when asked', async () => {
    const { page, errors } = await openPage(site, await halvedHash());
    expect(await page.$eval('#halve-btn', (b) => b.nextElementSibling?.id)).toBe('present-btn');
    // Week 0 of a comparison outside presentation: no answer in the tagline, no end mark.
    const ending = /submitted|months|gave up|never/;
    expect(await page.textContent('#tagline')).not.toMatch(ending);
    expect(await page.locator('.mk.submitted').count()).toBe(0);
    expect(await page.isVisible('#reveal-btn')).toBe(true);
    // On request: both endings, and their marks.
    await page.click('#reveal-btn');
    // It tells the one run on screen, and says so (the 100 runs' pane gives the typical run).
    // (In full in the line's tooltip; on screen, the fewer words that fit on one line.)
    expect(await page.getAttribute('.brand .tagline', 'title')).toMatch(
      /^This run: time to write the file A .* · B /,
    );
    expect(await page.textContent('#tagline')).toMatch(/A [\d.]+( months)? · B [\d.]+ months/);
    expect(await page.locator('.mk.submitted').count()).toBe(2);
    expect(await page.isVisible('#reveal-btn')).toBe(false);
    await page.close();
    // Reached by watching: End (the last week) tells it without asking.
    const again = await openPage(site, await halvedHash());
    await again.page.focus('#scrubber');
    await again.page.keyboard.press('End');
    await again.page.waitForFunction(() =>
      / · B \d/.test(document.getElementById('tagline')?.textContent ?? ''),
    );
    expect(await again.page.locator('.mk.submitted').count()).toBe(2);
    // The what-if is offered in presentation mode, and presentation stays on after it.
    await again.page.click('#present-btn');
    expect(await again.page.getAttribute('#present-btn', 'aria-pressed')).toBe('true');
    // A rehearsal watched to the end is not the room's: Home in presentation hides the ending again.
    await again.page.focus('#scrubber');
    await again.page.keyboard.press('Home');
    await again.page.waitForFunction(
      () => !/ · B \d/.test(document.getElementById('tagline')?.textContent ?? ''),
    );
    expect(await again.page.textContent('#tagline')).not.toMatch(ending);
    expect(await again.page.locator('.mk.submitted').count()).toBe(0);
    expect(await again.page.isVisible('#halve-btn')).toBe(true);
    await again.page.click('[data-mode="watch"]');
    await again.page.click('#halve-btn');
    await again.page.waitForFunction(() => (window as unknown as { __pilotnet: Hook }).__pilotnet.ready);
    expect((await hook(again.page)).mode).toBe('compare');
    expect(await again.page.getAttribute('#present-btn', 'aria-pressed')).toBe('true');
    expect(errors).toEqual([]);
    expect(again.errors).toEqual([]);
    await again.page.close();
  });
});

/** Visible texts on screen set smaller than `min` px: "size px: text" (the first of each kind). */
const smallTexts = (page: Page, min: number) =>
  page.evaluate((min) => {
    const out = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      if (!text || !el) continue;
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      if (!r.width || !r.height || cs.visibility === 'hidden' || el.closest('[hidden], .visually-hidden'))
        continue;
      if (r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) continue;
      const size = Number.parseFloat(cs.fontSize);
      if (size < min)
        out.add(
          `${size.toFixed(1)} px: ${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} "${text.slice(0, 30)}"`,
        );
    }
    return [...out];
  }, min);

const tabsClipped = (page: Page) =>
  page.$eval(
    '.tabs',
    (t) =>
      [...t.children].some((b) => b.getBoundingClientRect().right > t.getBoundingClientRect().right + 0.5) ||
      t.scrollWidth > t.clientWidth + 0.5,
  );

describe('projector type (issue 18 item 7)', () => {
  it('at 1920×1080 in presentation compare every text is 18 px or more, and AA makes it larger still', async () => {
    const { page, errors } = await openPage(site, `?present${await halvedHash(30)}`, {
      width: 1920,
      height: 1080,
    });
    expect(await smallTexts(page, 18)).toEqual([]);
    // Every tab's text too: the Debates tab's status chips and the File tab's "waits for" lines were
    // 16.2 px (0.72rem).
    const tabs = await page.$$eval('.tabs [role="tab"]', (ts) =>
      ts.map((t) => (t as HTMLElement).dataset.tab!),
    );
    expect(tabs).toEqual(expect.arrayContaining(['controversies', 'file', 'log', 'outcome']));
    for (const tab of tabs) {
      await page.click(`.tabs [data-tab="${tab}"]`);
      expect(`${tab}: ${(await smallTexts(page, 18)).join('; ')}`).toBe(`${tab}: `);
    }
    // The chips and the waits-for lines were on screen to be measured.
    await page.click('.tabs [data-tab="controversies"]');
    expect(await page.locator('.chip:visible').count()).toBeGreaterThan(0);
    await page.click('.tabs [data-tab="file"]');
    expect(await page.locator('.section-row .waiting:visible').count()).toBeGreaterThan(0);
    await page.click('.tabs [data-tab="network"]');
    const before = await page.$eval('html', (h) => Number.parseFloat(getComputedStyle(h).fontSize));
    await page.click('#large-btn');
    const after = await page.$eval('html', (h) => Number.parseFloat(getComputedStyle(h).fontSize));
    expect(after).toBeGreaterThan(before * 1.1);
    expect(await smallTexts(page, 18)).toEqual([]);
    // The tagline wraps: never cut with an ellipsis. (Presenting, End before the end is reached
    // goes there only when pressed twice.)
    await page.keyboard.press('End');
    await page.keyboard.press('End');
    expect(await page.$eval('#tagline', (t) => getComputedStyle(t.parentElement!).textOverflow)).not.toBe(
      'ellipsis',
    );
    expect(await page.$eval('.brand .tagline', (t) => t.scrollWidth <= t.clientWidth + 1)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('presenting on a phone, the editor is the whole screen, its column heads in the rows’ type and apart', async () => {
    const { page, errors } = await openPage(site, `?present${await stateHash({ week: 0 })}`, {
      width: 390,
      height: 844,
    });
    await page.click('#more-btn');
    await page.click('#edit-btn');
    await page.waitForSelector('#editor .group-row.head', { state: 'visible' });
    const m = await page.evaluate(() => {
      const px = (e: Element) => Number.parseFloat(getComputedStyle(e).fontSize);
      const head = [...document.querySelectorAll('#editor .group-row.head span')];
      const r = (e: Element) => e.getBoundingClientRect();
      const range = document.createRange();
      const textBox = (e: Element) => {
        range.selectNodeContents(e);
        return range.getBoundingClientRect();
      };
      const d = r(document.getElementById('editor')!);
      return {
        head: Math.max(...head.map(px)),
        row: px(document.querySelector('#editor .group-row:not(.head) label')!),
        heads: head.map((h) => ({ left: textBox(h).left, right: textBox(h).right })),
        drawer: { top: d.top, bottom: d.bottom, left: d.left, right: d.right },
        vw: innerWidth,
        vh: innerHeight,
      };
    });
    // 18 px heads over 14 px rows, and "Meetings" ran into "Members".
    expect(m.head).toBeLessThanOrEqual(m.row + 0.5);
    for (let i = 1; i < m.heads.length; i++)
      expect(m.heads[i].left).toBeGreaterThanOrEqual(m.heads[i - 1].right);
    // The whole screen: ending above the pinned timeline, it left the planned end's label cut under it.
    expect(m.drawer).toEqual({ top: 0, bottom: m.vh, left: 0, right: m.vw });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('presenting at 1920×1080, the editor and the 100 runs’ charts are 18 px or more as drawn', async () => {
    const { page, errors } = await openPage(site, `?present${await halvedHash(30)}`, {
      width: 1920,
      height: 1080,
    });
    await page.click('#more-btn');
    await page.click('#edit-btn');
    await page.waitForSelector('#editor .group-row.head', { state: 'visible' });
    // The column heads and the hints were 16.7 and 17.1 px.
    expect(await smallTexts(page, 18)).toEqual([]);
    // The steering committee takes the project group in as well: its row says so, with the run's own
    // count of partners in it, the number the log gives as invited (the field's 12 beside the log's
    // 13 read as a mistake).
    const row = await page.locator('#editor .group-row', { hasText: 'steering committee' }).textContent();
    const seated = row?.match(/\(\+ the project group, some sit in both: (\d+) partners in this run\)/);
    expect(seated, row ?? '').not.toBeNull();
    await page.click('#editor-close');
    await page.click('.tabs [data-tab="log"]');
    const invited = await page.$$eval('[data-body="log"] li', (ls) =>
      ls.flatMap((l) => l.textContent?.match(/Steering committee met: \d+ of (\d+) partners/)?.[1] ?? []),
    );
    expect(invited.length).toBeGreaterThan(0);
    expect(invited[0]).toBe(seated![1]);
    await page.click('[data-mode="replicates"]');
    await page.fill('#rep-count', '20');
    await page.dispatchEvent('#rep-count', 'change');
    await page.click('#rep-run');
    await page.waitForSelector('#rep-charts .histogram svg text', { timeout: 60_000 });
    expect(await smallTexts(page, 18)).toEqual([]);
    // A chart's text as drawn: its type times the svg's scale (a viewBox wider than the svg drew
    // 18 px type at 17.6 px).
    const drawn = await page.$$eval('#rep-charts svg text', (ts) =>
      ts.map((t) => {
        const m = (t as SVGTextElement).getScreenCTM();
        return Number.parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
      }),
    );
    expect(drawn.length).toBeGreaterThan(10);
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(17.95);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('no tab is clipped from 1024 to 1920 px wide, presenting or not', async () => {
    const hash = await halvedHash();
    for (const width of [1024, 1280, 1366, 1920])
      for (const present of ['', '?present']) {
        const { page } = await openPage(site, `${present}${hash}`, { width, height: 768 });
        expect(`${width}${present}: ${await tabsClipped(page)}`).toBe(`${width}${present}: false`);
        await page.close();
      }
  });
});

describe('100 runs across calibrations in plain words (issue 18 item 8)', () => {
  it('speaks to partners, counts the settings shipped, says "no difference" for none, keeps the analyst detail folded, its axis title clear', async () => {
    const { page, errors } = await openPage(site, await halvedHash(), { width: 1920, height: 1080 });
    await page.click('[data-mode="replicates"]');
    await page.fill('#rep-count', '20');
    await page.dispatchEvent('#rep-count', 'change');
    await page.click('#rep-run');
    await page.waitForSelector('#rep-ensemble-btn:not([hidden])', { timeout: 60_000 });
    await page.click('#rep-ensemble-btn');
    await page.waitForSelector('#rep-ensemble .ensemble-chart .axis-title', { timeout: 60_000 });
    // At 1920 px the chart uses the width beside the plain lines (it was 470 px wide with the right
    // half empty, its ticks 11 px), and the 100 runs' charts start on the first screen.
    const room = await page.evaluate(() => {
      const svg = document.querySelector('#rep-ensemble .ensemble-chart svg')!.getBoundingClientRect();
      const lines = document.querySelector('#rep-ensemble ul.plain')!.getBoundingClientRect();
      const ticks = [...document.querySelectorAll('#rep-ensemble .ensemble-chart .tick text')].map((t) =>
        Number.parseFloat(getComputedStyle(t).fontSize),
      );
      return {
        width: svg.width,
        beside: svg.left >= lines.right,
        smallestTick: Math.min(...ticks),
        chartsTop: document.querySelector('#rep-charts')!.getBoundingClientRect().top,
      };
    });
    expect(room.width).toBeGreaterThan(700);
    expect(room.beside).toBe(true);
    expect(room.smallestTick).toBeGreaterThanOrEqual(12);
    expect(room.chartsTop).toBeLessThan(1080);
    // The analyst's detail is folded away, and nothing outside it speaks their words.
    const view = await page.$eval('#rep-ensemble', (root) => {
      const out: string[] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const inside = n.parentElement?.closest('details');
        if (!inside || n.parentElement?.closest('summary')) out.push(n.textContent ?? '');
      }
      const details = root.querySelectorAll('details');
      return { plain: out.join(' '), details: details.length, open: [...details].some((d) => d.open) };
    });
    expect(view.details).toBe(1);
    expect(view.open).toBe(false);
    expect(view.plain).not.toMatch(
      /posterior|\bCI\b|confidence|pooled|calibrat|pilotnet|--ensemble|replicate|stochastic|particle/i,
    );
    // Nor do the pane's own controls, their tooltips included (the run button said "Run 20 replicates").
    const controls = await page.$eval('#replicates .rep-head', (head) =>
      [
        head.textContent ?? '',
        ...[...head.querySelectorAll('[title]')].map((e) => e.getAttribute('title')),
      ].join(' '),
    );
    expect(controls).toMatch(/Run A and B 20 times each/);
    expect(controls).not.toMatch(
      /posterior|\bCI\b|confidence|pooled|pilotnet|replicate|stochastic|particle|calibrat/i,
    );
    expect(await page.textContent('#rep-ensemble-btn')).toBe('Does the answer hold?');
    // The settings shipped are counted from the file itself (its rows, as its record says).
    const rows =
      readFileSync(join(ROOT, 'scenarios/posterior/default.csv'), 'utf8').trim().split('\n').length - 1;
    const record = JSON.parse(readFileSync(join(ROOT, 'scenarios/posterior/default.json'), 'utf8'));
    expect(record.particles).toBe(rows);
    expect(view.plain).toMatch(new RegExp(`\\b${rows} possible settings`));
    // The plain words, the button's tooltip and the analysts' details say the same of the settings:
    // a fit only when the posterior's recorded check passed (the lede said "not yet" above a heading
    // that said "fit", and the details "0.778 months" below lines that say "0.8").
    const fits = readFits(DEFAULT_POSTERIOR);
    const detail = await page.$eval('#rep-ensemble details', (d) => ({
      heading: d.querySelector('h4')?.textContent ?? '',
      sentence: d.querySelector('p.sentence')?.textContent ?? '',
    }));
    const tooltip = (await page.getAttribute('#rep-ensemble-btn', 'title')) ?? '';
    if (fits) {
      expect(view.plain).toMatch(/possible settings that fit it;/);
      expect(detail.heading).toBe('Across the calibrations that fit the study');
      expect(detail.sentence).toMatch(/^Across 20 of the calibrations that fit the study: /);
      expect(tooltip).toMatch(/that also fit the study/);
    } else {
      expect(view.plain).toMatch(/close to it but not yet to every figure of it;/);
      expect(detail.heading).toBe('Across calibrations drawn from the posterior');
      expect(detail.sentence).toMatch(/^Across 20 of the calibrations drawn from the posterior: /);
      expect(tooltip).toMatch(/not yet to every figure of it/);
    }
    expect(`${view.plain} ${tooltip} ${detail.heading} ${detail.sentence}`).not.toMatch(
      fits ? /not yet|drawn from/ : /fit the study|that fit it/,
    );
    // Rounded as the plain line rounds: its range across the settings is the sentence's interval.
    expect(detail.sentence).not.toMatch(/\d\.\d\d|(^|\s)-\d/);
    const line = (await page.textContent('#rep-ensemble ul.plain li[data-outcome="months"]')) ?? '';
    const across = /under 20 other settings, B: ([\d.]+ to [\d.]+ months) longer than A/.exec(line)?.[1];
    // (With 20 runs the range may cross no difference: the line then gives no figure.)
    if (across) expect(detail.sentence).toContain(`pooled 95% interval ${across};`);
    expect(detail.sentence).toMatch(
      /B: [\d.]+ months? (longer|shorter) than A on average \(pooled 95% interval −?[\d.]+ to −?[\d.]+ months?; at the shipped calibration alone −?[\d.]+ to −?[\d.]+ months?\); \d+% of them say B (takes longer|is quicker)\.$/,
    );
    // No empty range anywhere, the folded detail included.
    const all = (await page.textContent('#rep-ensemble')) ?? '';
    expect(all).not.toMatch(/\b0 (percentage )?points? to 0/);
    expect(all).not.toMatch(/\b0 months? to 0 months?/);
    // The chart's axis title meets no tick label and stays whole, on a laptop and drawn again on a phone.
    const clashes = () =>
      page.$eval('#rep-ensemble .ensemble-chart svg', (svg) => {
        const title = svg.querySelector('.axis-title')!.getBoundingClientRect();
        const ticks = [...svg.querySelectorAll('.axis .tick text')].map((t) => t.getBoundingClientRect());
        const b = svg.getBoundingClientRect();
        return {
          ticks: ticks.length,
          hits: ticks.filter(
            (t) =>
              t.left < title.right && title.left < t.right && t.top < title.bottom && title.top < t.bottom,
          ).length,
          inside:
            title.bottom <= b.bottom + 0.5 && title.left >= b.left - 0.5 && title.right <= b.right + 0.5,
        };
      });
    const wide = await clashes();
    expect(wide).toEqual({ ticks: wide.ticks, hits: 0, inside: true });
    expect(wide.ticks).toBeGreaterThan(2);
    // The same for the 100 runs' histograms below: their unit sat on the last tick label.
    const unitHits = await page.$$eval('#rep-charts .histogram svg', (svgs) =>
      svgs.flatMap((svg) => {
        const u = svg.querySelector('.unit')!.getBoundingClientRect();
        const b = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('.axis .tick text')]
          .map((t) => t.getBoundingClientRect())
          .filter((t) => t.left < u.right && u.left < t.right && t.top < u.bottom && u.top < t.bottom)
          .map(() => svg.parentElement?.querySelector('h3')?.textContent ?? '')
          .concat(u.bottom <= b.bottom + 0.5 ? [] : ['unit cut']);
      }),
    );
    expect(unitHits).toEqual([]);
    await page.locator('#rep-ensemble').screenshot({ path: '/tmp/i18-across-calibrations.png' });
    await page.click('#rep-ensemble details summary');
    await page.locator('#rep-ensemble').screenshot({ path: '/tmp/words-across-details.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('#rep-ensemble-btn');
    await page.waitForSelector('#rep-ensemble .ensemble-chart .axis-title', { timeout: 60_000 });
    const narrow = await clashes();
    expect(narrow).toEqual({ ticks: narrow.ticks, hits: 0, inside: true });
    expect(narrow.ticks).toBeGreaterThan(2);
    await page.locator('#rep-ensemble').screenshot({ path: '/tmp/i18-across-calibrations-390.png' });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('national compare (issue 18 item 9)', () => {
  it('100 runs of the national preset count runs as runs and consortia as consortia', async () => {
    const { page, errors } = await openPage(
      site,
      await stateHash({
        mode: 'replicates',
        whatIf: 'halve',
        a: { preset: 'national', edits: {}, halve: false, custom: null },
        b: { preset: 'national', edits: {}, halve: true, custom: null },
      }),
      { width: 1366, height: 768 },
    );
    await page.click('[data-mode="replicates"]');
    await page.fill('#rep-count', '10');
    await page.dispatchEvent('#rep-count', 'change');
    expect(await page.textContent('#rep-run')).toBe('Run A and B 10 times each');
    expect(await page.textContent('#replicates .rep-head .lede')).toMatch(
      /^Each run draws 20 new consortia from the same recipe\./,
    );
    await page.click('#rep-run');
    await page.waitForSelector('#rep-brief:not([hidden])', { timeout: 180_000 });
    // The bar counts what the button counts: runs of A and of B, not their sum.
    expect(await page.textContent('#rep-progress .label')).toBe('10 runs of A and 10 of B done');
    const stats = await page.$$eval('#rep-charts .rep-stats p', (ps) => ps.map((p) => p.textContent ?? ''));
    expect(stats).toHaveLength(2);
    for (const t of stats) {
      // 20 consortia a run: 200 consortia in 10 runs, and "of them", never "200 runs".
      expect(t).toMatch(
        / — 200 consortia in 10 runs: (every consortium submitted|\d+ of them submitted|no consortium submitted); /,
      );
      expect(t).toMatch(/half of the consortia took/);
      expect(t).not.toMatch(/\b200 runs\b|of 200 runs|every run|no run/);
    }
    const captions = await page.$$eval('#rep-charts figcaption, #rep-charts .caption, #rep-charts p', (ps) =>
      ps.map((p) => p.textContent ?? '').join(' '),
    );
    expect(captions).toContain('Share of consortia by the time they took to write the file');
    expect(captions).toContain('each consortium’s ties cross pillars');
    expect(captions).not.toMatch(/Share of runs|each run’s ties/);
    await page.screenshot({ path: '/tmp/words-national-100runs.png' });
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('A and B lay their consortia on one grid, also when A was first drawn alone in a wider pane', async () => {
    const { page, errors } = await openPage(
      site,
      await stateHash({ a: { preset: 'national', edits: {}, halve: false, custom: null } }),
    );
    const cols = (slot: 'A' | 'B') =>
      page.evaluate(
        (s) =>
          (window as unknown as { __pilotnet: { gridColumns(s: string): number } }).__pilotnet.gridColumns(s),
        slot,
      );
    const alone = await cols('A');
    await page.click('#halve-btn');
    await page.waitForFunction(
      () => {
        const h = (window as unknown as { __pilotnet: Hook }).__pilotnet;
        return h.mode === 'compare' && h.ready && h.months[1] !== null;
      },
      null,
      { timeout: 60_000 },
    );
    await page.waitForTimeout(200);
    const [a, b] = [await cols('A'), await cols('B')];
    expect(a).toBeGreaterThan(1);
    expect(a).toBe(b);
    // The pane is half as wide as it was: the grid took the new shape.
    expect(a).toBeLessThan(alone);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('your consortium (issue 18 item 12)', () => {
  it('a partner list from the file picker puts the organisations on the network and in exports, not in the address', async () => {
    const { page, errors } = await openPage(site, '');
    const sample = join(ROOT, 'scenarios/partners-example.csv');
    const rows = readFileSync(sample, 'utf8').trim().split('\n').length - 1;
    await page.click('#edit-btn');
    await page.setInputFiles('#partners-input', sample);
    await page.waitForFunction((n) => {
      const h = (window as unknown as { __pilotnet: Hook & { actors: number } }).__pilotnet;
      return h.ready && h.actors === n;
    }, rows + 1);
    expect(await page.textContent('#editor')).toMatch(/Partners: 14 from partners-example\.csv/);
    // The editor tells the list's size (not the preset's 40), for the consortium and the group
    // everyone sits in, and the size is the list's to set.
    const size = page.locator('#editor [data-path="composition.size"]');
    expect(await size.inputValue()).toBe(String(rows));
    expect(await size.isDisabled()).toBe(true);
    expect(await page.locator('#editor [data-path="governance.groups[0].size"]').inputValue()).toBe(
      String(rows),
    );
    // The preset's name is not cut by the drawer's edge.
    const [sel, drawer] = await page.evaluate(() =>
      ['#ed-preset', '#editor'].map((q) => document.querySelector(q)!.getBoundingClientRect().right),
    );
    expect(sel).toBeLessThanOrEqual(drawer);
    // The list's make-up, counted from the file, where the preset's mix weights stood greyed.
    const cells = readFileSync(sample, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const pillars = cells.filter((c) => c[2] === 'catholic').length;
    const community = cells.filter((c) => c[3] === 'community').length;
    const mix = (await page.textContent('#ed-list-mix')) ?? '';
    expect(mix).toContain(`Catholic pillar ${pillars}`);
    expect(mix).toContain(`Community ${community}`);
    expect(await page.locator('#editor [data-path^="composition.pillarMix"]').count()).toBe(0);
    // The title says the list is in use rather than "(edited)".
    const title = (await page.textContent('#net-a')) ?? '';
    expect(title).toMatch(/with your partner list/);
    expect(title).not.toMatch(/\(edited\)/);
    await page.keyboard.press('Escape');
    // The names are drawn on the network (labels placed so none overlaps) and carried by the SVG.
    await page.waitForTimeout(400);
    const labels = await page.evaluate(() =>
      (window as unknown as { __pilotnet: { labels(): { text: string }[] } }).__pilotnet
        .labels()
        .map((l) => l.text),
    );
    // No name is drawn twice; the two partners of one name are told apart by their roles (a name
    // that would cover another mark is left off the network, so the SVG's titles are checked).
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.length).toBeGreaterThan(3);
    const svg = (await downloadOf(page, 'svg')).body.toString();
    expect(svg).toContain('<title>Saint Anne hospital (hospital director)');
    expect(svg).toContain('Patients&#39; platform of the region'.replace('&#39;', "'"));
    // Kept on this computer: the address does not carry the list.
    await page.waitForTimeout(400);
    const hash = await page.evaluate(() => location.hash);
    const decoded = await decodeState(hash);
    expect(decoded && 'state' in decoded).toBe(true);
    if (decoded && 'state' in decoded)
      expect(Object.keys(decoded.state.a.edits)).not.toContain('composition.partners');
    // The what-if's B runs the same list, and its title says so beside A's.
    await page.click('#halve-btn');
    await page.waitForSelector('#net-b:not([hidden])');
    await page.waitForFunction(() => (window as unknown as { __pilotnet: Hook }).__pilotnet.ready);
    expect(await page.getAttribute('#net-b .net-preset', 'title')).toBe(
      'A + meetings halved, with your partner list',
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a dropped CSV with mistakes is refused row by row, and the view keeps its partners', async () => {
    const { page, errors } = await openPage(site, '');
    const before = (await hook(page)) as Hook & { actors: number };
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(
        new File(
          ['organisation,role,pillar,care line\nA,nurse,catholic,first line\nB,astronaut,green,first line\n'],
          'ours.csv',
          {
            type: 'text/csv',
          },
        ),
      );
      document.body.dispatchEvent(
        new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
      );
    });
    await page.waitForSelector('#problems:not([hidden])');
    // Told in the partners' words, row by row; the command line's form stays in each line's title.
    const text = (await page.textContent('#problems')) ?? '';
    expect(text).toMatch(/partner list was not loaded/);
    expect(text).toMatch(/row 3: “astronaut” \(role\)/);
    expect(text).toMatch(/row 3: “green” \(pillar\)/);
    const titles = (
      await page.$$eval('#problems li', (lis) => lis.map((l) => l.getAttribute('title') ?? ''))
    ).join('\n');
    expect(titles).toMatch(/ours\.csv: row 3, role: expected one of/);
    expect(titles).toMatch(/ours\.csv: row 3, pillar: expected one of/);
    // The last scenario that ran stays on screen (the hook's ready waits for the problems to go).
    await page.waitForTimeout(500);
    expect(((await hook(page)) as Hook & { actors: number }).actors).toBe(before.actors);
    // Errors here are the page's own console errors, not the refused file's diagnostics.
    expect(errors).toEqual([]);
    await page.close();
  });
});

/**
 * The longest main-thread task (PerformanceObserver 'longtask': every task over 50 ms, else 0) while
 * the page plays for `ms` from the week it is at, and the weeks it played. Space plays and pauses: a
 * key sent to the page runs none of the test driver's own script in it, which would be a task too.
 */
async function longestTaskPlaying(page: Page, ms: number): Promise<{ longest: number; weeks: number }> {
  const from = (await hook(page)).week;
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __seen?: PerformanceObserver };
    w.__long = [];
    w.__seen ??= new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(e.duration);
    });
    w.__seen.observe({ type: 'longtask', buffered: false });
  });
  await page.keyboard.press('Space');
  await page.waitForTimeout(ms);
  await page.keyboard.press('Space');
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  return { longest: Math.max(0, ...long), weeks: (await hook(page)).week - from };
}

describe('no long task during playback (issue 18 item 11)', () => {
  for (const [name, over] of [
    [
      'compare (A and A + meetings halved)',
      { mode: 'compare', whatIf: 'halve', b: { preset: 'default', edits: {}, halve: true, custom: null } },
    ],
    [
      'the national scenario (20 consortia)',
      { a: { preset: 'national', edits: {}, halve: false, custom: null } },
    ],
  ] as const)
    it(`playing ${name} at 8 weeks a second, no main-thread task is over 50 ms`, async () => {
      const { page, errors } = await openPage(site, await stateHash({ ...over, speed: 8 }), {
        width: 1920,
        height: 1080,
      });
      expect(await page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('longtask'))).toBe(
        true,
      );
      // Warm-up (the first frames compile the drawing code), then back to week 0.
      await longestTaskPlaying(page, 1000);
      await page.keyboard.press('Home');
      // The machine is shared: a task the system kept waiting shows as long, so the best of two tries.
      const tries = [];
      for (let i = 0; i < 2; i++) {
        tries.push(await longestTaskPlaying(page, 2500));
        if (tries[i].longest <= 50) break;
      }
      for (const t of tries) expect(t.weeks).toBeGreaterThanOrEqual(8);
      expect(Math.min(...tries.map((t) => t.longest))).toBeLessThanOrEqual(50);
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);
});

describe('axe-core clean (issue 18 item 10)', () => {
  it('no violation of any rule or impact in watch, compare, the editor, presentation at a key moment, and 100 runs before a run', async () => {
    const found: Record<string, string[]> = {};
    const { page, errors } = await openPage(site, await halvedHash());
    found.compare = await axeAll(page);
    await page.click('#edit-btn');
    found.editor = await axeAll(page);
    await page.keyboard.press('Escape');
    await page.click('.tabs [data-tab="outcome"]');
    found.outcome = await axeAll(page);
    await page.click('[data-mode="watch"]');
    found.watch = await axeAll(page);
    await page.click('[data-mode="replicates"]');
    found.replicates = await axeAll(page);
    await page.close();
    const shown = await openPage(site, `?present${await halvedHash()}`, { width: 1366, height: 768 });
    await shown.page.keyboard.press('PageDown');
    await shown.page.waitForTimeout(200);
    found.presentMoment = await axeAll(shown.page);
    await shown.page.close();
    expect(found).toEqual({
      compare: [],
      editor: [],
      outcome: [],
      watch: [],
      replicates: [],
      presentMoment: [],
    });
    expect(errors).toEqual([]);
  });

  it('none either with 100 runs done and across calibrations, in national compare at its end, with a partner list', async () => {
    const found: Record<string, string[]> = {};
    const { page, errors } = await openPage(site, await halvedHash());
    await page.click('[data-mode="replicates"]');
    await page.click('#rep-run');
    await page.waitForSelector('#rep-brief:not([hidden])', { timeout: 60_000 });
    expect(await page.locator('#rep-charts figure, #rep-charts .chart').count()).toBeGreaterThan(1);
    found.replicatesDone = await axeAll(page);
    await page.click('#rep-ensemble-btn');
    await page.waitForSelector('#rep-ensemble .ensemble-chart .axis-title', { timeout: 90_000 });
    // The analysts' detail too: open its disclosure so its table is checked as well.
    await page.click('#rep-ensemble details summary');
    await page.waitForSelector('#rep-ensemble table', { timeout: 10_000 });
    found.acrossCalibrations = await axeAll(page);
    await page.close();
    const national = await openPage(
      site,
      await stateHash({
        mode: 'compare',
        whatIf: 'halve',
        a: { preset: 'national', edits: {}, halve: false, custom: null },
        b: { preset: 'national', edits: {}, halve: true, custom: null },
      }),
    );
    found.national = await axeAll(national.page);
    await national.page.focus('#scrubber');
    await national.page.keyboard.press('End');
    await national.page.waitForTimeout(300);
    found.nationalEnd = await axeAll(national.page);
    await national.page.close();
    const own = await openPage(site, '');
    await own.page.click('#edit-btn');
    await own.page.setInputFiles('#partners-input', join(ROOT, 'scenarios/partners-example.csv'));
    await own.page.waitForFunction(
      () => (window as unknown as { __pilotnet: Hook & { actors: number } }).__pilotnet.actors === 15,
    );
    found.partnerEditor = await axeAll(own.page);
    await own.page.keyboard.press('Escape');
    await own.page.waitForTimeout(300);
    found.partners = await axeAll(own.page);
    await own.page.close();
    expect(found).toEqual({
      replicatesDone: [],
      acrossCalibrations: [],
      national: [],
      nationalEnd: [],
      partnerEditor: [],
      partners: [],
    });
    expect([...errors, ...national.errors, ...own.errors]).toEqual([]);
  }, 240_000);

  it('no symbol on screen needs an emoji font: the log, the badges and the end marks draw their icons', async () => {
    // Characters a browser may draw from a colour-emoji font (✔ ✖ ✉ ⚖ ▶ …), in visible text.
    const pictographs = (page: Page) =>
      page.evaluate(() => {
        const out = new Set<string>();
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode())
          for (const ch of n.textContent?.match(/\p{Extended_Pictographic}/gu) ?? [])
            if (!n.parentElement?.closest('[hidden], script, style')) out.add(ch);
        return [...out];
      });
    const { page, errors } = await openPage(site, await halvedHash());
    expect(await pictographs(page)).toEqual([]);
    await page.focus('#scrubber');
    await page.keyboard.press('End');
    await page.click('.tabs [data-tab="log"]');
    // The log's icons, the badges' and the timeline's end marks are drawn (inline SVG).
    expect(await page.locator('.log .ic svg').count()).toBeGreaterThan(10);
    expect(await page.locator('.net-outcome svg').count()).toBe(2);
    expect(await pictographs(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the focus ring is at least 3:1 against white and the header, and is not clipped on a tab', async () => {
    const { page } = await openPage(site, '');
    await page.focus('.tabs [data-tab="network"]');
    await page.keyboard.press('ArrowRight');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const cs = getComputedStyle(el);
      const tabs = el.closest('.tabs') as HTMLElement;
      const r = el.getBoundingClientRect();
      const t = tabs.getBoundingClientRect();
      const out = Number.parseFloat(cs.outlineWidth) + Number.parseFloat(cs.outlineOffset);
      return {
        colour: cs.outlineColor,
        style: cs.outlineStyle,
        // Drawn inside the tab strip (a scrolling strip would clip what lies outside it).
        inside: r.top - out >= t.top - 0.5 && r.bottom + out <= t.bottom + 0.5,
        overflow: getComputedStyle(tabs).overflow,
      };
    });
    expect(ring.style).not.toBe('none');
    const rgb = ring.colour.match(/\d+/g)!.slice(0, 3).map(Number);
    const lum = (c: number[]) => {
      const [r, g, b] = c.map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a: number[], b: number[]) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    expect(contrast(rgb, [255, 255, 255])).toBeGreaterThanOrEqual(3);
    expect(ring.inside || ring.overflow === 'visible').toBe(true);
    await page.close();
  });
});

describe("the first week's line speaks to the device in hand", { timeout: 120_000 }, () => {
  it('offers the Space key where there is a keyboard, and Tap Play on a phone', async () => {
    const desk = await openPage(site);
    expect(await desk.page.textContent('#net-a .net-news')).toMatch(
      /Press Play \(Space\) to watch them meet\./,
    );
    await desk.page.close();
    const phone = await site.browser.newPage({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    await phone.goto(site.base);
    await whenReady(phone);
    const line = (await phone.textContent('#net-a .net-news')) ?? '';
    expect(line).toMatch(/Tap Play to watch them meet\./);
    expect(line).not.toMatch(/Space/);
    expect(desk.errors).toEqual([]);
    await phone.close();
  });
});
