import { lstat, mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Story } from '@newsroom/domain/story.ts';
import { type EmbeddedStore, startDynalite } from '@newsroom/infra-local/dynalite.ts';
import { seedOrganisationSettings } from '@newsroom/infra-local/seed-organisation.ts';
import { type StaticServer, serveStatic } from '@newsroom/infra-local/static-server.ts';
import { createIncrementalPublisher, type IncrementalPublisher } from '@newsroom/publish/incremental.ts';
import type { PublishReport } from '@newsroom/publish/queue.ts';
import { SITE_CSP } from '@newsroom/site-contract/security-headers.ts';
import { getOrganisationSettings, putOrganisationSettings } from '@newsroom/store/organisation.ts';
import { getStory, putNewStory, updateStory } from '@newsroom/store/stories.ts';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consented } from '../fixtures/consent.ts';

const SITE_URL = 'https://integration.example.org';
const PUBLISHED_AT = '2025-03-12T09:30:00.000Z';

function story(over: Partial<Story> & Pick<Story, 'id' | 'slug' | 'status' | 'title'>): Story {
  const at = '2025-03-01T08:00:00.000Z';
  return {
    partner: 'awo',
    version: 1,
    authorId: 'manager-1',
    authorName: 'Integrationsmanagerin Test',
    createdAt: at,
    updatedAt: at,
    audit: [{ at, by: 'manager-1', byName: 'Integrationsmanagerin Test', action: 'create', to: 'draft' }],
    teaser: 'Nach drei Jahren in der Gemeinschaftsunterkunft hat eine Familie eine eigene Wohnung gefunden.',
    municipality: 'Bietigheim-Bissingen',
    topics: ['wohnen', 'familie'],
    body: '## Der lange Weg\n\nDrei Jahre lang hat die Familie gesucht, jede Woche eine Bewerbung geschrieben und nie aufgegeben.',
    ...consented,
    ...over,
  };
}

const published = story({
  id: 'st-published',
  slug: 'endlich-eine-eigene-wohnung',
  status: 'published',
  title: 'Endlich eine eigene Wohnung',
  publishedAt: PUBLISHED_AT,
  body: [
    '## Der lange Weg',
    '',
    'Drei Jahre lang hat die Familie gesucht. **Jede Woche** eine Bewerbung.',
    '',
    'Ein Versuch: <script>alert(1)</script> und ein [Link](javascript:alert(1)) und [die Stadt](https://www.bietigheim-bissingen.de).',
  ].join('\n'),
});
const draft = story({ id: 'st-draft', slug: 'noch-ein-entwurf', status: 'draft', title: 'Noch ein Entwurf' });
const withdrawn = story({
  id: 'st-withdrawn',
  slug: 'zurueckgezogene-geschichte',
  status: 'unpublished',
  title: 'Zurückgezogene Geschichte',
  publishedAt: '2025-02-01T10:00:00.000Z',
});

let store: EmbeddedStore;
let root: string;
let publisher: IncrementalPublisher;
/** Stands in for any fault after the store was read (a renderer error, a full disk): the copy of the content is ahead of the live site. */
let clockBroken = false;
let server: StaticServer;
const logs: Record<string, unknown>[] = [];
const read = (path: string) => readFile(join(publisher.currentDir()!, path), 'utf8');

