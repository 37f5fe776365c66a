// The data dictionary: every column of runs.csv, weekly.csv and consortia.csv, every field of
// events.jsonl and summary.json, with its unit and definition. One source of truth: `pilotnet
// columns` prints it, docs/data.md is generated from it (`npm run docs:data`), and
// test/cli/dictionary.test.ts fails when a file the runner writes has a column without an entry.
// Column lists come from exec/columns.ts (the writers); the words are here.
import { KEY_COLUMNS, NATIONAL_COLUMNS, OUTCOME_COLUMNS, WEEKLY_METRICS } from '../exec/columns.ts';
import { CONTROVERSIES, LEGAL_OPTIONS, LINES, PILLARS, ROLE_IDS } from '../sim/index.ts';
import { COORDINATOR_ROLE } from '../sim/roles.ts';

export interface Entry {
  /** Column or field name; `<x>` marks a family (settleWeek_<controversy>). */
  name: string;
  unit: string;
  definition: string;
}

type Words = Record<string, [unit: string, definition: string]>;

const KEYS: Words = {
  scenario: ['id', 'scenario id (the `id` of the resolved scenario)'],
  scenarioHash: [
    'hex',
    'first 16 hex digits of the SHA-256 of the resolved scenario JSON (after --set and the sweep point): runs that share an id and seeds but not a scenario stay apart once merged',
  ],
  point: ['index', 'sweep point, from 0 in canonical order (0 for `run`)'],
  replicate: ['index', 'replicate number r, from 0'],
  seed: ['integer', 'the run seed, replicateSeed(base seed, r): the run repeats from it exactly'],
  consortium: ['index', 'consortium within the run, from 0 (several only in the national scenario)'],
  week: ['week', 'week of the phase, from 0'],
};

const OUTCOMES: Words = {
  submitted: ['yes/no', 'the application file was written and signed off before the horizon'],
  gaveUp: [
    'yes/no',
    'the consortium gave up (see gaveUpReason); neither this nor submitted: still running at the horizon',
  ],
  gaveUpReason: [
    'category',
    'why it gave up: horizon (calendar.horizonWeeks reached), deadline (a firm deadline passed), quorum (too few active partners); empty if it did not',
  ],
  weeks: [
    'weeks',
    'weeks until the run ended (submission, or giving up): a duration only for submitted runs',
  ],
  months: ['months', 'weeks / (52/12): months until the run ended; summaries use submitted runs only'],
  monthsOverPlan: ['months', 'months minus the planned months (calendar.plannedWeeks / (52/12))'],
  meetingsPlanned: ['meetings', 'planned meetings held, all groups'],
  meetingsExtra: ['meetings', 'extra meetings the coordinator added when planned ones ran out (§3.2)'],
  workingGroups: ['groups', 'ad hoc working groups convened on stalled controversies'],
  focusGroups: ['groups', 'focus groups held on the legal structure (§3.4)'],
  legalOutcome: [
    'category',
    'legal structure chosen: asbl, de-facto, existing-partner, innovative; empty if the legal controversy never settled',
  ],
  eiPillarStart: [
    'index -1..1',
    'Krackhardt E-I index of ties across pillars in week 0: (external - internal) / all, ties with weight >= observation.tieThreshold',
  ],
  eiPillarEnd: [
    'index -1..1',
    'E-I index across pillars in the last week (above 0: more ties across pillars than within)',
  ],
  eiLineStart: ['index -1..1', 'E-I index across care lines in week 0'],
  eiLineEnd: ['index -1..1', 'E-I index across care lines in the last week'],
  modularityPillarStart: [
    'modularity',
    'Newman modularity of the pillar partition in week 0 (weighted ties above the threshold)',
  ],
  modularityPillarEnd: [
    'modularity',
    'modularity of the pillar partition in the last week (near 0: pillars no longer structure the network)',
  ],
  assortativityPillarStart: ['coefficient -1..1', 'assortativity of ties by pillar in week 0'],
  assortativityPillarEnd: ['coefficient -1..1', 'assortativity by pillar in the last week'],
  densityStart: ['share', 'ties above the threshold / possible pairs, week 0'],
  density: ['share', 'ties above the threshold / possible pairs, last week'],
  meanTie: ['weight 0..1', 'mean weight of the ties above the threshold, last week'],
  dropouts: ['partners', 'partners who dropped out (engagement below the threshold)'],
  thinAgreements: [
    'controversies',
    'controversies whose final agreement held only on the quorum relaxed by deadline pressure (thin agreements)',
  ],
  reopenings: [
    'controversies',
    'thin agreements the sign-off group could not live with, sent back to the table',
  ],
  agreementDepth: [
    'share 0..1',
    'share of the settled controversies closed on the scenario’s own quorum rather than one relaxed by deadline pressure (empty: none settled)',
  ],
  dissent: [
    'share 0..1',
    'dissent carried into submission: mean over the settled controversies of the share of active partners farther than deliberation.epsilon from the outcome (empty: none settled)',
  ],
  volunteerHours: ['hours', 'meeting hours of the partners (volunteers), summed over attendees'],
  coordinatorHours: ['hours', "the coordinator's hours: meetings, preparation and writing"],
  coordinatorMonthsUnfunded: [
    'months',
    'months beyond what the lump sum pays (coordinator.lumpSumEur / monthlyCostEur), at least 0',
  ],
  'settleWeek_<controversy>': [
    'week',
    'week the controversy settled; -1: never settled (summaries count it as missing, never as a number); empty: not in the scenario',
  ],
  'extra_<group>': ['meetings', 'extra meetings of that governance group (by group id)'],
  '<factor>': [
    'as the parameter',
    'sweeps only: the value of each varied parameter (column named by the factor `name`, or its path)',
  ],
};

