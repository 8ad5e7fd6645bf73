import { renderMarkdown } from '@newsroom/domain/markdown.ts';

// Dates are shown as the county's readers see them, independent of the build machine's zone.
const dateFormat = new Intl.DateTimeFormat('de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' });

/** "12. März 2025" */
export function germanDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/**
 * A story body as HTML, through the one renderer for untrusted text (raw HTML off).
 * The page's title is the only h1, so the body's top heading level becomes h2 and
 * the rest keep their distance to it. The tags are markdown-it's own (authors'
 * tags arrive escaped), so matching them is exact.
 */
export function storyBodyHtml(markdown: string): string {
  const html = renderMarkdown(markdown);
  const levels = [...html.matchAll(/<h([1-6])>/g)].map((m) => Number(m[1]));
  if (levels.length === 0) return html;
  const shift = 2 - Math.min(...levels);
  return html.replace(/<(\/?)h([1-6])>/g, (_m, slash: string, level: string) => `<${slash}h${Math.min(Math.max(Number(level) + shift, 2), 6)}>`);
}
