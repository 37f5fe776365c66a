// pilotnet engine: the public API (re-exports only; pinned by test/sim/api.test.ts).

export type { RunContext, Simulation, SimulationOptions, SummaryOptions } from './engine.ts';
export { createRunContext, createSimulation, simulate, WEEKS_PER_MONTH } from './engine.ts';
export { toGraph } from './graph.ts';
export { replicateSeed } from './rng.ts';
export { LINES, PILLARS, ROLE_IDS, ROLES, TOPICS } from './roles.ts';
export { DEFAULTS, INTEREST_RATIONALE } from './scenario/defaults.ts';
export type { ControversyId, GroupSpec, LegalOption, Scenario } from './scenario/schema.ts';
export { CONTROVERSIES, LEGAL_OPTIONS, scenarioSchema } from './scenario/schema.ts';
export type { Problem, Resolution, ScenarioLoader } from './scenario/validate.ts';
export {
  deepMerge,
  formatProblems,
  parseScenario,
  resolveScenario,
  ScenarioError,
  setPath,
  validateScenario,
} from './scenario/validate.ts';
export type * from './types.ts';
