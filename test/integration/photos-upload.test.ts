import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hugePngHeader, phonePhoto, pngWithText } from '@newsroom/infra-local/demo-photos.ts';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, startApi } from './harness.ts';

/**
 * Uploading photos through the local API as the editor does it: POST /photos reserves a
 * photo and names the target, the file goes there, processing answers. What comes out
 * carries no metadata; what is refused leaves nothing behind.
 */
let api: Api;
let storyId: string;

beforeAll(async () => {
  api = await startApi();
  const created = await api.call('caritas-manager', 'POST', '/stories', completeStory);
  storyId = created.body.id;
});
afterAll(() => api.close());

async function reserve(size: number, user = 'caritas-manager', owner = { kind: 'story', id: storyId }) {
  return api.call(user, 'POST', '/photos', { owner, size });
}

/** Reserves a photo and sends `bytes` where the answer says: the editor's two steps. */
async function upload(bytes: Buffer) {
  const reserved = await reserve(Math.max(bytes.length, 1));
  expect(reserved.status).toBe(201);
  const { photo, upload: target } = reserved.body;
  expect(target.method).toBe('PUT');
  const res = await fetch(new URL(target.url, api.gateway.url), { method: 'PUT', body: new Uint8Array(bytes) });
  return { id: photo.id as string, status: res.status, body: (await res.json()) as any };
}

