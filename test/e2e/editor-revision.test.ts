import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, recordReadBack, startEditorHarness, statusSays } from './editor-browser.ts';

/**
 * A change to a published story in a real browser: the press office starts a revision
 * („Überarbeitung“), the site keeps the published text while the people read the change
 * back, the partner lead and another person of the press office approve it, and only its
 * publication replaces the live text. The story is prepared through the API.
 */

let harness: EditorHarness;

const api = (username: string, method: string, path: string, body?: unknown) => harness.api(username, method, path, body);

const TITLE = 'Eine Werkstatt in Tamm';
const BODY = 'Nach dem Sprachkurs fand Herr D. einen Platz in einer Werkstatt in Tamm. Heute repariert er Fahrräder für die ganze Nachbarschaft.';
const ADDED = 'Im Sommer bildet er selbst einen Praktikanten aus.';

async function publishedStory(): Promise<{ id: string; slug: string }> {
  let s = await api('caritas-manager', 'POST', '/stories', {
    title: TITLE,
    teaser: 'Wie ein Praktikum in einer Werkstatt zu einer festen Stelle in Tamm geworden ist.',
    municipality: 'Tamm',
    topics: ['arbeit'],
    body: BODY,
    channels: ['website'],
    persons: [{ id: 'A', role: 'Mechaniker', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: [] } }],
  });
  s = await api('caritas-manager', 'POST', `/stories/${s.id}/consents`, {
    version: s.version,
    consent: {
      personId: 'A',
      givenBy: 'person',
      date: '2026-01-10',
      language: 'Deutsch',
      interpreter: false,
      formReference: 'EW-TAMM-1',
      validUntil: '2099-12-31',
      scope: { channels: ['website'], naming: 'pseudonym', photos: 'none', details: ['municipality'], specialCategories: false },
    },
  });
  s = await api('caritas-manager', 'POST', `/stories/${s.id}/read-back`, {
    version: s.version,
    readBack: { date: '2026-01-15', how: 'read-aloud', language: 'Deutsch', personIds: ['A'] },
  });
  for (const [user, action] of [
    ['caritas-manager', 'submit'],
    ['caritas-lead', 'approve'],
    ['presse', 'press-approve'],
    ['presse', 'publish'],
  ]) {
    s = await api(user!, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version });
  }
  return s;
}

const pageText = async (slug: string) => (await fetch(`${harness.system.urls.site}/geschichten/${slug}/`)).text();

async function within(ms: number, check: () => Promise<boolean>) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not within ${ms} ms`);
}

async function openStory(page: Page, id: string) {
  await page.goto(`${harness.system.urls.editor}/#/geschichten/${id}`);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
}

/**
 * The change waits where a new story in its state would, marked „Überarbeitung“ beside the
 * title and with the revision's state; its title opens the story.
 */
async function openFromQueue(page: Page, queue: RegExp, state: string) {
  const card = page
    .getByRole('region', { name: queue })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: TITLE }) });
  await card.getByRole('heading', { level: 3 }).getByText('Überarbeitung', { exact: true }).waitFor();
  await card.getByText(state, { exact: true }).waitFor();
  await card.getByRole('link', { name: TITLE }).click();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
}

const revisionRegion = (page: Page) => page.getByRole('region', { name: 'Überarbeitung in Arbeit' });
/** Waits until the revision's state reads `label` (the status region speaks before the new screen is drawn). */
const revisionStateIs = (page: Page, label: string) =>
  revisionRegion(page).getByRole('definition').filter({ hasText: label }).getByText(label, { exact: true }).waitFor();

let story: { id: string; slug: string };

beforeAll(async () => {
  harness = await startEditorHarness();
  story = await publishedStory();
  await within(30_000, async () => (await pageText(story.slug)).includes('Fahrräder'));
});

afterAll(async () => {
  await harness?.close();
});

