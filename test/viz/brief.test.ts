// Browser test of the 100 runs' page: the downloaded brief (viz/brief-download.ts, report/brief.ts)
// says what the screen says — the answer of "Does the answer hold?" when it ran, in the page's own
// words, or how to get it by the button's name; the groups as the view names them — and its Export
// menu says plainly that it exports one run, not the charts on the page.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halvedHash, openPage, type Site, startSite } from './harness.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
}, 180_000);
afterAll(async () => {
  await site?.close();
});

/** The brief's visible text, its markup and styles taken out. */
const visible = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>|<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');

async function brief(page: Page): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#rep-brief')]);
  return readFileSync((await dl.path()) as string, 'utf8');
}

describe('the 100 runs’ brief and exports', () => {
  it('the brief carries the answer of “Does the answer hold?” once it has run, in the page’s words; before, it names the button', async () => {
    const { page, errors } = await openPage(site, await halvedHash(), { width: 1366, height: 768 });
    await page.click('[data-mode="replicates"]');
    await page.fill('#rep-count', '20');
    await page.dispatchEvent('#rep-count', 'change');
    await page.click('#rep-run');
    await page.waitForSelector('#rep-brief:not([hidden])', { timeout: 60_000 });

    // Not run yet: the way to it, by the button's real name; no "Across calibrations" anywhere.
    const before = visible(await brief(page));
    const button = (await page.textContent('#rep-ensemble-btn'))?.trim();
    expect(button).toBe('Does the answer hold?');
    expect(before).toContain('How robust Not examined for this brief');
    expect(before).toContain(`“${button}”`);
    expect(before).not.toContain('Across calibrations');
    // Titled by the what-if's question (B's pane is named "A + meetings halved"), not "What if: A + …?".
    expect(before).toMatch(
      /^ ?What if meetings were halved\? A pilotnet brief What if meetings were halved\? Compared with/,
    );
    expect(before).not.toContain('What if: A +');
    // Every signed figure with the minus sign, as the view writes it; none with a hyphen.
    expect(before).not.toMatch(/(^|[\s(:;,])-\.?\d/);
    // The groups as the view names them: the steering committee, never "the steering group".
    expect(before).toContain('the steering committee’s planned meetings from 4 to 2');
    expect(before).not.toContain('steering group');

    await page.click('#rep-ensemble-btn');
    await page.waitForSelector('#rep-ensemble .ensemble-chart .axis-title', { timeout: 120_000 });
    const lines = await page.$$eval('#rep-ensemble ul.plain > li', (ls) =>
      ls.map((l) => (l.textContent ?? '').replace(/\s+/g, ' ')),
    );
    const question = await page.textContent('#rep-ensemble h3');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toMatch(/of the settings say|settings/);
    const after = visible(await brief(page));
    const robust = /How robust (.*?) What exactly changes/.exec(after)?.[1] ?? '';
    expect(robust).not.toContain('Not examined');
    expect(robust).toContain(question ?? 'no question');
    for (const l of lines) expect(robust).toContain(l);
    expect(after).not.toMatch(/(^|[\s(:;,])-\.?\d/);
    // It ran four outcomes again; the rows it left alone are named as such.
    expect(robust).toMatch(/Not run again: [^;]*volunteer meeting hours/);
    expect(robust).not.toMatch(/Not run again: [^;]*time to a submitted file/);
    expect(after).not.toContain('Across calibrations');

    // Run again: the answer belonged to the runs before; the brief of the new runs does not claim it.
    await page.click('#rep-run');
    await page.waitForFunction(() => document.querySelector('#rep-ensemble')?.childElementCount === 0);
    await page.waitForSelector('#rep-brief:not([hidden])', { timeout: 60_000 });
    await page.waitForFunction(
      () => document.querySelector('#rep-progress .label')?.textContent === '20 runs of A and 20 of B done',
      null,
      { timeout: 60_000 },
    );
    expect(visible(await brief(page))).toContain('How robust Not examined for this brief');
    expect(errors).toEqual([]);
    await page.close();
  }, 400_000);

  it('on the 100 runs’ page the Export menu says it exports one run and which week, not the charts', async () => {
    const { page, errors } = await openPage(site, await halvedHash(), { width: 1366, height: 768 });
    const items = () =>
      page.$$eval('#export-menu [data-export]', (bs) => bs.map((b) => (b.textContent ?? '').trim()));
    await page.click('#export-btn');
    // In Compare the menu exports what is on screen, under its usual names.
    expect(await items()).toEqual([
      'Network picture (PNG)',
      'Network drawing (SVG)',
      'Network for Gephi (GEXF, this week)',
      'Weekly series (CSV)',
      'Scenario (JSON)',
    ]);
    await page.keyboard.press('Escape');
    await page.click('[data-mode="replicates"]');
    await page.click('#export-btn');
    expect(await items()).toEqual([
      'Network of one run of A, week 0 (PNG)',
      'Network of one run of A, week 0 (SVG)',
      'Network of one run of A for Gephi (GEXF, week 0)',
      'Weekly series of one run of A (CSV)',
      'Scenario of A (JSON)',
    ]);
    expect(await page.getAttribute('[data-export="png"]', 'title')).toContain(
      'not the charts of the 100 runs',
    );
    await page.screenshot({ path: '/tmp/sets-reps-export-menu.png' });
    // What it says is what it downloads: one run's network at week 0.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="png"]')]);
    expect(dl.suggestedFilename()).toBe('pilotnet-default-week-0.png');
    // Back in Compare, the usual names again.
    await page.click('[data-mode="compare"]');
    await page.click('#export-btn');
    expect((await items())[0]).toBe('Network picture (PNG)');
    expect(await page.getAttribute('[data-export="png"]', 'title')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
