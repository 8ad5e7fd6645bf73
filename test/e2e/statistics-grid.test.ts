import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, startEditorHarness, statusSays } from './editor-browser.ts';

/**
 * The statistics grid in a real browser: a Caritas manager enters all her
 * municipalities of a reporting date in one table (spreadsheet keys, a paste from
 * Excel with a preview, German checks per cell, the previous values beside the cells,
 * totals as she types), explains the change that is flagged and submits the whole
 * date; the lead reads flag and reason and approves all; the press office accepts
 * everything approved at once and sees the result per partner.
 */

const PREVIOUS = '2024-06-30';
const DATE = '2024-12-31';
const BEFORE = { clients: 100, minors: 30, germanB1: 20, employed: 10, training: 5, ended: 12, rental: 6 };
let harness: EditorHarness;

const api = (username: string, method: string, path: string, body?: unknown) => harness.api(username, method, path, body);

beforeAll(async () => {
  harness = await startEditorHarness();
  const settings = await api('admin', 'GET', '/statistics/settings');
  await api('admin', 'PUT', '/statistics/settings', {
    version: settings.version,
    threshold: 5,
    assignment: { ...settings.assignment, caritas: ['Asperg', 'Kornwestheim', 'Tamm'] },
  });
  for (const date of [PREVIOUS, DATE]) await api('presse', 'POST', '/statistics/snapshots', { date });
  for (const municipality of ['Asperg', 'Kornwestheim']) {
    let s = await api('caritas-manager', 'POST', '/statistics/submissions', { date: PREVIOUS, municipality, counts: BEFORE });
    for (const [who, action] of [
      ['caritas-manager', 'submit'],
      ['caritas-lead', 'approve'],
      ['presse', 'accept'],
    ] as const)
      s = await api(who, 'POST', `/statistics/submissions/${s.id}/transitions`, { action, version: s.version });
  }
});

afterAll(async () => {
  await harness?.close();
});

const cell = (page: Page, label: string, municipality: string) => page.getByRole('textbox', { name: `${label}, ${municipality}`, exact: true });
const CLIENTS = 'Klientinnen und Klienten im Programm';
const MINORS = 'davon minderjährig';

async function openGrid(page: Page) {
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Statistik' }).click();
  await page.getByRole('link', { name: `Alle Gemeinden in einer Tabelle erfassen (Stichtag 31. Dezember 2024)` }).click();
  await page.getByRole('heading', { level: 1, name: 'Zahlen zum Stichtag 31. Dezember 2024' }).waitFor();
}

