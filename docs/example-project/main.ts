// A project that uses pilotnet as a library: one run, a simulation stepped week by week, a paired
// comparison with a coached pilot, and a small sweep on two worker threads.
// npm install && npm run build && npm start (see README.md).
import {
  compare,
  createSimulation,
  loadScenario,
  parseVary,
  planFromScenario,
  type RunSummary,
  simulate,
  sweep,
} from 'pilotnet';

// A scenario file of this project; "extends": "default" names the preset shipped with pilotnet.
const mine = loadScenario('scenarios/no-coach.json');

// One run to the end.
const { summary } = simulate(mine.scenario, { seed: 7 });
const said = (s: RunSummary) =>
  s.outcomes.submitted ? `submitted after ${s.outcomes.months.toFixed(1)} months` : 'gave up';
console.log(`one run of ${mine.scenario.id}, seed 7: ${said(summary)}`);

// The same run stepped week by week, as a view or a notebook would.
const sim = createSimulation(mine.scenario, { seed: 7 });
let weeks = 0;
while (sim.step()) weeks++;
console.log(`stepped: ${weeks} weeks, same outcome: ${said(sim.result().summary) === said(summary)}`);

// Common random numbers: both scenarios run with the same replicate seeds.
const diff = compare(loadScenario('scenarios/with-coach.json'), mine, { replicates: 20 });
console.log(`compared over ${diff.replicates} pairs:`);
for (const o of diff.outcomes.slice(0, 2)) console.log(`  ${o.sentence}`);

// A sweep on the package's worker pool: rows stream to results/sweep/runs.csv.
const plan = planFromScenario('scenarios/no-coach.json', [parseVary('coordinator.hoursPerWeek=10,19')], {
  replicates: 10,
});
const report = await sweep(plan, { out: 'results/sweep', workers: 2, force: true });
console.log(`sweep: ${report.completed} runs in ${report.out}/runs.csv`);
