// Deliberation (MODEL.md §3.3 a–f; the paper's §4.1, "taming"): conversations (partners chosen
// with homophily), tie growth, bounded-confidence exchange widened by trust, the chair's synthesis, interests
// pulling back, and the consensus test that proposes and settles a controversy; thin agreements
// and their review at the sign-off; exit after a lost matter.
// Sources: Deffuant et al. (2000) and Hegselmann & Krause (2002) bounded confidence; Friedkin &
// Johnsen (1990) anchoring; McPherson, Smith-Lovin & Cook (2001) homophily; Steiner (1972) process
// losses; Hirschman (1970) exit.
import type { ConsortiumSim } from './consortium-sim.ts';
import { processLossFactor } from './group-size.ts';
import { chooseLegal, vote } from './legal.ts';
import type { Meeting } from './meetings.ts';

/** The thinnest agreement deadline pressure can buy: a simple majority of those present. */
export const MAJORITY = 0.5;

/**
 * The agreement quorum under deadline pressure: the scenario's own quorum times `relief`
 * (1 − quorumRelief × pressure), never below a simple majority (nor above the own quorum). At the
 * deadline itself a group may settle on what most of those present accept, not on what a minority
 * wants; a quorum set below a majority stays where the scenario put it.
 */
export function relaxedQuorum(own: number, relief: number): number {
  return relief < 1 ? Math.max(Math.min(own, MAJORITY), own * relief) : own;
}

/**
 * The meeting kernel: conversations, tie growth, deliberation, synthesis, anchoring.
 * Hot path (bench/README.md): no allocation, the tie update inlined, per-attendee factors of the
 * synthesis and anchoring computed once per meeting rather than once per agenda item; every
 * floating-point operation is the same, in the same order, as the plain statement of the rules.
 */
