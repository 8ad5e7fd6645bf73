import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { type EditorHarness, startEditorHarness, statusSays } from './editor-browser.ts';

/**
 * „Vorschau-Link erstellen“ on the user's path: a manager makes a link in the editor, a
 * person without an editor account opens it in a browser of their own and sees the
 * public page itself (layout, header, footer, the feed's excerpt), marked as a preview;
 * once published, the preview and the live page are the same apart from the banner.
 */

const STORY = {
  title: 'Vorschau: Vom Sprachkurs in die Ausbildung zur Erzieherin',
  teaser: 'Frau S. kam 2019 nach Marbach. Mit dem Integrationsmanagement fand sie einen Sprachkurs, dann einen Ausbildungsplatz in einer Kita.',
  municipality: 'Marbach am Neckar',
  topics: ['ausbildung'],
  body: 'Als Frau S. nach Marbach kam, suchte sie zuerst einen Sprachkurs.\n\nHeute lernt sie im zweiten Jahr den Beruf der Erzieherin und **freut sich** auf jeden Tag.',
  channels: ['website', 'press'],
  persons: [{ id: 'A', role: 'Auszubildende', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: [] } }],
};
const CONSENT = {
  personId: 'A',
  givenBy: 'person',
  date: new Date().toISOString().slice(0, 10),
  language: 'Deutsch',
  interpreter: false,
  formReference: 'EW-VORSCHAU-1',
  validUntil: '2099-12-31',
  scope: { channels: ['website', 'press'], naming: 'pseudonym', photos: 'none', details: ['municipality'], specialCategories: false },
};
const QUOTE = 'Jeder Schritt war ein Gewinn für die ganze Familie.';

let harness: EditorHarness;

const api = (username: string, method: string, path: string, body?: unknown) => harness.api(username, method, path, body);

/** A browser of someone who has no editor account: a fresh context that never signed in. */
async function visitor(): Promise<Page> {
  const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  // Everything the page loads (styles, pictures) must be there; the page itself may answer 410.
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') harness.problems.push(`visitor: ${res.status()} ${res.url()}`);
  });
  page.on('console', (msg) => {
    if (msg.text().startsWith('Refused')) harness.problems.push(`visitor: ${msg.text()}`);
  });
  return page;
}

/** The page without the preview's banner: what must equal the public page. */
const withoutBanner = (page: Page) =>
  page.evaluate(() => {
    document.querySelector('[data-preview-banner]')?.remove();
    return { body: document.body.innerHTML, title: document.title, main: document.querySelector('main')!.innerText };
  });

/** In the editor: makes a link with the keyboard and returns its address. */
async function createLink(page: Page): Promise<string> {
  const section = page.getByRole('region', { name: 'Vorschau-Link' });
  const button = section.getByRole('button', { name: 'Vorschau-Link erstellen' });
  await button.focus();
  await page.keyboard.press('Enter');
  const field = section.getByRole('textbox', { name: /Neuer Vorschau-Link/ });
  await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
  const url = await field.inputValue();
  expect(url).toMatch(new RegExp(`^${harness.system.urls.site}/vorschau/[A-Za-z0-9_-]{43}/$`));
  await expect(section.getByRole('link', { name: 'Vorschau in neuem Tab öffnen' }).getAttribute('target')).resolves.toBe('_blank');
  await section
    .getByText(/gültig bis/)
    .first()
    .waitFor();
  return url;
}

