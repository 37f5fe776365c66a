// `npm start`: first, in plain words, where a facilitator opens the browser view and what the room
// will see there; then the default scenario run once, in figures, for analysts.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

console.log(`pilotnet: watch the partners of a care pilot project grow into a network, meeting by meeting.

To show it to a room:
  1. Run  npm run viz  and open  http://127.0.0.1:5173  in a browser
     (add  -- --host  to reach it from a tablet on the same network).
  2. Press Present at the top (or open http://127.0.0.1:5173/?present): large type, and the
     story told week by week, pausing at each key moment. The ending stays hidden until you reach it.
  3. Press Play. You will see the organisations, coloured by pillar (catholic, socialist, liberal,
     public bodies), meet in groups and tie up across pillars; "What if meetings were halved?"
     shows the same partners with half the meetings, side by side.

For analysts, below: the default scenario run once here, in figures (nothing is written).
`);

const run = spawnSync(
  process.execPath,
  [join(root, 'bin/pilotnet.js'), 'run', join(root, 'scenarios/default.json'), '--summary-only'],
  { stdio: 'inherit' },
);
process.exit(run.status ?? 1);
