import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, startEditorHarness } from './editor-browser.ts';

/**
 * The overview after sign-in is one request (GET /overview), whatever the role: signing in
 * reads who the person is and the reference data, and the screen itself asks only once,
 * also when the person comes back to it.
 */
let harness: EditorHarness;

beforeAll(async () => {
  harness = await startEditorHarness();
});

afterAll(async () => {
  await harness?.close();
});

/** What the editor fetched from the API while `step` ran, without the sign-in's own requests (identity provider, /me, /meta). */
async function apiRequests(page: import('playwright-core').Page, step: () => Promise<void>): Promise<string[]> {
  const api = new URL(harness.system.urls.api).origin;
  const seen: string[] = [];
  const record = (req: import('playwright-core').Request) => {
    const url = new URL(req.url());
    if (url.origin === api && req.method() !== 'OPTIONS') seen.push(`${req.method()} ${url.pathname}${url.search}`);
  };
  page.on('request', record);
  await step();
  await page.waitForLoadState('networkidle');
  page.off('request', record);
  return seen.filter((r) => !/^\w+ \/(dev-idp\/|me$|meta$)/.test(r));
}

const ROLES: [string, string][] = [
  ['caritas-manager', 'Zurückgegeben'],
  ['caritas-lead', 'Wartet auf Ihre Freigabe'],
  ['presse', 'Vorgeschlagene Pressemitteilungen'],
  ['admin', 'Benutzerkonten'],
];

describe('the overview loads with one request', () => {
  it.each(ROLES)('%s: after sign-in and on coming back, only GET /overview', async (username, heading) => {
    const page = await harness.openEditor(username);
    const atSignIn = await apiRequests(page, async () => {
      await page.getByRole('heading', { level: 1, name: 'Anmelden (lokale Entwicklung)' }).waitFor();
      await page.getByRole('button', { name: harness.displayName(username) }).click();
      await page.getByRole('heading', { level: 2, name: new RegExp(`^${heading}`) }).waitFor();
    });
    expect(atSignIn).toEqual(['GET /overview']);

    await page.getByRole('link', { name: 'Benachrichtigungen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Benachrichtigungen' }).waitFor();
    const back = await apiRequests(page, async () => {
      await page.getByRole('link', { name: 'Übersicht', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: new RegExp(`^${heading}`) }).waitFor();
    });
    expect(back).toEqual(['GET /overview']);
    expect(harness.problems).toEqual([]);
  });
});