export function converse(sim: ConsortiumSim, att: Int32Array, na: number, agenda: number[]): void {
  const { s, ties, positions: x, pop } = sim;
  const C = sim.C;
  const { alpha, k } = s.ties;
  const { rule, d0 } = s.deliberation;
  const { dTrust, gamma, eta, leadTension, processLoss } = sim.eff;
  // Process losses (Steiner 1972): the larger the room, the less each exchange and the chair's
  // synthesis move opinions (coordination and motivation losses), smoothly with attendance.
  const productivity = processLossFactor(processLoss, na);
  const mu = s.deliberation.mu * productivity;
  // A deadline near makes the chair press harder for a synthesis (calendar.adaptation.chairBoost).
  const chairPull = sim.eff.chairPull * productivity * (1 + s.calendar.adaptation.chairBoost * sim.pressure);
  const rng = sim.rng.conversation;
  const pairs = sim.pairBuf;
  let np = 0;
  // a. Who talks with whom: every pair in a small meeting, k random partners in a large one.
  if (na <= k + 1) {
    for (let p = 0; p < na; p++) {
      const i = att[p];
      for (let q = p + 1; q < na; q++) {
        pairs[np++] = i;
        pairs[np++] = att[q];
      }
    }
  } else {
    // Homophily (McPherson, Smith-Lovin & Cook 2001): a partner is drawn with weight
    // 1 + familiar × tie + samePillar × [same pillar], by rejection from a uniform proposal (accept
    // with weight / maximum weight), so the cost stays linear in the room's size.
    const hf = sim.eff.homophilyFamiliar;
    const hp = sim.eff.homophilySamePillar;
    const wMax = 1 + hf + hp;
    const pil = pop.pillar;
    for (let p = 0; p < na; p++) {
      const start = np;
      const i = att[p];
      for (let t = 0; t < k; t++) {
        let j: number;
        let again: boolean;
        do {
          let q = Math.floor(rng() * (na - 1));
          if (q >= p) q++;
          j = att[q];
          again = false;
          for (let u = start + 1; u < np; u += 2)
            if (pairs[u] === j) {
              again = true;
              break;
            }
          if (!again && wMax > 1) {
            // ties.weight(i, j) through find: an edge index is a small integer, a returned weight
            // a boxed number when the call is not inlined.
            const e = ties.find(i, j);
            const wq = 1 + hf * (e < 0 ? 0 : ties.w[e]) + (pil[i] === pil[j] ? hp : 0);
            again = rng() * wMax >= wq;
          }
        } while (again);
        pairs[np++] = i;
        pairs[np++] = j;
      }
    }
  }
  const sumTie = sim.sumTie;
  const cntTie = sim.cntTie;
  for (let p = 0; p < na; p++) {
    sumTie[att[p]] = 0;
    cntTie[att[p]] = 0;
  }
  const stub = pop.stubbornness;
  const delib = pop.deliberates;
  const deffuant = rule === 'deffuant';
  const strength = ties.strength;
  const nA = agenda.length;
  // b–c. Ties grow with each conversation; bounded-confidence exchange widened by trust.
  for (let p = 0; p < np; p += 2) {
    const i = pairs[p];
    const j = pairs[p + 1];
    const e = ties.ensure(i, j);
    // ties.add(e, alpha (1 - w)) inlined; ties.w is read after ensure, which may have grown it.
    const tw = ties.w;
    const w0 = tw[e];
    const delta = alpha * (1 - w0);
    const w = w0 + delta;
    tw[e] = w;
    strength[i] += delta;
    strength[j] += delta;
    sumTie[i] += w;
    sumTie[j] += w;
    cntTie[i]++;
    cntTie[j]++;
    if (!deffuant || !delib[i] || !delib[j]) continue;
    const bound = d0 + dTrust * w;
    const fi = mu * (1 - stub[i]);
    const fj = mu * (1 - stub[j]);
    const oi = i * C;
    const oj = j * C;
    for (let a = 0; a < nA; a++) {
      const c = agenda[a];
      const xi = x[oi + c];
      const xj = x[oj + c];
      const d = xj - xi;
      if (d < bound && -d < bound) {
        x[oi + c] = xi + fi * d;
        x[oj + c] = xj - fj * d;
      }
    }
  }
  if (!deffuant) hkUpdate(sim, pairs, np, att, na, agenda);
  // d. The chair's synthesis: attendees move towards the attendees' mean, as much as they trust the chair.
  const chair = sim.chair;
  const pillar = pop.pillar;
  // e. Interests pull back (Friedkin–Johnsen), less so the more tied one is to the room ("taming", §4.1).
  // Per attendee, once: the pull towards the chair's synthesis and gamma × the effective
  // stubbornness (hkNum / hkDen are free scratch once hkUpdate is done; indexed by seat p).
  const pull = sim.hkNum;
  const anchoring = sim.hkDen;
  for (let p = 0; p < na; p++) {
    const i = att[p];
    if (!delib[i]) continue;
    // A lead chair from another pillar is trusted less (§3.3: "why would it be this federation").
    const tension = leadTension > 0 && pillar[i] !== pillar[chair] ? 1 - leadTension : 1;
    // No pull without a tie to the chair (or without a chair's pull at all).
    const ec = chairPull > 0 && i !== chair ? ties.find(i, chair) : -1;
    pull[p] = ec < 0 ? 0 : Math.min(1, chairPull * ties.w[ec] * tension);
    const meanTie = cntTie[i] > 0 ? sumTie[i] / cntTie[i] : 0;
    const stubEff = stub[i] * (1 - eta * meanTie);
    anchoring[p] = gamma * stubEff;
  }
  const stakes = pop.stakes;
  const anchors = pop.anchors;
  // An agenda lists each controversy at most once (agendaFor, working and focus groups), so the
  // columns are independent: all means first (summed in seat order), then one pass per attendee.
  const means = sim.agendaMeans;
  for (let a = 0; a < nA; a++) means[a] = 0;
  let cnt = 0;
  for (let p = 0; p < na; p++) {
    const i = att[p];
    if (!delib[i]) continue;
    const row = i * C;
    for (let a = 0; a < nA; a++) means[a] += x[row + agenda[a]];
    cnt++;
  }
  if (cnt === 0) return;
  for (let a = 0; a < nA; a++) means[a] /= cnt;
  const pulled = chairPull > 0;
  for (let p = 0; p < na; p++) {
    const i = att[p];
    if (!delib[i]) continue;
    const row = i * C;
    const f = pulled && i !== chair ? pull[p] : -1;
    const g = anchoring[p];
    for (let a = 0; a < nA; a++) {
      const o = row + agenda[a];
      let xi = x[o];
      if (f >= 0) xi += f * (means[a] - xi);
      xi += g * stakes[o] * (anchors[o] - xi);
      x[o] = xi < 0 ? 0 : xi > 1 ? 1 : xi;
    }
  }
}

/**
 * Weighted Hegselmann–Krause: each attendee moves to the tie-weighted mean of those it talked
 * with who are within its confidence bound (itself with weight 1), damped by its stubbornness.
 * In a large meeting one hears only one's conversation partners, which keeps the cost linear.
 */
