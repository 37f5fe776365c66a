// Validation: the nine stylised facts of MODEL.md §8 that the calibrated default must reproduce
// (pattern-oriented modelling, Grimm et al. 2005), each over 200 seeded replicates.
// Runs under the deliberation rule in PILOTNET_RULE (default `deffuant`); docs/calibration.md gives
// the command for `hk` and which patterns hold under it.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../cli/calibrate.ts';
import type { RunSummary, Scenario } from '../../sim/index.ts';
import {
  attritionPattern,
  closurePattern,
  type DetailedRun,
  delayPattern,
  extraMeetingsPattern,
  familiarPattern,
  fragmentationPattern,
  hubPattern,
  modularityPattern,
  type PatternResult,
  runDetailedMany,
  runSummaries,
  tamingPattern,
} from '../../sim/patterns.ts';

const RULE = process.env.PILOTNET_RULE ?? 'deffuant';
const REPLICATES = 200;
const SEED = 1;

const memo = <T>(f: () => T) => {
  let v: T | undefined;
  return () => {
    v ??= f();
    return v;
  };
};
const scenario = (name: string): Scenario => loadScenario(name, { 'deliberation.rule': RULE });
const base = memo(() => scenario('default'));
const runs = memo((): RunSummary[] => runSummaries(base(), REPLICATES, SEED));
const detailed = memo((): DetailedRun[] => runDetailedMany(base(), REPLICATES, SEED));

const holds = (r: PatternResult) => expect(r.pass, `pattern ${r.id} (${r.key}): ${r.measured}`).toBe(true);

describe(`patterns of MODEL.md §8 under the ${RULE} rule (${REPLICATES} replicates)`, {
  timeout: 120_000,
}, () => {
  it('1. delay: median 11–15 months, fewer than 10% within 7 months (§3.3: 13 instead of 7)', () => {
    const r = delayPattern(runs());
    expect(runs()).toHaveLength(REPLICATES);
    holds(r);
    expect(r.value).toBeGreaterThanOrEqual(11);
    expect(r.value).toBeLessThanOrEqual(15);
  });

  it('2. planned meetings are not enough: an extra meeting in >= 90% of runs (§3.1, §3.3)', () => {
    holds(extraMeetingsPattern(runs()));
  });

  it('3. fragmentation overcome: E-I by pillar and line from below -0.4, rising >= 0.3, in >= 95% (§4.1)', () => {
    holds(fragmentationPattern(runs()));
  });

  it('4. exploitation of the familiar: ASBL in 55–85%, at least 20 points fewer with a legal expert (§3.4)', () => {
    const expert = runSummaries(scenario('legal-expert'), REPLICATES, SEED);
    const r = familiarPattern(runs(), expert);
    holds(r);
    expect(r.value).toBeGreaterThanOrEqual(0.55);
    expect(r.value).toBeLessThanOrEqual(0.85);
  });

  it('5. taming precedes agreement: more tied rooms settle more often; legal and funding settle last (§4.1)', () => {
    holds(tamingPattern(detailed()));
  });

  it('6. attrition: over 20 consortia the median number failing to submit is 1 (§3.1: 19 of 20)', () => {
    const national = runSummaries(scenario('national'), REPLICATES, SEED);
    expect(national[0].national?.consortia).toBe(20);
    holds(attritionPattern(national));
  });

  it('7. pillar walls come down: the modularity of the pillar partition at least halves', () => {
    holds(modularityPattern(runs()));
  });

  it('8. the coordinator is the hub in most weeks, and centralisation falls as cross ties grow', () => {
    holds(hubPattern(detailed()));
  });

  it('9. every controversy closes before submission, and one needs an extra meeting or a working group', () => {
    holds(closurePattern(runs(), base()));
  });
});
