import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalSystem, startLocal } from '@newsroom/infra-local/start.ts';
import { takeDownExpired } from '@newsroom/operations/consent-expiry.ts';
import { runtimePorts } from '@newsroom/operations/ports.ts';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeStory, coveringConsent } from './harness.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-takedown-'));
let system: LocalSystem;
beforeAll(async () => {
  system = await startLocal({ dataDir, seed: false, ports: { site: 0, editor: 0, api: 0, dynamo: 0 }, log: () => undefined, scheduleEveryMs: 3_600_000 });
});
afterAll(async () => {
  await system.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function as(username: string, method: string, path: string, body?: unknown) {
  const token = await system.gateway.idp.issue(username);
  const res = await fetch(`${system.urls.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json() as Promise<any>;
}

async function publishedStory(title: string, validUntil = '2099-12-31') {
  let s = await as('caritas-manager', 'POST', '/stories', { ...completeStory, title });
  s = await as('caritas-manager', 'POST', `/stories/${s.id}/consents`, { version: s.version, consent: { ...coveringConsent, validUntil } });
  s = await as('caritas-manager', 'POST', `/stories/${s.id}/read-back`, {
    version: s.version,
    readBack: { date: '2026-01-15', how: 'read-aloud', language: 'Deutsch', personIds: ['A'] },
  });
  for (const [user, action] of [
    ['caritas-manager', 'submit'],
    ['caritas-lead', 'approve'],
    ['presse', 'press-approve'],
    ['presse', 'publish'],
  ]) {
    s = await as(user!, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version });
  }
  expect(s.status).toBe('published');
  await system.publisher.request('test');
  return s;
}

const feedTitles = async () => parseFeed(await (await fetch(`${system.urls.site}/rss.xml`)).text()).items.map((i) => i.title);

async function within(ms: number, check: () => Promise<boolean>) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within ${ms} ms`);
}

describe('withdrawal and expiry take a story off the site and the feed', () => {
  // How fast is a goal measured by `npm run bench` (withdrawal-to-gone); here only that it happens.
  it('a withdrawal: the page answers 410 with a neutral page and the feed drops the item', async () => {
    const s = await publishedStory('Widerruf im Systemtest');
    const page = `${system.urls.site}/geschichten/${s.slug}/`;
    expect((await fetch(page)).status).toBe(200);
    expect(await feedTitles()).toContain('Widerruf im Systemtest');

    await as('caritas-lead', 'POST', `/stories/${s.id}/consents/A/withdrawal`, {
      version: s.version,
      withdrawal: { date: '2026-03-01', receivedVia: 'in-person' },
    });
    await within(30_000, async () => (await fetch(page)).status === 410 && !(await feedTitles()).includes('Widerruf im Systemtest'));
    const gone = await fetch(page);
    const html = await gone.text();
    expect(html).toContain('Dieser Beitrag ist nicht mehr verfügbar');
    expect(html).not.toContain('Widerruf im Systemtest');
    expect(html).toContain('<meta name="robots" content="noindex"');
    const home = await (await fetch(system.urls.site)).text();
    expect(home).not.toContain('Widerruf im Systemtest');
  });

  it('expiry: the scheduler takes the story down and the page and feed follow', async () => {
    const s = await publishedStory('Ablauf im Systemtest', '2026-12-31');
    await takeDownExpired(runtimePorts(), new Date('2027-01-01T08:00:00Z'));
    const page = `${system.urls.site}/geschichten/${s.slug}/`;
    await within(30_000, async () => (await fetch(page)).status === 410 && !(await feedTitles()).includes('Ablauf im Systemtest'));
  });
});
