// The free parameters of the calibration (MODEL.md §7): what the study does not fix, with the range
// searched. Shared by the pattern search (calibrate.ts) and ABC (calibrate-abc.ts), apart from both
// so neither imports the other.

/** Free parameters of MODEL.md §7 that the study does not fix, with the ranges searched. */
export const FREE_PARAMETERS: { path: string; range: [number, number] }[] = [
  { path: 'ties.alpha', range: [0.04, 0.16] },
  { path: 'ties.decay', range: [0.0025, 0.01] },
  { path: 'ties.initial.samePillarLine.probability', range: [0.2, 0.5] },
  { path: 'ties.initial.other.probability', range: [0.005, 0.03] },
  { path: 'deliberation.mu', range: [0.1, 0.4] },
  { path: 'deliberation.d0', range: [0.08, 0.3] },
  { path: 'deliberation.dTrust', range: [0.15, 0.6] },
  { path: 'deliberation.muChair', range: [0.05, 0.2] },
  { path: 'deliberation.gamma', range: [0.02, 0.1] },
  { path: 'deliberation.eta', range: [0.25, 1] },
  { path: 'deliberation.epsilon', range: [0.06, 0.15] },
  { path: 'deliberation.quorum', range: [0.6, 0.9] },
  { path: 'legal.familiarityBias', range: [0.2, 1] },
  { path: 'legal.voteNoise', range: [0.05, 0.4] },
  { path: 'legal.exploreThreshold', range: [0.5, 0.9] },
  { path: 'legal.expertInfluence', range: [0.3, 1] },
  { path: 'engagement.fatigue', range: [0.05, 0.2] },
  { path: 'engagement.dropoutLevel', range: [0.1, 0.3] },
  { path: 'legal.asblCost', range: [0, 0.5] },
  { path: 'legal.adviceWeight', range: [0, 0.6] },
  // S12: how long before a deadline the consortia start to adapt. From one month to half a year;
  // Gersick (1988, 1989) saw groups change their way of working about halfway through the time
  // they were given, which for the 30-week extension (§3.1) is 15 weeks before its end.
  { path: 'calendar.adaptation.weeks', range: [4, 26] },
];
