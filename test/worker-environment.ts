import { builtinEnvironments, type Environment } from 'vitest/runtime';
import { WORKER_END } from './worker.ts';

/**
 * Node's environment plus the end of a test worker. The projects that share expensive
 * things between the files of one worker (test/worker.ts: a started local system, a CDK
 * synth) run their files without isolation, so the worker, its modules and its
 * environment live from its first file to its last; Vitest tears the environment down
 * after the last, and here what the files shared is closed, last started first.
 */
export default {
  name: 'newsroom-worker',
  viteEnvironment: 'ssr',
  async setup(global, options) {
    const closers: (() => Promise<void>)[] = [];
    global[WORKER_END] = closers;
    const node = await builtinEnvironments.node.setup(global, options);
    return {
      async teardown(g) {
        const failures: unknown[] = [];
        // Each closer takes itself off the list when it runs.
        for (const close of [...closers].reverse()) await close().catch((err: unknown) => failures.push(err));
        delete g[WORKER_END];
        await node.teardown(g);
        if (failures.length) throw new AggregateError(failures, 'closing what the test files shared failed');
      },
    };
  },
} satisfies Environment;
