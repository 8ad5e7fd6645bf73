import { toBerlinLocal } from '@newsroom/domain/berlin-time.ts';
import { type PartnerId, partnerName, partnerShort } from '@newsroom/domain/partners.ts';
import { type PublicRelease, toPublicRelease } from '@newsroom/domain/release-public.ts';
import { type TopicId, topicLabel } from '@newsroom/domain/topics.ts';
import { buildTime } from './build-time.ts';
import { perPass, type SiteReleaseStatus } from './render-pass.ts';
import { releasePath } from './site.ts';
import { publicStories, publishedStoryRecords, type SiteStory } from './stories.ts';

/** A public release with the labels and groupings the pages show. */
export interface SiteRelease extends PublicRelease {
  /** The year of the public date in Berlin, for the archive. */
  year: number;
  topicLabels: { id: TopicId; label: string }[];
  partnerLabels: { id: PartnerId; name: string; short: string }[];
}

export const berlinYear = (iso: string) => Number(toBerlinLocal(new Date(iso)).slice(0, 4));

const inStatus = (status: SiteReleaseStatus) => perPass(`releases:${status}`, (pass) => pass.content.releases(status));
const published = () => inStatus('published');

/**
 * Every public release, newest first. Read from the store once per build (one Query
 * on the status index); every page, feed and sitemap shares the result.
 */
export async function publicReleases(): Promise<SiteRelease[]> {
  const stories = new Map((await publishedStoryRecords()).map((s) => [s.id, s]));
  return (await published())
    .map((r) => toPublicRelease(r, buildTime(), stories))
    .filter((r): r is PublicRelease => r !== undefined)
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.id.localeCompare(b.id))
    .map((r) => ({
      ...r,
      year: berlinYear(r.publishedAt),
      topicLabels: r.topics.map((id) => ({ id, label: topicLabel(id) })),
      partnerLabels: r.partners.map((id) => ({ id, name: partnerName(id), short: partnerShort(id) })),
    }));
}

/** The years that have public releases, newest first. */
export async function releaseYears(): Promise<number[]> {
  return [...new Set((await publicReleases()).map((r) => r.year))].sort((a, b) => b - a);
}

/**
 * Addresses of releases that were public once and are not any more (taken down, by
 * hand or on schedule, or sent back for a new embargo): answered with 410 Gone like
 * withdrawn stories. "Public once" is read from the audit trail, never from the
 * public date: a release cancelled during its embargo has a public date but was
 * never seen, and its address (which carries its headline) must not leak here.
 */
export async function goneReleasePaths(): Promise<string[]> {
  const live = new Set((await publicReleases()).map((r) => r.slug));
  const [current, unpublished, scheduled] = await Promise.all([published(), inStatus('unpublished'), inStatus('scheduled')]);
  return [...current, ...unpublished, ...scheduled]
    .filter((r) => !live.has(r.slug) && r.audit.some((a) => a.to === 'published'))
    .map((r) => releasePath(r.slug))
    .sort();
}

/** A featured story as a release shows it; `path` only when the story has its own page on the site. */
export interface FeaturedStory {
  story: SiteStory;
  path?: string;
}

/**
 * The featured stories that may appear with the release: only those public on the
 * press channel at build time (consent checked again here, whatever the release says).
 */
export async function featuredStories(release: Pick<PublicRelease, 'featuredStoryIds'>): Promise<FeaturedStory[]> {
  const [press, website] = await Promise.all([publicStories('press'), publicStories('website')]);
  const onSite = new Set(website.map((s) => s.id));
  return release.featuredStoryIds.flatMap((id) => {
    const story = press.find((s) => s.id === id);
    if (!story) return [];
    return [{ story, ...(onSite.has(id) ? { path: `/geschichten/${encodeURIComponent(story.slug)}/` } : {}) }];
  });
}
