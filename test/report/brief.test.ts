// The brief v2 (report/brief.ts): self-contained (no request leaves the page), every scenario string
// escaped, both questions answered, the pooled figure as the headline with --ensemble (unclear said
// plainly; an effect most calibrations do not share is no finding), one rounded statement per
// outcome, a repeat line that reproduces the numbers; one A4 page in Chromium's print (counted).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compare, loadScenario } from '../../cli/api.ts';
import { briefHtml, escapeHtml, MINUS, rounded, withMinus } from '../../report/brief.ts';
import { diffScenarios } from '../../report/diff.ts';
import { cli, ROOT, tempDir, writeJson } from '../cli/helpers.ts';
import { launchChromium } from '../helpers/browser.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const HOSTILE = `<img src=x onerror="alert(1)">'&`;
mkdirSync(join(dir, 'disc'));
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
    expect(html.match(/<svg /g)?.length).toBe(1);
  });

  it('answers both questions: how much longer, and what it saves and costs', () => {
    expect(html).toContain('Does it take longer?');
    expect(html).toContain('What does it save and cost?');
    for (const name of [
      'Volunteer meeting hours:',
      'Coordinator hours:',
      'Unfunded coordinator months:',
      'Extra meetings:',
    ])
      expect(html).toContain(`<b>${name}</b>`);
    expect(html).toContain(`sha256 ${a.hash}`);
    expect(html).toContain(`sha256 ${b.hash}`);
    expect(html).toContain('12 pairs with common random numbers');
    expect(html).toMatch(/coordinator\.hoursPerWeek: [\d.]+ → 9\.5/);
  });

  const months = result.outcomes.find((o) => o.key === 'months')!;
  const withMonths = (
    ensemble: NonNullable<typeof months.ensemble> | undefined,
    at: Partial<typeof months> = {},
  ) => {
    const r = structuredClone(result);
    Object.assign(r.outcomes.find((o) => o.key === 'months')!, { ensemble, ...at });
    return briefHtml({ result: r, scenarioA: a.scenario, scenarioB: b.scenario });
  };
  const headline = (h: string) => /<span class="headline">([^<]*)<\/span>/.exec(h)?.[1] ?? '';

  it('with --ensemble the headline is the pooled figure, and says plainly when it is unclear', () => {
    const unclear = withMonths(
      { diff: 1.45, lo: -0.06, hi: 2.96, sameSign: 0.9, calibrations: 30 },
      { diff: 1.07, lo: 0.721, hi: 1.42 },
    );
    expect(headline(unclear)).toBe(
      'Unclear. No clear difference (the change could mean anything between \u22120.1 months and 3 months).',
    );
    expect(unclear).not.toContain('0.721');
    expect(unclear).toContain('pools 30 calibrations');
    const clear = withMonths({ diff: 1.45, lo: 0.3, hi: 2.6, sameSign: 0.9, calibrations: 30 });
    expect(headline(clear)).toBe(
      'Takes about 1.5 months longer (likely between 0.3 months and 2.6 months; the same direction in 9 out of 10 calibrations).',
    );
  });

  it('an effect that holds in fewer than most calibrations is not reported as a finding', () => {
    const split = withMonths({ diff: 1, lo: 0.2, hi: 1.8, sameSign: 0.45, calibrations: 30 });
    expect(headline(split)).toMatch(
      /^Unclear\. No firm answer: the direction changes with the calibration \(the same in only 5 out of 10\)/,
    );
    expect(split).toMatch(
      /<td>Time to a submitted file<\/td>(<td[^>]*>[^<]*<\/td>){4}<td>no: calibrations disagree<\/td>/,
    );
    expect(split).not.toMatch(/takes about 1 month longer/);
  });

  it('one statement per outcome, rounded: no contradiction on a share identical in every pair', () => {
    const same = structuredClone(result);
    const sub = same.outcomes.find((o) => o.key === 'submitted')!;
    Object.assign(sub, { meanA: 100, meanB: 100, diff: 0, lo: 0, hi: 0, mdd: 0 });
    const h = briefHtml({ result: same, scenarioA: a.scenario, scenarioB: b.scenario });
    expect(h).toMatch(
      /<td>Consortia that submit<\/td><td class="num">100%<\/td><td class="num">100%<\/td><td class="num">0 percentage points<\/td><td class="num">–<\/td><td>no difference<\/td>/,
    );
    expect(h).not.toMatch(/could see|would have been seen|pairs<\/th>/);
    // Months to a tenth, hours whole: no false precision in what a reader sees.
    const text = h.replace(
      /<style>[\s\S]*?<\/style>|<svg[\s\S]*?<\/svg>|<p class="mono">[\s\S]*?<\/p>|<p class="note">pilotnet[\s\S]*?<\/p>/g,
      '',
    );
    expect(text).not.toMatch(/\d\.\d{2,} (months?|hours?|percentage)/);
    expect(text).not.toMatch(/\d\.\d+ hours?/);
  });

  // The figures of a brief downloaded in a review (100 pairs, default against meetings halved).
  const reviewed = () => {
    const r = structuredClone(result);
    const set = (key: string, at: Partial<typeof months>) =>
      Object.assign(r.outcomes.find((o) => o.key === key)!, { ensemble: undefined, ...at });
    set('volunteerHours', { meanA: 555, meanB: 470, diff: -81, lo: -100.4, hi: -61.6 });
    set('meetingsExtra', { meanA: 9, meanB: 14.5, diff: 5.5, lo: 4.3, hi: 6.6 });
    set('dropouts', { meanA: 0.2, meanB: 0.4, diff: 0.2, lo: 0.021, hi: 0.4 });
    set('eiPillarEnd', { meanA: -0.05, meanB: 0, diff: 0.05, lo: 0.03, hi: 0.07 });
    return r;
  };
  const visible = (h: string) =>
    h
      .replace(/<style>[\s\S]*?<\/style>|<svg[\s\S]*?<\/svg>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'");

  it('says each figure once, its range in the sense of its words, and never shows a finding’s range as reaching 0', () => {
    const h = briefHtml({ result: reviewed(), scenarioA: a.scenario, scenarioB: b.scenario });
    const text = visible(h);
    // No unit said twice ("about 5.5 meetings more meetings").
    expect(text).toContain('the coordinator adds about 5.5 meetings more beyond the plan');
    expect(text).not.toMatch(/\b(meetings|partners|consortia) more \1\b/);
    // "save" with a range of savings, not of negative numbers.
    expect(text).toContain(
      'partners save about 81 hours of meetings (likely between 62 hours and 100 hours)',
    );
    // A finding's range excludes 0 on the page too: its end just above 0 is not rounded to "0".
    expect(h).toMatch(
      /<td>Partners who drop out<\/td><td class="num">0.2<\/td><td class="num">0.4<\/td><td class="num">0.2 partners<\/td><td class="num">0.02 to 0.4<\/td><td>yes<\/td>/,
    );
    // Negative figures carry a true minus sign, not a hyphen.
    expect(h).toContain('<td class="num">\u2212100 to \u221262</td>');
    expect(h).toContain('<td class="num">\u22120.05</td>');
    expect(text.replace(/E-I/g, '')).not.toMatch(/(^|[\s(])-\d/);
    expect(h).toMatch(/class="tick">\u2212\d/);
    expect(h).not.toMatch(/class="tick">-\d/);
    // The table says which statistic it shows (the view's page beside it gives medians).
    expect(h).toContain('<h2>All outcomes, side by side (averages over the simulated consortia)</h2>');
  });

  it('in the table, hours are whole so the columns add up, and the page says the last digit may not', () => {
    const r = reviewed();
    Object.assign(r.outcomes.find((o) => o.key === 'coordinatorHours')!, {
      ensemble: undefined,
      meanA: 1153.6,
      meanB: 1249.5,
      diff: 95.9,
      lo: 80.2,
      hi: 111.7,
    });
    const h = briefHtml({ result: r, scenarioA: a.scenario, scenarioB: b.scenario });
    // Whole hours, not fives: "1155, 1250, 96 hours" read as a sum gone wrong.
    expect(h).toMatch(
      /<td>Coordinator hours<\/td><td class="num">1154<\/td><td class="num">1250<\/td><td class="num">96 hours<\/td><td class="num">80 to 112<\/td>/,
    );
    expect(visible(h)).toContain('rounded on its own: it can differ in its last digit');
  });

  it('for partners (the view’s download): their names for A and B, the changes in words, no command', () => {
    const halved = loadScenario('meetings-halved');
    const names = { a: 'The structure the coaches suggested', b: 'Meetings halved, as the view names it' };
    const h = briefHtml({
      result: reviewed(),
      scenarioA: a.scenario,
      scenarioB: halved.scenario,
      audience: 'partners',
      names,
    });
    const text = visible(h);
    expect(h).toContain(`<h1>What if: ${names.b}?</h1>`);
    expect(text).toContain(`Compared with “${names.a}”, the reference`);
    // The scenarios' own names stay with their ids and hashes, where the figures come from.
    expect(text).toContain(`reference default (“${escapeHtml(result.a.title)}”) sha256 ${a.hash}`);
    expect(text).toContain(
      'The reflection group’s planned meetings from 2 to 1; the project group’s planned meetings from 8 to 4',
    );
    expect(text).toContain('the project group’s weeks between meetings from 4 to 8');
    expect(text).not.toMatch(/pilotnet (compare|discover)|--[a-z]|governance\.|\w\[\w+\]|→/);
    expect(text).toContain('Not examined for this brief');
    // The analysts' brief (the CLI's) keeps its commands and paths.
    const cli = visible(briefHtml({ result: reviewed(), scenarioA: a.scenario, scenarioB: halved.scenario }));
    expect(cli).toContain('governance.groups[project].plannedMeetings: 8 → 4');
    expect(cli).toMatch(/pilotnet discover .* --find fails/);
    expect(cli).toContain('pilotnet compare default');
  });

  it('writes every signed figure with the minus sign, in both briefs; the analysts’ commands and paths keep theirs', () => {
    const negative = structuredClone(a.scenario) as unknown as { coordinator: { hoursPerWeek: number } };
    negative.coordinator.hoursPerWeek = -0.5;
    const robustness = {
      sentence:
        'The difference in submitted (B − A) is at least -10 percentage points in 12 of 30 sets (-0.2 where fewer).',
      lines: ['Consortia that submit: B: -10 to 3 percentage points'],
    };
    for (const audience of ['partners', 'analysts'] as const) {
      const h = briefHtml({
        result: reviewed(),
        scenarioA: a.scenario,
        scenarioB: negative,
        audience,
        robustness,
      });
      // Outside the mono lines (the repeat command, the parameters' paths), no hyphen before a figure.
      const words = visible(h.replace(/<p class="mono">[\s\S]*?<\/p>/g, ''));
      expect(`${audience}: ${words.match(/(^|[\s(:;,=])-\.?\d.{0,20}/g)}`).toBe(`${audience}: null`);
      expect(words).toContain(`at least ${MINUS}10 percentage points`);
      expect(words).toContain(`(${MINUS}0.2 where fewer)`);
      expect(words).toContain(`B: ${MINUS}10 to 3 percentage points`);
      if (audience === 'partners')
        expect(words).toMatch(new RegExp(`hours a week from [\\d.]+ to ${MINUS}0\\.5`));
      // The analysts' path line keeps the JSON's own value, to paste back into a scenario.
      else expect(h).toMatch(/coordinator\.hoursPerWeek: [\d.]+ → -0\.5/);
    }
    // A hyphen inside a name or between words is no sign.
    expect(withMinus('E-I index; design-3; 2016-2017; -3 and (-0.5) and x=-1')).toBe(
      `E-I index; design-3; 2016-2017; ${MINUS}3 and (${MINUS}0.5) and x=${MINUS}1`,
    );
  });

  it('the view’s what-if is titled by its question, not by B’s pane name', () => {
    const halved = loadScenario('meetings-halved');
    const base = { result: reviewed(), scenarioA: a.scenario, scenarioB: halved.scenario };
    const asked = briefHtml({
      ...base,
      audience: 'partners',
      names: { a: 'The structure the coaches suggested', b: 'A + meetings halved' },
      question: 'What if meetings were halved?',
    });
    expect(asked).toContain('<title>What if meetings were halved? A pilotnet brief</title>');
    expect(asked).toContain('<h1>What if meetings were halved?</h1>');
    expect(visible(asked)).not.toContain('What if: A + meetings halved?');
    expect(visible(asked)).toContain('Compared with “The structure the coaches suggested”, the reference');
    // The CLI's brief, with no question, asks about B by its scenario's name, as before.
    expect(briefHtml(base)).toContain(`<h1>What if: ${escapeHtml(result.b.title)}?</h1>`);
  });

  it('for partners: groups by the names the view gives them, and how robust in the view’s words', () => {
    const halved = loadScenario('meetings-halved');
    const names = { a: 'A', b: 'B' };
    const base = { result: reviewed(), scenarioA: a.scenario, scenarioB: halved.scenario, names };
    const plain = visible(briefHtml({ ...base, audience: 'partners' }));
    // The steering committee, as the view names it (its label), never "the steering group".
    expect(plain).toContain('the steering committee’s planned meetings from 4 to 2');
    expect(plain).not.toContain('steering group');
    // Not run: the way to its answer by the button's own name; no pane called "Across calibrations".
    expect(plain).toContain('Not examined for this brief');
    expect(plain).toContain('“Does the answer hold?”');
    expect(plain).not.toContain('Across calibrations');
    // Run: its answer, line by line, as the page said it (escaped like any text).
    const lines = [
      'Time to write the file: in these runs, B takes longer; under 20 other settings, 95% of the settings say B takes longer.',
      HOSTILE,
    ];
    const h = briefHtml({
      ...base,
      audience: 'partners',
      robustness: { sentence: 'Does the answer hold if the model is set a little differently?', lines },
    });
    const robust = /<h2>How robust<\/h2>([\s\S]*?)<\/section>/.exec(h)?.[1] ?? '';
    expect(robust).toContain('Does the answer hold if the model is set a little differently?');
    expect(robust).toContain(`<li>${lines[0]}</li>`);
    expect(robust).toContain(`<li>${escapeHtml(HOSTILE)}</li>`);
    expect(visible(h)).not.toContain('Not examined');
    expect(visible(h)).toContain('(“How robust” below says what that changes)');
    // Without pooled calibrations, "a finding" speaks of the shipped calibration, not of calibrations.
    const glossary = /<dt>a finding<\/dt><dd>([^<]*)<\/dd>/.exec(h)?.[1] ?? '';
    expect(glossary).toContain('at the model’s shipped calibration');
    expect(glossary).not.toContain('across calibrations');
    // The check ran four outcomes again: the page names the table's other rows as not run again.
    const covered = briefHtml({
      ...base,
      audience: 'partners',
      robustness: {
        sentence: 'Does the answer hold?',
        lines,
        covers: ['months', 'submitted', 'meetingsExtra', 'legalAsbl'],
      },
    });
    const notRun = /Not run again: ([^;]*);/.exec(visible(covered))?.[1] ?? '';
    expect(notRun).toContain('volunteer meeting hours');
    expect(notRun).toContain('mixing across pillars (E-I index)');
    expect(notRun).not.toContain('time to a submitted file');
    expect(notRun).not.toMatch(/non-profit|extra meetings|consortia that submit/i);
    expect(visible(h)).not.toContain('Not run again');
    // The analysts' brief keeps its paths and its discover command.
    const cli = visible(briefHtml(base));
    expect(cli).toContain('governance.groups[steering].plannedMeetings: 4 → 2');
    expect(cli).toMatch(/pilotnet discover .* --find fails/);
  });

  it('compare --ensemble --report: the repeat line names the posterior and its hash, and reproduces the pooled figure', async () => {
    writeJson(join(dir, 'disc', 'discover.json'), {
      sentence:
        'Meetings halved against the reference: months changes by at most 0.5 in 12 of 100 parameter sets drawn from the posterior. It fails mostly where ties.alpha at most 0.07: 90% of the sets there, 80% of all where it fails.',
    });
    const args = [
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
    ];
    const r = await cli([...args, '--report', 'ensemble-brief.html', '--robustness', 'disc'], dir);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(join(dir, 'ensemble-brief.html'), 'utf8');
    const repeat = /<p class="mono">(pilotnet compare [^<]*)<\/p>/.exec(page)?.[1] ?? '';
    expect(repeat).toBe(
      'pilotnet compare default meetings-halved --seed 1 --replicates 12 --ensemble default --draws 6 --ensemble-replicates 3',
    );
    const posterior = readFileSync(join(ROOT, 'scenarios', 'posterior', 'default.csv'));
    expect(page).toContain(
      `posterior default sha256 ${createHash('sha256').update(posterior).digest('hex')}`,
    );
    expect(page).toContain('It fails mostly where ties.alpha at most 0.07');
    // Pooled over calibrations, "a finding" also asks most of them to agree.
    expect(/<dt>a finding<\/dt><dd>([^<]*)<\/dd>/.exec(page)?.[1]).toContain(
      'across calibrations, most agree',
    );
    const again = await cli([...repeat.split(' ').slice(1), '--format', 'json'], dir);
    const pooled = JSON.parse(again.stdout).outcomes.find((o: { key: string }) => o.key === 'months');
    const v = { ...pooled };
    const words = `about ${rounded(Math.abs(v.diff), 'months')}`;
    if (v.lo > 0 || v.hi < 0) expect(headline(page)).toContain(words);
    else
      expect(headline(page)).toContain(`between ${rounded(v.lo, 'months')} and ${rounded(v.hi, 'months')}`);
  }, 120_000);

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
    expect(page).toMatch(
      /<span class="headline">(Takes about [\d.]+ months? longer|Is about [\d.]+ months? shorter|Unclear\.)/,
    );
    const bad = await cli(['compare', 'default', 'no-coach', '--report', 'brief.pdf'], dir);
    expect(bad.code).toBe(2);
    const browser = await launchChromium();
    try {
      const p = await browser.newPage();
      const requests: string[] = [];
      p.on('request', (q) => requests.push(q.url()));
      await p.goto(`file://${join(dir, 'brief.html')}`);
      expect(requests).toEqual([`file://${join(dir, 'brief.html')}`]);
      const pages = async (file: string) => {
        await p.goto(`file://${join(dir, file)}`);
        const pdf = await p.pdf({ preferCSSPageSize: true });
        return { pdf, n: (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length };
      };
      // One A4 page: the plain brief, the one with pooled intervals and a robustness line, and
      // one whose scenario has a long hostile name.
      const { pdf, n } = await pages('brief.html');
      expect(n).toBe(1);
      expect((await pages('ensemble-brief.html')).n).toBe(1);
      writeFileSync(join(dir, 'hostile-brief.html'), html);
      expect((await pages('hostile-brief.html')).n).toBe(1);
      // A4 is 595 × 842 points (Chromium writes 594.96 × 841.92).
      const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
      expect(Number(box?.[1])).toBeCloseTo(595, 0);
      expect(Number(box?.[2])).toBeCloseTo(842, 0);
    } finally {
      await browser.close();
    }
  });
});
