import { runtimePorts } from '@newsroom/operations/ports.ts';
import { runStorySchedule } from '@newsroom/operations/story-schedule.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { type EditorHarness, startEditorHarness, statusSays, takeAction } from './editor-browser.ts';

/**
 * Steps that cannot be taken back ask first, in a modal dialog that names the consequence;
 * the re-identification warnings the API computes are shown to the author at submit and to
 * the partner lead, who approves only after acknowledging them. Keyboard and axe included.
 */

let harness: EditorHarness;

async function api<T = any>(username: string, method: string, path: string, body?: unknown): Promise<T> {
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

const isFocused = (locator: ReturnType<Page['getByRole']>) => locator.evaluate((el) => el === document.activeElement);

/**
 * A Caritas story ready to submit. `warned`: its person shows first name and country of origin
 * in a named place, a re-identification warning whatever the statistics; otherwise a pseudonym only.
 */
async function consentedStory(title: string, warned = true): Promise<{ id: string; version: number }> {
  const shows = warned ? { naming: 'first-name', photos: 'none', details: ['origin'] } : { naming: 'pseudonym', photos: 'none', details: [] };
  const story = await api('caritas-manager', 'POST', '/stories', {
    title,
    teaser: 'Wie eine Klientin mit Unterstützung des Integrationsmanagements eine Stelle in der Pflege gefunden hat.',
    municipality: 'Tamm',
    topics: ['arbeit'],
    channels: ['website'],
    showMunicipality: true,
    body: 'Nach einem Praktikum kam die Stelle in der Pflege. Der Weg dorthin war lang, aber sie hat nie aufgegeben.',
    persons: [{ id: 'A', role: 'Klientin', ageGroup: 'adult', shows }],
  });
  const consented = await api('caritas-manager', 'POST', `/stories/${story.id}/consents`, {
    version: story.version,
    consent: {
      personId: 'A',
      givenBy: 'person',
      date: new Date().toISOString().slice(0, 10),
      language: 'Deutsch',
      interpreter: false,
      formReference: 'EW-A-1',
      validUntil: '2099-12-31',
      scope: { channels: ['website'], naming: shows.naming, photos: 'none', details: [...shows.details, 'municipality'], specialCategories: false },
    },
  });
  return api('caritas-manager', 'POST', `/stories/${story.id}/read-back`, {
    version: consented.version,
    readBack: { date: new Date().toISOString().slice(0, 10), how: 'read-aloud', language: 'Deutsch', personIds: ['A'] },
  });
}

const openStory = async (page: Page, id: string, title: string) => {
  await page.goto(`${harness.system.urls.editor}/#/geschichten/${id}`);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
};

beforeAll(async () => {
  harness = await startEditorHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('re-identification warnings', () => {
  const title = 'Amal pflegt in Tamm';
  let storyId = '';

  it('the author sees them with their reason on the story and again in the dialog before submitting', async () => {
    storyId = (await consentedStory(title)).id;
    const manager = await harness.signIn('caritas-manager');
    await openStory(manager, storyId, title);
    const warnings = manager.getByRole('region', { name: 'Hinweise zur Wiedererkennbarkeit' });
    await warnings.getByText('Person A: Name, Herkunftsland und Wohnort zusammen machen die Person für alle auffindbar', { exact: false }).waitFor();
    expect(await axeViolations(manager)).toEqual([]);

    await takeAction(manager, 'Zur Freigabe einreichen');
    const dialog = manager.getByRole('dialog', { name: 'Trotz Hinweisen einreichen?' });
    await dialog.getByRole('listitem').getByText('Person A: Name, Herkunftsland und Wohnort', { exact: false }).waitFor();
    expect(await axeViolations(manager)).toEqual([]);
    await dialog.getByRole('button', { name: 'Trotzdem einreichen' }).click();
    await statusSays(manager, 'Die Geschichte wurde zur Freigabe eingereicht.');
    expect((await api('caritas-manager', 'GET', `/stories/${storyId}`)).status).toBe('submitted');
  });

  it('the lead approves only after ticking the acknowledgement, by keyboard; Escape cancels and returns focus; the audit keeps it', async () => {
    const lead = await harness.signIn('caritas-lead');
    await openStory(lead, storyId, title);
    await lead.getByRole('region', { name: 'Hinweise zur Wiedererkennbarkeit' }).getByText('Person A:', { exact: false }).waitFor();
    const approve = lead.getByRole('region', { name: 'Nächste Schritte' }).getByRole('button', { name: 'Freigeben (Träger)' });
    await approve.focus();
    await lead.keyboard.press('Enter');
    const dialog = lead.getByRole('dialog', { name: 'Trotz Hinweisen freigeben?' });
    const tick = dialog.getByRole('checkbox', { name: /Ich habe die Hinweise zur Wiedererkennbarkeit gelesen/ });
    await tick.waitFor();
    expect(await isFocused(tick)).toBe(true);
    expect(await dialog.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining('Person A: Name, Herkunftsland und Wohnort')]);

    await lead.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await isFocused(approve)).toBe(true);
    expect((await api('caritas-lead', 'GET', `/stories/${storyId}`)).status).toBe('submitted');

    // Confirming without the tick is refused in the dialog, with the reason tied to the checkbox.
    await lead.keyboard.press('Enter');
    await tick.waitFor();
    await lead.keyboard.press('Tab');
    expect(await isFocused(dialog.getByRole('button', { name: 'Freigeben', exact: true }))).toBe(true);
    await lead.keyboard.press('Enter');
    await dialog.getByText('Ohne Bestätigung ist keine Freigabe möglich.', { exact: false }).waitFor();
    expect(await tick.getAttribute('aria-invalid')).toBe('true');
    expect(await isFocused(tick)).toBe(true);
    expect(await axeViolations(lead)).toEqual([]);

    await lead.keyboard.press(' ');
    await lead.keyboard.press('Tab');
    await lead.keyboard.press('Enter');
    await statusSays(lead, 'Die Geschichte ist freigegeben und liegt jetzt bei der Pressestelle.');
    await lead
      .getByRole('region', { name: 'Verlauf' })
      .getByText('Hinweise zur Wiedererkennbarkeit gelesen und bestätigt: Person A: Name, Herkunftsland und Wohnort', { exact: false })
      .waitFor();
  });
});

describe('working a queue in bulk', () => {
  it('the lead approves several at once: each is checked on its own, the result says which went through and why not', async () => {
    const titles = ['Sammelfreigabe eins', 'Sammelfreigabe zwei', 'Sammelfreigabe mit Hinweis'];
    for (const [i, title] of titles.entries()) {
      const story = await consentedStory(title, i === 2);
      await api('caritas-manager', 'POST', `/stories/${story.id}/transitions`, { action: 'submit', version: story.version });
    }
    const lead = await harness.signIn('caritas-lead');
    const queue = lead.getByRole('region', { name: /^Wartet auf Ihre Freigabe/ });
    for (const title of titles) await queue.getByRole('checkbox', { name: `Auswählen: ${title}` }).check();
    await queue.getByRole('button', { name: 'Ausgewählte freigeben' }).click();
    const dialog = lead.getByRole('dialog', { name: '3 Geschichten freigeben?' });
    expect(await dialog.getByRole('listitem').allInnerTexts()).toEqual(titles);
    expect(await axeViolations(lead)).toEqual([]);
    await dialog.getByRole('button', { name: 'Freigeben' }).click();

    const result = queue.getByRole('heading', { name: 'Ergebnis: 2 von 3 Geschichten freigegeben.' });
    await result.waitFor();
    expect(await isFocused(result)).toBe(true);
    const lines = await queue.locator('.bulk-results li').allInnerTexts();
    expect(lines).toEqual([
      'Sammelfreigabe eins: freigegeben.',
      'Sammelfreigabe zwei: freigegeben.',
      expect.stringMatching(
        /^Sammelfreigabe mit Hinweis: nicht ausgeführt\. Vor der Freigabe bitte die Hinweise zur Wiedererkennbarkeit lesen.*Person A: Name, Herkunftsland/,
      ),
    ]);
    // What went through left the queue; the refused one waits, still to be chosen.
    expect(await queue.getByRole('link', { name: 'Sammelfreigabe eins' }).count()).toBe(0);
    await queue.getByRole('link', { name: 'Sammelfreigabe mit Hinweis' }).waitFor();
    expect(await axeViolations(lead)).toEqual([]);

    // Returning in bulk asks for the one comment all of them get.
    await queue.getByRole('checkbox', { name: 'Auswählen: Sammelfreigabe mit Hinweis' }).check();
    await queue.getByRole('button', { name: 'Ausgewählte zurückgeben' }).click();
    const back = lead.getByRole('dialog', { name: 'Eine Geschichte zurückgeben?' });
    await back.getByLabel('Kommentar (Pflichtfeld)').fill('Bitte das Herkunftsland weglassen.');
    await back.getByRole('button', { name: 'Mit Kommentar zurückgeben' }).click();
    await queue.getByRole('heading', { name: 'Ergebnis: 1 von 1 Geschichte zurückgegeben.' }).waitFor();
    const stories = (await api('caritas-lead', 'GET', '/stories?scope=partner&limit=100')).items as { title: string; status: string; returnComment?: string }[];
    const byTitle = new Map(stories.map((s) => [s.title, s]));
    expect(byTitle.get('Sammelfreigabe eins')?.status).toBe('partner-approved');
    expect(byTitle.get('Sammelfreigabe zwei')?.status).toBe('partner-approved');
    expect(byTitle.get('Sammelfreigabe mit Hinweis')).toMatchObject({ status: 'returned', returnComment: 'Bitte das Herkunftsland weglassen.' });
  });
});

describe('planning a story for a Berlin time', () => {
  it('the press office plans it after a confirmation; the queue shows the time; at that moment the scheduler publishes it', async () => {
    const title = 'Geplant für den Sommer';
    let story = await consentedStory(title, false);
    for (const [user, action] of [
      ['caritas-manager', 'submit'],
      ['caritas-lead', 'approve'],
      ['presse', 'press-approve'],
    ] as const) {
      story = await api(user, 'POST', `/stories/${story.id}/transitions`, { action, version: story.version });
    }
    const year = new Date().getUTCFullYear() + 1;
    const press = await harness.signIn('presse');
    await openStory(press, story.id, title);
    const section = press.getByRole('region', { name: 'Veröffentlichung planen' });
    const when = section.getByRole('group', { name: 'Zeitpunkt der Veröffentlichung' });
    await when.getByLabel('Datum').fill(`${year}-07-01`);
    await when.getByLabel('Uhrzeit').fill('10:00');
    await when.getByText('Sommerzeit (MESZ, UTC+2)', { exact: false }).waitFor();
    const planButton = section.getByRole('button', { name: 'Veröffentlichung planen' });
    await planButton.click();
    const dialog = press.getByRole('dialog', { name: 'Veröffentlichung planen?' });
    await dialog.getByText(`am 01.07.${year} um 10:00 Uhr (deutsche Zeit)`, { exact: false }).waitFor();
    await press.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await isFocused(planButton)).toBe(true);
    await planButton.click();
    await dialog.getByRole('button', { name: 'Ja, planen' }).click();
    await statusSays(press, 'Die Veröffentlichung ist geplant.');
    await press.getByRole('region', { name: 'Veröffentlichung planen' }).getByText(`Geplant für 01.07.${year}, 10:00 Uhr`, { exact: false }).waitFor();
    expect(await axeViolations(press)).toEqual([]);

    await press.goto(harness.system.urls.editor);
    const card = press
      .getByRole('region', { name: /^Freigegeben, bereit zur Veröffentlichung/ })
      .getByRole('listitem')
      .filter({ hasText: title });
    await card.getByText(`1. Juli ${year} um 10:00`).waitFor();

    const planned = await api('presse', 'GET', `/stories/${story.id}`);
    // Only the story schedule: the other jobs at that future moment would touch what other files of this worker made.
    expect(await runStorySchedule(runtimePorts(), new Date(planned.publishAt))).toMatchObject({ published: [story.id] });
    const published = await api('presse', 'GET', `/stories/${story.id}`);
    expect(published.status).toBe('published');
    await expect
      .poll(async () => (await fetch(`${harness.system.urls.site}/geschichten/${published.slug}/`)).status, { timeout: 30_000, interval: 500 })
      .toBe(200);
  });
});

