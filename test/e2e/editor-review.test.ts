import { seedDemoData } from '@newsroom/infra-local/seed.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, startEditorHarness, statusSays } from './editor-browser.ts';

/**
 * Review work in a real browser: comments on a story, the version history with its word
 * diff and restore, drafts that save themselves without ever overwriting a colleague's
 * save, the global audit trail, and the user administration. Stories are prepared through
 * the API (the workflow itself is clicked through in editor-workflow and editor-keyboard).
 */

let harness: EditorHarness;

async function api<T = Record<string, unknown>>(username: string, method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
  const token = await harness.system.gateway.idp.issue(username);
  const res = await fetch(`${harness.system.urls.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, data: (await res.json().catch(() => undefined)) as T };
}

const DRAFT = {
  title: 'Ein Ausbildungsplatz in Freiberg am Neckar',
  teaser: 'Nach dem Sprachkurs kam das Praktikum, nach dem Praktikum der Vertrag: ein Weg in die Ausbildung mit vielen Stationen.',
  municipality: 'Freiberg am Neckar',
  topics: ['ausbildung'],
  body: 'Am Anfang stand ein Sprachkurs am Abend. Im Integrationsmanagement entstand ein Plan mit drei Schritten.\n\nHeute ist das erste Lehrjahr fast vorbei.',
  channels: ['website'],
  showMunicipality: true,
  persons: [],
};

interface StoryLike {
  id: string;
  version: number;
  title: string;
  body?: string;
}

async function newDraft(username: string, title = DRAFT.title): Promise<StoryLike> {
  const { status, data } = await api<StoryLike>(username, 'POST', '/stories', { ...DRAFT, title });
  expect(status).toBe(201);
  return data;
}

async function edit(username: string, story: StoryLike, change: Partial<typeof DRAFT>): Promise<StoryLike> {
  const { status, data } = await api<StoryLike>(username, 'PUT', `/stories/${story.id}`, {
    version: story.version,
    story: { ...DRAFT, title: story.title, ...change },
  });
  expect(status, JSON.stringify(data)).toBe(200);
  return data;
}

const openStory = async (page: Page, id: string, title: string) => {
  await page.goto(`${harness.system.urls.editor}/#/geschichten/${id}`);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
};

beforeAll(async () => {
  harness = await startEditorHarness();
  // Demo stories, releases and statistics, written straight into the table (no site build).
  await seedDemoData(harness.system.store.db);
});

afterAll(async () => {
  await harness?.close();
});

describe('comments on a story', () => {
  it('the partner lead comments; the list grows, the status region says so and the field is ready for the next one', async () => {
    const story = await newDraft('caritas-manager', 'Kommentare in Bietigheim');
    const lead = await harness.signIn('caritas-lead');
    await openStory(lead, story.id, 'Kommentare in Bietigheim');
    const comments = lead.getByRole('region', { name: /^Kommentare/ });
    await comments.getByText('Noch keine Kommentare.').waitFor();

    await comments.getByRole('button', { name: 'Kommentar hinzufügen' }).click();
    await comments.getByText('Bitte einen Kommentar schreiben.').waitFor();
    expect(await comments.getByLabel('Ihr Kommentar').getAttribute('aria-invalid')).toBe('true');

    await comments.getByLabel('Ihr Kommentar').fill('Bitte den Namen des Betriebs weglassen.');
    await comments.getByRole('button', { name: 'Kommentar hinzufügen' }).click();
    await statusSays(lead, 'Ihr Kommentar wurde hinzugefügt.');
    expect(await comments.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining('Bitte den Namen des Betriebs weglassen.')]);
    expect(await comments.getByRole('heading', { level: 2 }).innerText()).toBe('Kommentare (1)');
    expect(await comments.getByLabel('Ihr Kommentar').evaluate((el: HTMLTextAreaElement) => el === document.activeElement && el.value === '')).toBe(true);

    // The author sees it; another partner does not even get the story, let alone its comments.
    const author = await harness.signIn('caritas-manager');
    await openStory(author, story.id, 'Kommentare in Bietigheim');
    await author
      .getByRole('region', { name: /^Kommentare/ })
      .getByText('Andrea Hoffmann')
      .waitFor();
    expect((await api('drk-lead', 'GET', `/stories/${story.id}/comments`)).status).toBe(404);
  });

  it("another partner's published story opens read-only as the site shows it: no comments, consents, read-back, versions or history", async () => {
    const drk = await harness.signIn('drk-lead');
    await openStory(drk, 'demo000001', 'Vom Sprachkurs in die eigene Wohnung');
    await drk.getByText('Sie sehen, was die Website zeigt').waitFor();
    for (const name of [/^Kommentare/, 'Personen und Einwilligungen', 'Rückbestätigung des Textes', 'Fassungen', 'Verlauf', 'Nächste Schritte']) {
      expect(await drk.getByRole('region', { name }).count(), String(name)).toBe(0);
    }
    // Its press release, too: what the site shows, linking to the story by title.
    await drk.goto(`${harness.system.urls.editor}/#/pressemitteilungen/demorel001`);
    await drk.getByRole('heading', { level: 1, name: /Der erste eigene Mietvertrag/ }).waitFor();
    await drk.getByRole('link', { name: 'Vom Sprachkurs in die eigene Wohnung' }).waitFor();
    expect(await drk.getByRole('region', { name: 'Verlauf' }).count()).toBe(0);
  });
});

