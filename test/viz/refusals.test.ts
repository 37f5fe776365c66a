// Browser tests of what the view says when it refuses something: a partner list that cannot be used
// changes nothing and says so row by row in the partners' words, in the drawer beside the load
// button (laid over the page, the box hid the drawer's title and labels); a value the editor's field
// cannot take is told beside that field, by its label, the field marked invalid.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ViewState } from '../../viz/share.ts';
import { type Hook, hook, openPage, ROOT, type Site, setField, startSite, whenReady } from './harness.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

const HEADER = 'organisation,role,pillar,care line,works with';
/** A facilitator's list with four mistakes and a name written as markup (a review's bad1.csv). */
const BAD = [
  HEADER,
  'GP circle,general practitioner,green,first line,',
  '<img src=x onerror=alert(1)>,nurse,public,first line,',
  'Saint X,hospital boss,catholic,second line,',
  'Y,nurse,catholic,third line,Nobody here',
  'Physiotherapy practice Delta,physiotherapist,socialist,first line,',
  'Saint Anne hospital,hospital director,catholic,second line,',
  'City hospital network,specialist doctor,public,second line,<img src=x onerror=alert(2)>;<b>bold</b>',
].join('\n');

const csv = (name: string, text: string) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(`${text}\n`),
});

async function openEditor(page: Page): Promise<void> {
  if (!(await page.isVisible('#edit-btn')) && (await page.isVisible('#more-btn')))
    await page.click('#more-btn');
  await page.click('#edit-btn');
  await page.waitForSelector('#editor-body [data-path="composition.size"]');
}

/**
 * The drawer's title, close button and every label, field and button of its form that stands in the
 * drawer's visible part: those that are not the topmost element at their centre (something lies over
 * them), and those the problems box overlaps anywhere (scrolled in or out of sight).
 */
