// `npm start`: first, in plain words, where a facilitator opens the browser view and what the room
// will see there; then the default scenario over 100 seeded runs, in figures, for analysts (the
// figures of the view's "100 runs": a single run's, quoted to a room, would be one draw of luck).
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

For analysts, below: the default scenario over 100 seeded runs, in figures (nothing is written):
what the view's "100 runs" shows. One run is one draw of luck, so quote these, not a single run's.
`);

const run = spawnSync(
  process.execPath,
  [
    join(root, 'bin/pilotnet.js'),
    'run',
    join(root, 'scenarios/default.json'),
    '--replicates',
    '100',
    '--summary-only',
  ],
  { stdio: 'inherit' },
);
// The way to the view said again under the table, where the eye ends up.
if (run.status === 0)
  console.log('\nTo watch it: npm run viz, then open http://127.0.0.1:5173 (steps at the top).');
process.exit(run.status ?? 1);
