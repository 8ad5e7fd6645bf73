import { toBerlinLocal } from '../../../../functions/domain/berlin-time.ts';
import { partnerName, partnerShort, type PartnerId } from '../../../../functions/domain/partners.ts';
import { isReleasePublic, ReleaseInput, type PressContact, type Quote, type Release, type ReleasePhoto } from '../../../../functions/domain/release.ts';
import { featuredGate } from '../../../../functions/domain/release-workflow.ts';
import type { Story } from '../../../../functions/domain/story.ts';
import { topicLabel, type TopicId } from '../../../../functions/domain/topics.ts';
import { buildTime } from './build-time.ts';
import { perPass, type SiteReleaseStatus } from './render-pass.ts';
import { releasePath } from './site.ts';
import { publicStories, publishedStoryRecords, type SiteStory } from './stories.ts';

/**
 * The public projection of a press release: what the site, the feeds and the search
 * may show. Workflow, audit, notices, embargo and takedown times, the authors inside
 * the system and the link of a photo to a person in a story stay inside.
 */
export interface PublicRelease {
  id: string;
  slug: string;
  datelinePlace: string;
  headline: string;
  subline?: string;
  lead: string;
  body: string;
  quotes: Quote[];
  contacts: PressContact[];
  topics: TopicId[];
  partners: PartnerId[];
  featuredStoryIds: string[];
  statisticsSnapshotId?: string;
  photos: { file: string; alt: string; credit: string }[];
  /** The public date: the end of the embargo, or the moment of publication. */
  publishedAt: string;
  /** The last change readers can see: a correction or an edit after publication; else publishedAt. */
  updatedAt: string;
  corrections: { at: string; note: string }[];
}

/** A public release with the labels and groupings the pages show. */
export interface SiteRelease extends PublicRelease {
  /** The year of the public date in Berlin, for the archive. */
  year: number;
  topicLabels: { id: TopicId; label: string }[];
  partnerLabels: { id: PartnerId; name: string; short: string }[];
}

/** Audit actions that change what readers see (release-workflow.ts, functions/releases). */
const CONTENT_ACTIONS = new Set(['edit', 'correction']);

/** The latest moment readers could see a change, never before the public date. */
export function publicUpdatedAt(r: Pick<Release, 'publishedAt' | 'correctedAt' | 'audit'>): string {
  const times = [r.publishedAt!, r.correctedAt, ...r.audit.filter((a) => CONTENT_ACTIONS.has(a.action)).map((a) => a.at)];
  return times.filter((t): t is string => Boolean(t)).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

/**
 * A photo of a recognisable person stays only while the approval rule still holds:
 * the person belongs to a featured story that is public on the press channel, and
 * their consent covers recognisable photos there (the workflow's own featuredGate,
 * applied to this one photo). A withdrawn consent takes the photo off at the next build.
 */
function photoCleared(photo: ReleasePhoto, r: Release, stories: ReadonlyMap<string, Story>, now: Date): boolean {
  const link = photo.recognisablePerson;
  if (!link) return true;
  const one = { ...r, photos: [photo], featuredStoryIds: r.featuredStoryIds.filter((id) => id === link.storyId) };
  return featuredGate(one, { now, stories }).length === 0;
}

/**
 * The public projection at `now`, or undefined when the release must not appear
 * anywhere: not published, embargo not over, takedown reached, or content that no
 * longer passes the schema. The store query already selects published releases;
 * this checks again at render time (defence in depth). `stories` are the published
 * stories as stored, for the consent behind photos of people.
 */
export function toPublicRelease(r: Release, now: Date, stories: ReadonlyMap<string, Story> = new Map()): PublicRelease | undefined {
  if (!isReleasePublic(r, now)) return undefined;
  const content = ReleaseInput.safeParse(r);
  if (!content.success) return undefined;
  const c = content.data;
  return {
    id: r.id,
    slug: r.slug,
    datelinePlace: c.datelinePlace,
    headline: c.headline,
    ...(c.subline ? { subline: c.subline } : {}),
    lead: c.lead,
    body: c.body,
    quotes: c.quotes,
    contacts: c.contacts,
    topics: c.topics,
    partners: c.partners,
    featuredStoryIds: c.featuredStoryIds,
    ...(c.statisticsSnapshotId ? { statisticsSnapshotId: c.statisticsSnapshotId } : {}),
    photos: c.photos.filter((p) => photoCleared(p, r, stories, now)).map(({ file, alt, credit }) => ({ file, alt, credit })),
    publishedAt: r.publishedAt!,
    updatedAt: publicUpdatedAt(r),
    corrections: r.corrections.map(({ at, note }) => ({ at, note })),
  };
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
