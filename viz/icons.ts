// Icons drawn as inline SVG (constant markup, in currentColor), so no symbol on screen depends on
// an emoji font or on a text font carrying dingbats: the log's event icons, the outcome badges and
// the timeline's end marks.
import { icon } from './dom.ts';

const S =
  'fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round"';

export const ICONS = {
  meeting: '<circle cx="8" cy="8" r="4" fill="currentColor"/>',
  extra: `<path d="M4 14.5V2" ${S}/><path d="M4.6 2.2h8.4l-2.3 3.2 2.3 3.2H4.6z" fill="currentColor"/>`,
  legal: `<path d="M8 2v11.5M4.5 14h7M2.5 4h11" ${S}/><path d="M3 4.5 1 9.5h4zM13 4.5l-2 5h4z" fill="currentColor"/>`,
  write: '<path d="m2.5 13.5 1-3.5 7.2-7.2 2.5 2.5L6 12.5z" fill="currentColor"/>',
  letter: `<rect x="1.8" y="3.8" width="12.4" height="8.4" rx="1.2" ${S}/><path d="m2.4 4.6 5.6 4.3 5.6-4.3" ${S}/>`,
  check: `<path d="m2.8 8.6 3.2 3.2 7.2-7.6" ${S} stroke-width="2.2"/>`,
  reopen: `<path d="M12.6 8.6A4.7 4.7 0 1 1 8 3.4h1.5" ${S}/><path d="M8.6.8 12.4 3.4 8.6 6z" fill="currentColor"/>`,
  section: `<path d="M3.5 1.8h6l3 3v9.4h-9z" ${S}/><path d="M6 8.2h4.4M6 11h4.4" ${S}/>`,
  cross: `<path d="m4 4 8 8m0-8-8 8" ${S} stroke-width="2.2"/>`,
  star: '<path d="m8 1.3 2 4.3 4.7.5-3.5 3.2 1 4.6L8 11.5l-4.2 2.4 1-4.6-3.5-3.2 4.7-.5z" fill="currentColor"/>',
} as const;

export type IconName = keyof typeof ICONS;

/** An icon as an element (hidden from screen readers: the text next to it says the same). */
export function glyph(name: IconName): SVGSVGElement {
  const svg = icon(ICONS[name]);
  svg.setAttribute('class', 'glyph');
  return svg;
}
