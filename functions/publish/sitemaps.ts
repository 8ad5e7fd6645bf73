import { type Entry, sitemapEntry, sitemapFiles, sitemapSection } from '@newsroom/site-contract/sitemaps.ts';

/** A file of the site by its path from the root, as text. */
export interface TextFile {
  path: string;
  content: string;
}

/** A page whose sitemap entry may have changed: its HTML before and after (undefined: no page). */
export interface PageChange {
  /** Site path "/x/y/". */
  path: string;
  before?: string;
  after?: string;
}

const URL_ENTRY = /<url><loc>([^<]*)<\/loc>(?:<lastmod>([^<]*)<\/lastmod>)?<\/url>/g;
const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The entries of the live sitemaps by section, read back from the files a build wrote. */
export function parseSitemaps(files: readonly TextFile[]): Map<string, Map<string, Entry>> {
  const sections = new Map<string, Map<string, Entry>>();
  for (const file of files) {
    const name = /^sitemaps\/(.+?)(?:-\d+)?\.xml$/.exec(file.path)?.[1];
    if (!name) continue;
    const entries = sections.get(name) ?? new Map<string, Entry>();
    sections.set(name, entries);
    for (const m of file.content.matchAll(URL_ENTRY)) {
      const loc = unescapeXml(m[1]!);
      entries.set(loc, { loc, ...(m[2] ? { lastmod: unescapeXml(m[2]) } : {}) });
    }
  }
  return sections;
}

/**
 * The sitemaps after `changes`, from the live ones: each changed page's old entry out,
 * its new one in (read from its HTML exactly as the build's integration does), then
 * every file written by the integration's own writer. Returns the files whose content
 * differs and the files that are no longer written. Cost: the size of the sitemaps
 * (`publisher.sitemapsMs` in bench/results/publish-latency.json), no page is read
 * beyond the changed ones.
 */
export function updateSitemaps(live: readonly TextFile[], changes: readonly PageChange[], site: URL): { write: TextFile[]; remove: string[] } {
  const sections = parseSitemaps(live);
  for (const change of changes) {
    const section = sitemapSection(change.path);
    const entries = sections.get(section) ?? new Map<string, Entry>();
    sections.set(section, entries);
    const before = change.before === undefined ? undefined : sitemapEntry(change.before);
    const after = change.after === undefined ? undefined : sitemapEntry(change.after);
    if (before) entries.delete(before.loc);
    if (after) entries.set(after.loc, after);
  }
  const bySection = new Map([...sections].filter(([, e]) => e.size > 0).map(([name, e]) => [name, [...e.values()]]));
  const next = sitemapFiles(bySection, site);
  const old = new Map(live.map((f) => [f.path, f.content]));
  return {
    write: next.filter((f) => old.get(f.path) !== f.content),
    remove: [...old.keys()].filter((path) => !next.some((f) => f.path === path)),
  };
}
