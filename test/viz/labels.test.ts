// Label placement (viz/network-draw.ts placeLabels) always ends, and places labels apart. A
// rounding error once kept a label "moving" to the same place forever on the way down (below the
// presentation caption), which froze the render worker and the page. The placement runs in a child
// process with a time limit, so a regression fails here instead of hanging the suite.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeLabels } from '../../viz/network-draw.ts';

const ROOT = resolve(import.meta.dirname, '../..');

const script = `
import { placeLabels } from './viz/network-draw.ts';
// A seeded stream, so the cases are the same on every run.
let s = 12345;
const rnd = () => {
  // mulberry32
  s = (s + 0x6d2b79f5) | 0;
  let t = Math.imul(s ^ (s >>> 15), 1 | s);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
let cases = 0, overlaps = 0, above = 0;
for (let c = 0; c < 3000; c++) {
  const n = 2 + Math.floor(rnd() * 4);
  const labels = Array.from({ length: n }, (_, i) => {
    const h = 5 + rnd() * 25;
    // Close together near the top, so most must go up, meet the caption, and come back down.
    return { x: rnd() * 40, y: -80 + rnd() * 40, h, size: 13, text: 'label ' + i };
  });
  const within = { x0: -500, x1: 500, y0: -100 + rnd() * 20 };
  const placed = placeLabels((l) => 60 + l.text.length, labels, 0, within);
  cases++;
  for (const [i, p] of placed.entries()) {
    if (p.y - p.h < within.y0 - 1e-9) above++;
    for (const q of placed.slice(i + 1))
      if (Math.abs(p.x - q.x) * 2 < p.w + q.w && p.y > q.y - q.h && p.y - p.h < q.y) overlaps++;
  }
}
// The cases that once never ended: a label B just above a placed label A, pushed up past the
// caption and back down below A, where A's y plus B's height and gap, less them again, rounds
// below A's y.
let tricky = 0;
while (tricky < 200) {
  // Full 53-bit fractions (one 32-bit draw leaves too few bits for the rounding to show).
  const a = -100 + (rnd() + rnd() / 2 ** 32) * 60;
  const b = 5 + (rnd() + rnd() / 2 ** 32) * 25;
  const g = b * 0.25;
  if (!(a + b + g - b - g < a)) continue;
  tricky++;
  const labels = [
    { x: 0, y: a, h: 10, size: 13, text: 'A' },
    { x: 0, y: a - 1, h: b, size: 13, text: 'B' },
  ];
  const within = { x0: -500, x1: 500, y0: a - 10 - 0.25 * b - b + 1 };
  const placed = placeLabels(() => 60, labels, 0, within);
  cases++;
  const [p, q] = placed;
  if (Math.abs(p.x - q.x) * 2 < p.w + q.w && p.y > q.y - q.h && p.y - p.h < q.y) overlaps++;
}
console.log(JSON.stringify({ cases, overlaps, above }));
`;

describe('label placement', () => {
  it('ends on every generated case, with no two labels overlapping and none above the caption', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.signal, 'placeLabels did not end within 20 s').toBeNull();
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({ cases: 3200, overlaps: 0, above: 0 });
  });
});

