import { parseFeed } from '@rowanmanning/feed-parser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descriptionOf, type EditorHarness, inTwoYears, recordReadBack, startEditorHarness, statusSays, takeAction, today } from './editor-browser.ts';

/**
 * The walking skeleton, clicked through in a real browser as the people would:
 * a Caritas manager writes a story, the Caritas lead returns and later approves it,
 * the press office approves and publishes it, the public site and the feed show it,
 * and taking it down removes it again. Locators go by role and label, so each step
 * also checks that the control is named for assistive technology.
 */

const STORY = {
  title: 'Vom Deutschkurs zur Ausbildung in Asperg',
  teaser: 'Samir kam 2016 nach Asperg. Heute lernt er Elektroniker – der Weg dahin führte über Sprachkurs, Praktikum und viele Gespräche.',
  municipality: 'Asperg',
  topics: ['Arbeit', 'Sprache'],
  body: '## Der Anfang\n\nAls Samir nach Asperg kam, sprach er **kein Wort** Deutsch. Im Integrationsmanagement fand er jemanden, der mit ihm Ziele aufschrieb.\n\n- Sprachkurs bis B1\n- Praktikum in einem Handwerksbetrieb\n- Ausbildungsvertrag',
};
const EDITED_PARAGRAPH = 'Heute ist Samir im zweiten Lehrjahr und hilft selbst neuen Auszubildenden.';
const REVISED_PARAGRAPH = 'Der Betrieb bleibt auf Wunsch ungenannt.';
const PERSON_ROLE = 'Auszubildender';
const RETURN_COMMENT = 'Bitte den Namen des Betriebs weglassen und den Schluss ausführen.';

let harness: EditorHarness;
/** Filled in as the story moves along. */
let storyId = '';
let publicPath = '';

const storyUrl = () => `${harness.system.urls.editor}/#/geschichten/${storyId}`;

async function openStory(page: Page) {
  await page.goto(storyUrl());
  await page.getByRole('heading', { level: 1, name: STORY.title }).waitFor();
}

async function apiGet(path: string, username: string) {
  const token = await harness.system.gateway.idp.issue(username);
  return fetch(`${harness.system.urls.api}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

async function publicText(path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${harness.system.urls.site}${path}`);
  return { status: res.status, text: await res.text() };
}

async function feedTitles(): Promise<string[]> {
  const { text } = await publicText('/rss.xml');
  return parseFeed(text).items.map((i) => i.title ?? '');
}

beforeAll(async () => {
  // A system of its own: the whole journey walks the start page's lists, which other files' stories and users would change.
  harness = await startEditorHarness({ ownSystem: true });
});

afterAll(async () => {
  await harness?.close();
});

