import { availableParallelism } from 'node:os';
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

/**
 * What the files of one worker share (test/worker.ts): the e2e files a started local system,
 * the infra files their CDK synth. Files without isolation run in the same worker one after
 * another, keeping their modules; this environment closes what they shared when the worker ends.
 */
const sharing = { isolate: false, environment: './test/worker-environment.ts' };
/** Builds the editor once, before any worker starts a local system (test/global-setup.ts). */
const editorBuilt = ['test/global-setup.ts'];

/** One project per test layer; `npm test` runs them all. */
export default defineConfig({
  test: {
    sequence: { sequencer: TypeChecksLast },
    // Vitest's default on two cores is one worker. The files spend much of their time waiting
    // for Chromium, a child build or a timer, so two run side by side.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { test: { name: 'checks', include: ['test/checks/**/*.test.ts'], globalSetup: ['test/checks/start.ts'], testTimeout: 300_000 } },
      // Without isolation a worker imports the modules once for all its files, not once per file.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false } },
      // Hooks start a local system or build the site (Astro), now beside a second file instead of alone.
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], globalSetup: editorBuilt, testTimeout: 30_000, hookTimeout: 120_000 } },
      // A synth blocks its worker for a while: on two busy cores, beside the other projects, several minutes.
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], ...sharing, testTimeout: 180_000, hookTimeout: 300_000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...sharing, globalSetup: editorBuilt, testTimeout: 120_000, hookTimeout: 180_000 } },
    ],
  },
});
