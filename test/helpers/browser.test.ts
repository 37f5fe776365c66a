// The browser the browser tests drive, found without root: npm's Chromium (forced here, as on a
// machine without one) unpacks, launches through playwright-core and draws; the system's is
// preferred where present; a wrong PILOTNET_CHROMIUM fails with its own message.
import { afterEach, describe, expect, it } from 'vitest';
import { findChromium, launchChromium, SYSTEM_CHROMIUM } from './browser.ts';

const saved = process.env.PILOTNET_CHROMIUM;
afterEach(() => {
  if (saved === undefined) delete process.env.PILOTNET_CHROMIUM;
  else process.env.PILOTNET_CHROMIUM = saved;
});

describe('finding Chromium', { timeout: 120_000 }, () => {
  it.runIf(process.platform === 'linux')(
    "npm's Chromium launches and draws a canvas, text and all",
    async () => {
      process.env.PILOTNET_CHROMIUM = 'npm';
      const found = await findChromium();
      expect(found.source).toBe('npm');
      expect(found.executablePath).toMatch(/node_modules\/\.cache\/pilotnet-chromium\/[\d.]+\/chromium$/);
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.setContent(
          '<canvas width="40" height="40"></canvas><p id="t">Réseau</p><script>' +
            'const g = document.querySelector("canvas").getContext("2d"); g.fillStyle = "#ff0000"; g.fillRect(0, 0, 40, 40);' +
            '</script>',
        );
        const pixel = await page.evaluate(() =>
          Array.from(document.querySelector('canvas')!.getContext('2d')!.getImageData(5, 5, 1, 1).data),
        );
        expect(pixel).toEqual([255, 0, 0, 255]);
        // Text is laid out with a real font (a missing font stack would give zero width).
        const width = await page.evaluate(() => document.getElementById('t')!.getBoundingClientRect().width);
        expect(width).toBeGreaterThan(20);
        // … and npm's own fonts are found, as on a fresh machine: a fonts.conf naming a missing folder
        // (once written by another checkout sharing node_modules) left the system's fonts alone.
        await page.setContent('<p id="o" style="font-family: \'Open Sans\', monospace">Réseau</p>');
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('DOM.enable');
        await cdp.send('CSS.enable');
        const { root } = await cdp.send('DOM.getDocument');
        const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#o' });
        const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
        expect(fonts.map((f) => f.familyName)).toEqual(['Open Sans']);
      } finally {
        await browser.close();
      }
    },
  );

  it('prefers the system Chromium where one exists', async () => {
    delete process.env.PILOTNET_CHROMIUM;
    const found = await findChromium();
    const { accessSync, constants } = await import('node:fs');
    const system = SYSTEM_CHROMIUM.find((p) => {
      try {
        accessSync(p, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    expect(found.source).toBe(system ? 'system' : 'npm');
    if (system) expect(found.executablePath).toBe(system);
  });

  it('names a wrong PILOTNET_CHROMIUM path', async () => {
    process.env.PILOTNET_CHROMIUM = '/nowhere/chromium';
    await expect(findChromium()).rejects.toThrow('PILOTNET_CHROMIUM=/nowhere/chromium: no executable there');
  });
});
