import { getRssString } from '@astrojs/rss';
import { withoutUnsafeText } from '@newsroom/domain/text.ts';
import { Feed } from 'feed';
import { germanDate, storyBodyHtml } from './format.ts';
import type { SiteRelease } from './releases.ts';
import { type FeedSet, releaseGuid, releasePath, SITE, storyGuid, storyPath, TOPICS_PATH } from './site.ts';
import type { SiteStory } from './stories.ts';

/**
 * The feeds as text, from content already read: no store, no media library, no render
 * pass, so every format can be written (and tested) on its own.
 *
 * Two rules hold for every writer. Text that XML 1.0 cannot carry (control characters,
 * lone surrogates) is removed before anything is written, so text stored before the
 * domain refused it (functions/domain/text.ts) cannot make a feed unreadable. And plain
 * text arrives as text: where a format reads a field as HTML (RSS description, Atom's
 * type="html"), the text is HTML-escaped before the XML writer escapes it again.
 */

const FEED_AUTHOR = 'Landratsamt Ludwigsburg, Pressestelle';
const COPYRIGHT = 'Landratsamt Ludwigsburg. Abdruck in der Berichterstattung mit Quellenangabe frei.';

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const escapeXml = escapeHtml;

/** A photo of a release as the feeds carry it: its largest processed file's address and facts. */
export interface FeedPhoto {
  original: string;
  mimeType: string;
  bytes: number;
  alt: string;
  credit: string;
}

