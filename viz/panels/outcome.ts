// The Outcome tab: the run's summary table, or A, B and B − A side by side when comparing.
import { $, endTold, runs, slotLabel, slotsShown, state, WEEKS_PER_MONTH } from '../app.ts';
import { el } from '../dom.ts';
import type { RunData } from '../engine-client.ts';
import { acrossPercent, CONTROVERSY_WORDS, LEGAL_WORDS } from '../words.ts';

interface Row {
  label: string;
  /** The analysts' name of the measure, kept off the screen: the label's tooltip. */
  term?: string;
  get: (r: RunData) => number | string;
  fmt?: (v: number) => string;
  /** +1 when more is better, -1 when less is better, 0 when neutral. */
  better?: number;
}

/** Whether the table is on screen (it is held back until the ending is told). */
export let shownAtEnd = false;

/**
 * Whether the outcome of every run on screen may be told: the rule of the tagline and the timeline's
 * end marks (app.ts endTold), presenting or not: once watched to its end, or, outside presentation
 * mode, when the ending was asked for.
 */
export const outcomeTold = (): boolean =>
  slotsShown().every((s) => !runs[s]?.summary || endTold(runs[s].summary.weeks));

/** The row of the time past the plan, in months: the plan's length when A and B share it. */
function overPlan(): string {
  const plans = new Set(slotsShown().map((s) => runs[s]?.scenario.calendar.plannedWeeks));
  const [weeks] = plans;
  return plans.size === 1 && typeof weeks === 'number'
    ? `Months over the plan (${weeks} weeks, about ${Math.round(weeks / WEEKS_PER_MONTH)} months)`
    : 'Months over each plan';
}

