import { config } from '@newsroom/runtime/config.ts';
import { RENDER_PASS, type RenderPass, type SiteContent } from '@newsroom/site-contract/render-pass.ts';
import { storedGonePaths } from '@newsroom/store/gone.ts';
import { getOrganisationSettings } from '@newsroom/store/organisation.ts';
import { photoFiles } from '@newsroom/store/photo-files.ts';
import { allReleasesInStatus } from '@newsroom/store/releases.ts';
import { publishedSnapshots } from '@newsroom/store/statistics.ts';
import { allInStatus } from '@newsroom/store/stories.ts';

export type { SiteReleaseStatus } from '@newsroom/site-contract/render-pass.ts';

const store: SiteContent = {
  stories: (status) => allInStatus(status),
  releases: (status) => allReleasesInStatus(status),
  publishedSnapshots: () => publishedSnapshots(),
  gonePaths: () => storedGonePaths(),
  photoFile: (file) => photoFiles().get(file),
  organisationSettings: () => getOrganisationSettings(),
};

/**
 * The current render pass (site/contract/render-pass.ts): the one the publisher
 * started, or else, in a full build, the store as of now (or SITE_RENDER_TIME).
 */
export function renderPass(): RenderPass {
  const scope = globalThis as { [RENDER_PASS]?: RenderPass };
  scope[RENDER_PASS] ??= {
    at: config().siteRenderTime ?? new Date(),
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
 * projection of every story per publish into lookups.
 */
export function perItem<T>(item: object, key: string, compute: () => T): T {
  let results = lasting.get(item);
  if (!results) lasting.set(item, (results = new Map()));
  if (!results.has(key)) results.set(key, compute());
  return results.get(key) as T;
}
