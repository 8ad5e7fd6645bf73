import { defineConfig } from 'vitest/config';

/** One project per test layer; `npm test` runs them all. */
export default defineConfig({
  test: {
    projects: [
      // Type checks, import rules and lint. First by name, and the type checks start in its global setup, so they overlap with the rest.
      { test: { name: 'checks', include: ['test/checks/**/*.test.ts'], globalSetup: ['test/checks/start.ts'], testTimeout: 300_000 } },
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } },
    ],
  },
});
