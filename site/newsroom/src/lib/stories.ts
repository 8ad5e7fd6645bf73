import type { Channel } from '@newsroom/domain/consent.ts';
import { berlinDay } from '@newsroom/domain/consent.ts';
import { partnerName, partnerShort } from '@newsroom/domain/partners.ts';
import { type PublicStory, type Story, toPublicStory } from '@newsroom/domain/story.ts';
import { topicLabel } from '@newsroom/domain/topics.ts';
import { buildTime } from './build-time.ts';
import { perItem, perPass } from './render-pass.ts';

/** A public story with the labels the pages show. */
export interface SiteStory extends PublicStory {
  partnerName: string;
  partnerShort: string;
  topicLabels: string[];
}

/**
 * The published stories as stored, read once per build. Only for checks that need the
 * consents themselves (a release photo of a person); pages show `publicStories()`.
 */
export function publishedStoryRecords(): Promise<Story[]> {
  return perPass('stories:published', (pass) => pass.content.stories('published'));
}

/**
 * Every story public on `channel` (the site: website; the feeds: press), newest
 * first. Read from the store once per build: all pages and the feeds share this
 * module, so the memo turns many page renders into one query.
 */
export function publicStories(channel: Channel = 'website'): Promise<SiteStory[]> {
  // Once per pass and channel: list pages, feeds and releases all ask, and at 10,000 stories the projection is not free.
  // The projection depends on the story, the channel and the day only (consents run by day).
  const key = `${channel}@${berlinDay(buildTime())}`;
  return perPass(`stories:public:${channel}`, async () =>
    (await publishedStoryRecords())
      // Defence in depth: the query already selects published stories; the projection
      // checks status and consent again for this channel and strips internals.
      .map((s) => perItem(s, key, () => toPublicStory(s, buildTime(), channel)))
      .filter((s): s is PublicStory => s !== undefined)
      .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.id.localeCompare(b.id))
      .map((s) => ({
        ...s,
        partnerName: partnerName(s.partner),
        partnerShort: partnerShort(s.partner),
        topicLabels: s.topics.map(topicLabel),
      })),
  );
}

/**
 * The addresses of stories that were public once and are not any more (taken down,
 * consent withdrawn or expired, or no longer covered by consent): the server answers
 * them with 410 Gone and a neutral page, so readers and search engines learn the
 * story is gone for good rather than missing by mistake.
 */
export async function goneStoryPaths(): Promise<string[]> {
  const live = new Set((await publicStories()).map((s) => s.slug));
  const [published, unpublished, withdrawn] = await Promise.all([
    publishedStoryRecords(),
    ...(['unpublished', 'withdrawn'] as const).map((status) => perPass(`stories:${status}`, (pass) => pass.content.stories(status))),
  ]);
  return [...published, ...unpublished, ...withdrawn]
    .filter((s) => s.publishedAt && !live.has(s.slug))
    .map((s) => `/geschichten/${s.slug}/`)
    .sort();
}
