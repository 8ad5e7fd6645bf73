import { createHash } from 'node:crypto';
import { longGermanDateTime } from '@newsroom/domain/berlin-time.ts';
import { type PreviewLink, previewPath, previewState } from '@newsroom/domain/preview.ts';
import type { Release } from '@newsroom/domain/release.ts';
import { type Story, textInWork } from '@newsroom/domain/story.ts';
import type { SiteContent } from '@newsroom/site-contract/render-pass.ts';
import { SITE_CSP } from '@newsroom/site-contract/security-headers.ts';
import type { Db } from '@newsroom/store/client.ts';
import { getOrganisationSettings } from '@newsroom/store/organisation.ts';
import { photoFiles } from '@newsroom/store/photo-files.ts';
import { previewLinkByToken } from '@newsroom/store/previews.ts';
import { getRelease } from '@newsroom/store/releases.ts';
import { publishedSnapshots } from '@newsroom/store/statistics.ts';
import { getStoryItem } from '@newsroom/store/stories.ts';
import type { SiteRenderer } from './renderer.ts';

/**
 * The preview of a story or press release: its page exactly as the public site would
 * render it now, made by the publisher's own renderer in a render pass of its own, in
 * which the item's current text (a pending revision's, for a published story) counts
 * as published. Nothing of that pass is written anywhere: no page, sitemap, feed or
 * search index ever sees it.
 *
 * Consent: the page is the site's own projection (toPublicStory, toPublicRelease) of
 * that text, checked against the people's current consents as at publication. Where the
 * site would show nothing (no consent yet, a consent that does not cover the website,
 * a withdrawal, incomplete text, a release held back for a withdrawn story), the preview
 * shows nothing of the item either, only that it cannot appear: a preview link leaves
 * the system, so it must not show more than the people agreed to be shown to the public.
 * Photos follow the same projection: only the files of photos the page shows are served.
 */

export interface PreviewResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** `path` is what follows `/vorschau/`: `<token>/`, or `<token>/bilder/<photo>/<file>` and `<token>/_astro/<image>` for the page's pictures. */
export interface PreviewOptions {
  /**
   * Whether image variants the page's pictures need are made here (locally: a build has only
   * the variants its pages use) or already on the site (AWS: the deployment uploads them all).
   */
  imageVariants: boolean;
}

export async function previewResponse(
  renderer: SiteRenderer,
  db: Db,
  path: string,
  now: Date,
  opts: PreviewOptions = { imageVariants: true },
): Promise<PreviewResponse> {
  const [token = '', ...rest] = path.split('/');
  const file = rest.join('/');
  const link = /^[A-Za-z0-9_-]{43}$/.test(token) ? await previewLinkByToken(token, db) : undefined;
  if (!link) return notice(renderer, db, now, 404, 'Diesen Vorschau-Link gibt es nicht', 'Bitte prüfen Sie, ob Sie den Link vollständig übernommen haben.');
  if (previewState(link, now) !== 'active')
    return notice(
      renderer,
      db,
      now,
      410,
      'Dieser Vorschau-Link gilt nicht mehr',
      'Er ist abgelaufen oder wurde widerrufen. Bitte fragen Sie bei der Person nach, die Ihnen den Link geschickt hat.',
    );
  const subject = await previewSubject(link, db, now);
  if (!subject) return notice(renderer, db, now, 410, 'Diese Vorschau gibt es nicht mehr', 'Der Beitrag wurde gelöscht.');

  const pass = renderer.pass(now, subject.content);
  const paths = await pass.paths();
  if (!paths.has(subject.page)) {
    return notice(
      renderer,
      db,
      now,
      200,
      'Diese Fassung kann so nicht erscheinen',
      'Die Vorschau zeigt nur, was die Website zeigen würde. Diese Fassung ist noch unvollständig, oder die Einwilligungen der beteiligten Menschen decken sie auf der Website nicht ab. Deshalb zeigt die Vorschau nichts davon.',
      link,
    );
  }
  const page = await pass.render(subject.page);
  if (file === '') {
    const html = rewritePage(page.body.toString('utf8'), token, link, new Set(opts.imageVariants ? pass.images().map((v) => encodeURI(v.finalPath)) : []));
    return { status: 200, headers: headers('text/html; charset=utf-8'), body: Buffer.from(html) };
  }
  // A picture of the page: a story photo only while this page's projection shows it (the site's own photo route decides), a library image only as this page uses it.
  if (/^bilder\/[\w-]+\/[\w.-]+$/.test(file) && paths.has(`/${file}`)) {
    const image = await pass.render(`/${file}`);
    if (image.status === 200) return { status: 200, headers: headers(imageType(file)), body: image.body };
  }
  const variant = opts.imageVariants ? pass.images().find((v) => v.finalPath === `/${file}`) : undefined;
  if (variant) return { status: 200, headers: headers(imageType(file)), body: await renderer.transformImage(variant) };
  return { status: 404, headers: headers('text/plain; charset=utf-8'), body: Buffer.from('Nicht gefunden') };
}

interface Subject {
  page: string;
  content: SiteContent;
}

