import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, startEditorHarness } from './editor-browser.ts';

/**
 * The editor's Cognito mode in a real browser, against a stand-in for Cognito's managed
 * login that checks what Cognito checks: the registered redirect URI, the S256 challenge
 * against the verifier, a code used once. The stand-in skips the password and TOTP form
 * (that is Cognito's page, not ours) and issues the development identity provider's
 * token, which the local API accepts, with the sign-in's nonce.
 */
interface FakeCognito {
  url: string;
  /** Who "signs in" at the next authorize request. */
  nextUser: string;
  logouts: string[];
  refusals: string[];
  close(): Promise<void>;
}

async function startFakeCognito(h: EditorHarness, clientId: string, redirectUri: string): Promise<FakeCognito> {
  const codes = new Map<string, { challenge: string; nonce: string; redirectUri: string; user: string }>();
  const fake = { nextUser: 'awo-manager', logouts: [] as string[], refusals: [] as string[] } as FakeCognito;
  const editorOrigin = new URL(redirectUri).origin;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const refuse = (status: number, error: string) => {
      fake.refusals.push(error);
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': editorOrigin });
      res.end(JSON.stringify({ error }));
    };
    if (req.method === 'GET' && url.pathname === '/oauth2/authorize') {
      const p = Object.fromEntries(url.searchParams);
      if (p.client_id !== clientId || p.redirect_uri !== redirectUri) return refuse(400, 'redirect_mismatch');
      if (p.response_type !== 'code' || p.code_challenge_method !== 'S256' || !p.code_challenge || !p.state || !p.nonce) return refuse(400, 'invalid_request');
      const code = randomBytes(16).toString('hex');
      codes.set(code, { challenge: p.code_challenge, nonce: p.nonce, redirectUri: p.redirect_uri, user: fake.nextUser });
      res.writeHead(302, { location: `${p.redirect_uri}?code=${code}&state=${encodeURIComponent(p.state)}` });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/oauth2/token') {
      let text = '';
      for await (const chunk of req) text += chunk;
      const form = Object.fromEntries(new URLSearchParams(text));
      const issued = codes.get(form.code ?? '');
      codes.delete(form.code ?? '');
      if (!issued || form.grant_type !== 'authorization_code' || form.client_id !== clientId || form.redirect_uri !== issued.redirectUri)
        return refuse(400, 'invalid_grant');
      const challenge = createHash('sha256')
        .update(form.code_verifier ?? '')
        .digest('base64url');
      if (challenge !== issued.challenge) return refuse(400, 'invalid_grant');
      const idToken = await h.system.gateway.idp.issue(issued.user, { claims: { nonce: issued.nonce } });
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': editorOrigin });
      return res.end(JSON.stringify({ id_token: idToken, access_token: 'not-used', refresh_token: 'not-kept', expires_in: 3600, token_type: 'Bearer' }));
    }
    if (req.method === 'GET' && url.pathname === '/logout') {
      fake.logouts.push(url.searchParams.get('client_id') ?? '');
      res.writeHead(302, { location: url.searchParams.get('logout_uri') ?? '/' });
      return res.end();
    }
    refuse(404, 'not_found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

describe('Redaktion with Cognito sign-in (authorization code with PKCE)', () => {
  let h: EditorHarness;
  let cognito: FakeCognito;
  const clientId = 'editor-client';

  beforeAll(async () => {
    h = await startEditorHarness();
    cognito = await startFakeCognito(h, clientId, `${h.system.urls.editor}/`);
  });
  afterAll(async () => {
    await cognito?.close();
    await h?.close();
  });

  /** A browser whose editor reads a Cognito-mode config.json, as the deployed one does. */
  async function openEditor(hash = ''): Promise<Page> {
    const context = await h.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(15_000);
    // Cognito is only ever https; the stand-in speaks http on loopback and is reached through a
    // route. Its address is the editor's host as https, which the local policy's 'self' covers:
    // that policy names only this API, where the stack's names the Cognito domain.
    const domain = h.system.urls.editor.replace('http:', 'https:');
    await context.route(`${h.system.urls.editor}/config.json`, (route) =>
      route.fulfill({
        json: {
          apiUrl: h.system.urls.api,
          auth: { mode: 'cognito', domain, clientId, redirectUri: `${h.system.urls.editor}/`, userPoolId: 'eu-central-1_test', region: 'eu-central-1' },
          publicSiteUrl: h.system.urls.site,
        },
      }),
    );
    await context.route(`${domain}/**`, async (route) => {
      const target = cognito.url + route.request().url().slice(domain.length);
      const response = await route.fetch({ url: target, maxRedirects: 0 });
      await route.fulfill({ response });
    });
    const page = await context.newPage();
    page.on('pageerror', (err) => h.problems.push(`cognito: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.text().startsWith('CSP ')) h.problems.push(`cognito: ${msg.text()}`);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.log(`CSP ${e.violatedDirective} blocked ${e.blockedURI}`));
    });
    await page.goto(`${h.system.urls.editor}/${hash}`);
    return page;
  }

  it('a manager signs in through managed login and lands on the overview; the code is gone from the address bar', async () => {
    cognito.nextUser = 'awo-manager';
    const page = await openEditor();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    await expect(page.getByText('Authenticator-App').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
    expect(page.url()).not.toContain('code=');
    expect(await page.getByText(h.displayName('awo-manager')).count()).toBeGreaterThan(0);
    const stored = await page.evaluate(() => Object.keys(sessionStorage));
    expect(stored).toContain('redaktion.session');
    expect(stored).not.toContain('redaktion.oauth');
    expect(cognito.refusals).toEqual([]);
    expect(h.problems).toEqual([]);
  });

  it('returns to the screen the person wanted before signing in', async () => {
    cognito.nextUser = 'caritas-lead';
    const page = await openEditor('#/neu');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(/#\/neu$/);
    await page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'Anmelden' }).waitFor();
    expect(page.url()).toMatch(/#\/neu$/);
    expect(h.problems).toEqual([]);
  });

  it('signing out ends the Cognito session too and shows the sign-in again', async () => {
    cognito.nextUser = 'presse';
    const page = await openEditor();
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
    const before = cognito.logouts.length;
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    expect(cognito.logouts.slice(before)).toEqual([clientId]);
    expect(await page.evaluate(() => sessionStorage.getItem('redaktion.session'))).toBeNull();
    expect(h.problems).toEqual([]);
  });

  it('refuses an answer that does not belong to a sign-in started in this tab', async () => {
    const page = await openEditor();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    await page.goto(`${h.system.urls.editor}/?code=stolen&state=forged`);
    await page.getByRole('alert').filter({ hasText: 'nicht zugeordnet' }).waitFor();
    expect(page.url()).not.toContain('code=');
    expect(await page.evaluate(() => sessionStorage.getItem('redaktion.session'))).toBeNull();
  });
});