describe('version history', () => {
  it('two versions compared word by word, marked in words as well as colour, and an older one restored after a confirmation', async () => {
    let story = await newDraft('caritas-manager', 'Fassungen in Asperg');
    story = await edit('caritas-manager', story, { body: DRAFT.body.replace('Sprachkurs am Abend', 'Sprachkurs am Vormittag') });
    story = await edit('caritas-manager-2', story, {
      body: `${DRAFT.body.replace('Sprachkurs am Abend', 'Sprachkurs am Vormittag')}\n\nDer Betrieb sucht weitere Auszubildende.`,
    });
    const page = await harness.signIn('caritas-manager');
    await openStory(page, story.id, 'Fassungen in Asperg');
    const history = page.getByRole('region', { name: 'Fassungen' });
    const rows = history.getByRole('table').getByRole('row');
    await rows.nth(3).waitFor();
    expect(await rows.count()).toBe(4);
    expect(await rows.nth(1).innerText()).toContain('Tobias Wagner');

    await history.getByLabel('Ältere Fassung').selectOption({ index: 2 });
    await history.getByRole('button', { name: 'Unterschiede anzeigen' }).click();
    const heading = history.getByRole('heading', { name: 'Unterschiede von Fassung 1 zu Fassung 3' });
    await heading.waitFor();
    expect(await heading.evaluate((el) => el === document.activeElement)).toBe(true);
    const text = history.locator('.diff-field').filter({ has: page.getByRole('heading', { name: /^Text/ }) });
    expect(await text.locator('del').allInnerTexts()).toEqual([expect.stringContaining('Abend')]);
    expect((await text.locator('ins').allInnerTexts()).join(' ')).toContain('Vormittag');
    expect((await text.locator('ins').allInnerTexts()).join(' ')).toContain('Der Betrieb sucht weitere Auszubildende.');
    // Screen readers hear the kind of change, since they do not announce <del> and <ins>.
    expect(await text.locator('del .visually-hidden').first().textContent()).toBe('[entfernt: ');

    await history.getByRole('button', { name: 'Fassung 1 wiederherstellen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Fassung 1 wiederherstellen?' });
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    expect(await history.getByRole('button', { name: 'Fassung 1 wiederherstellen' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await history.getByRole('button', { name: 'Fassung 1 wiederherstellen' }).click();
    await dialog.getByRole('button', { name: 'Ja, wiederherstellen' }).click();
    await statusSays(page, 'Fassung 1 wurde wiederhergestellt und als neue Fassung gespeichert.');
    await page.getByRole('region', { name: 'Vorschau' }).getByText('Sprachkurs am Abend').waitFor();
    await history.getByRole('row', { name: /Fassung 4 aktuell/ }).waitFor();
    await page.getByRole('region', { name: 'Verlauf' }).getByText('Frühere Fassung wiederhergestellt').waitFor();
  });

  it('whoever may not edit the story compares, but is offered no restore', async () => {
    const page = await harness.signIn('presse');
    const story = await newDraft('lra-manager', 'Nur ansehen in Tamm');
    await edit('lra-manager', story, { body: `${DRAFT.body} Noch ein Satz.` });
    // The press office may read the Landratsamt's own drafts but not edit them before the partner approves.
    await openStory(page, story.id, 'Nur ansehen in Tamm');
    const history = page.getByRole('region', { name: 'Fassungen' });
    await history.getByRole('button', { name: 'Unterschiede anzeigen' }).waitFor();
    expect(await history.getByRole('button', { name: /wiederherstellen/ }).count()).toBe(0);
  });
});

describe('autosave of a draft', () => {
  it("saves three seconds after typing; a colleague's newer save is never overwritten silently, the person chooses", async () => {
    const story = await newDraft('caritas-manager', 'Automatisch gespeichert in Murr');
    const page = await harness.signIn('caritas-manager');
    // The browser's clock is under the test's control: three seconds pass when the test says so.
    await page.clock.install();
    await page.goto(`${harness.system.urls.editor}/#/geschichten/${story.id}/bearbeiten`);
    await page.getByRole('heading', { level: 1, name: 'Geschichte bearbeiten' }).waitFor();
    const body = page.getByLabel('Text', { exact: true });
    await body.fill(`${DRAFT.body}\n\nErster eigener Absatz.`);
    await page.clock.runFor(2500);
    expect((await api<StoryLike>('caritas-manager', 'GET', `/stories/${story.id}`)).data.body).not.toContain('Erster eigener Absatz.');
    await page.clock.runFor(600);
    await page.getByText(/^Automatisch gespeichert um \d\d:\d\d Uhr\.$/).waitFor();
    const saved = (await api<StoryLike>('caritas-manager', 'GET', `/stories/${story.id}`)).data;
    expect(saved.body).toContain('Erster eigener Absatz.');

    // A colleague saves in between; the next automatic save finds a newer version.
    await edit('caritas-manager-2', saved, { body: `${DRAFT.body}\n\nAbsatz der Kollegin.` });
    await body.fill(`${DRAFT.body}\n\nErster eigener Absatz. Und ein zweiter.`);
    await page.clock.runFor(3100);
    const alert = page.getByRole('alert');
    await alert.getByRole('heading', { name: 'Die Geschichte wurde inzwischen geändert' }).waitFor();
    await alert.getByText('Tobias Wagner hat die Geschichte').waitFor();
    const table = page.getByRole('table', { name: 'Was sich unterscheidet' });
    const row = table.getByRole('row', { name: /^Text/ });
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([expect.stringContaining('Und ein zweiter.'), expect.stringContaining('Absatz der Kollegin.')]);
    expect((await api<StoryLike>('caritas-manager', 'GET', `/stories/${story.id}`)).data.body).toContain('Absatz der Kollegin.');

    await alert.getByRole('button', { name: 'Meine Fassung speichern' }).click();
    await statusSays(page, 'Ihre Fassung ist gespeichert.');
    const after = (await api<StoryLike>('caritas-manager', 'GET', `/stories/${story.id}`)).data;
    expect(after.body).toContain('Und ein zweiter.');
    // The colleague's text stays in the history.
    const versions = (await api<{ items: { byName: string }[] }>('caritas-manager', 'GET', `/stories/${story.id}/versions`)).data.items;
    expect(versions.map((v) => v.byName)).toContain('Tobias Wagner');
  });
});

describe('Protokoll', () => {
  it('the press office reads who did what this month, with German labels and links; a month without entries says so', async () => {
    const page = await harness.signIn('presse');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Protokoll' }).click();
    await page.getByRole('heading', { level: 1, name: /^Protokoll: / }).waitFor();
    const table = page.getByRole('table');
    await table.getByRole('cell', { name: 'Frühere Fassung wiederhergestellt' }).first().waitFor();
    await table.getByRole('cell', { name: 'Bearbeitet' }).first().waitFor();
    // A Caritas draft is not the press office's to open: said in words, no dead link.
    await table.getByText('(für Sie nicht einsehbar)').first().waitFor();

    await page.getByLabel('Monat', { exact: true }).selectOption({ index: 30 });
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await page.getByText(/gibt es keine Einträge\./).waitFor();
  });

  it('a manager is told that the Protokoll is for the press office and administration', async () => {
    const page = await harness.signIn('awo-manager');
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Protokoll' }).count()).toBe(0);
    await page.goto(`${harness.system.urls.editor}/#/protokoll`);
    await page.getByText('Das Protokoll aller Änderungen sehen die Pressestelle und die Administration.').waitFor();
  });
});

describe('Benutzerverwaltung', () => {
  it('the administrator invites a person after the form caught the mistakes, changes the role, locks the account; the own account stays read-only', async () => {
    const page = await harness.signIn('admin');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Benutzerverwaltung' }).click();
    await page.getByRole('heading', { level: 1, name: 'Benutzerverwaltung' }).waitFor();
    const own = page.getByRole('row', { name: /Dennis Krüger/ });
    await own.getByText('Ihr eigenes Konto').waitFor();
    expect(await own.getByRole('button').count()).toBe(0);
    const refused = await api<{ detail: string }>('admin', 'PUT', '/users/admin', { role: 'press' });
    expect(refused.status).toBe(403);
    expect(refused.data.detail).toBe('Die eigene Rolle, Organisation oder Sperrung kann niemand selbst ändern.');

    const form = page.getByRole('form', { name: 'Benutzerkonto anlegen' });
    await form.getByLabel('Benutzername').fill('Neue Person');
    await form.getByLabel('Organisation').selectOption({ label: 'Arbeiterwohlfahrt (AWO), Kreisverband Ludwigsburg' });
    await form.getByLabel('Rolle').selectOption({ label: 'Pressestelle' });
    await form.getByRole('button', { name: 'Benutzerkonto anlegen' }).click();
    const summary = form.getByRole('alert');
    await summary.getByRole('link', { name: 'Pressestelle und Administration gehören zum Landratsamt.' }).waitFor();
    await summary.getByRole('link', { name: 'Bitte eine gültige E-Mail-Adresse angeben.' }).click();
    expect(await form.getByLabel('E-Mail-Adresse').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await form.getByLabel('Benutzername').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Benutzername').fill('awo-manager-2');
    await form.getByLabel('Name', { exact: true }).fill('Nina Schuster');
    await form.getByLabel('E-Mail-Adresse').fill('nina.schuster@demo.invalid');
    await form.getByLabel('Rolle').selectOption({ label: 'Integrationsmanager:in' });
    await form.getByRole('button', { name: 'Benutzerkonto anlegen' }).click();
    await statusSays(page, 'Das Benutzerkonto für Nina Schuster ist angelegt.');
    const nina = page.getByRole('row', { name: /Nina Schuster/ });
    await nina.getByText('Integrationsmanager:in').waitFor();

    await nina.getByRole('button', { name: /^Ändern\W+Nina Schuster$/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Benutzerkonto ändern: Nina Schuster' });
    await dialog.getByLabel('Rolle').selectOption({ label: 'Partnerleitung' });
    await dialog.getByRole('button', { name: 'Änderungen speichern' }).click();
    await statusSays(page, 'Das Benutzerkonto von Nina Schuster ist geändert: Partnerleitung, Arbeiterwohlfahrt (AWO), Kreisverband Ludwigsburg.');
    await nina.getByText('Partnerleitung').waitFor();

    await nina.getByRole('button', { name: /^Sperren\W+Nina Schuster$/ }).click();
    await page.getByRole('dialog', { name: 'Benutzerkonto von Nina Schuster sperren?' }).getByRole('button', { name: 'Ja, sperren' }).click();
    await statusSays(page, 'Das Benutzerkonto von Nina Schuster ist gesperrt.');
    await nina.getByText('gesperrt', { exact: true }).waitFor();
    expect(await nina.getByRole('button', { name: /^Entsperren\W+Nina Schuster$/ }).evaluate((el) => el === document.activeElement)).toBe(true);
    const signInPage = await harness.openEditor('sign-in');
    await signInPage.getByRole('heading', { level: 1, name: 'Anmelden (lokale Entwicklung)' }).waitFor();
    expect(await signInPage.getByRole('button', { name: /Nina Schuster/ }).count()).toBe(0);
  });

  it('a partner lead cannot make themselves press office', async () => {
    expect((await api('awo-lead', 'PUT', '/users/awo-lead', { role: 'press', partner: 'lra' })).status).toBe(403);
  });
});

/** How many stories the start page's „Entwürfe“ of `username`'s organisation lists: drafts, and published stories with a draft revision. */
async function organisationDrafts(username: string): Promise<number> {
  let count = 0;
  for (const query of ['status=draft', 'revision=draft']) {
    let cursor: string | undefined;
    do {
      const { status, data } = await api<{ items: unknown[]; next?: string }>(
        username,
        'GET',
        `/stories?${query}&scope=partner${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(status).toBe(200);
      count += data.items.length;
      cursor = data.next;
    } while (cursor);
  }
  return count;
}

describe('start page lists', () => {
  it('a long list comes a page at a time with its count; filters narrow it and say how many are left', async () => {
    // Files before this one may have left AWO drafts in the shared system: the list holds those and the 27 below,
    // one page more than the 25 the start page loads per list (and, for this test, not a third page).
    const before = await organisationDrafts('awo-manager');
    expect(before, 'AWO drafts before the series').toBeLessThanOrEqual(50 - 27);
    const total = before + 27;
    // A new colleague writes the series, so „Nur von mir angelegte“ finds exactly it.
    const invited = await api('admin', 'POST', '/users', {
      username: 'awo-serie',
      name: 'Lena Vogt',
      email: 'lena.vogt@demo.invalid',
      role: 'manager',
      partner: 'awo',
    });
    expect(invited.status, JSON.stringify(invited.data)).toBe(201);
    for (let i = 1; i <= 27; i++) {
      const { status } = await api('awo-serie', 'POST', '/stories', {
        ...DRAFT,
        title: `Entwurf Nummer ${i} aus der Serie`,
        municipality: i % 3 === 0 ? 'Tamm' : 'Asperg',
      });
      expect(status).toBe(201);
    }
    const page = await harness.signIn('awo-serie', 'Lena Vogt');
    const drafts = page.getByRole('region', { name: /^Entwürfe/ });
    expect(await drafts.getByRole('heading', { level: 2 }).innerText()).toBe('Entwürfe (25, weitere vorhanden)');
    expect(
      await page
        .getByRole('navigation', { name: 'Auf einen Blick' })
        .getByRole('link', { name: /^Entwürfe/ })
        .innerText(),
    ).toContain('25+');

    await drafts.getByRole('button', { name: 'Weitere laden' }).click();
    await statusSays(page, `${total - 25} weitere Geschichten geladen; das sind jetzt alle.`);
    expect(await drafts.getByRole('heading', { level: 2 }).innerText()).toBe(`Entwürfe (${total})`);
    expect(await drafts.getByRole('button', { name: 'Weitere laden' }).count()).toBe(0);
    // Focus lands on the first story that was added, so the keyboard continues there.
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.parentElement?.children.length)).toBe(total);
    expect(await page.evaluate(() => [...document.activeElement!.closest('ul')!.children].indexOf(document.activeElement!.closest('li')!))).toBe(25);

    await page.getByLabel('Nur von mir angelegte').check();
    await statusSays(page, 'Filter angewendet: 27 Einträge');
    expect(await drafts.getByRole('heading', { level: 2 }).innerText()).toBe(`Entwürfe (27 von ${total})`);
    await page.getByLabel('Stadt oder Gemeinde', { exact: true }).selectOption('Tamm');
    await statusSays(page, 'Filter angewendet: 9 Einträge');
    expect(await drafts.getByRole('heading', { level: 2 }).innerText()).toBe(`Entwürfe (9 von ${total})`);
    await page.getByLabel('Sortierung').selectOption({ label: 'Titel A–Z' });
    expect((await drafts.getByRole('heading', { level: 3 }).allInnerTexts())[0]).toBe('Entwurf Nummer 3 aus der Serie');
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await statusSays(page, 'Alle Filter aufgehoben');
    expect(await drafts.getByRole('heading', { level: 2 }).innerText()).toBe(`Entwürfe (${total})`);
  });
});

describe('every screen above', () => {
  it('ran without a script error or a Content-Security-Policy violation', () => {
    expect(harness.problems).toEqual([]);
  });
});
