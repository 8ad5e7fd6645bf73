import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { seedDemoData } from '@newsroom/infra-local/seed.ts';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, startEditorHarness } from './editor-browser.ts';

/**
 * WCAG 2.1 AA on every screen of the Redaktion, checked by axe-core in Chromium, for each
 * role and in the states that matter (a word diff open, a version conflict shown, a dialog
 * open). The start page of each role is also saved as a screenshot for a look by eye
 * (test-results/redaktion/start-<role>.png).
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SHOTS = fileURLToPath(new URL('../../test-results/redaktion/', import.meta.url));

let harness: EditorHarness;
const pages = new Map<string, Page>();
const ids = { story: '', release: '', day: '' };

async function api<T = Record<string, unknown>>(username: string, method: string, path: string, body?: unknown): Promise<T> {
  const token = await harness.system.gateway.idp.issue(username);
  const res = await fetch(`${harness.system.urls.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await res.json().catch(() => undefined)) as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

async function as(username: string): Promise<Page> {
  let page = pages.get(username);
  if (!page) {
    page = await harness.signIn(username);
    pages.set(username, page);
  }
  return page;
}

/** Opens a screen and waits until it and every section loading by itself has finished. */
async function open(page: Page, hash: string, heading?: string | RegExp): Promise<void> {
  await page.goto(`${harness.system.urls.editor}/${hash}`);
  await (heading ? page.getByRole('heading', { level: 1, name: heading }) : page.getByRole('heading', { level: 1 })).waitFor();
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
}

async function axe(page: Page): Promise<AxeResults['violations']> {
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

const clean = async (page: Page) => expect(describeViolations(await axe(page))).toEqual([]);

beforeAll(async () => {
  harness = await startEditorHarness();
  await seedDemoData(harness.system.store.db);
  const base = {
    title: 'Barrierefrei geprüft in Kornwestheim',
    municipality: 'Kornwestheim',
    topics: ['sprache'],
    channels: ['website'],
    showMunicipality: true,
    teaser: 'Eine Geschichte, an der jede Ansicht der Redaktion geprüft wird: Fassungen, Kommentare, Einwilligungen.',
    body: 'Am Anfang stand ein Sprachkurs am Abend.\n\nHeute ist das erste Lehrjahr fast vorbei.',
    persons: [{ id: 'A', role: 'Auszubildende', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: [] } }],
  };
  let story = await api<{ id: string; version: number }>('caritas-manager', 'POST', '/stories', base);
  story = await api('caritas-manager', 'PUT', `/stories/${story.id}`, {
    version: story.version,
    story: { ...base, body: base.body.replace('Abend', 'Vormittag') },
  });
  await api('caritas-lead', 'POST', `/stories/${story.id}/comments`, { text: 'Bitte den Betrieb nicht nennen.' });
  ids.story = story.id;
  // A change to a published story waiting for the lead: the start pages show it marked „Überarbeitung“.
  const published = await api<Record<string, unknown> & { version: number; body: string }>('caritas-manager', 'GET', '/stories/demo000001');
  const fields = Object.fromEntries(['title', 'teaser', 'municipality', 'topics', 'showMunicipality', 'channels', 'persons'].map((k) => [k, published[k]]));
  const revised = await api<{ version: number }>('caritas-manager', 'PUT', '/stories/demo000001', {
    version: published.version,
    story: { ...fields, body: `${published.body}\n\nEin Satz mehr.` },
  });
  await api('caritas-manager', 'POST', '/stories/demo000001/transitions', { action: 'submit', version: revised.version });
  ids.release = (await api<{ items: { id: string }[] }>('presse', 'GET', '/releases?status=published')).items[0]!.id;
  ids.day = (await api<{ items: { date: string; origin: string }[] }>('presse', 'GET', '/statistics/snapshots')).items.find(
    (s) => s.origin === 'submissions',
  )!.date;
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await harness?.close();
});

describe("each role's start page meets WCAG 2.1 AA and is saved for a look by eye", () => {
  for (const [role, username] of [
    ['manager', 'caritas-manager'],
    ['lead', 'caritas-lead'],
    ['press', 'presse'],
    ['admin', 'admin'],
  ] as const) {
    it(`${role} (${username})`, async () => {
      const page = await as(username);
      await open(page, '#/', 'Übersicht');
      await clean(page);
      await page.screenshot({ path: `${SHOTS}start-${role}.png`, fullPage: true });
    });
  }
});

