// The words drawn on the network: a meeting's label names its group, and a working group by its
// debate's title, never by the engine's id (issue 12 item 3).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulation, parseScenario } from '../../sim/index.ts';
import { PILLAR_LABELS, portrayMeeting } from '../../viz/marks.ts';
import { drawNetwork } from '../../viz/network-draw.ts';
import { acrossPercent, CONTROVERSY_WORDS, distinctNames, PILLAR_WORD } from '../../viz/words.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('meeting labels on the network', () => {
  it('name every working group of a default run by its debate, with no id on screen', () => {
    const raw = JSON.parse(readFileSync(join(ROOT, 'scenarios/default.json'), 'utf8'));
    const sim = createSimulation(parseScenario(raw, 'scenarios/default.json'), { seed: 1 });
    const coordinator = sim.snapshot().actors.findIndex((a) => a.isCoordinator);
    expect(coordinator).toBeGreaterThanOrEqual(0);
    const labels = new Set<string>();
    const kinds = new Set<string>();
    while (sim.step())
      for (const m of sim.snapshot().meetings) {
        kinds.add(m.kind);
        labels.add(portrayMeeting(m).label.replace(/ · (\d+ partners?|only the coordinator) came$/, ''));
        // The count agrees with the log's "N of M partners came, with the coordinator" (and "none
        // of M partners came, only the coordinator").
        expect(portrayMeeting(m).label).toMatch(
          m.attendees.length === 1
            ? / · only the coordinator came$/
            : new RegExp(` · ${m.attendees.length - 1} partner${m.attendees.length === 2 ? '' : 's'} came$`),
        );
        expect(m.attendees[0]).toBe(coordinator);
      }
    expect(kinds).toContain('working');
    const ids = Object.keys(CONTROVERSY_WORDS);
    const working = [...labels].filter((l) => l.startsWith('working group'));
    expect(working.length).toBeGreaterThan(0);
    for (const l of working)
      expect(
        Object.values(CONTROVERSY_WORDS).some((w) => l.includes(`“${w.title}”`)),
        l,
      ).toBe(true);
    // No camel-cased id (dataProtection) anywhere; the lower-case ids are ordinary words.
    for (const l of labels) for (const id of ids.filter((i) => /[A-Z]/.test(i))) expect(l).not.toContain(id);
  });

  it('keep a working group’s kind and its attendance in the shortest form, each form shorter than the last', () => {
    const m = {
      kind: 'working',
      group: 'working-dataProtection',
      label: 'working group',
      attendees: [0, 3],
      invited: 4,
    } as unknown as Parameters<typeof portrayMeeting>[0];
    const { label, shorts } = portrayMeeting(m);
    expect(shorts.at(-1)).toBe('working group: 1 of 4 came');
    expect(label).toMatch(/^working group on “[^”]+”, 4 members · 1 partner came$/);
    for (const [i, s] of shorts.entries())
      expect(s.length, s).toBeLessThan(i ? shorts[i - 1].length : label.length);
  });

  it('say a meeting no partner came to as such, not "0 partners came"', () => {
    const m = {
      kind: 'planned',
      group: 'project',
      label: 'project group',
      attendees: [0],
      invited: 7,
    } as unknown as Parameters<typeof portrayMeeting>[0];
    expect(portrayMeeting(m).label).toBe('project group · only the coordinator came');
  });

  it('read the E-I index as the share of ties across: none, half and all at −1, 0 and +1', () => {
    expect([-1, 0, 1, -0.5].map(acrossPercent)).toEqual([0, 50, 100, 25]);
  });
});

