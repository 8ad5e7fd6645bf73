import type { APIContext } from 'astro';
import { storiesRss } from '../lib/feed-writers.ts';
import { SITE } from '../lib/site.ts';
import { publicStories } from '../lib/stories.ts';

export async function GET(context: APIContext): Promise<Response> {
  const stories = (await publicStories('press')).slice(0, SITE.feedLimit);
  return new Response(await storiesRss(context.site!, stories), { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
}
