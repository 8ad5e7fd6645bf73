import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { seedDemoData } from '@newsroom/infra-local/seed.ts';
import { photoFolder } from '@newsroom/store/photo-files.ts';
import exifr from 'exifr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from './harness.ts';

/** npm start seeds the demo photos through the same processing as an upload. */
let api: Api;
beforeAll(async () => {
  api = await startApi();
  await seedDemoData(api.store.db, new Date(), { photos: photoFolder(api.photoDir) });
}, 180_000);
afterAll(() => api.close());

describe('demo photos', () => {
  it('two demo stories carry processed photos, still read back and covered; the phone photo lost its GPS position and camera on the way', async () => {
    const story = await api.call('caritas-manager', 'GET', '/stories/demo000001');
    expect(story.body.photos.map((p: { id: string }) => p.id)).toEqual(['demofoto0001', 'demofoto0003']);
    expect(story.body.readBackProblems).toEqual([]);
    expect(story.body.consentProblems).toEqual([]);
    const lead = story.body.photos[0];
    expect([lead.width, lead.height]).toEqual([2400, 1600]);
    const file = await readFile(join(api.photoDir, 'media', 'bilder', 'demofoto0001', '1280.jpg'));
    expect(await exifr.parse(file, true)).toBeUndefined();

    const seen = await api.call('awo-manager', 'GET', '/stories/demo000002');
    expect(seen.body.audience).toBe('public');
    expect(seen.body.photos[0]).toMatchObject({
      id: 'demofoto0002',
      lead: true,
      og: { path: expect.stringMatching(/^\/bilder\/demofoto0002\/og-\d{1,3}\.jpg$/), width: 1200, height: 630 },
    });
  });

  it('the three illustrations of content/media are photos of the demo releases, in the media library', async () => {
    const library = await api.call('presse', 'GET', '/photos');
    const ids = library.body.items.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['demobild0001', 'demobild0002', 'demobild0003']));
    const own = await api.call('caritas-manager', 'GET', '/photos');
    expect(own.body.items.map((p: { id: string }) => p.id).sort()).toEqual(['demobild0001', 'demofoto0001', 'demofoto0003']);
  });

  it('the demo releases carry the illustrations as described uploads, with their processed size', async () => {
    const release = await api.call('presse', 'GET', '/releases/demorel002');
    expect(release.body.photos).toEqual([
      expect.objectContaining({ id: 'demobild0002', noPerson: true, width: 1600 }),
      expect.objectContaining({ id: 'demobild0003', noPerson: true, width: 1600 }),
    ]);
  });

  it('a data directory from before, whose demo release names content/media files, gets the described uploads at the next start', async () => {
    const key = { PK: 'RELEASE#demorel002', SK: 'RELEASE' };
    const stored = (await api.store.db.doc.send(new GetCommand({ TableName: api.store.db.tableName, Key: key }))).Item!;
    const named = [{ file: 'illustration-sprachkurs.jpg', alt: 'Zeichnung einer Schultafel mit zwei Sprechblasen.', credit: 'Demo-Illustration' }];
    await api.store.db.doc.send(new PutCommand({ TableName: api.store.db.tableName, Item: { ...stored, photos: named } }));
    expect((await api.call('presse', 'GET', '/releases/demorel002')).body.photos).toEqual([]);

    await seedDemoData(api.store.db, new Date(), { photos: photoFolder(api.photoDir) });
    const migrated = (await api.call('presse', 'GET', '/releases/demorel002')).body;
    expect(migrated.photos.map((p: { id: string }) => p.id)).toEqual(['demobild0002', 'demobild0003']);
    expect(migrated.audit.at(-1)).toMatchObject({ action: 'photos-migrated', byName: 'Demo-Daten' });
    // Once migrated, a further start leaves the release alone.
    await seedDemoData(api.store.db, new Date(), { photos: photoFolder(api.photoDir) });
    expect((await api.call('presse', 'GET', '/releases/demorel002')).body.version).toBe(migrated.version);
  });

  it('a second seed changes nothing', async () => {
    expect(await seedDemoData(api.store.db, new Date(), { photos: photoFolder(api.photoDir) })).toBe(0);
  });
});