describe('a partner’s name finds a place by its mark', () => {
  // Widths: 6 world units a character, as the SVG export estimates them at this size.
  const width = (l: { text: string }, text = l.text) => text.length * 6;
  const name = (x: number, y: number, r: number, text: string) => ({
    x,
    y: y + r + 10,
    h: 10,
    size: 11,
    text,
    optional: true,
    around: { x, y, r },
  });
  const box = (l: { x: number; y: number; w: number; h: number }) => ({
    x0: l.x - l.w / 2,
    x1: l.x + l.w / 2,
    y0: l.y - l.h,
    y1: l.y,
  });
  const coversDisc = (
    l: { x: number; y: number; w: number; h: number },
    d: { x: number; y: number; r: number },
  ) => {
    const b = box(l);
    const cx = Math.max(b.x0, Math.min(b.x1, d.x));
    const cy = Math.max(b.y0, Math.min(b.y1, d.y));
    return (cx - d.x) ** 2 + (cy - d.y) ** 2 < d.r ** 2;
  };

  it('two marks side by side: the second name stands over its mark, clear of the first and of both marks', () => {
    const marks = [
      { x: 0, y: 0, r: 5 },
      { x: 30, y: 0, r: 5 },
    ];
    const placed = placeLabels(
      width,
      [name(0, 0, 5, 'Home nursing'), name(30, 0, 5, 'City hospital')],
      0,
      undefined,
      marks,
    );
    expect(placed.map((l) => l.text)).toEqual(['Home nursing', 'City hospital']);
    const [a, b] = placed;
    const [A, B] = [box(a), box(b)];
    expect(A.x0 < B.x1 && B.x0 < A.x1 && A.y0 < B.y1 && B.y0 < A.y1, 'the names overlap').toBe(false);
    for (const l of placed)
      for (const d of marks) expect(coversDisc(l, d), `"${l.text}" covers a mark`).toBe(false);
    // One stays under its mark, the other stands above its own (x kept, baseline over the mark).
    expect(placed.some((l) => l.y > 0) && placed.some((l) => l.y <= -5)).toBe(true);
  });

  it('a name too long for the room left is shortened to its first words and "…", the whole kept', () => {
    // A mark hemmed in: marks above and below it, the pane's edges 60 units either side.
    const marks = [
      { x: 0, y: 0, r: 5 },
      { x: 0, y: -22, r: 5 },
      { x: 0, y: 22, r: 5 },
    ];
    const within = { x0: -60, x1: 60, y0: -100, y1: 100 };
    const [l] = placeLabels(
      width,
      [name(0, 0, 5, 'Public social-help centre of the town')],
      0,
      within,
      marks,
    );
    expect(l.text).toMatch(/…$/);
    expect(l.full).toBe('Public social-help centre of the town');
    expect(l.full?.startsWith(l.text.slice(0, -1))).toBe(true);
    for (const d of marks) expect(coversDisc(l, d)).toBe(false);
    expect(l.x - l.w / 2).toBeGreaterThanOrEqual(within.x0);
    expect(l.x + l.w / 2).toBeLessThanOrEqual(within.x1);
  });

  it('a name with no place clear of the marks is left out, and a short form that reads as another label is not used', () => {
    const marks = [
      { x: 0, y: 0, r: 5 },
      { x: 0, y: -14, r: 5 },
      { x: 0, y: 14, r: 5 },
      { x: -14, y: 0, r: 5 },
      { x: 14, y: 0, r: 5 },
    ];
    expect(
      placeLabels(width, [name(0, 0, 5, 'Saint Anne hospital (director)')], 0, undefined, marks),
    ).toEqual([]);
    // Two of one name, each hemmed in: the second may not take the first's short form.
    const hemmed = (y: number) => [
      { x: 0, y, r: 5 },
      { x: 0, y: y - 22, r: 5 },
      { x: 0, y: y + 22, r: 5 },
    ];
    const two = placeLabels(
      width,
      [name(0, 0, 5, 'Saint Anne hospital (director)'), name(0, 200, 5, 'Saint Anne hospital (manager)')],
      0,
      { x0: -65, x1: 65, y0: -100, y1: 300 },
      [...hemmed(0), ...hemmed(200)],
    );
    expect(two.map((l) => [l.text, l.full])).toEqual([
      ['Saint Anne…', 'Saint Anne hospital (director)'],
      ['Saint Anne hospital…', 'Saint Anne hospital (manager)'],
    ]);
  });
});