/** Everything the three writers need about one release, with absolute URLs. */
export interface FeedItem {
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

/** One release feed as the pages describe it: which releases, under which name and address. */
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

/** One release feed, ready to write: its items newest first, already cut to the feed's length. */
export interface ReleaseFeedDocument extends Omit<ReleaseFeed, 'releases'> {
  items: FeedItem[];
  /** The feed's own time: its newest change, so an unchanged feed stays byte for byte the same. */
  updated: Date;
}

export function releaseFeedItem(release: SiteRelease, site: URL, photos: readonly FeedPhoto[]): FeedItem {
  const r = withoutUnsafeText(release);
  const abs = (path: string) => new URL(path, site).href;
  return {
    id: releaseGuid(r.id),
    url: abs(releasePath(r.slug)),
    title: r.headline,
    summary: r.lead,
    html: contentHtml(r, site),
    published: new Date(r.publishedAt),
    updated: new Date(r.updatedAt),
    authors: r.contacts.map((c) => ({ name: c.name, email: c.email })),
    categories: r.topicLabels.map((t) => ({ label: t.label, term: t.id, scheme: abs(TOPICS_PATH) })),
    attachments: photos.map((p) => withoutUnsafeText({ url: abs(p.original), mimeType: p.mimeType, bytes: p.bytes, title: `${p.alt} (Foto: ${p.credit})` })),
  };
}

/**
 * The release as HTML for feed readers: dateline and lead, body, quotes, corrections.
 * Author text is escaped here or rendered by the one Markdown renderer (raw HTML off);
 * links inside the body are made absolute, as a feed has no base address.
 */
function contentHtml(r: SiteRelease, site: URL): string {
  const body = storyBodyHtml(r.body).replace(/(href|src)="\/(?!\/)/g, `$1="${site.origin}/`);
  const quotes = r.quotes
    .map((q) => `<blockquote><p>${escapeHtml(q.text)}</p><p>– ${escapeHtml(q.name)}, ${escapeHtml(q.function)}, ${escapeHtml(q.organisation)}</p></blockquote>`)
    .join('');
  const corrections = r.corrections.map((c) => `<p><em>Korrigiert am ${germanDate(c.at)}: ${escapeHtml(c.note)}</em></p>`).join('');
  return `${corrections}<p><strong>${escapeHtml(r.datelinePlace)}, ${germanDate(r.publishedAt)} –</strong> ${escapeHtml(r.lead)}</p>${body}${quotes}`;
}

const feedId = (idPath: string) => `tag:landkreis-ludwigsburg.de,2018:integrationsmanagement/${idPath}`;

/**
 * RSS 2.0 through @astrojs/rss (as the stories' feed); RSS has no "updated" per item,
 * so `dc:date` carries it (read as the update time by common feed parsers).
 */
export async function releaseRss(document: ReleaseFeedDocument): Promise<string> {
  const doc = withoutUnsafeText(document);
  const self = new URL(doc.feeds.rss, doc.site).href;
  return getRssString({
    title: doc.title,
    description: doc.description,
    site: new URL(doc.page, doc.site).href,
    xmlns: { atom: 'http://www.w3.org/2005/Atom', dc: 'http://purl.org/dc/elements/1.1/' },
    customData: [
      '<language>de-de</language>',
      `<copyright>${escapeXml(COPYRIGHT)}</copyright>`,
      `<lastBuildDate>${doc.updated.toUTCString()}</lastBuildDate>`,
      `<atom:link href="${escapeXml(self)}" rel="self" type="application/rss+xml"/>`,
    ].join(''),
    items: doc.items.map((item) => {
      const [photo] = item.attachments;
      const [contact] = item.authors;
      return {
        title: item.title,
        link: item.url,
        pubDate: item.published,
        // Readers take the description as HTML: the lead is plain text.
        description: escapeHtml(item.summary),
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
}

/** Atom 1.0 through the `feed` package. */
export function releaseAtom(document: ReleaseFeedDocument): string {
  const doc = withoutUnsafeText(document);
  const feed = new Feed({
    id: feedId(doc.idPath),
    title: doc.title,
    description: doc.description,
    link: new URL(doc.page, doc.site).href,
    language: 'de',
    updated: doc.updated,
    generator: false,
    feedLinks: { atom: new URL(doc.feeds.atom, doc.site).href },
    author: { name: FEED_AUTHOR, link: doc.site.href },
    favicon: new URL('/favicon.svg', doc.site).href,
    copyright: COPYRIGHT,
  });
  for (const item of doc.items) {
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
      // `feed` writes the enclosure's title as an attribute and escapes only the quote in it.
      ...(item.attachments[0]
        ? { image: { url: item.attachments[0].url, length: item.attachments[0].bytes, title: escapeXml(item.attachments[0].title) } }
        : {}),
    });
  }
  // `feed` derives an enclosure's type from the file extension; "jpg" is no MIME subtype.
  return feed.atom1().replaceAll('type="image/jpg"', 'type="image/jpeg"');
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

/**
 * JSON Feed 1.1 as a typed object through JSON.stringify: `feed` writes version 1.0
 * (no `authors`, no `language`), and JSON needs no generator to be well-formed.
 */
export function releaseJsonFeed(document: ReleaseFeedDocument): string {
  const doc = withoutUnsafeText(document);
  const feed: JsonFeed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: doc.title,
    home_page_url: new URL(doc.page, doc.site).href,
    feed_url: new URL(doc.feeds.json, doc.site).href,
    description: doc.description,
    favicon: new URL('/favicon.svg', doc.site).href,
    language: 'de-DE',
    authors: [{ name: FEED_AUTHOR, url: doc.site.href }],
    items: doc.items.map((item) => ({
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
      ...(item.attachments.length
        ? { attachments: item.attachments.map((a) => ({ url: a.url, mime_type: a.mimeType, size_in_bytes: a.bytes, title: a.title })) }
        : {}),
    })),
  };
  return JSON.stringify(feed, null, 2);
}

/** The stories' RSS 2.0 feed (`/rss.xml`): the newest public stories, already cut to the feed's length. */
export async function storiesRss(site: URL, stories: readonly SiteStory[]): Promise<string> {
  const self = new URL(SITE.feedPath, site).href;
  return getRssString({
    title: SITE.feedTitle,
    description: SITE.description,
    site,
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    customData: ['<language>de-de</language>', `<atom:link href="${escapeXml(self)}" rel="self" type="application/rss+xml"/>`].join(''),
    items: withoutUnsafeText(stories).map((story) => ({
      title: story.title,
      link: new URL(storyPath(story.slug), site).href,
      pubDate: new Date(story.publishedAt),
      // Readers take the description as HTML: the teaser is plain text.
      description: escapeHtml(story.teaser),
      categories: story.topicLabels,
      // Replaces the link-derived guid: the id never changes, the URL might.
      customData: `<guid isPermaLink="false">${escapeXml(storyGuid(story.id))}</guid>`,
    })),
  });
}
