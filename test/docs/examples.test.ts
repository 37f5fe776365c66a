// Every example output in README.md, docs/headless.md, docs/statistics.md and docs/decision.md is
// what its command prints today (regenerate with `npm run docs:examples`).
import { describe, expect, it } from 'vitest';
import { EXAMPLE_FILES, examplesIn, runExample, WORKED_FILES, workedFolder } from './examples.ts';

const all = EXAMPLE_FILES.filter((f) => !WORKED_FILES.has(f)).flatMap(examplesIn);

describe('example outputs in the docs', () => {
  it('there are examples to check', () => {
    expect(all.length).toBeGreaterThanOrEqual(4);
  });
  for (const ex of all)
    it(`${ex.file}: ${ex.command}`, () => {
      expect(ex.shown).toBe(runExample(ex.command));
    }, 120_000);
});

// A worked example's commands build on each other (a search, then a chosen design compared and
// probed): they run in order in one folder.
for (const file of WORKED_FILES)
  describe(`worked example ${file}`, () => {
    const steps = examplesIn(file);
    it('has its steps', () => {
      expect(steps.length).toBeGreaterThanOrEqual(3);
    });
    it('every step prints what the page shows, in order', () => {
      const { dir, cleanup } = workedFolder();
      try {
        for (const ex of steps) expect(ex.shown, ex.command).toBe(runExample(ex.command, dir));
      } finally {
        cleanup();
      }
    }, 600_000);
  });
