// The Export menu: PNG, SVG, GEXF, CSV and JSON of what is on screen (writers in exporters.ts).
import {
  calendarOf,
  client,
  endTold,
  maxWeek,
  runs,
  seenTo,
  slotLabel,
  slotsShown,
  state,
  taggedLabel,
  views,
} from './app.ts';
import { saveScenario } from './editor-panel.ts';
import { composePNG, composeSVG, download, gexfPart, weeklyCSV } from './exporters.ts';
import type { Slot } from './protocol.ts';

/**
 * The menu's words for what each item exports. In Watch and Compare, what is on screen ("Network
 * picture (PNG)"). On the 100 runs' page nothing of the menu is on screen: its network picture was
 * one run's network at week 0 under a name that promised the page's charts, so there each item says
 * whose run and which week it exports, and that the charts are not in it (called when it opens).
 */
/**
 * Presenting, before the room has reached the end: the week the panels are drawn to (app.ts
 * seenTo). The weekly series stops there (a file opened in front of the room gave the whole run
 * away); null otherwise, where it is the analysts' whole series.
 */
const roomWeek = (): number | null => (state.present && !endTold(maxWeek()) ? seenTo() : null);

export function labelExports(menu: HTMLElement): void {
  const many = state.mode === 'replicates';
  const who = slotsShown().join(' and ');
  const one = `one run of ${who}`;
  const words: Record<string, [string, string]> = {
    png: ['Network picture (PNG)', `Network of ${one}, week ${state.week} (PNG)`],
    svg: ['Network drawing (SVG)', `Network of ${one}, week ${state.week} (SVG)`],
    gexf: ['Network for Gephi (GEXF, this week)', `Network of ${one} for Gephi (GEXF, week ${state.week})`],
    csv: [
      roomWeek() === null ? 'Weekly series (CSV)' : `Weekly series up to week ${roomWeek()} (CSV)`,
      `Weekly series of ${one} (CSV)`,
    ],
    json: ['Scenario (JSON)', `Scenario of ${who} (JSON)`],
  };
  for (const b of menu.querySelectorAll<HTMLElement>('[data-export]')) {
    const w = words[b.dataset.export ?? ''];
    if (!w) continue;
    b.textContent = many ? w[1] : w[0];
    if (many) b.title = 'One run, as Watch shows it; not the charts of the 100 runs on this page';
    else b.removeAttribute('title');
  }
}

export async function doExport(kind: string): Promise<void> {
  const A = runs.A;
  if (!A) return;
  const shown = slotsShown().filter((s) => runs[s]);
  const compare = shown.length > 1;
  const stamp = `week-${state.week}`;
  const when = `week ${state.week} (${calendarOf(A, state.week)})`;
  // Each network titled by the week it shows: a run that ended before the week on screen stands at
  // its last week (A submitted at week 52 was titled "week 56", B's week).
  const title = (s: Slot) => {
    const r = runs[s]!;
    const w = Math.min(state.week, r.lastWeek);
    return `${taggedLabel(s)} — ${w < state.week ? `week ${w}, its last (${calendarOf(r, w)})` : when}`;
  };
  const footer = `pilotnet · ${shown.map((s) => `${compare ? `${s}: ` : ''}${slotLabel(s)}`).join(' · ')} · seed ${A.seed} · ${when}`;
  const base = `pilotnet-${A.scenario.id}${compare ? '-compare' : ''}`;
  switch (kind) {
    case 'png': {
      // Drawn from the SVG of each network, as wide as on screen and fitted to it (the title goes
      // over it, whole).
      const blob = await composePNG(
        shown.map((s) => {
          const size = views[s].exportSize();
          return { svg: views[s].toSVG('', size), ...size };
        }),
        shown.map(title),
        footer,
      );
      download(`${base}-${stamp}.png`, blob);
      break;
    }
    case 'svg': {
      const parts = shown.map((s) => {
        const size = views[s].exportSize(title(s));
        return { svg: views[s].toSVG(title(s), size), ...size };
      });
      download(
        `${base}-${stamp}.svg`,
        composeSVG(parts, shown.map(title).join(' | '), footer),
        'image/svg+xml',
      );
      break;
    }
    case 'csv': {
      const to = roomWeek();
      download(
        `${base}-weekly${to === null ? '' : `-to-week-${to}`}.csv`,
        weeklyCSV(
          shown.map((s) => ({ slot: s, label: slotLabel(s), run: runs[s]! })),
          to ?? Number.POSITIVE_INFINITY,
        ),
        'text/csv',
      );
      break;
    }
    case 'gexf':
      download(
        `${base}-${stamp}.gexf`,
        await client.gexf(shown.map((s) => gexfPart(s, runs[s]!, state.week, slotLabel(s)))),
        'application/xml',
      );
      break;
    case 'json':
      // One scenario file per network shown (each loads back into the view and the CLI), named A and B.
      for (const s of shown) saveScenario(s, compare ? `-${s}` : '');
      break;
  }
}
