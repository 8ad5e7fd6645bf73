import * as z from 'zod/mini';
import { PartnerId } from './partners.ts';
import { safeText } from './text.ts';

/**
 * Photos of stories and press releases. A photo is two things:
 *
 * - the processed files (`PhotoRecord`, one item per photo in the table): uploaded once,
 *   stripped of every metadata block, re-encoded into the derivatives below; the raw
 *   upload never outlives its processing (functions/photo-processing);
 * - its description in the item's content (`ItemPhoto` in a story's or a release's
 *   `photos`): alt text, credit, licence, focal point, the lead picture and, in a story,
 *   which of its persons it shows and whether they are recognisable. It is content like
 *   the text: saved with the item, versioned, part of the read-back, checked against each
 *   person's consent by the one consent rule (consent.ts), public only with the item.
 */

/** Widths of the responsive derivatives (never wider than the upload). */
export const PHOTO_WIDTHS = [480, 800, 1280, 1920] as const;
export const PHOTO_FORMATS = ['avif', 'webp', 'jpeg'] as const;
export type PhotoFormat = (typeof PHOTO_FORMATS)[number];
const EXTENSIONS: Record<PhotoFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg' };
export const PHOTO_MIME: Record<PhotoFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' };
/** The Open Graph image: the size large link previews ask for, cropped around the focal point. */
export const OG_IMAGE = { width: 1200, height: 630 } as const;

/** The largest upload accepted: a phone photo is 3–12 MB. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
/** The most pixels decoded: a 50-megapixel camera; a "decompression bomb" claims far more in a few bytes. */
export const MAX_UPLOAD_PIXELS = 50_000_000;
/** What may be uploaded, by the type its bytes show (sharp's name for it). */
export const UPLOAD_TYPES = ['jpeg', 'png', 'webp', 'heif', 'avif'] as const;

export const PhotoId = z.string().check(z.regex(/^[a-z0-9]{12}$/, 'Unbekanntes Foto.'));

/** Site path of a derivative: `/bilder/<id>/<width>.<ext>`; the Open Graph crops are `og-<step>.jpg` (ogVariants). */
export const derivativePath = (id: string, width: number, format: PhotoFormat) => `/bilder/${id}/${width}.${EXTENSIONS[format]}`;
export const ogPath = (id: string, step: number) => `/bilder/${id}/og-${step}.jpg`;
/** Every file of a photo, as the media store and the site name them ("bilder/<id>/800.webp"). */
export const photoFolder = (id: string) => `bilder/${id}/`;
/** Where the raw upload waits for processing, in the private photo store. */
export const rawKey = (id: string) => `raw/${id}`;

export interface Derivative {
  width: number;
  height: number;
  format: PhotoFormat;
  /** Site path, from the root. */
  path: string;
}

/** The widths made of an upload `width` pixels wide: the standard widths it reaches, or its own width when narrower. */
export function derivativeWidths(width: number): number[] {
  const widths = PHOTO_WIDTHS.filter((w) => w <= width);
  return widths.length ? [...widths] : [width];
}

/** Every derivative of a processed photo of `width` × `height` pixels (orientation applied). */
export function derivativesOf(id: string, width: number, height: number): Derivative[] {
  return derivativeWidths(width).flatMap((w) =>
    PHOTO_FORMATS.map((format) => ({ width: w, height: Math.max(1, Math.round((height * w) / width)), format, path: derivativePath(id, w, format) })),
  );
}

/** Every site path of a photo as served with focal point `focal`: the derivatives and its Open Graph crop. */
export const photoPaths = (id: string, width: number, height: number, focal: FocalPoint) => [
  ...derivativesOf(id, width, height).map((d) => d.path),
  ogPathFor(id, width, height, focal),
];

/**
 * The crop of the Open Graph image: the largest 1200:630 window of the picture, placed so
 * the focal point is as central as the picture allows.
 */
export function focalCrop(width: number, height: number, focal: { x: number; y: number }) {
  const ratio = OG_IMAGE.width / OG_IMAGE.height;
  const cropWidth = Math.min(width, Math.round(height * ratio));
  const cropHeight = Math.min(height, Math.round(cropWidth / ratio));
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max, Math.round(v)));
  return {
    left: clamp(focal.x * width - cropWidth / 2, width - cropWidth),
    top: clamp(focal.y * height - cropHeight / 2, height - cropHeight),
    width: cropWidth,
    height: cropHeight,
  };
}

