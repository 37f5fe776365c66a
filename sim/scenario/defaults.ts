// Defaults: the full default scenario, deep-frozen. A scenario file holds only what it changes;
// it is merged over these before validation (objects merge key by key, arrays are replaced).
// Values follow MODEL.md §7 and the paper (§3.1 Figure 1, §3.2, §3.3, §3.4); the free parameters are
// calibrated against the nine patterns of MODEL.md §8 (docs/calibration.md); see docs/ODD.md.
import type { Pillar, Role } from '../roles.ts';
import type { ControversyId, Scenario } from './schema.ts';

type Interest = Record<ControversyId, number>;

/**
 * Role-by-controversy interest table. Axes, all in [0,1]:
 * name 0 care-centred .. 1 territory/community name; targets 0 medical chronic conditions .. 1
 * social frailty; actions 0 clinical care pathways .. 1 social and community support;
 * dataProtection 0 strict consent-first .. 1 open sharing; funding 0 first line and community ..
 * 1 second line (hospitals); legal 0 keep the conceptualisation structure .. 1 a new autonomous
 * structure (§3.4). The legal column spans both camps of §3.4 (keep the conceptualisation structure or
 * mandate a partner; a new autonomous structure for transparency and neutrality): with a narrower
 * column the legal form settled before data protection, against pattern 5 of MODEL.md §8.
 */
const i = (
  name: number,
  targets: number,
  actions: number,
  dataProtection: number,
  funding: number,
  legal: number,
): Interest => ({ name, targets, actions, dataProtection, funding, legal });

export const INTERESTS: Record<Role, Interest> = {
  generalPractitioner: i(0.4, 0.3, 0.3, 0.2, 0.2, 0.3),
  nurse: i(0.45, 0.4, 0.4, 0.35, 0.25, 0.4),
  pharmacist: i(0.45, 0.3, 0.35, 0.55, 0.3, 0.4),
  physiotherapist: i(0.45, 0.4, 0.4, 0.4, 0.25, 0.4),
  occupationalTherapist: i(0.5, 0.55, 0.55, 0.4, 0.25, 0.45),
  homeCareOrganisation: i(0.5, 0.5, 0.5, 0.55, 0.2, 0.4),
  homeCareCoordinationCentre: i(0.55, 0.55, 0.55, 0.6, 0.2, 0.45),
  medicalHealthCentre: i(0.55, 0.55, 0.5, 0.3, 0.2, 0.45),
  specialistDoctor: i(0.3, 0.2, 0.2, 0.7, 0.75, 0.3),
  hospitalDirector: i(0.3, 0.25, 0.25, 0.85, 0.85, 0.15),
  hospitalDepartmentManager: i(0.35, 0.25, 0.25, 0.75, 0.75, 0.25),
  socialWorker: i(0.7, 0.8, 0.8, 0.3, 0.15, 0.65),
  publicSocialHelpCentre: i(0.75, 0.8, 0.75, 0.4, 0.15, 0.85),
  patientsAssociation: i(0.6, 0.5, 0.55, 0.15, 0.3, 0.85),
  relativesAssociation: i(0.65, 0.6, 0.65, 0.25, 0.25, 0.8),
  healthMutual: i(0.55, 0.45, 0.45, 0.85, 0.4, 0.8),
  dayCareCentre: i(0.65, 0.65, 0.7, 0.4, 0.2, 0.6),
  restHome: i(0.6, 0.55, 0.6, 0.5, 0.3, 0.5),
  culturalSector: i(0.85, 0.8, 0.85, 0.4, 0.1, 0.65),
  employmentSector: i(0.8, 0.8, 0.8, 0.45, 0.1, 0.65),
  agriculturalSector: i(0.85, 0.75, 0.8, 0.45, 0.1, 0.6),
  environmentalSector: i(0.85, 0.75, 0.8, 0.45, 0.1, 0.65),
  legalAdvisor: i(0.5, 0.5, 0.5, 0.3, 0.4, 0.5),
};