describe('erasure on request asks first', () => {
  it('names what goes; Escape keeps everything, confirming erases and leaves only the erasure record', async () => {
    const title = 'Löschen auf Antrag in Tamm';
    const story = await consentedStory(title);
    const manager = await harness.signIn('caritas-manager');
    await openStory(manager, story.id, title);
    const erase = manager.getByRole('region', { name: 'Löschen auf Antrag' }).getByRole('button', { name: 'Daten auf Antrag löschen' });
    await erase.click();
    const dialog = manager.getByRole('dialog', { name: 'Daten der Geschichte löschen?' });
    await dialog.getByText('Das lässt sich nicht rückgängig machen.', { exact: false }).waitFor();
    expect(await isFocused(dialog.getByRole('button', { name: 'Abbrechen' }))).toBe(true);
    expect(await axeViolations(manager)).toEqual([]);
    await manager.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await isFocused(erase)).toBe(true);
    expect((await api('caritas-manager', 'GET', `/stories/${story.id}`)).erasedAt).toBeUndefined();

    await erase.click();
    await dialog.getByRole('button', { name: 'Ja, endgültig löschen' }).click();
    await statusSays(manager, 'Die Daten der Geschichte sind gelöscht.');
    expect((await api('caritas-manager', 'GET', `/stories/${story.id}`)).erasedAt).toBeTruthy();
    // The story view is drawn again from the answer after the status line.
    await expect.poll(() => manager.getByRole('button', { name: 'Daten auf Antrag löschen' }).count()).toBe(0);
  });

  it('nothing broke the Content-Security-Policy or threw a script error', () => {
    expect(harness.problems).toEqual([]);
  });
});
