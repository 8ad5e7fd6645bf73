import { existsSync, readlinkSync } from 'node:fs';
import { access, link, mkdir, readdir, readFile, readlink, rename, rm, rmdir, symlink, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ContentChange } from '../events/changes.ts';
import type { Db } from '../store/client.ts';
import { buildSite, SITE_ROOT } from './build.ts';
import { planPublish, type LiveSite, type PublishPlan, type SitePaths } from './plan.ts';
import type { PublishLog } from './publisher.ts';
import { loadRenderer, type SiteRenderer } from './renderer.ts';
import { ImageReferences } from './image-refs.ts';
import { holdSearchService, releaseSearchService, writeSearchPlan } from './search-shards.ts';
import { SiteContentCache } from './site-content.ts';

/**
 * The local publisher: one full build at start (Astro's CLI pipeline, which also keeps
 * its renderer, renderer-capture.ts), then every content change as an incremental
 * publish: the dependency map names the pages the change can touch, the renderer
 * renders just those, and only files whose bytes differ are written, with the
 * sitemaps and the affected search shards.
 *
 * Atomic as before: every publish is a complete build folder `builds/<stamp>/`, and
 * `current` is switched to it by renaming a symlink over it. The new folder is a copy
 * of the live one made of hard links (a file costs a directory entry, not its bytes);
 * changed files are replaced (unlink, write), never written through, so the live build
 * is never touched. Linking every file of a large site takes too long for the publish
 * itself: the copy of the live build for the next publish is made in the
 * background right after each switch (the "spare"), and a publish that finds it not
 * ready waits for it.
 */
export interface IncrementalPublisherOptions {
  /** Holds `builds/<stamp>/`, the `current` symlink and the build cache. */
  root: string;
  /** For the full build: DYNAMODB_ENDPOINT, TABLE_NAME, AWS_REGION, SITE_URL. */
  env?: Record<string, string | undefined>;
  /** The store the content cache reads (defaults to the environment's). */
  db?: Db;
  log?: PublishLog;
  /** The instant pages are judged by (tests pin it; defaults to now). */
  clock?: () => Date;
}

export interface PublishReport {
  mode: 'full' | 'incremental' | 'unchanged';
  reasons: string[];
  durationMs: number;
  written: string[];
  removed: string[];
  searchIndexes: string[];
  timings: Record<string, number>;
  buildDir?: string;
}

/** A content change; a full build; or a reconciliation (read the store again, publish what differs: the safety net for a write nobody announced). */
export type PublishRequest = ContentChange | { full: true; reason: string } | { reconcile: true; reason: string };

export interface IncrementalPublisher {
  /**
   * Asks for a publish. Resolves with its report once a publish that started after this
   * call is live; rejects when it failed (the previous site stays live). Requests during
   * a publish are coalesced into one more publish. A bare reason asks for a reconciliation:
   * whatever was written before the call, announced or not, is live when it resolves.
   */
  request(req: PublishRequest | string): Promise<PublishReport>;
  /** The live build's directory, or undefined before the first publish. */
  currentDir(): string | undefined;
  /** Resolves when no publish runs and the copy for the next one is ready. */
  whenIdle(): Promise<void>;
  /** Waits for background work (spare copy, clean-up) and stops the search service. */
  close(): Promise<void>;
}

/** Files a build must contain before it may go live. */
const REQUIRED = ['index.html', '404.html', 'rss.xml', 'gone.json', 'sitemap.xml', 'pagefind/pagefind-entry.json', 'pagefind/shards.json'];

interface Waiter {
  req: PublishRequest;
  resolve: (r: PublishReport) => void;
  reject: (err: Error) => void;
}

const reasonOf = (req: PublishRequest) => ('reason' in req ? req.reason : `${req.kind} ${req.id} ${req.change}`);

