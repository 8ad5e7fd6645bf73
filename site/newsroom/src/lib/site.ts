/** Names and texts that appear on every page and in the feed. */
export const SITE = {
  name: 'Integrationsmanagement',
  owner: 'Landkreis Ludwigsburg',
  title: 'Integrationsmanagement im Landkreis Ludwigsburg',
  description:
    'Geschichten aus dem Integrationsmanagement des Landkreises Ludwigsburg: wie geflüchtete Menschen mit Unterstützung ihrer Integrationsmanagerinnen und -manager ihren Weg in ein selbstständiges Leben finden.',
  feedTitle: 'Geschichten aus dem Integrationsmanagement – Landkreis Ludwigsburg',
  feedPath: '/rss.xml',
  /** How many stories the home page and the feed carry. */
  homeLimit: 10,
  feedLimit: 50,
} as const;

/**
 * The feed's item id for a story. It names the story's id, not its URL, so it
 * survives edits of the title, a change of domain and any future URL scheme
 * (RFC 4151 tag URI; the authority is the county's domain, the date the year
 * the programme started).
 */
export function storyGuid(id: string): string {
  return `tag:landkreis-ludwigsburg.de,2018:integrationsmanagement/geschichte/${id}`;
}

export function storyPath(slug: string): string {
  return `/geschichten/${encodeURIComponent(slug)}/`;
}

/** Press releases: where they live and what their feeds are called. */
export const RELEASES = {
  path: '/pressemitteilungen/',
  title: 'Pressemitteilungen',
  feedTitle: 'Pressemitteilungen – Integrationsmanagement im Landkreis Ludwigsburg',
  description: 'Pressemitteilungen des Landratsamts Ludwigsburg und der Träger zum Integrationsmanagement im Landkreis Ludwigsburg.',
  /** How many releases each feed carries, newest first. */
  feedLimit: 50,
  /** How many the overview page lists before pointing to the yearly archive. */
  listLimit: 20,
  /** How many the home page shows. */
  homeLimit: 3,
} as const;

/** The three formats every release feed comes in, side by side under one base path. */
export interface FeedSet {
  rss: string;
  atom: string;
  json: string;
}

export function feedsOf(base: string): FeedSet {
  return { rss: `${base}feed.xml`, atom: `${base}atom.xml`, json: `${base}feed.json` };
}

/**
 * The feed id of a release (RFC 4151 tag URI from its id, like the stories'): the
 * same in RSS, Atom and JSON Feed, and unchanged by corrections, a new slug or a new domain.
 */
export function releaseGuid(id: string): string {
  return `tag:landkreis-ludwigsburg.de,2018:integrationsmanagement/pressemitteilung/${id}`;
}

export const releasePath = (slug: string) => `${RELEASES.path}${encodeURIComponent(slug)}/`;
export const releaseYearPath = (year: number) => `${RELEASES.path}${year}/`;
export const TOPICS_PATH = '/themen/';
export const PARTNERS_PATH = '/traeger/';
export const topicPath = (id: string) => `${TOPICS_PATH}${id}/`;
export const partnerPath = (id: string) => `${PARTNERS_PATH}${id}/`;
/** Originals of the media library, byte for byte: downloads and feed enclosures. */
export const mediaPath = (file: string) => `/medien/${file}`;
export const SEARCH_PATH = '/suche/';
export const PRESS_PATH = '/presse/';
export const CONTACTS_PATH = '/presse/kontakt/';
/** Every photo of the public press releases, full size for download. */
export const PRESS_MEDIA_PATH = '/presse/medien/';
