import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalSystem, startLocal } from '@newsroom/infra-local/start.ts';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { completeStory, coveringConsent } from './harness.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-local-'));
const ports = { site: 0, editor: 0, api: 0, dynamo: 0 };
let system: LocalSystem | undefined;
afterAll(async () => {
  await system?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function as(username: string, method: string, path: string, body?: unknown) {
  const token = await system!.gateway.idp.issue(username);
  const res = await fetch(`${system!.urls.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json() as Promise<any>;
}

async function waitFor(check: () => Promise<boolean>, ms = 15_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}

describe('the local system started as npm start does', () => {
  it('publishes a story to the site and the feed within seconds, and keeps data across a restart', async () => {
    system = await startLocal({ dataDir, ports, log: () => undefined });
    const home = await fetch(system.urls.site);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Vom Sprachkurs in die eigene Wohnung');

    let s = await as('caritas-manager', 'POST', '/stories', { ...completeStory, title: 'Lokaler Systemtest in Asperg' });
    s = await as('caritas-manager', 'POST', `/stories/${s.id}/consents`, { version: s.version, consent: coveringConsent });
    s = await as('caritas-manager', 'POST', `/stories/${s.id}/read-back`, {
      version: s.version,
      readBack: { date: '2026-01-15', how: 'read-aloud', language: 'Deutsch', personIds: ['A'] },
    });
    s = await as('caritas-manager', 'POST', `/stories/${s.id}/transitions`, { action: 'submit', version: s.version });
    s = await as('caritas-lead', 'POST', `/stories/${s.id}/transitions`, { action: 'approve', version: s.version });
    s = await as('presse', 'POST', `/stories/${s.id}/transitions`, { action: 'press-approve', version: s.version });
    s = await as('presse', 'POST', `/stories/${s.id}/transitions`, { action: 'publish', version: s.version });
    expect(s.status).toBe('published');

    const page = `${system.urls.site}/geschichten/${s.slug}/`;
    await waitFor(async () => (await fetch(page)).status === 200);
    const feed = parseFeed(await (await fetch(`${system.urls.site}/rss.xml`)).text());
    expect(feed.items.map((i) => i.title)).toContain('Lokaler Systemtest in Asperg');

    await system.close();
    system = await startLocal({ dataDir, ports, log: () => undefined });
    const again = await as('presse', 'GET', `/stories/${s.id}`);
    expect(again.status).toBe('published');
    expect((await fetch(`${system.urls.site}/geschichten/${s.slug}/`)).status).toBe(200);
    // Two starts, each with a full site build: well under 30 s idle, up to a minute on a busy 2-core machine.
  }, 120_000);

  it('lets the editor connect to itself and this API only, not to every local port', async () => {
    const ownDir = mkdtempSync(join(tmpdir(), 'newsroom-local-csp-'));
    const own = await startLocal({ dataDir: ownDir, ports, seed: false, log: () => undefined });
    try {
      const page = await fetch(own.urls.editor);
      expect(page.status).toBe(200);
      const csp = page.headers.get('content-security-policy') ?? '';
      const connect = csp
        .split(';')
        .map((d) => d.trim())
        .filter((d) => d.startsWith('connect-src '));
      expect(connect).toEqual([`connect-src 'self' ${own.urls.api}`]);
      expect(csp).not.toContain('*');
      // The one API it may reach is the one its configuration names (the development sign-in lives there too).
      const config = (await (await fetch(`${own.urls.editor}/config.json`)).json()) as { apiUrl: string; auth: { idpUrl: string } };
      expect(new URL(config.apiUrl).origin).toBe(own.urls.api);
      expect(new URL(config.auth.idpUrl).origin).toBe(own.urls.api);
    } finally {
      await own.close();
      rmSync(ownDir, { recursive: true, force: true });
    }
  }, 120_000);
});
