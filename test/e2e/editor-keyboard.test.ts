import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, startEditorHarness, statusSays } from './editor-browser.ts';

/**
 * The whole way of a story with the keyboard alone: a Caritas manager writes it, records
 * the consent and the read-back and submits it; the Caritas lead comments and approves;
 * the press office approves and publishes. No click anywhere: focus moves with Tab and
 * Shift+Tab, links and buttons are pressed with Enter, boxes and radio buttons with Space,
 * lists are chosen with the arrow keys. Each step also proves the control can be reached.
 */

let harness: EditorHarness;

const TITLE = 'Mit der Tastatur bis zur Veröffentlichung';
const TEASER = 'Eine Geschichte, die ohne Maus geschrieben, geprüft und veröffentlicht wurde.';
const BODY = 'Am Anfang stand ein Sprachkurs am Abend.\n\nHeute ist das erste Lehrjahr in Asperg fast vorbei.';

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** Moves focus with Tab (or Shift+Tab when the target is above) until it is on `target`. */
async function tabTo(page: Page, target: Locator, max = 250): Promise<void> {
  await target.waitFor();
  const backwards = await target.evaluate((el) => {
    const active = document.activeElement;
    return Boolean(active && active !== document.body && el.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

async function press(page: Page, target: Locator, key: 'Enter' | 'Space' = 'Enter') {
  await tabTo(page, target);
  await page.keyboard.press(key === 'Space' ? ' ' : 'Enter');
}

async function type(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

/** Arrow keys through a closed select until the option with `label` is chosen. */
async function choose(page: Page, target: Locator, label: string) {
  await tabTo(page, target);
  for (let i = 0; i < 60; i++) {
    if ((await target.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent)) === label) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no option ${label} in ${target}`);
}

/**
 * A date field takes the digits of its segments in the order of the browser's language
 * (German: day, month, year; a headless Chromium may be set to US English). Tab moves
 * between the segments, so going back to the first one is Shift+Tab out and Tab in.
 */
async function typeDate(page: Page, target: Locator, iso: string) {
  const [y, m, d] = iso.split('-');
  await tabTo(page, target);
  for (const digits of [`${d}${m}${y}`, `${m}${d}${y}`]) {
    await page.keyboard.type(digits);
    if ((await target.inputValue()) === iso) return;
    while (await isFocused(target)) await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
  }
  expect(await target.inputValue()).toBe(iso);
}

async function signInByKeyboard(username: string): Promise<Page> {
  const page = await harness.openEditor(username);
  await page.getByRole('heading', { level: 1, name: 'Anmelden (lokale Entwicklung)' }).waitFor();
  await press(page, page.getByRole('button', { name: harness.displayName(username) }));
  await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
  return page;
}

const today = () => new Date().toISOString().slice(0, 10);
const inTwoYears = () => `${new Date().getUTCFullYear() + 2}-06-30`;

beforeAll(async () => {
  // A system of its own: the whole journey walks the start page's lists, which other files' stories and users would change.
  harness = await startEditorHarness({ ownSystem: true });
});

afterAll(async () => {
  await harness?.close();
});

describe('manager → lead → press office with the keyboard only', () => {
  it('the manager writes the story, records consent and read-back, and submits it', async () => {
    const page = await signInByKeyboard('caritas-manager');
    await press(page, page.getByRole('link', { name: 'Neue Geschichte', exact: true }));
    await page.getByRole('heading', { level: 1, name: 'Neue Geschichte' }).waitFor();
    await type(page, page.getByLabel('Titel'), TITLE);
    await type(page, page.getByLabel('Anreißer'), TEASER);
    await choose(page, page.getByLabel('Stadt oder Gemeinde'), 'Asperg');
    await press(page, page.getByRole('group', { name: 'Themen' }).getByRole('checkbox', { name: 'Ausbildung und Studium' }), 'Space');
    await type(page, page.getByLabel('Text', { exact: true }), BODY);
    await press(page, page.getByRole('button', { name: 'Person hinzufügen' }));
    // Adding a person puts focus into the new person's first field.
    await page.keyboard.type('Auszubildende');
    expect(await page.getByRole('region', { name: 'Person A' }).getByLabel('Rolle in der Geschichte').inputValue()).toBe('Auszubildende');
    await press(page, page.getByRole('button', { name: 'Speichern', exact: true }));
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await statusSays(page, 'Die Geschichte wurde gespeichert.');

    await press(page, page.getByRole('link', { name: 'Einwilligung von Person A erfassen' }));
    await page.getByRole('heading', { level: 1, name: 'Einwilligung erfassen: Person A' }).waitFor();
    await press(page, page.getByRole('radio', { name: 'Die Person selbst' }), 'Space');
    await typeDate(page, page.getByLabel('Datum der Einwilligung'), today());
    await type(page, page.getByLabel('Sprache des Gesprächs'), 'Deutsch');
    await type(page, page.getByLabel('Aktenzeichen des unterschriebenen Formulars'), 'CARITAS-EW-2026-101');
    await typeDate(page, page.getByLabel('Gültig bis'), inTwoYears());
    const scope = page.getByRole('group', { name: 'Umfang der Einwilligung' });
    await press(page, scope.getByRole('checkbox', { name: 'Website' }), 'Space');
    await press(page, scope.getByRole('checkbox', { name: 'Pressemitteilung / Feed' }), 'Space');
    await choose(page, scope.getByLabel('Nennung'), 'mit Pseudonym');
    await choose(page, scope.getByLabel('Fotos'), 'keine Fotos');
    await press(page, scope.getByRole('checkbox', { name: 'Wohnort' }), 'Space');
    await press(page, page.getByRole('button', { name: 'Einwilligung speichern' }));
    await statusSays(page, 'Die Einwilligung von Person A wurde gespeichert.');

    const readBack = page.getByRole('form', { name: 'Rückbestätigung erfassen' });
    await press(page, readBack.getByRole('radio', { name: 'vorgelesen', exact: true }), 'Space');
    await type(page, readBack.getByLabel('Sprache', { exact: true }), 'Deutsch');
    await press(page, readBack.getByRole('checkbox', { name: /^Person A:/ }), 'Space');
    await press(page, readBack.getByRole('button', { name: 'Rückbestätigung speichern' }));
    await statusSays(page, 'Die Rückbestätigung ist gespeichert.');

    await press(page, page.getByRole('region', { name: 'Nächste Schritte' }).getByRole('button', { name: 'Zur Freigabe einreichen' }));
    await statusSays(page, 'Die Geschichte wurde zur Freigabe eingereicht.');
  });

  it('the lead finds it in the queue, leaves a review comment and approves it', async () => {
    const page = await signInByKeyboard('caritas-lead');
    await press(page, page.getByRole('region', { name: /Wartet auf Ihre Freigabe/ }).getByRole('link', { name: TITLE }));
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const comments = page.getByRole('region', { name: /^Kommentare/ });
    await type(page, comments.getByLabel('Ihr Kommentar'), 'Gut lesbar. Ich gebe frei.');
    await press(page, comments.getByRole('button', { name: 'Kommentar hinzufügen' }));
    await statusSays(page, 'Ihr Kommentar wurde hinzugefügt.');
    await press(page, page.getByRole('region', { name: 'Nächste Schritte' }).getByRole('button', { name: 'Freigeben (Träger)' }));
    await statusSays(page, 'Die Geschichte ist freigegeben');
  });

  it('the press office reads the comment, approves and publishes', async () => {
    const page = await signInByKeyboard('presse');
    await press(page, page.getByRole('region', { name: /Wartet auf Freigabe der Pressestelle/ }).getByRole('link', { name: TITLE }));
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page
      .getByRole('region', { name: /^Kommentare/ })
      .getByText('Gut lesbar. Ich gebe frei.')
      .waitFor();
    await press(page, page.getByRole('region', { name: 'Nächste Schritte' }).getByRole('button', { name: 'Freigeben (Pressestelle)' }));
    await statusSays(page, 'von der Pressestelle freigegeben');
    const publish = page.getByRole('region', { name: 'Nächste Schritte' }).getByRole('button', { name: 'Veröffentlichen' });
    await press(page, publish);
    // The dialog asks first: focus starts on „Abbrechen“, Escape cancels and returns focus to the button.
    const dialog = page.getByRole('dialog', { name: 'Geschichte veröffentlichen?' });
    await dialog.getByText('das lässt sich nicht zurückholen', { exact: false }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Abbrechen' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await publish.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Shift+Tab');
    expect(await dialog.getByRole('button', { name: 'Ja, veröffentlichen' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await statusSays(page, 'Die Geschichte ist veröffentlicht.');
    await page.getByText('Veröffentlicht', { exact: true }).first().waitFor();
  });

  it('nothing broke the Content-Security-Policy or threw a script error', () => {
    expect(harness.problems).toEqual([]);
  });
});