/**
 * The Open Graph crops made of a photo, one per distinct crop the focal point can ask for
 * in steps of a tenth (as the site's card crops, photos.css), each named by the first step
 * that gives it. A 1200:630 window moves along one axis only (down a photo taller than
 * that, across a panorama), and near the edges the window stops: a 4:3 photo has five
 * distinct crops. Made once at processing, so an editor who moves the focal point later
 * changes which crop the item shows (a new URL, which link previews do not have cached)
 * without the API, which has no image library, touching pixels. Crops are in the pixels of
 * the largest derivative, which processing makes them from.
 */
export function ogVariants(width: number, height: number): { step: number; crop: ReturnType<typeof focalCrop> }[] {
  const largest = derivativesOf('', width, height).reduce((a, b) => (b.width > a.width ? b : a));
  const variants: { step: number; crop: ReturnType<typeof focalCrop> }[] = [];
  for (let step = 0; step <= 100; step += 10) {
    const crop = focalCrop(largest.width, largest.height, { x: step / 100, y: step / 100 });
    const last = variants.at(-1)?.crop;
    if (!last || last.left !== crop.left || last.top !== crop.top) variants.push({ step, crop });
  }
  return variants;
}

/** The Open Graph crop of a photo with focal point `focal`: the variant of the nearest step. */
export function ogPathFor(id: string, width: number, height: number, focal: FocalPoint): string {
  const largest = derivativesOf('', width, height).reduce((a, b) => (b.width > a.width ? b : a));
  const step = (v: number) => Math.round(v * 10) * 10;
  const wanted = focalCrop(largest.width, largest.height, { x: step(focal.x) / 100, y: step(focal.y) / 100 });
  const variant = ogVariants(width, height).find((v) => v.crop.left === wanted.left && v.crop.top === wanted.top)!;
  return ogPath(id, variant.step);
}

/** Alt texts describe what is shown; "Bild von …" tells a screen reader user nothing they do not know. */
const REDUNDANT_START = /^\s*(bild|foto|photo|abbildung|grafik)\s*(von|vom|der|des|zeigt|:)/i;

const describing = (missing: string, subject: string, min: number, max: number) =>
  safeText(subject, { error: `Bitte ${missing} angeben.` }).check(
    z.trim(),
    z.minLength(min, `${subject} braucht mindestens ${min} Zeichen.`),
    z.maxLength(max, `${subject} darf höchstens ${max} Zeichen haben.`),
  );

export const AltText = describing('einen Alternativtext (was auf dem Foto zu sehen ist)', 'Der Alternativtext', 10, 300).check(
  z.refine(
    (t) => !REDUNDANT_START.test(t),
    'Der Alternativtext beschreibt, was zu sehen ist. Bitte nicht mit „Bild von“ oder „Foto von“ beginnen, z. B. „Zwei Hände halten einen Wohnungsschlüssel.“',
  ),
);

const unit = (what: string) =>
  z
    .number({ error: `Bitte den Bildmittelpunkt (${what}) als Zahl zwischen 0 und 1 angeben.` })
    .check(z.gte(0, `Der Bildmittelpunkt (${what}) liegt zwischen 0 und 1.`), z.lte(1, `Der Bildmittelpunkt (${what}) liegt zwischen 0 und 1.`));

/** The point crops keep in view (a face, the object): fractions of width and height from the top left. */
export const FocalPoint = z.object({ x: unit('waagrecht'), y: unit('senkrecht') });
export type FocalPoint = z.infer<typeof FocalPoint>;

/** A person of the story shown in a photo, and whether they can be recognised. */
export const PhotoPerson = z.object({
  personId: z.string().check(z.regex(/^[A-Z]$/, 'Personen werden mit einem Buchstaben bezeichnet (A–Z).')),
  recognisable: z.boolean({ error: 'Bitte angeben, ob die Person auf dem Foto erkennbar ist.' }),
});
export type PhotoPerson = z.infer<typeof PhotoPerson>;

/** The description every photo needs before it is saved with its item. */
export const photoDescription = {
  id: PhotoId,
  alt: AltText,
  credit: describing('die Bildquelle (Fotografin, Fotograf oder Träger)', 'Die Bildquelle', 2, 120),
  licence: describing('die Lizenz oder einen Nutzungshinweis', 'Der Nutzungshinweis', 2, 300),
  focal: z._default(FocalPoint, { x: 0.5, y: 0.5 }),
  /** The item's lead picture (cards, the top of its page, link previews); else its first photo. */
  lead: z.optional(z.boolean()),
  /** Pixels of the processed picture, orientation applied: set by the server from the photo's record. */
  width: z.optional(z.number().check(z.int(), z.positive())),
  height: z.optional(z.number().check(z.int(), z.positive())),
};

