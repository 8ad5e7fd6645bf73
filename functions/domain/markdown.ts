import MarkdownIt from 'markdown-it';

/**
 * The one Markdown renderer for untrusted text (story bodies), used by the public
 * site and the editor's preview alike. CommonMark with raw HTML off: tags a partner
 * types are escaped, never passed through; markdown-it's link validator drops
 * `javascript:`, `vbscript:` and non-image `data:` URLs.
 */
const md = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false });

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const href = String(tokens[idx]!.attrGet('href') ?? '');
  if (/^https?:\/\//i.test(href)) tokens[idx]!.attrSet('rel', 'noopener noreferrer nofollow');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(source: string): string {
  return md.render(source);
}

/** Plain text of a Markdown body, for feed descriptions and word counts. */
export function markdownToText(source: string): string {
  return renderMarkdown(source)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}
