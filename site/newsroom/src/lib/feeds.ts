import rss from '@astrojs/rss';
import { Feed } from 'feed';
import { buildTime } from './build-time.ts';
import { germanDate, storyBodyHtml } from './format.ts';
import { releasePhotos } from './media.ts';
import type { SiteRelease } from './releases.ts';
import { RELEASES, releaseGuid, releasePath, TOPICS_PATH, type FeedSet } from './site.ts';

/**
 * The press-release feeds in three formats from one description, so RSS 2.0, Atom 1.0
 * and JSON Feed 1.1 always carry the same items with the same ids and dates.
 *
 * - RSS 2.0 through @astrojs/rss (as the stories' feed); RSS has no "updated" per item,
 *   so `dc:date` carries it (read as the update time by common feed parsers).
 * - Atom 1.0 through the `feed` package.
 * - JSON Feed 1.1 as a typed object through JSON.stringify: `feed` writes version 1.0
 *   (no `authors`, no `language`), and JSON needs no generator to be well-formed.
 */
export interface ReleaseFeed {
  site: URL;
  /** Tag URI path of the feed itself ("pressemitteilungen", "pressemitteilungen/thema/wohnen"). */
  idPath: string;
  title: string;
  description: string;
  /** The HTML page the feed belongs to. */
  page: string;
  feeds: FeedSet;
  /** Newest first; the feed keeps the first RELEASES.feedLimit. */
  releases: SiteRelease[];
}

const FEED_AUTHOR = 'Landratsamt Ludwigsburg, Pressestelle';
const COPYRIGHT = 'Landratsamt Ludwigsburg. Abdruck in der Berichterstattung mit Quellenangabe frei.';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const escapeXml = escapeHtml;

/** Everything the three writers need about one release, with absolute URLs. */
interface FeedItem {
  id: string;
  url: string;
  title: string;
  summary: string;
  html: string;
  published: Date;
  updated: Date;
  authors: { name: string; email: string }[];
  categories: { label: string; term: string; scheme: string }[];
  attachments: { url: string; mimeType: string; bytes: number; title: string }[];
}

async function feedItems(spec: ReleaseFeed): Promise<FeedItem[]> {
  const abs = (path: string) => new URL(path, spec.site).href;
  return Promise.all(spec.releases.slice(0, RELEASES.feedLimit).map(async (r) => {
    const photos = await releasePhotos(r);
    return {
      id: releaseGuid(r.id),
      url: abs(releasePath(r.slug)),
      title: r.headline,
      summary: r.lead,
      html: contentHtml(r, spec.site),
      published: new Date(r.publishedAt),
      updated: new Date(r.updatedAt),
      authors: r.contacts.map((c) => ({ name: c.name, email: c.email })),
      categories: r.topicLabels.map((t) => ({ label: t.label, term: t.id, scheme: abs(TOPICS_PATH) })),
      attachments: photos.map((p) => ({ url: abs(p.original), mimeType: p.mimeType, bytes: p.bytes, title: `${p.alt} (Foto: ${p.credit})` })),
    };
  }));
}

/**
 * The release as HTML for feed readers: dateline and lead, body, quotes, corrections.
 * Author text is escaped here or rendered by the one Markdown renderer (raw HTML off);
 * links inside the body are made absolute, as a feed has no base address.
 */
