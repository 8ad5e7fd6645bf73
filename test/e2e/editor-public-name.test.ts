import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, startEditorHarness, statusSays } from './editor-browser.ts';

/**
 * A manager gives a person of a story an invented name for the website in the editor; once
 * the story is published the public page names the person „Amal, Name geändert“, and
 * nowhere „Person A“. The consent and the steps after the edit go through the API.
 */
let harness: EditorHarness;

const api = (username: string, method: string, path: string, body?: unknown) => harness.api(username, method, path, body);

const TITLE = 'Ein eigener Laden in Freiberg';

async function consentedDraft(): Promise<{ id: string }> {
  const s = await api('caritas-manager', 'POST', '/stories', {
    title: TITLE,
    teaser: 'Wie eine Klientin mit Unterstützung einen kleinen Laden in Freiberg eröffnet hat.',
    municipality: 'Freiberg am Neckar',
    topics: ['arbeit'],
    body: 'Nach zwei Jahren Beratung hat sie ihren eigenen Laden eröffnet. Die Nachbarschaft kauft gern bei ihr ein.',
    channels: ['website'],
    persons: [{ id: 'A', role: 'Ladeninhaberin', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: [] } }],
  });
  return api('caritas-manager', 'POST', `/stories/${s.id}/consents`, {
    version: s.version,
    consent: {
      personId: 'A',
      givenBy: 'person',
      date: '2026-01-10',
      language: 'Deutsch',
      interpreter: false,
      formReference: 'EW-FREIBERG-1',
      validUntil: '2099-12-31',
      scope: { channels: ['website'], naming: 'pseudonym', photos: 'none', details: ['municipality'], specialCategories: false },
    },
  });
}

const pageText = async (slug: string) => {
  const res = await fetch(`${harness.system.urls.site}/geschichten/${slug}/`);
  return res.ok ? res.text() : '';
};

async function within(ms: number, check: () => Promise<boolean>) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not within ${ms} ms`);
}

beforeAll(async () => {
  harness = await startEditorHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('a public name for a person', () => {
  it('the manager enters „Amal“ with the German guidance; the published page says „Amal, Name geändert“ and never „Person A“', async () => {
    const draft = await consentedDraft();
    const page = await harness.signIn('caritas-manager');
    await page.goto(`${harness.system.urls.editor}/#/geschichten/${draft.id}/bearbeiten`);
    const person = page.getByRole('region', { name: 'Person A' });
    const field = person.getByLabel('Name auf der Website (freiwillig)');
    expect(await field.getAttribute('aria-describedby')).toBeTruthy();
    const hint = await page.locator(`#${(await field.getAttribute('aria-describedby'))!.split(' ')[0]}`).innerText();
    expect(hint).toContain('Amal, Name geändert');
    expect(hint).toContain('nur mit Vornamen');
    await field.fill('Amal');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await statusSays(page, 'Die Geschichte wurde gespeichert.');
    await page.getByText('Name auf der Website: „Amal, Name geändert“').waitFor();

    let s = await api('caritas-manager', 'GET', `/stories/${draft.id}`);
    expect(s.persons[0].publicName).toBe('Amal');
    s = await api('caritas-manager', 'POST', `/stories/${s.id}/read-back`, {
      version: s.version,
      readBack: { date: '2026-01-15', how: 'read-aloud', language: 'Deutsch', personIds: ['A'] },
    });
    for (const [user, action] of [
      ['caritas-manager', 'submit'],
      ['caritas-lead', 'approve'],
      ['presse', 'press-approve'],
      ['presse', 'publish'],
    ] as const) {
      s = await api(user, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version });
    }
    await within(30_000, async () => (await pageText(s.slug)).includes('Nachbarschaft'));

    const site = await harness.browser.newContext({ locale: 'de-DE' });
    const reader = await site.newPage();
    await reader.goto(`${harness.system.urls.site}/geschichten/${s.slug}/`);
    const facts = reader.getByRole('article').locator('dl');
    await facts.getByText('In dieser Geschichte').waitFor();
    expect(await facts.innerText()).toContain('Amal, Name geändert');
    expect(await reader.locator('body').innerText()).not.toMatch(/Person A\b/);
    expect(harness.problems).toEqual([]);
  });
});
