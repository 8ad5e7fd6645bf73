import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Release } from '@newsroom/domain/release.ts';
import type { Story } from '@newsroom/domain/story.ts';
import { unsafeCharacter } from '@newsroom/domain/text.ts';
import { type EmbeddedStore, startDynalite } from '@newsroom/infra-local/dynalite.ts';
import { seedOrganisationSettings } from '@newsroom/infra-local/seed-organisation.ts';
import { type StaticServer, serveStatic } from '@newsroom/infra-local/static-server.ts';
import { processUpload } from '@newsroom/operations/photo-processing.ts';
import { createIncrementalPublisher, type IncrementalPublisher } from '@newsroom/publish/incremental.ts';
import { configure } from '@newsroom/runtime/config.ts';
import { SEARCH_CSP, SITE_CSP } from '@newsroom/site-contract/security-headers.ts';
import { photoFiles } from '@newsroom/store/photo-files.ts';
import { putNewPhoto } from '@newsroom/store/photos.ts';
import { getRelease, putNewRelease, updateRelease } from '@newsroom/store/releases.ts';
import { putNewStory } from '@newsroom/store/stories.ts';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consented, consentFor } from '../fixtures/consent.ts';
import { xmlProblems } from '../fixtures/strict-xml.ts';

/**
 * The newsroom as journalists and search engines see it, built by the publisher from a
 * store with releases in every state: what is public appears in every feed format, the
 * sitemaps and the search index with stable ids and correct dates; what is embargoed,
 * taken down or cancelled appears nowhere. Two builds: before and after a correction
 * (and the end of an embargo).
 */

const SITE_URL = 'https://integration.example.org';
const TAG = 'tag:landkreis-ludwigsburg.de,2018:integrationsmanagement/pressemitteilung/';
const DAY = 86_400_000;
const now = Date.now();
const iso = (offsetDays: number) => new Date(now + offsetDays * DAY).toISOString();

function story(over: Partial<Story> & Pick<Story, 'id' | 'slug' | 'title'>): Story {
  const at = '2025-03-01T08:00:00.000Z';
  return {
    partner: 'caritas',
    status: 'published',
    version: 1,
    authorId: 'manager-1',
    authorName: 'Test',
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    audit: [{ at, by: 'manager-1', byName: 'Test', action: 'create', to: 'draft' }],
    teaser: 'Eine Familie hat nach langer Suche eine eigene Wohnung in Asperg gefunden.',
    municipality: 'Asperg',
    topics: ['wohnen'],
    body: 'Drei Jahre lang hat die Familie gesucht, jede Woche eine Bewerbung geschrieben und nie aufgegeben.',
    ...consented,
    ...over,
  };
}

// Plain text that looks like markup, and a control character stored before the API refused them.
const TEASER = 'Eine Familie hat nach langer Suche <b>endlich</b> &amp; froh eine eigene Wohnung in Asperg gefunden.';
const storyOk = story({ id: 'story00001', slug: 'eine-wohnung-in-asperg', title: 'Eine Wohnung\u0001 in Asperg', teaser: TEASER });
// Still "published" (the takedown cascade has not run), but the person withdrew: render time must catch it.
const storyWithdrawn = story({
  id: 'story00002',
  slug: 'widerrufene-geschichte',
  title: 'Widerrufene Geschichte aus Tamm',
  consents: [consentFor(), consentFor('A', { version: 2, recordedAt: '2025-03-05T10:00:00.000Z', withdrawal: { date: '2025-03-05', receivedVia: 'letter' } })],
});

const audit = (steps: [string, Release['status']][]) =>
  steps.map(([at, to]) => ({ at, by: 'press-1', byName: 'Pressestelle Test', action: to === 'draft' ? 'create' : 'transition', to }));

