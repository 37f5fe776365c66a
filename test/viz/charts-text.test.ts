// Browser tests of the charts, the timeline and the words on screen, as a facilitator reviewed them
// at a projector, laptops and a phone: no analyst's jargon outside the analysts' details, chart
// labels clear of the bars and inside their charts, titles and tabs whole, every legal form's share
// written, and no axis that tells when the run ends.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PILLAR_COLOURS } from '../../viz/marks.ts';
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
        // Every line drawn to the end: no clip, or one that reaches the axis's right end (the clip
        // starts at the plot's left edge, right of the value axis's labels).
        const cut = await page.$$eval('#panel-network .chart-svg', (svgs) =>
          svgs.filter((svg) => {
            const rect = svg.querySelector('clipPath rect');
            const d = svg.querySelector('.axis .domain')!.getAttribute('d')!;
            const right = Number(/H([\d.]+)/.exec(d)![1]);
            return rect && Number(rect.getAttribute('x')) + Number(rect.getAttribute('width')) < right;
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

/** The analysts' words that must not reach the screen outside their details and tooltips. */
const JARGON = /E-I|modularity|replicate|§|brokerage|betweenness/i;
/** Visible text: innerText leaves out what is hidden and the inside of a closed <details>. */
const visibleText = (page: Page) =>
  // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is what is tested.
  page.evaluate(() => document.body.innerText);

/** Titles whose text does not fit their box (cut or ellipsised), and pickers showing a name. */
const cutTitles = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const sel = '.net-head, .net-title, .chart h3, h1, h2, .brand .tagline, .tabs [role="tab"]';
    for (const e of document.querySelectorAll<HTMLElement>(sel)) {
      const r = e.getBoundingClientRect();
      if (!r.width || e.closest('[hidden], .visually-hidden')) continue;
      if (e.scrollWidth > e.clientWidth + 1) out.push(`${e.className}: ${e.textContent}`);
    }
    // A picker cannot wrap: one that shows the name must show it whole.
    const ctx = document.createElement('canvas').getContext('2d')!;
    for (const s of document.querySelectorAll<HTMLSelectElement>('.net-preset')) {
      const cs = getComputedStyle(s);
      if (s.closest('[hidden]') || Number(cs.opacity) === 0) continue;
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const text = s.selectedOptions[0]?.text ?? '';
      if (ctx.measureText(text).width + 24 > s.clientWidth) out.push(`picker: ${text}`);
    }
    return out;
  });

describe('words and titles on screen', () => {
  it('no analyst jargon in the visible text of any tab, watching or comparing, and the terms stay in tooltips', async () => {
    for (const hash of [await stateHash({ week: 20 }), await halvedHash(20)]) {
      const { page, errors } = await openPage(site, hash);
      for (const tab of ['network', 'controversies', 'file', 'log', 'outcome']) {
        await page.click(`.tabs [data-tab="${tab}"]`);
        const text = await visibleText(page);
        expect(`${tab}: ${text.match(JARGON)?.[0] ?? 'none'}`).toBe(`${tab}: none`);
      }
      // The analysts' names are kept, as tooltips of the chart titles and of the outcome rows.
      expect(await page.$$eval('[title]', (es) => es.map((e) => e.getAttribute('title')).join(' '))).toMatch(
        /E-I index.*Modularity|Modularity.*E-I index/s,
      );
      await page.click('#edit-btn');
      expect((await visibleText(page)).match(JARGON)?.[0] ?? 'none').toBe('none');
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  for (const [width, height] of [
    [1024, 768],
    [1280, 800],
    [1920, 1080],
    [390, 844],
  ] as const)
    it(`at ${width}×${height} every title is whole, the tabs lie on one line, and no legend stays under the pinned timeline`, async () => {
      for (const present of ['', '?present']) {
        const { page, errors } = await openPage(site, `${present}${await halvedHash(20)}`, { width, height });
        expect(await cutTitles(page)).toEqual([]);
        // The name on screen is the scenario's whole name, and the picker lies over it.
        for (const slot of ['a', 'b']) {
          const [shown, picked] = await page.$eval(`#net-${slot} .net-head`, (h) => [
            h.querySelector('.net-title')?.textContent ?? '',
            h.querySelector('select')?.title ?? '',
          ]);
          expect(shown).toBe(picked);
        }
        if (width >= 1024) {
          // Presenting a comparison under 1180 px the column is folded: its tabs are read unfolded.
          if (await page.isVisible('#charts-btn')) await page.click('#charts-btn');
          const tabs = await page.$$eval('.tabs [role="tab"]', (ts) =>
            ts.map((t) => {
              const cs = getComputedStyle(t);
              const line = Number.parseFloat(cs.lineHeight) || 1.2 * Number.parseFloat(cs.fontSize);
              const frame =
                Number.parseFloat(cs.paddingTop) +
                Number.parseFloat(cs.paddingBottom) +
                Number.parseFloat(cs.borderTopWidth) +
                Number.parseFloat(cs.borderBottomWidth);
              const r = t.getBoundingClientRect();
              return {
                text: t.textContent,
                top: Math.round(r.top),
                lines: Math.round((r.height - frame) / line),
              };
            }),
          );
          for (const t of tabs)
            expect(`${t.text}: ${t.lines} line, top ${t.top}`).toBe(`${t.text}: 1 line, top ${tabs[0].top}`);
        } else {
          // On the phone the timeline is pinned to the bottom: a legend scrolled to stays clear of it.
          for (const sel of ['#legend', '#panel-network .legend-row']) {
            await page.evaluate(() => window.scrollTo(0, 0));
            const hit = await page.$eval(sel, (l) => {
              l.scrollIntoView({ block: 'nearest' });
              const r = l.getBoundingClientRect();
              const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              return l.contains(top)
                ? 'clear'
                : `under ${top?.closest('footer, header, section, aside')?.className}`;
            });
            expect(`${sel}: ${hit}`).toBe(`${sel}: clear`);
          }
        }
        expect(errors).toEqual([]);
        await page.close();
      }
    });
});

/** Texts of the charts under `root` whose box leaves their svg. */
const textsOutside = (page: Page, root: string) =>
  page.$$eval(`${root} svg`, (svgs) =>
    svgs.flatMap((svg) => {
      const b = svg.getBoundingClientRect();
      if (!b.width) return [];
      return [...svg.querySelectorAll('text')]
        .map((t) => ({ t, r: t.getBoundingClientRect() }))
        .filter(
          ({ r }) =>
            r.width > 0 &&
            (r.left < b.left - 0.5 ||
              r.right > b.right + 0.5 ||
              r.top < b.top - 0.5 ||
              r.bottom > b.bottom + 0.5),
        )
        .map(({ t }) => t.textContent ?? '');
    }),
  );

/**
 * The Network tab's chart texts that overlap one another (by more than 1 px each way), and the
 * reference note ("half the ties cross") where a line runs through its box: points along each
 * line, taken to page pixels, within the note's box.
 */
const chartClashes = (page: Page) =>
  page.$$eval('#panel-network .chart-svg', (svgs) =>
    svgs.flatMap((svg) => {
      const shown = (e: Element) => {
        const r = e.getBoundingClientRect();
        return (
          r.width > 0 &&
          r.height > 0 &&
          !e.closest('[visibility="hidden"]') &&
          getComputedStyle(e).visibility !== 'hidden'
        );
      };
      const texts = [...svg.querySelectorAll('text')].filter(shown);
      const out: string[] = [];
      for (let i = 0; i < texts.length; i++)
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i].getBoundingClientRect();
          const b = texts[j].getBoundingClientRect();
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 1 && h > 1)
            out.push(
              `"${texts[i].textContent}" × "${texts[j].textContent}" (${w.toFixed(0)}×${h.toFixed(0)})`,
            );
        }
      for (const note of [...svg.querySelectorAll('.reference-label')].filter(shown)) {
        const r = note.getBoundingClientRect();
        for (const path of svg.querySelectorAll<SVGPathElement>('path.series')) {
          const m = path.getScreenCTM();
          const len = path.getTotalLength();
          if (!m || !len) continue;
          for (let d = 0; d <= len; d += 1) {
            const p = path.getPointAtLength(d).matrixTransform(m);
            if (p.x > r.left && p.x < r.right && p.y > r.top && p.y < r.bottom) {
              out.push(`"${note.textContent}" on a line at (${p.x.toFixed(0)}, ${p.y.toFixed(0)})`);
              break;
            }
          }
        }
      }
      return out;
    }),
  );

describe('charts that keep their words whole', () => {
  it('presenting, from 1920 to 1024 px wide, no two chart texts overlap ("0 mo" and "−1.0" did) and the note lies on no line', async () => {
    const sizes = [
      [1920, 1080],
      [1366, 768],
      [1280, 800],
      [1024, 768],
    ] as const;
    for (const [preset, week] of [
      ['default', 20],
      ['national', 20],
    ] as const) {
      const hash = await stateHash({ a: { preset, edits: {}, halve: false, custom: null }, week });
      const { page, errors } = await openPage(site, `?present${hash}`, { width: 1920, height: 1080 });
      for (const [width, height] of sizes) {
        await page.setViewportSize({ width, height });
        await page.waitForTimeout(400);
        expect(`${preset} ${width}: ${(await chartClashes(page)).join('; ')}`).toBe(`${preset} ${width}: `);
      }
      // The charts were there to measure: three of them, with their axes' labels.
      expect(await page.locator('#panel-network .chart-svg .tick text').count()).toBeGreaterThan(9);
      // The share of possible ties that exist reads in per cent, as in the Outcome tab ("0.1" had no unit).
      const density = await page.$$eval('#panel-network .chart:nth-of-type(3) .chart-svg .tick text', (ts) =>
        ts.map((t) => t.textContent ?? ''),
      );
      expect(density.filter((t) => /^\d+%$/.test(t)).length, density.join(' ')).toBeGreaterThan(1);
      // In the national view the news line names the consortium it tells of (the one followed),
      // and only its news of the last two weeks (faded news six weeks old read as stale).
      if (preset === 'national') {
        const line = (await page.textContent('#net-a .net-news')) ?? '';
        const m = line.match(/^Week (\d+) · Consortium 1: /);
        expect(line === '' || m !== null, line).toBe(true);
        if (m) expect(Number(m[1]), line).toBeGreaterThanOrEqual(week - 2);
      }
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 240_000);

  it('presenting, "Are the pillars still separate camps?" reads its value axis in words, as the chart above it does, and the Outcome tab reads it alike', async () => {
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      const { page, errors } = await openPage(site, `?present${await stateHash({ week: 45 })}`, {
        width,
        height,
      });
      const camps = () =>
        page.$$eval('#panel-network figure.chart', (figs) => {
          const fig = figs.find((f) => /separate camps/.test(f.querySelector('h3')?.textContent ?? ''))!;
          const value = fig.querySelectorAll('.chart-svg .axis')[1];
          return {
            words: [...value.querySelectorAll('.tick')]
              .map((t) => ({ text: t.textContent ?? '', y: t.getBoundingClientRect().top }))
              .sort((a, b) => a.y - b.y)
              .map((t) => t.text),
            figures: [...fig.querySelectorAll('.tick text')]
              .map((t) => t.textContent ?? '')
              .filter((t) => /^[−-]?\d*\.\d+$/.test(t)),
          };
        });
      // Top to bottom, "more apart" over "mixed" (0); no bare 0.0 / 0.2 / 0.4.
      expect(await camps()).toEqual({ words: ['more apart', 'mixed'], figures: [] });
      expect(`${width}: ${(await chartClashes(page)).join('; ')}`).toBe(`${width}: `);
      expect(await textsOutside(page, '#panel-network')).toEqual([]);
      // Its words take no more height than its figures did: the three charts still share the column
      // whole (taller by two lines, it pushed the third below the column's foot at 1366×768).
      const hint = page.locator('#panel-network + .more-below');
      expect(await hint.count()).toBe(1);
      expect(await hint.isHidden()).toBe(true);
      await page.screenshot({ path: `/tmp/words-camps-${width}.png` });
      expect(errors).toEqual([]);
      await page.close();
    }
    // The Outcome tab's row says what its figure means in the chart's words.
    const { page, errors } = await openPage(site, await stateHash({ week: 60 }), {
      width: 1366,
      height: 768,
    });
    await page.focus('#scrubber');
    await page.keyboard.press('End');
    await page.evaluate(() => document.getElementById('reveal-btn')?.click());
    await page.click('.tabs [data-tab="outcome"]');
    const labels = await page.$$eval('#summary-table tbody tr td:first-child', (tds) =>
      tds.map((td) => td.textContent ?? ''),
    );
    expect(labels).toContain('How separate the pillars stay at the end (0 = mixed, higher = more apart)');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('in presentation and large type, the Network tab’s texts lie inside their charts', async () => {
    for (const large of [false, true]) {
      const { page } = await openPage(site, `?present${await stateHash({ week: 20, large })}`, {
        width: 1280,
        height: 800,
      });
      expect(await textsOutside(page, '#panel-network')).toEqual([]);
      await page.close();
    }
  });

  it('100 runs: labels clear of the bars, texts inside their charts, every legal form’s share written, plain words', async () => {
    const { page, errors } = await openPage(site, await halvedHash());
    await page.click('[data-mode="replicates"]');
    await page.fill('#rep-count', '40');
    await page.dispatchEvent('#rep-count', 'change');
    await page.click('#rep-run');
    await page.waitForSelector('#rep-ensemble-btn:not([hidden])', { timeout: 90_000 });
    // The line's label ("balanced", "planned") never lies on a bar.
    const onBars = await page.$$eval('#rep-charts .histogram svg', (svgs) =>
      svgs.flatMap((svg) => {
        const labels = [...svg.querySelectorAll('.reference-label')].map((l) => l.getBoundingClientRect());
        return [...svg.querySelectorAll('rect')]
          .map((b) => b.getBoundingClientRect())
          .filter((b) => b.height > 0)
          .flatMap((b) =>
            labels
              .filter((l) => l.left < b.right && b.left < l.right && l.top < b.bottom && b.top < l.bottom)
              .map(() => svg.parentElement?.querySelector('h3')?.textContent ?? ''),
          );
      }),
    );
    expect(onBars).toEqual([]);
    expect(await page.locator('#rep-charts .histogram .reference-label').count()).toBe(2);
    expect(await textsOutside(page, '#rep-charts')).toEqual([]);
    // The mixing chart speaks as the network tab does: the share of ties across, half marked, no −1 … +1.
    const mixed = await page.$$eval('#rep-charts .histogram', (figs) =>
      figs.map((f) => f.textContent ?? '').find((t) => t.startsWith('How mixed')),
    );
    expect(mixed).toMatch(/half across/);
    expect(mixed).toMatch(/% of ties across pillars/);
    expect(mixed).not.toMatch(/[−-]1|\+1|balanced/);
    // Each form in each bar: its share written, inside its segment where it fits, and under the bar.
    const forms = await page.$$eval('#rep-charts .share-row', (rows) =>
      rows.flatMap((row) =>
        [...row.querySelectorAll<HTMLElement>('.share-seg')].map((seg) => {
          const share = seg.title.replace(/^.*: /, '');
          const key = row.querySelector<HTMLElement>(`.share-key [data-key="${seg.dataset.key}"]`);
          const box = key?.getBoundingClientRect();
          return {
            share,
            colour: getComputedStyle(seg).backgroundColor,
            width: seg.getBoundingClientRect().width,
            inside: seg.textContent === share && seg.scrollWidth <= seg.clientWidth,
            key: key?.textContent ?? '',
            readable: !!box && box.width > 0 && Number.parseFloat(getComputedStyle(key!).fontSize) >= 11,
          };
        }),
      ),
    );
    expect(forms.length).toBeGreaterThan(2);
    // No legal form wears a pillar's colour (the network's legend gives those to the pillars), nor
    // A's or B's (the page's legend gives those to the runs).
    const pillars = [...Object.values(PILLAR_COLOURS), '#1f2937', '#b45309'].map((c) => {
      const n = Number.parseInt(c.slice(1), 16);
      return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
    });
    for (const f of forms) expect(pillars, JSON.stringify(f)).not.toContain(f.colour);
    for (const f of forms) {
      expect(f.key.endsWith(` ${f.share}`), JSON.stringify(f)).toBe(true);
      expect(f.readable).toBe(true);
      if (f.width > 40) expect(f.inside, JSON.stringify(f)).toBe(true);
    }
    await page.click('#rep-ensemble-btn');
    await page.waitForSelector('#rep-ensemble .ensemble-chart .axis-title', { timeout: 90_000 });
    expect(await textsOutside(page, '#rep-ensemble')).toEqual([]);
    expect((await visibleText(page)).match(JARGON)?.[0] ?? 'none').toBe('none');
    expect(await visibleText(page)).not.toMatch(/no clear difference[^.;]*% of the settings say/);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});
