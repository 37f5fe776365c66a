// Role catalogue: who sits around the table of a pilot project consortium.
// Source: De Winter (2019) §3.3 (the list of partners), §1.1 (pillars: mutuals, hospitals and
// home-care organisations exist in every pillar; public social-help centres are public bodies).

export const PILLARS = ['catholic', 'socialist', 'liberal', 'public'] as const;
export type Pillar = (typeof PILLARS)[number];

export const LINES = ['first', 'second', 'community'] as const;
export type Line = (typeof LINES)[number];

export const TOPICS = ['legal', 'clinical', 'social', 'finance'] as const;
export type Topic = (typeof TOPICS)[number];

export interface RoleInfo {
  /** Human-readable label, used by the CLI and the browser view. */
  label: string;
  line: Line;
  /** Relative frequency of the role within its line when a consortium is drawn from a mix. */
  frequency: number;
  /** A fixed pillar (public bodies) or null: drawn from the consortium's pillar mix. */
  pillar: Pillar | null;
  /** Weight in the choice of "key partners" (project group) and "most concerned" (steering). */
  influence: number;
  /** Kind of organisation: roles of one kind and pillar may share an organisation (a hospital). */
  organisation: 'hospital' | null;
  /** Mean expertise per topic, in [0,1]; each actor draws around it. */
  expertise: Record<Topic, number>;
}

const ex = (legal: number, clinical: number, social: number, finance: number): Record<Topic, number> => ({
  legal,
  clinical,
  social,
  finance,
});