describe('a revision of a published story', () => {
  it('the press office starts a revision; the site keeps the published text', async () => {
    const press = await harness.signIn('presse');
    await openStory(press, story.id);
    await press.getByRole('link', { name: 'Überarbeitung beginnen' }).click();
    await press.getByRole('heading', { level: 1, name: 'Überarbeitung der Geschichte' }).waitFor();
    await press.getByText('Die veröffentlichte Fassung bleibt unverändert').waitFor();
    await press.getByLabel('Text', { exact: true }).fill(`${BODY}\n\n${ADDED}`);
    await press.getByRole('button', { name: 'Speichern' }).click();
    await statusSays(press, 'Die Überarbeitung wurde gespeichert.');

    await revisionStateIs(press, 'Entwurf');
    await revisionRegion(press).getByText(ADDED).waitFor();
    await revisionRegion(press).getByText('Auf der Website steht weiter die veröffentlichte Fassung.').waitFor();
    expect(await press.getByRole('region', { name: 'Vorschau der veröffentlichten Fassung' }).innerText()).not.toContain(ADDED);
    // The press office cannot push its own change through.
    expect(await revisionRegion(press).getByRole('button', { name: 'Veröffentlichen' }).count()).toBe(0);
    expect(await pageText(story.slug)).not.toContain(ADDED);
  });

  it('the manager has the change read back and submits it; the lead finds it in „Wartet auf Ihre Freigabe“ and approves it', async () => {
    const manager = await harness.signIn('caritas-manager');
    await openStory(manager, story.id);
    await recordReadBack(manager, ['A'], 'vorgelesen', 'Rückbestätigung der Überarbeitung');
    await revisionRegion(manager).getByRole('button', { name: 'Zur Freigabe einreichen' }).click();
    await statusSays(manager, 'Die Überarbeitung wurde zur Freigabe eingereicht.');
    await revisionStateIs(manager, 'Zur Freigabe eingereicht');

    const lead = await harness.signIn('caritas-lead');
    await openFromQueue(lead, /^Wartet auf Ihre Freigabe/, 'Zur Freigabe eingereicht');
    await revisionRegion(lead).getByRole('button', { name: 'Freigeben (Träger)' }).click();
    await statusSays(lead, 'Die Überarbeitung ist freigegeben und liegt jetzt bei der Pressestelle.');
    await revisionStateIs(lead, 'Vom Träger freigegeben');
    expect(await pageText(story.slug)).not.toContain(ADDED);
  });

  it('the press office that made the change cannot approve it; a colleague finds it in the press queue, approves and publishes, and the site shows the new text', async () => {
    const press = await harness.signIn('presse');
    await openStory(press, story.id);
    await revisionRegion(press).getByText('Sie haben den Text zuletzt geändert (Vier-Augen-Prinzip).', { exact: false }).waitFor();
    expect(await revisionRegion(press).getByRole('button', { name: 'Freigeben (Pressestelle)' }).count()).toBe(0);

    const colleague = await harness.signIn('presse-2');
    await openFromQueue(colleague, /^Wartet auf Freigabe der Pressestelle/, 'Vom Träger freigegeben');
    await revisionRegion(colleague).getByRole('button', { name: 'Freigeben (Pressestelle)' }).click();
    await statusSays(colleague, 'Die Überarbeitung ist von der Pressestelle freigegeben und kann veröffentlicht werden.');
    await revisionStateIs(colleague, 'Von der Pressestelle freigegeben');
    expect(await pageText(story.slug)).not.toContain(ADDED);
    await revisionRegion(colleague).getByRole('button', { name: 'Veröffentlichen' }).click();
    await colleague.getByRole('dialog', { name: 'Überarbeitung veröffentlichen?' }).getByRole('button', { name: 'Ja, veröffentlichen' }).click();
    await statusSays(colleague, 'Die Überarbeitung ist veröffentlicht und ersetzt die bisherige Fassung.');
    // The status region speaks before the new screen is drawn: wait for the revision to go from it.
    await revisionRegion(colleague).waitFor({ state: 'detached' });
    await colleague.getByRole('region', { name: 'Vorschau', exact: true }).getByText(ADDED).waitFor();
    await within(30_000, async () => (await pageText(story.slug)).includes(ADDED));
  });

  it('no page broke the Content-Security-Policy or threw a script error', () => {
    expect(harness.problems).toEqual([]);
  });
});
