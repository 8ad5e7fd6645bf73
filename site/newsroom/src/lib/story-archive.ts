import { toBerlinLocal } from '@newsroom/domain/berlin-time.ts';
import { perPass } from './render-pass.ts';
import { publicStories, type SiteStory } from './stories.ts';

/**
 * The stories' archive: the newest few on the overview and on each topic and partner
 * page, every story on the page of its year. Years, not numbered pages: a new story
 * changes the overview and the page of its own year, never every page after it, so a
 * publish re-renders a handful of pages however many stories there are
 * (functions/publish/dependency-map.ts relies on this).
 */
export const STORY_ARCHIVE = {
  /** Stories on /geschichten/ before the archive by year. */
  listLimit: 20,
  /** Stories on a topic's or a partner's page. */
  scopeLimit: 20,
} as const;

export const storyYearPath = (year: number) => `/geschichten/${year}/`;

/** The year of a story's publication in Berlin, as readers see the date. */
export const storyYear = (publishedAt: string) => Number(toBerlinLocal(new Date(publishedAt)).slice(0, 4));

export interface StoryYear {
  year: number;
  stories: SiteStory[];
}

/** Every year with public stories, newest first, each with its stories newest first. */
export function storyYears(): Promise<StoryYear[]> {
  return perPass('stories:years', async () => {
    const byYear = new Map<number, SiteStory[]>();
    for (const story of await publicStories()) {
      const year = storyYear(story.publishedAt);
      const list = byYear.get(year);
      if (list) list.push(story);
      else byYear.set(year, [story]);
    }
    return [...byYear].sort(([a], [b]) => b - a).map(([year, stories]) => ({ year, stories }));
  });
}
