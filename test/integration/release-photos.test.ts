import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { phonePhoto } from '@newsroom/infra-local/demo-photos.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, coveringConsent, recordReadBack, startApi } from './harness.ts';

/**
 * Photos of press releases go the way of story photos: uploaded for the release, stripped
 * and processed, described before they are saved with it, and checked by the one consent
 * rule against the persons of the featured stories they show.
 */
let api: Api;
beforeAll(async () => {
  api = await startApi();
}, 120_000);
afterAll(() => api.close());

const draft = {
  headline: 'Neue Wege in Arbeit und Ausbildung im Landkreis',
  lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg begleitet geflüchtete Menschen auf dem Weg in Arbeit und Ausbildung.',
  body: 'Die Integrationsmanagerinnen und -manager der fünf Träger vereinbaren mit ihren Klientinnen und Klienten Ziele und begleiten sie. '.repeat(3),
  contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
  topics: ['arbeit'],
  partners: ['caritas'],
};

const description = {
  alt: 'Eine Frau geht von hinten gesehen durch die Weinberge ins Tal.',
  credit: 'Caritas Ludwigsburg',
  licence: 'Frei für die Berichterstattung über das Integrationsmanagement, mit Quellenangabe.',
  focal: { x: 0.5, y: 0.4 },
};

/** Reserves a photo for `owner` and sends a phone photo with GPS and camera data where the answer says. */
async function upload(owner: { kind: 'story' | 'release'; id: string }, user = 'caritas-manager') {
  const bytes = await phonePhoto(undefined, 70);
  const reserved = await api.call(user, 'POST', '/photos', { owner, size: bytes.length });
  expect(reserved.status).toBe(201);
  const sent = await fetch(new URL(reserved.body.upload.url, api.gateway.url), { method: 'PUT', body: new Uint8Array(bytes) });
  expect(sent.status).toBe(200);
  return reserved.body.photo.id as string;
}

/** A story of person A, published, whose consent allows photos at `photos` on the press channel. */
async function publishedStory(photos: 'none' | 'not-recognisable' | 'recognisable') {
  let s = (await api.call('caritas-manager', 'POST', '/stories', completeStory)).body;
  s = (
    await api.call('caritas-manager', 'POST', `/stories/${s.id}/consents`, {
      version: s.version,
      consent: { ...coveringConsent, scope: { ...coveringConsent.scope, photos } },
    })
  ).body;
  s = await recordReadBack(api, s);
  for (const [user, action] of [
    ['caritas-manager', 'submit'],
    ['caritas-lead', 'approve'],
    ['presse', 'press-approve'],
    ['presse', 'publish'],
  ] as const) {
    s = (await api.call(user, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version })).body;
  }
  expect(s.status).toBe('published');
  return s as { id: string; version: number };
}

const save = (r: { id: string; version: number }, release: object, user = 'caritas-manager') =>
  api.call(user, 'PUT', `/releases/${r.id}`, { version: r.version, release });

