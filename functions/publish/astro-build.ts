/**
 * `node functions/publish/astro-build.ts`: the full Astro build of site/newsroom, run by
 * build.ts in a child process when the publisher also wants the renderer
 * (SITE_RENDERER_DIR): Astro's programmatic build with the capture integration, which
 * only watches. Without it build.ts runs the plain CLI.
 */
import { build } from 'astro';
import { SITE_ROOT } from './build.ts';
import { captureRenderer } from './renderer-capture.ts';

const dir = process.env.SITE_RENDERER_DIR;
await build({ root: SITE_ROOT, integrations: dir ? [captureRenderer(dir)] : [] });
