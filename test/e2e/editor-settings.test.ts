import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeStory, coveringConsent } from '../integration/harness.ts';
import { axeViolations } from './axe.ts';
import { type EditorHarness, startEditorHarness, statusSays } from './editor-browser.ts';

/**
 * The organisation settings on the administrator's path: the settings screen, the public
 * legal pages that show them, the printed consent form that names the partner's contact
 * person and refuses when one is missing, and a new press release that starts with the
 * press office's contact.
 */

let harness: EditorHarness;

async function api<T = Record<string, any>>(username: string, method: string, path: string, body?: unknown): Promise<T> {
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

/** The settings as a body to save again, without what only the answer carries. */
const asBody = ({ missing: _m, change: _c, demo: _d, ...s }: Record<string, any>) => s;

beforeAll(async () => {
  harness = await startEditorHarness();
}, 300_000);
afterAll(async () => {
  await harness?.close();
});

describe('organisation settings', () => {
  it('an administrator corrects the data-protection officer on the settings screen; a wrong address is refused; the public Datenschutz page shows the new one', async () => {
    const page = await harness.signIn('admin');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Einstellungen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Einstellungen der Organisation' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    expect(await page.getByRole('main').innerText()).toMatch(/Fassung \d+, zuletzt geändert am \d{1,2}\. \p{L}+ \d{4} um \d{2}:\d{2} von /u);
    expect(await axeViolations(page)).toEqual([]);

    const email = page.getByRole('group', { name: 'Datenschutzbeauftragte/r' }).getByLabel('E-Mail', { exact: true });
    await email.fill('keine-adresse');
    await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
    const summary = page.getByRole('alert');
    await summary.getByText('Bitte eine gültige E-Mail-Adresse angeben.').first().waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    const before = await api('admin', 'GET', '/settings/organisation');
    expect(before.dataProtectionOfficer.email).not.toBe('keine-adresse');

    const unique = `dsb-${Date.now()}@landkreis-ludwigsburg.example`;
    await email.fill(unique);
    await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
    await statusSays(page, `Einstellungen gespeichert (Fassung ${before.version + 1}).`);
    expect(await page.getByRole('main').innerText()).toContain('Datenschutzbeauftragte/r: E-Mail');

    // The publisher renders the legal pages again after the save.
    await expect.poll(async () => (await fetch(`${harness.system.urls.site}/datenschutz/`)).text(), { timeout: 90_000, interval: 1000 }).toContain(unique);
    expect(harness.problems).toEqual([]);
  }, 180_000);

  it('an administrator changes the press office’s phone number on the settings screen; the public Pressekontakt page shows it', async () => {
    const page = await harness.signIn('admin');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Einstellungen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Einstellungen der Organisation' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    const before = await api('admin', 'GET', '/settings/organisation');
    const phone = `+49 7141 0000-${String(Date.now()).slice(-3)}`;
    await page.getByLabel('Telefon (Ansprechperson 1)').fill(phone);
    await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
    await statusSays(page, `Einstellungen gespeichert (Fassung ${before.version + 1}).`);
    const contacts = async () => (await (await fetch(`${harness.system.urls.site}/presse/kontakt/`)).text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    await expect.poll(contacts, { timeout: 90_000, interval: 1000 }).toContain(`Telefon: ${phone}`);
    expect(await contacts()).toContain(before.pressContacts[0].name);
    expect(harness.problems).toEqual([]);
  }, 180_000);

  it('a manager reads the settings but cannot change them, and has no link to them', async () => {
    const page = await harness.signIn('caritas-manager');
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Einstellungen' }).count()).toBe(0);
    await page.goto(`${harness.system.urls.editor}/#/einstellungen`);
    await page.getByRole('heading', { level: 1, name: 'Einstellungen der Organisation' }).waitFor();
    await page.getByText('Nur die Administration ändert diese Angaben.').waitFor();
    expect(await page.getByRole('button', { name: 'Einstellungen speichern' }).count()).toBe(0);
    expect(await page.getByRole('group', { name: 'Organisation (Herausgeber im Impressum)' }).getByLabel('Name', { exact: true }).isEditable()).toBe(false);
  }, 120_000);

  it('the printed consent form names the partner’s contact person and the data-protection officer; without a contact person it is not printed and says which setting is missing', async () => {
    const story = await api('drk-manager', 'POST', '/stories', completeStory);
    const page = await harness.signIn('drk-manager');
    await page.goto(`${harness.system.urls.editor}/#/geschichten/${story.id}/formular/A`);
    await page.getByRole('heading', { level: 1, name: 'Einwilligungsformular: Person A' }).waitFor();
    const sheet = await page.locator('.print-sheet').innerText();
    const settings = await api('admin', 'GET', '/settings/organisation');
    expect(sheet).toContain(`Ihre Ansprechperson: ${settings.partnerContacts.drk.name}`);
    expect(sheet).toContain(`E-Mail: ${settings.dataProtectionOfficer.email}`);
    expect(sheet).not.toMatch(/eintragen\]|Platzhalter/);

    const { drk, ...others } = settings.partnerContacts;
    await api('admin', 'PUT', '/settings/organisation', { ...asBody(settings), partnerContacts: others });
    try {
      await page.reload();
      const refusal = page.getByRole('alert');
      await refusal.waitFor();
      expect(await refusal.innerText()).toMatch(/Das Formular wird nicht gedruckt: .*„Ansprechperson DRK: Name“/);
      expect(await page.locator('.print-sheet').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      const now = await api('admin', 'GET', '/settings/organisation');
      await api('admin', 'PUT', '/settings/organisation', { ...asBody(now), partnerContacts: { ...now.partnerContacts, drk } });
    }
  }, 120_000);

  it('a new press release starts with the press office’s contact from the settings', async () => {
    const settings = await api('admin', 'GET', '/settings/organisation');
    const page = await harness.signIn('presse');
    await page.goto(`${harness.system.urls.editor}/#/pressemitteilungen/neu`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const contacts = page.getByRole('group', { name: 'Ansprechpersonen für die Presse' });
    await contacts.getByLabel('Name', { exact: true }).first().waitFor();
    expect(await contacts.getByLabel('Name', { exact: true }).first().inputValue()).toBe(settings.pressContacts[0].name);
    expect(await contacts.getByLabel('E-Mail', { exact: true }).first().inputValue()).toBe(settings.pressContacts[0].email);
  }, 120_000);
});

describe('the Protokoll in German', () => {
  it('names account and settings changes in German, a role change from which role to which, and shows no internal ids, keys or ISO dates', async () => {
    const username = `e2e-protokoll-${Date.now().toString(36)}`;
    await api('admin', 'POST', '/users', { username, name: 'Paula Protokoll', email: `${username}@example.org`, role: 'manager', partner: 'awo' });
    await api('admin', 'PUT', `/users/${username}`, { role: 'partner-lead' });
    await api('admin', 'PUT', `/users/${username}`, { enabled: false });
    const settings = await api('admin', 'GET', '/settings/organisation');
    await api('admin', 'PUT', '/settings/organisation', {
      ...asBody(settings),
      responsible: { ...settings.responsible, function: `Pressesprecherin ${Date.now()}` },
    });

    const page = await harness.signIn('admin');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Protokoll' }).click();
    await page.getByRole('heading', { level: 1, name: /Protokoll/ }).waitFor();
    await page.getByLabel('Art der Einträge').selectOption({ label: 'Verwaltung' });
    const rows = page.locator('.audit-table tbody tr').filter({ hasText: username });
    await rows.first().waitFor();
    const texts = await rows.allInnerTexts();
    expect(texts.some((t) => t.includes('Benutzerkonto angelegt'))).toBe(true);
    expect(texts.some((t) => t.includes('Rolle geändert') && t.includes('Integrationsmanager:in → Partnerleitung'))).toBe(true);
    expect(texts.some((t) => t.includes('Benutzerkonto gesperrt'))).toBe(true);
    await page.locator('.audit-table tbody tr').filter({ hasText: 'Einstellungen der Organisation geändert' }).first().waitFor();

    const visible = await page.getByRole('main').innerText();
    expect(visible).not.toMatch(/\b(user|settings)-[a-z]+(-[a-z]+)*\b/);
    expect(visible).not.toMatch(/\b(USER|ORG|STORY|RELEASE|STATS)#/);
    expect(visible).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);
});

describe('consent forms in other languages', () => {
  it('prints the form in Arabic from right to left, marked as a draft while the translation is unreviewed; German and English on request', async () => {
    const story = await api('drk-manager', 'POST', '/stories', {
      ...completeStory,
      persons: [{ id: 'A', role: 'Klientin', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: ['municipality', 'religion'] } }],
    });
    const page = await harness.signIn('drk-manager');
    await page.goto(`${harness.system.urls.editor}/#/geschichten/${story.id}/formular/A`);
    await page.getByRole('heading', { level: 1, name: 'Einwilligungsformular: Person A' }).waitFor();
    const sheet = page.locator('.print-sheet');
    expect(await sheet.innerText()).toContain('Ich bin einverstanden, dass die Geschichte den Wohnort (Asperg) nennt.');
    expect(await sheet.innerText()).toContain('Die Geschichte erzählt auch etwas über die Religion.');
    expect(await sheet.innerText()).not.toContain('Entwurf – nicht zur Unterschrift');

    await page.getByLabel('Sprache des Formulars').selectOption({ label: 'Arabisch (Entwurf, Übersetzung nicht geprüft)' });
    const arabic = sheet.locator('[lang="ar"]');
    await arabic.waitFor();
    expect(await arabic.getAttribute('dir')).toBe('rtl');
    expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await arabic.innerText()).toContain('أوافق على أن تذكر القصة مكان سكنك (Asperg).');
    expect(await sheet.getByText('Entwurf – nicht zur Unterschrift', { exact: true }).count()).toBe(2);
    expect(await sheet.innerText()).toContain('Formular EW-AR-2026-1');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Sprache des Formulars').selectOption({ label: 'Englisch (Entwurf, Übersetzung nicht geprüft)' });
    await sheet.locator('[lang="en"]').waitFor();
    expect(await sheet.innerText()).toContain('I agree that the story mentions the town where you live (Asperg).');
    expect(harness.problems).toEqual([]);
  }, 120_000);
});

describe('wording', () => {
  it('the story page says when the earliest consent runs out; the press office hands its own release to a colleague, not to itself', async () => {
    const story = await api('caritas-manager', 'POST', '/stories', { ...completeStory, title: `Früheste Einwilligung ${Date.now()}` });
    await api('caritas-manager', 'POST', `/stories/${story.id}/consents`, {
      version: story.version,
      consent: { ...coveringConsent, validUntil: '2099-12-31' },
    });
    const manager = await harness.signIn('caritas-manager');
    await manager.goto(`${harness.system.urls.editor}/#/geschichten/${story.id}`);
    const consents = manager.getByRole('region', { name: 'Personen und Einwilligungen' });
    await consents.waitFor();
    expect(await consents.innerText()).toContain('die früheste Einwilligung läuft ab am 31. Dezember 2099');

    const release = await api('presse', 'POST', '/releases', {
      headline: `Eigene Pressemitteilung der Pressestelle ${Date.now()}`,
      lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg hat auch 2026 viele geflüchtete Menschen auf ihrem Weg begleitet.',
      body: 'Die Integrationsmanagerinnen und -manager der fünf Träger haben gemeinsam mit ihren Klientinnen und Klienten Ziele vereinbart. '.repeat(3),
      contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
      topics: ['arbeit'],
      partners: ['lra'],
    });
    const press = await harness.signIn('presse');
    await press.goto(`${harness.system.urls.editor}/#/pressemitteilungen/${release.id}`);
    await press.getByRole('button', { name: 'Einer Kollegin oder einem Kollegen zur Freigabe vorlegen' }).waitFor();
    expect(await press.getByRole('button', { name: 'Der Pressestelle vorschlagen' }).count()).toBe(0);
  }, 120_000);
});
