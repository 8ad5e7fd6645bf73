import {
  derivativesOf,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_PIXELS,
  OG_IMAGE,
  ogPath,
  ogPathFor,
  ogVariants,
  PHOTO_MIME,
  type PhotoFormat,
  type PhotoRecord,
  UPLOAD_REFUSALS,
  type UPLOAD_TYPES,
} from '@newsroom/domain/photos.ts';
import sharp, { type Metadata, type Sharp } from 'sharp';

/**
 * From an upload's bytes to the files the site may serve. sharp (libvips) does all image
 * work; nothing here parses image data itself. What leaves this module is pixels only:
 * sharp writes no metadata unless asked (`keepMetadata`, `withMetadata`, `withExif`,
 * `keepIccProfile` are never called), so EXIF (GPS, capture time, camera, serial), XMP,
 * IPTC, ICC profiles, comments, text chunks and embedded thumbnails stay behind; the EXIF
 * orientation is applied to the pixels first. test/integration/photos-upload.test.ts reads
 * every derivative back with exifr to prove it.
 */

export type UploadType = (typeof UPLOAD_TYPES)[number];

export type Processed =
  | {
      ok: true;
      width: number;
      height: number;
      sourceType: UploadType;
      files: { path: string; body: Buffer; type: string; width: number; height: number; format?: PhotoFormat }[];
    }
  | { ok: false; status: 400 | 413 | 415 | 422; message: string };

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

/** The type the first bytes show, whatever the file was called: JPEG, PNG, WebP, or an ISO media file of HEIF/AVIF. */
export function sniffType(head: Buffer): UploadType | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp') {
    const brand = head.toString('latin1', 8, 12);
    if (AVIF_BRANDS.has(brand)) return 'avif';
    if (HEIF_BRANDS.has(brand)) return 'heif';
  }
  return undefined;
}

/**
 * Settings measured by `npm run bench photos` (bench/results/photos.json: size, SSIM and CPU
 * time per setting on a 12-megapixel photo). AVIF at the lowest effort (effort 2 cost seven
 * times the CPU for the same size) with the chroma halved as in every JPEG (sharp's AVIF
 * default is 4:4:4): a third smaller at the same SSIM; quality 42 keeps the 1280 px lead
 * picture within 120 KB. JPEG is the fallback and the journalists' download: plain libjpeg,
 * because mozjpeg's 10 % fewer bytes cost ten times the CPU on every size and crop.
 */
const ENCODE: Record<PhotoFormat, (s: Sharp) => Sharp> = {
  avif: (s) => s.avif({ quality: 42, effort: 0, chromaSubsampling: '4:2:0' }),
  webp: (s) => s.webp({ quality: 72, effort: 2 }),
  jpeg: (s) => s.jpeg({ quality: 78 }),
};

const readOptions = { limitInputPixels: MAX_UPLOAD_PIXELS, failOn: 'error' as const, sequentialRead: true };

/**
 * Checks an upload and makes its derivatives and Open Graph crops (one per place of the
 * focal point, functions/domain/photos.ts `ogVariants`). Refuses, in German, what is empty, too large, not an image by its bytes, or has
 * more pixels than allowed by its header, before any pixel is decoded.
 */
export async function processImage(id: string, input: Buffer): Promise<Processed> {
  if (input.length === 0) return { ok: false, status: 400, message: UPLOAD_REFUSALS.empty };
  if (input.length > MAX_UPLOAD_BYTES) return { ok: false, status: 413, message: UPLOAD_REFUSALS.tooLarge };
  const sourceType = sniffType(input.subarray(0, 32));
  if (!sourceType) return { ok: false, status: 415, message: UPLOAD_REFUSALS.notAnImage };

  let meta: Metadata;
  try {
    // Reads the header only: the size is known before a single pixel is decoded.
    meta = await sharp(input, { ...readOptions, limitInputPixels: false }).metadata();
  } catch {
    return { ok: false, status: 422, message: UPLOAD_REFUSALS.unreadable };
  }
  if (!meta.width || !meta.height) return { ok: false, status: 422, message: UPLOAD_REFUSALS.unreadable };
  if (meta.width * meta.height > MAX_UPLOAD_PIXELS) return { ok: false, status: 422, message: UPLOAD_REFUSALS.tooManyPixels(meta.width, meta.height) };

  const turned = (meta.orientation ?? 1) >= 5;
  const width = turned ? meta.height : meta.width;
  const height = turned ? meta.width : meta.height;
  const derivatives = derivativesOf(id, width, height);
  const largest = derivatives.reduce((a, b) => (b.width > a.width ? b : a));
  try {
    // Decoded once, turned upright and reduced to the largest derivative; every file is made from that.
    const { data, info } = await sharp(input, readOptions)
      .rotate()
      .resize({ width: largest.width, height: largest.height, fit: 'fill' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const base = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    const files = await Promise.all([
      ...derivatives.map(async (d) => ({
        path: d.path,
        width: d.width,
        height: d.height,
        format: d.format,
        type: PHOTO_MIME[d.format],
        body: await ENCODE[d.format](d.width === info.width ? base() : base().resize({ width: d.width, height: d.height, fit: 'fill' })).toBuffer(),
      })),
      ...ogVariants(width, height).map(async ({ step, crop }) => ({
        path: ogPath(id, step),
        ...OG_IMAGE,
        type: 'image/jpeg',
        body: await ENCODE.jpeg(
          base()
            .extract(crop)
            .resize({ ...OG_IMAGE, fit: 'cover' }),
        ).toBuffer(),
      })),
    ]);
    return { ok: true, width, height, sourceType, files };
  } catch {
    return { ok: false, status: 422, message: UPLOAD_REFUSALS.unreadable };
  }
}

/** The record of a processed photo: what processing made, nothing of the original's metadata. */
export function processedRecord(record: PhotoRecord, result: Extract<Processed, { ok: true }>, at: string): PhotoRecord {
  const ogFor = ogPathFor(record.id, result.width, result.height, record.focal ?? { x: 0.5, y: 0.5 });
  const og = result.files.find((f) => f.path === ogFor)!;
  return {
    ...record,
    state: 'ready',
    width: result.width,
    height: result.height,
    sourceType: result.sourceType,
    derivatives: result.files.filter((f) => f.format).map((f) => ({ width: f.width, height: f.height, format: f.format!, path: f.path, bytes: f.body.length })),
    og: { width: og.width, height: og.height, path: og.path, bytes: og.body.length },
    processedAt: at,
  };
}
