import { existsSync, readlinkSync } from 'node:fs';
import { access, mkdir, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildSite, type BuildResult } from './build.ts';

/** One log line per event, as one JSON object (Powertools style). */
export type PublishLog = (entry: Record<string, unknown>) => void;

export interface PublisherOptions {
  /** Holds `builds/<timestamp>/`, the `current` symlink and the build cache. */
  root: string;
  /** For the build: DYNAMODB_ENDPOINT, TABLE_NAME, AWS_REGION, SITE_URL. */
  env?: Record<string, string | undefined>;
  log?: PublishLog;
  /** Replaces the Astro build (tests of the switching logic). */
  build?: (outDir: string, cacheDir: string) => Promise<unknown>;
}

export interface Publisher {
  /**
   * Asks for a publish. Resolves when a build that started after this call is
   * live; rejects when that build failed (the previous site then stays live).
   * Requests during a running build are coalesced into exactly one more build.
   */
  request(reason: string): Promise<void>;
  /** The live build's directory, or undefined before the first publish. */
  currentDir(): string | undefined;
}

/** Files a build must contain before it may go live. */
const REQUIRED = ['index.html', '404.html', 'rss.xml'];

interface Waiter {
  reason: string;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Builds the public site beside the live one and switches atomically: the new
 * build gets a temporary symlink, which `rename()` moves over `current` in one
 * step (POSIX rename is atomic), so a reader sees the old site or the new one,
 * never half of either.
 */
export function createPublisher(opts: PublisherOptions): Publisher {
  const root = resolve(opts.root);
  const buildsDir = join(root, 'builds');
  const currentLink = join(root, 'current');
  const cacheDir = join(root, 'cache');
  const log: PublishLog = opts.log ?? ((entry) => console.info(JSON.stringify(entry)));
  const build = opts.build ?? ((outDir: string, cache: string) => buildSite({ outDir, cacheDir: cache, env: opts.env }));

  let queued: Waiter[] = [];
  let running = false;
  let lastStamp = '';

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queued.length > 0) {
        const batch = queued;
        queued = [];
        try {
          await publishOnce(batch.map((w) => w.reason));
          for (const w of batch) w.resolve();
        } catch (err) {
          for (const w of batch) w.reject(err as Error);
        }
      }
    } finally {
      running = false;
    }
  }

  async function publishOnce(reasons: string[]): Promise<void> {
    const started = performance.now();
    const stamp = nextStamp();
    const outDir = join(buildsDir, stamp);
    log({ level: 'INFO', message: 'publish started', reasons, buildDir: outDir });
    await mkdir(buildsDir, { recursive: true });
    try {
      const result = await build(outDir, cacheDir);
      for (const file of REQUIRED) {
        await access(join(outDir, file)).catch(() => {
          throw new Error(`build incomplete: ${file} missing in ${outDir}`);
        });
      }
      const previous = await liveBuildName();
      await switchTo(stamp);
      const removed = await cleanUp(stamp, previous);
      log({
        level: 'INFO',
        message: 'publish live',
        reasons,
        durationMs: Math.round(performance.now() - started),
        buildMs: (result as Partial<BuildResult> | undefined)?.durationMs,
        current: currentLink,
        buildDir: outDir,
        previous: previous ? join(buildsDir, previous) : undefined,
        removed,
      });
    } catch (err) {
      await rm(outDir, { recursive: true, force: true });
      log({ level: 'ERROR', message: 'publish failed, previous site stays live', reasons, durationMs: Math.round(performance.now() - started), buildDir: outDir, error: (err as Error).message });
      throw err;
    }
  }

  /** Sortable, unique even for two builds in the same millisecond. */
  function nextStamp(): string {
    let stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
    if (stamp <= lastStamp) stamp = `${lastStamp}-1`;
    lastStamp = stamp;
    return stamp;
  }

  async function liveBuildName(): Promise<string | undefined> {
    try {
      return (await readlink(currentLink)).split('/').pop();
    } catch {
      return undefined;
    }
  }

  async function switchTo(stamp: string): Promise<void> {
    const temp = join(root, `.current-${process.pid}-${stamp}`);
    await rm(temp, { force: true });
    // Relative target: the tree stays valid when `.data` is moved or mounted elsewhere.
    await symlink(join('builds', stamp), temp, 'dir');
    await rename(temp, currentLink);
  }

  /** Keeps the live build and the one before it (for a quick look back); removes the rest. */
  async function cleanUp(live: string, previous: string | undefined): Promise<string[]> {
    const keep = new Set([live, previous]);
    const removed: string[] = [];
    for (const name of await readdir(buildsDir)) {
      if (keep.has(name)) continue;
      await rm(join(buildsDir, name), { recursive: true, force: true });
      removed.push(join(buildsDir, name));
    }
    return removed;
  }

  return {
    request(reason: string): Promise<void> {
      const done = new Promise<void>((resolve, reject) => queued.push({ reason, resolve, reject }));
      if (!running) void drain();
      return done;
    },
    currentDir(): string | undefined {
      if (!existsSync(currentLink)) return undefined;
      return resolve(root, readlinkSync(currentLink));
    },
  };
}
