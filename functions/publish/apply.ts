import type { PublishPlan } from './plan.ts';
import { indexFolder, MAIN_INDEX, SHARD_LIST } from './search-shards.ts';
import type { SiteFiles } from './site-files.ts';

/**
 * The CDN in front of the site: the gone list it answers with 410 and its cache. In AWS
 * CloudFront's key value store and invalidations (lambda/edge.ts); locally the static
 * server reads the build's own gone list and caches nothing (`noEdge`).
 */
export interface Edge {
  /** Paths ("/geschichten/x/") to answer with 410 from now on, or no longer. */
  gone(add: string[], remove: string[]): Promise<void>;
  /** Drops these paths from the cache. */
  invalidate(paths: string[]): Promise<void>;
}

export const noEdge: Edge = { gone: async () => undefined, invalidate: async () => undefined };

/** The paths a gone list (gone.json, written by the site) names. */
const goneList = async (read: () => Promise<Buffer | undefined>) =>
  new Set<string>((JSON.parse((await read())?.toString('utf8') ?? '{"paths":[]}') as { paths: string[] }).paths);

/** The paths the live site's gone list names: what its edge has been told so far. */
export const liveGoneList = (site: Pick<SiteFiles, 'read'>) => goneList(() => site.read('gone.json'));
/** The files that name a search index's current files: written last, so an index switches in one step. */
const isIndexEntry = (file: string) => file.endsWith('/pagefind-entry.json') || file === SHARD_LIST;

export interface AppliedPublish {
  goneAdded: string[];
  goneRemoved: string[];
  invalidated: string[];
  uploaded: number;
  deleted: number;
}

/**
 * Writes a plan: the one routine for the local build folder (a copy of the live one, made
 * live by a switch afterwards) and for the site bucket (live as it is written). The order
 * keeps what readers of the bucket can see consistent, object by object (S3 has no
 * transaction and CloudFront no atomic switch):
 *
 * 1. Newly withdrawn paths into the edge's gone list first: a withdrawal must not wait
 *    for anything else (a link on a list may point to the 410 page for a moment). Those
 *    the caller told the edge before planning (`toldAlready`) are not told again.
 * 2. Search index files, then their entry files: each index switches in one write.
 * 3. New pages and images before the changed pages that link to them.
 * 4. Changed pages, feeds, sitemaps, the gone list.
 * 5. Paths public again leave the gone list (their page exists by now).
 * 6. Removed pages and the old files of rebuilt search indexes are deleted.
 * 7. CloudFront forgets exactly the changed and removed paths.
 *
 * Safe to repeat: every step writes the state the plan describes, whatever it finds;
 * a retried publish plans from the objects as they are and writes only what differs.
 */
export async function applyPlan(plan: PublishPlan, site: SiteFiles, edge: Edge, toldAlready: ReadonlySet<string> = new Set()): Promise<AppliedPublish> {
  const oldGone = await liveGoneList(site);
  const newGone = plan.write.has('gone.json') ? await goneList(async () => plan.write.get('gone.json')) : oldGone;
  const goneAdded = [...newGone].filter((p) => !oldGone.has(p) && !toldAlready.has(p)).sort();
  const goneRemoved = [...oldGone].filter((p) => !newGone.has(p)).sort();
  if (goneAdded.length) await edge.gone(goneAdded, []);

  const searchFiles = [...(plan.search?.indexes.values() ?? [])].flat();
  const searchPaths = new Set(searchFiles.map((f) => f.path));
  await putAll(
    site,
    searchFiles.filter((f) => !isIndexEntry(f.path)).map((f) => [f.path, Buffer.from(f.content)]),
  );
  await putAll(
    site,
    searchFiles.filter((f) => isIndexEntry(f.path)).map((f) => [f.path, Buffer.from(f.content)]),
  );
  if (plan.search) await site.put(plan.search.shardList.path, Buffer.from(plan.search.shardList.content));

  const writes = [...plan.write];
  const fresh: [string, Buffer][] = [];
  const changed: [string, Buffer][] = [];
  for (const [file, body] of writes) ((await site.exists(file)) ? changed : fresh).push([file, body]);
  await putAll(site, fresh);
  await putAll(site, changed);
  if (goneRemoved.length) await edge.gone([], goneRemoved);

  const stale: string[] = [];
  if (plan.search) {
    const present = new Set(plan.search.present);
    for (const index of new Set([...plan.search.indexes.keys(), ...(await shardFolders(site))])) {
      if (!plan.search.indexes.has(index) && present.has(index)) continue;
      const files = await site.list(`${indexFolder(index)}/`);
      const own = index === MAIN_INDEX ? files.filter((f) => !/^pagefind\/geschichten-\d+\//.test(f) && f !== SHARD_LIST) : files;
      stale.push(...own.filter((f) => !searchPaths.has(f)));
    }
  }
  const removed = [...plan.remove, ...stale];
  await site.delete(removed);

  const invalidated = [
    ...new Set(
      [...plan.write.keys(), ...plan.remove]
        .flatMap(viewerPaths)
        .concat(plan.search ? [SHARD_LIST, ...searchFiles.map((f) => f.path).filter(isIndexEntry)].map((f) => `/${f}`) : []),
    ),
  ].sort();
  await edge.invalidate(invalidated);
  return { goneAdded, goneRemoved, invalidated, uploaded: searchFiles.length + writes.length, deleted: removed.length };
}

/** The addresses a file is cached under: a page by its folder and its index file (the viewer-request function maps one to the other). */
function viewerPaths(file: string): string[] {
  if (file.startsWith('_astro/')) return [];
  if (file === 'index.html') return ['/', '/index.html'];
  if (file.endsWith('/index.html')) return [`/${file.slice(0, -'index.html'.length)}`, `/${file}`];
  return [`/${file}`];
}

async function shardFolders(site: SiteFiles): Promise<string[]> {
  const files = await site.list('pagefind/geschichten-');
  return [...new Set(files.map((f) => f.split('/')[1]!))];
}

async function putAll(site: SiteFiles, files: [string, Buffer][]): Promise<void> {
  for (let i = 0; i < files.length; i += 32) await Promise.all(files.slice(i, i + 32).map(([file, body]) => site.put(file, body)));
}
