import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * The site's search index (Pagefind), split so that a publish re-indexes a few hundred
 * pages rather than the whole site. Pagefind cannot update an index (no removal, no
 * replacement of a page), and indexing every story page of a large site takes far
 * longer than the five seconds a withdrawal may take. So:
 *
 * - the main index `/pagefind/` holds every searchable page except the stories (press
 *   releases, legal and service pages: tens to hundreds);
 * - the stories go into `shardCount(n)` shards `/pagefind/geschichten-<k>/` by a hash
 *   of their address, about STORY_SHARD_SIZE each, at most MAX_SHARDS;
 * - `/pagefind/shards.json` lists the shards; the search page merges them into the
 *   main index (Pagefind's mergeIndex), so readers search one index.
 *
 * A change re-indexes only the indexes holding a page it wrote or removed, from the
 * finished HTML of that index's pages (the pages are the cache). Full builds, the
 * local incremental publisher and the Lambda all produce the files here, pages in
 * sorted order: Pagefind's output is deterministic, so all three write the same bytes.
 */

/** Stories per shard the count aims at: one shard re-indexes within a publish (`publisher.searchMs` in bench/results/publish-latency.json). */
export const STORY_SHARD_SIZE = 800;
/** Every shard costs the searching browser a few requests and its own copy of the WebAssembly. */
export const MAX_SHARDS = 16;
export const MAIN_INDEX = '';
export const SHARD_LIST = 'pagefind/shards.json';
const STORY_PAGE = /^\/geschichten\/([^/]+)\/$/;
/** Pagefind indexes only pages that mark their content; every other page is not searchable. */
const SEARCHABLE = /\sdata-pagefind-body[\s>=]/;
/** A shard needs its index and WebAssembly; the scripts and styles come from the main index. */
const SHARD_KEEPS = /(^pagefind-entry\.json$|\.pf_meta$|^wasm\..*\.pagefind$|^(index|fragment|filter)\/)/;

/** Shards for `n` story folders: a power of two, so a growing site splits shards in halves. */
export function shardCount(n: number): number {
  let k = 1;
  while (k < MAX_SHARDS && k * STORY_SHARD_SIZE < n) k *= 2;
  return k;
}

export const isStoryPage = (path: string) => STORY_PAGE.test(path);
export const isSearchable = (html: string) => SEARCHABLE.test(html);

/** The index a page ("/x/y/") belongs to: MAIN_INDEX, or `geschichten-<k>` for a page in a story folder. */
export function indexOf(path: string, shards: number): string {
  const story = STORY_PAGE.exec(path);
  if (!story) return MAIN_INDEX;
  const hash = createHash('sha1').update(story[1]!).digest().readUInt32BE(0);
  return `geschichten-${hash % shards}`;
}

/** The folder of an index, relative to the site's root. */
export const indexFolder = (index: string) => (index === MAIN_INDEX ? 'pagefind' : `pagefind/${index}`);

/** A built site as the indexer reads it: a folder, a bucket, or a build in progress. */
export interface SiteSource {
  /** Every HTML page of the site as "/x/y/" (its file is x/y/index.html). */
  pagePaths(): Promise<string[]>;
  /** The page's HTML, or undefined when it does not exist. */
  read(path: string): Promise<string | undefined>;
  /** Any file of the site by its path from the root ("pagefind/shards.json"), or undefined. */
  file(path: string): Promise<string | undefined>;
}

/** A file of the search index, relative to the site's root. */
export interface IndexFile {
  path: string;
  content: Uint8Array;
}

type Pagefind = typeof import('pagefind');
let service: Promise<Pagefind> | undefined;
let users = 0;

/**
 * Pagefind's Node API runs one indexing service (a child process) per process. It is
 * started on first use and stopped by the last `releaseSearchService()`, never under
 * another index's feet.
 */
function pagefind(): Promise<Pagefind> {
  service ??= import('pagefind');
  return service;
}

export function holdSearchService(): void {
  users++;
}

export async function releaseSearchService(): Promise<void> {
  users = Math.max(0, users - 1);
  if (users === 0 && service) {
    const pf = await service;
    service = undefined;
    await pf.close();
  }
}

/** The files of one index built from `pages`; none for an index without pages. */
export async function indexFiles(source: SiteSource, index: string, pages: string[]): Promise<IndexFile[]> {
  if (pages.length === 0) return [];
  const pf = await pagefind();
  const { index: created, errors } = await pf.createIndex({ forceLanguage: 'de' });
  if (!created) throw new Error(`pagefind: ${errors.join('; ')}`);
  try {
    const sorted = [...pages].sort();
    const html = await Promise.all(sorted.map((path) => source.read(path)));
    // Sent together, in order: the service indexes them in the order received (same bytes as one
    // by one, checked), faster than waiting for each answer.
    const added = await Promise.all(
      sorted.map((path, i) => {
        if (html[i] === undefined) throw new Error(`search index: ${path} vanished while indexing`);
        return created.addHTMLFile({ sourcePath: `${path.slice(1)}index.html`, content: html[i]! });
      }),
    );
    const failed = added.flatMap((a, i) => a.errors.map((e) => `${sorted[i]}: ${e}`));
    if (failed.length) throw new Error(`pagefind: ${failed.join('; ')}`);
    const { files, errors } = await created.getFiles();
    if (errors.length) throw new Error(`pagefind: ${errors.join('; ')}`);
    return files
      .filter((f) => index === MAIN_INDEX || SHARD_KEEPS.test(f.path))
      .map((f) => ({ path: `${indexFolder(index)}/${f.path}`, content: f.content }))
      .sort((a, b) => a.path.localeCompare(b.path));
  } finally {
    await created.deleteIndex();
  }
}

export interface SearchPlan {
  shards: number;
  /** New files per index that was rebuilt (an empty list: the index has no pages any more). */
  indexes: Map<string, IndexFile[]>;
  /** Every index of the site after the change: the main index and the shards with pages. */
  present: string[];
  /** /pagefind/shards.json */
  shardList: IndexFile;
}

/**
 * What the search index becomes: every index (`changed` omitted: a full build), or
 * only the indexes holding one of `changed.pages` while the shard count is still
 * `changed.shards`. A new count puts every story into another shard: all are rebuilt.
 */
export async function planSearchIndexes(source: SiteSource, changed?: { pages: Iterable<string>; shards: number }): Promise<SearchPlan> {
  const pages = await source.pagePaths();
  const folders = pages.filter(isStoryPage);
  const shards = shardCount(folders.length);
  const byIndex = new Map<string, string[]>([[MAIN_INDEX, []]]);
  for (let k = 0; k < shards; k++) byIndex.set(`geschichten-${k}`, []);
  for (const path of pages) byIndex.get(indexOf(path, shards))!.push(path);
  const partial = changed !== undefined && changed.shards === shards;
  const todo = partial ? new Set([...changed.pages].map((p) => indexOf(p, shards))) : new Set(byIndex.keys());
  const indexes = new Map<string, IndexFile[]>();
  const searchableCount = new Map<string, number>();
  for (const index of [...byIndex.keys()].filter((i) => todo.has(i))) {
    const candidates = byIndex.get(index)!;
    const html = await Promise.all(candidates.map((p) => source.read(p)));
    const searchable = candidates.filter((_, i) => html[i] !== undefined && isSearchable(html[i]!));
    if (index === MAIN_INDEX && searchable.length === 0) throw new Error('search index: the main index would be empty');
    indexes.set(index, await indexFiles(source, index, searchable));
    searchableCount.set(index, searchable.length);
  }
  // Indexes not rebuilt keep their pages; whether they have any is known from the last plan (shards.json).
  const listed = partial ? await listedShards(source) : [];
  const present = [...byIndex.keys()].filter((i) => i === MAIN_INDEX || (searchableCount.has(i) ? searchableCount.get(i)! > 0 : listed.includes(i)));
  const list = present.filter((i) => i !== MAIN_INDEX).map((i) => `/${indexFolder(i)}/`);
  return { shards, indexes, present, shardList: { path: SHARD_LIST, content: Buffer.from(`${JSON.stringify(list)}\n`) } };
}

async function listedShards(source: SiteSource): Promise<string[]> {
  const text = await source.file(SHARD_LIST);
  if (!text) throw new Error('search index: the live site has no shard list; a full build must run first');
  return (JSON.parse(text) as string[]).map((p) => p.replace(/^\/pagefind\/|\/$/g, ''));
}

/** A built site in a folder as a source for the indexer. */
export function folderSource(siteDir: string, pagePaths?: () => Promise<string[]>): SiteSource {
  const readFileOrNot = (file: string) =>
    readFile(join(siteDir, file), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
      throw err;
    });
  return {
    pagePaths: pagePaths ?? (() => walkPages(siteDir)),
    read: (path) => readFileOrNot(`${path.slice(1)}index.html`),
    file: readFileOrNot,
  };
}

