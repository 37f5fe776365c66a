// Test helpers: build scenarios from partial objects (each test its own; defaults never mutated).
import { parseScenario, type Scenario } from '../../sim/index.ts';

export function scenario(partial: Record<string, unknown> = {}): Scenario {
  return parseScenario({ id: 'test', ...partial }, '<test>');
}