describe('a meeting’s label stays by its halo', () => {
  const width = (l: { text: string }, text = l.text) => text.length * 6;
  // A small halo (box -20..20) with marks packed over it up to 90 units above: clear of them, the
  // label would stand far above its meeting.
  const packed = Array.from({ length: 5 }, (_, i) => ({ x: 0, y: -30 - 15 * i, r: 6 }));
  const label = (beside: { x: number; y: number; side: -1 | 0 | 1 }[]) => ({
    x: 0,
    y: -25,
    h: 10,
    size: 13,
    text: 'working group · 3 partners came',
    halo: { x0: -20, y0: -20, x1: 20, y1: 20 },
    beside,
  });

  it('under the halo where above it is taken, rather than far above it', () => {
    const [l] = placeLabels(width, [label([{ x: 0, y: 35, side: 0 }])], 0, undefined, packed);
    expect(l.y).toBe(35);
  });

  it('left out where no place by the halo nor over the marks is clear', () => {
    const blocked = [...packed, { x: 0, y: 30, r: 6 }, { x: -60, y: 4, r: 30 }, { x: 60, y: 4, r: 30 }];
    const beside = [
      { x: 0, y: 35, side: 0 as const },
      { x: -25, y: 4, side: -1 as const },
      { x: 25, y: 4, side: 1 as const },
    ];
    // Far above the packed marks it would be clear: kept there where nothing by the halo is.
    const [far] = placeLabels(width, [label(beside)], 0, undefined, blocked);
    expect(far.y).toBeLessThan(-90);
    // With the pane's top just over the packed marks and its bottom under the halo, there is none.
    expect(placeLabels(width, [label(beside)], 0, { x0: -300, x1: 300, y0: -100, y1: 40 }, blocked)).toEqual(
      [],
    );
  });
});

describe('the coordinator’s label stays by its ring', () => {
  const width = (l: { text: string }, text = l.text) => text.length * 6;
  const coordinator = { x: 0, y: -15, h: 10, size: 13, text: 'coordinator', around: { x: 0, y: 0, r: 15 } };
  it('over the ring where that is clear, else under it, else left out; never on a mark', () => {
    const ring = { x: 0, y: 0, r: 10 };
    expect(placeLabels(width, [coordinator], 1, undefined, [ring])[0].y).toBe(-15);
    const over = { x: 20, y: -22, r: 5 };
    const [l] = placeLabels(width, [coordinator], 1, undefined, [ring, over]);
    expect(l.y).toBe(25);
    const round = [ring, over, { x: -20, y: 20, r: 5 }, { x: 45, y: 0, r: 5 }, { x: -45, y: 0, r: 5 }];
    expect(placeLabels(width, [coordinator], 1, undefined, round)).toEqual([]);
  });
});

describe('a meeting whose label finds no place by its halo', () => {
  // Marks over the whole middle of the pane, from its top to its foot: no place by the meeting's
  // halo or above or below it is clear, only the pane's corners are.
  const width = (l: { text: string }, text = l.text) => text.length * 6;
  const marks: { x: number; y: number; r: number }[] = [];
  for (let x = -150; x <= 150; x += 10) for (let y = -300; y <= 300; y += 10) marks.push({ x, y, r: 7 });
  const whole = 'project group (extra meeting) · 5 partners came';
  const meeting = () => ({
    x: 0,
    y: -20,
    h: 13,
    size: 13,
    text: whole,
    shorts: ['project group (extra meeting) · 5 came', 'project group (extra meeting)'],
    oneLine: true,
    halo: { x0: -30, y0: -20, x1: 30, y1: 30 },
    beside: [
      { x: 0, y: 45, side: 0 as const },
      { x: -30, y: 5, side: -1 as const },
      { x: 30, y: 5, side: 1 as const },
    ],
  });

  it('is told in its own words in a corner, as the screen and the other export tell it, not as "1 project group this week"', () => {
    const placed = placeLabels(width, [meeting()], 0, { x0: -600, x1: 600, y0: -300, y1: 300 }, marks);
    expect(placed.map((l) => l.text)).toEqual([whole]);
    expect(placed[0].x + placed[0].w / 2).toBeLessThanOrEqual(-157);
    // Where the corner is too narrow for the whole label, a shorter form of it, the whole kept.
    const narrow = placeLabels(width, [meeting()], 0, { x0: -340, x1: 340, y0: -300, y1: 300 }, marks);
    expect(narrow.map((l) => l.text)).toEqual(['project group (extra meeting)']);
    expect(narrow[0].full).toBe(whole);
  });

  it('where even its name is too wide, is said as a sentence, never counted as "1 project group" or "1 meeting"', () => {
    const said = (w: number) =>
      placeLabels(width, [meeting()], 0, { x0: -w, x1: w, y0: -300, y1: 300 }, marks).map((l) => l.text);
    expect(said(280)).toEqual(['project group met']);
    expect(said(220)).toEqual(['a meeting']);
  });
});
