import { defineConfig } from 'vitest/config';

// Tests: unit and law tests for the engine, CLI tests that spawn the runner, browser tests that
// drive Chromium (the system's, else npm's: test/helpers/browser.ts). Validation tests (200+
// replicates each) run in their own files. The CLI the tests spawn runs the built JavaScript:
// test/global-setup.ts builds it first.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