describe('every other screen meets WCAG 2.1 AA (axe-core, zero violations)', () => {
  it('sign-in', async () => {
    const page = await harness.openEditor('sign-in', '#/anmelden');
    await page.getByRole('heading', { level: 1, name: 'Anmelden (lokale Entwicklung)' }).waitFor();
    await clean(page);
  });

  it('new story form', async () => {
    const page = await as('caritas-manager');
    await open(page, '#/neu', 'Neue Geschichte');
    await clean(page);
  });

  it('story page with comments, versions and an open word diff', async () => {
    const page = await as('caritas-manager');
    await open(page, `#/geschichten/${ids.story}`, 'Barrierefrei geprüft in Kornwestheim');
    await page.getByRole('button', { name: 'Unterschiede anzeigen' }).click();
    await page.getByRole('heading', { name: /^Unterschiede von Fassung/ }).waitFor();
    await clean(page);
  });

  it('story page and form of a revision in progress (press office)', async () => {
    const stored = await api<Record<string, unknown> & { version: number; title: string; body: string }>('presse', 'GET', '/stories/demo000002');
    const content = Object.fromEntries(['title', 'teaser', 'municipality', 'topics', 'showMunicipality', 'channels', 'persons'].map((k) => [k, stored[k]]));
    await api('presse', 'PUT', '/stories/demo000002', {
      version: stored.version,
      story: { ...content, body: `${stored.body}\n\nVon der Pressestelle ergänzt.` },
    });
    const page = await as('presse');
    await open(page, '#/geschichten/demo000002', stored.title);
    await page.getByRole('heading', { level: 2, name: 'Überarbeitung in Arbeit' }).waitFor();
    await clean(page);
    await open(page, '#/geschichten/demo000002/bearbeiten', 'Überarbeitung der Geschichte');
    await clean(page);
  });

  it('edit form with a version conflict side by side', async () => {
    const page = await as('caritas-manager');
    await open(page, `#/geschichten/${ids.story}/bearbeiten`, 'Geschichte bearbeiten');
    const stored = await api<{ version: number; title: string; teaser: string; body: string }>('caritas-manager-2', 'GET', `/stories/${ids.story}`);
    await api('caritas-manager-2', 'PUT', `/stories/${ids.story}`, {
      version: stored.version,
      story: {
        title: stored.title,
        teaser: stored.teaser,
        body: `${stored.body}\n\nVon der Kollegin ergänzt.`,
        municipality: 'Kornwestheim',
        topics: ['sprache'],
        channels: ['website'],
        showMunicipality: true,
        persons: [{ id: 'A', role: 'Auszubildende', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: [] } }],
      },
    });
    await page.getByLabel('Text', { exact: true }).fill('Ein ganz anderer Text, lang genug für einen Entwurf der Geschichte.');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('heading', { name: 'Die Geschichte wurde inzwischen geändert' }).waitFor();
    await clean(page);
    // Leave without the question about unsaved changes.
    await page.getByRole('button', { name: 'Aktuelle Fassung laden' }).click();
  });

  it('consent form', async () => {
    const page = await as('caritas-manager');
    await open(page, `#/geschichten/${ids.story}/einwilligung/A`, 'Einwilligung erfassen: Person A');
    await clean(page);
  });

  it('printable consent form', async () => {
    const page = await as('caritas-manager');
    await open(page, `#/geschichten/${ids.story}/formular/A`);
    await clean(page);
  });

  it('withdrawal form of a published story', async () => {
    const page = await as('caritas-manager');
    await open(page, '#/geschichten/demo000001/widerruf/A', 'Widerruf erfassen: Person A');
    await clean(page);
  });

  it('statistics and a new submission', async () => {
    const page = await as('caritas-manager');
    await open(page, '#/statistik', 'Statistik');
    await clean(page);
    await open(page, '#/statistik/neu', 'Neue Meldung');
    await clean(page);
  });

  it('press releases: the list and the form', async () => {
    const page = await as('caritas-manager');
    await open(page, '#/pressemitteilungen', 'Pressemitteilungen');
    await clean(page);
    await open(page, '#/pressemitteilungen/neu');
    await clean(page);
  });

  it('press office: a published story, a press release and its schedule, a reporting date', async () => {
    const page = await as('presse');
    await open(page, '#/geschichten/demo000001', 'Vom Sprachkurs in die eigene Wohnung');
    await clean(page);
    await open(page, `#/pressemitteilungen/${ids.release}`);
    await clean(page);
    await open(page, `#/statistik/stichtage/${ids.day}`);
    await clean(page);
  });

  it('Protokoll', async () => {
    const page = await as('presse');
    await open(page, '#/protokoll', /^Protokoll: /);
    await page.getByRole('table').waitFor();
    await clean(page);
  });

  it('Benutzerverwaltung, also with the change dialog open', async () => {
    const page = await as('admin');
    await open(page, '#/benutzer', 'Benutzerverwaltung');
    await clean(page);
    await page
      .getByRole('row', { name: /Jonas Berger/ })
      .getByRole('button', { name: /^Ändern/ })
      .click();
    await page.getByRole('dialog', { name: 'Benutzerkonto ändern: Jonas Berger' }).waitFor();
    await clean(page);
    await page.getByRole('button', { name: 'Abbrechen' }).click();
  });

  it('assignment of municipalities (administration) and an unknown address', async () => {
    const page = await as('admin');
    await open(page, '#/statistik/zuordnung', 'Zuordnung und Mindestfallzahl');
    await clean(page);
    await open(page, '#/gibt-es-nicht', 'Seite nicht gefunden');
    await clean(page);
  });

  it('no screen broke the Content-Security-Policy or threw a script error', () => {
    expect(harness.problems).toEqual([]);
  });
});