describe('one grid per reporting date', () => {
  it('an administrator sets the threshold for flagged changes', async () => {
    const admin = await harness.signIn('admin');
    await admin.goto(`${harness.system.urls.editor}/#/statistik/zuordnung`);
    await admin.getByRole('heading', { level: 1, name: 'Zuordnung und Mindestfallzahl' }).waitFor();
    const field = admin.getByLabel('Schwelle für auffällige Änderungen (in Prozent)');
    expect(await field.inputValue()).toBe('30');
    await field.fill('viel');
    await admin.getByRole('button', { name: 'Speichern' }).click();
    await admin.getByRole('alert').getByText('Bitte eine Schwelle für auffällige Änderungen in Prozent angeben.').waitFor();
    await field.fill('40');
    await admin.getByRole('button', { name: 'Speichern' }).click();
    await statusSays(admin, 'Die Zuordnung wurde gespeichert.');
    expect(await admin.getByLabel('Schwelle für auffällige Änderungen (in Prozent)').inputValue()).toBe('40');
  });

  it('a manager types, moves like in a spreadsheet, pastes from Excel, explains the flagged change and submits the whole date', async () => {
    const page = await harness.signIn('caritas-manager');
    await openGrid(page);

    // The previous accepted value stands beside each cell; Tamm reported nothing then.
    expect(
      await page
        .locator('td', { has: cell(page, CLIENTS, 'Asperg') })
        .locator('.previous')
        .textContent(),
    ).toBe('vorher: 100');
    expect(
      await page
        .locator('td', { has: cell(page, CLIENTS, 'Tamm') })
        .locator('.previous')
        .textContent(),
    ).toBe('vorher: –');

    // German check per cell, as typed.
    await cell(page, CLIENTS, 'Asperg').fill('2,5');
    await page.getByText('Bitte eine ganze Zahl ohne Nachkommastellen angeben.').waitFor();
    expect(await cell(page, CLIENTS, 'Asperg').getAttribute('aria-invalid')).toBe('true');
    await cell(page, CLIENTS, 'Asperg').fill('150');
    expect(await cell(page, CLIENTS, 'Asperg').getAttribute('aria-invalid')).toBeNull();

    // Column totals follow the typing; +50 % against 100 is beyond the ±40 % set above and needs a reason.
    const total = page.locator('tfoot td').first();
    expect(await total.textContent()).toBe('150');
    await page.getByLabel('Asperg: Klientinnen und Klienten im Programm: 100 → 150 (+50 %), mehr als ±40 % gegenüber dem vorigen Stichtag.').waitFor();

    // Spreadsheet keys: Enter goes down, arrows move across and up.
    await cell(page, CLIENTS, 'Asperg').focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`${CLIENTS}, Kornwestheim`);
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`${MINORS}, Kornwestheim`);
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`${MINORS}, Asperg`);

    // A paste from Excel: a header line, the rest of Asperg's row, then two named rows.
    // The paste event as the browser fires it on Ctrl+V (a headless browser's system clipboard needs window focus, which parallel runs do not give).
    const tsv = [
      'Gemeinde\tKlient:innen\tMinderjährige',
      'Asperg\t150\t30\t20\t10\t5\t12\t6',
      'Kornwestheim\t104\t30\t20\t10\t5\t12\t6',
      'Tamm\t3\t1\t1\t0\t0\t1\t0',
    ].join('\r\n');
    await cell(page, CLIENTS, 'Tamm').focus();
    await cell(page, CLIENTS, 'Tamm').evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, tsv);
    const preview = page.getByRole('region', { name: 'Eingefügte Zahlen prüfen' });
    await preview.getByText('So wurden 21 Werte verstanden.', { exact: false }).waitFor();
    expect(await preview.getByText('Nicht übernommen: Überschrift', { exact: false }).count()).toBe(1);
    expect(await cell(page, CLIENTS, 'Kornwestheim').inputValue()).toBe('');
    await preview.getByRole('button', { name: 'Übernehmen' }).click();
    await statusSays(page, '21 eingefügte Werte übernommen.');
    expect(await cell(page, CLIENTS, 'Kornwestheim').inputValue()).toBe('104');
    expect(await cell(page, 'davon mit erstem eigenem Mietvertrag', 'Tamm').inputValue()).toBe('0');
    expect(await total.textContent()).toBe('257');

    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await statusSays(page, 'Der Entwurf ist gespeichert.');

    // Submitting without the reason is refused, naming the row and the figure.
    await page.getByRole('button', { name: 'Stichtag einreichen' }).click();
    const summary = page.getByRole('alert');
    await summary.getByText('Asperg: Klientinnen und Klienten im Programm: 100 → 150 (+50 %)', { exact: false }).waitFor();
    await page.getByLabel('Asperg: Klientinnen und Klienten im Programm: 100 → 150', { exact: false }).fill('Neue Gemeinschaftsunterkunft im Oktober bezogen');
    await page.getByRole('button', { name: 'Stichtag einreichen' }).click();
    await statusSays(page, 'Der Stichtag ist eingereicht: 3 Meldungen warten auf die Freigabe der Partnerleitung.');
    await expect.poll(() => cell(page, CLIENTS, 'Asperg').getAttribute('readonly')).toBe('');
  });

  it('the lead sees the flag and the reason before approving the whole date', async () => {
    const lead = await harness.signIn('caritas-lead');
    await lead.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Statistik' }).click();
    await lead.getByRole('link', { name: 'Alle Gemeinden in einer Tabelle erfassen (Stichtag 31. Dezember 2024)' }).click();
    const reason = lead.getByLabel('Asperg: Klientinnen und Klienten im Programm: 100 → 150 (+50 %)', { exact: false });
    expect(await reason.inputValue()).toBe('Neue Gemeinschaftsunterkunft im Oktober bezogen');
    await lead.getByRole('button', { name: 'Alle eingereichten freigeben' }).click();
    await statusSays(lead, 'Freigegeben: Asperg, Kornwestheim, Tamm.');
  });

  it('the press office accepts all approved submissions of the date at once, with a result per partner', async () => {
    const press = await harness.signIn('presse');
    await press.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Statistik' }).click();
    await press.getByRole('link', { name: 'Stichtag 31. Dezember 2024', exact: true }).click();
    await press.getByRole('heading', { level: 1, name: 'Stichtag 31. Dezember 2024' }).waitFor();
    await press.getByRole('button', { name: 'Alle 3 freigegebenen Meldungen annehmen' }).click();
    await statusSays(press, '3 von 3 Meldungen angenommen.');
    expect(await press.getByRole('region', { name: 'Meldungen annehmen' }).getByRole('listitem').first().innerText()).toBe('Caritas: 3 von 3 angenommen');
    expect(harness.problems).toEqual([]);
  });
});
