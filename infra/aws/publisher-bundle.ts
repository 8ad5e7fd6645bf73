/**
 * Builds what the publisher needs in AWS, from the sources alone, into `<outDir>`:
 *
 * - `lambda/`: the handlers (functions/publish/lambda/index.ts, and preview.ts for the
 *   preview function; esbuild), the site's
 *   renderer (renderer-capture.ts keeps it from a full Astro build, which runs here
 *   from no content; esbuild makes it self-contained), and Pagefind's
 *   indexing binary;
 * - `static/`: the files of the site that do not come from content: `_astro/` (styles,
 *   the search script, every image variant), the media originals under `medien/`, the
 *   favicon. The deployment uploads them; the Lambda renders everything else.
 *
 * The CDK stack runs it while it synthesizes (infra/aws/publisher.ts) and caches the
 * result by a hash of its inputs, so a synth without source changes does not build
 * again. By hand: `node infra/aws/publisher-bundle.ts /tmp/publisher`.
 */

import { mkdtempSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSite, SITE_ROOT } from '@newsroom/publish/build.ts';
import { RENDERER_BUNDLE, RENDERER_MANIFEST, type RendererManifest } from '@newsroom/publish/renderer-capture.ts';
import { build } from 'esbuild';
import { REPO_ROOT } from './bundle.ts';

/** The Lambda's own SDK clients come from the nodejs24.x runtime; the key value store client and SigV4a are bundled (not in every runtime). */
const RUNTIME_SDK = [
  '@aws-sdk/client-s3',
  '@aws-sdk/client-cloudfront',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/client-eventbridge',
  '@aws-sdk/util-dynamodb',
];
/** Pagefind's service runs this binary; the package ships it for the machine that installed it (x86_64 Linux, musl, static). */
export const PAGEFIND_BINARY = 'bin/pagefind_extended';
const COMMON = {
  bundle: true,
  platform: 'node' as const,
  format: 'esm' as const,
  target: 'node24',
  minify: !process.env.PUBLISHER_BUNDLE_READABLE,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Bundled CommonJS dependencies call require(), which an ES module lacks.
  banner: { js: "import{createRequire as __newsroomRequire}from'node:module';const require=__newsroomRequire(import.meta.url);" },
  logLevel: 'warning' as const,
};

export async function bundlePublisher(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  const lambdaDir = join(outDir, 'lambda');
  const work = mkdtempSync(join(tmpdir(), 'publisher-bundle-'));
  const rendererDir = join(SITE_ROOT, '.astro', 'renderers', `lambda-${process.pid}-${Date.now()}`);
  try {
    // The pages are rendered later from the real table; this build only yields the renderer and the static files.
    await buildSite({
      outDir: join(work, 'site'),
      cacheDir: join(work, 'cache'),
      rendererDir,
      env: { SITE_CONTENT: 'none', SITE_URL: 'https://newsroom.invalid' },
    });
    const manifest = JSON.parse(await readFile(join(rendererDir, RENDERER_MANIFEST), 'utf8')) as RendererManifest;
    await build({
      ...COMMON,
      entryPoints: [join(rendererDir, RENDERER_BUNDLE, manifest.entry)],
      entryNames: '[name]',
      // Beside no package.json: only the .mjs extension makes Node load these as ES modules.
      outExtension: { '.js': '.mjs' },
      outdir: join(lambdaDir, 'renderer', RENDERER_BUNDLE),
      splitting: true,
      // sharp only makes image variants the site lacks; the deployment uploads every variant.
      external: [...RUNTIME_SDK, 'sharp'],
    });
    await writeFile(join(lambdaDir, 'renderer', RENDERER_MANIFEST), JSON.stringify(manifest));
    await build({
      ...COMMON,
      entryPoints: [join(REPO_ROOT, 'functions/publish/lambda/index.ts')],
      outfile: join(lambdaDir, 'index.mjs'),
      absWorkingDir: REPO_ROOT,
      external: [...RUNTIME_SDK, 'sharp'],
    });
    // The preview function (functions/publish/lambda/preview.ts): the same renderer, another handler.
    await build({
      ...COMMON,
      entryPoints: [join(REPO_ROOT, 'functions/publish/lambda/preview.ts')],
      outfile: join(lambdaDir, 'preview.mjs'),
      absWorkingDir: REPO_ROOT,
      external: [...RUNTIME_SDK, 'sharp'],
    });
    await mkdir(join(lambdaDir, 'bin'), { recursive: true });
    await cp(join(REPO_ROOT, 'node_modules/@pagefind/linux-x64', PAGEFIND_BINARY), join(lambdaDir, PAGEFIND_BINARY));

    const site = join(work, 'site');
    const staticDir = join(outDir, 'static');
    await mkdir(staticDir, { recursive: true });
    for (const entry of await readdir(site)) {
      if (entry === '_astro' || entry === 'medien' || entry === 'favicon.svg') await cp(join(site, entry), join(staticDir, entry), { recursive: true });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(rendererDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [outDir] = process.argv.slice(2);
  if (!outDir) {
    console.error('usage: node infra/aws/publisher-bundle.ts <outDir>');
    process.exit(2);
  }
  await bundlePublisher(resolve(outDir));
  console.error(`publisher bundle → ${outDir}`);
}
