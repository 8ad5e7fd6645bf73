import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '@newsroom/domain/actor.ts';
import { withdrawConsent } from '@newsroom/domain/consent-actions.ts';
import { subjectOf } from '@newsroom/infra-local/dev-idp.ts';
import { startDynalite } from '@newsroom/infra-local/dynalite.ts';
import { type LocalSystem, startLocal } from '@newsroom/infra-local/start.ts';
import { getStory, updateStory } from '@newsroom/store/stories.ts';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { completeStory, coveringConsent } from './harness.ts';

/**
 * What was taken off the site stays off whatever happens to the process: a restart, a
 * full rebuild, a crash right after a withdrawal. The store keeps the gone list; the
 * site build and the start-up read it.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-restart-'));
let system: LocalSystem | undefined;
const start = (site = 0) =>
  startLocal({ dataDir, seed: false, ports: { site, editor: 0, api: 0, dynamo: 0 }, log: () => undefined, scheduleEveryMs: 3_600_000 });
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
  const out = { status: res.status, body: (await res.json()) as any };
  if (out.status >= 400) throw new Error(`${method} ${path}: ${out.status} ${JSON.stringify(out.body)}`);
  return out.body;
}

async function publishedStory(title: string) {
  let s = await as('caritas-manager', 'POST', '/stories', { ...completeStory, title });
  s = await as('caritas-manager', 'POST', `/stories/${s.id}/consents`, { version: s.version, consent: coveringConsent });
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
  return s;
}

async function publishedRelease(headline: string, storyId: string) {
  let r = await as('caritas-manager', 'POST', '/releases', {
    headline,
    lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg begleitet geflüchtete Familien auf ihrem Weg in ein eigenständiges Leben.',
    body: 'Eine Familie aus Kornwestheim erzählt, wie sie mit Unterstützung des Integrationsmanagements eine Wohnung und Arbeit gefunden hat. '.repeat(2),
    contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
    topics: ['arbeit'],
    partners: ['caritas'],
    featuredStoryIds: [storyId],
  });
  r = await as('caritas-manager', 'POST', `/releases/${r.id}/transitions`, { action: 'propose', version: r.version });
  r = await as('presse', 'POST', `/releases/${r.id}/transitions`, { action: 'approve', version: r.version });
  return as('presse', 'POST', `/releases/${r.id}/transitions`, { action: 'publish', version: r.version });
}

const status = async (url: string) => (await fetch(url)).status;
const feedTitles = async (site: string, path: string) => parseFeed(await (await fetch(`${site}${path}`)).text()).items.map((i) => i.title);

async function within(ms: number, check: () => Promise<boolean>) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within ${ms} ms`);
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe('a withdrawal never leaves the story behind', () => {
  const pages: Record<string, string> = {};
  let crashStory: { id: string; slug: string; title: string } | undefined;

  it('an erased story, a withdrawn processing consent and the release featuring it answer 410 at their old addresses, also after a full rebuild and a restart', {
    timeout: 240_000,
  }, async () => {
    system = await start();
    const erased = await publishedStory('Auf Antrag gelöscht: Weg in die Ausbildung');
    const processing = await publishedStory('Verarbeitung widerrufen: Neustart in Tamm');
    const release = await publishedRelease('Familien finden ihren Weg in Arbeit und Wohnung', processing.id);
    crashStory = await publishedStory('Widerruf kurz vor dem Absturz');
    await system.publisher.request('test');
    pages.erased = `/geschichten/${erased.slug}/`;
    pages.processing = `/geschichten/${processing.slug}/`;
    pages.release = `/pressemitteilungen/${release.slug}/`;
    for (const p of Object.values(pages)) expect(await status(`${system.urls.site}${p}`)).toBe(200);

    await as('caritas-manager', 'POST', `/stories/${erased.id}/erasure`, { version: erased.version });
    await as('caritas-manager', 'POST', `/stories/${processing.id}/consents/A/withdrawal`, {
      version: processing.version,
      withdrawal: { date: '2026-03-01', receivedVia: 'letter', scope: 'processing' },
    });
    const gone = async () => (await Promise.all(Object.values(pages).map((p) => status(`${system!.urls.site}${p}`)))).every((s) => s === 410);
    await within(30_000, gone);

    await system.publisher.request({ full: true, reason: 'test: full rebuild' });
    expect(await Promise.all(Object.values(pages).map((p) => status(`${system!.urls.site}${p}`)))).toEqual([410, 410, 410]);

    await system.close();
    system = await start();
    expect(await Promise.all(Object.values(pages).map((p) => status(`${system!.urls.site}${p}`)))).toEqual([410, 410, 410]);
    expect(await feedTitles(system.urls.site, '/pressemitteilungen/feed.xml')).not.toContain('Familien finden ihren Weg in Arbeit und Wohnung');
  });

  it('a withdrawal stored just before a crash: the first answer after the restart is already 410, and the feed never shows the story again', {
    timeout: 240_000,
  }, async () => {
    const story = crashStory!;
    const page = `/geschichten/${story.slug}/`;
    expect(await status(`${system!.urls.site}${page}`)).toBe(200);
    expect(await feedTitles(system!.urls.site, '/rss.xml')).toContain(story.title);
    await system!.close();
    system = undefined;

    // The withdrawal reaches the store as the route writes it, and the process dies before any publish: the build on disk still shows the story.
    const store = await startDynalite({ path: join(dataDir, 'dynamo') });
    const current = (await getStory(story.id, store.db))!;
    const lead: Actor = { sub: subjectOf('caritas-lead'), name: 'Andrea Hoffmann', roles: ['partner-lead'], partner: 'caritas' };
    const decision = withdrawConsent(current, 'A', { date: '2026-03-02', receivedVia: 'phone', scope: 'publication' }, lead, new Date());
    if (!decision.ok) throw new Error(decision.message);
    await updateStory(current, { expectedVersion: current.version, consent: decision.record, audit: decision.audit, status: decision.status }, store.db);
    await store.close();

    const port = await freePort();
    const site = `http://127.0.0.1:${port}`;
    const starting = start(port);
    // The first request that gets through at all, while the start-up build still runs.
    let first: Response | undefined;
    for (let i = 0; !first && i < 1200; i++) {
      first = await fetch(`${site}${page}`).catch(() => undefined);
      if (!first) await new Promise((r) => setTimeout(r, 25));
    }
    const feed = fetch(`${site}/rss.xml`).then((r) => r.text());
    expect(first?.status).toBe(410);
    expect(parseFeed(await feed).items.map((i) => i.title)).not.toContain(story.title);
    system = await starting;
    expect(await status(`${system.urls.site}${page}`)).toBe(410);
  });
});
