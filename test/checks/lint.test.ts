import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIOME = fileURLToPath(new URL('../../node_modules/@biomejs/biome/bin/biome', import.meta.url));

/** Biome's lint and format rules and sorted imports (biome.jsonc), warnings included: the same check as npm run lint. */
it('the code is formatted and passes the linter without a warning', () => {
  const run = spawnSync(process.execPath, [BIOME, 'ci', '--error-on-warnings', '--max-diagnostics=none', '--colors=off', '.'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  expect(run.status, `${run.stdout}\n${run.stderr}`.trim()).toBe(0);
  // Biome exits 0 too when it finds no files: make sure it read the code.
  expect(run.stdout + run.stderr).toMatch(/Checked \d{3,} files/);
});