describe('partners told apart by their pillar', () => {
  it('name every pillar as the legend does, by one rule: "(Catholic)", "(Public bodies)", never "(public)"', () => {
    const pillars = ['catholic', 'socialist', 'liberal', 'public', 'liberal'];
    const actors = pillars.map((pillar) => ({
      consortium: 0,
      label: 'general practitioner',
      pillar,
      isCoordinator: false,
    }));
    expect(distinctNames(actors)).toEqual([
      'general practitioner (Catholic)',
      'general practitioner (Socialist)',
      'general practitioner 1 (Liberal)',
      'general practitioner (Public bodies)',
      'general practitioner 2 (Liberal)',
    ]);
    for (const [pillar, word] of Object.entries(PILLAR_WORD)) {
      expect(PILLAR_LABELS[pillar].replace(/ pillar$/, '')).toBe(word);
      expect(word[0]).toBe(word[0].toUpperCase());
    }
    expect(Object.keys(PILLAR_WORD).sort()).toEqual(Object.keys(PILLAR_LABELS).sort());
  });
});

describe('labels on the canvas', () => {
  it('are never a few pixels scaled up: under the zoom up to twice, in a larger font beyond', () => {
    // A consortium of three and its coordinator, zoomed in fourfold (as the fit does in a pane of a
    // laptop's compare): labels set in world units under the zoom were about 4 px fonts scaled up,
    // their glyphs' advances rounded at that size ("coord in ator").
    const actors = [0, 1, 2, 3].map((id) => ({
      id,
      consortium: 0,
      role: id === 0 ? 'coordinator' : 'gp',
      label: id === 0 ? 'coordinator' : 'general practitioner',
      pillar: 'catholic',
      line: ['first', 'first', 'second', 'community'][id],
      organisation: id,
      isCoordinator: id === 0,
      isChair: id === 0,
      groups: [],
    }));
    const frame = {
      week: 0,
      source: new Int32Array(0),
      target: new Int32Array(0),
      weight: new Float32Array(0),
      active: new Uint8Array([1, 1, 1, 1]),
      engagement: new Float32Array([1, 0.7, 0.7, 0.7]),
      degree: new Float32Array(4),
      betweenness: new Float32Array(4),
      meetings: [],
    };
    for (const [dpr, k] of [
      [1, 4],
      [2, 4],
      [1, 0.3],
    ]) {
      let scale = 1;
      let font = '';
      const drawn: { text: string; scale: number; px: number }[] = [];
      const record = (text: string) => drawn.push({ text, scale, px: Number.parseFloat(font.split(' ')[1]) });
      const ctx = new Proxy({} as Record<string | symbol, unknown>, {
        get(t, p) {
          if (p === 'setTransform') return (a: number) => (scale = a);
          if (p === 'fillText') return record;
          if (p === 'measureText')
            return (s: string) => ({ width: s.length * 0.55 * Number.parseFloat(font.split(' ')[1]) });
          if (p in t) return t[p];
          return () => {};
        },
        set(t, p, v) {
          if (p === 'font') font = v;
          t[p] = v;
          return true;
        },
      }) as unknown as CanvasRenderingContext2D;
      const xy = new Float32Array([0, 0, 80, 20, -40, 60, 30, -70]);
      drawNetwork(ctx, actors, frame, [], 0.1, {
        xy,
        view: { k, x: 300, y: 300 },
        markScale: Math.min(1.6, Math.sqrt(k)),
        sizeBy: 'degree',
        hovered: -1,
        consortia: [],
        width: 683 * dpr,
        height: 600 * dpr,
        dpr,
        clear: { top: 60, right: 60, bottom: 40 },
        minType: 0,
        only: -1,
      });
      const coordinator = drawn.find((d) => d.text === 'coordinator');
      expect(coordinator, `dpr ${dpr}, zoom ${k}`).toBeDefined();
      for (const d of drawn) {
        const at = `${d.text} at dpr ${dpr}, zoom ${k}`;
        // Under the zoom up to twice, never more: a larger font instead.
        expect(d.scale, at).toBeCloseTo(dpr * Math.min(k, 2), 9);
        // Its size on screen, in CSS px: the type's, at any zoom.
        const css = (d.px * d.scale) / dpr;
        expect(css, at).toBeGreaterThanOrEqual(9);
        expect(css, at).toBeLessThanOrEqual(40);
        // The font itself never a few pixels (a 4 px font scaled up spaced its letters unevenly).
        expect(d.px, at).toBeGreaterThanOrEqual(8);
      }
    }
  });
});
