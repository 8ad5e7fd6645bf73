import { fromBerlinLocal, toBerlinLocal } from '@newsroom/domain/berlin-time.ts';
import { runtimePorts } from '@newsroom/operations/ports.ts';
import { runReleaseSchedule } from '@newsroom/operations/release-schedule.ts';
import { clock } from '@newsroom/runtime/clock.ts';
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
 * After the Sperrfrist the public page exists, and a correction links to it.
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

/**
 * The Sperrfrist, on the minute ten minutes ahead: too far to pass in real time while the
 * first tests run (a few minutes at most, even on a busy machine), near enough that moving
 * the system's clock past it does nothing to what other files of this worker left on the
 * shared system that waiting ten minutes would not (a consent running out, a retention
 * period, a reminder's day). A Berlin time that occurs twice (the night the clocks go back)
 * would mean its first occurrence, perhaps already past: such an hour is skipped.
 */
function embargoAhead(): { local: string; at: Date; german: string } {
  let at = Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000;
  for (;;) {
    const local = toBerlinLocal(new Date(at));
    const back = fromBerlinLocal(local);
    if (back.ok && back.at.getTime() === at) {
      const [y, m, d] = local.slice(0, 10).split('-');
      return { local, at: new Date(at), german: `${d}.${m}.${y}, ${local.slice(11)} Uhr` };
    }
    at += 60 * 60_000;
  }
}
const EMBARGO = embargoAhead();
/** The real clock, put back when this file ends: the system is shared with the worker's next files. */
const realNow = clock.now;

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
  r = (await api('presse', 'PUT', `/releases/${r.id}/schedule`, { version: r.version, embargo: EMBARGO.local })).body;
  r = (await api('presse', 'POST', `/releases/${r.id}/transitions`, { action: 'publish', version: r.version })).body;
  expect(r.status).toBe('scheduled');
  releaseId = r.id;
  press = await harness.signIn('presse');
});

afterAll(async () => {
  clock.now = realNow;
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
    await dialog.getByText(`Sperrfrist ${EMBARGO.german}`, { exact: false }).waitFor();
    await dialog.getByRole('button', { name: `An ${reach} Empfänger senden` }).click();
    await section.getByText(new RegExp(`^${reach} gesendet · 0 fehlgeschlagen · 0 ausstehend \\(von ${reach}\\)$`)).waitFor({ timeout: 30_000 });
    await section.getByText('an: Gesundheit', { exact: false }).waitFor();
    expect(await axeViolations(press)).toEqual([]);
    for (const address of JOURNALISTS) expect(mailsTo(address)).toHaveLength(1);
  });

  it('the mailbox shows the embargoed mail; its private link opens the real page of the release, marked as a preview and noindex', async () => {
    const [mail] = mailsTo(JOURNALISTS[0]!);
    const parsed = await harness.system.mailbox.parsed(mail!.id);
    const subject = `SPERRFRIST: ${EMBARGO.german}: ${HEADLINE}`;
    expect(parsed.subject).toBe(subject);
    const box = await harness.browser.newPage();
    await box.goto(harness.system.urls.mailbox);
    await box.getByRole('link', { name: subject }).first().click();
    await box.getByRole('heading', { level: 1, name: subject }).waitFor();
    const text = (await box.locator('pre').first().textContent()) ?? '';
    expect(text.trimStart().startsWith(`SPERRFRIST: ${EMBARGO.german}`)).toBe(true);
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
    // The pages stay open until the browser closes: closing one would end this file's Chromium (editor-browser.ts).
  });

  it('after the Sperrfrist the scheduled run publishes the release: its public page exists, and a correction from the editor links to it, not to the private copy', async () => {
    // The system's clock a second past the Sperrfrist (put back in afterAll): the scheduled run, the publisher and the mails all judge by it.
    clock.now = () => new Date(EMBARGO.at.getTime() + 1_000);
    // As the system's scheduler would within 15 s; its own run may come first, so the store says whether it happened.
    await runReleaseSchedule(runtimePorts(), clock.now());
    const release = await harness.api('presse', 'GET', `/releases/${releaseId}`);
    expect(release.status).toBe('published');
    const url = `${harness.system.urls.site}/pressemitteilungen/${release.slug}/`;
    // Whichever run switched it announced the change; the publisher renders the page within a moment.
    await expect.poll(async () => (await fetch(url)).status, { timeout: 30_000 }).toBe(200);

    const reader = await harness.browser.newPage();
    const response = await reader.goto(url);
    expect(response?.status()).toBe(200);
    await reader.getByRole('heading', { level: 1, name: HEADLINE }).waitFor();
    expect(response?.headers()['x-robots-tag']).toBeUndefined();
    expect(await reader.locator('meta[name="robots"]').count()).toBe(0);
    await expect(reader.getByText('Vorschau – nicht veröffentlicht').count()).resolves.toBe(0);

    // A correction goes to everyone who got the release, now with the public link.
    await press.reload();
    const section = press.getByRole('region', { name: 'An Presseverteiler senden' });
    await section.getByRole('button', { name: 'Korrektur an dieselben Empfänger senden' }).click();
    const dialog = press.getByRole('dialog', { name: 'Korrektur verschicken?' });
    await dialog.getByLabel('Was wurde berichtigt? (Pflichtfeld)').fill('Die Zahl der begleiteten Menschen war falsch angegeben.');
    await dialog.getByRole('button', { name: 'Korrektur senden' }).click();
    const correction = section.locator('li.send').first();
    await correction.getByText('Korrektur', { exact: true }).waitFor();
    await correction.getByText(/^(\d+) gesendet · 0 fehlgeschlagen · 0 ausstehend \(von \1\)$/).waitFor({ timeout: 30_000 });
    await harness.system.mail.idle();
    for (const address of JOURNALISTS) expect(mailsTo(address)).toHaveLength(2);
    const mail = await harness.system.mailbox.parsed(mailsTo(JOURNALISTS[0]!).at(-1)!.id);
    expect(mail.subject).toBe(`KORREKTUR: ${HEADLINE}`);
    expect(mail.text).toContain(url);
    expect(mail.text).not.toContain('/vorschau/');
    expect(mail.text).not.toContain('SPERRFRIST');
    expect((await reader.goto(url))?.status()).toBe(200);
    expect(harness.problems).toEqual([]);
  });
});
