// Initialisation (MODEL.md §5): draw a consortium's partners from the scenario's composition and
// its fragmented starting network (§1.1: pillars and lines that "used to work in silos", §3.3).
// Every actor consumes the same number of draws from the composition stream whatever the
// parameters, so a scenario change touches only what it changes (common random numbers).
import { clamp01, type Rng, uniform, weightedIndex } from './rng.ts';
import { LINES, type Line, PILLARS, type Pillar, ROLE_IDS, ROLES, type Role, TOPICS } from './roles.ts';
import type { Scenario } from './scenario/schema.ts';
import { TieStore } from './ties.ts';

export const COORDINATOR = 0;

export interface Population {
  n: number;
  role: string[];
  pillar: Uint8Array;
  line: Uint8Array;
  organisation: Int32Array;
  availability: Float64Array;
  /** n × 4 (TOPICS order). */
  expertise: Float64Array;
  stubbornness: Float64Array;
  /** Influence plus noise: who is a "key partner" or "most concerned". */
  prominence: Float64Array;
  /** n × C, C = controversies in the scenario's order. */
  stakes: Float64Array;
  anchors: Float64Array;
  engagement: Float64Array;
  /** Does this actor hold positions and vote (the coordinator chairs and writes, but is neutral). */
  deliberates: Uint8Array;
  /** The organisation's name when the scenario lists its partners (composition.partners), else null. */
  name: (string | null)[];
}

/** The consortium's actual size and mixes (the national scenario varies them per consortium). */
export function variedComposition(s: Scenario, rng: Rng) {
  const v = s.composition.variation;
  const jitter = () => 1 + v * (2 * rng() - 1);
  const size = Math.max(2, Math.round(s.composition.size * jitter()));
  const pillarMix = PILLARS.map((p) => s.composition.pillarMix[p] * jitter());
  const lineMix = LINES.map((l) => s.composition.lineMix[l] * jitter());
  return { size, pillarMix, lineMix };
}

/** Largest-remainder apportionment of `total` seats to `weights`. */
function apportion(total: number, weights: number[]): number[] {
  const m = weights.length;
  let sum = 0;
  for (let i = 0; i < m; i++) sum += weights[i];
  const out = new Array<number>(m);
  const frac = new Float64Array(m);
  let left = total;
  for (let i = 0; i < m; i++) {
    const raw = sum > 0 ? (total * weights[i]) / sum : 0;
    out[i] = Math.floor(raw);
    frac[i] = raw - out[i];
    left -= out[i];
  }
  // The seats left go by largest remainder, ties to the lower index: the order built by insertion
  // (no comparator, whose double results are boxed, and no pairs).
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    let q = i;
    while (q > 0 && frac[order[q - 1]] < frac[i]) {
      order[q] = order[q - 1];
      q--;
    }
    order[q] = i;
  }
  for (let k = 0; k < m; k++) {
    if (left-- <= 0) break;
    out[order[k]]++;
  }
  return out;
}

/**
 * The roles of a line that can be drawn (frequency > 0, and a pillar the mix allows, if the role
 * has one) and their weights. The same for every consortium whose mix allows the same pillars, so
 * kept per line and per set of allowed pillars: runs of a sweep do not rebuild them.
 */
const lineRolesCache = new Map<number, { allowed: Role[]; weights: number[] }>();

function lineRoles(li: number, pillarMix: readonly number[]): { allowed: Role[]; weights: number[] } {
  let mask = 0;
  for (let p = 0; p < PILLARS.length; p++) if (pillarMix[p] > 0) mask |= 1 << p;
  const key = li * (1 << PILLARS.length) + mask;
  let hit = lineRolesCache.get(key);
  if (!hit) {
    const line = LINES[li];
    const roles = ROLE_IDS.filter((r) => ROLES[r].line === line && ROLES[r].frequency > 0);
    const allowed = roles.filter((r) => {
      const fixed = ROLES[r].pillar;
      return fixed === null || pillarMix[PILLARS.indexOf(fixed)] > 0;
    });
    hit = { allowed, weights: allowed.map((r) => ROLES[r].frequency) };
    lineRolesCache.set(key, hit);
  }
  return hit;
}

/**
 * The consortium's partners and their draws. `reuse`: the population a previous run left (a run
 * context), whose arrays are refilled when they have this population's sizes.
 */
