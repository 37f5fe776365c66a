// Scenario schema: every parameter of the model with its unit and a one-line meaning.
// The model is MODEL.md / docs/ODD.md; defaults are in ./defaults.ts, merged before validation
// (STYLE principle 4: defaults, then validation, then diagnostics with a path).
import * as z from 'zod';
import { LINES, PILLARS, ROLE_IDS } from '../roles.ts';
import { ID_MESSAGE, ID_PATTERN } from './limits.ts';

export const CONTROVERSIES = ['name', 'targets', 'actions', 'dataProtection', 'funding', 'legal'] as const;
export type ControversyId = (typeof CONTROVERSIES)[number];

/** §3.4: a new non-profit (familiar), a de facto association, mandate a partner, or something new. */
export const LEGAL_OPTIONS = ['asbl', 'de-facto', 'existing-partner', 'innovative'] as const;
export type LegalOption = (typeof LEGAL_OPTIONS)[number];

const num = (min: number, max: number, unit: string, description: string) =>
  z.number().min(min).max(max).meta({ unit, description });
const int = (min: number, max: number, unit: string, description: string) =>
  z.number().int().min(min).max(max).meta({ unit, description });
const range01 = (unit: string, description: string) =>
  z
    .tuple([z.number().min(0).max(1), z.number().min(0).max(1)])
    .refine(([lo, hi]) => lo <= hi, { message: 'expected [low, high] with low <= high' })
    .meta({ unit, description });
const share = (description: string) => num(0, 1, 'share', description);
const onOff = (description: string) => z.boolean().meta({ description });

const roleEnum = z.enum(ROLE_IDS as [string, ...string[]]);
const controversyEnum = z.enum(CONTROVERSIES);
const pillarMix = z.strictObject(
  Object.fromEntries(
    PILLARS.map((p) => [p, num(0, 1, 'weight', `weight of the ${p} pillar in the mix`)]),
  ) as Record<(typeof PILLARS)[number], z.ZodNumber>,
);
const lineMix = z.strictObject(
  Object.fromEntries(
    LINES.map((l) => [l, num(0, 1, 'weight', `weight of the ${l} line in the mix`)]),
  ) as Record<(typeof LINES)[number], z.ZodNumber>,
);
const perControversy = (inner: z.ZodNumber) =>
  z.strictObject(
    Object.fromEntries(CONTROVERSIES.map((c) => [c, inner])) as Record<ControversyId, z.ZodNumber>,
  );
const perLegalOption = (description: string) =>
  z.strictObject(
    Object.fromEntries(LEGAL_OPTIONS.map((o) => [o, num(0, 1, 'score', description)])) as Record<
      LegalOption,
      z.ZodNumber
    >,
  );

/** The longest partner name a scenario takes, and the most prior ties (a partner list's limits too). */
export const PARTNER_NAME_MAX = 120;
export const PRIOR_TIES_MAX = 20000;

export const groupSchema = z.strictObject({
  id: z.string().regex(/^[a-zA-Z][\w-]*$/, 'expected an identifier (letters, digits, - or _)'),
  label: z.string().meta({ description: 'name shown in outputs and in the browser view' }),
  members: z.enum(['all', 'key', 'concerned', 'lead']).meta({
    description:
      'who sits in it: all = whole consortium; key = the most influential partners, every line represented; concerned = highest stakes; lead = the lead organisation and its closest partners',
  }),
  size: int(1, 100000, 'actors', 'number of members (ignored for members = all)'),
  includes: z.array(z.string()).meta({ description: 'ids of groups whose members also sit here' }),
  plannedMeetings: int(0, 200, 'meetings', 'meetings in the reverse-planning calendar'),
  firstWeek: int(0, 520, 'week', 'week of the first planned meeting (0 = first week of the phase)'),
  interval: int(1, 520, 'weeks', 'weeks between planned meetings'),
  meetingHours: num(0.25, 24, 'hours', 'length of one meeting'),
  extraInterval: int(1, 520, 'weeks', 'weeks between extra meetings the coordinator adds'),
  minAttendance: share('share of members who must attend for the group to decide'),
});
export type GroupSpec = z.infer<typeof groupSchema>;

