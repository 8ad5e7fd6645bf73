import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Release } from '@newsroom/domain/release.ts';
import { type EmbeddedStore, startDynalite } from '@newsroom/infra-local/dynalite.ts';
import { seedDemoData } from '@newsroom/infra-local/seed.ts';
import { type StaticServer, serveStatic } from '@newsroom/infra-local/static-server.ts';
import { buildSite } from '@newsroom/publish/build.ts';
import { configure } from '@newsroom/runtime/config.ts';
import { photoFolder } from '@newsroom/store/photo-files.ts';
import { allReleasesInStatus, putNewRelease } from '@newsroom/store/releases.ts';
import { allPublished } from '@newsroom/store/stories.ts';
import type { AxeResults } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './editor-browser.ts';

/**
 * WCAG 2.1 AA on every page type of the public site, checked by axe-core in Chromium
 * on a site built from the demo data (stories, releases, statistics), served with the
 * site's own headers. Each page must also run without a script error or a
 * Content-Security-Policy violation (the JSON-LD data block and the search page's
 * script included).
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let store: EmbeddedStore;
let outDir: string;
let photoDir: string;
let server: StaticServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];
let current = '';
const paths: Record<string, string> = {};

/** A release that was public and was taken down: its address answers 410 Gone. */
function takenDown(): Release {
  const at = '2025-02-01T10:00:00.000Z';
  return Release.parse({
    id: 'gone000001',
    slug: 'zurueckgezogene-pressemitteilung-gone000001',
    partner: 'lra',
    status: 'unpublished',
    version: 3,
    headline: 'Eine zurückgezogene Pressemitteilung',
    lead: 'Diese Pressemitteilung war veröffentlicht und wurde von der Website genommen, um die 410-Seite zu prüfen.',
    body: 'Der Text spielt keine Rolle: Die Seite wird nicht mehr gebaut, ihre Adresse antwortet mit 410 Gone und einer neutralen Seite.',
    contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '+49 7141 555-0100', email: 'presse@landkreis-ludwigsburg.example' }],
    topics: ['arbeit'],
    partners: ['lra'],
    authorId: 'press-1',
    authorName: 'Test',
    lastEditorId: 'press-1',
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    audit: [
      { at, by: 'press-1', byName: 'Test', action: 'publish', from: 'approved', to: 'published' },
      { at, by: 'press-1', byName: 'Test', action: 'unpublish', from: 'published', to: 'unpublished' },
    ],
  });
}

async function open(path: string): Promise<number> {
  current = path;
  const res = await page.goto(`${server.url}${path}`);
  return res!.status();
}

async function axe(): Promise<AxeResults['violations']> {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    [...WCAG_21_AA, 'best-practice'],
  );
  return results.violations;
}

/** Violations as one readable line each, so a failure says what and where. */
const describeViolations = (v: AxeResults['violations']) =>
  v.map(
    (x) =>
      `${x.id} (${x.impact}): ${x.help} – ${x.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );

beforeAll(async () => {
  store = await startDynalite();
  // The demo photos are processed uploads: the releases' lead pictures and the press photos page need their files.
  photoDir = await mkdtemp(join(tmpdir(), 'newsroom-axe-photos-'));
  configure({ photos: { dir: photoDir } });
  await seedDemoData(store.db, new Date(), { photos: photoFolder(photoDir) });
  await putNewRelease(takenDown(), store.db);
  const [release] = (await allReleasesInStatus('published', store.db)).filter((r) => r.corrections.length > 0 && r.photos.length > 1);
  const [story] = await allPublished(store.db);
  paths.release = `/pressemitteilungen/${release!.slug}/`;
  paths.story = `/geschichten/${story!.slug}/`;
  paths.year = `/pressemitteilungen/${release!.publishedAt!.slice(0, 4)}/`;
  outDir = await mkdtemp(join(tmpdir(), 'newsroom-axe-'));
  await buildSite({
    outDir,
    env: { DYNAMODB_ENDPOINT: store.endpoint, TABLE_NAME: store.db.tableName, AWS_REGION: 'eu-central-1', SITE_URL: 'http://127.0.0.1', PHOTO_DIR: photoDir },
  });
  server = await serveStatic({ root: () => outDir, notFoundPage: '404.html' });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`${current}: ${err.message}`));
  page.on('console', (msg) => {
    // A 404 or 410 page is answered with its status on purpose; failed resources are checked below.
    if (msg.text().startsWith('Failed to load resource')) return;
    if (msg.type() === 'error' || msg.text().startsWith('CSP ')) problems.push(`${current}: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') problems.push(`${current}: ${res.status()} for ${res.url()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.log(`CSP ${e.violatedDirective} blocked ${e.blockedURI}`));
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
  if (photoDir) await rm(photoDir, { recursive: true, force: true });
});

