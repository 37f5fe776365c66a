import { chromium } from 'playwright-core';
import { preview } from 'vite';
const server = await preview({ configFile: '/work/h-view/vite.config.ts', logLevel: 'error', build: { outDir: '/tmp/hview-dist' }, preview: { port: 4199, strictPort: true } });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
for (const [name, vp, path] of JSON.parse(process.argv[2])) {
  const page = await browser.newPage({ viewport: vp });
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  page.on('console', (m) => m.type() === 'error' && console.log('console', m.text()));
  await page.goto('http://127.0.0.1:4199/' + path);
  await page.waitForFunction(() => window.__pilotnet?.ready, null, { timeout: 30000 });
  if (process.argv[3]) await page.evaluate(process.argv[3]);
  await page.waitForTimeout(600);
  await page.screenshot({ path: `/tmp/hview-shot-${name}.png` });
  console.log(name, await page.evaluate(() => JSON.stringify({ week: __pilotnet.week, tag: document.querySelector('#tagline').textContent, canvasH: document.querySelector('#net-a canvas')?.getBoundingClientRect().height })));
  await page.close();
}
await browser.close(); await server.close();
