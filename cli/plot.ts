// The comparison plot: one row per outcome with the mean paired difference (B - A) and its 95%
// interval on the row's own scale, zero marked. SVG text from d3 scales; no DOM needed.
import { format } from 'd3-format';
import { scaleLinear } from 'd3-scale';
import type { CompareResult } from './compare.ts';
import { human } from './summary.ts';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function comparePlot(r: CompareResult): string {
  const rowH = 34;
  const left = 250;
  const plotW = 380;
  const right = 240;
  const top = 58;
  const width = left + plotW + right;
  const height = top + rowH * r.outcomes.length + 30;
  const tick = format('~g');
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold">${esc(`${r.b.name} − ${r.a.name}: paired mean difference and 95% CI`)}</text>`,
    `<text x="12" y="40" fill="#555">${esc(`${r.replicates} replicate pairs with common seeds (base seed ${r.baseSeed}); each row has its own scale, centred on 0`)}</text>`,
  );
  r.outcomes.forEach((x, k) => {
    const y = top + k * rowH + rowH / 2;
    const ext = Math.max(Math.abs(x.lo), Math.abs(x.hi), Math.abs(x.diff)) || 1;
    const s = scaleLinear()
      .domain([-ext * 1.15, ext * 1.15])
      .range([left, left + plotW])
      .nice();
    const [d0, d1] = s.domain();
    const clear = Number.isFinite(x.lo) && (x.lo > 0 || x.hi < 0);
    const colour = !clear ? '#888' : x.diff > 0 ? '#c0392b' : '#2471a3';
    if (k % 2 === 0)
      parts.push(`<rect x="0" y="${y - rowH / 2}" width="${width}" height="${rowH}" fill="#f6f6f6"/>`);
    parts.push(
      `<text x="${left - 10}" y="${y + 4}" text-anchor="end">${esc(x.unit && !x.label.includes(x.unit) ? `${x.label} (${x.unit === 'percentage points' ? 'pp' : x.unit})` : x.label)}</text>`,
      `<line x1="${left}" x2="${left + plotW}" y1="${y}" y2="${y}" stroke="#ddd"/>`,
      `<line x1="${s(0)}" x2="${s(0)}" y1="${y - 11}" y2="${y + 11}" stroke="#333"/>`,
      `<text x="${left}" y="${y + 14}" font-size="9" fill="#999">${tick(d0)}</text>`,
      `<text x="${left + plotW}" y="${y + 14}" font-size="9" fill="#999" text-anchor="end">${tick(d1)}</text>`,
    );
    if (Number.isFinite(x.lo) && Number.isFinite(x.hi))
      parts.push(
        `<line x1="${s(x.lo)}" x2="${s(x.hi)}" y1="${y}" y2="${y}" stroke="${colour}" stroke-width="2.5"/>`,
      );
    if (Number.isFinite(x.diff)) parts.push(`<circle cx="${s(x.diff)}" cy="${y}" r="4.5" fill="${colour}"/>`);
    const ci = Number.isFinite(x.lo) ? ` [${human(x.lo)}, ${human(x.hi)}]` : '';
    parts.push(`<text x="${left + plotW + 12}" y="${y + 4}">${esc(`${human(x.diff)}${ci}`)}</text>`);
  });
  parts.push(
    `<text x="12" y="${height - 10}" fill="#555" font-size="11">${esc(`red: B higher, blue: B lower, grey: no clear difference (the interval contains 0). pilotnet ${r.pilotnet}`)}</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