describe('every page type meets WCAG 2.1 AA (axe-core, zero violations)', () => {
  const pages: [string, () => string, number][] = [
    ['the home page', () => '/', 200],
    ['a story', () => paths.story!, 200],
    ['a press release with photos, quotes and a correction', () => paths.release!, 200],
    ['the press release overview', () => '/pressemitteilungen/', 200],
    ['the archive of a year', () => paths.year!, 200],
    ['a topic', () => '/themen/wohnen/', 200],
    ['a partner', () => '/traeger/caritas/', 200],
    ['the press contacts', () => '/presse/kontakt/', 200],
    ['the press page with boilerplate and images', () => '/presse/', 200],
    ['the press photos page with every release photo for download', () => '/presse/medien/', 200],
    ['a legal page', () => '/impressum/', 200],
    ['the explanation in Leichte Sprache', () => '/leichte-sprache/', 200],
    ['the 404 page', () => '/gibt-es-nicht/', 404],
    ['the 410 page of a taken-down release', () => '/pressemitteilungen/zurueckgezogene-pressemitteilung-gone000001/', 410],
  ];
  for (const [name, path, status] of pages) {
    it(name, async () => {
      expect(await open(path())).toBe(status);
      expect(describeViolations(await axe())).toEqual([]);
    });
  }

  it('the search page, with results shown', async () => {
    expect(await open('/suche/?q=Wohnung')).toBe(200);
    await page
      .getByRole('status')
      .getByText(/Treffer für „Wohnung“/)
      .waitFor();
    const results = page.locator('#search-results > li');
    expect(await results.count()).toBeGreaterThan(0);
    expect(describeViolations(await axe())).toEqual([]);
  });

  it('the check itself works: axe reports an image whose alt text is removed', async () => {
    await open(paths.release!);
    await page.evaluate(() => document.querySelector('main img')!.removeAttribute('alt'));
    expect((await axe()).map((v) => v.id)).toContain('image-alt');
  });

  it('no page had a script error or a CSP violation', () => {
    expect(problems).toEqual([]);
  });
});

describe('the search page works as a person uses it', () => {
  it('finds a press release by a word from its text, filtered to press releases, and the result leads to it', async () => {
    await open('/suche/');
    await page.getByLabel('Suchbegriff').fill('Abendkurse');
    await page.getByLabel('Art').selectOption({ label: 'Pressemitteilungen' });
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.getByRole('status').getByText('Ein Treffer für „Abendkurse“.').waitFor();
    expect(page.url()).toContain('?q=Abendkurse&art=Pressemitteilung');
    await page.locator('#search-results').getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: /Abendkurse/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe(paths.release);
  });

  it("finds a story by a word from its text: the stories' index shards are merged into the search", async () => {
    await open('/suche/?q=Gemeinschaftsunterkunft&art=Geschichte');
    await page.getByRole('status').getByText('Ein Treffer für „Gemeinschaftsunterkunft“.').waitFor();
    await page.locator('#search-results').getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: 'Vom Sprachkurs in die eigene Wohnung' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/geschichten\/vom-sprachkurs-in-die-eigene-wohnung-[a-z0-9]+\/$/);
    expect(problems).toEqual([]);
  });

  it('does not find the release still under embargo', async () => {
    await open('/suche/?q=Sperrfrist');
    await page
      .getByRole('status')
      .getByText(/Keine Treffer/)
      .waitFor();
    expect(problems).toEqual([]);
  });
});

describe('the release on paper', () => {
  it('prints without navigation, feed buttons and download links, but with its address', async () => {
    await open(paths.release!);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).isVisible()).toBe(false);
    expect(await page.locator('.download').first().isVisible()).toBe(false);
    expect(await page.getByText(`Online: http://127.0.0.1${paths.release}`).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 2, name: 'Korrektur' }).isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.getByText(`Online: http://127.0.0.1${paths.release}`).isVisible()).toBe(false);
  });
});
