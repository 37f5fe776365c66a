#!/usr/bin/env node
// pilotnet command-line entry: registers tsx so the TypeScript sources run as they are, then
// hands over to cli/main.ts. `npx pilotnet --help` lists the commands.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
