import { demoUsers } from '@newsroom/content/seed/users.ts';
import { CHANNELS, DETAILS, NAMINGS, PHOTOS, WITHDRAWAL_CHANNELS } from '@newsroom/domain/consent.ts';
import { ReleaseAction } from '@newsroom/domain/release-workflow.ts';
import { StoryAction } from '@newsroom/domain/workflow.ts';
import { seedDemoData } from '@newsroom/infra-local/seed.ts';
import { demoOrganisationSettings } from '@newsroom/infra-local/seed-organisation.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, startEditorHarness } from './editor-browser.ts';
import { overflows, problem, safeName } from './widths.ts';

/**
 * Every editor screen each role reaches by its own links, after a scenario that makes one
 * of each kind of item and Protokoll entry, walked once and checked twice:
 * - German everywhere a person reads (issue 15): a screen fails on an English action or
 *   state id („user-changed“, „phone“), an internal key („USER#drk-m“, „STORY#…“) or a date
 *   as the machine writes it („2026-12-03“) in its visible text;
 * - no screen wider than a phone (issue 16): measured at 320, 390 and 768 px (widths.ts),
 *   with a header that leaves the screen to the content and headlines whole.
 */
let harness: EditorHarness;

const api = (username: string, method: string, path: string, body?: unknown) => harness.api(username, method, path, body);

const STORY = {
  teaser: 'Wie eine Klientin mit Unterstützung eine Stelle in der Pflege gefunden hat.',
  municipality: 'Asperg',
  topics: ['arbeit'],
  body: 'Nach einem Praktikum hat sie eine Stelle in der Pflege gefunden. Der Weg dorthin war lang.',
  channels: ['website', 'press'],
  persons: [{ id: 'A', role: 'Pflegehelferin', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: [] } }],
};
const CONSENT = {
  personId: 'A',
  givenBy: 'person',
  date: '2026-01-10',
  language: 'Deutsch',
  interpreter: false,
  formReference: 'EW-DE-1',
  validUntil: '2099-12-31',
  scope: { channels: ['website', 'press'], naming: 'pseudonym', photos: 'none', details: ['municipality'], specialCategories: false },
};

/** A story through consent and read-back, ready to submit. */
async function ready(title: string): Promise<any> {
  let s = await api('caritas-manager', 'POST', '/stories', { ...STORY, title });
  s = await api('caritas-manager', 'PUT', `/stories/${s.id}`, {
    version: s.version,
    story: { ...STORY, title, body: `${STORY.body} Heute ist sie zufrieden.` },
  });
  s = await api('caritas-manager', 'POST', `/stories/${s.id}/consents`, { version: s.version, consent: CONSENT });
  return api('caritas-manager', 'POST', `/stories/${s.id}/read-back`, {
    version: s.version,
    readBack: { date: '2026-01-15', how: 'read-aloud', language: 'Deutsch', personIds: ['A'] },
  });
}

const step = (user: string, s: { id: string; version: number }, action: string, extra: object = {}) =>
  api(user, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version, ...extra });

async function published(title: string): Promise<any> {
  let s = await ready(title);
  s = await step('caritas-manager', s, 'submit');
  s = await step('caritas-lead', s, 'approve', { acknowledgeWarnings: true });
  s = await step('presse', s, 'press-approve');
  return step('presse', s, 'publish');
}

/** The scenario's stories and release: each page is read, whatever its screen type. */
const made: string[] = [];
/** A story whose person's declared naming, photos and details changed between two versions. */
let personChanged: { id: string; title: string };