function release(over: Partial<Release> & Pick<Release, 'id' | 'headline' | 'status'>): Release {
  const at = '2025-03-01T08:00:00.000Z';
  return {
    slug: `${over.headline.toLowerCase().replace(/[^a-z]+/g, '-')}-${over.id}`,
    partner: 'caritas',
    version: 1,
    authorId: 'manager-1',
    authorName: 'Test',
    lastEditorId: 'manager-1',
    createdAt: at,
    updatedAt: at,
    datelinePlace: 'Ludwigsburg',
    lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg begleitet geflüchtete Familien bei der Suche nach einer eigenen Wohnung.',
    body: '## Hintergrund\n\nSeit 2018 begleiten Integrationsmanagerinnen und -manager Menschen auf dem Weg in ein selbstständiges Leben. Mehr dazu [auf der Themenseite](/themen/wohnen/).',
    quotes: [
      {
        text: 'Eine eigene Wohnung verändert alles für eine Familie.',
        name: 'Julia Neumann',
        function: 'Pressesprecherin',
        organisation: 'Landratsamt Ludwigsburg',
      },
    ],
    contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '+49 7141 555-0100', email: 'presse@landkreis-ludwigsburg.example' }],
    topics: ['wohnen'],
    partners: ['caritas', 'lra'],
    featuredStoryIds: [],
    photos: [],
    corrections: [],
    notices: [],
    audit: audit([[at, 'draft']]),
    ...over,
  };
}

const PUBLISHED_AT = '2025-03-12T09:30:00.000Z';
const PHOTO_ID = 'feedfoto0001';
const LEAD = 'Das Integrationsmanagement begleitet Familien bei der Suche nach einer Wohnung: <img src=x onerror=alert(1)> &lt;i&gt;';
const published = release({
  id: 'rel0000001',
  headline: 'Familien finden eine eigene Wohnung',
  status: 'published',
  publishedAt: PUBLISHED_AT,
  lead: `${LEAD}\u0007`,
  subline: 'Unterzeile mit\u202E Richtungswechsel',
  featuredStoryIds: [storyOk.id],
  photos: [
    {
      id: PHOTO_ID,
      alt: 'Zeichnung einer Wohnungstür mit einem Schlüssel davor.',
      credit: 'Demo-Illustration',
      licence: 'Frei für die Berichterstattung, mit Quellenangabe.',
      focal: { x: 0.5, y: 0.5 },
      persons: [],
      noPerson: true,
      // The illustration is 1600 × 1067 pixels: processed in beforeAll, as an upload for this release.
      width: 1600,
      height: 1067,
    },
  ],
  audit: audit([
    ['2025-03-01T08:00:00.000Z', 'draft'],
    [PUBLISHED_AT, 'published'],
  ]),
});
const withWithdrawnStory = release({
  id: 'rel0000002',
  headline: 'Arbeit und Ausbildung im Handwerk',
  status: 'published',
  publishedAt: '2025-04-02T08:00:00.000Z',
  topics: ['arbeit'],
  partners: ['drk'],
  featuredStoryIds: [storyOk.id, storyWithdrawn.id],
  audit: audit([
    ['2025-03-01T08:00:00.000Z', 'draft'],
    ['2025-04-02T08:00:00.000Z', 'published'],
  ]),
});
const embargoAt = iso(30);
const embargoed = release({
  id: 'rel0000003',
  headline: 'Sperrfrist noch nicht abgelaufen',
  status: 'scheduled',
  publishedAt: embargoAt,
  embargoAt,
  audit: audit([
    ['2025-03-01T08:00:00.000Z', 'draft'],
    [iso(-1), 'scheduled'],
  ]),
});
const takenDown = release({
  id: 'rel0000004',
  headline: 'Zurückgezogene Meldung zum Wohnen',
  status: 'unpublished',
  publishedAt: '2025-02-01T10:00:00.000Z',
  audit: audit([
    ['2025-01-30T08:00:00.000Z', 'draft'],
    ['2025-02-01T10:00:00.000Z', 'published'],
    ['2025-02-10T10:00:00.000Z', 'unpublished'],
  ]),
});
// Cancelled during its embargo: never public, so its address (with its headline) must not even be listed as gone.
const cancelled = release({
  id: 'rel0000005',
  headline: 'Abgesagt vor der Sperrfrist',
  status: 'unpublished',
  publishedAt: iso(10),
  embargoAt: iso(10),
  audit: audit([
    ['2025-03-01T08:00:00.000Z', 'draft'],
    [iso(-2), 'scheduled'],
    [iso(-1), 'unpublished'],
  ]),
});
// Past its takedown time, but the scheduler has not switched it yet: the build must not show it.
const pastTakedown = release({
  id: 'rel0000006',
  headline: 'Geplantes Ende erreicht',
  status: 'published',
  publishedAt: '2025-01-10T10:00:00.000Z',
  takedownAt: iso(-1),
  audit: audit([
    ['2025-01-09T08:00:00.000Z', 'draft'],
    ['2025-01-10T10:00:00.000Z', 'published'],
  ]),
});

