import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SEARCH_INDEX_CLI = fileURLToPath(new URL('./search-index-cli.ts', import.meta.url));

export interface SearchIndexResult {
  durationMs: number;
  output: string;
}

/**
 * Builds the site's search index (Pagefind) from the finished pages in `siteDir`
 * into `siteDir/pagefind/`: the main index and the story shards (search-shards.ts,
 * which the incremental publisher updates shard by shard). It runs on the build
 * directory before the publisher switches to it, so the live index always matches the
 * live pages: a release or story taken off the site is gone from the search with the
 * same switch.
 *
 * In a child process: Pagefind's Node API shares one background service per process,
 * which a second build running at the same time could close under the first.
 */
export function buildSearchIndex(siteDir: string, timeoutMs = 300_000): Promise<SearchIndexResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SEARCH_INDEX_CLI, siteDir], { stdio: ['ignore', 'pipe', 'pipe'] });
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
      if (code === 0) resolve({ durationMs, output });
      else reject(new Error(`search index failed (${signal ?? `exit ${code}`}) after ${durationMs} ms: ${output.trim().split('\n').slice(-10).join('\n')}`));
    });
  });
}
