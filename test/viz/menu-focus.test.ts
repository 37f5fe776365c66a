// The scenario and speed menus after a pick: the facilitator's next key drives the story. A menu
// picked with the mouse kept the focus, and → chose the next scenario, PageDown another, Space
// opened the list over the network (presenting at 1366×768).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, type Site, startSite, stateHash } from './harness.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

const week = (page: import('playwright-core').Page) =>
  page.evaluate(() => (window as unknown as { __pilotnet: { week: number } }).__pilotnet.week);

describe('a menu picked, the keys go back to the story', () => {
  it('presenting: after a mouse pick of a scenario, → and PageDown move the week and leave the scenario be', async () => {
    const { page, errors } = await openPage(site, `?present${await stateHash({ present: true })}`, {
      width: 1366,
      height: 768,
    });
    const sel = '#net-a .net-preset';
    // Picked as with a mouse: the menu takes the focus as the pointer goes down on it, then an
    // option is chosen.
    await page.focus(sel);
    await page.dispatchEvent(sel, 'pointerdown');
    await page.selectOption(sel, 'lean');
    await page.waitForFunction(() => {
      const h = (window as unknown as { __pilotnet: { ready: boolean; scenarios: string[] } }).__pilotnet;
      return h.ready && h.scenarios[0] === 'lean';
    });
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('SELECT');
    const before = await week(page);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await week(page)).toBe(before + 3);
    await page.keyboard.press('PageDown');
    expect(await week(page)).toBeGreaterThan(before + 3);
    expect(await page.inputValue(sel)).toBe('lean');
    // The speed menu too.
    await page.focus('#speed');
    await page.dispatchEvent('#speed', 'pointerdown');
    await page.selectOption('#speed', '2');
    const w = await week(page);
    await page.keyboard.press('ArrowRight');
    expect(await week(page)).toBe(w + 1);
    expect(await page.inputValue('#speed')).toBe('2');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a menu that keeps the focus (reached by keyboard) still lets the clicker’s PageDown drive the story', async () => {
    const { page, errors } = await openPage(site, `?present${await stateHash({ present: true })}`, {
      width: 1366,
      height: 768,
    });
    const sel = '#net-a .net-preset';
    const preset = await page.inputValue(sel);
    await page.focus(sel);
    const before = await week(page);
    await page.keyboard.press('PageDown');
    expect(await week(page)).toBeGreaterThan(before);
    expect(await page.inputValue(sel)).toBe(preset);
    // Its own arrows stay its own: picked with the keyboard, the menu keeps the focus.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    expect(errors).toEqual([]);
    await page.close();
  });
});
