import { affectedPaths, SIBLING_ROUTES } from './dependency-map.ts';
import type { ImageReferences, PageFileChange } from './image-refs.ts';
import { fileOf, type RenderPassHandle, type RouteData, type SiteRenderer } from './renderer.ts';
import { isSearchable, isStoryPage, planSearchIndexes, type SearchPlan, type SiteSource, shardCount } from './search-shards.ts';
import type { Refreshed, SiteContentCache } from './site-content.ts';
import { updateSitemaps } from './sitemaps.ts';

/**
 * One publish, worked out before anything is written: which files change, which go,
 * and the new search index. Shared by the local publisher (a new build folder beside
 * the live one) and the Lambda (objects in the site bucket); each applies the plan in
 * its own way. Reads the live site only where it must (the candidate files, the
 * sitemaps, the pages of a search shard being rebuilt).
 */

/** Read access to the live site; paths are relative to its root ("geschichten/x/index.html"). */
export interface LiveSite {
  read(file: string): Promise<Buffer | undefined>;
  exists(file: string): Promise<boolean>;
  /** Files whose path starts with `prefix`, as S3 lists keys ("sitemaps/", "pagefind/geschichten-"). */
  list(prefix: string): Promise<string[]>;
}

/** Every output path of a render pass with its route (Astro's names: "/geschichten/x"). */
export type SitePaths = ReadonlyMap<string, RouteData>;

export interface PublishPlan {
  /** Files to write (new or changed), by path from the root. */
  write: Map<string, Buffer>;
  /** Files to delete. */
  remove: Set<string>;
  /** Site paths of pages and feeds written and removed: for the log and the CDN. */
  written: string[];
  removed: string[];
  /** The rebuilt search indexes, when a searchable page changed. */
  search?: SearchPlan;
  /** Every output path after this publish: the next plan's starting point. */
  paths: SitePaths;
  /** How long each step took, for the log and the benchmark. */
  timings: Record<string, number>;
  /** How many pages were rendered (candidates). */
  rendered: number;
  /** The HTML files written or removed, before and after: what the image index records once live. */
  htmlChanges: PageFileChange[];
}

export interface PlanInput {
  renderer: SiteRenderer;
  content: SiteContentCache;
  refreshed: readonly Refreshed[];
  live: LiveSite;
  /** The output paths of the live site (the last plan's `paths`, or a pass over the live content). */
  livePaths: SitePaths;
  /** The instant the pages judge by. */
  at: Date;
  /** Render every page (a full render into a live site: first deploy, new code). */
  everything?: boolean;
  /** Which pages use which optimised image, to remove an image no page uses any more. */
  images?: ImageReferences;
  /** Routes whose files someone else uploads (the Lambda: the media originals come with the deployment). */
  skipRoutes?: readonly string[];
}

/** "/geschichten/x" → "/geschichten/x/": the form of a page in sitemaps, the search index and the CDN. */
const pagePath = (file: string) => `/${file.replace(/index\.html$/, '')}`;
const isPageFile = (file: string) => file === 'index.html' || file.endsWith('/index.html');