export function hkUpdate(
  sim: ConsortiumSim,
  pairs: Int32Array,
  np: number,
  att: Int32Array,
  na: number,
  agenda: number[],
): void {
  const { ties, positions: x, pop, C } = sim;
  const { d0 } = sim.s.deliberation;
  const { dTrust } = sim.eff;
  const num = sim.hkNum;
  const den = sim.hkDen;
  for (let a = 0; a < agenda.length; a++) {
    const c = agenda[a];
    for (let p = 0; p < na; p++) {
      const i = att[p];
      num[i] = x[i * C + c];
      den[i] = 1;
    }
    for (let p = 0; p < np; p += 2) {
      const i = pairs[p];
      const j = pairs[p + 1];
      if (!pop.deliberates[i] || !pop.deliberates[j]) continue;
      const w = ties.weight(i, j);
      const xi = x[i * C + c];
      const xj = x[j * C + c];
      if (Math.abs(xi - xj) < d0 + dTrust * w) {
        num[i] += w * xj;
        den[i] += w;
        num[j] += w * xi;
        den[j] += w;
      }
    }
    for (let p = 0; p < na; p++) {
      const i = att[p];
      if (!pop.deliberates[i]) continue;
      const target = num[i] / den[i];
      x[i * C + c] += (1 - pop.stubbornness[i]) * (target - x[i * C + c]);
    }
  }
}

/** The consensus test's reading of a room on one controversy (reused: no allocation per test). */
export interface Agreement {
  /** Share of deliberating attendees within epsilon of their median. */
  share: number;
  median: number;
  /** Deliberating attendees. */
  count: number;
}

/**
 * Share of deliberating attendees within epsilon of their median, and the median, written into
 * `out` (sim.agreementBuf by default). Sorted in place in the scratch buffer by insertion (a room
 * holds at most a few dozen), so the hot path allocates nothing.
 */
export function agreement(
  sim: ConsortiumSim,
  att: Int32Array,
  na: number,
  c: number,
  out: Agreement = sim.agreementBuf,
): Agreement {
  const buf = sim.sortBuf;
  let m = 0;
  for (let p = 0; p < na; p++) {
    const i = att[p];
    if (!sim.pop.deliberates[i]) continue;
    const v = sim.positions[i * sim.C + c];
    let q = m++;
    while (q > 0 && buf[q - 1] > v) {
      buf[q] = buf[q - 1];
      q--;
    }
    buf[q] = v;
  }
  if (m === 0) {
    out.share = 0;
    out.median = Number.NaN;
    out.count = 0;
    return out;
  }
  const median = m % 2 ? buf[(m - 1) >> 1] : 0.5 * (buf[m / 2 - 1] + buf[m / 2]);
  const eps = sim.s.deliberation.epsilon;
  let within = 0;
  for (let p = 0; p < m; p++) if (Math.abs(buf[p] - median) <= eps) within++;
  out.share = within / m;
  out.median = median;
  out.count = m;
  return out;
}

export function decide(sim: ConsortiumSim, m: Meeting, att: Int32Array, na: number, week: number): void {
  const { s } = sim;
  const g = m.groupIndex >= 0 ? sim.groups[m.groupIndex] : null;
  const legalIdx = sim.controversyIds.indexOf('legal');
  for (let a = 0; a < m.agenda.length; a++) {
    const c = m.agenda[a];
    const st = sim.controversies[c];
    const proposes = g ? g.proposes[c] && st.status === 'open' : m.kind === 'working' && st.status === 'open';
    const validates = g ? g.validates[c] && st.status === 'proposed' : false;
    if (!proposes && !validates) continue;
    const ag = agreement(sim, att, na, c);
    // Time pressure relaxes the quorum, of attendance and of agreement, as a deadline nears
    // (sim/meetings.ts, deadlinePressure).
    const relief = 1 - s.calendar.adaptation.quorumRelief * sim.pressure;
    const quorate = ag.count >= (relief < 1 ? Math.ceil(m.minAttend * relief) : m.minAttend);
    const quorum = relaxedQuorum(s.deliberation.quorum, relief);
    let agreed = quorate && ag.share >= quorum;
    // Compression has a cost (MODEL.md §3.8): an agreement that holds only on the relaxed quorum is
    // thin; it is recorded, carried into submission, and may reopen at the sign-off.
    const thin = agreed && (ag.share < s.deliberation.quorum || ag.count < m.minAttend);
    if (c === legalIdx && sim.legalChoice === '') {
      // §3.4: the legal form waits for the focus groups when they are part of the process.
      if (proposes && s.focusGroups.enabled && !sim.focusDone) {
        if (sim.focusWeek < 0) sim.focusWeek = week + Math.max(1, s.focusGroups.leadWeeks);
        continue;
      }
      if (!sim.eff.legalNegotiation) {
        // Without negotiation the focus groups' majority is binding; without focus groups the
        // proposing group votes.
        if (!s.focusGroups.enabled && proposes && agreed) vote(sim, att, na, week, 'binding');
      } else if (agreed && (validates || g?.validates[c])) {
        // §3.4: the validating group negotiates the form in its meetings after the focus groups;
        // the form is chosen when one option wins a majority of the room, else talks go on.
        const chosen = vote(sim, att, na, week, 'negotiation');
        if (chosen) chooseLegal(sim, chosen, week);
        else agreed = false;
      }
    }
    if (agreed) {
      st.stall = 0;
      if (proposes) {
        st.status = 'proposed';
        st.value = ag.median;
        st.thin = thin;
        if (sim.opts.events)
          sim.events.push({
            type: 'proposed',
            week,
            consortium: sim.index,
            controversy: st.id,
            group: m.group,
            value: ag.median,
          });
        // The proposing group can also be the validating one (participant-governed).
        if (g?.validates[c]) settle(sim, c, ag.median, week, m.group);
      } else {
        st.thin ||= thin;
        settle(sim, c, ag.median, week, m.group);
      }
    } else if (quorate) {
      st.stall++;
      const wg = s.governance.workingGroups;
      if (
        sim.eff.workingGroups &&
        st.stall >= wg.stallMeetings &&
        !st.workingGroupPending &&
        st.status === 'open'
      ) {
        st.workingGroupPending = true;
        st.stall = 0;
        sim.pendingWorking.push({ week: week + 1, controversy: c });
      }
    }
  }
}