export function drawPopulation(s: Scenario, rng: Rng, reuse?: Population): Population {
  const controversies = s.controversies.order;
  const C = controversies.length;
  const { size, pillarMix, lineMix } = variedComposition(s, rng);

  // 1. Partners: the scenario's own list, or roles per line by largest remainder, pillars from the
  // mix (or fixed by role).
  const listed = s.composition.partners;
  const lineCounts = listed ? LINES.map(() => 0) : apportion(size, lineMix);
  const specs: { role: Role; pillar?: Pillar; line?: Line; name?: string }[] =
    listed?.map((p) => ({ role: p.role as Role, pillar: p.pillar, line: p.line, name: p.name })) ?? [];
  for (let li = 0; li < LINES.length; li++) {
    if (lineCounts[li] === 0) continue; // nothing drawn: the roles need not be listed
    const { allowed, weights } = lineRoles(li, pillarMix);
    for (let k = 0; k < lineCounts[li]; k++) specs.push({ role: allowed[weightedIndex(weights, rng)] });
  }
  for (const extra of listed ? [] : s.composition.roles) {
    for (let k = 0; k < extra.count; k++) specs.push({ role: extra.role as Role, pillar: extra.pillar });
  }
  if (!listed && s.governance.chair === 'lead' && !specs.some((x) => x.role === s.governance.leadRole)) {
    const leadLine = ROLES[s.governance.leadRole as Role].line;
    const idx = specs.findIndex((x) => ROLES[x.role].line === leadLine);
    specs[idx >= 0 ? idx : 0] = { role: s.governance.leadRole as Role };
  }

  const n = specs.length + 1; // + the coordinator
  const pop: Population =
    reuse && reuse.n === n && reuse.stakes.length === n * C
      ? refill(reuse)
      : {
          n,
          role: new Array(n),
          pillar: new Uint8Array(n),
          line: new Uint8Array(n),
          organisation: new Int32Array(n),
          availability: new Float64Array(n),
          expertise: new Float64Array(n * TOPICS.length),
          stubbornness: new Float64Array(n),
          prominence: new Float64Array(n),
          stakes: new Float64Array(n * C),
          anchors: new Float64Array(n * C),
          engagement: new Float64Array(n),
          deliberates: new Uint8Array(n),
          name: new Array(n).fill(null),
        };

  // 2. The coordinator: paid, neutral, employed by an organisation of one of the pillars.
  pop.role[COORDINATOR] = 'coordinator';
  pop.pillar[COORDINATOR] = weightedIndex(pillarMix, rng);
  pop.line[COORDINATOR] = LINES.indexOf('community');
  pop.organisation[COORDINATOR] = 0;
  pop.availability[COORDINATOR] = s.coordinator.hoursPerWeek * 4.33;
  pop.engagement[COORDINATOR] = 1;
  pop.prominence[COORDINATOR] = 0;
  for (let c = 0; c < C; c++) pop.anchors[c] = 0.5;

  // 3. Each partner: always the same sequence of draws.
  const hospitals: { pillar: number; id: number }[] = [];
  let nextOrg = 1;
  // Listed partners of one name are one organisation (two services of a hospital).
  const orgOfName = new Map<string, number>();
  const [avLo, avHi] = s.composition.availability;
  const [enLo, enHi] = s.composition.engagement;
  const [stLo, stHi] = s.composition.stubbornness;
  specs.forEach((spec, k) => {
    const i = k + 1;
    const info = ROLES[spec.role];
    pop.role[i] = spec.role;
    pop.line[i] = LINES.indexOf(spec.line ?? (info.line as Line));
    pop.name[i] = spec.name ?? null;
    const pDraw = weightedIndex(pillarMix, rng);
    pop.pillar[i] = PILLARS.indexOf(spec.pillar ?? (info.pillar as Pillar | null) ?? PILLARS[pDraw]);
    const orgDraw = rng();
    const orgPick = rng();
    if (spec.name !== undefined) {
      pop.organisation[i] = orgOfName.get(spec.name) ?? nextOrg++;
      orgOfName.set(spec.name, pop.organisation[i]);
    } else if (info.organisation === 'hospital') {
      // One of the hospitals of this pillar so far, picked by its rank among them.
      let same = 0;
      for (const h of hospitals) if (h.pillar === pop.pillar[i]) same++;
      if (same && orgDraw < s.composition.sameOrganisation) {
        let rank = Math.floor(orgPick * same);
        for (const h of hospitals)
          if (h.pillar === pop.pillar[i] && rank-- === 0) {
            pop.organisation[i] = h.id;
            break;
          }
      } else {
        pop.organisation[i] = nextOrg++;
        hospitals.push({ pillar: pop.pillar[i], id: pop.organisation[i] });
      }
    } else {
      pop.organisation[i] = nextOrg++;
    }
    pop.availability[i] = uniform(rng, avLo, avHi);
    pop.engagement[i] = uniform(rng, enLo, enHi);
    pop.stubbornness[i] = uniform(rng, stLo, stHi);
    pop.prominence[i] = info.influence + 0.3 * rng();
    for (let ti = 0; ti < TOPICS.length; ti++) {
      pop.expertise[i * TOPICS.length + ti] = clamp01(
        info.expertise[TOPICS[ti]] + s.composition.expertiseNoise * (2 * rng() - 1),
      );
    }
    const interest = s.controversies.interests[spec.role] ?? {};
    const pillarName = PILLARS[pop.pillar[i]];
    for (let c = 0; c < C; c++) {
      const id = controversies[c];
      // Pillar-aligned stakes (§3.3): the pillar's shift on the matters it is charged with.
      const shift = s.mechanisms.pillarStakes ? (s.controversies.pillarInterests[id]?.[pillarName] ?? 0) : 0;
      const base = (interest[id] ?? 0.5) + shift;
      pop.anchors[i * C + c] = clamp01(base + s.composition.positionNoise * (2 * rng() - 1));
      pop.stakes[i * C + c] = clamp01(
        s.controversies.stakes[id] + s.composition.stakesNoise * (2 * rng() - 1),
      );
    }
    pop.deliberates[i] = 1;
  });
  return pop;
}

