import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { childEnvironment } from '@newsroom/runtime/config.ts';
import { buildSearchIndex } from './search-index.ts';

export const SITE_ROOT = fileURLToPath(new URL('../../site/newsroom/', import.meta.url));
const ASTRO_CLI = fileURLToPath(new URL('../../node_modules/astro/bin/astro.mjs', import.meta.url));
const ASTRO_BUILD_WITH_RENDERER = fileURLToPath(new URL('./astro-build.ts', import.meta.url));

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
  /**
   * Also keep the build's renderer here (renderer-capture.ts), for the incremental
   * publisher. Inside the repository: the bundle resolves its packages from node_modules.
   */
  rendererDir?: string;
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
 * Runs `astro build` for site/newsroom in a child process, then indexes the
 * result for search (search-index.ts). A child, not the
 * programmatic API: every build starts with fresh modules (the site memoises the
 * store's stories per process), and a crash in a build cannot take the caller down.
 */
export function buildSite(opts: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const outDir = resolve(opts.outDir);
  const env = childEnvironment({
    ...opts.env,
    SITE_OUT_DIR: outDir,
    ...(opts.cacheDir ? { SITE_CACHE_DIR: opts.cacheDir } : {}),
    ...(opts.rendererDir ? { SITE_RENDERER_DIR: resolve(opts.rendererDir) } : {}),
    ASTRO_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
  });
  // Astro writes its intermediate server bundle to `<cwd>/.astro/.prerender/` when
  // outDir lies outside the working directory. A shared cwd lets concurrent builds
  // overwrite each other's chunks, and a cwd outside the repository cannot resolve
  // the chunks' imports from node_modules; so each build works in its own
  // directory inside the site (git-ignored) and removes it afterwards.
  mkdirSync(join(SITE_ROOT, '.astro'), { recursive: true });
  const cwd = mkdtempSync(join(SITE_ROOT, '.astro', 'build-'));
  return new Promise((resolvePromise, reject) => {
    const args = opts.rendererDir ? [ASTRO_BUILD_WITH_RENDERER] : [ASTRO_CLI, 'build', '--root', SITE_ROOT];
    const child = spawn(process.execPath, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    const done = () => {
      clearTimeout(timer);
      rmSync(cwd, { recursive: true, force: true });
    };
    child.once('error', (err) => {
      done();
      reject(err);
    });
    child.once('close', (code, signal) => {
      done();
      const output = Buffer.concat(chunks).toString('utf8');
      const durationMs = Math.round(performance.now() - started);
      if (code !== 0) {
        reject(new BuildFailed(`astro build failed (${signal ?? `exit ${code}`}) after ${durationMs} ms: ${lastLines(output, 15)}`, output));
        return;
      }
      // The search index is part of the build: no switch to pages whose index is missing.
      buildSearchIndex(outDir).then(
        (search) => resolvePromise({ outDir, durationMs: Math.round(performance.now() - started), output: `${output}\n${search.output}` }),
        (err: Error) => reject(new BuildFailed(err.message, output)),
      );
    });
  });
}

function lastLines(text: string, n: number): string {
  // Astro colours its output; the log wants plain text.
  return stripVTControlCharacters(text).trim().split('\n').slice(-n).join('\n');
}
