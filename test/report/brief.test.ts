// The brief (report/brief.ts): self-contained (no request leaves the page), every scenario string
// escaped, the answer with its interval (and the ensemble's when present), the plots, the diff of
// resolved scenarios, provenance; prints to A4. Printed by Chromium to check the page, not the pixels.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compare, loadScenario } from '../../cli/api.ts';
import { briefHtml, escapeHtml } from '../../report/brief.ts';
import { diffScenarios } from '../../report/diff.ts';
import { cli, tempDir, writeJson } from '../cli/helpers.ts';
import { launchChromium } from '../helpers/browser.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const HOSTILE = `<img src=x onerror="alert(1)">'&`;
writeJson(join(dir, 'hostile.json'), {
  extends: 'default',
  id: 'hostile',
  name: HOSTILE,
  coordinator: { hoursPerWeek: 9.5 },
});

describe('the brief', () => {
  const a = loadScenario('default');
  const b = loadScenario(join(dir, 'hostile.json'));
  const result = compare(a, b, { replicates: 12 });
  const html = briefHtml({ result, scenarioA: a.scenario, scenarioB: b.scenario });

  it('escapes every scenario string: a hostile name arrives as text', () => {
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror="');
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(escapeHtml(HOSTILE)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;');
  });

  it('is self-contained: inline CSS and SVG, no script, no external resource, A4 page rule', () => {
    expect(html).not.toMatch(/<script|<link|<iframe|<object|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).toMatch(/@page \{ size: A4;/);
    expect(html.match(/<svg /g)?.length).toBe(2);
  });

  it('answers with the interval, shows what differs and the provenance', () => {
    const months = result.outcomes.find((o) => o.key === 'months')!;
    expect(html).toContain('The answer');
    expect(html).toContain(escapeHtml(`95% CI`));
    expect(html).toContain(`sha256 ${a.hash}`);
    expect(html).toContain(`sha256 ${b.hash}`);
    expect(html).toContain('12 pairs with common random numbers');
    expect(html).toContain('<td class="mono">coordinator.hoursPerWeek</td>');
    expect(Number.isFinite(months.lo)).toBe(true);
  });

  it('shows the pooled interval across calibrations when the result carries one', () => {
    const withEnsemble = structuredClone(result);
    const m = withEnsemble.outcomes.find((o) => o.key === 'months')!;
    m.ensemble = { diff: 1.5, lo: -0.5, hi: 3.25, sameSign: 0.9, calibrations: 30 };
    const h = briefHtml({ result: withEnsemble, scenarioA: a.scenario, scenarioB: b.scenario });
    expect(h).toContain('(30 calibrations drawn from the posterior');
    expect(h).toContain('95% interval -0.5 months to 3.25 months');
    expect(h).toContain('In 90% of them the difference has this sign.');
    expect(h).toContain('the first is at the shipped calibration alone');
    expect(html).not.toContain('calibrations drawn from the posterior');
  });

  it('compare --ensemble --report writes the brief with the pooled interval beside each answer', async () => {
    const r = await cli(
      [
        'compare',
        'default',
        'meetings-halved',
        '--ensemble',
        'default',
        '--draws',
        '6',
        '--ensemble-replicates',
        '3',
        '--replicates',
        '12',
        '--report',
        'ensemble-brief.html',
      ],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(join(dir, 'ensemble-brief.html'), 'utf8');
    expect(page).toMatch(
      /Allowing also for what the study leaves open .* 95% interval -?[\d.]+ months to -?[\d.]+ months/,
    );
  });

  it('the diff matches groups by id and lists added and removed ones', () => {
    const base = {
      governance: {
        groups: [
          { id: 'x', n: 1 },
          { id: 'y', n: 2 },
        ],
      },
      name: 'A',
    };
    const other = {
      governance: {
        groups: [
          { id: 'y', n: 3 },
          { id: 'z', n: 1 },
        ],
      },
      name: 'B',
    };
    expect(diffScenarios(base, other)).toEqual([
      { path: 'governance.groups[x]', a: '{"id":"x","n":1}', b: undefined },
      { path: 'governance.groups[y].n', a: '2', b: '3' },
      { path: 'governance.groups[z]', a: undefined, b: '{"id":"z","n":1}' },
    ]);
  });

  it('the CLI writes it with --report; Chromium prints it to A4 without a single request', async () => {
    const r = await cli(
      ['compare', 'default', 'meetings-halved', '--replicates', '30', '--report', 'brief.html'],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Brief in brief\.html$/m);
    const page = readFileSync(join(dir, 'brief.html'), 'utf8');
    expect(page).toMatch(/“Meetings halved” takes [\d.]+ months? (longer|less) than/);
    const bad = await cli(['compare', 'default', 'no-coach', '--report', 'brief.pdf'], dir);
    expect(bad.code).toBe(2);
    const browser = await launchChromium();
    try {
      const p = await browser.newPage();
      const requests: string[] = [];
      p.on('request', (q) => requests.push(q.url()));
      await p.goto(`file://${join(dir, 'brief.html')}`);
      expect(requests).toEqual([`file://${join(dir, 'brief.html')}`]);
      const pdf = await p.pdf({ preferCSSPageSize: true });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(pages).toBeLessThanOrEqual(4);
      // A4 is 595 × 842 points (Chromium writes 594.96 × 841.92).
      const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
      expect(Number(box?.[1])).toBeCloseTo(595, 0);
      expect(Number(box?.[2])).toBeCloseTo(842, 0);
    } finally {
      await browser.close();
    }
  });
});