/** One sentence of rationale per row of the interest table (docs/ODD.md quotes these). */
export const INTEREST_RATIONALE: Record<Role, string> = {
  generalPractitioner:
    'GPs defend the first line and patient consent, and are wary of a heavy new structure (§3.3: "a hospital director will not have the same vision of care as a general practitioner").',
  nurse: 'Home nurses side with the first line and lean slightly to social targets.',
  pharmacist: 'Pharmacists already share medication data, so lean towards sharing.',
  physiotherapist: 'Independent first-line professionals, close to the nurses.',
  occupationalTherapist: 'Work between care and daily life, so lean to social targets and actions.',
  homeCareOrganisation: 'Large first-line providers in every pillar (§1.1) that want funding for home care.',
  homeCareCoordinationCentre: 'Coordinate home care and already exchange data between providers.',
  medicalHealthCentre: 'Multidisciplinary first-line practices with a community orientation.',
  specialistDoctor: 'Hospital-based, favour clinical targets and funding for the second line.',
  hospitalDirector:
    'Hospitals lean towards more funding for the second line and open data sharing (MODEL.md §2), and could host the mandate rather than a new structure.',
  hospitalDepartmentManager: 'Close to the director, a little more clinical.',
  socialWorker: 'Non-medical actors favour social targets and community actions.',
  publicSocialHelpCentre: 'Public bodies want a neutral, transparent new structure (§3.4).',
  patientsAssociation:
    'Patients’ associations defend strict consent and the first line, and want a neutral structure (§3.4: "a guarantee of transparency and neutrality").',
  relativesAssociation: 'Close to the patients’ associations, with more weight on social support.',
  healthMutual: 'Insurers favour open data sharing (MODEL.md §2) and a new autonomous structure.',
  dayCareCentre: 'Community care providers, social targets.',
  restHome: 'Between care and community; moderate on every matter.',
  culturalSector: 'Far from care: community name, social targets, little stake in hospital funding.',
  employmentSector: 'As the cultural sector.',
  agriculturalSector: 'As the cultural sector.',
  environmentalSector: 'As the cultural sector.',
  legalAdvisor: 'A neutral expert with no interest of its own on the care matters.',
};

/**
 * Pillar-aligned stakes (§3.3: "the conflict resides in this pillar logic": which federation leads,
 * who receives the money). Each partner's starting position on these matters is its role's interest
 * shifted by its pillar's entry. funding (0 first line and community .. 1 second line): the money
 * follows the organisations each pillar runs, the Catholic network's hospitals on one side, the
 * socialist mutuals' first-line and home care on the other (§1.1: every pillar has its own hospitals,
 * mutuals and home care, in different weights). legal (0 keep the structure or mandate a partner ..
 * 1 a new autonomous structure): the pillar most present in a consortium can expect to host the
 * mandate, the others ask for a neutral structure (§3.3: "why would it be this federation instead
 * of this one that would take the lead", §3.4: "a guarantee of transparency and neutrality").
 */
export const PILLAR_INTERESTS: Partial<Record<ControversyId, Record<Pillar, number>>> = {
  funding: { catholic: 0.12, socialist: -0.12, liberal: 0.04, public: -0.04 },
  legal: { catholic: -0.12, socialist: 0.08, liberal: 0.08, public: 0.12 },
};

const deepFreeze = <T>(o: T): T => {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
};

