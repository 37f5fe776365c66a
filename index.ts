// pilotnet as a package: `import { simulate, createSimulation, compare, sweep } from 'pilotnet'`.
// The engine's public API (sim/index.ts) and the headless runner's (cli/api.ts), nothing else;
// `pilotnet/sim` is the engine alone (no file system, usable in a browser bundle).

export * from './cli/api.ts';
export * from './sim/index.ts';
