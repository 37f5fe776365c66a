// Patterns the calibrated default does not reproduce under the deffuant rule, with the reason; kept
// in one place so the validation test and docs/validation.md agree. Empty when all ten hold.
export const KNOWN_FAILING: Record<number, string> = {
  4: 'the legal-expert clause (with a legal expert the ASBL share falls by at least 20 points) fails on seed 7019: 62.0% to 42.5%, a 19.5-point fall; the other four batches fall by 25 to 35 points. The default sits near the threshold: 1000 paired runs on seed 7019 give a 23.5-point fall (95% interval 19.4 to 27.6), so a batch of 200 can fall short by chance',
};

/**
 * Mechanisms whose ablation, at 200 replicates on the first validation seed, breaks no pattern and
 * moves no outcome with an interval excluding 0: they do not (yet) earn their place in the default.
 */
export const KNOWN_INERT: Record<string, string> = {};
