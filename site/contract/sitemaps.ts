/**
 * The sitemaps of the public site: a sitemap index at /sitemap.xml and one sitemap per
 * section under /sitemaps/, made from the finished pages (each page's canonical link
 * gives its address, its article:modified_time or published_time gives <lastmod>; a
 * page that says "noindex" is not listed). Pure, so the full build
 * (site/newsroom/src/integrations/sitemaps.ts) and the incremental publisher
 * (functions/publish/sitemaps.ts) write byte for byte the same files.
 *
 * Sections keep each file small and let crawlers re-read only the one that changed;
 * a section past PER_FILE addresses is split (the protocol allows 50,000 per file).
 */
const SECTIONS: { prefix: string; name: string }[] = [
  { prefix: '/pressemitteilungen/', name: 'pressemitteilungen' },
  { prefix: '/geschichten/', name: 'geschichten' },
];
const OTHER = 'seiten';
export const PER_FILE = 10_000;

export interface Entry {
  loc: string;
  lastmod?: string;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The facts a sitemap needs from a page's head, or undefined when it must not be listed. */
export function sitemapEntry(html: string): Entry | undefined {
  const end = html.indexOf('</head>');
  const head = end < 0 ? html : html.slice(0, end);
  if (/<meta name="?robots"? content="?[^">]*noindex/i.test(head)) return undefined;
  const loc = head.match(/<link rel="?canonical"? href="?([^"\s>]+)/i)?.[1];
  if (!loc) return undefined;
  const lastmod =
    head.match(/<meta property="?article:modified_time"? content="?([^"\s>]+)/i)?.[1] ??
    head.match(/<meta property="?article:published_time"? content="?([^"\s>]+)/i)?.[1];
  return { loc, ...(lastmod ? { lastmod } : {}) };
}

const urlset = (entries: Entry[]) =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...entries.map((e) => `<url><loc>${escapeXml(e.loc)}</loc>${e.lastmod ? `<lastmod>${escapeXml(e.lastmod)}</lastmod>` : ''}</url>`),
    '</urlset>',
    '',
  ].join('\n');

const newest = (entries: Entry[]) =>
  entries
    .map((e) => e.lastmod)
    .filter((t): t is string => Boolean(t))
    .sort()
    .at(-1);

/** The section a page's sitemap entry belongs to, by its path. */
export const sitemapSection = (path: string) => SECTIONS.find((s) => path.startsWith(s.prefix))?.name ?? OTHER;

/**
 * The sitemap files for these entries by section: `sitemaps/<section>[-n].xml` and the
 * index `sitemap.xml`, paths relative to the site's root.
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
