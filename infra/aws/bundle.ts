/**
 * Bundles one Lambda (`functions/<name>/index.ts`) into `<outDir>/index.mjs` with esbuild.
 * The CDK stack runs this file as a child process while it synthesizes (see function.ts),
 * and the bundle-size benchmark calls `bundleFunction` directly, so both measure the same
 * artifact. Run by hand: `node infra/aws/bundle.ts functions/stories/index.ts /tmp/out`.
 */

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The most a function's `index.mjs` may weigh, minified: what Lambda loads, parses and
 * runs at every cold start. Checked on the synthesized artifacts (test/infra/bundles.test.ts)
 * and measured with its cold import by `npm run bench bundles`. The domain and the handlers
 * use `zod/mini` for this: classic zod cannot be trimmed and was the largest part of every bundle.
 */
export const MAX_BUNDLE_KB = 150;

/**
 * What the nodejs24.x runtime ships of AWS SDK v3, kept current by AWS and loaded from its
 * disk: the service clients these functions use and the DynamoDB document client. Bundling them would add several
 * hundred KB per function. Everything else of the SDK is bundled: the runtime has no
 * `@aws-sdk/s3-presigned-post`, and the helpers such packages import (e.g. `@aws-sdk/core/util`)
 * may be missing from the runtime's older copies.
 */
export const RUNTIME_SDK = [
  '@aws-sdk/client-cognito-identity-provider',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/client-eventbridge',
  '@aws-sdk/client-s3',
  '@aws-sdk/client-sesv2',
  '@aws-sdk/client-sqs',
  '@aws-sdk/lib-dynamodb',
] as const;

export interface BundleResult {
  /** Size of the minified `index.mjs` in bytes (the source map is beside it and not counted). */
  bytes: number;
  metafile: Metafile;
}

/**
 * The domain hashes with @noble/hashes so that the editor, in the browser, reaches the same
 * read-back verdict as the server; in Lambda, Node's crypto gives the same SHA-256 without
 * bundling it (infra/aws/node-sha256.ts).
 */
const nodeSha256: Plugin = {
  name: 'node-sha256',
  setup(b) {
    b.onResolve({ filter: /^@noble\/hashes\/(sha2|utils)\.js$/ }, () => ({ path: join(REPO_ROOT, 'infra', 'aws', 'node-sha256.ts') }));
  },
};

export async function bundleFunction(entry: string, outDir: string): Promise<BundleResult> {
  const result = await build({
    entryPoints: [resolve(REPO_ROOT, entry)],
    outfile: join(outDir, 'index.mjs'),
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    // German text as UTF-8, not escaped: „ä“ is two bytes instead of the six of `\xE4`-style escapes.
    charset: 'utf8',
    // Stack traces point at the TypeScript source (NODE_OPTIONS=--enable-source-maps);
    // without the sources' text the map stays small.
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    external: [...RUNTIME_SDK],
    plugins: [nodeSha256],
    // Bundled CommonJS dependencies call require(), which an ES module lacks.
    banner: { js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
  });
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('index.mjs'))!;
  return { bytes: output[1].bytes, metafile: result.metafile };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, outDir] = process.argv.slice(2);
  if (!entry || !outDir) {
    console.error('usage: node infra/aws/bundle.ts <functions/<name>/index.ts> <outDir>');
    process.exit(2);
  }
  const { bytes } = await bundleFunction(entry, outDir);
  console.error(`${entry}: ${(bytes / 1024).toFixed(1)} KB → ${outDir}/index.mjs`);
}
