// A per-point digest of a sweep's runs.csv, printed when a sweep completes: for each point its
// parameter values, how many runs submitted and why the others gave up, and the median and 95%
// range of the duration of the runs that submitted (a run that gave up has no duration).
import { readFileSync, statSync } from 'node:fs';
import { splitCsvLine } from '../exec/columns.ts';
import { MIN_N_RANGE, spread } from './stats.ts';
import { human } from './summary.ts';

interface PointRuns {
  params: string[];
  n: number;
  submitted: number;
  months: number[];
  reasons: Record<string, number>;
  extra: number;
}

/** runs.csv files larger than this get no digest: it reads the file whole. */
export const DIGEST_MAX_BYTES = 256 * 1024 * 1024;

/** The digest as aligned text, at most `limit` points (the rest are counted). */
export function pointSummary(runsFile: string, limit = 40): string {
  const size = statSync(runsFile).size;
  if (size > DIGEST_MAX_BYTES)
    return `(no per-point digest: runs.csv has ${size} bytes, more than the ${DIGEST_MAX_BYTES} the digest reads; the file itself is whole)`;
  const lines = readFileSync(runsFile, 'utf8').split('\n');
  const header = splitCsvLine(lines[0]);
  const col = (name: string) => header.indexOf(name);
  const [iPoint, iSeed, iSub, iMonths, iExtra, iReason] = [
    'point',
    'seed',
    'submitted',
    'months',
    'meetingsExtra',
    'gaveUpReason',
  ].map(col);
  const paramCols = header.slice(iSeed + 1, iSub);
  const points = new Map<number, PointRuns>();
  for (let k = 1; k < lines.length; k++) {
    if (!lines[k]) continue;
    const f = splitCsvLine(lines[k]);
    const p = Number(f[iPoint]);
    let acc = points.get(p);
    if (!acc) {
      acc = { params: f.slice(iSeed + 1, iSub), n: 0, submitted: 0, months: [], reasons: {}, extra: 0 };
      points.set(p, acc);
    }
    acc.n++;
    if (f[iSub] === 'true') {
      acc.submitted++;
      acc.months.push(Number(f[iMonths]));
    } else if (f[iReason]) acc.reasons[f[iReason]] = (acc.reasons[f[iReason]] ?? 0) + 1;
    acc.extra += Number(f[iExtra]);
  }
  const ids = [...points.keys()].sort((a, b) => a - b);
  const rows = [
    [
      'point',
      ...paramCols,
      'runs',
      'submitted',
      'gave up (why)',
      'months (median, submitted)',
      '95% range',
      'extra meetings (mean)',
    ],
  ];
  for (const p of ids.slice(0, limit)) {
    const a = points.get(p)!;
    const m = spread(a.months);
    rows.push([
      String(p),
      ...a.params,
      String(a.n),
      `${Math.round((100 * a.submitted) / a.n)}%`,
      Object.entries(a.reasons)
        .sort((x, y) => y[1] - x[1])
        .map(([r, c]) => `${r} ${c}`)
        .join(', ') || '0',
      human(m.median),
      Number.isFinite(m.lo) ? `${human(m.lo)} to ${human(m.hi)}` : '',
      human(a.extra / a.n),
    ]);
  }
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const text = rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(w[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
  const more = ids.length > limit ? `\n... and ${ids.length - limit} more points (see runs.csv)` : '';
  const national = header.includes('submittedCount')
    ? '\nNational sweep: these columns are consortium 0 of each run; submittedCount and medianMonths in runs.csv count every consortium.'
    : '';
  return `${text}${more}\n\nDurations are of the runs that submitted; 95% range (2.5% to 97.5% of runs) from ${MIN_N_RANGE} runs.${national}`;
}
