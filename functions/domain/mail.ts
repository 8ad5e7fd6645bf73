import * as z from 'zod/mini';

/**
 * One mail to one recipient, as it travels from an operation through the queue to the
 * sender (functions/mail): already rendered, so the sender only delivers. `key` is the
 * idempotency key (the event and the recipient): the sender delivers each key once,
 * however often the queue hands it over.
 */
export const MailMessage = z.object({
  key: z.string().check(z.minLength(1), z.maxLength(400)),
  to: z.string().check(z.minLength(3), z.maxLength(254)),
  subject: z.string().check(z.minLength(1), z.maxLength(300)),
  text: z.string(),
  html: z.string(),
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers: z.optional(z.record(z.string(), z.string())),
});
export type MailMessage = z.infer<typeof MailMessage>;

/** Lower-cased and trimmed: the suppression list and the idempotency keys compare addresses this way. */
export const normalizeAddress = (address: string) => address.trim().toLowerCase();

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A part of a mail's body, rendered to both HTML and plain text by `renderMail`. */
export type MailBlock =
  | { kind: 'paragraph'; text: string }
  /** Said first and prominently (the embargo line). */
  | { kind: 'alert'; text: string }
  | { kind: 'link'; label: string; href: string }
  | { kind: 'facts'; rows: { label: string; value: string }[] }
  /** Already rendered HTML from the one Markdown renderer (functions/domain/markdown.ts), with its plain text. */
  | { kind: 'markdown'; html: string; text: string }
  | { kind: 'heading'; text: string };

export interface MailContent {
  subject: string;
  /** The first words a mail client shows in its list, hidden in the body. */
  preheader?: string;
  heading: string;
  blocks: MailBlock[];
  /** Why the recipient gets this mail and how to change that: the footer. */
  footer: MailBlock[];
}

const blockHtml = (b: MailBlock): string => {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'alert':
      return `<p class="alert"><strong>${escapeHtml(b.text)}</strong></p>`;
    case 'heading':
      return `<h2>${escapeHtml(b.text)}</h2>`;
    case 'link':
      return `<p><a href="${escapeHtml(b.href)}">${escapeHtml(b.label)}</a></p>`;
    case 'facts':
      return `<dl>${b.rows.map((r) => `<dt>${escapeHtml(r.label)}</dt><dd>${escapeHtml(r.value)}</dd>`).join('')}</dl>`;
    case 'markdown':
      return `<div class="body">${b.html}</div>`;
  }
};

const blockText = (b: MailBlock): string => {
  switch (b.kind) {
    case 'paragraph':
    case 'alert':
      return b.text;
    case 'heading':
      return `${b.text}\n${'-'.repeat(Math.min(b.text.length, 72))}`;
    case 'link':
      return `${b.label}:\n${b.href}`;
    case 'facts':
      return b.rows.map((r) => `${r.label}: ${r.value}`).join('\n');
    case 'markdown':
      return b.text;
  }
};

/**
 * Light and dark by the reader's setting, system fonts, one column that fits a phone;
 * clients that drop the style block still get readable, linked text.
 */
const STYLE = `
body{margin:0;padding:0;background:#f4f4f2;color:#1a1a1a;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.wrap{max-width:40rem;margin:0 auto;padding:1.5rem 1rem;background:#ffffff}
h1{font-size:1.4rem;line-height:1.3;margin:0 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
a{color:#0b4f8a;text-decoration:underline}
.alert{border-left:4px solid #a3140f;padding:.5rem .75rem;background:#fbeaea;color:#5c0b08}
dl{margin:0 0 1rem}dt{font-weight:bold}dd{margin:0 0 .5rem}
.footer{margin-top:2rem;border-top:1px solid #c8c8c4;padding-top:1rem;font-size:.9rem;color:#3d3d3a}
.pre{display:none;max-height:0;overflow:hidden}
@media (prefers-color-scheme:dark){
body{background:#121212;color:#ececec}.wrap{background:#1c1c1c}a{color:#8cc4ff}
.alert{background:#3a1514;color:#ffd7d4;border-left-color:#ff8a80}.footer{color:#c8c8c4;border-top-color:#4a4a48}}
`.trim();

/** The one layout of every mail: German, real text, the same content as HTML and as plain text. */
export function renderMail(content: MailContent): { subject: string; html: string; text: string } {
  const html = [
    '<!doctype html>',
    '<html lang="de">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">',
    `<title>${escapeHtml(content.subject)}</title><style>${STYLE}</style></head>`,
    '<body>',
    content.preheader ? `<div class="pre">${escapeHtml(content.preheader)}</div>` : '',
    '<div class="wrap" role="article" aria-roledescription="E-Mail" lang="de">',
    `<h1>${escapeHtml(content.heading)}</h1>`,
    ...content.blocks.map(blockHtml),
    `<div class="footer">${content.footer.map(blockHtml).join('')}</div>`,
    '</div></body></html>',
  ].join('\n');
  const text = [content.heading, '', ...content.blocks.flatMap((b) => [blockText(b), '']), '-- ', ...content.footer.flatMap((b) => [blockText(b), ''])]
    .join('\n')
    .trimEnd();
  return { subject: content.subject, html, text: `${text}\n` };
}