export async function planPublish(input: PlanInput): Promise<PublishPlan> {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
  };

  const pass = input.renderer.pass(input.at, input.content);
  const paths = await pass.paths();
  lap('pathsMs');

  const candidates = input.everything
    ? new Set(paths.keys())
    : affectedPaths(input.refreshed, {
        releasesFeaturing: (id) => input.content.releasesFeaturing(id),
        releasesWithStatistics: () => input.content.releasesWithStatistics(),
        pathsUnder: (prefix) => [...paths.keys()].filter((p) => p.startsWith(prefix)),
      });
  const gone = [...input.livePaths.keys()].filter((p) => !paths.has(p));
  const added = [...paths.keys()].filter((p) => !input.livePaths.has(p));
  for (const p of added) candidates.add(p);
  const reshaped = new Set([...added, ...gone].map((p) => (paths.get(p) ?? input.livePaths.get(p))!.route).filter((r) => SIBLING_ROUTES.includes(r)));
  for (const [p, route] of paths) if (reshaped.has(route.route)) candidates.add(p);

  const write = new Map<string, Buffer>();
  const remove = new Set<string>();
  const written: string[] = [];
  const before = new Map<string, Buffer | undefined>();
  const present = [...candidates].filter((p) => paths.has(p) && !input.skipRoutes?.includes(paths.get(p)!.route)).sort();
  for (const path of present) {
    const page = await pass.render(path);
    const old = await input.live.read(page.file);
    if (old?.equals(page.body)) continue;
    before.set(page.file, old);
    write.set(page.file, page.body);
    written.push(path);
  }
  lap('renderMs');
  for (const path of gone) {
    const file = fileOf(path, input.livePaths.get(path)!);
    if (!(await input.live.exists(file))) continue;
    before.set(file, await input.live.read(file));
    remove.add(file);
  }
  await addImages(input, pass, write);
  const htmlChanges = [...before.keys()]
    .filter((f) => f.endsWith('.html'))
    .map((file) => ({
      file,
      before: before.get(file)?.toString('utf8'),
      after: write.get(file)?.toString('utf8'),
    }));
  for (const image of (await input.images?.orphans(input.live, input.livePaths, htmlChanges)) ?? []) {
    if (!write.has(image)) remove.add(image);
  }
  lap('imagesMs');

  const pageChanges = [...before.keys()].filter(isPageFile).map((file) => ({
    path: pagePath(file),
    before: before.get(file)?.toString('utf8'),
    after: write.get(file)?.toString('utf8'),
  }));
  if (pageChanges.length > 0) {
    const sitemapFiles = [...(await input.live.list('sitemaps/')), 'sitemap.xml'];
    const liveSitemaps = (await Promise.all(sitemapFiles.map(async (path) => ({ path, content: (await input.live.read(path))?.toString('utf8') })))).filter(
      (f): f is { path: string; content: string } => f.content !== undefined,
    );
    const sitemaps = updateSitemaps(liveSitemaps, pageChanges, input.renderer.site);
    for (const f of sitemaps.write) write.set(f.path, Buffer.from(f.content));
    for (const f of sitemaps.remove) remove.add(f);
  }
  lap('sitemapsMs');

  // Only pages searchable before or after touch the index (a year page in a story folder does not).
  const searchChanges = pageChanges.filter((c) => (c.before !== undefined && isSearchable(c.before)) || (c.after !== undefined && isSearchable(c.after)));
  let search: SearchPlan | undefined;
  if (searchChanges.length > 0 || input.everything) {
    const liveShards = shardCount([...input.livePaths].filter(([p, r]) => r.type === 'page' && isStoryPage(`${p}/`)).length);
    search = await planSearchIndexes(
      overlay(input.live, write, remove, paths),
      input.everything ? undefined : { pages: searchChanges.map((c) => c.path), shards: liveShards },
    );
  }
  lap('searchMs');

  return {
    write,
    remove,
    written,
    removed: gone.filter((p) => remove.has(fileOf(p, input.livePaths.get(p)!))),
    ...(search ? { search } : {}),
    paths,
    timings,
    rendered: present.length,
    htmlChanges,
  };
}

/** Variants of optimised images the rendered pages use that the live site lacks (a library photo first used at a new size). */
async function addImages(input: PlanInput, pass: RenderPassHandle, write: Map<string, Buffer>): Promise<void> {
  for (const variant of pass.images()) {
    const file = variant.finalPath.slice(1);
    if (write.has(file) || (await input.live.exists(file))) continue;
    write.set(file, await input.renderer.transformImage(variant));
  }
}

/** The site as it will be after the plan: written files over the live ones, removed ones gone. */
function overlay(live: LiveSite, write: ReadonlyMap<string, Buffer>, remove: ReadonlySet<string>, paths: SitePaths): SiteSource {
  const file = async (f: string) => (remove.has(f) ? undefined : (write.get(f) ?? (await live.read(f)))?.toString('utf8'));
  return {
    // The full build walks the folders for index.html files: every page route's path but the status pages.
    pagePaths: async () =>
      [...paths]
        .filter(([p, r]) => r.type === 'page' && p !== '/404' && p !== '/500')
        .map(([p]) => (p === '/' ? '/' : `${p}/`))
        .sort(),
    read: (path) => file(`${path.slice(1)}index.html`),
    file,
  };
}
