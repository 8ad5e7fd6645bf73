import { renderMail } from '@newsroom/domain/mail.ts';
import { recipientsOf } from '@newsroom/operations/distribution.ts';
import { runtimePorts } from '@newsroom/operations/ports.ts';
import { mailQueue } from '@newsroom/runtime/adapters.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { type EditorHarness, startEditorHarness, statusSays } from './editor-browser.ts';

/**
 * The press distribution on the user's path: a journalist signs up on the public press
 * page, reads the confirmation mail in the local mailbox, confirms, and the press office
 * sees the contact in the editor; the journalist leaves with the link in a mail. And the
 * press office keeps contacts and imports a CSV file after its preview. axe on each new screen.
 */
let harness: EditorHarness;
const unique = () => Math.random().toString(36).slice(2, 8);

/** The text part of the newest mail to `address`, as the mailbox page shows it. */
async function mailText(page: Page, address: string): Promise<string> {
  await harness.system.mail.idle();
  const mail = harness.system.mailbox
    .mails()
    .filter((m) => m.envelope.to.includes(address))
    .at(-1);
  expect(mail, `a mail to ${address}`).toBeDefined();
  await page.goto(`${harness.system.urls.mailbox}/mail/${mail!.id}`);
  return (await page.locator('pre').textContent()) ?? '';
}

const linkAfter = (text: string, label: string) => new RegExp(`${label}:\\s*(\\S+)`).exec(text)?.[1];

