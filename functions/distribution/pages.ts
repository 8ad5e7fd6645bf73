import { createHash } from 'node:crypto';
import { escapeHtml } from '@newsroom/domain/mail.ts';
import { TOPICS, type TopicId } from '@newsroom/domain/topics.ts';
import type { Result } from '@newsroom/http/handler.ts';
import { HttpError, json, problem } from '@newsroom/http/problem.ts';

/**
 * The pages a journalist reaches from the sign-up form and the links in a mail: plain
 * German HTML that works without JavaScript, readable on a phone and in dark mode. A
 * client that asks for JSON (and not for a page) gets the same title and message as JSON.
 */

const STYLE = [
  'body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#f4f4f2;color:#1a1a1a}',
  'main{max-width:36rem;margin:0 auto;padding:2rem 1.25rem;background:#fff;min-height:100vh;box-sizing:border-box}',
  'h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}',
  'a{color:#0b4f8a}',
  'button{font:inherit;padding:.6rem 1.2rem;border:2px solid #0b4f8a;border-radius:.3rem;background:#0b4f8a;color:#fff;cursor:pointer}',
  'button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid #b35c00;outline-offset:2px}',
  'fieldset{border:1px solid #8a8a86;border-radius:.3rem;margin:0 0 1rem;padding:.5rem 1rem}',
  'label{display:block;padding:.25rem 0}',
  '.problems{border-left:4px solid #a3140f;background:#fbeaea;color:#5c0b08;padding:.5rem 1rem}',
  '@media (prefers-color-scheme:dark){body{background:#121212;color:#ececec}main{background:#1c1c1c}a{color:#8cc4ff}button{background:#8cc4ff;border-color:#8cc4ff;color:#121212}.problems{background:#3a1514;color:#ffd7d4}}',
].join('');

const CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

export interface Page {
  status: number;
  title: string;
  message: string;
  /** More of the page, already HTML (forms, lists). */
  html?: string;
}

const wantsJson = (accept: string | undefined) => Boolean(accept?.includes('application/json') && !accept.includes('text/html'));

export function pageResult(page: Page, accept: string | undefined): Result {
  if (wantsJson(accept))
    return page.status >= 400 ? problem(new HttpError(page.status, page.title, page.message)) : json(page.status, { title: page.title, message: page.message });
  const body = [
    '<!doctype html>',
    '<html lang="de">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex"><meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(page.title)} – Presseverteiler Integrationsmanagement</title><style>${STYLE}</style></head>`,
    '<body><main>',
    `<h1>${escapeHtml(page.title)}</h1>`,
    `<p>${escapeHtml(page.message)}</p>`,
    page.html ?? '',
    '</main></body></html>',
  ].join('\n');
  return {
    statusCode: page.status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CSP,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-robots-tag': 'noindex',
    },
    body,
  };
}

/** A form that posts to the page's own address: one button, nothing else to fill in. */
export const buttonForm = (label: string) => `<form method="post"><button type="submit">${escapeHtml(label)}</button></form>`;

export const problemList = (problems: readonly string[]) =>
  `<div class="problems" role="alert"><ul>${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></div>`;

export const link = (href: string, label: string) => `<p><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></p>`;

export function topicsForm(chosen: readonly TopicId[]): string {
  return [
    '<form method="post">',
    '<fieldset><legend>Ihre Themen</legend>',
    ...TOPICS.map(
      (t) => `<label><input type="checkbox" name="thema" value="${t.id}"${chosen.includes(t.id) ? ' checked' : ''}> ${escapeHtml(t.label)}</label>`,
    ),
    '</fieldset>',
    '<p>Ohne Thema erhalten Sie die Pressemitteilungen, die an alle Kontakte gehen.</p>',
    '<button type="submit">Themen speichern</button>',
    '</form>',
  ].join('\n');
}

export const INVALID_LINK: Page = {
  status: 404,
  title: 'Link ungültig',
  message: 'Dieser Link ist ungültig oder gehört zu keiner Adresse im Presseverteiler (mehr). Bitte prüfen Sie, ob er vollständig kopiert wurde.',
};
