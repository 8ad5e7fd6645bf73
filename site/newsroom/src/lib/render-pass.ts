import type { Release } from '../../../../functions/domain/release.ts';
import type { Snapshot } from '../../../../functions/domain/statistics-snapshot.ts';
import type { Story } from '../../../../functions/domain/story.ts';
import { allReleasesInStatus } from '../../../../functions/store/releases.ts';
import { publishedSnapshots } from '../../../../functions/store/statistics.ts';
import { allInStatus } from '../../../../functions/store/stories.ts';

/** The statuses the site reads: what is public, and what was public once (410 Gone). */
export type SiteStoryStatus = 'published' | 'unpublished' | 'withdrawn';
export type SiteReleaseStatus = 'published' | 'unpublished' | 'scheduled';

/** Where a render pass reads the store's content; the same lists the store's status queries return. */
export interface SiteContent {
  stories(status: SiteStoryStatus): Promise<Story[]>;
  releases(status: SiteReleaseStatus): Promise<Release[]>;
  publishedSnapshots(): Promise<Snapshot[]>;
}

/**
 * One render pass of the public site: the instant every page judges embargoes,
 * consents and takedowns by, where the pages read the content, and the memos that
 * turn many page renders into one read.
 *
 * A full `astro build` is one pass per process: the store, now (or SITE_RENDER_TIME,
 * for reproducible builds). The incremental publisher (functions/publish/renderer.ts)
 * renders a handful of pages per publish from the one built site in a long-lived
 * process, so it starts a new pass for each publish with its in-memory copy of the
 * content. The memos live in the pass, not in modules, so no publish sees the data of
 * the one before. The pass is found through a global symbol because the publisher
 * loads the built site as a bundle with its own copy of this module.
 */
export interface RenderPass {
  at: Date;
  content: SiteContent;
  memo: Map<string, Promise<unknown>>;
}

export const RENDER_PASS = Symbol.for('newsroom.site.renderPass');

const store: SiteContent = {
  stories: (status) => allInStatus(status),
  releases: (status) => allReleasesInStatus(status),
  publishedSnapshots: () => publishedSnapshots(),
};

export function renderPass(): RenderPass {
  const scope = globalThis as { [RENDER_PASS]?: RenderPass };
  scope[RENDER_PASS] ??= {
    at: process.env.SITE_RENDER_TIME ? new Date(process.env.SITE_RENDER_TIME) : new Date(),
    content: store,
    memo: new Map(),
  };
  return scope[RENDER_PASS];
}

/** `load` once per pass under `key`; every later call in the same pass shares the result. */
export function perPass<T>(key: string, load: (pass: RenderPass) => Promise<T>): Promise<T> {
  const pass = renderPass();
  let hit = pass.memo.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = load(pass);
    pass.memo.set(key, hit);
  }
  return hit;
}

const lasting = new WeakMap<object, Map<string, unknown>>();

/**
 * A result that depends on nothing but `item` and `key`, kept across passes. Items are
 * never changed in place (a full build reads them fresh; the publisher's content copy
 * replaces an item that changed), so the same object means the same data. Turns the
 * projection of 10,000 stories per publish (two thirds of a second) into lookups.
 */
export function perItem<T>(item: object, key: string, compute: () => T): T {
  let results = lasting.get(item);
  if (!results) lasting.set(item, (results = new Map()));
  if (!results.has(key)) results.set(key, compute());
  return results.get(key) as T;
}