async function openDistribution(page: Page) {
  await page.getByRole('link', { name: 'Presseverteiler', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Presseverteiler' }).waitFor();
}

beforeAll(async () => {
  harness = await startEditorHarness();
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

describe('Presseverteiler in the browser', () => {
  it('a journalist signs up on the press page, confirms from the mailbox, shows up in the editor, chooses topics and leaves with the links in a mail', async () => {
    const email = `journalistin-${unique()}@example.org`;
    const page = await harness.openEditor('Journalistin');
    await page.goto(`${harness.system.urls.site}/presse/`);
    await page.getByRole('link', { name: 'Presseverteiler' }).click();
    await page.getByRole('heading', { level: 1, name: 'Presseverteiler' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Name').fill('Petra Presse');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Medium', { exact: true }).fill('Ludwigsburger Kreiszeitung');
    await page.getByRole('checkbox', { name: 'Arbeit' }).check();
    await page.getByRole('checkbox', { name: 'Ich willige ein.' }).check();
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fast geschafft: Bitte bestätigen Sie Ihre Anmeldung' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const confirmation = linkAfter(await mailText(page, email), 'Anmeldung bestätigen');
    expect(confirmation).toContain('/verteiler/bestaetigen/');
    await page.goto(confirmation!);
    await page.getByRole('heading', { level: 1, name: 'Anmeldung bestätigen' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Anmeldung bestätigen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmeldung bestätigt' }).waitFor();

    const press = await harness.signIn('presse');
    await openDistribution(press);
    const row = press.locator(`tr[data-contact="${email}"]`);
    await expect.poll(() => row.textContent()).toContain('Im Verteiler');
    expect(await row.textContent()).toContain('bestätigt am');
    expect(await row.textContent()).toContain('Arbeit');
    expect(await axeViolations(press)).toEqual([]);

    // A mail to the contact as a send gives it: the footer's unsubscribe link, followed in the browser.
    const recipient = (await recipientsOf(runtimePorts(), ['arbeit'])).find((r) => r.email === email)!;
    await mailQueue().enqueue([
      {
        key: `e2e-distribution-${unique()}`,
        to: email,
        headers: recipient.headers,
        ...renderMail({ subject: 'Pressemitteilung', heading: 'Pressemitteilung', blocks: [{ kind: 'paragraph', text: 'Text.' }], footer: recipient.footer }),
      },
    ]);
    const mail = await mailText(page, email);
    expect(mail).toContain('Vom Presseverteiler abmelden');

    // The topics page behind the mail's other link.
    await page.goto(linkAfter(mail, 'Themen auswählen')!);
    await page.getByRole('heading', { level: 1, name: 'Themen auswählen' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.getByRole('checkbox', { name: 'Arbeit' }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: 'Familie' }).check();
    await page.getByRole('button', { name: 'Themen speichern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Themen gespeichert' }).waitFor();
    await press.reload();
    await press.getByRole('heading', { level: 1, name: 'Presseverteiler' }).waitFor();
    await expect.poll(() => press.locator(`tr[data-contact="${email}"]`).textContent()).toContain('Arbeit, Familie');

    await page.goto(linkAfter(mail, 'Vom Presseverteiler abmelden')!);
    await page.getByRole('heading', { level: 1, name: 'Vom Presseverteiler abmelden' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Jetzt abmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sie sind abgemeldet' }).waitFor();

    await press.reload();
    await press.getByRole('heading', { level: 1, name: 'Presseverteiler' }).waitFor();
    await expect.poll(() => press.locator(`tr[data-contact="${email}"]`).textContent()).toContain('Gesperrt: Abgemeldet');
    expect(harness.problems).toEqual([]);
  }, 180_000);

  it('the press office adds, edits and deletes a contact and imports a CSV file after its preview', async () => {
    const tag = unique();
    const press = await harness.signIn('presse');
    await openDistribution(press);

    await press.getByRole('button', { name: 'Kontakt hinzufügen' }).click();
    await press.getByRole('button', { name: 'Kontakt speichern' }).click();
    await press.getByRole('alert').getByText('Bitte geben Sie einen Namen an.').waitFor();
    await press.getByLabel('Name').fill('Max Muster');
    await press.getByLabel('E-Mail-Adresse').fill(`max-${tag}@example.org`);
    await press.getByLabel('Medium').fill('SWR');
    await press.getByRole('checkbox', { name: 'Wohnen' }).check();
    await press.getByRole('button', { name: 'Kontakt speichern' }).click();
    await statusSays(press, 'Max Muster steht jetzt im Presseverteiler.');
    const row = press.locator(`tr[data-contact="max-${tag}@example.org"]`);
    await row.getByRole('button', { name: 'Bearbeiten' }).click();
    await press.getByLabel('Medium').fill('SWR Aktuell');
    await press.getByRole('button', { name: 'Änderungen speichern' }).click();
    await statusSays(press, 'Max Muster wurde geändert.');
    await expect.poll(() => row.textContent()).toContain('SWR Aktuell');

    const csv = `\uFEFFName;E-Mail;Medium;Themen\r\nAnna Acker;anna-${tag}@example.org;Stuttgarter Zeitung;Wohnen, Arbeit\r\nOhne Adresse;;LKZ;\r\n`;
    await press.getByLabel('CSV-Datei', { exact: true }).setInputFiles({ name: 'verteiler.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await press.getByRole('button', { name: 'Vorschau anzeigen' }).click();
    await press.getByRole('heading', { name: 'Vorschau des Imports' }).waitFor();
    expect(await press.getByText('1 neu, 0 zu aktualisieren, 0 unverändert, 1 abgelehnt.').count()).toBe(1);
    expect(await press.locator('tr[data-outcome="refused"]').textContent()).toContain('Die E-Mail-Adresse fehlt.');
    expect(await press.locator(`tr[data-contact="anna-${tag}@example.org"]`).count()).toBe(0);
    expect(await axeViolations(press)).toEqual([]);
    await press.getByRole('button', { name: '1 Kontakt übernehmen' }).click();
    await press.getByRole('heading', { name: 'Import übernommen' }).waitFor();
    await expect.poll(() => press.locator(`tr[data-contact="anna-${tag}@example.org"]`).textContent()).toContain('Aus einer CSV-Datei übernommen');

    await row.getByRole('button', { name: 'Löschen' }).click();
    await press.getByRole('dialog').getByRole('button', { name: 'Kontakt löschen' }).click();
    await statusSays(press, 'Max Muster wurde gelöscht.');
    await expect.poll(() => press.locator(`tr[data-contact="max-${tag}@example.org"]`).count()).toBe(0);
    expect(harness.problems).toEqual([]);
  }, 180_000);

  it('other roles find no Presseverteiler in the editor', async () => {
    const lead = await harness.signIn('lra-lead');
    await lead.getByRole('link', { name: 'Übersicht' }).waitFor();
    expect(await lead.getByRole('link', { name: 'Presseverteiler', exact: true }).count()).toBe(0);
  });
});
