import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { seedDemoData } from '@newsroom/infra-local/seed.ts';
import { type LocalSystem, startLocal } from '@newsroom/infra-local/start.ts';
import chromium from '@sparticuz/chromium';
import { type Browser, chromium as pw } from 'playwright-core';

/** The issue's limit: at most 100 KB of gzipped editor JavaScript per page (test/e2e/editor-size.test.ts). */
export const GOAL_KB = 100;

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

interface PageSpec {
  page: string;
  user?: string;
  hash: (ids: Ids) => string;
}
interface Ids {
  story: string;
  draft: string;
  release: string;
  day: string;
  submission: string;
}

/** Every screen of the Redaktion, each opened by its address in a fresh browser (a cold load). */
export const PAGES: PageSpec[] = [
  { page: 'Anmelden', hash: () => '#/anmelden' },
  { page: 'Übersicht (Integrationsmanager:in)', user: 'caritas-manager', hash: () => '#/' },
  { page: 'Übersicht (Partnerleitung)', user: 'caritas-lead', hash: () => '#/' },
  { page: 'Übersicht (Pressestelle)', user: 'presse', hash: () => '#/' },
  { page: 'Übersicht (Administration)', user: 'admin', hash: () => '#/' },
  { page: 'Neue Geschichte', user: 'caritas-manager', hash: () => '#/neu' },
  { page: 'Geschichte (Vorschau, Kommentare, Fassungen)', user: 'caritas-manager', hash: (i) => `#/geschichten/${i.story}` },
  { page: 'Geschichte bearbeiten', user: 'caritas-manager', hash: (i) => `#/geschichten/${i.draft}/bearbeiten` },
  { page: 'Einwilligung erfassen', user: 'caritas-manager', hash: (i) => `#/geschichten/${i.draft}/einwilligung/A` },
  { page: 'Einwilligungsformular (Druck)', user: 'caritas-manager', hash: (i) => `#/geschichten/${i.draft}/formular/A` },
  { page: 'Widerruf erfassen', user: 'caritas-manager', hash: (i) => `#/geschichten/${i.story}/widerruf/A` },
  { page: 'Fotos einer Geschichte', user: 'caritas-manager', hash: (i) => `#/geschichten/${i.draft}/fotos` },
  { page: 'Mediathek', user: 'caritas-manager', hash: () => '#/mediathek' },
  { page: 'Statistik', user: 'caritas-manager', hash: () => '#/statistik' },
  { page: 'Statistik: Meldung', user: 'caritas-manager', hash: (i) => `#/statistik/meldungen/${i.submission}` },
  { page: 'Statistik: Stichtag', user: 'presse', hash: (i) => `#/statistik/stichtage/${i.day}` },
  { page: 'Statistik: Tabelle aller Gemeinden', user: 'caritas-manager', hash: (i) => `#/statistik/stichtage/${i.day}/tabelle` },
  { page: 'Statistik: Zuordnung', user: 'admin', hash: () => '#/statistik/zuordnung' },
  { page: 'Pressemitteilungen', user: 'presse', hash: () => '#/pressemitteilungen' },
  { page: 'Pressemitteilung', user: 'presse', hash: (i) => `#/pressemitteilungen/${i.release}` },
  { page: 'Neue Pressemitteilung', user: 'presse', hash: () => '#/pressemitteilungen/neu' },
  { page: 'Protokoll', user: 'presse', hash: () => '#/protokoll' },
  { page: 'Benutzerverwaltung', user: 'admin', hash: () => '#/benutzer' },
  { page: 'Einstellungen', user: 'admin', hash: () => '#/einstellungen' },
];

