import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SITE_ROOT = fileURLToPath(new URL('../../site/newsroom/', import.meta.url));
const ASTRO_CLI = fileURLToPath(new URL('../../node_modules/astro/bin/astro.mjs', import.meta.url));

export interface BuildOptions {
  /** Where the static files go; created by Astro. */
  outDir: string;
  /**
   * The store and the public address: DYNAMODB_ENDPOINT, TABLE_NAME, AWS_REGION,
   * SITE_URL. Added to this process's environment for the child.
   */
  env?: Record<string, string | undefined>;
  /** Astro's cache (content data store, Vite deps). Give concurrent builds their own. */
  cacheDir?: string;
  /** The build is killed after this long. */
  timeoutMs?: number;
}

export interface BuildResult {
  outDir: string;
  durationMs: number;
  /** Astro's own output, for the log when something looks odd. */
  output: string;
}

export class BuildFailed extends Error {
  readonly output: string;
  constructor(message: string, output: string) {
    super(message);
    this.name = 'BuildFailed';
    this.output = output;
  }
}

/**
 * Runs `astro build` for site/newsroom in a child process. A child, not the
 * programmatic API: every build starts with fresh modules (the site memoises the
 * store's stories per process), and a crash in a build cannot take the caller down.
 */
export function buildSite(opts: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.env,
    SITE_OUT_DIR: opts.outDir,
    ...(opts.cacheDir ? { SITE_CACHE_DIR: opts.cacheDir } : {}),
    ASTRO_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ASTRO_CLI, 'build', '--root', SITE_ROOT], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString('utf8');
      const durationMs = Math.round(performance.now() - started);
      if (code === 0) resolve({ outDir: opts.outDir, durationMs, output });
      else reject(new BuildFailed(`astro build failed (${signal ?? `exit ${code}`}) after ${durationMs} ms: ${lastLines(output, 15)}`, output));
    });
  });
}

function lastLines(text: string, n: number): string {
  // Astro colours its output; the log wants plain text.
  return text.replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n').slice(-n).join('\n');
}