const hidden = [embargoed, takenDown, cancelled, pastTakedown];
const visible = [published, withWithdrawnStory];

let store: EmbeddedStore;
let root: string;
let publisher: IncrementalPublisher;
let server: StaticServer;
const dir = () => publisher.currentDir()!;
const read = (path: string) => readFile(join(dir(), path), 'utf8');
const pathOf = (r: Release) => `/pressemitteilungen/${r.slug}/`;

async function files(base: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(base, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}

/** The text of every indexed page in the Pagefind index (fragments are gzip with a marker). */
async function searchIndexText(): Promise<string> {
  const fragments = (await readdir(join(dir(), 'pagefind', 'fragment'))).map((f) => join(dir(), 'pagefind', 'fragment', f));
  return (await Promise.all(fragments.map(async (f) => gunzipSync(await readFile(f)).toString('utf8')))).join('\n');
}

interface JsonFeedItem {
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
  attachments?: { url: string; mime_type: string; size_in_bytes: number }[];
}

/** JSON Feed 1.1 shape checks (no library: JSON.parse and the spec's required fields). */
function jsonFeed(text: string): { items: JsonFeedItem[]; feed_url: string; home_page_url: string; version: string; title: string; language: string } {
  const feed = JSON.parse(text);
  expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
  expect(typeof feed.title).toBe('string');
  expect(Array.isArray(feed.items)).toBe(true);
  for (const item of feed.items) {
    expect(typeof item.id).toBe('string');
    expect(typeof item.content_html).toBe('string');
    expect(Number.isNaN(Date.parse(item.date_published))).toBe(false);
    expect(Number.isNaN(Date.parse(item.date_modified))).toBe(false);
    expect(item.url.startsWith(`${SITE_URL}/`)).toBe(true);
  }
  return feed;
}

/** Newest first. */
const FEEDS = [
  { name: 'all releases', base: 'pressemitteilungen/', expected: [withWithdrawnStory, published] },
  { name: 'topic Wohnen', base: 'themen/wohnen/', expected: [published] },
  { name: 'partner DRK', base: 'traeger/drk/', expected: [withWithdrawnStory] },
];

beforeAll(async () => {
  store = await startDynalite();
  await seedOrganisationSettings(store.db);
  for (const s of [storyOk, storyWithdrawn]) await putNewStory(s, store.db);
  for (const r of [...visible, ...hidden]) await putNewRelease(r, store.db);
  root = await mkdtemp(join(tmpdir(), 'newsroom-feeds-'));
  // The release's photo, uploaded and processed as the editor's upload is.
  const photoDir = join(root, 'photos');
  configure({ photos: { dir: photoDir } });
  await putNewPhoto(
    { id: PHOTO_ID, owner: { kind: 'release', id: published.id }, partner: 'caritas', state: 'awaiting-upload', createdAt: PUBLISHED_AT, createdBy: 'test' },
    store.db,
  );
  await photoFiles().putRaw(PHOTO_ID, await readFile('content/media/illustration-wohnungsschluessel.jpg'));
  const processed = await processUpload({ db: store.db, clock: { now: () => new Date() }, photos: photoFiles() }, PHOTO_ID, { keepRefusal: false });
  expect(processed.ok).toBe(true);
  publisher = createIncrementalPublisher({
    root,
    db: store.db,
    env: { DYNAMODB_ENDPOINT: store.endpoint, TABLE_NAME: store.db.tableName, AWS_REGION: 'eu-central-1', SITE_URL, PHOTO_DIR: photoDir },
    log: () => undefined,
  });
  server = await serveStatic({ root: () => publisher.currentDir(), notFoundPage: '404.html' });
  await publisher.request({ full: true, reason: 'test: first build' });
}, 90_000);

afterAll(async () => {
  await server?.close();
  await publisher?.close();
  await store?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the feeds after the first build', () => {
  for (const { name, base, expected } of FEEDS) {
    it(`RSS, Atom and JSON Feed of ${name} carry the same public releases with tag-URI ids`, async () => {
      const ids = expected.map((r) => `${TAG}${r.id}`);
      const rss = parseFeed(await read(`${base}feed.xml`));
      const atom = parseFeed(await read(`${base}atom.xml`));
      const json = jsonFeed(await read(`${base}feed.json`));
      expect(rss.items.map((i) => i.id)).toEqual(ids);
      expect(atom.items.map((i) => i.id)).toEqual(ids);
      expect(json.items.map((i) => i.id)).toEqual(ids);
      expect(rss.self).toBe(`${SITE_URL}/${base}feed.xml`);
      expect(atom.self).toBe(`${SITE_URL}/${base}atom.xml`);
      expect(json.feed_url).toBe(`${SITE_URL}/${base}feed.json`);
      expect(rss.language).toBe('de-de');
      expect(json.language).toBe('de-DE');
    });
  }

  it('dates: published is the public date, updated equals it before any correction', async () => {
    const rss = parseFeed(await read('pressemitteilungen/feed.xml')).items[0]!;
    const atom = parseFeed(await read('pressemitteilungen/atom.xml')).items[0]!;
    const json = jsonFeed(await read('pressemitteilungen/feed.json')).items[0]!;
    // Newest first: the release with the withdrawn story (April) before the other (March).
    expect(json.id).toBe(`${TAG}${withWithdrawnStory.id}`);
    for (const [p, u] of [
      [rss.published, rss.updated],
      [atom.published, atom.updated],
    ]) {
      expect(p?.toISOString()).toBe('2025-04-02T08:00:00.000Z');
      expect(u?.toISOString()).toBe('2025-04-02T08:00:00.000Z');
    }
    expect(json.date_published).toBe('2025-04-02T08:00:00.000Z');
    expect(json.date_modified).toBe('2025-04-02T08:00:00.000Z');
  });

  it('items have absolute links, authors, categories and the photo as enclosure with its size', async () => {
    // The largest processed JPEG, never the upload: the feeds carry only what processing made.
    const size = (await stat(join(root, 'photos', 'media', 'bilder', PHOTO_ID, '1280.jpg'))).size;
    const photoUrl = `${SITE_URL}/bilder/${PHOTO_ID}/1280.jpg`;
    const pageUrl = `${SITE_URL}${pathOf(published)}`;
    for (const format of ['feed.xml', 'atom.xml']) {
      const item = parseFeed(await read(`pressemitteilungen/${format}`)).items.find((i) => i.id === `${TAG}${published.id}`)!;
      expect(item.url).toBe(pageUrl);
      expect(item.title).toBe(published.headline);
      expect(item.authors.map((a) => a.name)).toContain('Julia Neumann');
      expect(item.categories.map((c) => c.label ?? c.term)).toEqual(['Wohnen']);
      expect(item.media).toEqual([expect.objectContaining({ url: photoUrl, length: size, mimeType: 'image/jpeg' })]);
      // Links inside the body are made absolute: a feed reader has no base address.
      expect(item.content).toContain(`href="${SITE_URL}/themen/wohnen/"`);
      expect(item.content).not.toMatch(/href="\/(?!\/)/);
    }
    const json = jsonFeed(await read('pressemitteilungen/feed.json')).items.find((i) => i.id === `${TAG}${published.id}`)!;
    expect(json.url).toBe(pageUrl);
    expect(json.authors).toEqual([{ name: 'Julia Neumann', url: 'mailto:presse@landkreis-ludwigsburg.example' }]);
    expect(json.tags).toEqual(['Wohnen']);
    expect(json.image).toBe(photoUrl);
    expect(json.attachments).toEqual([{ url: photoUrl, mime_type: 'image/jpeg', size_in_bytes: size, title: expect.stringContaining('Demo-Illustration') }]);
    const served = await fetch(photoUrl.replace(SITE_URL, server.url));
    expect(served.status).toBe(200);
    expect(Number(served.headers.get('content-length'))).toBe(size);
  });

  it('every feed is well-formed XML or JSON without forbidden characters, even from text stored before the rule', async () => {
    const xml = ['rss.xml', ...FEEDS.flatMap(({ base }) => [`${base}feed.xml`, `${base}atom.xml`])];
    for (const file of xml) expect(xmlProblems(await read(file)), file).toEqual([]);
    for (const { base } of FEEDS) {
      const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);
      expect(strings(JSON.parse(await read(`${base}feed.json`))).filter((t) => unsafeCharacter(t))).toEqual([]);
    }
    expect(parseFeed(await read('rss.xml')).items.map((i) => i.title)).toEqual(['Eine Wohnung in Asperg']);
  });

  it('RSS descriptions bring plain text to a reader as text, not markup', async () => {
    expect(parseFeed(await read('rss.xml')).items[0]!.description).toBe(TEASER);
    for (const { base, expected } of FEEDS) {
      if (!expected.includes(published)) continue;
      expect(parseFeed(await read(`${base}feed.xml`)).items.find((i) => i.id === `${TAG}${published.id}`)!.description).toBe(LEAD);
    }
  });

  it('the server sends each feed with its own media type', async () => {
    const types = await Promise.all(
      ['feed.xml', 'atom.xml', 'feed.json'].map(async (f) => (await fetch(`${server.url}/pressemitteilungen/${f}`)).headers.get('content-type')),
    );
    expect(types).toEqual(['application/rss+xml; charset=utf-8', 'application/atom+xml; charset=utf-8', 'application/feed+json; charset=utf-8']);
  });
});

describe('embargoed, taken-down and cancelled releases appear nowhere', () => {
  it('no page, no feed item, no sitemap entry, no search index entry, nothing in any built file', async () => {
    const texts = await Promise.all(
      (await files(dir()))
        .filter((f) => /\.(html|xml|json|txt)$/.test(f) && !f.endsWith('gone.json'))
        .map(async (f) => ({ file: relative(dir(), f), text: await readFile(f, 'utf8') })),
    );
    const index = await searchIndexText();
    for (const r of hidden) {
      expect(texts.filter((t) => t.text.includes(r.id) || t.text.includes(r.headline)).map((t) => t.file)).toEqual([]);
      expect(index).not.toContain(r.headline);
      expect(index).not.toContain(r.slug);
      expect((await fetch(`${server.url}${pathOf(r)}`)).status).not.toBe(200);
    }
    for (const r of visible) expect(index).toContain(`"url":"${pathOf(r)}"`);
  });

  it('a release that was public answers 410 Gone; one that never was (cancelled in its embargo) is not even listed', async () => {
    const gone = JSON.parse(await read('gone.json')) as { paths: string[] };
    expect(gone.paths).toEqual(expect.arrayContaining([pathOf(takenDown), pathOf(pastTakedown)]));
    expect(gone.paths).not.toContain(pathOf(embargoed));
    expect(gone.paths).not.toContain(pathOf(cancelled));
    const res = await fetch(`${server.url}${pathOf(takenDown)}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('Dieser Beitrag ist nicht mehr verfügbar');
    expect((await fetch(`${server.url}${pathOf(embargoed)}`)).status).toBe(404);
  });

  it('the sitemap index lists the section sitemaps; the releases sitemap has exactly the public ones with lastmod', async () => {
    const index = await read('sitemap.xml');
    const locs = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toEqual(
      expect.arrayContaining([`${SITE_URL}/sitemaps/pressemitteilungen.xml`, `${SITE_URL}/sitemaps/geschichten.xml`, `${SITE_URL}/sitemaps/seiten.xml`]),
    );
    const releases = await read('sitemaps/pressemitteilungen.xml');
    for (const r of visible) expect(releases).toContain(`<url><loc>${SITE_URL}${pathOf(r)}</loc><lastmod>${r.publishedAt}</lastmod></url>`);
    expect(releases).toContain(`<loc>${SITE_URL}/pressemitteilungen/2025/</loc>`);
    const pages = await read('sitemaps/seiten.xml');
    expect(pages).toContain(`<loc>${SITE_URL}/themen/wohnen/</loc>`);
    expect(pages).not.toContain('nicht-mehr-verfuegbar');
    expect(await read('robots.txt')).toContain(`Sitemap: ${SITE_URL}/sitemap.xml`);
  });
});

describe('the release page', () => {
  it('shows dateline, quote, contact and boilerplate, and only the featured story whose consent holds', async () => {
    const html = await read(`${pathOf(withWithdrawnStory).slice(1)}index.html`);
    expect(html).toContain('<span class="dateline">Ludwigsburg, <time datetime="2025-04-02T08:00:00.000Z">2. April 2025</time> –</span>');
    expect(html).toContain('Eine eigene Wohnung verändert alles für eine Familie.');
    expect(html).toContain('href="mailto:presse@landkreis-ludwigsburg.example"');
    expect(html).toContain('Über das Integrationsmanagement im Landkreis Ludwigsburg');
    expect(html).toContain('href="/geschichten/eine-wohnung-in-asperg/"');
    expect(html).not.toContain(storyWithdrawn.title);
    expect(html).not.toContain(storyWithdrawn.slug);
  });

  it('carries NewsArticle JSON-LD, Open Graph and canonical URL; the only script is the JSON-LD data block', async () => {
    const html = await read(`${pathOf(published).slice(1)}index.html`);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => m[1]!.trim())).toEqual(['type="application/ld+json"']);
    const ld = JSON.parse(scripts[0]![2]!);
    expect(ld).toMatchObject({
      '@type': 'NewsArticle',
      headline: published.headline,
      datePublished: PUBLISHED_AT,
      dateModified: PUBLISHED_AT,
      url: `${SITE_URL}${pathOf(published)}`,
    });
    // The release's own processed photo: its Open Graph crop, not a build-time variant of a library file.
    expect(ld.image[0]).toMatch(new RegExp(`^${SITE_URL}/bilder/${PHOTO_ID}/og-\\d+\\.jpg$`));
    expect(html).toContain(`<link rel="canonical" href="${SITE_URL}${pathOf(published)}">`);
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain(`<meta property="og:image" content="${ld.image[0]}">`);
    expect(html).toContain(`/bilder/${PHOTO_ID}/1280.avif 1280w`);
    const leadImage = /<img[^>]+alt="Zeichnung einer Wohnungstür mit einem Schlüssel davor\."[^>]*>/.exec(html)?.[0];
    expect(leadImage).toMatch(/ width="\d+" height="\d+"/);
    expect(html).toContain('Foto: Demo-Illustration');
    for (const feed of ['feed.xml', 'atom.xml', 'feed.json']) expect(html).toContain(`href="${SITE_URL}/pressemitteilungen/${feed}"`);
  });

  it('is served with the site CSP; only the search page may run WebAssembly', async () => {
    expect((await fetch(`${server.url}${pathOf(published)}`)).headers.get('content-security-policy')).toBe(SITE_CSP);
    expect((await fetch(`${server.url}/suche/`)).headers.get('content-security-policy')).toBe(SEARCH_CSP);
    const search = await read('suche/index.html');
    expect(search).toMatch(/<script type="module" src="\/_astro\/[^"]+\.js"><\/script>/);
    expect(search).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  });
});

describe('after a correction and the end of an embargo', () => {
  const CORRECTED_AT = '2025-03-20T14:00:00.000Z';
  const NOTE = 'In einer früheren Fassung stand ein falsches Datum.';
  const HEADLINE = 'Familien finden ihre eigene Wohnung';
  let endedAt: string;

  beforeAll(async () => {
    const current = (await getRelease(published.id, store.db))!;
    const entry = {
      at: CORRECTED_AT,
      by: 'press-1',
      byName: 'Pressestelle Test',
      action: 'correction',
      from: 'published' as const,
      to: 'published' as const,
      comment: NOTE,
    };
    await updateRelease(
      current,
      { ...current, headline: HEADLINE, correctedAt: CORRECTED_AT, corrections: [{ at: CORRECTED_AT, note: NOTE }] },
      entry,
      store.db,
    );
    // The clock has passed the embargo: the scheduler publishes it at its embargo time.
    endedAt = new Date(now - 60_000).toISOString();
    const scheduled = (await getRelease(embargoed.id, store.db))!;
    await updateRelease(
      scheduled,
      { ...scheduled, status: 'published', embargoAt: endedAt, publishedAt: endedAt },
      { at: endedAt, by: 'system', byName: 'Zeitplan', action: 'embargo-ended', from: 'scheduled', to: 'published' },
      store.db,
    );
    await publisher.request('test: correction and embargo end');
  }, 90_000);

  it('keeps each item id and link, keeps the published date and moves the updated date to the correction', async () => {
    const rss = parseFeed(await read('pressemitteilungen/feed.xml')).items.find((i) => i.id === `${TAG}${published.id}`)!;
    const atom = parseFeed(await read('pressemitteilungen/atom.xml')).items.find((i) => i.id === `${TAG}${published.id}`)!;
    const json = jsonFeed(await read('pressemitteilungen/feed.json')).items.find((i) => i.id === `${TAG}${published.id}`)!;
    for (const item of [rss, atom]) {
      expect(item.title).toBe(HEADLINE);
      expect(item.url).toBe(`${SITE_URL}${pathOf(published)}`);
      expect(item.published?.toISOString()).toBe(PUBLISHED_AT);
      expect(item.updated?.toISOString()).toBe(CORRECTED_AT);
    }
    expect(json).toMatchObject({ title: HEADLINE, url: `${SITE_URL}${pathOf(published)}`, date_published: PUBLISHED_AT, date_modified: CORRECTED_AT });
    expect(json.content_html).toContain(`Korrigiert am 20. März 2025: ${NOTE}`);
  });

  it('shows the correction note and the updated date on the page, in JSON-LD and the sitemap', async () => {
    const html = await read(`${pathOf(published).slice(1)}index.html`);
    expect(html).toContain(`<p>Korrigiert am <time datetime="${CORRECTED_AT}">20. März 2025</time>: ${NOTE}</p>`);
    expect(html).toContain(`aktualisiert am <time datetime="${CORRECTED_AT}">20. März 2025</time>`);
    expect(html).toContain(`<meta property="article:modified_time" content="${CORRECTED_AT}">`);
    expect(html).toContain(`"dateModified":"${CORRECTED_AT}"`);
    expect(await read('sitemaps/pressemitteilungen.xml')).toContain(`<lastmod>${CORRECTED_AT}</lastmod>`);
  });

  it('publishes the formerly embargoed release everywhere, dated at its embargo', async () => {
    const all = jsonFeed(await read('pressemitteilungen/feed.json'));
    expect(all.items[0]).toMatchObject({ id: `${TAG}${embargoed.id}`, date_published: endedAt });
    expect(jsonFeed(await read('themen/wohnen/feed.json')).items.map((i) => i.id)).toContain(`${TAG}${embargoed.id}`);
    expect((await fetch(`${server.url}${pathOf(embargoed)}`)).status).toBe(200);
    expect(await read('sitemaps/pressemitteilungen.xml')).toContain(pathOf(embargoed));
    expect(await searchIndexText()).toContain(embargoed.headline);
  });
});
