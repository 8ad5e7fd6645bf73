import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '@newsroom/domain/actor.ts';
import { CONSENT_FORM_VERSION, type ConsentInput } from '@newsroom/domain/consent.ts';
import { recordConsent } from '@newsroom/domain/consent-actions.ts';
import { subjectOf } from '@newsroom/infra-local/dev-idp.ts';
import { type LocalSystem, startLocal } from '@newsroom/infra-local/start.ts';
import { getStory, updateStory } from '@newsroom/store/stories.ts';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function publishedStory(title: string) {
  let s = (await as('caritas-manager', 'POST', '/stories', { ...completeStory, title })).body;
  s = (await as('caritas-manager', 'POST', `/stories/${s.id}/consents`, { version: s.version, consent: coveringConsent })).body;
  s = (
    await as('caritas-manager', 'POST', `/stories/${s.id}/read-back`, {
      version: s.version,
      readBack: { date: '2026-01-15', how: 'read-aloud', language: 'Deutsch', personIds: ['A'] },
    })
  ).body;
  for (const [user, action] of [
    ['caritas-manager', 'submit'],
    ['caritas-lead', 'approve'],
    ['presse', 'press-approve'],
    ['presse', 'publish'],
  ]) {
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

describe("a withdrawal can never be blocked by the story's history", () => {
  it('after 1,000 consent corrections the withdrawal answers 200, the story leaves the site and the feed, and no version is lost', {
    timeout: 240_000,
  }, async () => {
    const title = 'Tausend Korrekturen und ein Widerruf';
    const published = await publishedStory(title);
    const page = `${system.urls.site}/geschichten/${published.slug}/`;
    await system.publisher.request('test');
    expect((await fetch(page)).status).toBe(200);

    // The corrections go through the store exactly as the consent route makes them (1,000 HTTP calls take minutes here).
    const manager: Actor = { sub: subjectOf('caritas-manager'), name: 'Miriam Keller', roles: ['manager'], partner: 'caritas' };
    let story = (await getStory(published.id))!;
    for (let i = 1; i <= 1000; i++) {
      const consent = { ...coveringConsent, formVersion: CONSENT_FORM_VERSION, formReference: `EW-2026-${String(i).padStart(4, '0')}` } as ConsentInput;
      const decision = recordConsent(story, consent, manager, new Date(), `Aktenzeichen falsch übertragen, Korrektur ${i}`);
      if (!decision.ok) throw new Error(decision.message);
      story = await updateStory(story, { expectedVersion: story.version, consent: decision.record, audit: decision.audit, status: decision.status });
    }
    expect(story.status).toBe('published');

    const withdrawn = await as('caritas-lead', 'POST', `/stories/${story.id}/consents/A/withdrawal`, {
      version: story.version,
      withdrawal: { date: '2026-03-01', receivedVia: 'phone' },
    });
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

describe('stories stored before the history moved out of the item', () => {
  it('keep every consent version and audit entry when their next change bounds the item', async () => {
    const at = (n: number) => `2026-02-0${n}T10:00:00.000Z`;
    const record = (version: number) => ({
      ...coveringConsent,
      formVersion: 'EW-2026-1',
      version,
      recordedAt: at(version),
      recordedBy: 'x',
      recordedByName: 'Miriam Keller',
      ...(version > 1 ? { correctionReason: `Korrektur ${version}` } : {}),
    });
    const audit = [
      { at: at(1), by: 'x', byName: 'Miriam Keller', action: 'create', to: 'draft' },
      ...[1, 2, 3].map((v) => ({
        at: at(v),
        by: 'x',
        byName: 'Miriam Keller',
        action: v === 1 ? 'consent-recorded' : 'consent-corrected',
        comment: `Version ${v}`,
      })),
    ];
    const id = 'a1b2c3d4e5';
    await system.store.db.doc.send(
      new PutCommand({
        TableName: system.store.db.tableName,
        Item: {
          PK: `STORY#${id}`,
          SK: 'STORY',
          GSI1PK: 'PARTNER#caritas',
          GSI1SK: `draft#${at(3)}#${id}`,
          GSI2PK: 'STATUS#draft',
          GSI2SK: `${at(3)}#${id}`,
          ...completeStory,
          id,
          slug: `alt-${id}`,
          partner: 'caritas',
          status: 'draft',
          version: 4,
          authorId: 'x',
          authorName: 'Miriam Keller',
          createdAt: at(1),
          updatedAt: at(3),
          showMunicipality: true,
          consents: [1, 2, 3].map(record),
          audit,
        },
      }),
    );
    const before = (await getStory(id))!;
    expect(before.consents.map((c) => c.version)).toEqual([1, 2, 3]);
    await updateStory(before, {
      expectedVersion: 4,
      audit: { at: at(4), by: 'x', byName: 'Miriam Keller', action: 'edit' },
      content: { ...completeStory, title: 'Neuer Titel' } as never,
    });

    const after = (await getStory(id))!;
    expect(after.consents.map((c) => c.correctionReason ?? '')).toEqual(['', 'Korrektur 2', 'Korrektur 3']);
    expect(after.audit.map((e) => e.comment ?? e.action)).toEqual(['create', 'Version 1', 'Version 2', 'Version 3', 'edit']);
    const item = (await system.store.db.doc.send(new GetCommand({ TableName: system.store.db.tableName, Key: { PK: `STORY#${id}`, SK: 'STORY' } }))).Item!;
    expect(item.consents).toHaveLength(1);
    expect((item.audit as { action: string }[]).map((e) => e.action)).toEqual(['create', 'consent-recorded', 'consent-corrected', 'edit']);
  });
});
