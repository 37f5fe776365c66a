import { defineConfig } from 'vitest/config';

// Tests: unit and law tests for the engine, CLI tests that spawn the runner, browser tests that
// drive Debian's Chromium. Validation tests (200+ replicates each) run in their own files.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