export const DEFAULTS: Readonly<Scenario> = deepFreeze({
  id: 'default',
  name: 'Coach-suggested governance structure (Figure 1), flexible deadline',
  description:
    'One consortium of 40 partners from the four pillars and three lines plus a part-time coordinator, with the reflection group, project group, steering committee and ad hoc working groups the coaches suggested (§3.1, Figure 1); planned 7 months (§3.3), flexible deadline.',
  seed: 1,
  consortia: 1,
  calendar: {
    plannedWeeks: 30,
    horizonWeeks: 104,
    startMonth: 7,
    holidayMonths: [7, 8],
    holidayFactor: 0.5,
    deadline: 'flexible',
    extensionWeeks: 30,
    adaptation: {
      weeks: 30,
      quorumRelief: 0.2,
      chairBoost: 0.5,
      overtimeHours: 19,
      plannedDeadlineWeight: 0,
    },
  },
  composition: {
    size: 40,
    pillarMix: { catholic: 0.35, socialist: 0.3, liberal: 0.15, public: 0.2 },
    lineMix: { first: 0.4, second: 0.25, community: 0.35 },
    roles: [],
    sameOrganisation: 0.6,
    variation: 0,
    availability: [4, 12],
    engagement: [0.55, 0.95],
    stubbornness: [0.2, 0.6],
    positionNoise: 0.08,
    stakesNoise: 0.15,
    expertiseNoise: 0.1,
  },
  ties: {
    alpha: 0.1391,
    decay: 0.009709,
    k: 5,
    homophily: { familiar: 4, samePillar: 4 },
    initial: {
      sameOrganisation: [0.6, 0.9],
      samePillarLine: { probability: 0.3908, strength: [0.2, 0.5] },
      other: { probability: 0.01876, strength: [0.1, 0.3] },
      referenceSize: 40,
    },
  },
  deliberation: {
    rule: 'deffuant',
    mu: 0.13,
    d0: 0.2238,
    dTrust: 0.4185,
    muChair: 0.121,
    gamma: 0.07958,
    eta: 0.3876,
    epsilon: 0.09463,
    quorum: 0.8623,
    agendaSize: 3,
    processLoss: 0.04,
    reopenSupport: 0.5,
  },
  controversies: {
    order: ['name', 'targets', 'actions', 'dataProtection', 'funding', 'legal'],
    stakes: { name: 0.3, targets: 0.5, actions: 0.55, dataProtection: 0.6, funding: 0.85, legal: 0.75 },
    interests: INTERESTS,
    pillarInterests: PILLAR_INTERESTS,
  },
  legal: {
    familiarityBias: 0.9063,
    exploreThreshold: 0.7216,
    voteNoise: 0.3542,
    expertInfluence: 1,
    asblCost: 0.1369,
    adviceWeight: 0.3128,
    negotiationMajority: 0.5,
    familiarity: { asbl: 1, 'de-facto': 0.3, 'existing-partner': 0.4, innovative: 0 },
    location: { asbl: 0.85, 'de-facto': 0.15, 'existing-partner': 0.35, innovative: 0.7 },
  },
  focusGroups: { enabled: true, size: 12, meetingHours: 3, leadWeeks: 6, groups: 0 },
  engagement: {
    fatigue: 0.06029,
    progressGain: 0.03,
    tieGain: 0.5,
    disappointment: 1,
    dropoutLevel: 0.1097,
    dropoutWeeks: 6,
    feeFatigueFactor: 0.5,
    crowding: 0.1,
  },
  mechanisms: {
    taming: true,
    trustWidening: true,
    chairSynthesis: true,
    anchoring: true,
    familiarityBias: true,
    legalNegotiation: true,
    fatigue: true,
    extraMeetings: true,
    workingGroups: true,
    coach: true,
    deadlineAdaptation: true,
    sizeCosts: true,
    pillarTension: true,
    homophily: true,
    pillarStakes: true,
    reopening: true,
    dropout: true,
  },
  attendanceFees: false,
  coordinator: {
    hoursPerWeek: 19,
    organisationHours: 3,
    hoursPerInvitee: 0.05,
    lumpSumEur: 40000,
    monthlyCostEur: 5700,
  },
  coach: { enabled: true, writingEfficiency: 1.25, chairBoost: 1.5 },
  governance: {
    chair: 'coordinator',
    leadRole: 'hospitalDirector',
    leadPillarTension: 0.5,
    groups: [
      {
        id: 'reflection',
        label: 'reflection group',
        members: 'all',
        size: 40,
        includes: [],
        plannedMeetings: 2,
        firstWeek: 1,
        interval: 26,
        meetingHours: 3,
        extraInterval: 4,
        minAttendance: 0.4,
      },
      {
        id: 'project',
        label: 'project group',
        members: 'key',
        size: 6,
        includes: [],
        plannedMeetings: 8,
        firstWeek: 2,
        interval: 4,
        meetingHours: 2,
        extraInterval: 3,
        minAttendance: 0.5,
      },
      {
        id: 'steering',
        label: 'steering committee',
        members: 'concerned',
        size: 12,
        includes: ['project'],
        plannedMeetings: 4,
        firstWeek: 6,
        interval: 7,
        meetingHours: 2,
        extraInterval: 6,
        minAttendance: 0.5,
      },
    ],
    decisions: {
      name: { propose: 'project', validate: 'steering' },
      targets: { propose: 'project', validate: 'steering' },
      actions: { propose: 'project', validate: 'steering' },
      dataProtection: { propose: 'project', validate: 'steering' },
      funding: { propose: 'project', validate: 'steering' },
      legal: { propose: 'project', validate: 'steering' },
    },
    signOff: 'reflection',
    workingGroups: { enabled: true, size: 4, meetingHours: 2, stallMeetings: 3 },
  },
  file: {
    sections: [
      { id: 'vision', label: 'vision', hours: 20, needs: ['name', 'targets'] },
      { id: 'objectives', label: 'objectives', hours: 25, needs: ['targets', 'actions'] },
      { id: 'actionPlan', label: 'action plan', hours: 50, needs: ['actions', 'funding'] },
      { id: 'financialPlan', label: 'financial plan', hours: 30, needs: ['funding'] },
      { id: 'communication', label: 'communication plan', hours: 12, needs: ['name'] },
      { id: 'gantt', label: 'Gantt chart', hours: 12, needs: ['actions'] },
      { id: 'governance', label: 'governance and legal personality', hours: 25, needs: ['legal'] },
      {
        id: 'responsibilities',
        label: 'distribution of responsibilities',
        hours: 20,
        needs: ['legal', 'funding'],
      },
    ],
  },
  observation: { tieThreshold: 0.2, betweennessInterval: 4, betweennessPivots: 64 },
} satisfies Scenario);
