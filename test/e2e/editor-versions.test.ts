import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, startEditorHarness, statusSays } from './editor-browser.ts';

/**
 * Versions numbered as people count them: a manager types (the draft saves itself twice),
 * someone records a consent, the manager saves by hand. The story's „Fassungen“ show
 * „Fassung 2“ with its two automatic steps folded under it, not „Fassung 5“; the comparison
 * is titled with those names and shows changed words whole.
 */
let harness: EditorHarness;

const api = (username: string, method: string, path: string, body?: unknown) => harness.api(username, method, path, body);

const TITLE = 'Fassungen zählen in Marbach';
const BODY = 'Олена kam vor zwei Jahren nach Marbach am Neckar. Heute arbeitet sie in einer Bäckerei am Marktplatz.';

beforeAll(async () => {
  harness = await startEditorHarness();
});

afterAll(async () => {
  await harness?.close();
});

const typeAndWait = async (page: Page, text: string) => {
  await page.getByLabel('Text', { exact: true }).fill(text);
  await page.clock.runFor(3100);
  await page.getByText(/^Automatisch gespeichert um \d\d:\d\d Uhr\./).waitFor();
};

describe('versions in the story history', () => {
  it('automatic saves are steps of the version a person saved; the numbers do not jump', async () => {
    const created = await api('caritas-manager', 'POST', '/stories', {
      title: TITLE,
      teaser: 'Wie eine Bäckerei in Marbach zu einem Arbeitsplatz und zu einer Nachbarschaft wurde.',
      municipality: 'Marbach am Neckar',
      topics: ['arbeit'],
      body: BODY,
      channels: ['website'],
      persons: [{ id: 'A', role: 'Bäckerin', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: [] } }],
    });
    const page = await harness.signIn('caritas-manager');
    await page.clock.install();
    await page.goto(`${harness.system.urls.editor}/#/geschichten/${created.id}/bearbeiten`);
    await page.getByRole('heading', { level: 1, name: 'Geschichte bearbeiten' }).waitFor();
    await typeAndWait(page, BODY.replace('Олена', 'Олеся'));
    await typeAndWait(page, `${BODY.replace('Олена', 'Олеся')} Sie backt Brezeln.`);
    await page.getByLabel('Text', { exact: true }).fill(`${BODY.replace('Олена', 'Олеся')} Sie backt Brezeln und Brot.`);
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await statusSays(page, 'Die Geschichte wurde gespeichert.');
    expect((await api('caritas-manager', 'GET', `/stories/${created.id}`)).version).toBe(4);

    const history = page.getByRole('region', { name: 'Fassungen' });
    const rows = history.getByRole('table').getByRole('row');
    await history.getByRole('row', { name: /^Fassung 2 aktuell/ }).waitFor();
    expect(await rows.count()).toBe(3);
    expect(await history.getByRole('table').innerText()).not.toMatch(/Fassung [34]\b/);
    const steps = history
      .getByRole('row', { name: /^Fassung 2 aktuell/ })
      .getByRole('group')
      .filter({ hasText: 'automatische Zwischenstände' });
    await steps.getByText('2 automatische Zwischenstände').click();
    expect(await steps.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^Fassung 2, Zwischenstand 1: .+, Miriam Keller$/),
      expect.stringMatching(/^Fassung 2, Zwischenstand 2: .+, Miriam Keller$/),
    ]);

    await history.getByRole('button', { name: 'Unterschiede anzeigen' }).click();
    const heading = history.getByRole('heading', { name: 'Unterschiede von Fassung 1 zu Fassung 2' });
    await heading.waitFor();
    const text = history.locator('.diff-field').filter({ has: page.getByRole('heading', { name: /^Text/ }) });
    expect(await text.locator('del').allTextContents()).toEqual(['[entfernt: Олена]']);
    expect(await text.locator('ins').allTextContents()).toContain('[eingefügt: Олеся]');
    expect(harness.problems).toEqual([]);
  });
});
