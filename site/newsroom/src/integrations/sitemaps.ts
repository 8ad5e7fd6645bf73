import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/**
 * Sitemaps from what the build actually wrote: a sitemap index at /sitemap.xml and
 * one sitemap per section under /sitemaps/. Reading the finished pages (rather than
 * listing routes) means every page anyone adds is in it, a page that says "noindex"
 * (404, 410) is not, and a release or story that was not built (embargo, takedown,
 * withdrawn consent) cannot appear. Each page's canonical link gives its address;
 * its article:modified_time (or published_time) gives <lastmod>.
 *
 * Sections keep each file small and let crawlers re-read only the one that changed;
 * a section past PER_FILE addresses is split (the protocol allows 50,000 per file).
 */
const SECTIONS: { prefix: string; name: string }[] = [
  { prefix: '/pressemitteilungen/', name: 'pressemitteilungen' },
  { prefix: '/geschichten/', name: 'geschichten' },
];
const OTHER = 'seiten';
const PER_FILE = 10_000;
/** Output that holds no pages. */
const SKIP = new Set(['_astro', 'pagefind', 'medien', 'sitemaps']);

export interface Entry {
  loc: string;
  lastmod?: string;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

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

/** The facts a sitemap needs from a page's head, or undefined when it must not be listed. */
export function sitemapEntry(html: string): Entry | undefined {
  const end = html.indexOf('</head>');
  const head = end < 0 ? html : html.slice(0, end);
  if (/<meta name="?robots"? content="?[^">]*noindex/i.test(head)) return undefined;
  const loc = head.match(/<link rel="?canonical"? href="?([^"\s>]+)/i)?.[1];
  if (!loc) return undefined;
  const lastmod = head.match(/<meta property="?article:modified_time"? content="?([^"\s>]+)/i)?.[1]
    ?? head.match(/<meta property="?article:published_time"? content="?([^"\s>]+)/i)?.[1];
  return { loc, ...(lastmod ? { lastmod } : {}) };
}

const urlset = (entries: Entry[]) => [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
  ...entries.map((e) => `<url><loc>${escapeXml(e.loc)}</loc>${e.lastmod ? `<lastmod>${escapeXml(e.lastmod)}</lastmod>` : ''}</url>`),
  '</urlset>',
  '',
].join('\n');

const newest = (entries: Entry[]) => entries.map((e) => e.lastmod).filter((t): t is string => Boolean(t)).sort().at(-1);

/** The section a page's sitemap entry belongs to, by its path. */
export const sitemapSection = (path: string) => SECTIONS.find((s) => path.startsWith(s.prefix))?.name ?? OTHER;

/**
 * The sitemap files for these entries by section: `sitemaps/<section>[-n].xml` and the
 * index `sitemap.xml`, paths relative to the site's root. Pure, so the incremental
 * publisher (functions/publish/sitemaps.ts) writes byte for byte what a full build writes.
 */
export function sitemapFiles(bySection: ReadonlyMap<string, Entry[]>, site: URL): { path: string; content: string }[] {
  const out: { path: string; content: string }[] = [];
  const files: Entry[] = [];
  for (const [name, unsorted] of [...bySection].sort(([a], [b]) => a.localeCompare(b))) {
    const entries = [...unsorted].sort((a, b) => a.loc.localeCompare(b.loc));
    const chunks = Math.ceil(entries.length / PER_FILE);
    for (let i = 0; i < chunks; i++) {
      const part = entries.slice(i * PER_FILE, (i + 1) * PER_FILE);
      const fileName = `sitemaps/${name}${chunks > 1 ? `-${i + 1}` : ''}.xml`;
      out.push({ path: fileName, content: urlset(part) });
      const lastmod = newest(part);
      files.push({ loc: new URL(`/${fileName}`, site).href, ...(lastmod ? { lastmod } : {}) });
    }
  }
  out.push({
    path: 'sitemap.xml',
    content: [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      ...files.map((f) => `<sitemap><loc>${escapeXml(f.loc)}</loc>${f.lastmod ? `<lastmod>${escapeXml(f.lastmod)}</lastmod>` : ''}</sitemap>`),
      '</sitemapindex>',
      '',
    ].join('\n'),
  });
  return out;
}

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
        logger.info(`sitemap index with ${[...bySection.values()].reduce((n, e) => n + Math.ceil(e.length / PER_FILE), 0)} sitemaps, ${[...bySection.values()].reduce((n, e) => n + e.length, 0)} pages`);
      },
    },
  };
}