describe('a story from the first draft to the public site and back', () => {
  let manager: Page;
  let lead: Page;
  let press: Page;

  it('a Caritas manager signs in and sees who they are', async () => {
    manager = await harness.signIn('caritas-manager');
    const banner = await manager.getByRole('banner').innerText();
    expect(banner).toContain('Miriam Keller');
    expect(banner).toContain('Integrationsmanager:in');
    expect(banner).toContain('Caritas Ludwigsburg-Waiblingen-Enz');
    expect(await manager.getByRole('button', { name: 'Abmelden' }).isVisible()).toBe(true);
  });

  it("the form shows the server's field errors next to the field and in the summary", async () => {
    await manager.getByRole('link', { name: 'Neue Geschichte', exact: true }).click();
    await manager.getByRole('heading', { level: 1, name: 'Neue Geschichte' }).waitFor();
    await manager.getByLabel('Titel').fill('Ab');
    await manager.getByRole('button', { name: 'Speichern' }).click();

    const summary = manager.getByRole('alert');
    await summary.getByText('Der Titel braucht mindestens 5 Zeichen.').waitFor();
    expect(await manager.getByLabel('Titel').getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(manager, 'Titel')).toContain('Der Titel braucht mindestens 5 Zeichen.');
    // The summary's entry leads to the field.
    await summary.getByRole('link', { name: 'Der Titel braucht mindestens 5 Zeichen.' }).click();
    expect(await manager.getByLabel('Titel').evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('the manager creates a story with every field and saves it; the address keeps it', async () => {
    await manager.getByLabel('Titel').fill(STORY.title);
    await manager.getByLabel('Anreißer').fill(STORY.teaser);
    expect(await descriptionOf(manager, 'Anreißer')).toContain(`${STORY.teaser.length} von 300 Zeichen`);
    await manager.getByLabel('Stadt oder Gemeinde').selectOption(STORY.municipality);
    const topics = manager.getByRole('group', { name: 'Themen' });
    for (const topic of STORY.topics) await topics.getByRole('checkbox', { name: topic }).check();
    await manager.getByLabel('Text', { exact: true }).fill(STORY.body);

    const channels = manager.getByRole('group', { name: 'Wo soll die Geschichte erscheinen?' });
    expect(await channels.getByRole('checkbox', { name: 'Website' }).isChecked()).toBe(true);
    expect(await channels.getByRole('checkbox', { name: 'Pressemitteilung / Feed' }).isChecked()).toBe(true);
    expect(await manager.getByRole('checkbox', { name: 'Den Ort auf der Website nennen' }).isChecked()).toBe(true);
    await manager.getByRole('button', { name: 'Person hinzufügen' }).click();
    const personA = manager.getByRole('region', { name: 'Person A' });
    await personA.getByLabel('Rolle in der Geschichte').fill(PERSON_ROLE);
    await personA.getByLabel('Wie wird die Person genannt?').selectOption({ label: 'mit Pseudonym' });
    await personA.getByRole('checkbox', { name: 'Arbeitgeber oder Schule' }).check();
    await manager.getByRole('button', { name: 'Speichern' }).click();

    await manager.getByRole('heading', { level: 1, name: STORY.title }).waitFor();
    await statusSays(manager, 'Die Geschichte wurde gespeichert.');
    const match = /#\/geschichten\/([a-z0-9]+)$/.exec(manager.url());
    expect(match, manager.url()).not.toBeNull();
    storyId = match![1]!;

    await manager.reload();
    await manager.getByRole('heading', { level: 1, name: STORY.title }).waitFor();
    const preview = manager.getByRole('region', { name: 'Vorschau' });
    await preview.getByRole('heading', { name: 'Der Anfang' }).waitFor();
    expect(await preview.getByRole('listitem').allInnerTexts()).toEqual(['Sprachkurs bis B1', 'Praktikum in einem Handwerksbetrieb', 'Ausbildungsvertrag']);
    expect(await manager.getByText('Entwurf', { exact: true }).isVisible()).toBe(true);
  });

  it('the manager edits the story again', async () => {
    await manager.getByRole('link', { name: 'Bearbeiten' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Geschichte bearbeiten' }).waitFor();
    expect(await manager.getByLabel('Titel').inputValue()).toBe(STORY.title);
    expect(await manager.getByLabel('Stadt oder Gemeinde').inputValue()).toBe(STORY.municipality);
    expect(await manager.getByRole('group', { name: 'Themen' }).getByRole('checkbox', { name: 'Sprache' }).isChecked()).toBe(true);
    expect(await manager.getByRole('region', { name: 'Person A' }).getByLabel('Rolle in der Geschichte').inputValue()).toBe(PERSON_ROLE);
    await manager.getByLabel('Text', { exact: true }).fill(`${STORY.body}\n\n${EDITED_PARAGRAPH}`);
    await manager.getByRole('button', { name: 'Speichern' }).click();
    await manager.getByRole('heading', { level: 1, name: STORY.title }).waitFor();
    await manager.getByRole('region', { name: 'Vorschau' }).getByText(EDITED_PARAGRAPH).waitFor();
  });

  it('without a consent the story cannot be submitted; the manager records the signed form, then submits', async () => {
    await takeAction(manager, 'Zur Freigabe einreichen');
    const refusal = manager.getByRole('alert');
    await refusal.getByText('Person A: Es liegt keine Einwilligung vor.').waitFor();

    const consents = manager.getByRole('region', { name: 'Personen und Einwilligungen' });
    await consents
      .getByRole('region', { name: `Person A: ${PERSON_ROLE}` })
      .getByText('Noch keine Einwilligung erfasst.')
      .waitFor();
    await consents.getByRole('link', { name: 'Einwilligung von Person A erfassen' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Einwilligung erfassen: Person A' }).waitFor();
    await manager.getByRole('radio', { name: 'Die Person selbst' }).check();
    await manager.getByLabel('Datum der Einwilligung').fill(today());
    await manager.getByLabel('Sprache des Gesprächs').fill('Arabisch');
    await manager.getByRole('checkbox', { name: 'Das Gespräch wurde gedolmetscht' }).check();
    await manager.getByLabel('Aktenzeichen des unterschriebenen Formulars').fill('CARITAS-EW-2026-014');
    await manager.getByLabel('Gültig bis').fill(inTwoYears());
    const scope = manager.getByRole('group', { name: 'Umfang der Einwilligung' });
    await scope.getByRole('checkbox', { name: 'Website' }).check();
    await scope.getByRole('checkbox', { name: 'Pressemitteilung / Feed' }).check();
    await scope.getByLabel('Nennung').selectOption({ label: 'mit Pseudonym' });
    await scope.getByLabel('Fotos').selectOption({ label: 'keine Fotos' });
    const details = scope.getByRole('group', { name: 'Details, die gezeigt werden dürfen' });
    await details.getByRole('checkbox', { name: 'Wohnort' }).check();
    await details.getByRole('checkbox', { name: 'Arbeitgeber oder Schule' }).check();
    await manager.getByRole('button', { name: 'Einwilligung speichern' }).click();

    await manager.getByRole('heading', { level: 1, name: STORY.title }).waitFor();
    await statusSays(manager, 'Die Einwilligung von Person A wurde gespeichert.');
    await manager.getByRole('region', { name: 'Personen und Einwilligungen' }).getByText('vollständig', { exact: true }).waitFor();

    await takeAction(manager, 'Zur Freigabe einreichen');
    await statusSays(manager, 'Die Geschichte wurde zur Freigabe eingereicht.');
    await manager.getByText('Zur Freigabe eingereicht', { exact: true }).first().waitFor();
  });

  it("the manager cannot approve their own organisation's story: no button, and the API refuses", async () => {
    await openStory(manager);
    expect(await manager.getByRole('button', { name: 'Freigeben (Träger)' }).count()).toBe(0);
    expect(await manager.getByRole('button', { name: 'Zur Freigabe einreichen' }).count()).toBe(0);

    const story = (await (await apiGet(`/stories/${storyId}`, 'caritas-manager')).json()) as { version: number };
    const token = await harness.system.gateway.idp.issue('caritas-manager');
    const res = await fetch(`${harness.system.urls.api}/stories/${storyId}/transitions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'approve', version: story.version }),
    });
    expect(res.status).toBe(403);
  });

  it('the Caritas lead finds it in the queue and returns it with a comment', async () => {
    lead = await harness.signIn('caritas-lead');
    const queue = lead.getByRole('region', { name: /Wartet auf Ihre Freigabe/ });
    await queue.getByRole('link', { name: STORY.title }).click();
    await lead.getByRole('heading', { level: 1, name: STORY.title }).waitFor();

    await takeAction(lead, 'Zurückgeben');
    const dialog = lead.getByRole('dialog', { name: 'Geschichte zurückgeben' });
    await dialog.getByRole('button', { name: 'Mit Kommentar zurückgeben' }).click();
    await dialog.getByText('Bitte einen Kommentar angeben').waitFor();
    await dialog.getByLabel('Kommentar (Pflichtfeld)').fill(RETURN_COMMENT);
    await dialog.getByRole('button', { name: 'Mit Kommentar zurückgeben' }).click();

    await statusSays(lead, 'Die Geschichte wurde mit Ihrem Kommentar zurückgegeben.');
    await lead.getByText('Zurückgegeben', { exact: true }).first().waitFor();
  });

  it('the manager sees the comment, revises the story and submits it again', async () => {
    await manager.goto(harness.system.urls.editor);
    const returned = manager.getByRole('region', { name: /Zurückgegeben/ });
    await returned.getByText(RETURN_COMMENT).waitFor();
    await returned.getByRole('link', { name: STORY.title }).click();

    const feedback = manager.getByRole('region', { name: /Rückmeldung/ });
    await feedback.getByText(RETURN_COMMENT).waitFor();
    expect(await feedback.innerText()).toContain('Andrea Hoffmann');

    await manager.getByRole('link', { name: 'Bearbeiten' }).click();
    await manager.getByLabel('Text', { exact: true }).fill(`${STORY.body}\n\n${EDITED_PARAGRAPH} ${REVISED_PARAGRAPH}`);
    await manager.getByRole('button', { name: 'Speichern' }).click();
    await manager.getByRole('region', { name: 'Vorschau' }).getByText(REVISED_PARAGRAPH).waitFor();
    await takeAction(manager, 'Zur Freigabe einreichen');
    await statusSays(manager, 'Die Geschichte wurde zur Freigabe eingereicht.');
  });

  it('the manager records that the trainee heard exactly the final text (read-back)', async () => {
    const readBack = manager.getByRole('region', { name: 'Rückbestätigung des Textes' });
    await readBack.getByText('Die Rückbestätigung fehlt', { exact: false }).waitFor();
    await recordReadBack(manager, ['A']);
    expect(await readBack.innerText()).toContain('Person A');
    expect(await readBack.innerText()).toContain('vorgelesen');
  });

  it('the lead approves it', async () => {
    await lead.goto(harness.system.urls.editor);
    await lead
      .getByRole('region', { name: /Wartet auf Ihre Freigabe/ })
      .getByRole('link', { name: STORY.title })
      .click();
    await lead.getByRole('heading', { level: 1, name: STORY.title }).waitFor();
    await takeAction(lead, 'Freigeben (Träger)');
    await statusSays(lead, 'Die Geschichte ist freigegeben');
  });

  it('the press office approves and publishes it, and the editor links to the public page', async () => {
    press = await harness.signIn('presse');
    await press.getByRole('region', { name: 'Wartet auf Freigabe der Pressestelle' }).getByRole('link', { name: STORY.title }).click();
    await press.getByRole('heading', { level: 1, name: STORY.title }).waitFor();
    await takeAction(press, 'Freigeben (Pressestelle)');
    await statusSays(press, 'von der Pressestelle freigegeben');

    await press.goto(harness.system.urls.editor);
    await press.getByRole('region', { name: 'Freigegeben, bereit zur Veröffentlichung' }).getByRole('link', { name: STORY.title }).click();
    await takeAction(press, 'Veröffentlichen');
    const dialog = press.getByRole('dialog', { name: 'Geschichte veröffentlichen?' });
    await dialog.getByText('Die Geschichte erscheint sofort auf der öffentlichen Website und im Feed.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Ja, veröffentlichen' }).click();
    await statusSays(press, 'Die Geschichte ist veröffentlicht.');

    const link = press.getByRole('link', { name: `${harness.system.urls.site}/geschichten/` });
    const href = await link.getAttribute('href');
    expect(href!.startsWith(`${harness.system.urls.site}/geschichten/`)).toBe(true);
    expect(href).toMatch(new RegExp(`/geschichten/[a-z0-9-]+-${storyId}/$`));
    publicPath = new URL(href!).pathname;
  });

  it('within seconds the public site shows it on the home page and its own page, and the feed carries it', async () => {
    await expect.poll(async () => (await publicText('/')).text, { timeout: 30_000, interval: 500 }).toContain(STORY.title);
    const page = await publicText(publicPath);
    expect(page.status).toBe(200);
    expect(page.text).toContain(REVISED_PARAGRAPH);
    expect(await feedTitles()).toContain(STORY.title);

    // A reader follows the link from the home page.
    const reader = await harness.openEditor('reader');
    await reader.goto(harness.system.urls.site);
    await reader.getByRole('link', { name: STORY.title }).click();
    await reader.getByRole('heading', { level: 1, name: STORY.title }).waitFor();
  });

  it('taking it off the website removes it from the site and the feed', async () => {
    await openStory(press);
    await takeAction(press, 'Von der Website nehmen');
    const dialog = press.getByRole('dialog', { name: 'Von der Website nehmen?' });
    await dialog.getByText('Pressemitteilungen, die sie zeigen, gehen offline.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Ja, von der Website nehmen' }).click();
    await statusSays(press, 'Die Geschichte wurde von der Website genommen.');

    await expect.poll(async () => (await publicText('/')).text, { timeout: 30_000, interval: 500 }).not.toContain(STORY.title);
    // The site may answer 404 or, for a page that existed, 410 Gone.
    expect([404, 410]).toContain((await publicText(publicPath)).status);
    expect(await feedTitles()).not.toContain(STORY.title);
  });

  it("a DRK manager does not see Caritas' unpublished story, not in the list and not by its address", async () => {
    const drk = await harness.signIn('drk-manager');
    expect(await drk.getByRole('link', { name: STORY.title }).count()).toBe(0);

    await drk.goto(storyUrl());
    await drk.getByRole('heading', { level: 1, name: 'Geschichte nicht gefunden' }).waitFor();
    await drk.getByText('Diese Geschichte gibt es nicht oder Sie dürfen sie nicht sehen.').waitFor();
  });

  it('no page broke the Content-Security-Policy or threw a script error', () => {
    expect(harness.problems).toEqual([]);
  });
});