describe('photos of press releases', () => {
  it('an uploaded photo is saved with its description and its processed size; the public view carries only the derivatives', async () => {
    let r = (await api.call('caritas-manager', 'POST', '/releases', draft)).body;
    const id = await upload({ kind: 'release', id: r.id });
    const saved = await save(r, { ...draft, photos: [{ id, ...description, noPerson: true, lead: true }] });
    expect(saved.status).toBe(200);
    r = saved.body;
    expect(r.photos).toEqual([expect.objectContaining({ id, width: 2400, height: 1600, lead: true, noPerson: true })]);
    for (const [user, action] of [
      ['caritas-manager', 'propose'],
      ['presse', 'approve'],
      ['presse', 'publish'],
    ] as const) {
      r = (await api.call(user, 'POST', `/releases/${r.id}/transitions`, { action, version: r.version })).body;
    }
    expect(r.status).toBe('published');
    const seen = await api.call('awo-manager', 'GET', `/releases/${r.id}`);
    expect(seen.body.audience).toBe('public');
    const [photo] = seen.body.photos;
    expect(photo).toMatchObject({ id, alt: description.alt, credit: description.credit, licence: description.licence, lead: true });
    expect(photo.derivatives.map((d: { path: string }) => d.path)).toContain(`/bilder/${id}/1280.avif`);
    expect(photo.og.path).toMatch(new RegExp(`^/bilder/${id}/og-\\d+\\.jpg$`));
    expect(photo).not.toHaveProperty('persons');
  });

  it('a photo without who is on it, or uploaded for another item, is refused in German and the release keeps its photos', async () => {
    const r = (await api.call('caritas-manager', 'POST', '/releases', draft)).body;
    const own = await upload({ kind: 'release', id: r.id });
    const undescribedPersons = await save(r, { ...draft, photos: [{ id: own, ...description }] });
    expect(undescribedPersons.status).toBe(400);
    expect(JSON.stringify(undescribedPersons.body)).toMatch(/keine Person erkennbar/);

    const story = (await api.call('caritas-manager', 'POST', '/stories', completeStory)).body;
    const foreign = await upload({ kind: 'story', id: story.id });
    const wrongItem = await save(r, { ...draft, photos: [{ id: foreign, ...description, noPerson: true }] });
    expect(wrongItem.status).toBe(422);
    expect(JSON.stringify(wrongItem.body)).toMatch(/nicht für diese Pressemitteilung hochgeladen/);
    expect((await api.call('caritas-manager', 'GET', `/releases/${r.id}`)).body.photos).toEqual([]);
  });

  it("a photo showing a featured story's person is proposed only while that person's consent covers it on the press channel", async () => {
    const refusing = await publishedStory('none');
    const allowing = await publishedStory('recognisable');
    for (const [story, ok] of [
      [refusing, false],
      [allowing, true],
    ] as const) {
      let r = (await api.call('caritas-manager', 'POST', '/releases', { ...draft, featuredStoryIds: [story.id] })).body;
      const id = await upload({ kind: 'release', id: r.id });
      r = (
        await save(r, {
          ...draft,
          featuredStoryIds: [story.id],
          photos: [{ id, ...description, persons: [{ storyId: story.id, personId: 'A', recognisable: true }] }],
        })
      ).body;
      const proposed = await api.call('caritas-manager', 'POST', `/releases/${r.id}/transitions`, { action: 'propose', version: r.version });
      if (ok) expect(proposed.body.status).toBe('proposed');
      else {
        expect(proposed.status).toBe(422);
        expect(JSON.stringify(proposed.body)).toContain('Die Einwilligung deckt „Fotos, auf denen die Person erkennbar ist“ nicht ab');
      }
    }
  });

  it('a person who is not in a featured story cannot be shown', async () => {
    const story = await publishedStory('recognisable');
    let r = (await api.call('caritas-manager', 'POST', '/releases', draft)).body;
    const id = await upload({ kind: 'release', id: r.id });
    r = (await save(r, { ...draft, photos: [{ id, ...description, persons: [{ storyId: story.id, personId: 'A', recognisable: false }] }] })).body;
    const proposed = await api.call('caritas-manager', 'POST', `/releases/${r.id}/transitions`, { action: 'propose', version: r.version });
    expect(proposed.status).toBe(422);
    expect(JSON.stringify(proposed.body)).toContain('müssen zu einer Geschichte gehören, die in dieser Pressemitteilung vorkommt');
  });

  it('a release stored with a photo named by its file in content/media still reads, without that photo', async () => {
    const r = (await api.call('caritas-manager', 'POST', '/releases', draft)).body;
    // As a release was stored before photos were uploaded: the content/media file by name.
    const key = { PK: `RELEASE#${r.id}`, SK: 'RELEASE' };
    const stored = (await api.store.db.doc.send(new GetCommand({ TableName: api.store.db.tableName, Key: key }))).Item!;
    const legacy = [{ file: 'illustration-beratung.jpg', alt: 'Zeichnung eines Tisches von oben mit zwei Tassen.', credit: 'Demo-Illustration' }];
    await api.store.db.doc.send(new PutCommand({ TableName: api.store.db.tableName, Item: { ...stored, photos: legacy } }));
    const read = await api.call('caritas-manager', 'GET', `/releases/${r.id}`);
    expect(read.status).toBe(200);
    expect(read.body.photos).toEqual([]);
  });

  it('the processed files carry nothing of the phone: no file of the upload outside bilder/', async () => {
    const files = (await readdir(api.photoDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(files.filter((f) => !f.includes(`${join('media', 'bilder')}`))).toEqual([]);
  });
});