async function call<T>(system: LocalSystem, user: string, path: string, body?: unknown): Promise<T> {
  const token = await system.gateway.idp.issue(user);
  const res = await fetch(`${system.urls.api}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

/** A draft with a person, so the edit and consent screens show their full forms. */
const DRAFT = {
  title: 'Messung der Redaktion',
  teaser: 'Ein Entwurf, an dem die Größe der Bearbeitungsseiten gemessen wird.',
  municipality: 'Tamm',
  topics: ['sprache'],
  body: 'Ein Text mit etwas **Markdown**, damit die Vorschau rendert.\n\n- eins\n- zwei',
  channels: ['website'],
  showMunicipality: true,
  persons: [{ id: 'A', role: 'Auszubildende', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: [] } }],
};

/** One cold load: every script the page fetched until its screen (and its sections) finished. */
async function measure(browser: Browser, system: LocalSystem, spec: PageSpec, ids: Ids) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  if (spec.user) {
    // Signed in as the editor itself would be, without passing through the start page first.
    const token = await system.gateway.idp.issue(spec.user);
    await context.addInitScript((t) => sessionStorage.setItem('redaktion.session', JSON.stringify({ idToken: t, expiresAt: Date.now() + 3_000_000 })), token);
  }
  const page = await context.newPage();
  const scripts = new Map<string, Promise<Buffer>>();
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script' && res.ok()) scripts.set(new URL(res.url()).pathname, res.body());
  });
  await page.goto(`${system.urls.editor}/${spec.hash(ids)}`);
  await page.waitForFunction(() => {
    const h1 = document.querySelector('main h1');
    return h1 && !h1.textContent?.includes('wird geladen') && !document.querySelector('[aria-busy="true"]');
  });
  const heading = await page.locator('main h1').innerText();
  const files = await Promise.all(
    [...scripts].map(async ([path, body]) => {
      const bytes = await body;
      return { file: path.replace(/^.*\//, ''), rawKB: kb(bytes.length), gzipKB: kb(gzipSync(bytes, { level: 9 }).length) };
    }),
  );
  // Contexts stay open: closing one ends the single-process Chromium of the test machines.
  const gzip = files.reduce((n, f) => n + f.gzipKB, 0);
  return {
    page: spec.page,
    heading,
    user: spec.user ?? '(nicht angemeldet)',
    scripts: files.length,
    rawKB: Math.round(files.reduce((n, f) => n + f.rawKB, 0) * 10) / 10,
    gzipKB: Math.round(gzip * 10) / 10,
    withinGoal: gzip <= GOAL_KB,
    files: files.sort((a, b) => b.gzipKB - a.gzipKB),
  };
}

/**
 * The editor's JavaScript per page, as a browser loads it: the production build served by
 * the local system, each screen opened cold in Chromium, every script response gzipped
 * (level 9, as a CDN would serve it) and summed. CSS, fonts and the API's JSON are not counted.
 */
export async function editorSize() {
  const dataDir = mkdtempSync(join(tmpdir(), 'editor-size-'));
  const system = await startLocal({ dataDir, seed: false, ports: { site: 0, editor: 0, api: 0, dynamo: 0 }, log: () => undefined });
  let browser: Browser | undefined;
  try {
    await seedDemoData(system.store.db);
    const ids: Ids = {
      story: 'demo000001',
      draft: (await call<{ id: string }>(system, 'caritas-manager', '/stories', DRAFT)).id,
      release: (await call<{ items: { id: string }[] }>(system, 'presse', '/releases?status=published')).items[0]!.id,
      day: (await call<{ items: { date: string; origin: string }[] }>(system, 'presse', '/statistics/snapshots')).items.find((s) => s.origin === 'submissions')!
        .date,
      submission: (await call<{ items: { id: string }[] }>(system, 'caritas-manager', '/statistics/submissions')).items[0]!.id,
    };
    browser = await pw.launch({
      executablePath: await chromium.executablePath(),
      args: chromium.args.filter((a) => a !== '--disable-web-security'),
      headless: true,
    });
    const rows = [];
    for (const spec of PAGES) rows.push(await measure(browser, system, spec, ids));
    const largest = rows.reduce((a, b) => (b.gzipKB > a.gzipKB ? b : a));
    return {
      method:
        'production build (astro build) served by the local system; each page opened cold by its address in headless Chromium with a session already in place; every script response gzipped at level 9 and summed (CSS and API data not counted)',
      goalKB: GOAL_KB,
      largestPage: { page: largest.page, gzipKB: largest.gzipKB },
      allWithinGoal: rows.every((r) => r.withinGoal),
      rows,
    };
  } finally {
    await browser?.close();
    await system.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The figures as a Markdown table for the notes: one row per page, the goal marked. */
export function editorSizeTable(rows: Awaited<ReturnType<typeof editorSize>>['rows']): string {
  return [
    `| page | signed in as | scripts | raw KB | gzip KB (goal ≤ ${GOAL_KB}) |`,
    '| --- | --- | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.page} | ${r.user} | ${r.scripts} | ${r.rawKB} | ${r.withinGoal ? r.gzipKB : `**${r.gzipKB}** (over)`} |`),
  ].join('\n');
}