export function settle(sim: ConsortiumSim, c: number, value: number, week: number, group: string): void {
  const st = sim.controversies[c];
  st.status = 'settled';
  st.value = value;
  st.settledWeek = week;
  st.outcome = st.id === 'legal' && sim.legalChoice ? sim.legalChoice : value.toFixed(3);
  sim.lastSettlementWeek = week;
  sim.settledThisWeek++;
  disappoint(sim, c, value);
  if (sim.opts.events)
    sim.events.push({
      type: 'settled',
      week,
      consortium: sim.index,
      controversy: st.id,
      group,
      value,
      outcome: st.outcome,
    });
}

/**
 * A thin agreement may reopen (MODEL.md §3.8): when the sign-off group meets, each matter closed on
 * a relaxed quorum, not yet reopened, is weighed by the room: if fewer than
 * deliberation.reopenSupport of the deliberating attendees lie within the confidence bound between
 * strangers (d0) of its outcome, the room cannot live with it and it goes back to the proposing
 * group (the legal form, decided by vote after the focus groups, is not reopened). Returns the
 * number reopened.
 */
export function reviewThinAgreements(sim: ConsortiumSim, att: Int32Array, na: number, week: number): number {
  if (!sim.eff.reopening) return 0;
  const { s, positions: x, C } = sim;
  const bound = s.deliberation.d0;
  let reopened = 0;
  for (let c = 0; c < C; c++) {
    const st = sim.controversies[c];
    if (st.status !== 'settled' || !st.thin || st.reopened > 0 || st.id === 'legal') continue;
    let room = 0;
    let within = 0;
    for (let p = 0; p < na; p++) {
      const i = att[p];
      if (!sim.pop.deliberates[i]) continue;
      room++;
      if (Math.abs(x[i * C + c] - st.value) <= bound) within++;
    }
    if (room === 0 || within / room >= s.deliberation.reopenSupport) continue;
    st.status = 'open';
    st.outcome = '';
    st.settledWeek = -1;
    st.stall = 0;
    st.thin = false;
    st.reopened++;
    sim.counters.reopenings++;
    reopened++;
    if (sim.opts.events)
      sim.events.push({
        type: 'reopened',
        week,
        consortium: sim.index,
        controversy: st.id,
        support: within / room,
      });
  }
  return reopened;
}

/**
 * Exit (Hirschman 1970): a partner who cannot live with what was settled, whose position lies
 * beyond the confidence bound between strangers (d0) of the outcome, loses engagement in proportion
 * to its stake and the distance past the bound; repeated losses on the matters one cares about
 * lead to dropping out (sim/engagement.ts).
 */
export function disappoint(sim: ConsortiumSim, c: number, value: number): void {
  const k = sim.s.engagement.disappointment;
  if (!(k > 0) || !sim.eff.dropout) return;
  const { positions: x, C, pop } = sim;
  const d0 = sim.s.deliberation.d0;
  for (let i = 1; i < sim.n; i++) {
    if (!sim.active[i] || !pop.deliberates[i]) continue;
    const gap = Math.abs(x[i * C + c] - value) - d0;
    if (gap > 0) {
      const e = sim.engagement[i] - k * pop.stakes[i * C + c] * gap;
      sim.engagement[i] = e < 0 ? 0 : e;
    }
  }
}
