import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The type checks of every package: `tsc` over functions/, infra/, test/ and
 * site/contract (tsconfig.json), and `astro check` for each Astro app, whose .astro
 * files and scripts tsc cannot read. They run as child processes side by side;
 * `npm test` starts them in the background before the first test (test/checks/start.ts),
 * so they overlap with the other suites.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const ASTRO = fileURLToPath(new URL('../../node_modules/astro/bin/astro.mjs', import.meta.url));

export const TYPE_CHECKS = {
  // Incremental: a rerun only checks what changed since; the state lives beside other caches.
  tsc: [
    TSC,
    '--noEmit',
    '-p',
    'tsconfig.json',
    '--incremental',
    '--tsBuildInfoFile',
    'node_modules/.cache/newsroom-checks/tsc.tsbuildinfo',
    '--pretty',
    'false',
  ],
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

/**
 * `background`: at the lowest CPU priority (nice 19), so that beside the other suites the
 * checks take only what the tests leave idle and never slow a test into its timeout.
 */
export function startTypeCheck(name: TypeCheckName, { background = false } = {}): RunningCheck {
  const started = performance.now();
  const [command, args]: [string, string[]] = background
    ? ['nice', ['-n', '19', process.execPath, ...TYPE_CHECKS[name]]]
    : [process.execPath, [...TYPE_CHECKS[name]]];
  const child = spawn(command, args, {
    cwd: REPO,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c;
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c;
  });
  const done = new Promise<TypeCheckResult>((resolve) => {
    child.on('error', (err) => resolve({ name, code: null, output: `${output}\n${err.message}`, durationMs: performance.now() - started }));
    child.on('close', (code) => resolve({ name, code, output, durationMs: performance.now() - started }));
  });
  return { name, done, stop: () => child.kill() };
}

export const startTypeChecks = (opts: { background?: boolean } = {}): RunningCheck[] =>
  (Object.keys(TYPE_CHECKS) as TypeCheckName[]).map((name) => startTypeCheck(name, opts));