const NATIONAL: Words = {
  consortia: ['consortia', 'national scenario: consortia in the run'],
  submittedCount: ['consortia', 'consortia that submitted'],
  submittedWithin7Months: ['consortia', 'consortia that submitted within 7 months (the plan)'],
  submittedWithin14Months: ['consortia', 'consortia that submitted within 14 months'],
  gaveUpCount: ['consortia', 'consortia that gave up'],
  medianMonths: [
    'months',
    'median months over all consortia of the run, including those that gave up (their end week)',
  ],
};

const WEEKLY: Words = {
  month: ['months', '(week + 1) / (52/12): the month the week ends in, for plotting against months'],
  eiPillar: ['index -1..1', 'E-I index across pillars this week (ties above observation.tieThreshold)'],
  eiLine: ['index -1..1', 'E-I index across care lines this week'],
  assortativityPillar: ['coefficient -1..1', 'assortativity by pillar this week'],
  density: ['share', 'ties above the threshold / possible pairs'],
  meanTie: ['weight 0..1', 'mean weight of the ties above the threshold'],
  components: [
    'components',
    'connected components over ties above the threshold (an isolated partner counts as one)',
  ],
  modularityPillar: ['modularity', 'modularity of the pillar partition'],
  coordinatorBetweenness: [
    'share 0..1',
    "the coordinator's normalised betweenness, recomputed every observation.betweennessInterval weeks (and at the end)",
  ],
  coordinatorIsHub: [
    'yes/no',
    'the coordinator has the highest betweenness (ties included) at the last computation (§4.1: the coordinator as broker)',
  ],
  centralisation: [
    'index 0..1',
    'Freeman betweenness centralisation of the network: sum of (max - b_i) / (n - 1) (1: a star), at the last computation',
  ],
  fileCompletion: [
    'share 0..1',
    'share of the application file written: hours done / hours needed over its sections',
  ],
  volunteerHours: ['hours', 'partner meeting hours so far (cumulative)'],
  coordinatorHours: ['hours', 'coordinator hours so far (cumulative)'],
  meetingsPlanned: ['meetings', 'planned meetings held so far (cumulative)'],
  meetingsExtra: ['meetings', 'extra meetings held so far (cumulative)'],
  workingGroups: ['groups', 'working groups convened so far (cumulative)'],
  active: ['partners', 'partners still active (not dropped out)'],
  settled: [
    'controversies',
    'controversies settled so far (a reopened one counts again when it settles again)',
  ],
  reopenings: ['controversies', 'thin agreements reopened so far'],
  'dispersion_<controversy>': [
    'position sd 0..0.5',
    "standard deviation of the active partners' positions on the controversy (0: consensus)",
  ],
  'status_<controversy>': ['category', 'open, proposed (a proposal waits for validation) or settled'],
};