export const scenarioSchema = z.strictObject({
  $schema: z.string().optional().meta({ description: 'path of the JSON Schema, for editors' }),
  id: z
    .string()
    .regex(ID_PATTERN, ID_MESSAGE)
    .meta({ description: 'short identifier, used in file names and seeds (letters, digits, ".", "_", "-")' }),
  name: z.string().meta({ description: 'title' }),
  description: z
    .string()
    .meta({ description: 'what the scenario changes and which paper section motivates it' }),
  seed: int(0, 2 ** 31 - 1, 'integer', 'base seed; a replicate r runs with a seed derived from (seed, r)'),
  consortia: int(
    1,
    200,
    'consortia',
    'independent consortia sharing the clock (national scenario, §3.1: 20)',
  ),
  calendar: z.strictObject({
    plannedWeeks: int(1, 520, 'weeks', 'planned length of the conceptualisation phase (§3.3: 7 months)'),
    horizonWeeks: int(1, 1040, 'weeks', 'hard horizon: the consortium gives up when it is reached'),
    startMonth: int(1, 12, 'month', 'calendar month the phase starts in (7 = July)'),
    holidayMonths: z
      .array(int(1, 12, 'month', 'a holiday month'))
      .meta({ description: 'months of holidays' }),
    holidayFactor: share('attendance is multiplied by (1 - holidayFactor) in holiday months'),
    deadline: z.enum(['flexible', 'firm']).meta({
      description:
        'flexible (the study): every project was granted the extension, and a late file is still counted; firm: no extension, the phase ends at plannedWeeks',
    }),
    extensionWeeks: int(
      0,
      520,
      'weeks',
      'extension of the national deadline granted to every project (§3.1: the phase ran July 2016 – September 2017, 14 months, against 7 planned)',
    ),
    adaptation: z.strictObject({
      weeks: num(
        0,
        104,
        'weeks',
        'how long before a deadline consortia start to adapt (denser meetings, relaxed quorum); calibrated',
      ),
      quorumRelief: share('share of the agreement quorum given up at the deadline itself (time pressure)'),
      chairBoost: num(0, 10, 'factor', 'the chair’s synthesis pull grows by this factor times the pressure'),
      overtimeHours: num(
        0,
        80,
        'hours/week',
        'extra hours the coordinator works at the deadline itself, times the pressure',
      ),
      plannedDeadlineWeight: share(
        'pressure of the planned deadline when an extension follows it, relative to the last deadline',
      ),
    }),
  }),
  composition: z.strictObject({
    size: int(2, 46000, 'actors', 'partners drawn from the mixes (the coordinator is added)'),
    pillarMix: pillarMix.meta({ description: 'relative weight of each pillar (§1.1)' }),
    lineMix: lineMix.meta({ description: 'relative weight of each care line (§3.3)' }),
    roles: z
      .array(
        z.strictObject({
          role: roleEnum,
          count: int(1, 10000, 'actors', 'how many'),
          pillar: z.enum(PILLARS).optional(),
        }),
      )
      .meta({ description: 'partners added by name on top of those drawn from the mixes' }),
    partners: z
      .array(
        z.strictObject({
          name: z
            .string()
            .trim()
            .min(1)
            .max(PARTNER_NAME_MAX)
            .meta({ description: 'the organisation, as the room knows it' }),
          role: roleEnum,
          pillar: z.enum(PILLARS),
          line: z.enum(LINES),
        }),
      )
      .min(1)
      .max(2000)
      .optional()
      .meta({
        description:
          'a real consortium: these partners (and the coordinator) instead of drawing them; size, mixes and roles are then not used',
      }),
    priorTies: z
      .array(z.tuple([z.string().max(PARTNER_NAME_MAX), z.string().max(PARTNER_NAME_MAX)]))
      .max(PRIOR_TIES_MAX)
      .optional()
      .meta({ description: 'pairs of partner names who already work together (a tie from week 0)' }),
    sameOrganisation: share('probability that a hospital role joins an existing hospital of its pillar'),
    variation: share('national scenario: how much size and mixes vary between consortia'),
    availability: z
      .tuple([num(0.5, 200, 'hours/month', 'low'), num(0.5, 200, 'hours/month', 'high')])
      .meta({ unit: 'hours/month', description: 'volunteer hours a month, drawn uniformly (§3.2)' }),
    engagement: range01('share', 'initial engagement, drawn uniformly'),
    stubbornness: range01('share', 'stubbornness (Friedkin–Johnsen), drawn uniformly'),
    positionNoise: num(0, 1, 'position', 'spread of initial positions around the role interest'),
    stakesNoise: num(0, 1, 'share', 'spread of stakes around the controversy mean'),
    expertiseNoise: num(0, 1, 'share', 'spread of expertise around the role mean'),
  }),
  ties: z.strictObject({
    alpha: num(0, 1, 'per conversation', 'tie growth: w += alpha (1 - w) per conversation'),
    decay: num(0, 1, 'per week', 'tie decay: w -= decay w each week'),
    k: int(1, 1000, 'partners', 'conversation partners per attendee in a large meeting'),
    homophily: z
      .strictObject({
        familiar: num(0, 100, 'weight', 'extra weight of a partner per unit of tie strength'),
        samePillar: num(0, 100, 'weight', 'extra weight of a partner of one’s own pillar'),
      })
      .meta({
        description:
          'in a large meeting, conversation partners are drawn with weight 1 + familiar × tie + samePillar × [same pillar] (homophily; §4.1)',
      }),
    initial: z.strictObject({
      sameOrganisation: range01('tie strength', 'strength of ties within one organisation'),
      samePillarLine: z.strictObject({
        probability: share('probability of a tie between two actors of one pillar and line'),
        strength: range01('tie strength', 'its strength'),
      }),
      other: z.strictObject({
        probability: share('probability of any other tie'),
        strength: range01('tie strength', 'its strength'),
      }),
      referenceSize: int(
        2,
        100000,
        'actors',
        'size at which the probabilities hold; they scale as 1/n above it',
      ),
    }),
  }),
  deliberation: z.strictObject({
    rule: z
      .enum(['deffuant', 'hk'])
      .meta({ description: 'deffuant: pairwise bounded confidence; hk: weighted Hegselmann–Krause' }),
    mu: num(0, 1, 'share', 'convergence rate of a pairwise exchange'),
    d0: num(0, 1, 'position', 'confidence bound between strangers'),
    dTrust: num(0, 1, 'position', 'widening of the bound per unit of tie strength'),
    muChair: num(0, 1, 'share', 'pull of the chair’s synthesis, times the tie to the chair'),
    gamma: num(0, 1, 'share', 'pull back towards one’s own interest (Friedkin–Johnsen)'),
    eta: num(0, 1, 'share', 'how much ties in the room lower stubbornness ("taming", §4.1)'),
    epsilon: num(0, 1, 'position', 'agreement: distance to the median that counts as agreeing'),
    quorum: share('agreement: share of attendees within epsilon of the median'),
    agendaSize: int(1, 6, 'controversies', 'controversies on one meeting’s agenda'),
    processLoss: num(
      0,
      1,
      'per attendee',
      'process losses (Steiner 1972): a meeting of n attendees moves opinions by 1 / (1 + processLoss (n - 1)) of a pairwise exchange',
    ),
    reopenSupport: share(
      'a thin agreement (closed on a relaxed quorum) reopens at the sign-off when fewer than this share of the room lie within the confidence bound of it',
    ),
  }),
  controversies: z.strictObject({
    order: z.array(controversyEnum).meta({ description: 'order in which controversies come on the agenda' }),
    stakes: perControversy(num(0, 1, 'share', 'mean stakes')).meta({
      description: 'how much actors care, mean',
    }),
    interests: z
      .partialRecord(roleEnum, z.partialRecord(controversyEnum, num(0, 1, 'position', 'interest')))
      .meta({ description: 'role-by-controversy interest table: each actor starts at its role’s interest' }),
    pillarInterests: z
      .partialRecord(controversyEnum, z.partialRecord(z.enum(PILLARS), num(-1, 1, 'position', 'shift')))
      .meta({
        description:
          'pillar-aligned stakes (§3.3): each partner’s starting position is shifted by its pillar’s entry',
      }),
  }),
  legal: z.strictObject({
    familiarityBias: num(0, 5, 'utility', 'bonus for familiar options, times (1 - legal expertise)'),
    exploreThreshold: num(0, 1, 'expertise', 'legal expertise above which "innovative" is considered'),
    voteNoise: num(0, 5, 'utility', 'spread of the noise in a vote'),
    expertInfluence: share('how far a legal expert in the room lifts the others’ legal expertise'),
    asblCost: num(
      0,
      5,
      'utility',
      'administrative load of creating an ASBL, weighed in the negotiation after the focus groups (§3.4: "the structure before the horse")',
    ),
    adviceWeight: num(
      0,
      5,
      'utility',
      'weight of the focus groups’ majority in the negotiation that follows',
    ),
    negotiationMajority: share('share of the votes an option needs at a negotiation meeting to be chosen'),
    familiarity: perLegalOption('how familiar the option is to the partners'),
    location: perLegalOption(
      'where the option lies on the legal controversy’s axis (0 keep, 1 new structure)',
    ),
  }),
  focusGroups: z.strictObject({
    enabled: z.boolean().meta({ description: 'decide the legal structure through focus groups (§3.4)' }),
    size: int(2, 1000, 'actors', 'members of one focus group (§3.4: 10–15)'),
    meetingHours: num(0.25, 24, 'hours', 'length of a focus group'),
    leadWeeks: int(0, 52, 'weeks', 'weeks between legal reaching the agenda and the focus groups'),
    groups: int(
      0,
      1000,
      'groups',
      'groups in the session (0: as many as size allows; §3.4: the joint session of two projects had four)',
    ),
  }),
  engagement: z.strictObject({
    fatigue: num(
      0,
      10,
      'per hour/availability',
      'engagement lost per meeting: fatigue × hours / availability',
    ),
    progressGain: num(0, 1, 'per settlement', 'engagement gained per controversy settled that week'),
    tieGain: num(0, 100, 'per unit of tie', 'engagement gained per rise of the actor’s mean tie strength'),
    disappointment: num(
      0,
      10,
      'per unit of stake × distance',
      'engagement lost when a matter settles beyond one’s confidence bound: disappointment × stakes × (distance − d0) (exit, Hirschman 1970)',
    ),
    dropoutLevel: share('engagement below which an actor is at risk of dropping out'),
    dropoutWeeks: int(1, 520, 'weeks', 'weeks below dropoutLevel before dropping out'),
    feeFatigueFactor: share('fatigue is multiplied by this when attendance fees are paid (§3.2)'),
    crowding: num(
      0,
      5,
      'exponent',
      'attendance falls smoothly with the number invited: times (1 + (invited - 1) / ties.initial.referenceSize)^-crowding',
    ),
  }),
  mechanisms: z
    .strictObject({
      taming: onOff('ties in the room lower stubbornness (deliberation.eta; §4.1 "taming")'),
      trustWidening: onOff('the confidence bound widens with the tie (deliberation.dTrust)'),
      chairSynthesis: onOff('the chair pulls attendees to the room’s mean (deliberation.muChair)'),
      anchoring: onOff('interests pull positions back (deliberation.gamma, Friedkin–Johnsen)'),
      familiarityBias: onOff('the familiar legal form gets a bonus without legal expertise (§3.4)'),
      legalNegotiation: onOff(
        'the focus groups advise and the validating group negotiates the legal form in additional meetings (§3.4); off: their vote is binding',
      ),
      fatigue: onOff('meeting hours lower engagement (engagement.fatigue)'),
      extraMeetings: onOff('groups add meetings while their matters stay open (§3.1, §3.3)'),
      workingGroups: onOff('stalled controversies go to working groups (Figure 1)'),
      coach: onOff('the coach’s effect on writing and on the chair (§3.1)'),
      deadlineAdaptation: onOff('denser meetings and a relaxed quorum as a deadline nears'),
      sizeCosts: onOff('coordination per invitee and crowded meetings (hoursPerInvitee, crowding)'),
      pillarTension: onOff('a lead organisation from one pillar carries the pillar tension (§3.3)'),
      homophily: onOff('conversation partners are chosen familiar and same-pillar first (ties.homophily)'),
      pillarStakes: onOff('starting positions on the pillar-charged matters differ by pillar (§3.3)'),
      reopening: onOff('a thin agreement may reopen at the sign-off (deliberation.reopenSupport)'),
      dropout: onOff('partners whose engagement stays low leave (engagement.dropoutLevel)'),
    })
    .meta({ description: 'switch each mechanism off, for ablations (all true by default)' }),
  attendanceFees: z.boolean().meta({ description: 'volunteers are paid for meetings (§3.2)' }),
  coordinator: z.strictObject({
    hoursPerWeek: num(1, 80, 'hours/week', 'part-time coordinator (§3.2)'),
    organisationHours: num(0, 40, 'hours', 'invitations and minutes per meeting, on top of its length'),
    hoursPerInvitee: num(0, 5, 'hours', 'coordination per person invited to a meeting (size costs)'),
    lumpSumEur: num(0, 1e7, 'EUR', 'lump sum that pays the coordinator (§3.2)'),
    monthlyCostEur: num(1, 1e6, 'EUR/month', 'the coordinator’s monthly cost'),
  }),
  coach: z.strictObject({
    enabled: z.boolean().meta({ description: 'external methodological support (§3.1)' }),
    writingEfficiency: num(0.1, 10, 'factor', 'writing speed with the coach'),
    chairBoost: num(0, 10, 'factor', 'the chair’s synthesis pull with the coach'),
  }),
  governance: z.strictObject({
    chair: z
      .enum(['coordinator', 'lead'])
      .meta({ description: 'who chairs: the coordinator, or the lead organisation (Provan & Kenis 2008)' }),
    leadRole: roleEnum.meta({ description: 'role of the lead organisation when chair = lead' }),
    leadPillarTension: share(
      'partners of other pillars trust a lead chair this much less, and tire this much faster in its meetings (§3.3)',
    ),
    groups: z.array(groupSchema).min(1).meta({ description: 'the governance structure (Figure 1)' }),
    decisions: z
      .partialRecord(controversyEnum, z.strictObject({ propose: z.string(), validate: z.string() }))
      .meta({ description: 'which group proposes and which validates each controversy' }),
    signOff: z
      .string()
      .meta({ description: 'group that must meet after the last settlement before submission' }),
    workingGroups: z.strictObject({
      enabled: z.boolean().meta({ description: 'convene working groups on stalled controversies' }),
      size: int(1, 1000, 'actors', 'the most expert actors on the topic'),
      meetingHours: num(0.25, 24, 'hours', 'length of a working-group meeting'),
      stallMeetings: int(
        1,
        100,
        'meetings',
        'meetings on the agenda without progress before one is convened',
      ),
    }),
  }),
  file: z.strictObject({
    sections: z
      .array(
        z.strictObject({
          id: z.string(),
          label: z.string(),
          hours: num(0, 10000, 'hours', 'coordinator hours to write it'),
          needs: z.array(controversyEnum).meta({ description: 'controversies settled before writing' }),
        }),
      )
      .min(1)
      .meta({ description: 'sections of the application file (§3.1)' }),
  }),
  observation: z.strictObject({
    tieThreshold: num(0, 1, 'tie strength', 'ties at least this strong count in E-I, density, components'),
    betweennessInterval: int(
      1,
      520,
      'weeks',
      'betweenness is computed every this many weeks, carried between',
    ),
    betweennessPivots: int(1, 100000, 'sources', 'exact betweenness up to this many actors, sampled above'),
  }),
});

export type Scenario = z.infer<typeof scenarioSchema>;
