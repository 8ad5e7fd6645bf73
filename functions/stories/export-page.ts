import { createHash } from 'node:crypto';
import type { personExport } from '@newsroom/domain/erasure.ts';

const escapeHtml = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const row = (label: string, value: unknown) =>
  `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(Array.isArray(value) ? value.join(', ') : value)}</td></tr>`;

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}th{text-align:left;padding-right:1rem;vertical-align:top}table{margin-bottom:1rem}pre{white-space:pre-wrap}';

/**
 * The page holds one person's data and is opened from the API's origin: it may load
 * nothing, run nothing, be framed by nobody and send nothing anywhere. Its one style
 * block is allowed by its hash; `sandbox` gives it an opaque origin, so even markup
 * that slipped past the escaping could not read anything of the API's origin.
 */
export const EXPORT_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  'sandbox',
].join('; ');

/** The Art. 15 export as a plain, printable German page (everything escaped, no script). */
export function exportPage(data: NonNullable<ReturnType<typeof personExport>>): string {
  const consents = data.consents
    .map(
      (c) =>
        `<section><h3>Einwilligung, Version ${c.version}</h3><table>${[
          row('Erteilt am', c.date),
          row('Gültig bis', c.validUntil),
          row('Erteilt von', c.givenBy === 'person' ? 'der Person selbst' : `${c.guardianCount ?? ''} Sorgeberechtigten`),
          row('Sprache', c.language),
          row('Mit Dolmetschung', c.interpreter ? 'ja' : 'nein'),
          row('Formular', c.formReference),
          row('Kanäle', c.scope.channels),
          row('Nennung', c.scope.naming),
          row('Fotos', c.scope.photos),
          row('Details', c.scope.details),
          row('Erfasst am', c.recordedAt),
          row('Widerruf', c.withdrawal ? `${c.withdrawal.date} (${c.withdrawal.receivedVia})` : 'nein'),
        ].join('')}</table></section>`,
    )
    .join('');
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Auskunft nach Art. 15 DSGVO – ${escapeHtml(data.person.label)}</title>
<style>${STYLE}</style></head>
<body><h1>Auskunft nach Art. 15 DSGVO</h1><p>${escapeHtml(data.note)}</p><p>Erstellt am ${escapeHtml(data.exportedAt)}.</p>
<h2>Die Person</h2><table>${row('Bezeichnung', data.person.label)}${row('Rolle in der Geschichte', data.person.role)}${row('Altersgruppe', data.person.ageGroup)}${row('Nennung in der Geschichte', data.person.shownInStory.naming)}${row('Fotos', data.person.shownInStory.photos)}${row('Gezeigte Details', data.person.shownInStory.details)}</table>
<h2>Die Geschichte</h2><table>${row('Titel', data.story.title)}${row('Anreißer', data.story.teaser)}${row('Status', data.story.status)}${row('Gemeinde', data.story.municipality)}${row('Kanäle', data.story.channels)}${row('Veröffentlicht am', data.story.publishedAt)}</table>
<h3>Text</h3><pre>${escapeHtml(data.story.body)}</pre>
${
  data.revision
    ? `<h2>Überarbeitung, noch nicht veröffentlicht</h2><table>${row('Titel', data.revision.title)}${row('Anreißer', data.revision.teaser)}${row('Status', data.revision.status)}${row('Begonnen am', data.revision.startedAt)}</table>
<h3>Text der Überarbeitung</h3><pre>${escapeHtml(data.revision.body)}</pre>`
    : ''
}
<h2>Fotos, auf denen die Person zu sehen ist</h2>${
    data.photos.length
      ? `<ul>${data.photos.map((p) => `<li>${escapeHtml(p.alt)} (${p.recognisable ? 'erkennbar' : 'nicht erkennbar'}; ${escapeHtml(p.credit)}${p.inRevisionOnly ? '; nur in der Überarbeitung' : ''})</li>`).join('')}</ul>`
      : '<p>Keine.</p>'
  }
<h2>Einwilligungen</h2>${consents || '<p>Keine.</p>'}
<h2>Verlauf</h2><ul>${data.history.map((h) => `<li>${escapeHtml(h.at)}: ${escapeHtml(h.action)}${h.to ? ` → ${escapeHtml(h.to)}` : ''}</li>`).join('')}</ul></body></html>`;
}
