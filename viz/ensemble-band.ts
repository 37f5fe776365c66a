// The band across calibrations in the 100-runs mode: once A and B have run, the same comparison
// across calibrations drawn from the shipped posterior (scenarios/posterior/default.csv), as
// `pilotnet compare A B --ensemble default` does it, with fewer draws so that it fits a browser:
// particles drawn by weight from the seed, replicate r of A and of B sharing a seed within each,
// each outcome pooled by report/ensemble.ts. Shown next to the interval at the shipped calibration.
import seedrandom from 'seedrandom';
import { COMPARE_OUTCOMES, compareSummaries } from '../report/compare.ts';
import {
  calibrationsPhrase,
  drawMembers,
  type EnsembleOutcome,
  parsePosterior,
  poolOutcome,
  posteriorFits,
} from '../report/ensemble.ts';
import { amount } from '../report/format.ts';
import posteriorText from '../scenarios/posterior/default.csv?raw';

// The posterior's predictive check, when one was recorded (`pilotnet calibrate --check-posterior`):
// the band calls its calibrations "the calibrations that fit the study" only when the check, made on
// this very posterior, passed (report/ensemble.ts posteriorFits). A glob: no file, no check.
const checks = import.meta.glob('../scenarios/posterior/default.check.json', {
  eager: true,
  import: 'default',
}) as Record<string, unknown>;
export const POSTERIOR_FITS = posteriorFits(Object.values(checks)[0], posteriorText);

import { replicateSeed } from '../sim/index.ts';
import { $, blankSpec, client, reps, sourceOf, state, whatIfSpec } from './app.ts';
import { el } from './dom.ts';

/** Calibrations drawn and paired replicates per calibration (the CLI's defaults are 50 and 10). */
export const BAND_DRAWS = 20;
export const BAND_REPLICATES = 5;
const SHOWN = ['months', 'submitted', 'meetingsExtra', 'legalAsbl'];

export function runEnsembleBand(): void {
  const a = reps.A;
  const b = reps.B;
  const out = $('#rep-ensemble');
  out.replaceChildren();
  if (!a || !b) return;
  const posterior = parsePosterior(posteriorText);
  if (!posterior.ok) {
    out.append(el('p', { class: 'note' }, `The shipped posterior cannot be read: ${posterior.message}`));
    return;
  }
  const seed = a.seed;
  const members = drawMembers(
    posterior.paths,
    posterior.particles,
    BAND_DRAWS,
    seedrandom(`ensemble:${seed}`),
  );
  const status = el('p', { class: 'note' }, 'Running A and B across calibrations…');
  out.append(status);
  const specB = whatIfSpec() ?? state.b;
  if (!specB) return;
  client.ensemble(
    sourceOf(state.a),
    sourceOf(specB),
    sourceOf(blankSpec('default')),
    seed,
    members.map((m) => m.values),
    BAND_REPLICATES,
    {
      onProgress(done, total) {
        status.textContent = `Running A and B across ${members.length} calibrations: ${done} of ${total} runs…`;
      },
      onDone(runsA, runsB) {
        const n = a.summaries.length;
        const base = compareSummaries(a.summaries, b.summaries, {
          pilotnet: '',
          a: { name: 'A', title: a.name, file: '', id: a.scenario.id, sha256: '' },
          b: { name: 'B', title: b.name, file: '', id: b.scenario.id, sha256: '' },
          baseSeed: seed,
          seeds: Array.from({ length: n }, (_, r) => replicateSeed(seed, r)),
        });
        const w = members.map((m) => m.weight);
        const pooled = base.outcomes
          .filter((o) => SHOWN.includes(o.key))
          .map((o) =>
            poolOutcome(o, runsA, runsB, w, BAND_REPLICATES, 'A', 'B', calibrationsPhrase(POSTERIOR_FITS)),
          );
        out.replaceChildren(bandTable(pooled, members.length, n));
      },
      onProblems(problems) {
        status.textContent = `Across calibrations: ${problems.map((p) => p.message).join('; ')}`;
      },
    },
  );
}

const iv = (lo: number, hi: number, unit: string) =>
  Number.isFinite(lo) ? `${amount(lo, unit)} to ${amount(hi, unit)}` : '–';

function bandTable(rows: EnsembleOutcome[], calibrations: number, pairs: number): HTMLElement {
  const table = el('table', { class: 'ensemble-band' });
  const head = el('tr');
  for (const h of [
    'B − A',
    'at the shipped calibration (95% CI)',
    'across calibrations (pooled 95%)',
    'calibrations agreeing',
  ])
    head.append(el('th', {}, h));
  table.append(el('thead', {}, head));
  const body = el('tbody');
  for (const x of rows) {
    const spec = COMPARE_OUTCOMES.find((s) => s.key === x.key);
    const tr = el('tr', { 'data-outcome': x.key });
    tr.append(
      el('th', {}, spec?.label ?? x.key),
      el('td', { class: 'stochastic' }, iv(x.stochasticLo, x.stochasticHi, x.unit)),
      el('td', { class: 'pooled' }, iv(x.lo, x.hi, x.unit)),
      el('td', {}, Number.isFinite(x.sameSign) ? `${Math.round(100 * x.sameSign)}%` : '–'),
    );
    body.append(tr);
  }
  table.append(body);
  const months = rows.find((r) => r.key === 'months');
  const box = el('div', { class: 'ensemble' });
  box.append(
    el(
      'h3',
      {},
      POSTERIOR_FITS
        ? 'Across the calibrations that fit the study'
        : 'Across calibrations drawn from the posterior',
    ),
    table,
    el('p', { class: 'sentence' }, months ? `${months.sentence}.` : ''),
    el(
      'p',
      { class: 'note' },
      `${calibrations} calibrations drawn from the shipped posterior, ${BAND_REPLICATES} pairs each; the first interval is over the ${pairs} pairs above at the shipped calibration. The pooled interval adds what the study leaves open about the parameters (docs/uncertainty.md); pilotnet compare --ensemble default gives the full version.${POSTERIOR_FITS ? '' : ' The posterior’s predictive check has not shown that these calibrations fit the study.'}`,
    ),
  );
  return box;
}