const SHOWN_MISSING =
  'Bitte angeben, welche Personen der Geschichte auf dem Foto zu sehen sind und ob sie erkennbar sind, oder „keine Person erkennbar“ wählen.';

/**
 * A photo in a story: besides the description, the persons it shows, or the explicit
 * statement that nobody can be recognised ("keine Person erkennbar"). Nothing is assumed.
 */
export const StoryPhoto = z
  .object({
    ...photoDescription,
    persons: z._default(
      z.array(PhotoPerson).check(
        z.maxLength(12),
        z.refine((ps) => new Set(ps.map((p) => p.personId)).size === ps.length, 'Jede Person nur einmal pro Foto angeben.'),
      ),
      [],
    ),
    /** "keine Person erkennbar": nobody on it, or nobody who could be recognised. */
    noPerson: z.optional(z.boolean()),
  })
  .check(z.refine((p) => p.persons.length > 0 !== (p.noPerson === true), { message: SHOWN_MISSING, path: ['persons'] }));
export type StoryPhoto = z.infer<typeof StoryPhoto>;

/** At most one lead picture, each photo once. */
const photoList = <T extends z.ZodMiniType<{ id: string; lead?: boolean }>>(photo: T, max: number) =>
  z.array(photo).check(
    z.maxLength(max, `Höchstens ${max} Fotos.`),
    z.refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, 'Jedes Foto nur einmal verwenden.'),
    z.refine((ps) => ps.filter((p) => p.lead).length <= 1, 'Bitte nur ein Foto als Aufmacherbild wählen.'),
  );

export const StoryPhotos = photoList(StoryPhoto, 12);

/** A person of a story a press release features, shown in one of its photos. */
export const ReleasePhotoPerson = z.object({
  storyId: z.string().check(z.regex(/^[a-z0-9]{10}$/, 'Unbekannte Geschichte.')),
  personId: PhotoPerson.shape.personId,
  recognisable: PhotoPerson.shape.recognisable,
});
export type ReleasePhotoPerson = z.infer<typeof ReleasePhotoPerson>;

const RELEASE_SHOWN_MISSING =
  'Bitte angeben, welche Personen aus den vorgestellten Geschichten auf dem Foto zu sehen sind und ob sie erkennbar sind, oder „keine Person erkennbar“ wählen.';

/**
 * A photo in a press release: besides the description, the persons of the featured stories
 * it shows (their consents decide, release-workflow.ts), or "keine Person erkennbar". A
 * release has no consent records of its own, so a person who is not in a featured story
 * cannot be shown recognisably: the press office cannot record what such a person agreed to
 * here, and nothing would take the photo down when that consent ends.
 */
export const ReleasePhoto = z
  .object({
    ...photoDescription,
    persons: z._default(
      z.array(ReleasePhotoPerson).check(
        z.maxLength(12),
        z.refine((ps) => new Set(ps.map((p) => `${p.storyId}/${p.personId}`)).size === ps.length, 'Jede Person nur einmal pro Foto angeben.'),
      ),
      [],
    ),
    noPerson: z.optional(z.boolean()),
  })
  .check(z.refine((p) => p.persons.length > 0 !== (p.noPerson === true), { message: RELEASE_SHOWN_MISSING, path: ['persons'] }));
export type ReleasePhoto = z.infer<typeof ReleasePhoto>;

export const ReleasePhotos = photoList(ReleasePhoto, 8);

/** The lead picture of a list: the one chosen, else the first. */
export const leadPhoto = <P extends { lead?: boolean }>(photos: readonly P[]): P | undefined => photos.find((p) => p.lead) ?? photos[0];

/** How a photo is named in messages: its alt text, shortened. */
export function photoLabel(p: { alt: string }): string {
  const alt = p.alt.trim();
  return `Foto „${alt.length > 40 ? `${alt.slice(0, 39)}…` : alt}“`;
}

/** The level of photo consent a tag needs: consent.ts ranks it against the consent's scope. */
export const photoLevel = (person: Pick<PhotoPerson, 'recognisable'>): 'recognisable' | 'not-recognisable' =>
  person.recognisable ? 'recognisable' : 'not-recognisable';

