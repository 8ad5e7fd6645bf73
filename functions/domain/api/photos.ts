import * as z from 'zod/mini';
import { FocalPoint, PhotoId, PhotoOwner, PhotoRecord } from '../photos.ts';

/** The photos routes' requests and answers (functions/http/routes/photos.ts names them per route). */

export const NewUploadBody = z.object({
  owner: PhotoOwner,
  /** The file's size in bytes, as the browser knows it before sending. */
  size: z.number({ error: 'Bitte die Größe der Datei angeben.' }).check(z.int(), z.gte(0, 'Die Größe der Datei kann nicht negativ sein.')),
  focal: z.optional(FocalPoint),
});

/** Where to send the file: a form POST with `fields` then the file as `file` (S3), or a PUT of the bytes to `url` (locally). */
export const UploadTarget = z.object({ method: z.enum(['POST', 'PUT']), url: z.string(), fields: z.record(z.string(), z.string()) });

export const NewUpload = z.object({ photo: PhotoRecord, upload: UploadTarget });
export const PhotoListQuery = z.object({ kind: z.optional(PhotoOwner.shape.kind), id: z.optional(PhotoOwner.shape.id) });
export const PhotoList = z.object({ items: z.array(PhotoRecord) });
export const PhotoFileParams = z.object({
  id: PhotoId,
  file: z.string().check(z.regex(/^(\d+\.(avif|webp|jpg)|og-\d{1,3}\.jpg)$/, 'Unbekannte Datei des Fotos.')),
});
/** A processed file for the editor's preview (a data: URL is allowed by the editor's policy). */
export const PhotoFile = z.object({ path: z.string(), type: z.string(), data: z.string() });
