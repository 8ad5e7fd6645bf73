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