/** Every file under the photo folder (raw uploads and processed files). */
async function storedFiles(): Promise<string[]> {
  return (await readdir(api.photoDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function expectNothingStored(id: string) {
  expect((await storedFiles()).filter((f) => f.includes(id))).toEqual([]);
  expect((await api.call('caritas-manager', 'GET', `/photos/${id}`)).status).toBe(404);
}

/** Reads a processed file's metadata two ways: sharp's header reading, and exifr, the reader library. */
async function metadataOf(file: Buffer) {
  const meta = await sharp(file).metadata();
  // exifr reads JPEG, PNG, HEIC/AVIF, TIFF; it has no WebP parser, so WebP relies on sharp and the byte search.
  const isWebp = file.toString('latin1', 8, 12) === 'WEBP';
  const parsed = isWebp
    ? undefined
    : await exifr.parse(file, { tiff: true, xmp: true, icc: true, iptc: true, jfif: false, ihdr: false, gps: true, exif: true, interop: true });
  const text = file.toString('latin1');
  return {
    exif: meta.exif,
    icc: meta.icc,
    xmp: meta.xmp,
    iptc: meta.iptc,
    comments: meta.comments,
    parsed,
    mentions: ['Exif', 'Demofon', 'Ludwigsburg', 'GPS', 'Musterstra', 'Demo-Fotografin', 'tEXt', 'iCCP'].filter((w) => text.includes(w)),
  };
}

describe('upload and processing', () => {
  it('a phone JPEG with GPS, camera and capture time: every derivative carries no metadata, the orientation is in the pixels, the raw upload is gone', async () => {
    const source = await phonePhoto();
    const before = await exifr.parse(source, true);
    expect(before.latitude).toBeCloseTo(48.895, 2);
    expect(before.Model).toBe('Demofon 12 Pro');

    const { id, status, body } = await upload(source);
    expect(status).toBe(200);
    expect(body.state).toBe('ready');
    // Stored sideways with orientation 6: upright it is 2400 wide and 1600 high.
    expect([body.width, body.height]).toEqual([2400, 1600]);
    expect(body.derivatives.map((d: { path: string }) => d.path)).toEqual(
      [480, 800, 1280, 1920].flatMap((w) => ['avif', 'webp', 'jpg'].map((ext) => `/bilder/${id}/${w}.${ext}`)),
    );
    expect(body.og.path).toBe(`/bilder/${id}/og-50.jpg`);

    const files = await storedFiles();
    expect(files.filter((f) => f.includes(`raw`))).toEqual([]);
    for (const d of [...body.derivatives, body.og]) {
      const file = await readFile(join(api.photoDir, 'media', d.path));
      const meta = await sharp(file).metadata();
      expect([meta.width, meta.height]).toEqual([d.width, d.height]);
      expect(meta.orientation ?? 1).toBe(1);
      const found = await metadataOf(file);
      expect(found, d.path).toEqual({ exif: undefined, icc: undefined, xmp: undefined, iptc: undefined, comments: undefined, parsed: undefined, mentions: [] });
    }
  });

  it('a PNG with text chunks: the derivatives keep none of them', async () => {
    const source = await pngWithText();
    expect((await exifr.parse(source, { ihdr: true })).Comment).toContain('Musterstra');
    const { status, body } = await upload(source);
    expect(status).toBe(200);
    for (const d of body.derivatives) {
      const found = await metadataOf(await readFile(join(api.photoDir, 'media', d.path)));
      expect(found.mentions, d.path).toEqual([]);
      expect(found.parsed, d.path).toBeUndefined();
    }
  });

  it('AVIF is taken; HEIC (HEVC) is refused with a German 422 here, because this build of sharp decodes no HEVC', async () => {
    const avif = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#2f7d4f' } })
      .avif()
      .toBuffer();
    expect((await upload(avif)).status).toBe(200);
    // sharp's prebuilt libvips ships libheif with AV1 only: it cannot even write a HEVC file to test with.
    await expect(
      sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
        .heif({ compression: 'hevc' })
        .toBuffer(),
    ).rejects.toThrow();
    // The head of an iPhone's HEIC file (ftyp box, brand heic) with an HEVC payload sharp cannot read.
    const heic = Buffer.concat([Buffer.from('0000001c6674797068656963000000006d69663168656963', 'hex'), Buffer.alloc(64, 7)]);
    const { id, status, body } = await upload(heic);
    expect(status).toBe(422);
    expect(body.detail).toMatch(/HEIC/);
    await expectNothingStored(id);
  });

  it.each([
    [
      'a zip file named .jpg',
      Buffer.concat([Buffer.from('504b030414000000080000002100', 'hex'), Buffer.alloc(200, 1)]),
      415,
      /kein Foto in einem unterstützten Format/,
    ],
    ['a 20,000 × 20,000 pixel PNG header (decompression bomb)', hugePngHeader(), 422, /zu viele Bildpunkte \(20000 × 20000\)/],
    ['a 0-byte file', Buffer.alloc(0), 400, /leer \(0 Byte\)/],
    ['text in a .jpg', Buffer.from('Dies ist kein Bild, nur ein Text mit der Endung .jpg'), 415, /Geprüft wird der Inhalt der Datei/],
  ])('%s: German 4xx, nothing stored', async (_what, bytes, expected, message) => {
    const { id, status, body } = await upload(bytes);
    expect(status).toBe(expected);
    expect(body.detail).toMatch(message);
    await expectNothingStored(id);
  });

  it('a file over 25 MB: refused before any byte is stored, whether it is announced or just sent', async () => {
    const announced = await reserve(26 * 1024 * 1024);
    expect(announced.status).toBe(422);
    expect(announced.body.detail).toMatch(/höchstens 25 MB/);

    const reserved = await reserve(1000);
    const res = await fetch(new URL(reserved.body.upload.url, api.gateway.url), { method: 'PUT', body: new Uint8Array(26 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/höchstens 25 MB/);
    await expectNothingStored(reserved.body.photo.id);
  });

  it('a processed photo takes no second upload', async () => {
    const reserved = await reserve(1000);
    const url = new URL(reserved.body.upload.url, api.gateway.url);
    expect((await fetch(url, { method: 'PUT', body: new Uint8Array(await phonePhoto(undefined, 60)) })).status).toBe(200);
    const again = await fetch(url, { method: 'PUT', body: new Uint8Array(await pngWithText()) });
    expect(again.status).toBe(404);
  });
});

describe('photos in a story', () => {
  let photoId: string;
  beforeAll(async () => {
    photoId = (await upload(await phonePhoto(undefined, 60))).id;
  });
  const photo = (extra: object = {}) => ({
    id: photoId,
    alt: 'Ein Weg führt durch die Weinberge ins Tal, im Hintergrund die Sonne.',
    credit: 'Caritas Ludwigsburg',
    licence: 'Nur für die Berichterstattung über das Integrationsmanagement.',
    noPerson: true,
    ...extra,
  });
  const save = async (photos: object[], user = 'caritas-manager') => {
    const current = await api.call(user, 'GET', `/stories/${storyId}`);
    return api.call(user, 'PUT', `/stories/${storyId}`, { version: current.body.version, story: { ...completeStory, photos } });
  };

  it.each([
    ['without alt text', { alt: undefined }, /Bitte einen Alternativtext/],
    ['with an alt text starting „Bild von“', { alt: 'Bild von einem Weg in den Weinbergen' }, /nicht mit „Bild von“ oder „Foto von“ beginnen/],
    ['without credit', { credit: undefined }, /Bitte die Bildquelle/],
    ['without licence', { licence: undefined }, /Bitte die Lizenz oder einen Nutzungshinweis/],
    ['without the persons shown nor „keine Person erkennbar“', { noPerson: undefined }, /welche Personen der Geschichte auf dem Foto zu sehen sind/],
    ['with a focal point outside the picture', { focal: { x: 1.5, y: 0.5 } }, /zwischen 0 und 1/],
  ])('a photo %s cannot be saved: 400 in German', async (_what, change, message) => {
    const res = await save([photo(change)]);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.problems)).toMatch(message);
  });

  it('a described photo is saved with its pixel size from the record; another story cannot use it', async () => {
    const res = await save([photo({ width: 1, height: 1 })]);
    expect(res.status).toBe(200);
    expect(res.body.photos).toEqual([expect.objectContaining({ id: photoId, width: 2400, height: 1600, focal: { x: 0.5, y: 0.5 }, noPerson: true })]);

    const other = await api.call('caritas-manager', 'POST', '/stories', { ...completeStory, title: 'Eine andere Geschichte' });
    const borrowed = await api.call('caritas-manager', 'PUT', `/stories/${other.body.id}`, {
      version: other.body.version,
      story: { ...completeStory, photos: [photo()] },
    });
    expect(borrowed.status).toBe(422);
    expect(JSON.stringify(borrowed.body.problems)).toMatch(/nicht für diese Geschichte hochgeladen/);
  });

  it('another partner sees neither the photo nor its files, and cannot upload to the story', async () => {
    expect((await api.call('awo-manager', 'GET', `/photos/${photoId}`)).status).toBe(404);
    expect((await api.call('awo-manager', 'GET', `/photos/${photoId}/files/480.webp`)).status).toBe(404);
    expect((await reserve(1000, 'awo-manager')).status).toBe(404);
    const own = await api.call('caritas-manager', 'GET', `/photos/${photoId}/files/480.webp`);
    expect(own.status).toBe(200);
    expect(own.body.type).toBe('image/webp');
    expect((await sharp(Buffer.from(own.body.data, 'base64')).metadata()).width).toBe(480);
  });
});
