import { buildTime } from './build-time.ts';
import {
  type FeedItem,
  type FeedPhoto,
  type ReleaseFeed,
  type ReleaseFeedDocument,
  releaseAtom,
  releaseFeedItem,
  releaseJsonFeed,
  releaseRss,
} from './feed-writers.ts';
import { sitePhotos } from './photos.ts';
import type { SiteRelease } from './releases.ts';
import { renderPass } from './render-pass.ts';
import { RELEASES } from './site.ts';

/** The feed's own time: its newest change, so an unchanged feed stays byte for byte the same. */
function feedUpdated(items: FeedItem[]): Date {
  return items.reduce<Date | undefined>((max, i) => (!max || i.updated > max ? i.updated : max), undefined) ?? buildTime();
}

/**
 * A release's photos as enclosures: the largest processed JPEG of each, the lead picture
 * first, with its size in bytes from the photo store (a file the store lost is left out).
 */
async function feedPhotos(release: SiteRelease): Promise<FeedPhoto[]> {
  const photos = await Promise.all(
    sitePhotos(release.photos).map(async (p) => {
      const file = await renderPass().content.photoFile(p.download.href.slice(1));
      return file ? [{ original: p.download.href, mimeType: p.download.type, bytes: file.length, alt: p.alt, credit: p.credit }] : [];
    }),
  );
  return photos.flat();
}

/**
 * The press-release feeds in three formats from one description, so RSS 2.0, Atom 1.0
 * and JSON Feed 1.1 always carry the same items with the same ids and dates. Here is
 * what needs the build (the photos' files, the render pass's time);
 * feed-writers.ts writes the formats.
 */
async function feedDocument(spec: ReleaseFeed): Promise<ReleaseFeedDocument> {
  const items = await Promise.all(spec.releases.slice(0, RELEASES.feedLimit).map(async (r) => releaseFeedItem(r, spec.site, await feedPhotos(r))));
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