export function createIncrementalPublisher(opts: IncrementalPublisherOptions): IncrementalPublisher {
  const root = resolve(opts.root);
  const buildsDir = join(root, 'builds');
  const currentLink = join(root, 'current');
  const cacheDir = join(root, 'cache');
  const log: PublishLog = opts.log ?? ((entry) => console.info(JSON.stringify(entry)));
  const clock = opts.clock ?? (() => new Date());

  let renderer: SiteRenderer | undefined;
  let rendererDir: string | undefined;
  let content: SiteContentCache | undefined;
  let livePaths: SitePaths | undefined;
  const images = new ImageReferences();
  let queued: Waiter[] = [];
  let running = false;
  let lastStamp = '';
  /**
   * After a failed incremental publish the content copy is ahead of the live site and the
   * changed items' old state is gone: the next publish is a full build.
   */
  let behind = false;
  let spare: { base: string; dir: string; ready: Promise<void> } | undefined;
  let background: Promise<unknown> = Promise.resolve();
  holdSearchService();

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queued.length > 0) {
        const batch = queued;
        queued = [];
        try {
          const report = await publishOnce(batch.map((w) => w.req));
          for (const w of batch) w.resolve(report);
        } catch (err) {
          for (const w of batch) w.reject(err as Error);
        }
      }
    } finally {
      running = false;
    }
  }

  async function publishOnce(reqs: PublishRequest[]): Promise<PublishReport> {
    const started = performance.now();
    const reasons = reqs.map(reasonOf);
    const full = !renderer || behind || reqs.some((r) => 'full' in r);
    log({ level: 'INFO', message: 'publish started', mode: full ? 'full' : 'incremental', reasons });
    try {
      const changes = reqs.filter((r): r is ContentChange => 'kind' in r);
      const report = full ? await fullPublish(reasons) : await incrementalPublish(changes, reqs.some((r) => 'reconcile' in r), reasons);
      behind = false;
      report.durationMs = Math.round(performance.now() - started);
      log({ level: 'INFO', message: report.mode === 'unchanged' ? 'publish unchanged' : 'publish live', ...report });
      return report;
    } catch (err) {
      if (!full) behind = true;
      log({ level: 'ERROR', message: 'publish failed, previous site stays live', reasons, durationMs: Math.round(performance.now() - started), error: (err as Error).message });
      throw err;
    }
  }

  async function fullPublish(reasons: string[]): Promise<PublishReport> {
    const stamp = nextStamp();
    const outDir = join(buildsDir, stamp);
    // Inside the site's folder: the captured bundle resolves its packages from node_modules.
    const nextRendererDir = join(SITE_ROOT, '.astro', 'renderers', `${process.pid}-${stamp}`);
    await mkdir(buildsDir, { recursive: true });
    // Read before the build: a change during the build is announced, queued and applied after.
    const cache = await SiteContentCache.load(opts.db);
    try {
      const built = await buildSite({ outDir, cacheDir, env: opts.env, rendererDir: nextRendererDir });
      await checkRequired(outDir);
      const nextRenderer = await loadRenderer(nextRendererDir);
      const warm = nextRenderer.pass(clock(), cache);
      const paths = await warm.paths();
      // The stories' feed projects every story for the press channel: done once here, the
      // projections are kept (render-pass.ts perItem), so the first publish does not pay for it.
      await warm.render('/rss.xml');
      await switchTo(stamp);
      const oldRendererDir = rendererDir;
      renderer = nextRenderer;
      rendererDir = nextRendererDir;
      content = cache;
      livePaths = paths;
      images.forget();
      afterSwitch(stamp, oldRendererDir);
      return { mode: 'full', reasons, durationMs: 0, written: [], removed: [], searchIndexes: [], timings: { buildMs: built.durationMs }, buildDir: outDir };
    } catch (err) {
      await rm(outDir, { recursive: true, force: true });
      await rm(nextRendererDir, { recursive: true, force: true });
      throw err;
    }
  }

  async function incrementalPublish(changes: ContentChange[], reconcile: boolean, reasons: string[]): Promise<PublishReport> {
    const liveDir = currentDir()!;
    const t0 = performance.now();
    const refreshed = [...(reconcile ? await content!.reload() : []), ...(await content!.refresh(changes))];
    const refreshMs = Math.round(performance.now() - t0);
    const plan = await planPublish({ renderer: renderer!, content: content!, refreshed, live: folderLive(liveDir), livePaths: livePaths!, at: clock(), images });
    const searchIndexes = plan.search ? [...plan.search.indexes.keys()].map((i) => i || 'main') : [];
    if (plan.write.size === 0 && plan.remove.size === 0) {
      livePaths = plan.paths;
      return { mode: 'unchanged', reasons, durationMs: 0, written: [], removed: [], searchIndexes, timings: { refreshMs, ...plan.timings } };
    }
    const t1 = performance.now();
    const target = await takeSpare(liveDir);
    const spareWaitMs = Math.round(performance.now() - t1);
    const stamp = target.stamp;
    try {
      const t2 = performance.now();
      await applyPlan(target.dir, plan);
      await checkRequired(target.dir);
      await switchTo(stamp);
      const applyMs = Math.round(performance.now() - t2);
      livePaths = plan.paths;
      images.commit(plan.htmlChanges);
      afterSwitch(stamp, undefined);
      return {
        mode: 'incremental',
        reasons,
        durationMs: 0,
        written: plan.written.map(displayPath),
        removed: plan.removed.map(displayPath),
        searchIndexes,
        timings: { refreshMs, ...plan.timings, spareWaitMs, applyMs, rendered: plan.rendered },
        buildDir: target.dir,
      };
    } catch (err) {
      images.forget();
      await rm(target.dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** The copy of the live build to write into: the spare if it was made from it, else one made now. */
  async function takeSpare(liveDir: string): Promise<{ dir: string; stamp: string }> {
    const ready = spare;
    spare = undefined;
    if (ready && ready.base === liveDir) {
      try {
        await ready.ready;
        return { dir: ready.dir, stamp: ready.dir.split('/').pop()! };
      } catch {
        // A failed copy is made again below.
      }
    }
    if (ready) background = Promise.allSettled([background, ready.ready.finally(() => rm(ready.dir, { recursive: true, force: true }))]);
    const stamp = nextStamp();
    const dir = join(buildsDir, stamp);
    await linkTree(liveDir, dir);
    return { dir, stamp };
  }

  /** After a switch: remove old builds and renderers, then copy the new live build for the next publish. */
  function afterSwitch(live: string, oldRendererDir: string | undefined): void {
    const liveDir = join(buildsDir, live);
    const stamp = nextStamp();
    const dir = join(buildsDir, stamp);
    // The live build, the one before it (a quick look back) and the next spare stay.
    const keep = new Set([live, stamp, ...(previousBuild ? [previousBuild] : [])]);
    previousBuild = live;
    const stale = spare;
    const ready = (async () => {
      await stale?.ready.catch(() => undefined);
      for (const name of await readdir(buildsDir)) if (!keep.has(name)) await removeTree(join(buildsDir, name));
      if (oldRendererDir) await rm(oldRendererDir, { recursive: true, force: true });
      await linkTree(liveDir, dir);
    })();
    spare = { base: liveDir, dir, ready };
    background = Promise.allSettled([background, ready]);
  }
  let previousBuild: string | undefined;

  async function checkRequired(dir: string): Promise<void> {
    for (const file of REQUIRED) {
      await access(join(dir, file)).catch(() => {
        throw new Error(`build incomplete: ${file} missing in ${dir}`);
      });
    }
  }

  /** Sortable, unique even for two builds in the same millisecond. */
  function nextStamp(): string {
    let stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
    if (stamp <= lastStamp) stamp = `${lastStamp.replace(/-\d+$/, '')}-${Number(lastStamp.match(/-(\d+)$/)?.[1] ?? 0) + 1}`;
    lastStamp = stamp;
    return stamp;
  }

  async function switchTo(stamp: string): Promise<void> {
    const temp = join(root, `.current-${process.pid}-${stamp}`);
    await rm(temp, { force: true });
    // Relative target: the tree stays valid when the data folder is moved or mounted elsewhere.
    await symlink(join('builds', stamp), temp, 'dir');
    await rename(temp, currentLink);
  }

  function currentDir(): string | undefined {
    if (!existsSync(currentLink)) return undefined;
    return resolve(root, readlinkSync(currentLink));
  }

  async function idle(): Promise<void> {
    for (;;) {
      while (running || queued.length > 0) await new Promise((r) => setTimeout(r, 20));
      const seen = background;
      await seen;
      if (seen === background && !running && queued.length === 0) return;
    }
  }

  return {
    request(input) {
      const req: PublishRequest = typeof input === 'string' ? { reconcile: true, reason: input } : input;
      const done = new Promise<PublishReport>((resolvePromise, reject) => queued.push({ req, resolve: resolvePromise, reject }));
      if (!running) void drain();
      return done;
    },
    currentDir,
    whenIdle: idle,
    async close() {
      await idle();
      await releaseSearchService();
      // The renderer lives in the site's folder (for module resolution), not in `root`: it goes with this publisher.
      if (rendererDir) await rm(rendererDir, { recursive: true, force: true });
    },
  };
}

/** "/geschichten/x" → "/geschichten/x/" for pages: the address readers use. */
const displayPath = (p: string) => (p === '/' || /\.[a-z0-9]+$/i.test(p) ? p : `${p}/`);

/** The live build folder as the planner reads it. */
export function folderLive(dir: string): LiveSite {
  return {
    read: (file) => readFile(join(dir, file)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR' || err.code === 'EISDIR') return undefined;
      throw err;
    }),
    exists: (file) => access(join(dir, file)).then(() => true, () => false),
    list: async (prefix) => (await readdir(join(dir, prefix), { recursive: true, withFileTypes: true }).catch(() => []))
      .filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)),
  };
}

