import type { OrganisationSettings } from '@newsroom/domain/organisation.ts';
import type { Release } from '@newsroom/domain/release.ts';
import type { Snapshot } from '@newsroom/domain/statistics-snapshot.ts';
import type { Story } from '@newsroom/domain/story.ts';

/** The statuses the site reads: what is public, and what was public once (410 Gone). */
export type SiteStoryStatus = 'published' | 'unpublished' | 'withdrawn';
export type SiteReleaseStatus = 'published' | 'unpublished' | 'scheduled';

/** Where a render pass reads the store's content; the same lists the store's status queries return. */
export interface SiteContent {
  stories(status: SiteStoryStatus): Promise<Story[]>;
  releases(status: SiteReleaseStatus): Promise<Release[]>;
  publishedSnapshots(): Promise<Snapshot[]>;
  /** The store's gone list (functions/store/gone.ts): addresses a build cannot derive, such as an erased story's. */
  gonePaths(): Promise<string[]>;
  /** A processed photo file from the private photo store ("bilder/<id>/800.webp"), copied to the site while its item is public. */
  photoFile(file: string): Promise<Buffer | undefined>;
  /** The organisation settings the legal pages show (functions/store/organisation.ts). */
  organisationSettings(): Promise<OrganisationSettings>;
}

/**
 * One render pass of the public site: the instant every page judges embargoes,
 * consents and takedowns by, where the pages read the content, and the memos that
 * turn many page renders into one read.
 *
 * A full `astro build` is one pass per process: the store, now (or SITE_RENDER_TIME,
 * for reproducible builds; site/newsroom/src/lib/render-pass.ts). The incremental
 * publisher (functions/publish/renderer.ts) renders a handful of pages per publish
 * from the one built site in a long-lived process, so it starts a new pass for each
 * publish with its in-memory copy of the content. The memos live in the pass, not in
 * modules, so no publish sees the data of the one before. The pass is found through a
 * global symbol because the publisher loads the built site as a bundle with its own
 * copy of the site's modules.
 */
export interface RenderPass {
  at: Date;
  content: SiteContent;
  memo: Map<string, Promise<unknown>>;
}

export const RENDER_PASS = Symbol.for('newsroom.site.renderPass');
