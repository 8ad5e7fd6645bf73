/**
 * Bundles the photo processing Lambda (functions/photo-processing/index.ts) into
 * `<outDir>`: `index.mjs` from esbuild like every function (infra/aws/bundle.ts), except
 * that sharp stays a package of its own: its native libvips cannot be bundled. sharp, its
 * JavaScript dependencies and the prebuilt binary for Linux x64 (`@img/sharp-linux-x64`,
 * `@img/sharp-libvips-linux-x64`, installed by npm on this x64 machine) are copied
 * beside it into `node_modules/`, so the asset runs on the x86_64 Lambda runtime and the
 * synth needs no network and no Docker. By hand: `node infra/aws/photo-processing-bundle.ts /tmp/out`.
 */

import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { REPO_ROOT, RUNTIME_SDK } from './bundle.ts';

/** The packages sharp needs at run time on Linux x64 (sharp's package.json dependencies and its platform binaries). */
export const SHARP_PACKAGES = ['sharp', '@img/colour', 'detect-libc', 'semver', '@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64'];
export const PROCESSING_ENTRY = 'functions/photo-processing/index.ts';

export async function bundlePhotoProcessing(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await build({
    entryPoints: [resolve(REPO_ROOT, PROCESSING_ENTRY)],
    outfile: join(outDir, 'index.mjs'),
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    external: [...RUNTIME_SDK, 'sharp'],
    banner: { js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  for (const name of SHARP_PACKAGES) {
    const from = join(REPO_ROOT, 'node_modules', name);
    // A missing binary must fail the synth, not the first upload in production.
    JSON.parse(await readFile(join(from, 'package.json'), 'utf8'));
    await mkdir(join(outDir, 'node_modules', name), { recursive: true });
    await cp(from, join(outDir, 'node_modules', name), { recursive: true, dereference: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: node infra/aws/photo-processing-bundle.ts <outDir>');
    process.exit(2);
  }
  await bundlePhotoProcessing(outDir);
}