function contentHtml(r: SiteRelease, site: URL): string {
  const body = storyBodyHtml(r.body).replace(/(href|src)="\/(?!\/)/g, `$1="${site.origin}/`);
  const quotes = r.quotes.map((q) =>
    `<blockquote><p>${escapeHtml(q.text)}</p><p>– ${escapeHtml(q.name)}, ${escapeHtml(q.function)}, ${escapeHtml(q.organisation)}</p></blockquote>`).join('');
  const corrections = r.corrections.map((c) => `<p><em>Korrigiert am ${germanDate(c.at)}: ${escapeHtml(c.note)}</em></p>`).join('');
  return `${corrections}<p><strong>${escapeHtml(r.datelinePlace)}, ${germanDate(r.publishedAt)} –</strong> ${escapeHtml(r.lead)}</p>${body}${quotes}`;
}

/** The feed's own time: its newest change, so an unchanged feed stays byte for byte the same. */
function feedUpdated(items: FeedItem[]): Date {
  return items.reduce<Date | undefined>((max, i) => (!max || i.updated > max ? i.updated : max), undefined) ?? buildTime();
}

const feedId = (idPath: string) => `tag:landkreis-ludwigsburg.de,2018:integrationsmanagement/${idPath}`;

export async function rssResponse(spec: ReleaseFeed): Promise<Response> {
  const items = await feedItems(spec);
  const self = new URL(spec.feeds.rss, spec.site).href;
  const response = await rss({
    title: spec.title,
    description: spec.description,
    site: new URL(spec.page, spec.site).href,
    xmlns: { atom: 'http://www.w3.org/2005/Atom', dc: 'http://purl.org/dc/elements/1.1/' },
    customData: [
      '<language>de-de</language>',
      `<copyright>${escapeXml(COPYRIGHT)}</copyright>`,
      `<lastBuildDate>${feedUpdated(items).toUTCString()}</lastBuildDate>`,
      `<atom:link href="${escapeXml(self)}" rel="self" type="application/rss+xml"/>`,
    ].join(''),
    items: items.map((item) => {
      const [photo] = item.attachments;
      const [contact] = item.authors;
      return {
        title: item.title,
        link: item.url,
        pubDate: item.published,
        description: item.summary,
        content: item.html,
        categories: item.categories.map((c) => c.label),
        // RSS wants one address with the name in brackets; every contact is a dc:creator.
        ...(contact ? { author: `${contact.email} (${contact.name})` } : {}),
        // RSS 2.0 allows one enclosure per item: the first photo. Atom and JSON Feed carry all.
        ...(photo ? { enclosure: { url: photo.url, length: photo.bytes, type: photo.mimeType } } : {}),
        customData: [
          `<guid isPermaLink="false">${escapeXml(item.id)}</guid>`,
          `<dc:date>${item.updated.toISOString()}</dc:date>`,
          ...item.authors.map((a) => `<dc:creator>${escapeXml(a.name)}</dc:creator>`),
        ].join(''),
      };
    }),
  });
  return new Response(response.body, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
}

export async function atomResponse(spec: ReleaseFeed): Promise<Response> {
  const items = await feedItems(spec);
  const feed = new Feed({
    id: feedId(spec.idPath),
    title: spec.title,
    description: spec.description,
    link: new URL(spec.page, spec.site).href,
    language: 'de',
    updated: feedUpdated(items),
    generator: false,
    feedLinks: { atom: new URL(spec.feeds.atom, spec.site).href },
    author: { name: FEED_AUTHOR, link: spec.site.href },
    favicon: new URL('/favicon.svg', spec.site).href,
    copyright: COPYRIGHT,
  });
  for (const item of items) {
    feed.addItem({
      id: item.id,
      // `feed` writes title, summary and content as type="html": text must be escaped.
      title: escapeHtml(item.title),
      link: item.url,
      date: item.updated,
      published: item.published,
      description: escapeHtml(item.summary),
      content: item.html,
      author: item.authors,
      category: item.categories.map((c) => ({ name: c.label, term: c.term, scheme: c.scheme })),
      ...(item.attachments[0] ? { image: { url: item.attachments[0].url, length: item.attachments[0].bytes, title: item.attachments[0].title } } : {}),
    });
  }
  // `feed` derives an enclosure's type from the file extension; "jpg" is no MIME subtype.
  const xml = feed.atom1().replaceAll('type="image/jpg"', 'type="image/jpeg"');
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), the fields this site fills. */
interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  favicon: string;
  language: string;
  authors: { name: string; url?: string }[];
  items: {
    id: string;
    url: string;
    title: string;
    summary: string;
    content_html: string;
    image?: string;
    date_published: string;
    date_modified: string;
    authors: { name: string; url?: string }[];
    tags: string[];
    language: string;
    attachments?: { url: string; mime_type: string; size_in_bytes: number; title: string }[];
  }[];
}

export async function jsonFeedResponse(spec: ReleaseFeed): Promise<Response> {
  const items = await feedItems(spec);
  const feed: JsonFeed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: spec.title,
    home_page_url: new URL(spec.page, spec.site).href,
    feed_url: new URL(spec.feeds.json, spec.site).href,
    description: spec.description,
    favicon: new URL('/favicon.svg', spec.site).href,
    language: 'de-DE',
    authors: [{ name: FEED_AUTHOR, url: spec.site.href }],
    items: items.map((item) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      summary: item.summary,
      content_html: item.html,
      ...(item.attachments[0] ? { image: item.attachments[0].url } : {}),
      date_published: item.published.toISOString(),
      date_modified: item.updated.toISOString(),
      // JSON Feed authors have no e-mail field; the address is a mailto: URL.
      authors: item.authors.map((a) => ({ name: a.name, url: `mailto:${a.email}` })),
      tags: item.categories.map((c) => c.label),
      language: 'de-DE',
      ...(item.attachments.length ? { attachments: item.attachments.map((a) => ({ url: a.url, mime_type: a.mimeType, size_in_bytes: a.bytes, title: a.title })) } : {}),
    })),
  };
  return new Response(JSON.stringify(feed, null, 2), { headers: { 'Content-Type': 'application/feed+json; charset=utf-8' } });
}
