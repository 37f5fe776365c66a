// Determinism and common random numbers (MODEL.md §4): same scenario and seed, same bytes; a change
// that touches one stream leaves the others alone.
import { describe, expect, it } from 'vitest';
import { createSimulation, replicateSeed, simulate } from '../../sim/index.ts';
import { scenario } from '../helpers/scenario.ts';

const bytes = (x: unknown) =>
  JSON.stringify(x, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));

describe('determinism', () => {
  it('gives identical output for the same scenario and seed', () => {
    const s = scenario();
    expect(bytes(simulate(s, { seed: 42 }))).toBe(bytes(simulate(s, { seed: 42 })));
  });

  it('gives different runs for different seeds', () => {
    const s = scenario();
    expect(bytes(simulate(s, { seed: 1 }).weekly)).not.toBe(bytes(simulate(s, { seed: 2 }).weekly));
  });

  it('the summary fast path agrees with the full run on every outcome', () => {
    const s = scenario();
    for (const seed of [1, 7, 99]) {
      expect(simulate.summary(s, { seed })).toEqual(simulate(s, { seed }).summary);
    }
  });

  it('stepping by hand gives the same result as simulate', () => {
    const s = scenario();
    const sim = createSimulation(s, { seed: 5 });
    while (sim.step());
    expect(bytes(sim.result())).toBe(bytes(simulate(s, { seed: 5 })));
    expect(sim.step()).toBe(false);
  });

  it('replicate seeds come from identity: replicate r has the same seed whatever else runs', () => {
    const a = Array.from({ length: 10 }, (_, r) => replicateSeed(1, r));
    expect(new Set(a).size).toBe(10);
    expect(replicateSeed(1, 7)).toBe(a[7]);
    expect(replicateSeed(2, 7)).not.toBe(a[7]);
  });
});

describe('common random numbers', () => {
  const start = (s: ReturnType<typeof scenario>, seed: number) => createSimulation(s, { seed }).snapshot();

  it('a change to engagement only draws the same consortium and the same initial network', () => {
    const a = start(scenario(), 11);
    const b = start(scenario({ attendanceFees: true, engagement: { fatigue: 0.09 } }), 11);
    expect(b.actors).toEqual(a.actors);
    expect(bytes(b.ties)).toBe(bytes(a.ties));
  });

  it('a change to the governance structure draws the same consortium', () => {
    const a = start(scenario(), 12);
    const b = start(scenario({ coach: { enabled: false }, deliberation: { rule: 'hk' } }), 12);
    const strip = (s: typeof a) => s.actors.map(({ groups: _g, ...rest }) => rest);
    expect(strip(b)).toEqual(strip(a));
    expect(bytes(b.ties)).toBe(bytes(a.ties));
  });

  it('a change to the meeting calendar only draws the same consortium and the same groups', () => {
    const halved = [
      { id: 'reflection', plannedMeetings: 1 },
      { id: 'project', plannedMeetings: 4, interval: 8 },
      { id: 'steering', plannedMeetings: 2, interval: 14 },
    ];
    const a = start(scenario(), 14);
    const b = start(scenario({ governance: { groups: halved } }), 14);
    expect(b.actors).toEqual(a.actors);
    expect(bytes(b.ties)).toBe(bytes(a.ties));
  });

  it('paired runs that differ in meetings share the attendance stream at the start', () => {
    const base = simulate(scenario(), { seed: 13 });
    const fees = simulate(scenario({ attendanceFees: true }), { seed: 13 });
    const first = (r: typeof base) => r.events.find((e) => e.type === 'meeting');
    expect(first(fees)).toEqual(first(base));
  });
});