/** One of each kind of entry the Protokoll can hold, made the way people make them. */
async function everyKindOfEntry() {
  // Stories: returned and resubmitted, published, taken down, consent withdrawn, restored, revised, erased.
  let s = await ready('Deutsch im Protokoll: zurückgegeben');
  s = await step('caritas-manager', s, 'submit');
  s = await step('caritas-lead', s, 'return', { comment: 'Bitte den Schluss kürzen.' });
  await api('caritas-manager', 'POST', `/stories/${s.id}/versions/1/restore`, { version: s.version });

  const taken = await published('Deutsch im Protokoll: von der Website genommen');
  await step('presse', taken, 'unpublish', { comment: 'Auf Wunsch des Trägers.' });

  const withdrawn = await published('Deutsch im Protokoll: widerrufen');
  await api('caritas-manager', 'POST', `/stories/${withdrawn.id}/consents/A/withdrawal`, {
    version: withdrawn.version,
    withdrawal: { date: '2026-12-01', receivedVia: 'phone', scope: 'publication' },
  });

  let revised = await published('Deutsch im Protokoll: überarbeitet');
  revised = await api('caritas-manager', 'PUT', `/stories/${revised.id}`, {
    version: revised.version,
    story: { ...STORY, title: revised.title, body: `${STORY.body} Eine Überarbeitung.` },
  });
  await api('caritas-manager', 'DELETE', `/stories/${revised.id}/revision?version=${revised.version}`);

  const erased = await ready('Deutsch im Protokoll: gelöscht');
  await api('caritas-manager', 'POST', `/stories/${erased.id}/erasure`, { version: erased.version });
  made.push(...[s, taken, withdrawn, revised, erased].map((x) => `#/geschichten/${x.id}`));

  const title = 'Deutsch im Protokoll: Person geändert';
  const first = await api('caritas-manager', 'POST', '/stories', { ...STORY, title });
  const person = { ...STORY.persons[0]!, publicName: 'Amal', shows: { naming: 'first-name', photos: 'not-recognisable', details: ['origin', 'employer'] } };
  personChanged = await api('caritas-manager', 'PUT', `/stories/${first.id}`, { version: first.version, story: { ...STORY, title, persons: [person] } });

  // A press release proposed, approved and published.
  let r = await api('caritas-manager', 'POST', '/releases', {
    headline: 'Deutsch im Protokoll: eine Pressemitteilung',
    lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg hat auch 2026 viele geflüchtete Menschen auf ihrem Weg begleitet.',
    body: 'Die Integrationsmanagerinnen und -manager der fünf Träger haben gemeinsam mit ihren Klientinnen und Klienten Ziele vereinbart. '.repeat(3),
    contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
    topics: ['arbeit'],
    partners: ['caritas'],
  });
  r = await api('caritas-manager', 'POST', `/releases/${r.id}/transitions`, { action: 'propose', version: r.version });
  r = await api('presse', 'POST', `/releases/${r.id}/transitions`, { action: 'approve', version: r.version });
  await api('presse-2', 'POST', `/releases/${r.id}/transitions`, { action: 'publish', version: r.version });
  made.push(`#/pressemitteilungen/${r.id}`);

  // Accounts: invited, renamed, a role changed, locked and unlocked.
  const username = 'deutsch-test';
  await api('admin', 'POST', '/users', { username, name: 'Dora Deutsch', email: 'dora@example.org', role: 'manager', partner: 'drk' });
  await api('admin', 'PUT', `/users/${username}`, { name: 'Dora Deutsch-Weber' });
  await api('admin', 'PUT', `/users/${username}`, { role: 'partner-lead' });
  await api('admin', 'PUT', `/users/${username}`, { enabled: false });
  await api('admin', 'PUT', `/users/${username}`, { enabled: true });

  // Settings: the organisation's and the statistics'.
  const org = await api('admin', 'GET', '/settings/organisation');
  await api('admin', 'PUT', '/settings/organisation', {
    ...demoOrganisationSettings(),
    responsible: { name: 'Neue Person (Demo)', function: 'Pressesprecherin' },
    version: org.version,
  });
  const stats = await api('admin', 'GET', '/statistics/settings');
  await api('admin', 'PUT', '/statistics/settings', { version: stats.version, assignment: stats.assignment, threshold: stats.threshold + 1 });
}

/** Demo usernames are what people sign in with, not internal keys. */
const USERNAMES = new Set([...demoUsers().map((u) => u.username), 'deutsch-test']);

