import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/domain/actor.ts';
import { recordConsent } from '../../functions/domain/consent-actions.ts';
import type { ConsentInput } from '../../functions/domain/consent.ts';
import { getStory, updateStory } from '../../functions/store/stories.ts';
import { subjectOf } from '../../infra/local/dev-idp.ts';
import { startLocal, type LocalSystem } from '../../infra/local/start.ts';
import { completeStory, coveringConsent } from './harness.ts';

/**
 * A withdrawal must go through however long the story's history is. The story item used
 * to keep every consent version and audit entry; after a few hundred corrections it hit
 * DynamoDB's 400 KB item limit, and the withdrawal failed with a 500 while the story
 * stayed public.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-unblockable-'));
let system: LocalSystem;
beforeAll(async () => {
  system = await startLocal({ dataDir, seed: false, ports: { site: 0, editor: 0, api: 0, dynamo: 0 }, log: () => undefined, scheduleEveryMs: 3_600_000 });
});
afterAll(async () => {
  await system?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function as(username: string, method: string, path: string, body?: unknown) {
  const token = await system.gateway.idp.issue(username);
  const res = await fetch(`${system.urls.api}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() as any };
}

async function publishedStory(title: string) {
  let s = (await as('caritas-manager', 'POST', '/stories', { ...completeStory, title })).body;
  s = (await as('caritas-manager', 'POST', `/stories/${s.id}/consents`, { version: s.version, consent: coveringConsent })).body;
  s = (await as('caritas-manager', 'POST', `/stories/${s.id}/read-back`, { version: s.version, readBack: { date: '2026-01-15', how: 'read-aloud', language: 'Deutsch', personIds: ['A'] } })).body;
  for (const [user, action] of [['caritas-manager', 'submit'], ['caritas-lead', 'approve'], ['presse', 'press-approve'], ['presse', 'publish']]) {
    s = (await as(user!, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version })).body;
  }
  expect(s.status).toBe('published');
  return s;
}

const feedTitles = async () => parseFeed(await (await fetch(`${system.urls.site}/rss.xml`)).text()).items.map((i) => i.title);

async function within(ms: number, check: () => Promise<boolean>) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within ${ms} ms`);
}

describe('a withdrawal can never be blocked by the story\'s history', () => {
  it('after 1,000 consent corrections the withdrawal answers 200, the story leaves the site and the feed, and no version is lost', { timeout: 240_000 }, async () => {
    const title = 'Tausend Korrekturen und ein Widerruf';
    const published = await publishedStory(title);
    const page = `${system.urls.site}/geschichten/${published.slug}/`;
    await system.publisher.request('test');
    expect((await fetch(page)).status).toBe(200);

    // The corrections go through the store exactly as the consent route makes them (1,000 HTTP calls take minutes here).
    const manager: Actor = { sub: subjectOf('caritas-manager'), name: 'Miriam Keller', roles: ['manager'], partner: 'caritas' };
    let story = (await getStory(published.id))!;
    for (let i = 1; i <= 1000; i++) {
      const consent = { ...coveringConsent, formReference: `EW-2026-${String(i).padStart(4, '0')}` } as ConsentInput;
      const decision = recordConsent(story, consent, manager, new Date(), `Aktenzeichen falsch übertragen, Korrektur ${i}`);
      if (!decision.ok) throw new Error(decision.message);
      story = await updateStory(story, { expectedVersion: story.version, consent: decision.record, audit: decision.audit, status: decision.status });
    }
    expect(story.status).toBe('published');

    const withdrawn = await as('caritas-lead', 'POST', `/stories/${story.id}/consents/A/withdrawal`, { version: story.version, withdrawal: { date: '2026-03-01', receivedVia: 'phone' } });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    await within(30_000, async () => (await fetch(page)).status === 410 && !(await feedTitles()).includes(title));
    expect(await (await fetch(system.urls.site)).text()).not.toContain(title);

    // The item has a fixed upper size; the history is complete beside it.
    const item = await system.store.db.doc.send(new GetCommand({ TableName: system.store.db.tableName, Key: { PK: `STORY#${story.id}`, SK: 'STORY' } }));
    expect(JSON.stringify(item.Item).length).toBeLessThan(40_000);
    const full = (await as('caritas-manager', 'GET', `/stories/${story.id}`)).body;
    expect(full.consents.map((c: { version: number }) => c.version)).toEqual(Array.from({ length: 1002 }, (_, i) => i + 1));
    expect(full.consents.at(-1).withdrawal.receivedVia).toBe('phone');
    expect(full.audit.filter((e: { action: string }) => e.action === 'consent-corrected')).toHaveLength(1000);
    expect(full.audit.map((e: { action: string }) => e.action).slice(0, 3)).toEqual(['create', 'consent-recorded', 'read-back']);
  });
});