/** Applies a plan to a hard-linked copy: every file is replaced, never written through. */
export async function applyPlan(dir: string, plan: PublishPlan): Promise<void> {
  for (const [file, body] of plan.write) {
    const target = join(dir, file);
    await unlink(target).catch(() => undefined);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, body);
  }
  for (const file of plan.remove) {
    await unlink(join(dir, file)).catch(() => undefined);
    // A page's folder goes with its page, as a full build would not have it.
    let folder = dirname(join(dir, file));
    while (folder.startsWith(`${dir}/`) && (await rmdir(folder).then(() => true, () => false))) folder = dirname(folder);
  }
  if (plan.search) await writeSearchPlan(dir, plan.search, false);
}

/**
 * A copy of `src` made of hard links: the same files, a new tree of folders. At most two
 * file-system calls at a time: it runs beside the live site, and libuv's four threads
 * also serve the readers' file reads (unbounded, linking a large site starves them).
 */
export async function linkTree(src: string, dst: string): Promise<void> {
  const limit = limiter(2);
  async function copy(from: string, to: string): Promise<void> {
    await limit(() => mkdir(to, { recursive: true }));
    const entries = await limit(() => readdir(from, { withFileTypes: true }));
    await Promise.all(entries.map(async (e) => {
      const a = join(from, e.name);
      const b = join(to, e.name);
      if (e.isDirectory()) await copy(a, b);
      else if (e.isSymbolicLink()) await limit(async () => symlink(await readlink(a), b));
      else await limit(() => link(a, b));
    }));
  }
  await copy(src, dst);
}

/** Removes a build folder the same gentle way as linkTree copies it. */
export async function removeTree(dir: string): Promise<void> {
  const limit = limiter(2);
  async function remove(path: string): Promise<void> {
    const entries = await limit(() => readdir(path, { withFileTypes: true })).catch(() => []);
    await Promise.all(entries.map((e) => (e.isDirectory() ? remove(join(path, e.name)) : limit(() => unlink(join(path, e.name)).catch(() => undefined)))));
    await limit(() => rmdir(path).catch(() => undefined));
  }
  await remove(dir);
}

/** Runs at most `n` of the given tasks at once, in the order they were given. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
