import { buildTime } from './build-time.ts';
import { type FeedItem, type ReleaseFeed, type ReleaseFeedDocument, releaseAtom, releaseFeedItem, releaseJsonFeed, releaseRss } from './feed-writers.ts';
import { releasePhotos } from './media.ts';
import { RELEASES } from './site.ts';

/** The feed's own time: its newest change, so an unchanged feed stays byte for byte the same. */
function feedUpdated(items: FeedItem[]): Date {
  return items.reduce<Date | undefined>((max, i) => (!max || i.updated > max ? i.updated : max), undefined) ?? buildTime();
}

/**
 * The press-release feeds in three formats from one description, so RSS 2.0, Atom 1.0
 * and JSON Feed 1.1 always carry the same items with the same ids and dates. Here is
 * what needs the build (photos from the media library, the render pass's time);
 * feed-writers.ts writes the formats.
 */
async function feedDocument(spec: ReleaseFeed): Promise<ReleaseFeedDocument> {
  const items = await Promise.all(spec.releases.slice(0, RELEASES.feedLimit).map(async (r) => releaseFeedItem(r, spec.site, await releasePhotos(r))));
  const { releases: _releases, ...rest } = spec;
  return { ...rest, items, updated: feedUpdated(items) };
}

export async function rssResponse(spec: ReleaseFeed): Promise<Response> {
  return new Response(await releaseRss(await feedDocument(spec)), { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
}

export async function atomResponse(spec: ReleaseFeed): Promise<Response> {
  return new Response(releaseAtom(await feedDocument(spec)), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
}

export async function jsonFeedResponse(spec: ReleaseFeed): Promise<Response> {
  return new Response(releaseJsonFeed(await feedDocument(spec)), { headers: { 'Content-Type': 'application/feed+json; charset=utf-8' } });
}
