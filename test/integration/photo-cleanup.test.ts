import { readdir } from 'node:fs/promises';
import { phonePhoto } from '@newsroom/infra-local/demo-photos.ts';
import { runtimePorts } from '@newsroom/operations/ports.ts';
import { runScheduledJobs } from '@newsroom/operations/scheduled.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, startApi } from './harness.ts';

/**
 * An upload nobody describes does not stay: a day after it began, the scheduled run deletes
 * its record and every file of it, for stories and releases alike, and keeps every photo
 * its item was saved with.
 */
let api: Api;
beforeAll(async () => {
  api = await startApi();
}, 120_000);
afterAll(() => api.close());

const HOUR = 3_600_000;

async function reserve(owner: { kind: 'story' | 'release'; id: string }, bytes: Buffer) {
  const reserved = await api.call('caritas-manager', 'POST', '/photos', { owner, size: bytes.length });
  expect(reserved.status).toBe(201);
  return reserved.body as { photo: { id: string }; upload: { url: string } };
}

async function upload(owner: { kind: 'story' | 'release'; id: string }) {
  const bytes = await phonePhoto(undefined, 60);
  const { photo, upload: target } = await reserve(owner, bytes);
  expect((await fetch(new URL(target.url, api.gateway.url), { method: 'PUT', body: new Uint8Array(bytes) })).status).toBe(200);
  return photo.id;
}

/** The files of a photo under the data directory's photo folder (raw upload or processed). */
const filesOf = async (id: string) => (await readdir(api.photoDir, { recursive: true })).filter((f) => String(f).includes(id));
const exists = async (id: string) => (await api.call('caritas-manager', 'GET', `/photos/${id}`)).status === 200;

describe('uploads never described', () => {
  it('are deleted with every file a day after the upload; photos saved with their item stay', async () => {
    const started = Date.now();
    const story = (await api.call('caritas-manager', 'POST', '/stories', completeStory)).body;
    const described = await upload({ kind: 'story', id: story.id });
    const undescribed = await upload({ kind: 'story', id: story.id });
    const neverSent = (await reserve({ kind: 'story', id: story.id }, Buffer.alloc(1000))).photo.id;
    const release = (
      await api.call('caritas-manager', 'POST', '/releases', {
        headline: 'Ein Foto, das nie beschrieben wurde',
        contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
      })
    ).body;
    const ofRelease = await upload({ kind: 'release', id: release.id });
    const saved = await api.call('caritas-manager', 'PUT', `/stories/${story.id}`, {
      version: story.version,
      story: {
        ...completeStory,
        photos: [
          {
            id: described,
            alt: 'Weinberge am Morgen über dem Neckartal, ohne Menschen.',
            credit: 'Caritas Ludwigsburg',
            licence: 'Nur für die Berichterstattung über das Integrationsmanagement.',
            noPerson: true,
          },
        ],
      },
    });
    expect(saved.status).toBe(200);
    expect((await filesOf(undescribed)).length).toBeGreaterThan(0);

    const early = await runScheduledJobs(runtimePorts(), new Date(started + 23 * HOUR));
    expect(early.results.undescribedPhotos).toEqual([]);
    for (const id of [described, undescribed, neverSent, ofRelease]) expect(await exists(id), id).toBe(true);

    const late = await runScheduledJobs(runtimePorts(), new Date(started + 25 * HOUR));
    expect([...(late.results.undescribedPhotos as string[])].sort()).toEqual([undescribed, neverSent, ofRelease].sort());
    expect(late.lines.join('\n')).toContain('Nie beschriebene Fotos gelöscht');
    for (const id of [undescribed, neverSent, ofRelease]) {
      expect(await exists(id), id).toBe(false);
      expect(await filesOf(id), id).toEqual([]);
    }
    expect(await exists(described)).toBe(true);
    expect((await filesOf(described)).length).toBeGreaterThan(0);
    expect((await api.call('caritas-manager', 'GET', `/stories/${story.id}`)).body.photos.map((p: { id: string }) => p.id)).toEqual([described]);
  });
});