beforeAll(async () => {
  harness = await startEditorHarness();
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

describe('preview links in the editor', () => {
  it('a manager makes a link; without an account it shows the real page with a banner, equal to the published page apart from the banner; revoked, it is gone', async () => {
    const created = await api('caritas-manager', 'POST', '/stories', STORY);
    const id = created.id as string;
    await api('caritas-manager', 'POST', `/stories/${id}/consents`, { version: created.version, consent: CONSENT });

    const manager = await harness.signIn('caritas-manager');
    await manager.goto(`${harness.system.urls.editor}/#/geschichten/${id}`);
    await manager.getByRole('heading', { level: 1, name: STORY.title }).waitFor();
    const url = await createLink(manager);
    // The editor's new state (the link just made, the list with its expiry and button) meets WCAG 2.1 AA too.
    expect(await axeViolations(manager)).toEqual([]);

    const outside = await visitor();
    const draft = await outside.goto(url);
    expect(draft!.status()).toBe(200);
    expect(draft!.headers()['x-robots-tag']).toMatch(/noindex/);
    expect(draft!.headers()['cache-control']).toBe('private, no-store');
    await expect(outside.getByText('Vorschau – nicht veröffentlicht').isVisible()).resolves.toBe(true);
    await expect(outside.locator('meta[name="robots"]').getAttribute('content')).resolves.toBe('noindex, nofollow');
    await outside.getByRole('heading', { level: 1, name: STORY.title }).waitFor();
    // The site's own layout: its header, navigation and footer, and the text rendered from Markdown.
    await outside
      .getByRole('banner')
      .getByRole('link', { name: /Geschichten/ })
      .first()
      .waitFor();
    await outside.getByRole('contentinfo').waitFor();
    await expect(outside.locator('main strong').innerText()).resolves.toBe('freut sich');
    expect(await axeViolations(outside)).toEqual([]);

    // Published the ordinary way: the live page and the preview are the same page.
    let story = await api('caritas-manager', 'GET', `/stories/${id}`);
    story = await api('caritas-manager', 'POST', `/stories/${id}/read-back`, {
      version: story.version,
      readBack: { date: CONSENT.date, how: 'read-aloud', language: 'Deutsch', personIds: ['A'] },
    });
    for (const [user, action] of [
      ['caritas-manager', 'submit'],
      ['caritas-lead', 'approve'],
      ['presse', 'press-approve'],
      ['presse', 'publish'],
    ] as const) {
      story = await api(user, 'POST', `/stories/${id}/transitions`, { action, version: story.version });
    }
    expect(story.status).toBe('published');
    await harness.system.publisher.whenIdle();
    const reader = await visitor();
    expect((await reader.goto(`${harness.system.urls.site}/geschichten/${story.slug}/`))!.status()).toBe(200);
    const live = await reader.evaluate(() => ({ body: document.body.innerHTML, title: document.title, main: document.querySelector('main')!.innerText }));

    expect((await outside.goto(url))!.status()).toBe(200);
    await expect(outside.locator('[data-preview-banner]').count()).resolves.toBe(1);
    const preview = await withoutBanner(outside);
    expect(preview.main).toContain(STORY.teaser);
    expect(preview).toEqual(live);

    // Revoked in the editor: the link opens nothing any more.
    await manager.reload();
    const section = manager.getByRole('region', { name: 'Vorschau-Link' });
    await section.getByRole('button', { name: /^Link widerrufen/ }).click();
    await statusSays(manager, 'Der Vorschau-Link ist widerrufen; er öffnet die Seite nicht mehr.');
    await section.getByText(/widerrufen am/).waitFor();
    const gone = await outside.goto(url);
    expect(gone!.status()).toBe(410);
    await outside.getByRole('heading', { level: 1, name: 'Dieser Vorschau-Link gilt nicht mehr' }).waitFor();
    await expect(outside.locator('main').innerText()).resolves.not.toContain(STORY.title);
    expect(await axeViolations(outside)).toEqual([]);

    // The Protokoll names both steps in German, on the story's row.
    const press = await harness.signIn('presse');
    await press.goto(`${harness.system.urls.editor}/#/protokoll`);
    await press.getByRole('heading', { level: 1, name: /^Protokoll: / }).waitFor();
    const rows = press.getByRole('row').filter({ hasText: STORY.title });
    await rows.filter({ hasText: 'Vorschau-Link erstellt' }).first().waitFor();
    await rows.filter({ hasText: 'Vorschau-Link widerrufen' }).first().waitFor();
    await expect(press.getByRole('table').innerText()).resolves.not.toContain('preview-link');
    expect(harness.problems).toEqual([]);
  });

  it('a press release in draft: the preview is its page, each quote in the site’s quotation marks once', async () => {
    const release = await api('caritas-manager', 'POST', '/releases', {
      headline: 'Vorschau: Integrationsmanagement begleitet Familien in Marbach',
      lead: 'Im Landkreis Ludwigsburg finden Familien mit dem Integrationsmanagement ihren Weg in Sprache, Ausbildung und Beruf.',
      body: 'Das Integrationsmanagement begleitet Menschen, deren Asylverfahren abgeschlossen ist. Gemeinsam werden Ziele vereinbart.',
      quotes: [{ text: QUOTE, name: 'Julia Neumann', function: 'Pressesprecherin', organisation: 'Landratsamt Ludwigsburg' }],
      contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
      topics: ['arbeit'],
      partners: ['caritas'],
    });
    const manager = await harness.signIn('caritas-manager');
    await manager.goto(`${harness.system.urls.editor}/#/pressemitteilungen/${release.id}`);
    await manager.getByRole('heading', { level: 1, name: release.headline }).waitFor();
    const url = await createLink(manager);

    const outside = await visitor();
    expect((await outside.goto(url))!.status()).toBe(200);
    await outside.getByRole('heading', { level: 1, name: release.headline }).waitFor();
    const quote = outside.locator('figure.quote blockquote p');
    await expect(quote.innerText()).resolves.toBe(QUOTE);
    // The marks come from the site's style, once on each side, as on the live page.
    const marks = await quote.evaluate((p) => [getComputedStyle(p, '::before').content, getComputedStyle(p, '::after').content]);
    expect(marks).toEqual(['"„"', '"“"']);
    await outside.getByRole('heading', { name: 'Pressekontakt' }).waitFor();
    expect(await axeViolations(outside)).toEqual([]);
    expect(harness.problems).toEqual([]);
  });
});