/** Folders that hold no pages. */
const NOT_PAGES = new Set(['_astro', 'pagefind', 'medien', 'sitemaps']);

async function walkPages(siteDir: string): Promise<string[]> {
  const pages: string[] = [];
  async function walk(dir: string, path: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (path === '/' && NOT_PAGES.has(entry.name)) continue;
        await walk(join(dir, entry.name), `${path}${entry.name}/`);
      } else if (entry.name === 'index.html') {
        pages.push(path);
      }
    }
  }
  await walk(siteDir, '/');
  return pages.sort();
}

/** Writes the search index of a full build into its site folder, replacing whatever index it held. */
async function writeSearchPlan(siteDir: string, plan: SearchPlan): Promise<void> {
  const root = join(siteDir, 'pagefind');
  await rm(root, { recursive: true, force: true });
  const files = [...plan.indexes.values()].flat();
  for (const folder of new Set(files.map((f) => dirname(join(siteDir, f.path))))) await mkdir(folder, { recursive: true });
  // Hundreds of small files per shard: written sixteen at a time.
  for (let i = 0; i < files.length; i += 16) await Promise.all(files.slice(i, i + 16).map((f) => writeFile(join(siteDir, f.path), f.content)));
  await mkdir(root, { recursive: true });
  await writeFile(join(siteDir, plan.shardList.path), plan.shardList.content);
}

export interface SearchIndexSummary {
  durationMs: number;
  shards: number;
  indexes: { index: string; files: number }[];
}

/** The whole search index of the built site in `siteDir` (full builds). */
export async function buildSearchIndexes(siteDir: string): Promise<SearchIndexSummary> {
  const started = performance.now();
  const plan = await planSearchIndexes(folderSource(siteDir));
  await writeSearchPlan(siteDir, plan);
  return {
    durationMs: Math.round(performance.now() - started),
    shards: plan.shards,
    indexes: [...plan.indexes].map(([index, files]) => ({ index: index || 'main', files: files.length })),
  };
}
