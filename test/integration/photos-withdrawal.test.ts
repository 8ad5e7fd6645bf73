import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { photoPaths } from '@newsroom/domain/photos.ts';
import { phonePhoto } from '@newsroom/infra-local/demo-photos.ts';
import { type LocalSystem, startLocal } from '@newsroom/infra-local/start.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeStory, coveringConsent } from './harness.ts';

/**
 * The files go with the page: a story's photos are on the public site exactly while the
 * story is, and an erasure leaves no file of them under the data directory.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-photos-'));
let system: LocalSystem;
beforeAll(async () => {
  system = await startLocal({ dataDir, seed: false, ports: { site: 0, editor: 0, api: 0, dynamo: 0 }, log: () => undefined, scheduleEveryMs: 3_600_000 });
}, 240_000);
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
  const json = (await res.json()) as any;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A story of person A with one photo showing A (not recognisable), consented, read back and published. */
async function publishedStoryWithPhoto(title: string) {
  let s = await as('caritas-manager', 'POST', '/stories', { ...completeStory, title });
  const bytes = await phonePhoto(undefined, 70);
  const { photo, upload } = await as('caritas-manager', 'POST', '/photos', { owner: { kind: 'story', id: s.id }, size: bytes.length });
  const sent = await fetch(new URL(upload.url, system.urls.api), { method: 'PUT', body: new Uint8Array(bytes) });
  expect(sent.status).toBe(200);
  s = await as('caritas-manager', 'PUT', `/stories/${s.id}`, {
    version: s.version,
    story: {
      ...completeStory,
      title,
      photos: [
        {
          id: photo.id,
          alt: 'Eine Frau geht von hinten gesehen durch die Weinberge ins Tal.',
          credit: 'Caritas Ludwigsburg',
          licence: 'Nur für die Berichterstattung über das Integrationsmanagement.',
          persons: [{ personId: 'A', recognisable: false }],
        },
      ],
    },
  });
  s = await as('caritas-manager', 'POST', `/stories/${s.id}/consents`, {
    version: s.version,
    consent: { ...coveringConsent, scope: { ...coveringConsent.scope, photos: 'not-recognisable' } },
  });
  s = await as('caritas-manager', 'POST', `/stories/${s.id}/read-back`, {
    version: s.version,
    readBack: { date: '2026-01-15', how: 'read-aloud', language: 'Deutsch', personIds: ['A'] },
  });
  for (const [user, action] of [
    ['caritas-manager', 'submit'],
    ['caritas-lead', 'approve'],
    ['presse', 'press-approve'],
    ['presse', 'publish'],
  ] as const) {
    s = await as(user, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version });
  }
  expect(s.status).toBe('published');
  await system.publisher.request('test');
  const urls = photoPaths(photo.id, s.photos[0].width, s.photos[0].height, s.photos[0].focal).map((p) => `${system.urls.site}${p}`);
  return { story: s, photoId: photo.id as string, urls };
}

const statusOf = async (url: string) => (await fetch(url)).status;

async function within(ms: number, check: () => Promise<boolean>) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not within ${ms} ms`);
}

/** Every file under `dir`; the publisher replaces build folders meanwhile, so a walk that lost a folder starts again. */
async function filesUnder(dir: string): Promise<string[]> {
  for (;;) {
    try {
      return (await readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() || e.isSymbolicLink())
        .map((e) => join(e.parentPath, e.name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

describe('photos follow their story', () => {
  it('a public story serves every derivative; a withdrawal takes every one of them off within 5 s, and the report lists them', async () => {
    const { story, urls } = await publishedStoryWithPhoto('Fotos im Widerrufstest');
    expect(urls).toHaveLength(13);
    for (const url of urls) {
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toMatch(/^image\/(avif|webp|jpeg)/);
    }
    const withdrawn = await as('caritas-lead', 'POST', `/stories/${story.id}/consents/A/withdrawal`, {
      version: story.version,
      withdrawal: { date: '2026-03-01', receivedVia: 'in-person' },
    });
    const ms = await within(5_000, async () => (await Promise.all(urls.map(statusOf))).every((s) => s === 404 || s === 410));
    expect(ms).toBeLessThan(5_000);
    const photoEntry = withdrawn.withdrawalReport.entries.find((e: { where: string }) => e.where.startsWith('Website: Foto'));
    expect(photoEntry.urls.map((u: string) => `${system.urls.site}${u}`)).toEqual(urls);
  }, 120_000);

  it('a focal point moved in a revision moves the Open Graph crop on the site: the new crop is served, the old one is gone', async () => {
    let { story, urls } = await publishedStoryWithPhoto('Fotos im Bildausschnitt-Test');
    const page = `${system.urls.site}/geschichten/${story.slug}/`;
    const ogOf = async () => /<meta property="og:image" content="[^"]*(\/bilder\/[a-z0-9]{12}\/og-\d+\.jpg)"/.exec(await (await fetch(page)).text())?.[1];
    const before = await ogOf();
    expect(before).toBe(urls.at(-1)!.slice(system.urls.site.length));
    // The editor moves the focal point to the bottom edge of the picture: a revision of the published story.
    const photos = story.photos.map((p: { focal: { x: number; y: number } }) => ({ ...p, focal: { x: 0.5, y: 1 } }));
    const { id, slug, version, ...content } = story;
    story = await as('caritas-manager', 'PUT', `/stories/${id}`, {
      version,
      story: { ...completeStory, title: content.title, photos },
    });
    story = await as('caritas-manager', 'POST', `/stories/${id}/read-back`, {
      version: story.version,
      readBack: { date: '2026-01-16', how: 'read-aloud', language: 'Deutsch', personIds: ['A'] },
    });
    for (const [user, action] of [
      ['caritas-manager', 'submit'],
      ['caritas-lead', 'approve'],
      ['presse', 'press-approve'],
      ['presse', 'publish'],
    ] as const) {
      story = await as(user, 'POST', `/stories/${id}/transitions`, { action, version: story.version });
    }
    expect(slug).toBe(story.slug);
    await within(10_000, async () => (await ogOf()) !== before);
    const after = (await ogOf())!;
    expect(after).not.toBe(before);
    expect((await fetch(`${system.urls.site}${after}`)).status).toBe(200);
    expect([404, 410]).toContain(await statusOf(`${system.urls.site}${before}`));
  }, 120_000);

  it('Art. 15 export lists the photo; Art. 17 erasure leaves no file of it under the data directory', async () => {
    const { story, photoId, urls } = await publishedStoryWithPhoto('Fotos im Löschtest');
    const exported = await as('caritas-manager', 'GET', `/stories/${story.id}/persons/A/export`);
    expect(exported.photos).toEqual([
      expect.objectContaining({ id: photoId, recognisable: false, inRevisionOnly: false, files: urls.map((u) => u.slice(system.urls.site.length)) }),
    ]);
    expect((await filesUnder(dataDir)).filter((f) => f.includes(photoId)).length).toBeGreaterThan(13);

    await as('caritas-manager', 'POST', `/stories/${story.id}/erasure`, { version: story.version });
    await within(5_000, async () => (await Promise.all(urls.map(statusOf))).every((s) => s === 404 || s === 410));
    await within(10_000, async () => (await filesUnder(dataDir)).every((f) => !f.includes(photoId)));
    expect((await filesUnder(dataDir)).filter((f) => f.includes(photoId))).toEqual([]);
  }, 120_000);
});