/** What the site, the feeds and the API outside the item's partner show of a photo. */
export const PublicPhoto = z.object({
  id: z.string(),
  alt: z.string(),
  credit: z.string(),
  licence: z.string(),
  focal: FocalPoint,
  lead: z.boolean(),
  width: z.number(),
  height: z.number(),
  derivatives: z.array(z.object({ width: z.number(), height: z.number(), format: z.enum(PHOTO_FORMATS), path: z.string() })),
  og: z.object({ width: z.number(), height: z.number(), path: z.string() }),
});
export type PublicPhoto = z.infer<typeof PublicPhoto>;

/** The public form of an item's photos (those with their pixel size known), the lead first marked. */
export function publicPhotos(photos: readonly Pick<StoryPhoto, 'id' | 'alt' | 'credit' | 'licence' | 'focal' | 'lead' | 'width' | 'height'>[]): PublicPhoto[] {
  const shown = photos.filter((p) => p.width && p.height);
  const lead = leadPhoto(shown);
  return shown.map((p) => ({
    id: p.id,
    alt: p.alt,
    credit: p.credit,
    licence: p.licence,
    focal: p.focal,
    lead: p === lead,
    width: p.width!,
    height: p.height!,
    derivatives: derivativesOf(p.id, p.width!, p.height!),
    og: { ...OG_IMAGE, path: ogPathFor(p.id, p.width!, p.height!, p.focal) },
  }));
}

/** Which item a photo was uploaded for: its files are used there only. */
export const PhotoOwner = z.object({
  kind: z.enum(['story', 'release'], { error: 'Fotos gehören zu einer Geschichte oder einer Pressemitteilung.' }),
  id: z.string().check(z.regex(/^[a-z0-9]{10}$/, 'Unbekannte Geschichte oder Pressemitteilung.')),
});
export type PhotoOwner = z.infer<typeof PhotoOwner>;

export const PHOTO_STATES = [
  { id: 'awaiting-upload', label: 'wartet auf die Datei' },
  { id: 'ready', label: 'verarbeitet' },
  { id: 'refused', label: 'abgelehnt' },
] as const;
export const PhotoState = z.enum(['awaiting-upload', 'ready', 'refused']);
export type PhotoState = z.infer<typeof PhotoState>;

/**
 * The processed files of one upload. Holds no metadata of the original (no file name,
 * no capture time, no camera): only what processing made of the pixels.
 */
export const PhotoRecord = z.object({
  id: PhotoId,
  owner: PhotoOwner,
  /** The owner's partner: who may see the files before publication. */
  partner: PartnerId,
  state: PhotoState,
  createdAt: z.string(),
  createdBy: z.string(),
  /** Where the Open Graph crop centres, as given with the upload. */
  focal: z.optional(FocalPoint),
  /** Set when processed: the picture's size after orientation, and its derivatives. */
  width: z.optional(z.number()),
  height: z.optional(z.number()),
  /** The type the upload's bytes showed. */
  sourceType: z.optional(z.enum(UPLOAD_TYPES)),
  derivatives: z.optional(z.array(z.object({ width: z.number(), height: z.number(), format: z.enum(PHOTO_FORMATS), path: z.string(), bytes: z.number() }))),
  og: z.optional(z.object({ width: z.number(), height: z.number(), path: z.string(), bytes: z.number() })),
  processedAt: z.optional(z.string()),
  /** Why processing refused the upload, in German. */
  refusal: z.optional(z.string()),
});
export type PhotoRecord = z.infer<typeof PhotoRecord>;

/** German refusals of an upload; each is a 4xx, and nothing of the file is kept. */
export const UPLOAD_REFUSALS = {
  empty: 'Die Datei ist leer (0 Byte). Bitte wählen Sie ein Foto aus.',
  tooLarge: `Die Datei ist zu groß. Erlaubt sind höchstens ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
  notAnImage: 'Die Datei ist kein Foto in einem unterstützten Format (JPEG, PNG, WebP, AVIF oder HEIC). Geprüft wird der Inhalt der Datei, nicht ihr Name.',
  tooManyPixels: (width: number, height: number) =>
    `Das Foto hat zu viele Bildpunkte (${width} × ${height}). Erlaubt sind höchstens ${MAX_UPLOAD_PIXELS / 1_000_000} Megapixel.`,
  unreadable: 'Das Foto lässt sich nicht lesen: Die Datei ist beschädigt oder ihr Format wird hier nicht unterstützt (z. B. HEIC mit HEVC-Kompression).',
} as const;
