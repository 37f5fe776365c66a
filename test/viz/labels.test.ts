// Label placement (viz/network-draw.ts placeLabels) always ends, and places labels apart. A
// rounding error once kept a label "moving" to the same place forever on the way down (below the
// presentation caption), which froze the render worker and the page. The placement runs in a child
// process with a time limit, so a regression fails here instead of hanging the suite.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

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
