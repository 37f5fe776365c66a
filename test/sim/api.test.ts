// The public API is small and pinned: a change to it is a deliberate, visible decision.
import { describe, expect, it } from 'vitest';
import * as api from '../../sim/index.ts';
import { scenario } from '../helpers/scenario.ts';

describe('public API (sim/index.ts)', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'CONTROVERSIES',
        'DEFAULTS',
        'INTEREST_RATIONALE',
        'LEGAL_OPTIONS',
        'LINES',
        'PILLARS',
        'ROLES',
        'ROLE_IDS',
        'ScenarioError',
        'TOPICS',
        'WEEKS_PER_MONTH',
        'createRunContext',
        'createSimulation',
        'deepMerge',
        'formatProblems',
        'parseScenario',
        'replicateSeed',
        'resolveScenario',
        'scenarioSchema',
        'setPath',
        'simulate',
        'toGraph',
        'validateScenario',
      ].sort(),
    );
  });

  it('simulate has one variant, summary, hanging off it', () => {
    expect(Object.keys(api.simulate)).toEqual(['summary']);
  });

  it('a simulation exposes step, snapshot, result and read-only progress', () => {
    const sim = api.createSimulation(scenario(), { seed: 3 });
    expect(Object.keys(sim).sort()).toEqual([
      'done',
      'result',
      'scenario',
      'seed',
      'snapshot',
      'step',
      'week',
    ]);
    expect(sim.week).toBe(0);
    expect(sim.step()).toBe(true);
    expect(sim.week).toBe(1);
  });

  it('DEFAULTS are frozen, so no caller can change another run', () => {
    expect(Object.isFrozen(api.DEFAULTS)).toBe(true);
    expect(Object.isFrozen(api.DEFAULTS.ties)).toBe(true);
    expect(() => {
      (api.DEFAULTS.ties as { alpha: number }).alpha = 1;
    }).toThrow();
  });
});
