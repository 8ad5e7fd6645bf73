import { partnerName, partnerShort } from '../../../../functions/domain/partners.ts';
import { toPublicStory, type PublicStory } from '../../../../functions/domain/story.ts';
import { topicLabel } from '../../../../functions/domain/topics.ts';
import { allPublished } from '../../../../functions/store/stories.ts';

/** A public story with the labels the pages show. */
export interface SiteStory extends PublicStory {
  partnerName: string;
  partnerShort: string;
  topicLabels: string[];
}

let loaded: Promise<SiteStory[]> | undefined;

/**
 * Every public story, newest first. Read from the store once per build: all pages
 * and the feed share this module, so the memo turns many page renders into one query.
 */
export function publicStories(): Promise<SiteStory[]> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<SiteStory[]> {
  const stories = await allPublished();
  return stories
    // Defence in depth: the query already selects published stories; the
    // projection refuses anything that must not be public and strips internals.
    .map(toPublicStory)
    .filter((s): s is PublicStory => s !== undefined)
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.id.localeCompare(b.id))
    .map((s) => ({
      ...s,
      partnerName: partnerName(s.partner),
      partnerShort: partnerShort(s.partner),
      topicLabels: s.topics.map(topicLabel),
    }));
}
