import { fileURLToPath } from 'node:url';
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { sitemaps } from './src/integrations/sitemaps.ts';

const root = fileURLToPath(new URL('./', import.meta.url));
const cacheDir = process.env.SITE_CACHE_DIR;

/**
 * The public site: static files only. The publisher (functions/publish) sets
 * SITE_OUT_DIR to a fresh directory per build and SITE_CACHE_DIR to its own
 * cache, so a publish never writes over the live site or another build's cache.
 */
export default defineConfig({
  root,
  output: 'static',
  site: process.env.SITE_URL || 'http://localhost:4321',
  outDir: process.env.SITE_OUT_DIR || fileURLToPath(new URL('./dist/', import.meta.url)),
  // Astro's data store and Vite's dependency cache, both per publisher when set.
  ...(cacheDir ? { cacheDir } : {}),
  vite: {
    ...(cacheDir ? { cacheDir: `${cacheDir}/vite` } : {}),
    build: {
      // Never inline a script or an asset as a data: URL: the CSP allows only files
      // from the site itself (the search page's script must stay external too).
      assetsInlineLimit: 0,
      rolldownOptions: {
        // Astro's MDX modules carry a directive rolldown cannot keep; Astro handles
        // it itself, and the warning would fill the publisher's error excerpts.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  },
  trailingSlash: 'always',
  build: {
    format: 'directory',
    // The Content-Security-Policy allows no inline style or script: every
    // stylesheet goes to a file under /_astro/.
    inlineStylesheets: 'never',
  },
  compressHTML: true,
  devToolbar: { enabled: false },
  integrations: [mdx(), sitemaps()],
});