/** The item as if published now, in a content source that holds nothing else the page could show. */
async function previewSubject(link: PreviewLink, db: Db, now: Date): Promise<Subject | undefined> {
  const base = {
    gonePaths: async () => [],
    photoFile: (file: string) => photoFiles().get(file),
    organisationSettings: () => getOrganisationSettings(db),
  };
  if (link.kind === 'story') {
    const story = await getStoryItem(link.itemId, db);
    if (!story || story.erasedAt) return undefined;
    const shown: Story = { ...textInWork(story), status: 'published', publishedAt: story.publishedAt ?? now.toISOString() };
    return {
      page: `/geschichten/${story.slug}`,
      content: {
        ...base,
        stories: async (status) => (status === 'published' ? [shown] : []),
        releases: async () => [],
        publishedSnapshots: async () => [],
      },
    };
  }
  const release = await getRelease(link.itemId, db);
  if (!release) return undefined;
  // Public from the end of its embargo on, as the site would show it then; a hold for a withdrawn story stays.
  const { embargoAt, takedownAt: _t, ...rest } = release;
  const shown: Release = { ...rest, status: 'published', publishedAt: release.publishedAt ?? embargoAt ?? now.toISOString() };
  if (Date.parse(shown.publishedAt!) > now.getTime()) shown.publishedAt = now.toISOString();
  const featured = (await Promise.all(release.featuredStoryIds.map((id) => getStoryItem(id, db)))).filter(
    (s): s is Story => s !== undefined && s.status === 'published',
  );
  return {
    page: `/pressemitteilungen/${release.slug}`,
    content: {
      ...base,
      stories: async (status) => (status === 'published' ? featured : []),
      releases: async (status) => (status === 'published' ? [shown] : []),
      publishedSnapshots: () => (release.statisticsSnapshotId ? publishedSnapshots(db) : Promise.resolve([])),
    },
  };
}

/** The banner's look: a style block of its own, allowed by its hash in this response's policy alone. */
const BANNER_STYLE =
  '.preview-banner{position:sticky;top:0;z-index:100;margin:0;padding:.75rem 1rem;background:#7a1f00;color:#fff;border-bottom:4px solid #ffd166;font:600 1rem/1.4 system-ui,sans-serif;text-align:center}.preview-banner strong{font-size:1.125rem}';
const STYLE_HASH = createHash('sha256').update(BANNER_STYLE).digest('base64');

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function banner(link: PreviewLink | undefined): string {
  const until = link ? ` Dieser Link gilt bis ${escapeHtml(longGermanDateTime(new Date(link.expiresAt)))}.` : '';
  return `<aside class="preview-banner" aria-label="Hinweis zur Vorschau" data-preview-banner><strong>Vorschau – nicht veröffentlicht</strong><br>So würde die Seite auf der Website aussehen.${until}</aside>`;
}

/**
 * The page as the site renders it, marked as a preview and kept out of search engines. Its
 * pictures the live site may not have yet are served under the link: the item's photos and
 * the image variants made for this page (`variants`); the site's own files stay where they are.
 */
function rewritePage(html: string, token: string, link: PreviewLink | undefined, variants: ReadonlySet<string>): string {
  const base = previewPath(token).replace(/\/$/, '');
  return markPage(html, banner(link)).replace(/(["\s,])(\/(?:bilder\/[\w-]+\/[\w.-]+|_astro\/[^"\s,]+))/g, (whole, before: string, file: string) =>
    file.startsWith('/bilder/') || variants.has(file) ? `${before}${base}${file}` : whole,
  );
}

function markPage(html: string, bannerHtml: string): string {
  return html
    .replace(/<meta name="robots"[^>]*>/g, '')
    .replace(/<head>/, `<head><meta name="robots" content="noindex, nofollow"><style>${BANNER_STYLE}</style>`)
    .replace(/<body([^>]*)>/, `<body$1>${bannerHtml}`);
}

/** The site's 404 page with the preview's own message in place of its content. */
async function notice(renderer: SiteRenderer, db: Db, now: Date, status: number, title: string, text: string, link?: PreviewLink): Promise<PreviewResponse> {
  const pass = renderer.pass(now, emptyContent(db));
  const page = (await pass.render('/404')).body.toString('utf8');
  const main = `<div class="page"><h1>${escapeHtml(title)}</h1><p class="lead">${escapeHtml(text)}</p><p><a href="/">Zur Startseite</a></p></div>`;
  const html = markPage(
    page.replace(/(<main[^>]*>)[\s\S]*?(<\/main>)/, `$1${main}$2`).replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`),
    link ? banner(link) : '',
  );
  return { status, headers: headers('text/html; charset=utf-8'), body: Buffer.from(html) };
}

const emptyContent = (db: Db): SiteContent => ({
  stories: async () => [],
  releases: async () => [],
  publishedSnapshots: async () => [],
  gonePaths: async () => [],
  photoFile: async () => undefined,
  organisationSettings: () => getOrganisationSettings(db),
});

function headers(type: string): Record<string, string> {
  return {
    'content-type': type,
    // A preview is nobody's to keep: not a search engine's, not a cache's, and its address (the token) goes to no other site.
    'x-robots-tag': 'noindex, nofollow',
    'cache-control': 'private, no-store',
    'referrer-policy': 'no-referrer',
    'content-security-policy': SITE_CSP.replace("style-src 'self'", `style-src 'self' 'sha256-${STYLE_HASH}'`),
    'x-content-type-options': 'nosniff',
  };
}

const imageType = (file: string) =>
  ({ webp: 'image/webp', avif: 'image/avif', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', svg: 'image/svg+xml' })[
    file.slice(file.lastIndexOf('.') + 1)
  ] ?? 'application/octet-stream';