beforeAll(async () => {
  store = await startDynalite();
  await seedOrganisationSettings(store.db);
  for (const s of [published, draft, withdrawn]) await putNewStory(s, store.db);
  root = await mkdtemp(join(tmpdir(), 'publish-site-'));
  publisher = createIncrementalPublisher({
    root,
    db: store.db,
    env: { DYNAMODB_ENDPOINT: store.endpoint, TABLE_NAME: store.db.tableName, AWS_REGION: 'eu-central-1', SITE_URL },
    log: (entry) => logs.push(entry),
    clock: () => {
      if (clockBroken) throw new Error('Die Uhr steht');
      return new Date();
    },
  });
  server = await serveStatic({ root: () => publisher.currentDir() });
  await publisher.request({ full: true, reason: 'test: first publish' });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await publisher?.close();
  await store?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the first publish', () => {
  it('gives the published story its page, with the body rendered from Markdown', async () => {
    const html = await read('geschichten/endlich-eine-eigene-wohnung/index.html');
    expect(html).toContain('<h1>Endlich eine eigene Wohnung</h1>');
    expect(html).toContain('<h2>Der lange Weg</h2>');
    expect(html).toContain('<strong>Jede Woche</strong>');
    expect(html).toContain('Arbeiterwohlfahrt (AWO), Kreisverband Ludwigsburg');
    expect(html).toContain('Bietigheim-Bissingen');
    expect(html).toContain('12. März 2025');
  });

  it('escapes a script an author typed and drops a javascript: link', async () => {
    const html = await read('geschichten/endlich-eine-eigene-wohnung/index.html');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('<a href="https://www.bietigheim-bissingen.de" rel="noopener noreferrer nofollow">die Stadt</a>');
  });

  it('builds no page for a draft or a withdrawn story, and the home page lists only the published one', async () => {
    const entries = await readdir(join(publisher.currentDir()!, 'geschichten'));
    // Besides the story: the archive of its year (site/newsroom/src/pages/geschichten/[year].astro).
    const years = entries.filter((e) => /^\d{4}$/.test(e));
    expect(entries.filter((e) => !years.includes(e)).sort()).toEqual(['endlich-eine-eigene-wohnung', 'index.html']);
    expect(years).toHaveLength(1);
    expect(await read(`geschichten/${years[0]}/index.html`)).toContain('href="/geschichten/endlich-eine-eigene-wohnung/"');
    const home = await read('index.html');
    expect(home).toContain('href="/geschichten/endlich-eine-eigene-wohnung/"');
    expect(home).not.toContain('Noch ein Entwurf');
    expect(home).not.toContain('Zurückgezogene Geschichte');
    expect(home).toContain('<html lang="de">');
    expect(home).toMatch(/<link rel="alternate" type="application\/rss\+xml"[^>]+href="https:\/\/integration\.example\.org\/rss\.xml"/);
  });

  it('puts the story into the RSS feed with a stable guid, its publication date and absolute link', async () => {
    const feed = parseFeed(await read('rss.xml'));
    expect(feed.language).toBe('de-de');
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item!.id).toBe('tag:landkreis-ludwigsburg.de,2018:integrationsmanagement/geschichte/st-published');
    expect(item!.url).toBe(`${SITE_URL}/geschichten/endlich-eine-eigene-wohnung/`);
    expect(item!.published?.toISOString()).toBe(PUBLISHED_AT);
    expect(item!.description).toBe(published.teaser);
    expect(item!.categories.map((c) => c.label ?? c.term)).toEqual(['Wohnen', 'Familie']);
  });

  it('builds the legal pages and a German 404 page', async () => {
    expect(await read('impressum/index.html')).toContain('<h1>Impressum</h1>');
    expect(await read('datenschutz/index.html')).toContain('keine Cookies');
    expect(await read('barrierefreiheit/index.html')).toContain('Schlichtungs');
    expect(await read('404.html')).toContain('Seite nicht gefunden');
  });

  it('serves the live build over HTTP with the site security headers', async () => {
    const page = await fetch(`${server.url}/geschichten/endlich-eine-eigene-wohnung/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(SITE_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    // The CSP forbids inline style and script; the build must not need any.
    expect(html).not.toMatch(/<style|<script|\sstyle="/i);
    const css = html.match(/href="(\/_astro\/[^"]+\.css)"/)![1]!;
    const sheet = await fetch(`${server.url}${css}`);
    expect(sheet.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(sheet.headers.get('cache-control')).toContain('immutable');

    const rss = await fetch(`${server.url}/rss.xml`);
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(rss.headers.get('content-security-policy')).toBe(SITE_CSP);
  });
});

describe('unpublishing and publishing again', () => {
  let firstBuild: string;
  let reports: PublishReport[];

  beforeAll(async () => {
    firstBuild = publisher.currentDir()!;
    const current = (await getStory(published.id, store.db))!;
    await updateStory(
      current,
      {
        expectedVersion: current.version,
        status: 'unpublished',
        audit: { at: '2025-03-20T12:00:00.000Z', by: 'press-1', byName: 'Pressestelle Test', action: 'unpublish', from: 'published', to: 'unpublished' },
      },
      store.db,
    );
    // Three requests at once: the first starts a publish, the other two share exactly one more.
    reports = await Promise.all([publisher.request('test: unpublish'), publisher.request('test: second'), publisher.request('test: third')]);
    await publisher.whenIdle();
  }, 60_000);

  it('coalesces requests made during a publish into one further publish', () => {
    const starts = logs.filter((l) => l.message === 'publish started');
    expect(starts.map((l) => l.reasons)).toEqual([['test: first publish'], ['test: unpublish'], ['test: second', 'test: third']]);
    expect(reports.map((r) => r.mode)).toEqual(['incremental', 'unchanged', 'unchanged']);
    expect(reports[1]).toBe(reports[2]);
    expect(reports[0]!.removed).toContain('/geschichten/endlich-eine-eigene-wohnung/');
    const live = logs.filter((l) => l.message === 'publish live');
    expect(live.map((l) => l.mode)).toEqual(['full', 'incremental']);
    for (const entry of live) expect(entry.durationMs).toBeGreaterThan(0);
  });

  it('removes the story page and the feed item', async () => {
    await expect(read('geschichten/endlich-eine-eigene-wohnung/index.html')).rejects.toThrow(/ENOENT/);
    expect(parseFeed(await read('rss.xml')).items).toHaveLength(0);
    expect(await read('index.html')).not.toContain('Endlich eine eigene Wohnung');

    const gone = await fetch(`${server.url}/geschichten/endlich-eine-eigene-wohnung/`);
    // It was public once: 410 Gone with the neutral page, not a 404.
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('Dieser Beitrag ist nicht mehr verfügbar');
  });

  it('switches with a symlink to a complete build, keeps the one before it and a copy for the next publish', async () => {
    const link = join(root, 'current');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    const target = await readlink(link);
    expect(target).toMatch(/^builds\/\d{8}T\d{9}Z/);
    for (const file of ['index.html', '404.html', 'rss.xml', 'impressum/index.html']) {
      expect((await lstat(join(root, target, file))).isFile()).toBe(true);
    }
    const builds = (await readdir(join(root, 'builds'))).sort();
    expect(builds.map((b) => join(root, 'builds', b))).toEqual([firstBuild, publisher.currentDir(), expect.any(String)]);
    // The copy shares the live build's files (hard links): the next publish replaces files in it, never writes through.
    const [live, spare] = await Promise.all([stat(join(publisher.currentDir()!, 'index.html')), stat(join(root, 'builds', builds[2]!, 'index.html'))]);
    expect(spare.ino).toBe(live.ino);
    expect((await readdir(root)).filter((n) => n.startsWith('.current-'))).toEqual([]);
  });
});

describe('a publish that fails', () => {
  const again = story({
    id: 'st-again',
    slug: 'wieder-eine-geschichte',
    status: 'published',
    title: 'Wieder eine Geschichte',
    publishedAt: '2025-03-21T09:00:00.000Z',
  });
  let liveBefore: string;
  let homeBefore: string;

  beforeAll(async () => {
    liveBefore = publisher.currentDir()!;
    homeBefore = await read('index.html');
    await putNewStory(again, store.db);
  });

  it('rejects, and the site stays as it was', async () => {
    clockBroken = true;
    try {
      await expect(publisher.request({ kind: 'story', id: again.id, change: 'published', at: new Date().toISOString() })).rejects.toThrow('Die Uhr steht');
    } finally {
      clockBroken = false;
    }
    expect(logs.at(-1)).toMatchObject({ level: 'ERROR', message: 'publish failed, the site stays as it was', reasons: ['story st-again published'] });
    expect(publisher.currentDir()).toBe(liveBefore);
    expect(await read('index.html')).toBe(homeBefore);
    await expect(read('geschichten/wieder-eine-geschichte/index.html')).rejects.toThrow(/ENOENT/);
    expect((await fetch(`${server.url}/geschichten/wieder-eine-geschichte/`)).status).toBe(404);
  }, 60_000);

  it('is followed by a full build, which publishes what the failed one read from the store', async () => {
    // Its copy of the store already holds the story: a reconciliation alone would find nothing to publish.
    const report = await publisher.request('test: after the failure');
    expect(report.mode).toBe('full');
    expect(logs.filter((l) => l.message === 'publish started').at(-1)).toMatchObject({ mode: 'full', reasons: ['test: after the failure'] });
    expect(await read('geschichten/wieder-eine-geschichte/index.html')).toContain('<h1>Wieder eine Geschichte</h1>');
    expect(publisher.currentDir()).toBe(report.buildDir);
    await publisher.whenIdle();
    // The build before the first switch is gone; the one before the full build stays for a look back.
    const builds = (await readdir(join(root, 'builds'))).map((b) => join(root, 'builds', b)).sort();
    expect(builds).not.toContain(logs.find((l) => l.message === 'publish live')!.buildDir);
    expect(builds).toEqual([liveBefore, report.buildDir, expect.any(String)]);
  }, 90_000);
});

// Last: its publish would count among the publishes the tests above look at.
describe('the organisation settings', () => {
  it('fills the legal pages from the organisation settings, without a placeholder; a new version of them reaches exactly those pages', async () => {
    const text = async (page: string) => (await read(`${page}/index.html`)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    for (const page of ['impressum', 'datenschutz', 'barrierefreiheit']) expect(await text(page)).not.toMatch(/Platzhalter|eintragen\]/);
    expect(await text('impressum')).toContain('vertreten durch das Landratsamt Ludwigsburg (Demo) Musterstraße 1, 71638 Ludwigsburg');
    expect(await text('datenschutz')).toContain(
      'Datenschutzbeauftragter des Landratsamts (Demo) Musterstraße 1, 71638 Ludwigsburg E-Mail: datenschutz@landkreis-ludwigsburg.example',
    );
    expect(await text('barrierefreiheit')).toContain('Selbstbewertung vom 30. November 2026');
    // The press contacts page names the press office as the settings keep it, not as a file in content/ once said.
    expect(await text('presse/kontakt')).toContain('Julia Neumann (Demo) Pressesprecherin des Landratsamts Telefon: +49 7141 0000-100');
    expect(await text('presse/kontakt')).not.toContain('Sabine Roth');

    const current = await getOrganisationSettings(store.db);
    const at = new Date().toISOString();
    await putOrganisationSettings(
      {
        ...current,
        dataProtectionOfficer: { ...current.dataProtectionOfficer, email: 'dsb-neu@landkreis-ludwigsburg.example' },
        pressContacts: [{ name: 'Stefan Braun (Demo)', function: 'Pressesprecher', phone: '+49 7141 0000-101', email: 'presse@landkreis-ludwigsburg.example' }],
        version: current.version + 1,
        change: { at, by: 'test', byName: 'Test', action: 'settings-changed', changed: ['Datenschutzbeauftragte/r: E-Mail', 'Pressestelle: Ansprechpersonen'] },
      },
      store.db,
    );
    const report = await publisher.request({ kind: 'settings', id: 'organisation', change: 'updated', at });
    expect(report.written).toContain('/datenschutz/');
    expect(report.written).toContain('/presse/kontakt/');
    expect(report.written.every((p) => ['/impressum/', '/datenschutz/', '/barrierefreiheit/', '/presse/kontakt/'].includes(p))).toBe(true);
    expect(await text('datenschutz')).toContain('E-Mail: dsb-neu@landkreis-ludwigsburg.example');
    expect(await text('presse/kontakt')).toContain('Stefan Braun (Demo) Pressesprecher Telefon: +49 7141 0000-101');
  });
});
