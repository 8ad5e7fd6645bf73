import { toBerlinLocal } from '@newsroom/domain/berlin-time.ts';
import type { Release } from '@newsroom/domain/release.ts';
import type { Story } from '@newsroom/domain/story.ts';
import type { Refreshed } from './site-content.ts';

/**
 * Which pages of the public site a content change can touch: the pages to render
 * again after it. Paths as Astro names them ("/", "/geschichten/x", "/rss.xml").
 *
 * The site is laid out so that this set is small and does not grow with the archive:
 * stories in archives by year (a story touches its own year, not every page after
 * it), topic and partner pages with the newest few, feeds of the newest 50, sitemaps
 * per section (written from the rendered pages, functions/publish/sitemaps.ts) and a
 * search index in shards (search-shards.ts). A story change is at most: its page, the
 * home page, the story overview and its year, the topic overview and its topics, its
 * partner, the stories' feed, the list of gone addresses, and the releases that feature
 * it with what lists them. Independent of the number of stories: about 15 pages.
 *
 * The map may name more than changes (a page that renders the same bytes is not
 * written); it must never name less. The publisher adds every page that appears or
 * disappears in the new render pass, and SIBLING_ROUTES below; the equivalence test
 * (test/integration/publish-incremental.test.ts) compares the result with a full build.
 */
export function affectedPaths(changes: readonly Refreshed[], context: DependencyContext): Set<string> {
  const paths = new Set<string>();
  for (const change of changes) {
    if (change.kind === 'story') {
      for (const s of [change.before, change.after]) if (s) storyPages(s, paths);
      storyLists(paths);
      // Releases show their featured stories, and their photos of people follow the stories' consents.
      for (const r of context.releasesFeaturing(change.id)) releasePages(r, paths);
    } else if (change.kind === 'release') {
      for (const r of [change.before, change.after]) if (r) releasePages(r, paths);
    } else if (change.kind === 'settings') {
      for (const p of SETTINGS_PAGES) paths.add(p);
    } else {
      // Few and small: the overview, every snapshot's page and every table download (the time series spans all snapshots).
      paths.add('/statistik');
      for (const p of context.pathsUnder('/statistik/')) paths.add(p);
      for (const r of context.releasesWithStatistics()) releasePages(r, paths);
    }
  }
  return paths;
}

/** What the map needs to know beyond the changed items: the releases that refer to them. */
export interface DependencyContext {
  releasesFeaturing(storyId: string): Release[];
  releasesWithStatistics(): Release[];
  /** Every page of the new render pass under a prefix. */
  pathsUnder(prefix: string): Iterable<string>;
}

/**
 * Routes whose every page lists its siblings (the year navigation of the archives):
 * when a page of such a route appears or disappears, all its pages change.
 */
export const SIBLING_ROUTES = ['/geschichten/[year]', '/pressemitteilungen/[year]'];

/** The pages of content/pages that show organisation settings (site/newsroom/src/pages/[page].astro). */
export const LEGAL_PAGES = ['/impressum', '/datenschutz', '/barrierefreiheit'];
/** Every page that shows organisation settings: the legal pages and the press office's contacts. */
const SETTINGS_PAGES = [...LEGAL_PAGES, '/presse/kontakt'];

const TOPICS = '/themen';
const PARTNERS = '/traeger';
const berlinYear = (iso: string) => toBerlinLocal(new Date(iso)).slice(0, 4);

function storyPages(s: Story, paths: Set<string>): void {
  paths.add(`/geschichten/${s.slug}`);
  if (s.publishedAt) paths.add(`/geschichten/${berlinYear(s.publishedAt)}`);
  for (const t of s.topics ?? []) paths.add(`${TOPICS}/${t}`);
  paths.add(`${PARTNERS}/${s.partner}`);
}

function storyLists(paths: Set<string>): void {
  // Home: the newest stories and their number; overviews: the newest and the years with counts.
  for (const p of ['/', '/geschichten', TOPICS, '/rss.xml', '/gone.json']) paths.add(p);
}

function releasePages(r: Release, paths: Set<string>): void {
  paths.add(`/pressemitteilungen/${r.slug}`);
  if (r.publishedAt) paths.add(`/pressemitteilungen/${berlinYear(r.publishedAt)}`);
  // The press photos page lists every public release's photos.
  for (const p of ['/', '/pressemitteilungen', TOPICS, '/gone.json', '/presse/medien']) paths.add(p);
  for (const base of ['/pressemitteilungen', ...(r.topics ?? []).map((t) => `${TOPICS}/${t}`), ...(r.partners ?? []).map((p) => `${PARTNERS}/${p}`)]) {
    if (base !== '/pressemitteilungen') paths.add(base);
    for (const feed of ['feed.xml', 'atom.xml', 'feed.json']) paths.add(`${base}/${feed}`);
  }
}