/** Every event type the engine logs, in the order of the process. */
export const EVENT_TYPES = [
  'meeting',
  'proposed',
  'settled',
  'reopened',
  'workingGroup',
  'vote',
  'legalAdvice',
  'legalChoice',
  'sectionWritten',
  'dropout',
  'submitted',
  'gaveUp',
] as const;

/** network-<replicate>.gexf: node attributes, the edge weight and the <meta> fields. */
const GEXF: Words = {
  'node id': ['actor id', 'actor id, as in events.jsonl (attendees, members, actor); 0 is the coordinator'],
  label: ['text', '"<role label> #<id>", or "coordinator <consortium + 1>"'],
  role: ['category', [...ROLE_IDS, COORDINATOR_ROLE].join(', ')],
  pillar: ['category', PILLARS.join(', ')],
  line: ['category', `care line: ${LINES.join(', ')}`],
  consortium: ['index', 'consortium, from 0 (several only in the national scenario)'],
  organisation: ['index', 'the organisation the actor belongs to'],
  coordinator: ['yes/no', 'the project coordinator'],
  engagement: ['0..1', 'engagement at the end of the run'],
  active: ['yes/no', 'still active at the end of the run (false: dropped out)'],
  'edge weight': [
    'tie strength 0..1',
    'familiarity and trust; only ties at least observation.tieThreshold are written (those runs.csv counts in density, E-I and components)',
  ],
  'meta creator': ['text', 'pilotnet and its version'],
  'meta description': [
    'text',
    'scenario id, replicate, seed, the week (end of run) and the tie threshold applied',
  ],
  'meta keywords': ['text', 'pilotnet, the scenario id, replicate and seed'],
};

const EVENTS: Words = {
  replicate: ['index', 'replicate number r'],
  seed: ['integer', 'run seed'],
  type: [
    'category',
    `${EVENT_TYPES.join(', ')} (legalAdvice: the focus groups' verdict, the option that won most of them, which weighs in the negotiation that follows; legalChoice: the structure adopted)`,
  ],
  week: ['week', 'week of the event'],
  consortium: ['index', 'consortium'],
  group: ['id', 'governance group id (meeting, proposed, settled)'],
  label: ['text', "the group's label (meeting)"],
  kind: ['category', 'meeting kind: planned, extra, working, focus'],
  invited: ['actors', 'members invited (meeting)'],
  attendees: ['actor ids', 'who attended (meeting); ids as in the GEXF network'],
  agenda: ['controversy ids', 'controversies on the agenda (meeting)'],
  hours: ['hours', 'length of the meeting'],
  controversy: ['id', 'the controversy (proposed, settled, reopened, workingGroup)'],
  support: [
    'share 0..1',
    'share of the sign-off room within the confidence bound of a thin agreement that reopened (reopened)',
  ],
  value: ['position 0..1', 'the proposed or adopted position (proposed, settled)'],
  outcome: ['text', 'the settled outcome in words (settled)'],
  members: ['actor ids', 'members (workingGroup, vote)'],
  focusGroup: ['index', 'focus group number (vote)'],
  votes: ['votes per option', 'votes for each legal option (vote)'],
  winner: ['category', 'the option with most votes (vote)'],
  considered: ['categories', 'the options on the table (vote; innovative ones need legal expertise, §3.4)'],
  option: [
    'category',
    `the legal structure chosen (legalChoice), or advised by the focus groups (legalAdvice): ${LEGAL_OPTIONS.join(', ')}`,
  ],
  section: ['id', 'file section written (sectionWritten)'],
  actor: ['actor id', 'who dropped out (dropout)'],
  reason: ['category', 'why the consortium gave up (gaveUp): horizon, deadline, quorum'],
};

