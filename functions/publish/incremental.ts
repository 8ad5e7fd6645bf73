import { existsSync, readlinkSync } from 'node:fs';
import { access, link, mkdir, readdir, readlink, rename, rm, rmdir, symlink, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { clock as systemClock } from '@newsroom/runtime/clock.ts';
import { type Db, db as defaultDb } from '@newsroom/store/client.ts';
import { liveGoneList, noEdge } from './apply.ts';
import { buildSite, SITE_ROOT } from './build.ts';
import { type PreviewResponse, previewResponse } from './preview.ts';
import { createPublishQueue, type PublishLog, type PublishReport, type PublishRequest, type PublishTarget } from './queue.ts';
import { loadRenderer } from './renderer.ts';
import { holdSearchService, releaseSearchService } from './search-shards.ts';
import { SiteContentCache } from './site-content.ts';
import { folderFiles } from './site-files.ts';

/**
 * The local publisher: the publish loop of queue.ts with a folder per build. One full
 * build at start (Astro's CLI pipeline, which also keeps its renderer,
 * renderer-capture.ts), then every content change as an incremental publish: the
 * dependency map names the pages the change can touch, the renderer renders just those,
 * and only files whose bytes differ are written, with the sitemaps and the affected
 * search shards.
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
  /** The instant pages are judged by (tests pin it; defaults to the system's clock, functions/runtime/clock.ts). */
  clock?: () => Date;
}

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
  /**
   * Before a build left on disk is served again (a restart, perhaps after a crash): the
   * addresses that must answer 410 whatever it holds (SiteContentCache.goneAddresses), and
   * whether it is behind them, that is, its own gone list misses one, so its lists and
   * feeds may still show that item until the first publish is live.
   */
  startup(): Promise<{ gone: ReadonlySet<string>; behind: boolean }>;
  /** Resolves when no publish runs and the copy for the next one is ready. */
  whenIdle(): Promise<void>;
  /** Answers `/vorschau/<path>` with the live site's renderer, between publishes (preview.ts). */
  preview(path: string): Promise<PreviewResponse>;
  /** Waits for background work (spare copy, clean-up) and stops the search service. */
  close(): Promise<void>;
}

/** Files a build must contain before it may go live. */
const REQUIRED = ['index.html', '404.html', 'rss.xml', 'gone.json', 'sitemap.xml', 'pagefind/pagefind-entry.json', 'pagefind/shards.json'];

