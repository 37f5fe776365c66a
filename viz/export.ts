// The Export menu: PNG, SVG, GEXF, CSV and JSON of what is on screen (writers in exporters.ts).
import { calendarOf, client, runs, slotsShown, state, views } from './app.ts';
import { saveScenario } from './editor-panel.ts';
import { composePNG, download, gexfPart, weeklyCSV } from './exporters.ts';
import type { Slot } from './protocol.ts';

export async function doExport(kind: string): Promise<void> {
  const A = runs.A;
  if (!A) return;
  const shown = slotsShown().filter((s) => runs[s]);
  const stamp = `week-${state.week}`;
  const title = (s: Slot) =>
    `${shown.length > 1 ? `${s}: ` : ''}${runs[s]!.scenario.name} — week ${state.week}`;
  switch (kind) {
    case 'png': {
      const blob = await composePNG(
        shown.map((s) => views[s].canvas),
        shown.map(title),
        `pilotnet · seed ${A.seed} · ${calendarOf(A, state.week)} · colour = pillar, shape = care line`,
      );
      download(`pilotnet-${A.scenario.id}-${stamp}.png`, blob);
      break;
    }
    case 'svg':
      download(`pilotnet-${A.scenario.id}-${stamp}.svg`, views.A.toSVG(title('A')), 'image/svg+xml');
      break;
    case 'csv':
      download(
        `pilotnet-${A.scenario.id}-weekly.csv`,
        weeklyCSV(shown.map((s) => ({ label: runs[s]!.scenario.id, run: runs[s]! }))),
        'text/csv',
      );
      break;
    case 'gexf':
      download(
        `pilotnet-${A.scenario.id}-${stamp}.gexf`,
        await client.gexf(shown.map((s) => gexfPart(s, runs[s]!, state.week))),
        'application/xml',
      );
      break;
    case 'json':
      saveScenario('A');
      break;
  }
}
