import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { type EditorHarness, startEditorHarness } from './editor-browser.ts';

/**
 * The press office sends a release with a Sperrfrist to one of its distribution lists (two
 * journalists it added for the topic „Gesundheit“), as it would:
 * on the release's page it picks the list, sees how many get it, sends a test to itself,
 * sends after the dialog that names the consequence, and watches the progress; the local
 * mailbox shows the embargoed mail, whose private link opens the release, never indexed.
 */

const HEADLINE = `Verteilertest: Integrationsmanagement stellt Jahreszahlen vor ${Math.random().toString(36).slice(2, 7)}`;
const RELEASE = {
  headline: HEADLINE,
  lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg legt seine Zahlen vor und zeigt, wie viele Menschen begleitet wurden.',
  body: 'Die Integrationsmanagerinnen und -manager der fünf Träger haben gemeinsam mit ihren Klientinnen und Klienten Ziele vereinbart und erreicht.',
  contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
  topics: ['arbeit'],
  partners: ['caritas'],
};
const TAG = Math.random().toString(36).slice(2, 8);
const JOURNALISTS = [`redaktion-${TAG}@lokalzeitung-verteilertest.example`, `nachrichten-${TAG}@radio-verteilertest.example`];
const YEAR = new Date().getUTCFullYear() + 1;

let harness: EditorHarness;
let releaseId = '';
let press: Page;

const api = (username: string, method: string, path: string, body?: unknown) => harness.call(username, method, path, body);

const mailsTo = (address: string) => harness.system.mailbox.mails().filter((m) => m.envelope.to.includes(address));

beforeAll(async () => {
  harness = await startEditorHarness();
  for (const [i, email] of JOURNALISTS.entries()) {
    const added = await api('presse', 'POST', '/contacts', { name: `Verteilertest ${i + 1}`, email, medium: 'Lokalredaktion', topics: ['gesundheit'] });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
  }
  let r = (await api('caritas-manager', 'POST', '/releases', RELEASE)).body;
  for (const [user, action] of [
    ['caritas-manager', 'propose'],
    ['presse', 'approve'],
  ] as const)
    r = (await api(user, 'POST', `/releases/${r.id}/transitions`, { action, version: r.version })).body;
  r = (await api('presse', 'PUT', `/releases/${r.id}/schedule`, { version: r.version, embargo: `${YEAR}-03-24T10:00` })).body;
  r = (await api('presse', 'POST', `/releases/${r.id}/transitions`, { action: 'publish', version: r.version })).body;
  expect(r.status).toBe('scheduled');
  releaseId = r.id;
  press = await harness.signIn('presse');
});

afterAll(async () => {
  await harness?.close();
});

describe('sending a release to a distribution list in the editor', () => {
  it('the press office picks a list, sends a test to itself, sends after the dialog and watches every mail go out', async () => {
    await press.goto(`${harness.system.urls.editor}/#/pressemitteilungen/${releaseId}`);
    const section = press.getByRole('region', { name: 'An Presseverteiler senden' });
    // The shared system may hold other files' contacts on this topic: the count is what the API says now.
    const reach = (await api('presse', 'GET', `/releases/${releaseId}/send-options?lists=gesundheit`)).body.recipients as number;
    expect(reach).toBeGreaterThanOrEqual(JOURNALISTS.length);
    await section.getByRole('checkbox', { name: `Gesundheit (${reach})` }).check();
    await section.getByText(`${reach} Empfängerinnen und Empfänger`).waitFor();

    await section.getByRole('button', { name: 'Test an mich senden' }).click();
    await section.getByText('Test an Sie selbst', { exact: false }).waitFor();

    await section.getByRole('button', { name: 'An die gewählten Verteiler senden' }).click();
    const dialog = press.getByRole('dialog', { name: 'Pressemitteilung jetzt verschicken?' });
    await dialog.getByText(`Sperrfrist 24.03.${YEAR}, 10:00 Uhr`, { exact: false }).waitFor();
    await dialog.getByRole('button', { name: `An ${reach} Empfänger senden` }).click();
    await section.getByText(new RegExp(`^${reach} gesendet · 0 fehlgeschlagen · 0 ausstehend \\(von ${reach}\\)$`)).waitFor({ timeout: 30_000 });
    await section.getByText('an: Gesundheit', { exact: false }).waitFor();
    expect(await axeViolations(press)).toEqual([]);
    for (const address of JOURNALISTS) expect(mailsTo(address)).toHaveLength(1);
  });

  it('the mailbox shows the embargoed mail; its private link opens the real page of the release, marked as a preview and noindex', async () => {
    const [mail] = mailsTo(JOURNALISTS[0]!);
    const parsed = await harness.system.mailbox.parsed(mail!.id);
    const subject = `SPERRFRIST: 24.03.${YEAR}, 10:00 Uhr: ${HEADLINE}`;
    expect(parsed.subject).toBe(subject);
    const box = await harness.browser.newPage();
    await box.goto(harness.system.urls.mailbox);
    await box.getByRole('link', { name: subject }).first().click();
    await box.getByRole('heading', { level: 1, name: subject }).waitFor();
    const text = (await box.locator('pre').first().textContent()) ?? '';
    expect(text.trimStart().startsWith(`SPERRFRIST: 24.03.${YEAR}, 10:00 Uhr`)).toBe(true);
    const link = new RegExp(`${harness.system.urls.site}/vorschau/[A-Za-z0-9_-]{43}/`).exec(text)?.[0];
    expect(link, text).toBeDefined();
    expect(text).not.toContain('/pressemitteilungen/');

    const copy = await harness.browser.newPage();
    const response = await copy.goto(link!);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['x-robots-tag']).toBe('noindex, nofollow');
    await copy.getByRole('heading', { level: 1, name: HEADLINE }).waitFor();
    await copy.getByText('Vorschau – nicht veröffentlicht').waitFor();
    expect(await copy.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex, nofollow');
    await box.close();
    await copy.close();
  });
});