export const ROLES = {
  generalPractitioner: {
    label: 'general practitioner',
    line: 'first',
    frequency: 3,
    pillar: null,
    influence: 0.8,
    organisation: null,
    expertise: ex(0.15, 0.85, 0.4, 0.2),
  },
  nurse: {
    label: 'nurse',
    line: 'first',
    frequency: 2,
    pillar: null,
    influence: 0.4,
    organisation: null,
    expertise: ex(0.1, 0.7, 0.5, 0.1),
  },
  pharmacist: {
    label: 'pharmacist',
    line: 'first',
    frequency: 1.5,
    pillar: null,
    influence: 0.4,
    organisation: null,
    expertise: ex(0.15, 0.7, 0.3, 0.3),
  },
  physiotherapist: {
    label: 'physiotherapist',
    line: 'first',
    frequency: 1,
    pillar: null,
    influence: 0.3,
    organisation: null,
    expertise: ex(0.1, 0.6, 0.3, 0.1),
  },
  occupationalTherapist: {
    label: 'occupational therapist',
    line: 'first',
    frequency: 0.7,
    pillar: null,
    influence: 0.3,
    organisation: null,
    expertise: ex(0.1, 0.6, 0.5, 0.1),
  },
  homeCareOrganisation: {
    label: 'home-care organisation',
    line: 'first',
    frequency: 2,
    pillar: null,
    influence: 0.7,
    organisation: null,
    expertise: ex(0.3, 0.5, 0.6, 0.5),
  },
  homeCareCoordinationCentre: {
    label: 'home-care coordination centre',
    line: 'first',
    frequency: 1,
    pillar: null,
    influence: 0.6,
    organisation: null,
    expertise: ex(0.25, 0.5, 0.6, 0.4),
  },
  medicalHealthCentre: {
    label: 'medical health centre',
    line: 'first',
    frequency: 1,
    pillar: null,
    influence: 0.6,
    organisation: null,
    expertise: ex(0.2, 0.7, 0.6, 0.3),
  },
  specialistDoctor: {
    label: 'specialist doctor',
    line: 'second',
    frequency: 2,
    pillar: null,
    influence: 0.6,
    organisation: 'hospital',
    expertise: ex(0.15, 0.9, 0.2, 0.2),
  },
  hospitalDirector: {
    label: 'hospital director',
    line: 'second',
    frequency: 1.5,
    pillar: null,
    influence: 1,
    organisation: 'hospital',
    expertise: ex(0.4, 0.4, 0.2, 0.8),
  },
  hospitalDepartmentManager: {
    label: 'hospital department manager',
    line: 'second',
    frequency: 1.5,
    pillar: null,
    influence: 0.7,
    organisation: 'hospital',
    expertise: ex(0.25, 0.6, 0.3, 0.6),
  },
  socialWorker: {
    label: 'social worker',
    line: 'community',
    frequency: 1.5,
    pillar: null,
    influence: 0.4,
    organisation: null,
    expertise: ex(0.2, 0.2, 0.85, 0.2),
  },
  publicSocialHelpCentre: {
    label: 'public social-help centre',
    line: 'community',
    frequency: 1.2,
    pillar: 'public',
    influence: 0.7,
    organisation: null,
    expertise: ex(0.35, 0.2, 0.8, 0.5),
  },
  patientsAssociation: {
    label: "patients' association",
    line: 'community',
    frequency: 1.2,
    pillar: null,
    influence: 0.6,
    organisation: null,
    expertise: ex(0.15, 0.3, 0.6, 0.1),
  },
  relativesAssociation: {
    label: "relatives' association",
    line: 'community',
    frequency: 0.8,
    pillar: null,
    influence: 0.4,
    organisation: null,
    expertise: ex(0.1, 0.2, 0.6, 0.1),
  },
  healthMutual: {
    label: 'health mutual (insurer)',
    line: 'community',
    frequency: 1.5,
    pillar: null,
    influence: 0.9,
    organisation: null,
    expertise: ex(0.4, 0.3, 0.5, 0.7),
  },
  dayCareCentre: {
    label: 'day-care centre',
    line: 'community',
    frequency: 0.8,
    pillar: null,
    influence: 0.4,
    organisation: null,
    expertise: ex(0.15, 0.4, 0.6, 0.3),
  },
  restHome: {
    label: 'rest home',
    line: 'community',
    frequency: 1,
    pillar: null,
    influence: 0.5,
    organisation: null,
    expertise: ex(0.2, 0.5, 0.5, 0.4),
  },
  culturalSector: {
    label: 'cultural sector representative',
    line: 'community',
    frequency: 0.3,
    pillar: null,
    influence: 0.2,
    organisation: null,
    expertise: ex(0.1, 0.05, 0.5, 0.2),
  },
  employmentSector: {
    label: 'employment sector representative',
    line: 'community',
    frequency: 0.3,
    pillar: null,
    influence: 0.2,
    organisation: null,
    expertise: ex(0.15, 0.05, 0.5, 0.3),
  },
  agriculturalSector: {
    label: 'agricultural sector representative',
    line: 'community',
    frequency: 0.2,
    pillar: null,
    influence: 0.2,
    organisation: null,
    expertise: ex(0.1, 0.05, 0.4, 0.3),
  },
  environmentalSector: {
    label: 'environmental sector representative',
    line: 'community',
    frequency: 0.2,
    pillar: null,
    influence: 0.2,
    organisation: null,
    expertise: ex(0.15, 0.05, 0.4, 0.2),
  },
  // Not drawn from a mix (frequency 0): added by name, e.g. in the legal-expert what-if (§3.4:
  // "many participants stressed that they did not have the proper legal expertise").
  legalAdvisor: {
    label: 'legal advisor',
    line: 'community',
    frequency: 0,
    pillar: null,
    influence: 0.5,
    organisation: null,
    expertise: ex(0.92, 0.05, 0.3, 0.5),
  },
} as const satisfies Record<string, RoleInfo>;

export type Role = keyof typeof ROLES;
export const ROLE_IDS = Object.keys(ROLES) as Role[];

/** The coordinator is an actor too (the hub of the network) but not a partner organisation. */
export const COORDINATOR_ROLE = 'coordinator' as const;
