import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { SITE, storyGuid, storyPath } from '../lib/site.ts';
import { publicStories } from '../lib/stories.ts';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function GET(context: APIContext): Promise<Response> {
  const site = context.site!;
  const stories = (await publicStories('press')).slice(0, SITE.feedLimit);
  const self = new URL(SITE.feedPath, site).href;
  const response = await rss({
    title: SITE.feedTitle,
    description: SITE.description,
    site,
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    customData: [
      '<language>de-de</language>',
      `<atom:link href="${escapeXml(self)}" rel="self" type="application/rss+xml"/>`,
    ].join(''),
    items: stories.map((story) => ({
      title: story.title,
      link: new URL(storyPath(story.slug), site).href,
      pubDate: new Date(story.publishedAt),
      description: story.teaser,
      categories: story.topicLabels,
      // Replaces the link-derived guid: the id never changes, the URL might.
      customData: `<guid isPermaLink="false">${escapeXml(storyGuid(story.id))}</guid>`,
    })),
  });
  return new Response(response.body, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
}