export function createIncrementalPublisher(opts: IncrementalPublisherOptions): IncrementalPublisher {
  const root = resolve(opts.root);
  const buildsDir = join(root, 'builds');
  const currentLink = join(root, 'current');
  const cacheDir = join(root, 'cache');
  const clock = opts.clock ?? (() => systemClock.now());

  let rendererDir: string | undefined;
  let lastStamp = '';
  let spare: { base: string; dir: string; ready: Promise<void> } | undefined;
  let background: Promise<unknown> = Promise.resolve();
  let previousBuild: string | undefined;
  holdSearchService();

  const target: PublishTarget = {
    live: () => folderFiles(currentDir()!),
    async open() {
      const t0 = performance.now();
      const copy = await takeSpare(currentDir()!);
      return {
        files: folderFiles(copy.dir),
        // The static server answers from the live build's own gone list, and caches nothing.
        edge: noEdge,
        timings: { spareWaitMs: Math.round(performance.now() - t0) },
        async commit() {
          await checkRequired(copy.dir);
          await switchTo(copy.stamp);
          afterSwitch(copy.stamp, undefined);
          return { buildDir: copy.dir };
        },
        discard: () => rm(copy.dir, { recursive: true, force: true }),
      };
    },
    async build() {
      const stamp = nextStamp();
      const outDir = join(buildsDir, stamp);
      // Inside the site's folder: the captured bundle resolves its packages from node_modules.
      const nextRendererDir = join(SITE_ROOT, '.astro', 'renderers', `${process.pid}-${stamp}`);
      await mkdir(buildsDir, { recursive: true });
      // Read before the build: a change during the build is announced, queued and applied after.
      const content = await SiteContentCache.load(opts.db);
      // The child build judges its pages by this process's clock, not its own: the same instant as the pass below.
      const at = clock();
      try {
        const built = await buildSite({ outDir, cacheDir, env: { SITE_RENDER_TIME: at.toISOString(), ...opts.env }, rendererDir: nextRendererDir });
        await checkRequired(outDir);
        const renderer = await loadRenderer(nextRendererDir);
        const warm = renderer.pass(at, content);
        const paths = await warm.paths();
        // The stories' feed projects every story for the press channel: done once here, the
        // projections are kept (render-pass.ts perItem), so the first publish does not pay for it.
        await warm.render('/rss.xml');
        await switchTo(stamp);
        const oldRendererDir = rendererDir;
        rendererDir = nextRendererDir;
        afterSwitch(stamp, oldRendererDir);
        return { base: { renderer, content, paths }, report: { timings: { buildMs: built.durationMs }, buildDir: outDir } };
      } catch (err) {
        await rm(outDir, { recursive: true, force: true });
        await rm(nextRendererDir, { recursive: true, force: true });
        throw err;
      }
    },
  };
  const queue = createPublishQueue({ target, clock, log: opts.log ?? ((entry) => console.info(JSON.stringify(entry))) });

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
    const lookBack = previousBuild;
    const keep = new Set([live, stamp, ...(previousBuild ? [previousBuild] : [])]);
    previousBuild = live;
    const stale = spare;
    const ready = (async () => {
      await stale?.ready.catch(() => undefined);
      for (const name of await readdir(buildsDir)) if (!keep.has(name)) await removeTree(join(buildsDir, name));
      if (lookBack && lookBack !== live) await pruneGone(join(buildsDir, lookBack), liveDir);
      if (oldRendererDir) await rm(oldRendererDir, { recursive: true, force: true });
      await linkTree(liveDir, dir);
    })();
    spare = { base: liveDir, dir, ready };
    background = Promise.allSettled([background, ready]);
  }

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
      while (queue.busy()) await new Promise((r) => setTimeout(r, 20));
      const seen = background;
      await seen;
      if (seen === background && !queue.busy()) return;
    }
  }

  return {
    request: (input) => queue.request(typeof input === 'string' ? { reconcile: true, reason: input } : input),
    currentDir,
    async startup() {
      const gone = new Set((await SiteContentCache.load(opts.db)).goneAddresses(clock()));
      const live = currentDir();
      if (!live) return { gone, behind: false };
      const listed = await liveGoneList(folderFiles(live)).catch(() => undefined);
      return { gone, behind: !listed || [...gone].some((p) => !listed.has(p)) };
    },
    whenIdle: idle,
    preview: (path) => queue.exclusive((base) => previewResponse(base.renderer, opts.db ?? defaultDb(), path, clock())),
    async close() {
      await idle();
      await releaseSearchService();
      // The renderer lives in the site's folder (for module resolution), not in `root`: it goes with this publisher.
      if (rendererDir) await rm(rendererDir, { recursive: true, force: true });
    },
  };
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
    await Promise.all(
      entries.map(async (e) => {
        const a = join(from, e.name);
        const b = join(to, e.name);
        if (e.isDirectory()) await copy(a, b);
        else if (e.isSymbolicLink()) await limit(async () => symlink(await readlink(a), b));
        else await limit(() => link(a, b));
      }),
    );
  }
  await copy(src, dst);
}

/**
 * The look-back build keeps no story page and no photo the live site has dropped: a
 * withdrawn or erased story must not stay on disk in the folder before it. Compares the
 * folders of stories and photos only (one directory read each), not every file.
 */
async function pruneGone(lookBack: string, live: string): Promise<void> {
  for (const folder of ['geschichten', 'bilder']) {
    const names = async (dir: string) => new Set(await readdir(join(dir, folder)).catch(() => [] as string[]));
    const [old, current] = await Promise.all([names(lookBack), names(live)]);
    for (const name of old) if (!current.has(name)) await rm(join(lookBack, folder, name), { recursive: true, force: true });
  }
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
