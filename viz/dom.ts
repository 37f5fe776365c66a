// Building DOM from data: strings become text nodes, never markup (STYLE §13). Every string from a
// scenario file, a share link or the editor reaches the page through here or through textContent.

type Child = Node | string | number | null | undefined | false;
type Props = { class?: string; style?: Partial<CSSStyleDeclaration>; [attr: string]: unknown };

/** An element with attributes and children; string children are text, never parsed as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props)
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = String(v);
      else if (k === 'style') Object.assign(e.style, v);
      else e.setAttribute(k, String(v));
    }
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

/** A small coloured square, as used in legends and tooltips. */
export const swatch = (colour: string) => el('span', { class: 'swatch', style: { background: colour } });

/** An inline SVG made of constant markup written in the code (never data): icons and legend shapes. */
export function icon(markup: string, viewBox = '0 0 16 16'): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', viewBox);
  svg.setAttribute('aria-hidden', 'true');
  svg.innerHTML = markup;
  return svg;
}

/**
 * A partner's mark in small: its care line's shape (circle, square, triangle) in its pillar's
 * colour, built element by element (no markup from data), as the legend and the network draw it.
 */
export function shapeChip(shape: 'circle' | 'square' | 'triangle', colour: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'mark-chip');
  svg.dataset.shape = shape;
  const s =
    shape === 'circle'
      ? document.createElementNS(ns, 'circle')
      : shape === 'square'
        ? document.createElementNS(ns, 'rect')
        : document.createElementNS(ns, 'polygon');
  const at: Record<string, string> =
    shape === 'circle'
      ? { cx: '8', cy: '8', r: '6.5' }
      : shape === 'square'
        ? { x: '2', y: '2', width: '12', height: '12' }
        : { points: '8,1 15,14 1,14' };
  for (const [k, v] of Object.entries(at)) s.setAttribute(k, v);
  s.setAttribute('fill', colour);
  svg.append(s);
  return svg;
}
