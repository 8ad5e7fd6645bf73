import { readFileSync } from 'node:fs';
import type { PartnerId } from '@newsroom/domain/partners.ts';
import type { PhotoOwner, StoryPhoto } from '@newsroom/domain/photos.ts';
import { processUpload } from '@newsroom/operations/photo-processing.ts';
import type { Db } from '@newsroom/store/client.ts';
import type { PhotoFiles } from '@newsroom/store/photo-files.ts';
import { getPhoto, putNewPhoto } from '@newsroom/store/photos.ts';
import sharp from 'sharp';
import { phonePhoto, SCENES, sceneSvg } from './demo-photos.ts';

/**
 * The demo photos, uploaded through the same processing as the editor's (raw file in the
 * photo store, then functions/operations/photo-processing.ts): generated landscapes for
 * two demo stories, one of them a "phone photo" with GPS position, capture time and
 * camera, so the stripping shows in the demo; and the three illustrations of
 * content/media as photos of the demo releases that use them, so the media library lists
 * them like any upload. Fixed ids: a second start finds them and does nothing.
 */
interface DemoPhoto {
  id: string;
  owner: PhotoOwner;
  partner: PartnerId;
  source: () => Promise<Buffer>;
  description?: Omit<StoryPhoto, 'id' | 'width' | 'height'>;
}

const landscape = (i: number) => () => sharp(sceneSvg(SCENES[i]!)).jpeg({ quality: 88 }).toBuffer();
const illustration = (file: string) => async () => readFileSync(new URL(`../../content/media/${file}`, import.meta.url));
const DEMO_LICENCE = 'Demo-Bild ohne Personen, frei für die Berichterstattung über das Integrationsmanagement.';

export const DEMO_PHOTOS: DemoPhoto[] = [
  {
    id: 'demofoto0001',
    owner: { kind: 'story', id: 'demo000001' },
    partner: 'caritas',
    source: () => phonePhoto(SCENES[0]),
    description: {
      alt: 'Blick über grüne Hügel ins Neckartal am Morgen, rechts oben die Sonne.',
      credit: 'Demo-Foto, Caritas Ludwigsburg',
      licence: DEMO_LICENCE,
      focal: { x: 0.7, y: 0.35 },
      lead: true,
      persons: [],
      noPerson: true,
    },
  },
  {
    id: 'demofoto0002',
    owner: { kind: 'story', id: 'demo000002' },
    partner: 'drk',
    source: landscape(1),
    description: {
      alt: 'Weinberge im Herbst an einem sanften Hang, darüber ein roter Abendhimmel.',
      credit: 'Demo-Foto, DRK Kreisverband Ludwigsburg',
      licence: DEMO_LICENCE,
      focal: { x: 0.5, y: 0.6 },
      lead: true,
      persons: [],
      noPerson: true,
    },
  },
  {
    id: 'demofoto0003',
    owner: { kind: 'story', id: 'demo000001' },
    partner: 'caritas',
    source: landscape(2),
    description: {
      alt: 'Ein verschneiter Stadtpark mit sanften Hügeln unter blassblauem Himmel.',
      credit: 'Demo-Foto, Caritas Ludwigsburg',
      licence: DEMO_LICENCE,
      focal: { x: 0.5, y: 0.5 },
      persons: [],
      noPerson: true,
    },
  },
  { id: 'demobild0001', owner: { kind: 'release', id: 'demorel001' }, partner: 'caritas', source: illustration('illustration-wohnungsschluessel.jpg') },
  { id: 'demobild0002', owner: { kind: 'release', id: 'demorel002' }, partner: 'lra', source: illustration('illustration-sprachkurs.jpg') },
  { id: 'demobild0003', owner: { kind: 'release', id: 'demorel002' }, partner: 'lra', source: illustration('illustration-beratung.jpg') },
];

/**
 * Processes every demo photo not yet in the store; resolves the descriptions of the story
 * photos (with their pixel size) by story id, for the seed to put into the stories.
 */
export async function seedDemoPhotos(store: Db, photos: PhotoFiles, now: Date): Promise<Map<string, StoryPhoto[]>> {
  const byStory = new Map<string, StoryPhoto[]>();
  for (const demo of DEMO_PHOTOS) {
    let record = await getPhoto(demo.id, store);
    if (!record) {
      await putNewPhoto(
        {
          id: demo.id,
          owner: demo.owner,
          partner: demo.partner,
          state: 'awaiting-upload',
          createdAt: now.toISOString(),
          createdBy: 'seed',
          ...(demo.description ? { focal: demo.description.focal } : {}),
        },
        store,
      );
      await photos.putRaw(demo.id, await demo.source());
      const outcome = await processUpload({ db: store, clock: { now: () => now }, photos }, demo.id, { keepRefusal: false });
      if (!outcome.ok) throw new Error(`demo photo ${demo.id}: ${outcome.message}`);
      record = outcome.photo;
    }
    if (demo.description && demo.owner.kind === 'story') {
      const list = byStory.get(demo.owner.id) ?? [];
      list.push({ ...demo.description, id: demo.id, width: record.width, height: record.height });
      byStory.set(demo.owner.id, list);
    }
  }
  return byStory;
}
