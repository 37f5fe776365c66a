// The replicate panel: distributions over many runs (duration in months, legal outcome shares,
// final E-I) for one scenario or two compared ones.
import * as d3 from 'd3';
import type { RunSummary, Scenario } from '../sim/index.ts';
import { histogram, shareBars } from './charts.ts';
import { el, swatch } from './dom.ts';
import type { ReplicateRow } from './protocol.ts';
import { acrossPercent, LEGAL_WORDS } from './words.ts';

export interface RepResult {
  scenario: Scenario;
  rows: ReplicateRow[];
  /** "A" or "B". */
  label: string;
  /** What the scenario is, in words (shown as text: it may come from a file or a link). */
  name: string;
  /** End-of-run summaries in replicate order (replicate r of A and of B share a seed). */
  summaries: RunSummary[];
  /** The base seed the replicate seeds derive from. */
  seed: number;
}

// B's colour is the view's (--b in style.css): 4.5:1 or more on white, as its name is written in it.
const COLOURS: Record<string, string> = { A: '#1f2937', B: '#b45309' };
// The legal forms in shades of violet, apart from the pillars' four colours (in those, a non-profit
// association's bar read as the liberal pillar's share) and from A's slate and B's amber (each
// segment is named under the bar).
const LEGAL_COLOURS: Record<string, string> = {
  asbl: '#4c1d95',
  'de-facto': '#7c3aed',
  'existing-partner': '#b69df8',
  innovative: '#e4d8fd',
  none: '#eceff3',
};

/** The word for what the page counts: runs, or consortia where a run draws more than one. */
export function countedIn(list: readonly Pick<RepResult, 'rows' | 'summaries'>[]): {
  one: string;
  many: string;
  every: string;
  none: string;
  perRun: number;
} {
  const perRun = Math.max(1, ...list.map((r) => r.rows.length / Math.max(1, r.summaries.length)));
  return perRun > 1
    ? { one: 'consortium', many: 'consortia', every: 'every consortium', none: 'no consortium', perRun }
    : { one: 'run', many: 'runs', every: 'every run', none: 'no run', perRun };
}

/**
 * The replicates' charts in `root`; where the pane has height to spare under them (a projector's
 * 1080 px left its bottom third empty), drawn again with the histograms taller by that height, up
 * to twice their own.
 */
export function renderReplicates(
  root: HTMLElement,
  reps: Partial<Record<'A' | 'B', RepResult>>,
  plannedWeeks: number,
): void {
  const histograms = drawReplicates(root, reps, plannedWeeks, 0);
  const pane = root.closest<HTMLElement>('.replicates');
  if (!histograms.length || !pane || !pane.clientHeight || getComputedStyle(pane).overflowY !== 'auto')
    return;
  const bottom =
    pane.getBoundingClientRect().bottom - Number.parseFloat(getComputedStyle(pane).paddingBottom);
  const spare = Math.floor(bottom - root.getBoundingClientRect().bottom - 4);
  const own = Math.min(...histograms.map((h) => h.getBoundingClientRect().height));
  if (spare > 16 && own > 0) drawReplicates(root, reps, plannedWeeks, Math.min(spare, own));
}

