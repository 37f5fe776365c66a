// A consortium of a handful on a laptop or projector at a device pixel ratio of 1, and the partner's
// tooltip. The fit zooms a small consortium fourfold: its labels were 4 px fonts scaled up ("coord
// in ator") and its partners 9 px dots. The tooltip said "Organisation #23", an unexplained
// "Engagement 59%", ties as decimals to two alike names ("hospital director (0.42), hospital
// director (0.42)"), and its colour chip was a square for every partner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, type PaneHook, type Site, startSite, stateHash, whenFitted } from './harness.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

const sized = (size: number, halve = false) => ({
  preset: 'default',
  edits: { 'composition.size': size },
  halve,
  custom: null,
});

describe('a consortium of a handful at a device pixel ratio of 1', () => {
  it('sets the coordinator’s label at a sane size in CSS px and draws its partners’ marks no smaller than 6 px', async () => {
    for (const [mode, size] of [
      ['watch', 3],
      ['compare', 3],
      ['compare', 5],
    ] as const) {
      const compare = mode === 'compare';
      const hash = await stateHash({
        mode,
        week: 0,
        a: sized(size),
        ...(compare ? { whatIf: 'halve', b: sized(size, true) } : {}),
      });
      const { page, errors } = await openPage(site, hash, { width: 1366, height: 768 });
      const slots: ('A' | 'B')[] = compare ? ['A', 'B'] : ['A'];
      await whenFitted(page, slots);
      for (const slot of slots) {
        const { labels, marks } = await page.evaluate((s) => {
          const h = (window as unknown as { __pilotnet: PaneHook }).__pilotnet;
          return { labels: h.labels(s), marks: h.marks(s) };
        }, slot);
        const where = `${mode}, ${size} partners, ${slot}`;
        const coordinator = labels.find((l) => l.text === 'coordinator');
        expect(coordinator, where).toBeDefined();
        const px = Number.parseFloat(coordinator!.font.split(' ')[1]);
        // Set at its size on screen: between the page's small type and a heading's.
        expect(px, where).toBeGreaterThanOrEqual(13);
        expect(px, where).toBeLessThanOrEqual(32);
        expect(coordinator!.bottom - coordinator!.top, where).toBeCloseTo(px, 0);
        // Its box as wide as the word set at that size (about half an em a letter, or more).
        expect(coordinator!.right - coordinator!.left, where).toBeGreaterThan(
          0.45 * px * 'coordinator'.length,
        );
        expect(marks.length, where).toBe(size + 1);
        for (const m of marks) expect(m.r, where).toBeGreaterThanOrEqual(6);
      }
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});

describe('the partner’s tooltip', () => {
  it('names partners apart, says taking part and ties in words, and draws the partner’s own shape', async () => {
    const { page, errors } = await openPage(site, await stateHash({ week: 20 }), {
      width: 1366,
      height: 768,
    });
    await whenFitted(page, ['A']);
    const marks = await page.evaluate(() =>
      (window as unknown as { __pilotnet: PaneHook }).__pilotnet.marks('A'),
    );
    const c = (await page.locator('#net-a canvas').boundingBox())!;
    const shapes = new Set<string>();
    const heads = new Set<string>();
    let partners = 0;
    let coordinators = 0;
    for (const m of marks) {
      // Marks too near another's hover radius are skipped: the tooltip would be the other's.
      if (marks.some((o) => o !== m && Math.hypot(o.x - m.x, o.y - m.y) < 20)) continue;
      await page.mouse.move(c.x + m.x, c.y + m.y);
      await page.waitForSelector('#tooltip:not([hidden])');
      const t = await page.$eval('#tooltip', (tip) => {
        const text = (tip.textContent ?? '').replace(/\s+/g, ' ');
        const svg = tip.querySelector('h4 svg');
        const shape = svg?.getAttribute('data-shape') ?? '';
        const drawn = svg?.firstElementChild?.tagName ?? '';
        const rect = svg?.getBoundingClientRect();
        const ties = [...tip.querySelectorAll('.ties')].map((e) => e.textContent ?? '').join('');
        const metas = [...tip.querySelectorAll('.meta')].map((e) => e.textContent ?? '');
        const pos = [...tip.querySelectorAll<HTMLElement>('.pos .track')].map((t) => ({
          left: Number.parseFloat(t.querySelector<HTMLElement>('.dot')?.style.left ?? 'NaN'),
          lean: t.nextElementSibling?.classList.contains('lean')
            ? (t.nextElementSibling.textContent ?? '')
            : '',
        }));
        return {
          pos,
          text,
          h4: tip.querySelector('h4')?.textContent ?? '',
          shape,
          drawn,
          w: rect?.width ?? 0,
          ties,
          metas,
        };
      });
      expect(t.text, t.h4).not.toContain('#');
      // Each debate's bar says where the partner stands in its poles' words, true to the dot.
      expect(t.pos.length, t.h4).toBeGreaterThanOrEqual(5);
      for (const p of t.pos) {
        expect(p.lean, `${t.h4} at ${p.left}%`).not.toBe('');
        // (The dot's place is rounded to a tenth of a per cent: a bound's neighbours are let be.)
        if ([35, 45, 55, 65].some((b) => Math.abs(p.left - b) <= 0.1)) continue;
        if (p.left < 35) expect(p.lean).not.toMatch(/^(leaning|a middle)/);
        else if (p.left < 45) expect(p.lean).toMatch(/^leaning to /);
        else if (p.left <= 55) expect(p.lean).toBe('a middle way');
      }
      expect(t.text, t.h4).not.toMatch(/\d\.\d/);
      // The chip is the partner's mark: its care line's shape, drawn, and seen.
      const line = t.metas[0];
      const want = /First line/.test(line) ? 'circle' : /Second line/.test(line) ? 'square' : 'triangle';
      expect(t.shape, `${t.h4}: ${line}`).toBe(want);
      expect(t.drawn, t.h4).toBe(want === 'circle' ? 'circle' : want === 'square' ? 'rect' : 'polygon');
      expect(t.w, t.h4).toBeGreaterThan(8);
      shapes.add(t.shape);
      if (/^Coordinator/.test(t.h4)) {
        // It comes to every meeting: no "Sits in: —" over that.
        coordinators++;
        expect(t.text).toContain('Comes to every meeting');
        expect(t.text).not.toMatch(/Sits in: —/);
        continue;
      }
      partners++;
      heads.add(t.h4);
      // Taking part explained in words, not a bare "Engagement 59%".
      expect(t.text).toMatch(/Keen to take part: \d+% \(its chance of coming when invited|dropped out/);
      // The strongest ties: distinct names, each with its strength in a word.
      const m2 = /strongest: (.*)$/.exec(t.ties);
      if (m2) {
        const items = m2[1].split('; ');
        const names = items.map((s) => s.replace(/: (strong|medium|weak)$/, ''));
        for (const s of items) expect(s).toMatch(/: (strong|medium|weak)$/);
        expect(new Set(names).size, t.ties).toBe(names.length);
      }
      await page.mouse.move(0, 0);
    }
    // Every partner hovered had a name of its own, and all three shapes were seen.
    expect(partners).toBeGreaterThan(10);
    expect(heads.size).toBe(partners);
    expect(coordinators).toBe(1);
    expect([...shapes].sort()).toEqual(['circle', 'square', 'triangle']);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('a small consortium’s charts', () => {
  it('explain a separation below 0 where the chart shows one', async () => {
    const { page, errors } = await openPage(site, await stateHash({ a: sized(3) }), {
      width: 1366,
      height: 768,
    });
    await page.focus('#scrubber');
    await page.keyboard.press('End');
    await page.waitForSelector('#scrub-marks .mk.submitted', { state: 'attached' });
    const charts = await page.$$eval('#panel-network figure.chart', (figs) =>
      figs.map((f) => ({
        title: f.querySelector('h3')?.textContent ?? '',
        // The value axis's ticks, top to bottom.
        ticks: [...(f.querySelectorAll('.chart-svg .axis')[1]?.querySelectorAll('.tick') ?? [])]
          .map((t) => ({ text: t.textContent ?? '', y: t.getBoundingClientRect().top }))
          .sort((a, b) => a.y - b.y)
          .map((t) => t.text),
        text: f.textContent ?? '',
      })),
    );
    const camps = charts.find((c) => /separate camps/.test(c.title));
    // Three partners seek out the other pillars: the axis goes below 0 ("mixed"), its foot in words
    // ("more mixed", where it read "−0.2"), and the caption says what that is.
    expect(camps?.ticks.slice(-2)).toEqual(['mixed', 'more mixed']);
    expect(camps?.text).toMatch(/below 0 when partners work with other pillars more than chance/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
