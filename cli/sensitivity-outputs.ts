// The model's outputs that the sensitivity analyses read from a run, and the opening of their SVG
// charts; light enough for a worker thread to load.
import type { Outcomes } from '../sim/index.ts';

export const OUTPUTS: Record<string, (o: Outcomes) => number> = {
  months: (o) => o.months,
  meetingsExtra: (o) => o.meetingsExtra,
  eiPillarEnd: (o) => o.eiPillarEnd,
  eiLineEnd: (o) => o.eiLineEnd,
  asblShare: (o) => (o.legalOutcome === 'asbl' ? 1 : 0),
  dropouts: (o) => o.dropouts,
};
export type OutputName = keyof typeof OUTPUTS;

/** Text for SVG: escaped so a name from a file is shown, never read as markup. */
export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The opening of a chart: the svg element, a white background and the title. */
export const svgStart = (W: number, H: number, title: string): string[] => [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="10">`,
  `<rect width="${W}" height="${H}" fill="white"/>`,
  `<text x="${W / 2}" y="18" text-anchor="middle" font-size="13">${esc(title)}</text>`,
];