const covered = (page: Page) =>
  page.evaluate(() => {
    const box = document.querySelector('#problems') as HTMLElement;
    const b = box.hidden ? null : box.getBoundingClientRect();
    const body = document.querySelector('#editor-body')!.getBoundingClientRect();
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()} ${(el.textContent || el.getAttribute('aria-label') || el.getAttribute('data-path') || '').trim().slice(0, 40)}`;
    const hidden: string[] = [];
    const under: string[] = [];
    let seen = 0;
    const heads = [...document.querySelectorAll('#editor .drawer-head h2, #editor-close')];
    const form = [
      ...document.querySelectorAll(
        '#editor-body label, #editor-body input, #editor-body select, #editor-body button, #editor-body legend',
      ),
    ].filter((el) => !box.contains(el) && (el as HTMLElement).getClientRects().length > 0);
    for (const el of [...heads, ...form]) {
      const r = el.getBoundingClientRect();
      if (b && r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top)
        under.push(name(el));
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      // Scrolled out of the drawer's sight: nothing to see there, the overlap test above holds it.
      if (heads.includes(el) || (y > body.top && y < body.bottom)) {
        seen++;
        const top = document.elementFromPoint(x, y);
        if (
          !top ||
          !(el === top || el.contains(top) || (el instanceof HTMLLabelElement && el.control === top))
        )
          hidden.push(name(el));
      }
    }
    return { hidden, under, seen };
  });

const textOf = async (page: Page, sel: string) => (await page.textContent(sel)) ?? '';

describe('a refused partner list changes nothing and says why, in the drawer', () => {
  for (const [width, height] of [
    [1366, 768],
    [390, 844],
  ])
    it(`at ${width}×${height}: row by row in the partners' words, beside the load button, over nothing`, async () => {
      const { page, errors } = await openPage(site, '', { width, height });
      const dialogs: string[] = [];
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      const before = (await hook(page)) as Hook & { actors: number };
      await openEditor(page);
      const sizeBefore = await page.inputValue('#editor [data-path="composition.size"]');
      await page.setInputFiles('#partners-input', csv('bad1.csv', BAD));
      await page.waitForSelector('#problems:not([hidden])');
      await page.waitForTimeout(300);

      // In the drawer, after the load buttons; over none of its title, labels, fields or buttons.
      expect(await page.evaluate(() => !!document.querySelector('#problems')!.closest('#editor'))).toBe(true);
      const order = await page.evaluate(
        () =>
          document
            .querySelector('#ed-partners')!
            .compareDocumentPosition(document.querySelector('#problems')!) & Node.DOCUMENT_POSITION_FOLLOWING,
      );
      expect(order).toBeTruthy();
      const c = await covered(page);
      expect(c.under).toEqual([]);
      expect(c.hidden).toEqual([]);
      // And at the drawer's top (the box brought into sight may fill the drawer's view).
      await page.evaluate(() => document.querySelector('#editor-body')!.scrollTo(0, 0));
      const atTop = await covered(page);
      expect(atTop.hidden).toEqual([]);
      expect(atTop.seen).toBeGreaterThan(6);
      await page.evaluate(() => document.querySelector('#problems')!.scrollIntoView());
      // The box itself is seen at its heading.
      const head = await page.evaluate(() => {
        const h = document.querySelector('#problems h2')!;
        const r = h.getBoundingClientRect();
        return h.contains(document.elementFromPoint(r.left + 10, r.top + r.height / 2));
      });
      expect(head).toBe(true);

      // Plainly: not loaded, and why, row by row; a bad role lists the roles by the editor's words.
      const text = await textOf(page, '#problems');
      expect(text).toMatch(/Your partner list was not loaded: bad1\.csv/);
      expect(text).toMatch(/Nothing was changed/);
      expect(text).toContain('row 2: “green” (pillar) is not a pillar');
      expect(text).toContain('row 4: “hospital boss” (role) is not a role');
      expect(text).toContain('row 5: “third line” (care line) is not a care line');
      expect(text).toContain('row 5: “Nobody here” (works with) is not a partner on this list');
      expect(text).toContain('hospital director');
      expect(text).toContain('general practitioner');
      expect(text).not.toContain('generalPractitioner');
      expect(text).not.toMatch(/expected one of|composition\./);
      // Every line wraps inside its box.
      const spill = await page.evaluate(() => {
        const box = document.querySelector('#problems')!.getBoundingClientRect();
        return [...document.querySelectorAll('#problems li, #problems p')]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return el.scrollWidth > el.clientWidth + 1 || r.left < box.left || r.right > box.right + 0.5;
          })
          .map((el) => el.textContent?.slice(0, 50));
      });
      expect(spill).toEqual([]);

      // Names written as markup are text: no element made, no script run.
      expect(text).toContain('“<img src=x onerror=alert(2)>” (works with)');
      expect(text).toContain('“<b>bold</b>” (works with)');
      expect(
        await page.evaluate(() => document.querySelectorAll('#problems img, #problems b, body img').length),
      ).toBe(0);

      // Nothing changed: the run, the scenario and every count the drawer shows are the ones before.
      const after = (await hook(page)) as Hook & { actors: number };
      expect(after.actors).toBe(before.actors);
      const edits = await page.evaluate(
        () => (window as unknown as { __pilotnet: { state(): ViewState } }).__pilotnet.state().a.edits,
      );
      expect(Object.keys(edits)).toEqual([]);
      const size = page.locator('#editor [data-path="composition.size"]');
      expect(await size.inputValue()).toBe(sizeBefore);
      expect(Number(sizeBefore)).toBe(after.actors - 1);
      expect(await size.isDisabled()).toBe(false);
      expect(await page.locator('#ed-list-mix').count()).toBe(0);
      expect(await page.locator('#editor [data-path^="composition.pillarMix"]').count()).toBe(4);
      const drawer = await textOf(page, '#editor-body');
      expect(drawer).not.toMatch(/Set by your partner list|Partners: \d+ from/);
      expect(await page.inputValue('#editor [data-path="governance.groups[0].size"]')).toBe(sizeBefore);
      expect(await textOf(page, '#net-a')).not.toMatch(/with your partner list/);

      // A good list loaded next runs, and the refusal goes.
      await page.setInputFiles('#partners-input', `${ROOT}/scenarios/partners-example.csv`);
      // Its make-up is the list's from the moment it shows, not the previous run's (14 Catholic of 40).
      await page.waitForSelector('#ed-list-mix');
      const mix = await textOf(page, '#ed-list-mix');
      const rows = readFileSync(`${ROOT}/scenarios/partners-example.csv`, 'utf8').trim().split('\n').slice(1);
      const catholic = rows.filter((r) => r.split(',')[2] === 'catholic').length;
      expect(mix).toContain(`Catholic pillar ${catholic},`);
      await page.waitForFunction(() => (window as unknown as { __pilotnet: Hook }).__pilotnet.problems === 0);
      await whenReady(page);
      expect(await page.isHidden('#problems')).toBe(true);
      expect(await textOf(page, '#editor')).toMatch(/Partners: 14 from partners-example\.csv/);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);

  it('a header without rows, a missing column and a list the scenario cannot take are told plainly', async () => {
    const { page, errors } = await openPage(site, '', { width: 1366, height: 768 });
    await openEditor(page);
    await page.setInputFiles('#partners-input', csv('empty.csv', HEADER));
    await page.waitForSelector('#problems:not([hidden])');
    let text = await textOf(page, '#problems');
    expect(text).toContain('empty.csv has a header but no partners: add one row per organisation');
    expect(text).not.toMatch(/>=1|items|\(file\)/);
    await page.setInputFiles(
      '#partners-input',
      csv('bad2.csv', 'organisation,role,care line\nA,nurse,first line'),
    );
    await page.waitForFunction(() =>
      /bad2\.csv/.test(document.querySelector('#problems')?.textContent ?? ''),
    );
    text = await textOf(page, '#problems');
    expect(text).toMatch(/not loaded/);
    expect(text).toContain('row 1: expected a column "pillar" in the header');
    await page.click('#problems button');
    expect(await page.isHidden('#problems')).toBe(true);
    // A national scenario (20 consortia) cannot take a list: said before it touches the scenario.
    await page.selectOption('#ed-preset', 'national');
    await page.waitForFunction(
      () => {
        const h = (window as unknown as { __pilotnet: Hook & { scenarios: string[] } }).__pilotnet;
        return h.ready && h.scenarios[0] === 'national';
      },
      null,
      { timeout: 90_000 },
    );
    const actors = ((await hook(page)) as Hook & { actors: number }).actors;
    await page.setInputFiles('#partners-input', `${ROOT}/scenarios/partners-example.csv`);
    await page.waitForSelector('#problems:not([hidden])');
    text = await textOf(page, '#problems');
    expect(text).toMatch(/not loaded/);
    expect(text).toMatch(/a partner list is one consortium, and this scenario runs 20/);
    expect(((await hook(page)) as Hook & { actors: number }).actors).toBe(actors);
    expect(await page.locator('#ed-list-mix').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('a list without the lead organisation a chair changed a moment ago asks for is refused in words, and stays said', async () => {
    const { page, errors } = await openPage(site, '', { width: 1366, height: 768 });
    await openEditor(page);
    // The list comes before the chair's run has started: checked against the scenario as edited.
    await page.selectOption('#editor [data-path="governance.chair"]', 'lead');
    await page.setInputFiles(
      '#partners-input',
      csv('nolead.csv', `${HEADER}\nA,nurse,catholic,first line,\nB,pharmacist,public,first line,A`),
    );
    await page.waitForSelector('#problems:not([hidden])');
    const text = await textOf(page, '#problems');
    expect(text).toMatch(/not loaded/);
    expect(text).toContain(
      'a lead organisation chairs this scenario (Who chairs): the list needs a partner whose role is “hospital director”',
    );
    expect(text).not.toMatch(/hospitalDirector|governance\./);
    // The chair's own run goes on, without the list; the refusal stays until dismissed.
    await page.waitForFunction(
      () =>
        (window as unknown as { __pilotnet: Hook }).__pilotnet.ranEdits.A?.['governance.chair'] === 'lead',
      null,
      { timeout: 30_000 },
    );
    await page.waitForTimeout(500);
    expect(await textOf(page, '#problems')).toContain('the list needs a partner');
    const edits = await page.evaluate(
      () => (window as unknown as { __pilotnet: { state(): ViewState } }).__pilotnet.state().a.edits,
    );
    expect(Object.keys(edits)).toEqual(['governance.chair']);
    expect(await page.locator('#ed-list-mix').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a refusal shown over the page moves into the drawer when the editor opens', async () => {
    const { page, errors } = await openPage(site, '', { width: 1366, height: 768 });
    await page.setInputFiles('#partners-input', csv('bad1.csv', BAD));
    await page.waitForSelector('#problems:not([hidden])');
    expect(await page.evaluate(() => !!document.querySelector('#problems')!.closest('#editor'))).toBe(false);
    await openEditor(page);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => !!document.querySelector('#problems')!.closest('#editor'))).toBe(true);
    const c = await covered(page);
    expect(c.under).toEqual([]);
    expect(c.hidden).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => !!document.querySelector('#problems')!.closest('#editor'))).toBe(false);
    expect(await page.isVisible('#problems')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('a value a field cannot take is told beside that field', () => {
  for (const [width, height] of [
    [1366, 768],
    [390, 844],
  ])
    it(`at ${width}×${height}: by the field's label, the field marked, the drawer uncovered`, async () => {
      const { page, errors } = await openPage(site, '', { width, height });
      await openEditor(page);
      const path = 'governance.groups[1].plannedMeetings';
      const field = `#editor [data-path="${path}"]`;
      await setField(page, path, '500');
      await page.waitForSelector(`${field}[aria-invalid="true"]`, { timeout: 30_000 });
      await page.waitForTimeout(300);
      const note = await page.evaluate((sel) => {
        const el = document.querySelector(sel)!;
        const id = el.getAttribute('aria-describedby');
        const n = id ? document.getElementById(id) : null;
        const r = el.getBoundingClientRect();
        const nr = n?.getBoundingClientRect();
        const style = getComputedStyle(el);
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return {
          text: n?.textContent ?? '',
          title: n?.getAttribute('title') ?? '',
          inDrawer: !!n?.closest('#editor-body'),
          below: nr ? nr.top >= r.bottom - 1 && nr.top - r.bottom < 40 : false,
          outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
          topmost: el === top || el.contains(top),
          value: (el as HTMLInputElement).value,
        };
      }, field);
      expect(note.text).toContain('Project group: planned meetings: at most 200; 500 was typed');
      expect(note.text).not.toMatch(/governance|expected a number|scenarios\//);
      expect(note.title).toMatch(/governance\.groups\[1\]\.plannedMeetings/);
      expect(note.inDrawer).toBe(true);
      expect(note.below).toBe(true);
      expect(note.outline).toMatch(/^solid 2px rgb\(220, 38, 38\)/);
      expect(note.topmost).toBe(true);
      expect(note.value).toBe('500');
      // No box over the drawer: its title, labels and fields stay on top.
      expect(await page.isHidden('#problems')).toBe(true);
      const c = await covered(page);
      expect(c.hidden).toEqual([]);
      // Put right, the mark and the note go, and the scenario runs with the new value.
      await setField(page, path, '20');
      await page.waitForFunction(
        () =>
          (window as unknown as { __pilotnet: Hook }).__pilotnet.ranEdits.A?.[
            'governance.groups[1].plannedMeetings'
          ] === 20,
        null,
        { timeout: 30_000 },
      );
      await whenReady(page);
      expect(await page.getAttribute(field, 'aria-invalid')).toBeNull();
      expect(await page.locator('#editor .field-problem').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);
});