const MANIFEST: Words = {
  pilotnet: ['version', 'pilotnet version that wrote the folder'],
  commit: [
    'git commit',
    'the commit pilotnet ran from when its folder is a git clone; null for an installed package',
  ],
  command: ['text', 'the command (run, sweep, merge, sensitivity, calibrate)'],
  commandLine: ['text', 'the command line as typed, shell-quoted; null when called from the library'],
  argv: ['texts', 'the arguments after `pilotnet`; null when called from the library'],
  options: ['object', "the command's options after parsing (defaults included)"],
  cwd: ['path', 'the working folder, against which relative paths in the command line resolve'],
  started: ['ISO 8601 time', 'when the command started (UTC)'],
  finished: ['ISO 8601 time', 'when this file was written (UTC)'],
  node: ['version', 'the Node.js version'],
  platform: ['text', 'operating system and processor (process.platform-process.arch)'],
  scenarios: [
    'objects',
    '{id, file, sha256} per scenario the output was computed from: SHA-256 of the resolved scenario JSON after --set (runs.csv: scenarioHash per run)',
  ],
};

const SUMMARY: Words = {
  pilotnet: ['version', 'pilotnet version that wrote the file'],
  command: ['text', 'the command (run)'],
  scenario: [
    'object',
    '{file, id, sha256}: the scenario as named, its id, and the SHA-256 of the resolved scenario JSON',
  ],
  baseSeed: ['integer', 'base seed; replicate r ran with replicateSeed(baseSeed, r)'],
  replicates: ['runs', 'number of replicates'],
  seeds: ['integers', 'the run seeds, in replicate order'],
  outcomes: [
    'object',
    'per runs.csv column, its summary over the runs (national: over every consortium of every run); fields below',
  ],
  resolvedScenario: ['object', 'the fully resolved scenario (defaults, extends and --set applied)'],
  'outcomes.*.kind': ['category', 'number, share (yes/no) or category'],
  'outcomes.*.among': [
    'category',
    'which runs a number is over: all, submitted (durations), settled (settle weeks); for categories, all or gaveUp',
  ],
  'outcomes.*.of': ['runs', 'runs considered before that selection'],
  'outcomes.*.n': ['runs', 'values summarised'],
  'outcomes.*.mean': ['as the column', 'mean (share: the share of yes)'],
  'outcomes.*.sd': ['as the column', 'standard deviation'],
  'outcomes.*.median': ['as the column', 'median'],
  'outcomes.*.lo': [
    'as the column',
    'number: 2.5% quantile of the runs (null below 20 values); share: lower end of the 95% Wilson interval (null below 5)',
  ],
  'outcomes.*.hi': ['as the column', 'number: 97.5% quantile; share: upper end of the Wilson interval'],
  'outcomes.*.min': ['as the column', 'smallest value'],
  'outcomes.*.max': ['as the column', 'largest value'],
  'outcomes.*.k': ['runs', 'share: runs with yes'],
  'outcomes.*.share': ['share 0..1', 'share: k / n'],
  'outcomes.*.counts': ['runs per category', 'category: runs per value (none: empty)'],
};

export interface FileDoc {
  file: string;
  what: string;
  entries: Entry[];
}

const entries = (words: Words, names: readonly string[]): Entry[] =>
  names.map((name) => {
    const w = words[name];
    if (!w) throw new Error(`data dictionary: no entry for ${name}`);
    return { name, unit: w[0], definition: w[1] };
  });

