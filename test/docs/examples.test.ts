// Every example output in README.md, docs/headless.md and docs/statistics.md is what its command
// prints today (regenerate with `npm run docs:examples`).
import { describe, expect, it } from 'vitest';
import { EXAMPLE_FILES, examplesIn, runExample } from './examples.ts';

const all = EXAMPLE_FILES.flatMap(examplesIn);

describe('example outputs in the docs', () => {
  it('there are examples to check', () => {
    expect(all.length).toBeGreaterThanOrEqual(4);
  });
  for (const ex of all)
    it(`${ex.file}: ${ex.command}`, () => {
      expect(ex.shown).toBe(runExample(ex.command));
    }, 120_000);
});
