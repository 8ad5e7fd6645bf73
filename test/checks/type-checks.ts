import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The type checks of every package: `tsc` over functions/, infra/, test/ and
 * site/contract (tsconfig.json), and `astro check` for each Astro app, whose .astro
 * files and scripts tsc cannot read. They run as child processes side by side;
 * `npm test` starts them before the first test (test/checks/start.ts) so they overlap
 * with the other suites, `npm run check` runs them alone.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const ASTRO = fileURLToPath(new URL('../../node_modules/astro/bin/astro.mjs', import.meta.url));

export const TYPE_CHECKS = {
  // Incremental: a rerun only checks what changed since; the state lives beside other caches.
  tsc: [TSC, '--noEmit', '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', 'node_modules/.cache/newsroom-checks/tsc.tsbuildinfo', '--pretty', 'false'],
  'astro check site/newsroom': [ASTRO, 'check', '--root', 'site/newsroom'],
  'astro check site/redaktion': [ASTRO, 'check', '--root', 'site/redaktion'],
} as const;

export type TypeCheckName = keyof typeof TYPE_CHECKS;

export interface TypeCheckResult {
  name: TypeCheckName;
  code: number | null;
  /** What the checker printed, stdout and stderr interleaved. */
  output: string;
  durationMs: number;
}

export interface RunningCheck {
  name: TypeCheckName;
  done: Promise<TypeCheckResult>;
  stop(): void;
}

export function startTypeCheck(name: TypeCheckName): RunningCheck {
  const started = performance.now();
  const child = spawn(process.execPath, TYPE_CHECKS[name], {
    cwd: REPO,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => { output += c; });
  child.stderr.on('data', (c: Buffer) => { output += c; });
  const done = new Promise<TypeCheckResult>((resolve) => {
    child.on('error', (err) => resolve({ name, code: null, output: `${output}\n${err.message}`, durationMs: performance.now() - started }));
    child.on('close', (code) => resolve({ name, code, output, durationMs: performance.now() - started }));
  });
  return { name, done, stop: () => child.kill() };
}

export const startTypeChecks = (): RunningCheck[] => (Object.keys(TYPE_CHECKS) as TypeCheckName[]).map(startTypeCheck);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await Promise.all(startTypeChecks().map((c) => c.done));
  for (const r of results) {
    const ok = r.code === 0;
    if (!ok) console.log(r.output.trim());
    console.log(`${ok ? '✔' : '✘'} ${r.name} (${(r.durationMs / 1000).toFixed(1)} s)`);
  }
  process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;
}
