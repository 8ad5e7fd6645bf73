import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type LocalSystem, startLocal } from '@newsroom/infra-local/start.ts';
import { clock } from '@newsroom/operations/ports.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completeStory, coveringConsent } from './harness.ts';

/**
 * Preview links through the real system: the API's handlers behind the local gateway
 * create, list and revoke them; the local site answers `/vorschau/<token>/` with the page
 * the publisher's renderer makes of the item's current text.
 */
let system: LocalSystem;
let dataDir: string;
const tokens = new Map<string, string>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'preview-links-'));
  system = await startLocal({ dataDir, seed: false, ports: { site: 0, editor: 0, api: 0, dynamo: 0 }, log: () => undefined });
}, 240_000);

afterAll(async () => {
  await system?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

async function call(user: string | undefined, method: string, path: string, body?: unknown) {
  if (user && !tokens.has(user)) tokens.set(user, await system.gateway.idp.issue(user));
  const res = await fetch(`${system.urls.api}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(user ? { authorization: `Bearer ${tokens.get(user)}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const open = (path: string) => fetch(`${system.urls.site}${path}`);

async function consentedDraft(title: string) {
  const created = await call('caritas-manager', 'POST', '/stories', { ...completeStory, title });
  expect(created.status).toBe(201);
  const consented = await call('caritas-manager', 'POST', `/stories/${created.body.id}/consents`, { version: created.body.version, consent: coveringConsent });
  expect(consented.status).toBe(200);
  return consented.body;
}

describe('preview links', () => {
  it('a manager creates a link for a draft; without an account it opens the page as the site would show it, marked and kept out of search engines', async () => {
    const story = await consentedDraft('Vorschau einer Geschichte im Entwurf');
    const created = await call('caritas-manager', 'POST', `/stories/${story.id}/previews`, {});
    expect(created.status).toBe(201);
    expect(created.body.path).toMatch(/^\/vorschau\/[A-Za-z0-9_-]{43}\/$/);
    expect(created.body.state).toBe('active');
    const days = (Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)) / 86_400_000;
    expect(days).toBe(7);

    // Only the token's hash is kept: no item of the table holds the token.
    const token = created.body.path.split('/')[2];
    const scan = await system.store.db.doc.send(new ScanCommand({ TableName: system.store.db.tableName }));
    expect(JSON.stringify(scan.Items)).not.toContain(token);

    const listed = await call('caritas-manager', 'GET', `/stories/${story.id}/previews`);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.body.id, state: 'active', createdByName: created.body.createdByName })]);
    expect(JSON.stringify(listed.body)).not.toContain(token);

    const page = await open(created.body.path);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-robots-tag')).toMatch(/noindex/);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain('Vorschau – nicht veröffentlicht');
    expect(html).toContain('<h1>Vorschau einer Geschichte im Entwurf</h1>');
    expect(html).toContain('class="site-header"');
    expect(html).toContain(completeStory.teaser);

    // Never on the site itself: not its page, not the sitemap, not the feed.
    expect((await open(`/geschichten/${story.slug}/`)).status).toBe(404);
    await system.publisher.whenIdle();
    for (const file of ['/sitemap.xml', '/rss.xml']) expect(await (await open(file)).text()).not.toContain(story.slug);
  });

  it('a revoked link answers 410 with a German page that names nothing of the story; revoking twice is refused (409)', async () => {
    const story = await consentedDraft('Widerrufene Vorschau einer Geschichte');
    const created = await call('caritas-lead', 'POST', `/stories/${story.id}/previews`, {});
    expect(created.status).toBe(201);
    expect((await open(created.body.path)).status).toBe(200);

    const revoked = await call('caritas-manager', 'DELETE', `/stories/${story.id}/previews/${created.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ state: 'revoked', revokedByName: expect.any(String) });
    const page = await open(created.body.path);
    expect(page.status).toBe(410);
    expect(page.headers.get('x-robots-tag')).toMatch(/noindex/);
    const html = await page.text();
    expect(html).toContain('Dieser Vorschau-Link gilt nicht mehr');
    expect(html).not.toContain('Widerrufene Vorschau');

    const again = await call('caritas-manager', 'DELETE', `/stories/${story.id}/previews/${created.body.id}`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/bereits widerrufen/);
    expect((await call('caritas-manager', 'GET', `/stories/${story.id}/previews`)).body.items[0].state).toBe('revoked');

    // Both steps are in the global audit trail, under the story.
    const month = new Date().toISOString().slice(0, 7);
    const audit = await call('admin', 'GET', `/audit?month=${month}`);
    const actions = (audit.body.items as { entity: string; action: string }[]).filter((e) => e.entity === `STORY#${story.id}`).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['preview-link-created', 'preview-link-revoked']));
  });

  it('a link expires after seven days; an unknown token answers 404', async () => {
    const story = await consentedDraft('Abgelaufene Vorschau einer Geschichte');
    clock.now = () => new Date(Date.now() - 7 * 86_400_000 - 60_000);
    const created = await call('caritas-manager', 'POST', `/stories/${story.id}/previews`, {});
    clock.now = realNow;
    expect(created.status).toBe(201);
    expect((await call('caritas-manager', 'GET', `/stories/${story.id}/previews`)).body.items[0].state).toBe('expired');
    const page = await open(created.body.path);
    expect(page.status).toBe(410);
    expect(await page.text()).not.toContain('Abgelaufene Vorschau');

    const unknown = await open(`/vorschau/${'A'.repeat(43)}/`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-robots-tag')).toMatch(/noindex/);
    expect(await unknown.text()).toContain('Diesen Vorschau-Link gibt es nicht');
  });

  it('only who may see the item creates, lists or revokes its links: not another partner, not the press office before the partner released it', async () => {
    const story = await consentedDraft('Vorschau nur für den eigenen Träger');
    expect((await call('drk-manager', 'POST', `/stories/${story.id}/previews`, {})).status).toBe(404);
    expect((await call('presse', 'POST', `/stories/${story.id}/previews`, {})).status).toBe(404);
    expect((await call('admin', 'POST', `/stories/${story.id}/previews`, {})).status).toBe(404);
    const created = await call('caritas-manager', 'POST', `/stories/${story.id}/previews`, {});
    expect((await call('drk-lead', 'GET', `/stories/${story.id}/previews`)).status).toBe(404);
    expect((await call('drk-lead', 'DELETE', `/stories/${story.id}/previews/${created.body.id}`)).status).toBe(404);
    expect((await call(undefined, 'POST', `/stories/${story.id}/previews`, {})).status).toBe(401);

    const release = await call('caritas-manager', 'POST', '/releases', { headline: 'Vorschau einer Pressemitteilung im Entwurf' });
    expect(release.status).toBe(201);
    expect((await call('awo-manager', 'POST', `/releases/${release.body.id}/previews`, {})).status).toBe(404);
    expect((await call('presse', 'POST', `/releases/${release.body.id}/previews`, {})).status).toBe(404);
    expect((await call('caritas-lead', 'POST', `/releases/${release.body.id}/previews`, {})).status).toBe(201);
  });

  it('a story whose consents do not cover the website shows nothing of it in the preview', async () => {
    const created = await call('caritas-manager', 'POST', '/stories', { ...completeStory, title: 'Vorschau ohne Einwilligung' });
    const link = await call('caritas-manager', 'POST', `/stories/${created.body.id}/previews`, {});
    expect(link.status).toBe(201);
    const page = await open(link.body.path);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Diese Fassung kann so nicht erscheinen');
    expect(html).not.toContain('Vorschau ohne Einwilligung');
    expect(html).not.toContain(completeStory.teaser);
  });

  it('a published story with a revision in work previews the revised text; the site keeps the published one', async () => {
    let story = await consentedDraft('Veröffentlichte Fassung vor der Überarbeitung');
    story = (
      await call('caritas-manager', 'POST', `/stories/${story.id}/read-back`, {
        version: story.version,
        readBack: { date: '2026-01-15', how: 'translated', language: 'Arabisch', personIds: ['A'] },
      })
    ).body;
    for (const [user, action] of [
      ['caritas-manager', 'submit'],
      ['caritas-lead', 'approve'],
      ['presse', 'press-approve'],
      ['presse', 'publish'],
    ] as const) {
      story = (await call(user, 'POST', `/stories/${story.id}/transitions`, { action, version: story.version })).body;
    }
    expect(story.status).toBe('published');
    const revised = await call('caritas-manager', 'PUT', `/stories/${story.id}`, {
      version: story.version,
      story: { ...completeStory, title: 'Überarbeitete Fassung in der Vorschau' },
    });
    expect(revised.status).toBe(200);
    const link = await call('caritas-manager', 'POST', `/stories/${story.id}/previews`, {});
    const html = await (await open(link.body.path)).text();
    expect(html).toContain('<h1>Überarbeitete Fassung in der Vorschau</h1>');
    await system.publisher.whenIdle();
    const live = await (await open(`/geschichten/${story.slug}/`)).text();
    expect(live).toContain('<h1>Veröffentlichte Fassung vor der Überarbeitung</h1>');
    expect(live).not.toContain('Überarbeitete Fassung');
  });

  it('a press release in draft previews as its page, quotes once quoted', async () => {
    const release = await call('caritas-manager', 'POST', '/releases', {
      headline: 'Vorschau einer vollständigen Pressemitteilung',
      lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg zeigt, wie eine Pressemitteilung vor der Veröffentlichung aussieht.',
      body: 'Die Integrationsmanagerinnen und -manager der fünf Träger haben gemeinsam mit ihren Klientinnen und Klienten Ziele vereinbart. '.repeat(2),
      quotes: [{ text: 'Gemeinsam ist vieles möglich.', name: 'Julia Neumann', function: 'Pressesprecherin', organisation: 'Landratsamt Ludwigsburg' }],
      contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
      topics: ['arbeit'],
      partners: ['caritas'],
    });
    expect(release.status).toBe(201);
    const link = await call('caritas-manager', 'POST', `/releases/${release.body.id}/previews`, {});
    const page = await open(link.body.path);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Vorschau einer vollständigen Pressemitteilung</h1>');
    expect(html).toContain('Gemeinsam ist vieles möglich.');
    expect(html).not.toMatch(/„\s*„|“\s*“/);
    expect(html).toContain('Vorschau – nicht veröffentlicht');
    expect((await open(`/pressemitteilungen/${release.body.slug}/`)).status).toBe(404);
  });
});
