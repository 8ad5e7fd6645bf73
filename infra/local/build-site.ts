/**
 * `npm run build:site [-- <outDir>]`: a full build of the public site from the
 * store at DYNAMODB_ENDPOINT (default: the table of a running `npm start`).
 */
import { resolve } from 'node:path';
import { BuildFailed, buildSite, SITE_ROOT } from '@newsroom/publish/build.ts';
import { configuredStore } from '@newsroom/store/client.ts';

const outDir = resolve(process.argv[2] ?? `${SITE_ROOT}dist`);

try {
  // The child build inherits this process's environment, the store's settings with it.
  const result = await buildSite({ outDir });
  console.info(JSON.stringify({ level: 'INFO', message: 'site built', outDir, durationMs: result.durationMs, store: configuredStore().endpoint ?? 'AWS' }));
} catch (err) {
  console.error(err instanceof BuildFailed ? err.output : err);
  console.error(JSON.stringify({ level: 'ERROR', message: 'site build failed', outDir, error: (err as Error).message }));
  process.exitCode = 1;
}