export function buildOutcome(): void {
  const body = $('[data-body="outcome"]');
  const shown = slotsShown().filter((s) => runs[s]?.summary);
  if (!shown.length) return;
  if (!outcomeTold()) {
    const wait = el(
      'p',
      { class: 'intro', id: 'outcome-wait' },
      `The outcome appears when the run reaches its end${state.present ? '.' : ', or now: '}`,
    );
    // The header's control, the one way to ask for the ending (outside presentation mode).
    if (!state.present)
      wait.append(
        el('button', { type: 'button', class: 'link-btn', id: 'outcome-reveal' }, 'Show the ending'),
        '.',
      );
    body.replaceChildren(wait);
    $('#outcome-reveal', body)?.addEventListener('click', () => $('#reveal-btn').click());
    shownAtEnd = false;
    return;
  }
  shownAtEnd = true;
  // A national run's rows after the national ones are the consortium the charts follow.
  const o = (r: RunData) => r.summary!.consortia[state.follow] ?? r.summary!.outcomes;
  const nat = (r: RunData) => r.summary!.national;
  // A consortium of one pillar has no ties across pillars to count and no pillars to keep apart:
  // its 0% across beside a separation of 0.00 ("mixed"), coloured as B doing better, read as the
  // best-mixed consortium of the two.
  const onePillar = (r: RunData) => {
    const pillars = new Set<string>();
    for (const a of r.actors) if (a.consortium === state.follow && !a.isCoordinator) pillars.add(a.pillar);
    return pillars.size < 2;
  };
  const f1 = (v: number) => v.toFixed(1);
  const f2 = (v: number) => v.toFixed(2);
  const f0 = (v: number) => v.toFixed(0);
  const rows: Row[] = [
    { label: 'Time to write the file (months)', get: (r) => o(r).months, fmt: f1, better: -1 },
    // The plan is 30 weeks, 6.9 months (the study's "7 months"): the row names it in weeks and in
    // the study's round months ("6.9 months" read as another plan than the 7 said everywhere else).
    { label: overPlan(), get: (r) => o(r).monthsOverPlan, fmt: f1, better: -1 },
    { label: 'File submitted', get: (r) => (o(r).submitted ? 'yes' : `no (${o(r).gaveUpReason})`) },
    { label: 'Legal structure', get: (r) => LEGAL_WORDS[o(r).legalOutcome || 'none'] ?? o(r).legalOutcome },
    { label: 'Planned meetings held', get: (r) => o(r).meetingsPlanned, fmt: f0, better: 0 },
    { label: 'Extra meetings', get: (r) => o(r).meetingsExtra, fmt: f0, better: -1 },
    { label: 'Working groups', get: (r) => o(r).workingGroups, fmt: f0, better: 0 },
    // The share of ties across in per cent (words.ts acrossPercent), its difference in points.
    {
      label: 'Ties across pillars at the end (%)',
      term: 'E-I index across pillars, as the share of ties across: (E-I + 1) / 2',
      get: (r) => (onePillar(r) ? 'one pillar only' : acrossPercent(o(r).eiPillarEnd)),
      fmt: f0,
      better: 1,
    },
    {
      label: 'Ties across care lines at the end (%)',
      term: 'E-I index across care lines, as the share of ties across: (E-I + 1) / 2',
      get: (r) => acrossPercent(o(r).eiLineEnd),
      fmt: f0,
      better: 1,
    },
    {
      // Read as the Network tab's chart reads it: 0 is "mixed", higher is "more apart".
      label: 'How separate the pillars stay at the end (0 = mixed, higher = more apart)',
      term: 'Modularity of the pillar split',
      get: (r) => (onePillar(r) ? 'one pillar only' : o(r).modularityPillarEnd),
      fmt: f2,
      better: -1,
    },
    {
      label: 'Possible ties that exist at the end (%)',
      term: 'Density',
      get: (r) => o(r).density * 100,
      fmt: f0,
      better: 1,
    },
    { label: 'Partners who dropped out', get: (r) => o(r).dropouts, fmt: f0, better: -1 },
    { label: 'Volunteer hours', get: (r) => o(r).volunteerHours, fmt: f0, better: -1 },
    { label: 'Coordinator months unfunded', get: (r) => o(r).coordinatorMonthsUnfunded, fmt: f1, better: -1 },
  ];
  for (const c of runs.A!.controversies)
    rows.push({
      label: `Settled: ${CONTROVERSY_WORDS[c]?.title ?? c} (week)`,
      get: (r) => {
        const w = o(r).settleWeek[c] ?? -1;
        return w < 0 ? 'never' : w + 1;
      },
      fmt: f0,
      better: -1,
    });
  const national: Row[] =
    runs.A!.scenario.consortia > 1
      ? [
          { label: 'Consortia that submitted', get: (r) => nat(r)?.submittedCount ?? 0, fmt: f0, better: 1 },
          { label: '… within 7 months', get: (r) => nat(r)?.submittedWithin7Months ?? 0, fmt: f0, better: 1 },
          {
            label: 'Median time to write the file, all consortia (months)',
            get: (r) => nat(r)?.medianMonths ?? 0,
            fmt: f1,
            better: -1,
          },
        ]
      : [];
  rows.unshift(...national);
  const compare = shown.length === 2;
  // A figure below zero carries a minus sign (the firm deadline's "-0.5" months over the plan), and
  // one that rounds to zero has none ("-0.00").
  const printed = (t: string) => (Number(t) === 0 ? t.replace('-', '') : t.replace('-', '−'));
  const fmt = (row: Row, v: number | string) =>
    typeof v === 'number' ? printed((row.fmt ?? f2)(v)) : String(v);
  const head = compare ? ['Outcome', 'A', 'B', 'B − A'] : ['Outcome', 'This run'];
  const lines = rows.map((row) => {
    const vals = shown.map((s) => row.get(runs[s]!));
    const cells = vals.map((v) => el('td', null, fmt(row, v)));
    if (compare) {
      const [a, b] = vals;
      if (typeof a === 'number' && typeof b === 'number') {
        // The difference of the figures as shown: of the unrounded ones, 49 and 50 read "0".
        const shownAs = (v: number) => Number((row.fmt ?? f2)(v));
        const d = shownAs(b) - shownAs(a);
        // A difference that rounds to 0 at the precision shown is no difference: neutral, unsigned.
        const text = (row.fmt ?? f2)(d);
        const zero = Number(text) === 0;
        const cls = row.better && !zero ? (Math.sign(d) === row.better ? 'better' : 'worse') : '';
        // Signed both ways in print: "+7" and "−7" (a hyphen read as a dash beside the plus).
        cells.push(
          el(
            'td',
            { class: cls },
            zero ? (row.fmt ?? f2)(0) : `${d > 0 ? '+' : ''}${text.replace('-', '−')}`,
          ),
        );
      } else cells.push(el('td', null, a === b ? '=' : '≠'));
    }
    return el('tr', null, el('td', row.term ? { title: row.term } : null, row.label), ...cells);
  });
  // In a national run the rows after the national ones are one consortium's alone, the one the
  // charts and the grid follow; a row says which, so no one reads them as the nation's.
  if (national.length) {
    const note = el('td', { class: 'section-note' }, `Below: consortium ${state.follow + 1} alone`);
    note.setAttribute('colspan', String(head.length));
    lines.splice(national.length, 0, el('tr', null, note));
  }
  const names = shown.flatMap((s) => [el('b', null, s), `: ${slotLabel(s)}`, el('br')]);
  const seed = runs.A!.seed;
  const intro = el(
    'p',
    { class: 'intro' },
    ...names,
    // The structure first, the seed for those who repeat it ("Seed 1:" opened the table's words).
    compare
      ? `Both draw the same partners and the same luck (seed ${seed}), so the differences come from the structure. Green: B does better; red: B does worse.`
      : `One run (seed ${seed}); “100 runs” shows how much runs differ.`,
  );
  const table = el(
    'table',
    { class: 'summary', id: 'summary-table' },
    el(
      'thead',
      null,
      el(
        'tr',
        null,
        ...head.map((h) =>
          // (B − A on one line: it wrapped to "B −" over "A" at 1366.)
          el('th', { scope: 'col', style: { whiteSpace: 'nowrap' } }, h),
        ),
      ),
    ),
    el('tbody', null, ...lines),
  );
  body.replaceChildren(intro, table);
}