/** A population of the same sizes as it is made new: arrays zeroed, names null (roles are all drawn). */
function refill(pop: Population): Population {
  pop.pillar.fill(0);
  pop.line.fill(0);
  pop.organisation.fill(0);
  pop.availability.fill(0);
  pop.expertise.fill(0);
  pop.stubbornness.fill(0);
  pop.prominence.fill(0);
  pop.stakes.fill(0);
  pop.anchors.fill(0);
  pop.engagement.fill(0);
  pop.deliberates.fill(0);
  pop.name.fill(null);
  return pop;
}

/**
 * The fragmented starting network (MODEL.md §5): strong ties within an organisation, some within
 * one pillar and line, few otherwise. One draw per pair from the ties stream; the probability is
 * scaled by referenceSize / n above the reference size, so each actor knows about as many others
 * in a large consortium as in the study's (a person's acquaintances are bounded).
 */
export function initialTies(s: Scenario, pop: Population, rng: Rng, reuse?: TieStore): TieStore {
  const { n } = pop;
  const init = s.ties.initial;
  const scale = Math.min(1, (init.referenceSize - 1) / Math.max(1, n - 1));
  const pSame = init.samePillarLine.probability * scale;
  const pOther = init.other.probability * scale;
  const [soLo, soHi] = init.sameOrganisation;
  const [spLo, spHi] = init.samePillarLine.strength;
  const [otLo, otHi] = init.other.strength;
  // A store the previous run left (a run context), cleared, when it has this consortium's size.
  let ties: TieStore;
  if (reuse?.clears(n)) {
    ties = reuse;
    ties.clear();
  } else ties = new TieStore(n, Math.ceil(n * (pSame * 4 + pOther * n * 0.5 + 2)));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const r = rng();
      let w = 0;
      if (pop.organisation[i] === pop.organisation[j]) w = soLo + (soHi - soLo) * r;
      else if (pop.pillar[i] === pop.pillar[j] && pop.line[i] === pop.line[j]) {
        if (r < pSame) w = spLo + ((spHi - spLo) * r) / pSame;
      } else if (r < pOther) w = otLo + ((otHi - otLo) * r) / pOther;
      if (w > 0) ties.add(ties.ensure(i, j), w);
    }
  }
  // Partners the list says already work together start with a tie as strong as the strongest a
  // pillar and line start with (after the draws above, so the draws are the same with or without).
  const index = new Map<string, number>();
  pop.name.forEach((name, i) => {
    if (name !== null && !index.has(name)) index.set(name, i);
  });
  for (const [a, b] of s.composition.priorTies ?? []) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined || i === j) continue;
    const e = ties.ensure(Math.min(i, j), Math.max(i, j));
    ties.add(e, Math.max(0, spHi - ties.w[e]));
  }
  return ties;
}
