// Browser tests of the view at the five screen sizes a room uses (a projector, two laptops, a tablet
// and a phone): the charts' end markers on their lines, the national grid filling its pane with every
// consortium numbered, the header's one short line and nothing empty under it, chart words clear of
// the lines, the 100 runs in plain words and large type, and the what-if and the scenario named plainly.
import { csvParse } from 'd3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrawnLabel } from '../../viz/network.ts';
import { downloadOf, halvedHash, openPage, SIZES, type Site, startSite, stateHash } from './harness.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

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

  for (const [width, height] of SIZES)
    it(`presenting a national comparison at ${width}×${height}, "Show consortium 1 large" covers neither the status nor the news`, async () => {
      // At 1366×768 and 1280×800 the status's centred text reached under the button in its row:
      // "Show consortium 1 large onsortia · ★ 0 submitted".
      const { page, errors } = await openPage(
        site,
        `?present${await stateHash({ mode: 'compare', whatIf: 'halve', a: national, b: { ...national, halve: true }, week: 20 })}`,
        { width, height },
      );
      await page.waitForFunction(() => {
        const h = (window as unknown as { __pilotnet: GridHook }).__pilotnet;
        return h.fitted('A') && h.fitted('B');
      });
      await page.waitForTimeout(300);
      const hits = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.cons-index')].flatMap((box) => {
          const b = box.getBoundingClientRect();
          const pane = box.closest('.net-wrap')!;
          return [...pane.querySelectorAll('.net-foot > *')].flatMap((el) => {
            const range = document.createRange();
            range.selectNodeContents(el);
            return [...range.getClientRects()]
              .filter(
                (t) =>
                  t.width > 0 && t.left < b.right && t.right > b.left && t.top < b.bottom && t.bottom > b.top,
              )
              .map(() => `${pane.id}: "${el.textContent}" under the button`);
          });
        }),
      );
      expect(await page.locator('.cons-index:visible').count()).toBe(2);
      expect(hits).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });

  it('presenting a national comparison, every caption names its consortium and a submission counts the field', async () => {
    // "A: The file is submitted — After 11.1 months" read as the whole field's, with 8 of 20
    // submitted on the status line.
    const { page, errors } = await openPage(
      site,
      `?present${await stateHash({ mode: 'compare', whatIf: 'halve', a: national, b: { ...national, halve: true } })}`,
      { width: 1366, height: 768 },
    );
    const captions: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('PageDown');
      await page.waitForTimeout(500);
      captions.push(
        ...(await page.$$eval('#caption, #caption-b', (es) =>
          es.filter((e) => !(e as HTMLElement).hidden).map((e) => e.textContent ?? ''),
        )),
      );
    }
    expect(captions.length).toBeGreaterThan(3);
    for (const c of captions) expect(c).toMatch(/^[AB]: .+ \(consortium 1\) /);
    const submitted = captions.find((c) => c.includes('The file is submitted'));
    expect(submitted).toMatch(/\b\d+ of 20 consortia have submitted by then\./);
    const [done] = submitted!.match(/\d+(?= of 20 consortia)/)!;
    const status = await page.$eval('#net-a .net-outcome', (e) => e.textContent ?? '');
    expect(status).toMatch(new RegExp(`\\s${done} submitted`));
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const [width, height] of [
    [1366, 768],
    [1280, 800],
  ])
    it(`presenting a national comparison in large type at ${width}×${height}, both grids number every consortium`, async () => {
      // B's grid, a few pixels narrower than A's, kept the followed consortium's number alone.
      const { page, errors } = await openPage(
        site,
        `?present${await stateHash({ mode: 'compare', whatIf: 'halve', a: national, b: { ...national, halve: true }, week: 20, large: true })}`,
        { width, height },
      );
      await page.waitForFunction(() => {
        const h = (window as unknown as { __pilotnet: GridHook }).__pilotnet;
        return h.fitted('A') && h.fitted('B');
      });
      await page.waitForTimeout(300);
      const numbered = await page.evaluate(() =>
        (['A', 'B'] as const).map(
          (s) =>
            (window as unknown as { __pilotnet: GridHook }).__pilotnet
              .labels(s)
              .filter((l) => /^(consortium )?\d+$/.test(l.text)).length,
        ),
      );
      expect(numbered).toEqual([20, 20]);
      expect(errors).toEqual([]);
      await page.close();
    });

  it('on a phone the grid keeps its shape week by week as the news line comes and goes', async () => {
    // The followed consortium's news stands at the pane's foot some weeks and not others, with
    // "Show consortium 1 large" raised over it: the grid went from seven columns to ten and back.
    const { page, errors } = await openPage(site, await nationalCompare(), { width: 390, height: 844 });
    await page.focus('#scrubber');
    const seen: { cols: string; news: boolean }[] = [];
    for (let week = 1; week <= 24; week++) {
      await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(150);
      seen.push(
        await page.evaluate(() => {
          const h = (window as unknown as { __pilotnet: GridHook }).__pilotnet;
          const news = [...document.querySelectorAll('.net-news')].some((e) => (e.textContent ?? '') !== '');
          return { cols: `${h.gridColumns('A')}/${h.gridColumns('B')}`, news };
        }),
      );
    }
    // Both kinds of week were seen, and one shape throughout.
    expect(seen.some((s) => s.news)).toBe(true);
    expect(seen.some((s) => !s.news)).toBe(true);
    expect(new Set(seen.map((s) => s.cols))).toEqual(new Set([seen[0].cols]));
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

/** The Network tab's chart words that lie on a data line, the B − A area or the planned end's line. */
const wordsOnData = (page: Page) =>
  page.$$eval('#panel-network .chart-svg', (svgs) =>
    svgs.flatMap((svg) => {
      const title = svg.closest('figure')?.querySelector('h3')?.textContent ?? '';
      // (A vertical line's box has no width: it is shown when it has a height.)
      const shown = (e: Element) =>
        (e.getBoundingClientRect().width > 0 || e.getBoundingClientRect().height > 0) &&
        !e.closest('[visibility="hidden"]') &&
        getComputedStyle(e).visibility !== 'hidden';
      const data = [
        ...svg.querySelectorAll<SVGGeometryElement>('path.series, path.diff-area, line.deadline'),
      ].filter(shown);
      const out: string[] = [];
      for (const t of [...svg.querySelectorAll('text')].filter(shown)) {
        const r = t.getBoundingClientRect();
        const hit = data.find((d) => {
          // A line (the planned end) by its box: a 1.3 px stroke slips between sampled points.
          if (d.tagName === 'line') {
            const b = d.getBoundingClientRect();
            return b.left <= r.right && r.left <= b.right && b.top < r.bottom && r.top < b.bottom;
          }
          const m = d.getScreenCTM()?.inverse();
          if (!m) return false;
          for (let x = r.left + 0.5; x < r.right; x += 2)
            for (let y = r.top + 0.5; y < r.bottom; y += 2) {
              const p = new DOMPoint(x, y).matrixTransform(m);
              if (d.classList.contains('diff-area') ? d.isPointInFill(p) : d.isPointInStroke(p)) return true;
            }
          return false;
        });
        if (hit) out.push(`${title}: "${t.textContent}" on ${hit.getAttribute('class')}`);
      }
      return out;
    }),
  );

describe('the timeline shows the plan’s end', () => {
  it('a firm deadline’s consortium that submits before the plan’s end shows both marks, in order', async () => {
    const hash = await stateHash({ a: { preset: 'firm-deadline', edits: {}, halve: false, custom: null } });
    const { page, errors } = await openPage(site, hash, { width: 1366, height: 768 });
    await page.focus('#scrubber');
    await page.keyboard.press('End');
    await page.waitForSelector('#scrub-marks .mk.submitted', { state: 'attached' });
    const marks = await page.$$eval('#scrub-marks .mk', (ms) =>
      ms.map((m) => ({
        cls: m.className,
        x: m.getBoundingClientRect().left,
        title: m.getAttribute('title'),
      })),
    );
    const plan = marks.find((m) => m.cls.includes('deadline'));
    const end = marks.find((m) => m.cls.includes('submitted'));
    const weekOf = (t: string | null | undefined) => Number(/week (\d+)/.exec(t ?? '')?.[1]);
    expect(plan?.title).toMatch(/^planned end/);
    // This scenario's run ends before its plan does: the plan's mark lies right of the end's.
    expect(weekOf(end?.title)).toBeLessThan(weekOf(plan?.title));
    expect(plan!.x).toBeGreaterThan(end!.x);
    // The scrubber still stops at the run's last week.
    expect(Number(await page.inputValue('#scrubber'))).toBe(weekOf(end?.title));
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the SVG export names partners as the tooltip does', () => {
  it('no two actors of the default consortium share a title in the picture', async () => {
    const { page, errors } = await openPage(site, await stateHash({ week: 12 }), {
      width: 1366,
      height: 768,
    });
    const svg = (await downloadOf(page, 'svg')).body.toString();
    const titles = [...svg.matchAll(/<(?:circle|rect|polygon) [^>]*><title>([^<]*)<\/title>/g)].map(
      (m) => m[1],
    );
    expect(titles.length).toBeGreaterThanOrEqual(30);
    expect(new Set(titles).size).toBe(titles.length);
    // Told apart as on screen: a shared role by its pillar, then by a number.
    expect(titles.some((t) => /\((Catholic|socialist|liberal|public)[^)]*\)$/i.test(t))).toBe(true);
    expect(titles).toContain('coordinator');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('an export titles each network by the week it shows', () => {
  it('past A’s end, A is titled by its last week and B by the week on screen', async () => {
    const { page, errors } = await openPage(site, await halvedHash(0), { width: 1366, height: 768 });
    const [a, b] = await page.evaluate(
      () => (window as unknown as { __pilotnet: { lastWeeks: number[] } }).__pilotnet.lastWeeks,
    );
    // This seed's B ends after A: at B's end, A has stood still for some weeks.
    expect(b).toBeGreaterThan(a);
    await page.focus('#scrubber');
    await page.keyboard.press('End');
    await page.waitForFunction(
      (w) => (window as unknown as { __pilotnet: { week: number } }).__pilotnet.week === w,
      b,
    );
    const svg = (await downloadOf(page, 'svg')).body.toString();
    const title = /<title>([^<]*)<\/title>/.exec(svg)?.[1] ?? '';
    const [ta, tb] = title.split(' | ');
    expect(ta).toMatch(new RegExp(`^A: .* — week ${a}, its last \\(`));
    expect(tb).toMatch(new RegExp(`^B: .* — week ${b} \\(`));
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('presenting, the weekly series stops where the room is', () => {
  it('at week 13 before the end, the CSV ends at week 13 and the menu says so; once the end is told, it is whole', async () => {
    const { page, errors } = await openPage(site, `?present${await stateHash({ present: true, week: 13 })}`, {
      width: 1366,
      height: 768,
    });
    const viewWeeks = (csv: string) => csvParse(csv).map((r) => Number(r.view_week));
    const cut = await downloadOf(page, 'csv');
    expect(await page.textContent('[data-export="csv"]')).toBe('Weekly series up to week 13 (CSV)');
    expect(cut.name).toMatch(/-weekly-to-week-13\.csv$/);
    expect(Math.max(...viewWeeks(cut.body.toString()))).toBe(13);
    await page.keyboard.press('Escape');
    // The end reached (End, asked twice), the series is the whole run's.
    await page.focus('#scrubber');
    await page.keyboard.press('End');
    await page.keyboard.press('End');
    const last = await page.evaluate(
      () => (window as unknown as { __pilotnet: { lastWeeks: number[] } }).__pilotnet.lastWeeks[0],
    );
    await page.waitForFunction(
      (w) => (window as unknown as { __pilotnet: { week: number } }).__pilotnet.week === w,
      last,
    );
    const whole = await downloadOf(page, 'csv');
    expect(whole.name).toMatch(/-weekly\.csv$/);
    expect(Math.max(...viewWeeks(whole.body.toString()))).toBe(last);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the week’s cursor on the charts', () => {
  it('in a comparison, runs down the plot and the B − A strip, never through the week axis’s labels', async () => {
    const { page, errors } = await openPage(site, await halvedHash(30), { width: 1366, height: 768 });
    await page.waitForSelector('#panel-network figure.chart .diff-strip line.cursor', { state: 'attached' });
    const charts = await page.$$eval('#panel-network figure.chart', (figs) =>
      figs.map((f) => {
        const box = (e: Element) => e.getBoundingClientRect();
        const cursors = [...f.querySelectorAll('line.cursor')].map(box).filter((b) => b.height > 0);
        const labels = [...f.querySelectorAll('.axis .tick text')].map(box);
        return {
          title: f.querySelector('h3')?.textContent ?? '',
          cursors: cursors.map((b) => ({ x: b.left + b.width / 2, top: b.top, bottom: b.bottom })),
          struck: labels.filter((l) =>
            cursors.some(
              (c) => c.left <= l.right && l.left <= c.right && c.top < l.bottom && l.top < c.bottom,
            ),
          ).length,
        };
      }),
    );
    const stripped = charts.filter((c) => c.cursors.length === 2);
    expect(stripped.length).toBeGreaterThanOrEqual(2);
    for (const c of charts) {
      expect(c.struck, c.title).toBe(0);
      // The strip's cursor stands under the plot's, at the same week.
      if (c.cursors.length === 2) expect(Math.abs(c.cursors[0].x - c.cursors[1].x), c.title).toBeLessThan(1);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('chart words lie clear of the data', () => {
  for (const [width, height] of SIZES)
    for (const present of ['', '?present'])
      it(`compare at its end${present ? ', presenting' : ''}, ${width}×${height}: no word on a line, the B − A area or the planned end`, async () => {
        const { page, errors } = await openPage(site, `${present}${await halvedHash()}`, { width, height });
        await page.focus('#scrubber');
        await page.keyboard.press('End');
        await page.waitForTimeout(400);
        expect(await wordsOnData(page)).toEqual([]);
        expect(errors).toEqual([]);
        await page.close();
      });
});

describe('the header says the answer in one short line, with nothing empty under it', () => {
  for (const [width, height] of SIZES)
    for (const [what, hash] of [
      ['national compare', nationalCompare],
      ['compare', () => halvedHash()],
    ] as const)
      it(`${what} at ${width}×${height}, before and at the end`, async () => {
        const { page, errors } = await openPage(site, await hash(), { width, height });
        const measure = () =>
          page.evaluate(() => {
            const top = document.querySelector('header.top')!.getBoundingClientRect();
            const tagline = document.getElementById('tagline')!;
            const box = tagline.parentElement!.getBoundingClientRect();
            const kids = [...document.querySelectorAll('header.top > *')]
              .filter((e) => e.getBoundingClientRect().height > 0 && e.id !== 'toast')
              .map((e) => e.getBoundingClientRect().bottom);
            const lh = Number.parseFloat(getComputedStyle(tagline).lineHeight) || 18;
            return {
              lines: tagline.getClientRects().length,
              shown: box.height > 0,
              boxLines: box.height / lh,
              // The dark band under the header's last row of content.
              empty: top.bottom - Math.max(...kids),
              text: tagline.textContent ?? '',
              title: tagline.parentElement!.getAttribute('title') ?? '',
            };
          });
        const before = await measure();
        await page.focus('#scrubber');
        await page.keyboard.press('End');
        await page.waitForTimeout(400);
        const after = await measure();
        console.log(`${what} ${width}×${height}: ${JSON.stringify({ before, after })}`);
        for (const m of [before, after]) {
          if (m.shown) {
            expect(m.lines, m.text).toBeLessThanOrEqual(1);
            expect(m.boxLines, 'no room kept for more lines').toBeLessThan(1.9);
          }
          expect(m.empty, 'no empty band under the header').toBeLessThan(14);
        }
        if (after.shown) {
          expect(after.text).toMatch(/B/);
          expect(after.title).toMatch(/^This run: /);
          // Beside the clock's month, a national figure always says it is a median.
          if (what === 'national compare') expect(after.text).toMatch(/median/);
        }
        expect(errors).toEqual([]);
        await page.close();
      });
});

describe('the 100 runs speak plainly and use the screen', () => {
  it('at 1920×1080, watching and presenting: wide charts, large type, partners’ words', async () => {
    const { page, errors } = await openPage(site, await halvedHash(), { width: 1920, height: 1080 });
    // The run on screen watched to its end: its answer is in the header, until the 100 runs show.
    await page.focus('#scrubber');
    await page.keyboard.press('End');
    await page.waitForFunction(() => /This run/.test(document.getElementById('tagline')?.textContent ?? ''));
    await page.click('[data-mode="replicates"]');
    await page.fill('#rep-count', '20');
    await page.dispatchEvent('#rep-count', 'change');
    await page.click('#rep-run');
    await page.waitForSelector('#rep-ensemble-btn:not([hidden])', { timeout: 90_000 });
    await page.click('#rep-ensemble-btn');
    await page.waitForSelector('#rep-ensemble .ensemble-chart .axis-title', { timeout: 90_000 });
    // What a reader sees (innerText leaves out the analysts' folded detail).
    // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is what is tested.
    const words = await page.$eval('#replicates', (e) => (e as HTMLElement).innerText);
    expect(words).not.toMatch(/other ways/);
    expect(words).not.toMatch(/submitted in \d+%/);
    expect(words).not.toMatch(/between [\d.]+ [a-z ]+ (less|fewer|shorter)[a-z ]* and /);
    expect(words).not.toMatch(/calibrat|posterior|fit the study|different seeds/i);
    expect(words).toMatch(/every run submitted|\d+ of \d+ runs submitted|no run submitted/);
    // The header tells no single run's answer beside the page's "usually it took …".
    const header = await page.$eval('#tagline', (e) => e.textContent ?? '');
    expect(header).not.toMatch(/This run|months/);
    expect(await page.$eval('#reveal-btn', (e) => (e as HTMLElement).hidden)).toBe(true);
    for (const present of [false, true]) {
      if (present) {
        await page.click('#present-btn');
        await page.waitForTimeout(500);
      }
      const room = await page.evaluate(() => {
        const charts = [...document.querySelectorAll('#rep-charts .chart')]
          .filter((c) => !c.classList.contains('rep-stats'))
          .map((c) => c.getBoundingClientRect());
        const svg = document.querySelector('#rep-ensemble .ensemble-chart svg')!.getBoundingClientRect();
        const texts = [...document.querySelectorAll('#replicates *')]
          .filter((e) => {
            const r = e.getBoundingClientRect();
            return (
              r.width > 0 &&
              [...e.childNodes].some((n) => n.nodeType === 3 && (n.textContent ?? '').trim()) &&
              !e.closest('details:not([open]) > :not(summary)')
            );
          })
          .map((e) => ({
            t: (e.textContent ?? '').slice(0, 30),
            px: Number.parseFloat(getComputedStyle(e).fontSize),
          }));
        return {
          right: Math.max(...charts.map((c) => c.right)),
          chartWidth: Math.min(...charts.map((c) => c.width)),
          rangeWidth: svg.width,
          small: texts.filter((t) => t.px < 18).slice(0, 5),
          smallest: Math.min(...texts.map((t) => t.px)),
        };
      });
      console.log(`100 runs 1920×1080${present ? ' presenting' : ''}: ${JSON.stringify(room)}`);
      // The three charts share the width (they took three fifths of it).
      expect(room.right).toBeGreaterThan(1700);
      expect(room.chartWidth).toBeGreaterThan(500);
      expect(room.rangeWidth).toBeGreaterThan(700);
      if (present) expect(room.small).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});

describe('the what-if and the scenario are named plainly', () => {
  it('B is A with the change; the default scenario has a partner’s name, its figure in a tooltip', async () => {
    const { page, errors } = await openPage(site, await stateHash({}));
    expect(await page.textContent('#net-a .net-title')).not.toMatch(/Figure/);
    expect(await page.getAttribute('#net-a .net-preset option[value="default"]', 'title')).toMatch(
      /Figure 1/,
    );
    await page.click('#halve-btn');
    await page.waitForSelector('#toast:not([hidden])');
    expect(await page.textContent('#toast')).toMatch(
      /^B is a copy of A with one change: half as many meetings/,
    );
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('A and B of a comparison drawn at one scale', () => {
  for (const [width, height] of SIZES)
    it(`at its first week, ${width}×${height}: the same partners at the same size in both panes`, async () => {
      // Only A tells who the partners are at week 0, and that line at A's foot drew A smaller than B.
      const { page, errors } = await openPage(site, await halvedHash(0), { width, height });
      await page.waitForFunction(() => {
        const h = (window as unknown as { __pilotnet: GridHook }).__pilotnet;
        return h.fitted('A') && h.fitted('B');
      });
      await page.waitForTimeout(300);
      const news = await page.$$eval('.net-news', (es) => es.map((e) => e.textContent ?? ''));
      expect(news[0]).toMatch(/partners and a coordinator/);
      const [a, b] = await page.evaluate(() => {
        const h = (window as unknown as { __pilotnet: GridHook }).__pilotnet;
        return [h.scale('A'), h.scale('B')];
      });
      expect(Math.abs(a - b) / a).toBeLessThan(0.01);
      expect(errors).toEqual([]);
      await page.close();
    });
});