/** The charts, the histograms taller by `extra` px; returns the histograms' svgs. */
function drawReplicates(
  root: HTMLElement,
  reps: Partial<Record<'A' | 'B', RepResult>>,
  plannedWeeks: number,
  extra: number,
): SVGSVGElement[] {
  root.replaceChildren();
  const list = (['A', 'B'] as const).map((k) => reps[k]).filter((r): r is RepResult => !!r);
  if (!list.length) {
    const p = document.createElement('p');
    p.className = 'intro';
    p.textContent =
      'Press the button for 100 runs of the same setup (the number of runs is yours to change), each with its own chance events: who meets whom, who turns up, how a debate goes. The page stays responsive: the runs happen in the background.';
    root.appendChild(p);
    return [];
  }
  const name = (r: RepResult) => (list.length > 1 ? `${r.label}: ${r.name}` : r.name);
  // What is counted: runs, or, where a run draws many consortia (the national preset), consortia.
  // One word per count: "2000 consortia in 100 runs", never "2000 runs" beside "Run 100 times".
  const unit = countedIn(list);
  const stats = el(
    'div',
    { class: 'chart rep-stats' },
    ...list.map((r) => {
      const months = r.rows.map((x) => x.months);
      const n = r.rows.length;
      const sub = r.rows.filter((x) => x.submitted).length;
      const in7 = r.rows.filter((x) => x.submitted && x.months <= 7 + 1e-9).length;
      const q = (p: number) => d3.quantile([...months].sort(d3.ascending), p) ?? Number.NaN;
      // Counts in words ("every run", "no run", "63 of 100 runs"; "1999 of them" where the
      // sentence opened with the consortia), not percentages of them.
      const count = (k: number, what: string) =>
        k === n
          ? `${unit.every} ${what}`
          : k === 0
            ? `${unit.none} ${what}`
            : `${k} of ${unit.perRun > 1 ? 'them' : `${n} ${unit.many}`} ${what}`;
      return el(
        'p',
        null,
        el('b', { style: { color: COLOURS[r.label] } }, name(r)),
        unit.perRun > 1 ? ` — ${n} consortia in ${r.summaries.length} runs: ` : ` — ${n} runs: `,
        el('b', null, count(sub, 'submitted')),
        '; ',
        el(
          'b',
          null,
          in7 === n
            ? 'all within the planned 7 months'
            : in7 === 0
              ? 'none within the planned 7 months'
              : count(in7, 'within the planned 7 months'),
        ),
        '. Usually it took ',
        el('b', null, `${q(0.5).toFixed(1)} months`),
        ` to write the file (the median: half of the ${unit.many} took ${q(0.25).toFixed(1)} to ${q(0.75).toFixed(1)}`,
        // The brief's table gives averages: said here too, so its figure is found on the page.
        sub
          ? `; on average ${d3
              .mean(
                r.rows.filter((x) => x.submitted),
                (x) => x.months,
              )!
              .toFixed(1)} months`
          : '',
        ').',
      );
    }),
  );
  root.appendChild(stats);
  const cell = () => {
    const d = document.createElement('div');
    root.appendChild(d);
    return d;
  };
  histogram(
    cell(),
    'Time to write the file',
    `Share of ${unit.many} by the time they took to write the file, in months. The red line is the 7 months planned; in the real pilot projects it took about 13, and ${unit.many} of 11 to 15 months count as matching the study.`,
    list.map((r) => ({ name: name(r), colour: COLOURS[r.label], values: r.rows.map((x) => x.months) })),
    'months',
    { x: plannedWeeks / (52 / 12), label: 'planned' },
    extra,
  );
  const keys = ['asbl', 'de-facto', 'existing-partner', 'innovative', 'none'];
  shareBars(
    cell(),
    'Which legal structure did they choose?',
    'In the study two projects of three chose a non-profit association (the Belgian “ASBL”). The third formed a de facto association and mandated one partner to act for it; the model counts that choice in two bars, “a de facto association” and “mandating an existing partner”. Familiar forms win unless legal expertise is at the table.',
    list.map((r) => ({
      name: list.length > 1 ? r.label : `all ${unit.many}`,
      shares: keys.map((k) => ({
        key: k,
        label: LEGAL_WORDS[k] ?? k,
        share: r.rows.filter((x) => x.legal === k).length / r.rows.length,
      })),
    })),
    LEGAL_COLOURS,
  );
  histogram(
    cell(),
    'How mixed is the network at the end?',
    `How many of each ${unit.one}’s ties cross pillars at the end: past half, partners have more ties outside their own pillar than inside it.`,
    // The runs keep the E-I index; the room reads the share of ties across (words.ts acrossPercent).
    list.map((r) => ({
      name: name(r),
      colour: COLOURS[r.label],
      values: r.rows.map((x) => acrossPercent(x.eiPillarEnd)),
    })),
    '% of ties across pillars',
    { x: 50, label: 'half across' },
    extra,
  );
  if (list.length > 1) {
    const legend = el(
      'div',
      { class: 'legend-row rep-stats' },
      ...list.map((r) => el('span', { class: 'legend-item' }, swatch(COLOURS[r.label]), name(r))),
    );
    root.insertBefore(legend, root.children[1]);
  }
  return [...root.querySelectorAll<SVGSVGElement>('.histogram svg')];
}
