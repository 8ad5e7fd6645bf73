import * as z from 'zod/mini';
import { PartnerId } from './partners.ts';
import { PublicPhoto, publicPhotos } from './photos.ts';
import { isReleasePublic, PressContact, Quote, type Release, ReleaseInput, type ReleasePhoto } from './release.ts';
import { featuredGate } from './release-workflow.ts';
import type { Story } from './story.ts';
import { TopicId } from './topics.ts';

/**
 * The public projection of a press release: what the site, the feeds and the search
 * may show, and all that the API shows of it outside its partner and the press office.
 * Workflow, audit, notices, embargo and takedown times, the authors inside the system
 * and who of a story's persons a photo shows stay inside.
 */
export const PublicRelease = z.object({
  id: z.string(),
  slug: z.string(),
  datelinePlace: z.string(),
  headline: z.string(),
  subline: z.optional(z.string()),
  lead: z.string(),
  body: z.string(),
  quotes: z.array(Quote),
  contacts: z.array(PressContact),
  topics: z.array(TopicId),
  partners: z.array(PartnerId),
  featuredStoryIds: z.array(z.string()),
  statisticsSnapshotId: z.optional(z.string()),
  photos: z.array(PublicPhoto),
  /** The public date: the end of the embargo, or the moment of publication. */
  publishedAt: z.string(),
  /** The last change readers can see: a correction or an edit after publication; else publishedAt. */
  updatedAt: z.string(),
  corrections: z.array(z.object({ at: z.string(), note: z.string() })),
});
export type PublicRelease = z.infer<typeof PublicRelease>;

/** Audit actions that change what readers see (release-workflow.ts, functions/releases). */
const CONTENT_ACTIONS = new Set(['edit', 'correction']);

/** The latest moment readers could see a change, never before the public date. */
export function publicUpdatedAt(r: Pick<Release, 'publishedAt' | 'correctedAt' | 'audit'>): string {
  const times = [r.publishedAt!, r.correctedAt, ...r.audit.filter((a) => CONTENT_ACTIONS.has(a.action)).map((a) => a.at)];
  return times.filter((t): t is string => Boolean(t)).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

/**
 * A photo showing a person stays only while the approval rule still holds: the person
 * belongs to a featured story that is public on the press channel, and their consent
 * covers the photo there (the workflow's own featuredGate, applied to this one photo). A
 * withdrawn consent takes the photo off at the next build.
 */
function photoCleared(photo: ReleasePhoto, r: Release, stories: ReadonlyMap<string, Story>, now: Date): boolean {
  if (photo.persons.length === 0) return true;
  const shownStories = new Set(photo.persons.map((p) => p.storyId));
  const one = { ...r, photos: [photo], featuredStoryIds: r.featuredStoryIds.filter((id) => shownStories.has(id)) };
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
    photos: publicPhotos(c.photos.filter((p) => photoCleared(p, r, stories, now))),
    publishedAt: r.publishedAt!,
    updatedAt: publicUpdatedAt(r),
    corrections: r.corrections.map(({ at, note }) => ({ at, note })),
  };
}