/** The dictionary, file by file, in the order the writers write the columns. */
export function dataDictionary(): FileDoc[] {
  const outcomeNames = [...OUTCOME_COLUMNS, 'settleWeek_<controversy>', 'extra_<group>'];
  return [
    {
      file: 'runs.csv',
      what: 'one row per run (consortium 0 and, in the national scenario, the national counts)',
      entries: [
        ...entries(KEYS, KEY_COLUMNS),
        ...entries(OUTCOMES, ['<factor>', ...outcomeNames]),
        ...entries(NATIONAL, NATIONAL_COLUMNS),
      ],
    },
    {
      file: 'consortia.csv',
      what: 'national scenario: one row per run and consortium, the outcome columns of runs.csv',
      entries: [...entries(KEYS, [...KEY_COLUMNS, 'consortium']), ...entries(OUTCOMES, outcomeNames)],
    },
    {
      file: 'weekly.csv',
      what: 'one row per run, consortium and week; `sweep --weekly COLUMNS` writes one into the sweep folder too, keyed like runs.csv (scenario, scenarioHash, point, replicate, seed, then consortium, week) with the chosen series only',
      entries: [
        ...entries(KEYS, ['scenario', 'scenarioHash', 'point', 'replicate', 'seed', 'consortium', 'week']),
        ...entries(WEEKLY, [...WEEKLY_METRICS, 'dispersion_<controversy>', 'status_<controversy>']),
      ],
    },
    {
      file: 'events.jsonl',
      what: 'one JSON event per line; fields by event type',
      entries: entries(EVENTS, Object.keys(EVENTS)),
    },
    {
      file: 'summary.json',
      what: 'outcomes over the runs, and provenance',
      entries: entries(SUMMARY, Object.keys(SUMMARY)),
    },
    {
      file: 'network-<replicate>.gexf',
      what: 'the final network of each replicate, GEXF 1.2 (viz namespace http://www.gexf.net/1.2draft/viz) for Gephi and networkx: nodes are actors, edges undirected ties',
      entries: entries(GEXF, Object.keys(GEXF)),
    },
    {
      file: 'manifest.json',
      what: 'provenance of the folder, written last by every command that writes a folder (run, sweep, merge, calibrate --method abc; sensitivity writes <method>.manifest.json); the only file with a clock in it',
      entries: entries(MANIFEST, Object.keys(MANIFEST)),
    },
  ];
}

/** The entry for a written column or field name, matching families (settleWeek_name). */
export function lookup(file: string, name: string, params: readonly string[] = []): Entry | undefined {
  const doc = dataDictionary().find((d) => d.file === file);
  if (!doc) return undefined;
  if (params.includes(name)) return doc.entries.find((e) => e.name === '<factor>');
  const exact = doc.entries.find((e) => e.name === name);
  if (exact) return exact;
  const family = (prefix: string, values: readonly string[] | null) =>
    name.startsWith(prefix) && (values === null || values.includes(name.slice(prefix.length)));
  return doc.entries.find((e) => {
    const m = /^(\w+_)<(\w+)>$/.exec(e.name);
    if (!m) return false;
    return family(m[1], m[2] === 'controversy' ? CONTROVERSIES : null);
  });
}

/** The dictionary as text (`pilotnet columns`) or Markdown (docs/data.md). */
export function formatDictionary(format: 'text' | 'md', only?: string): string {
  const docs = dataDictionary().filter((d) => !only || d.file === only);
  if (format === 'md') {
    const head =
      '# Data dictionary\n\nEvery file `pilotnet run` and `pilotnet sweep` write, column by column. Generated from\n`cli/dictionary.ts` by `npm run docs:data` (the same text as `pilotnet columns --format md`); do not edit.\n`<controversy>` is one of ' +
      CONTROVERSIES.map((c) => `\`${c}\``).join(', ') +
      '; `<group>` a governance group id. Numbers are\nwritten at full precision; yes/no as `true`/`false`; a missing value as an empty field.\n';
    const body = docs
      .map(
        (d) =>
          `## ${d.file}\n\n${d.what[0].toUpperCase()}${d.what.slice(1)}.\n\n| column | unit | definition |\n| --- | --- | --- |\n${d.entries
            .map((e) => `| \`${e.name}\` | ${e.unit} | ${e.definition.replace(/\|/g, '\\|')} |`)
            .join('\n')}\n`,
      )
      .join('\n');
    return `${head}\n${body}`;
  }
  return docs
    .map((d) => {
      const w = Math.max(...d.entries.map((e) => e.name.length));
      const u = Math.max(...d.entries.map((e) => e.unit.length));
      return `${d.file}: ${d.what}\n${d.entries.map((e) => `  ${e.name.padEnd(w)}  ${e.unit.padEnd(u)}  ${e.definition}`).join('\n')}`;
    })
    .join('\n\n');
}
