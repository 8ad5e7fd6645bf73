import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startTypeChecks } from './type-checks.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where each type check writes its result when it ends (test/checks/types.test.ts reads them). */
    typeChecksDir: string;
  }
}

export const resultFile = (dir: string, name: string) => join(dir, `${name.replace(/\W+/g, '-')}.json`);

/**
 * The checks project's global setup: starts the type checks before the first test of
 * any project, in the background (lowest CPU priority), so on a machine of two cores
 * they use what the other suites leave idle instead of adding their time after them.
 * Each result is written whole (rename) for types.test.ts, which runs last.
 */
export default function startChecks(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'newsroom-type-checks-'));
  const running = startTypeChecks({ background: true });
  let stopped = false;
  for (const check of running) {
    void check.done.then((result) => {
      if (stopped) return;
      const file = resultFile(dir, result.name);
      writeFileSync(`${file}.part`, JSON.stringify(result));
      renameSync(`${file}.part`, file);
    });
  }
  project.provide('typeChecksDir', dir);
  return () => {
    stopped = true;
    for (const check of running) check.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
