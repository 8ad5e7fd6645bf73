import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The type checks run as child processes from the checks project's global setup
 * (test/checks/start.ts), beside every other suite; the test that reads their results
 * goes last, so it does not hold a worker while they run.
 */
class TypeChecksLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const last = (f: TestSpecification) => f.moduleId.endsWith('/test/checks/types.test.ts');
    return [...sorted.filter((f) => !last(f)), ...sorted.filter(last)];
  }
}

/** One project per test layer; `npm test` runs them all. */
export default defineConfig({
  test: {
    sequence: { sequencer: TypeChecksLast },
    projects: [
      { test: { name: 'checks', include: ['test/checks/**/*.test.ts'], globalSetup: ['test/checks/start.ts'], testTimeout: 300_000 } },
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } },
    ],
  },
});
