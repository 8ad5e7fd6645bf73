import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PAGEFIND_CLI = fileURLToPath(new URL('../../node_modules/pagefind/lib/runner/bin.cjs', import.meta.url));

export interface SearchIndexResult {
  durationMs: number;
  output: string;
}

/**
 * Builds the site's search index (Pagefind) from the finished pages in `siteDir`
 * into `siteDir/pagefind/`. It runs on the build directory before the publisher
 * switches to it, so the live index always matches the live pages: a release or
 * story taken off the site is gone from the search with the same switch.
 *
 * The CLI in a child process rather than Pagefind's Node API: that API shares one
 * background service per process, which a second build running at the same time
 * could close under the first.
 */
export function buildSearchIndex(siteDir: string, timeoutMs = 120_000): Promise<SearchIndexResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PAGEFIND_CLI, '--site', siteDir, '--force-language', 'de'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString('utf8');
      const durationMs = Math.round(performance.now() - started);
      // Pagefind exits 0 when it found nothing to index; an empty index is a broken search.
      if (code === 0 && !/Indexed 0 pages/.test(output)) resolve({ durationMs, output });
      else reject(new Error(`pagefind failed (${signal ?? `exit ${code}`}) after ${durationMs} ms: ${output.trim().split('\n').slice(-10).join('\n')}`));
    });
  });
}