/** Ids of the domain's choices and steps that are not German words. */
const IDS = [
  ...StoryAction.options,
  ...ReleaseAction.options,
  ...CHANNELS.map((c) => c.id),
  ...NAMINGS.map((n) => n.id),
  ...PHOTOS.map((p) => p.id),
  ...DETAILS.map((d) => d.id),
  ...WITHDRAWAL_CHANNELS.map((w) => w.id),
  'draft',
  'submitted',
  'returned',
  'partner-approved',
  'press-approved',
  'published',
  'unpublished',
  'withdrawn',
  'proposed',
  'scheduled',
  'read-back',
  'read-aloud',
  'translated',
  'create',
  'edit',
  'restore',
  'seed',
  'consent',
  'withdrawal',
  'erased',
  'expiry',
  'manager',
  'partner-lead',
  'press',
  'admin',
].filter((id) => !['pseudonym', 'religion'].includes(id));

/** What in a screen's visible text is not German for people: each finding with a little context. */
function findings(text: string): string[] {
  const found: string[] = [];
  const near = (i: number, len: number) => JSON.stringify(text.slice(Math.max(0, i - 30), i + len + 30));
  const cleaned = text.replace(/https?:\/\/\S+/g, ' ');
  for (const m of cleaned.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)) found.push(`ISO-Datum ${m[0]} in ${near(m.index, m[0].length)}`);
  for (const m of cleaned.matchAll(/\b(?:STORY|RELEASE|USER|STATS|ORG|AUDIT|VERSION|PHOTO)#\S*/g))
    found.push(`interner Schlüssel ${m[0]} in ${near(m.index, m[0].length)}`);
  // Lowercase words joined by hyphens („user-changed“) are ids, as are the domain's own; German writes neither.
  for (const m of cleaned.matchAll(/(?<![\p{L}\p{N}@./_-])[a-z]+(?:-[a-z]+)*(?![\p{L}\p{N}@/_-])/gu)) {
    if (!USERNAMES.has(m[0]) && (m[0].includes('-') || IDS.includes(m[0]))) found.push(`englische Kennung „${m[0]}“ in ${near(m.index, m[0].length)}`);
  }
  return found;
}

const screenType = (hash: string) =>
  hash
    .split('?')[0]!
    .split('/')
    .map((seg) => (/\d/.test(seg) || seg.length > 20 ? '*' : seg))
    .join('/');

/** Opens a screen by its address as a fresh load (a hash change alone would leave the previous screen's heading standing while the new one loads). */
async function openScreen(page: Page, hash: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${harness.system.urls.editor}/${hash}`);
  await page.reload();
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle').catch(() => undefined);
}

/** The visible text of the open screen at desktop width, with every folded part opened. */
async function visibleText(page: Page): Promise<string> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
  });
  await page.waitForLoadState('networkidle').catch(() => undefined);
  return page.locator('body').innerText();
}

/**
 * Every screen a role reaches by its own links, one per screen type, breadth first: what
 * each says that is not German, and where it does not fit a phone.
 */
async function walk(page: Page, username: string, limit = 60): Promise<{ screens: number; german: string[]; widths: string[] }> {
  const seen = new Set<string>();
  const german: string[] = [];
  const widths: string[] = [];
  const queue = ['#/'];
  while (queue.length && seen.size < limit) {
    const hash = queue.shift()!;
    if (seen.has(screenType(hash))) continue;
    seen.add(screenType(hash));
    await openScreen(page, hash);
    const links = await page.locator('a[href^="#/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    for (const l of links) if (!seen.has(screenType(l)) && l !== '#/abmelden') queue.push(l);
    for (const o of await overflows(page, `editor-${username}-${safeName(hash)}`)) widths.push(problem(hash, o));
    for (const f of findings(await visibleText(page))) german.push(`${hash}: ${f}`);
  }
  return { screens: seen.size, german, widths };
}

beforeAll(async () => {
  harness = await startEditorHarness({ ownSystem: true });
  await seedDemoData(harness.system.store.db);
  await everyKindOfEntry();
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

describe('German everywhere a person reads', () => {
  it('the check finds what it is for', () => {
    const found = findings('Benutzerkonto geändert (user-changed) am 2026-12-03, Eintrag Nr. USER#drk-m, widerrufen (phone)').join(' | ');
    for (const what of ['„user-changed“', 'ISO-Datum 2026-12-03', 'interner Schlüssel USER#drk-m', '„phone“']) expect(found).toContain(what);
    expect(findings('Am 3. Dezember 2026 hat Julia Neumann (presse) die Geschichte „Neue Arbeit in Asperg“ freigegeben. E-Mail an info@example.org')).toEqual(
      [],
    );
  });

  it.each(['caritas-manager', 'caritas-lead', 'presse', 'admin'])(
    'every screen %s reaches by its links is German and fits 320, 390 and 768 px',
    async (username) => {
      const page = await harness.signIn(username);
      const { screens, german, widths } = await walk(page, username);
      expect(screens).toBeGreaterThan(3);
      expect(german, 'nicht deutsch').toEqual([]);
      expect(widths, 'passt nicht auf ein Telefon').toEqual([]);
    },
    600_000,
  );

  it.each(['caritas-manager', 'presse'])(
    'every story and release of the scenario as %s reads it: history, consents, withdrawal, erasure',
    async (username) => {
      const page = await harness.signIn(username);
      const failures: string[] = [];
      for (const hash of made) {
        await openScreen(page, hash);
        for (const f of findings(await visibleText(page))) failures.push(`${hash}: ${f}`);
      }
      expect(made.length).toBe(6);
      expect(failures).toEqual([]);
    },
    300_000,
  );

  it('the comparison of two versions names a person’s changed naming, photos and details in German', async () => {
    const page = await harness.signIn('caritas-manager');
    await page.goto(`${harness.system.urls.editor}/#/geschichten/${personChanged.id}`);
    await page.getByRole('heading', { level: 1, name: personChanged.title }).waitFor();
    const history = page.getByRole('region', { name: 'Fassungen' });
    await history.getByRole('button', { name: 'Unterschiede anzeigen' }).click();
    await history.getByRole('heading', { name: 'Unterschiede von Fassung 1 zu Fassung 2' }).waitFor();
    const persons = await history
      .locator('.diff-field')
      .filter({ has: page.getByRole('heading', { name: /^Personen/ }) })
      .innerText();
    expect(persons).toContain('Herkunftsland');
    expect(findings(persons)).toEqual([]);
  });

  it.each(['presse', 'admin'])(
    'every entry of the Protokoll, as %s reads it',
    async (username) => {
      const page = await harness.signIn(username);
      await page.goto(`${harness.system.urls.editor}/#/protokoll`);
      await page.getByRole('heading', { level: 1, name: /^Protokoll: / }).waitFor();
      const more = page.getByRole('button', { name: 'Weitere laden' });
      while (await more.isVisible()) {
        await more.click();
        await page.waitForLoadState('networkidle').catch(() => undefined);
      }
      await page.waitForLoadState('networkidle').catch(() => undefined);
      const table = page.getByRole('table');
      const rows = await table.getByRole('row').allInnerTexts();
      const audit = (await api(username, 'GET', '/audit')).items as { action: string; entity: string }[];
      // Every kind of entry made above is on the page: role changes, withdrawals, erasure, settings, releases, accounts.
      const kinds = new Set(audit.map((e) => `${e.entity.split('#')[0]}:${e.action}`));
      expect(kinds.size).toBeGreaterThan(15);
      expect(rows.length).toBeGreaterThan(audit.length);
      const failures = rows.flatMap((r) => findings(r).map((f) => `${r.replace(/\s+/g, ' ').slice(0, 80)}: ${f}`));
      expect(failures).toEqual([]);
      const roleChange = rows.find((r) => r.includes('Rolle geändert'));
      expect(roleChange, 'a role change names both roles').toMatch(/Integrationsmanager:in → Partnerleitung/);
    },
    300_000,
  );
});
