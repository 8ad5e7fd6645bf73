import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoUsers } from '@newsroom/content/seed/users.ts';
import { useEmbeddedStore } from '@newsroom/infra-local/dynalite.ts';
import { type LocalSystem, startLocal } from '@newsroom/infra-local/start.ts';
import chromium from '@sparticuz/chromium';
import { type Browser, type Page, chromium as pw } from 'playwright-core';
import { endPerWorker, perWorker } from '../worker.ts';

export interface EditorHarness {
  system: LocalSystem;
  browser: Browser;
  /** Content-Security-Policy violations and script errors seen in any page; a test ends by expecting none. */
  problems: string[];
  /** A person at their own computer: a fresh browser context, signed in through the editor's login page (`name`: of a user who is not a demo user). */
  signIn(username: string, name?: string): Promise<Page>;
  /** A fresh browser context on the editor, not signed in. */
  openEditor(label: string, hash?: string): Promise<Page>;
  displayName(username: string): string;
  /** Calls the API as `username` (a token from the development IdP): the status and the parsed answer, whatever it is. */
  call(username: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Calls the API as `username` and returns the answer; fails the test on anything but 2xx, naming the call. */
  api(username: string, method: string, path: string, body?: unknown): Promise<any>;
  /** Closes the file's browser (and the file's own system, if it has one). */
  close(): Promise<void>;
}

const SYSTEM = 'the e2e local system';

/** A local system (no demo stories, free ports) in a data directory of its own, which goes with it when it closes. */
async function startSystem(): Promise<LocalSystem> {
  const dataDir = await mkdtemp(join(tmpdir(), 'editor-e2e-'));
  const system = await startLocal({ dataDir, seed: false, ports: { site: 0, editor: 0, api: 0, dynamo: 0 }, log: () => undefined });
  return {
    ...system,
    async close() {
      await system.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Chromium's software emulation of a GPU, which @sparticuz/chromium turns on for Lambda: the tests need no GPU, and the emulation costs much CPU. */
const GPU_EMULATION = ['--ignore-gpu-blocklist', '--in-process-gpu', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

/**
 * Headless Chromium without a GPU. Web security stays on, so the browser enforces the
 * editor's Content-Security-Policy and CORS towards the API as a real one does. One per
 * file: @sparticuz/chromium runs it in one process, which ends when one of its contexts
 * is closed, and starting it is cheap.
 */
export async function launchBrowser(): Promise<Browser> {
  return pw.launch({
    executablePath: await chromium.executablePath(),
    args: [...chromium.args.filter((a) => a !== '--disable-web-security' && !GPU_EMULATION.includes(a)), '--disable-gpu'],
    headless: true,
  });
}

/**
 * The whole local system (started with users, no demo stories) and a headless Chromium.
 *
 * The system is this test worker's, shared by the e2e files the worker runs one after
 * another (test/worker.ts), while other workers run their own beside it: it holds
 * whatever earlier files wrote (demo data included, if one seeded it). A test creates what
 * it needs, with titles of its own, and never expects a list to be empty or of a given
 * length unless it counted what was there first.
 *
 * `ownSystem`: a fresh system of the file's own, for a file whose assertions need global
 * state nobody else touches (the statistics' assignment matrix and reporting dates). The
 * API's handlers find their store through the process's runtime config, so a worker runs
 * one system at a time: the shared one is closed first, and the next file that needs it
 * starts it again.
 */
export async function startEditorHarness(opts: { ownSystem?: boolean } = {}): Promise<EditorHarness> {
  let system: LocalSystem;
  if (opts.ownSystem) {
    await endPerWorker(SYSTEM);
    system = await startSystem();
  } else {
    system = await perWorker(SYSTEM, startSystem, (s) => s.close());
    // Another file of this worker may have pointed the process at a store of its own.
    useEmbeddedStore(system.store);
  }
  const browser = await launchBrowser();
  const problems: string[] = [];

  const displayName = (username: string) => {
    const user = demoUsers().find((u) => u.username === username);
    if (!user) throw new Error(`no demo user ${username}`);
    return user.name;
  };

  async function openEditor(label: string, hash = ''): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`${label}: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.text().startsWith('CSP ')) problems.push(`${label}: ${msg.text()}`);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.log(`CSP ${e.violatedDirective} blocked ${e.blockedURI}`));
    });
    await page.goto(`${system.urls.editor}/${hash}`);
    return page;
  }

  async function signIn(username: string, name = displayName(username)): Promise<Page> {
    const page = await openEditor(username);
    try {
      await page.getByRole('heading', { level: 1, name: 'Anmelden (lokale Entwicklung)' }).waitFor();
      await page.getByRole('button', { name }).click();
    } catch (err) {
      const says = await page
        .getByRole('main')
        .innerText()
        .catch(() => '(nothing)');
      throw new Error(`no sign-in button for ${name}. The editor says: ${says}. Browser problems: ${problems.join(' | ') || 'none'}`, { cause: err });
    }
    await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
    return page;
  }

  async function call(username: string, method: string, path: string, body?: unknown) {
    const token = await system.gateway.idp.issue(username);
    const res = await fetch(`${system.urls.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
  }

  async function api(username: string, method: string, path: string, body?: unknown) {
    const res = await call(username, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path} as ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  return {
    system,
    browser,
    problems,
    signIn,
    openEditor,
    displayName,
    call,
    api,
    async close() {
      await browser.close();
      if (opts.ownSystem) await system.close();
    },
  };
}

/** Waits until the status area (the polite live region) says `text`. */
export async function statusSays(page: Page, text: string): Promise<void> {
  await page.getByRole('status').getByText(text).waitFor();
}

/** The texts a control's aria-describedby points at. */
export function descriptionOf(page: Page, label: string): Promise<string> {
  return page.getByLabel(label, { exact: true }).evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

/** Clicks one of the story's workflow buttons (or "Bearbeiten") in the "Nächste Schritte" section. */
export async function takeAction(page: Page, label: string): Promise<void> {
  await page.getByRole('region', { name: 'Nächste Schritte' }).getByRole('button', { name: label, exact: true }).click();
}

/** Today and a day two years ahead, as `YYYY-MM-DD` (UTC is never ahead of Berlin, so "today" is never in the future). */
export const today = () => new Date().toISOString().slice(0, 10);
export const inTwoYears = () => `${new Date().getUTCFullYear() + 2}-06-30`;

/**
 * From a story's page: records a consent by the adult person `personId` that covers
 * website and feed, a pseudonym, no photos and the place, and returns to the story.
 */
export async function recordCoveringConsent(page: Page, personId: string): Promise<void> {
  await page.getByRole('link', { name: `Einwilligung von Person ${personId} erfassen` }).click();
  await page.getByRole('heading', { level: 1, name: `Einwilligung erfassen: Person ${personId}` }).waitFor();
  await page.getByRole('radio', { name: 'Die Person selbst' }).check();
  await page.getByLabel('Datum der Einwilligung').fill(today());
  await page.getByLabel('Sprache des Gesprächs').fill('Deutsch');
  await page.getByLabel('Aktenzeichen des unterschriebenen Formulars').fill(`EW-${personId}-1`);
  await page.getByLabel('Gültig bis').fill(inTwoYears());
  const scope = page.getByRole('group', { name: 'Umfang der Einwilligung' });
  await scope.getByRole('checkbox', { name: 'Website' }).check();
  await scope.getByRole('checkbox', { name: 'Pressemitteilung / Feed' }).check();
  await scope.getByLabel('Nennung').selectOption({ label: 'mit Pseudonym' });
  await scope.getByLabel('Fotos').selectOption({ label: 'keine Fotos' });
  await scope.getByRole('checkbox', { name: 'Wohnort' }).check();
  await page.getByRole('button', { name: 'Einwilligung speichern' }).click();
  await statusSays(page, `Die Einwilligung von Person ${personId} wurde gespeichert.`);
}

/**
 * From a story's page: records that the persons `personIds` heard the current text read
 * aloud in German (the read-back approval, in the section `region`: a pending revision has
 * its own), and waits for the confirmation.
 */
export async function recordReadBack(page: Page, personIds: string[], how = 'vorgelesen', region = 'Rückbestätigung des Textes'): Promise<void> {
  const section = page.getByRole('region', { name: region });
  const form = section.getByRole('form', { name: 'Rückbestätigung erfassen' });
  await form.getByRole('radio', { name: how, exact: true }).check();
  await form.getByLabel('Sprache', { exact: true }).fill('Deutsch');
  for (const id of personIds) await form.getByRole('checkbox', { name: new RegExp(`^Person ${id}:`) }).check();
  await form.getByRole('button', { name: 'Rückbestätigung speichern' }).click();
  await statusSays(page, 'Die Rückbestätigung ist gespeichert.');
  await page.getByRole('region', { name: region }).getByText('bestätigt', { exact: true }).waitFor();
}

/** In the story form: adds the next person with a role (adult, pseudonym, no photos, no further details). */
export async function addPerson(page: Page, role: string): Promise<void> {
  await page.getByRole('button', { name: 'Person hinzufügen' }).click();
  await page
    .getByRole('region', { name: /^Person [A-Z]$/ })
    .last()
    .getByLabel('Rolle in der Geschichte')
    .fill(role);
}
