import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Entry, PER_FILE, sitemapEntry, sitemapFiles, sitemapSection } from '@newsroom/site-contract/sitemaps.ts';
import type { AstroIntegration } from 'astro';

/** Output that holds no pages. */
const SKIP = new Set(['_astro', 'pagefind', 'medien', 'sitemaps']);

async function* htmlPages(root: string, dir = root): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (dir === root && SKIP.has(entry.name)) continue;
      yield* htmlPages(root, join(dir, entry.name));
    } else if (entry.name === 'index.html') {
      yield join(dir, entry.name);
    }
  }
}

/**
 * Sitemaps from what the build actually wrote (site/contract/sitemaps.ts). Reading the
 * finished pages (rather than listing routes) means every page anyone adds is in it, a
 * page that says "noindex" (404, 410) is not, and a release or story that was not built
 * (embargo, takedown, withdrawn consent) cannot appear.
 */
export function sitemaps(): AstroIntegration {
  let site: URL;
  return {
    name: 'newsroom-sitemaps',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = new URL(config.site!);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const bySection = new Map<string, Entry[]>();
        for await (const file of htmlPages(root)) {
          const entry = sitemapEntry(await readFile(file, 'utf8'));
          if (!entry) continue;
          const path = `/${relative(root, file).split(sep).slice(0, -1).join('/')}/`.replace(/^\/\/$/, '/');
          const name = sitemapSection(path);
          const list = bySection.get(name);
          if (list) list.push(entry);
          else bySection.set(name, [entry]);
        }
        await mkdir(join(root, 'sitemaps'), { recursive: true });
        for (const file of sitemapFiles(bySection, site)) await writeFile(join(root, file.path), file.content);
        logger.info(
          `sitemap index with ${[...bySection.values()].reduce((n, e) => n + Math.ceil(e.length / PER_FILE), 0)} sitemaps, ${[...bySection.values()].reduce((n, e) => n + e.length, 0)} pages`,
        );
      },
    },
  };
}
