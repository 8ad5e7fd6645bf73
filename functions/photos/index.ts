import { NewUploadBody, PhotoFileParams, PhotoListQuery } from '@newsroom/domain/api/photos.ts';
import { PHOTO_MIME } from '@newsroom/domain/photos.ts';
import { lambdaHandler } from '@newsroom/http/handler.ts';
import { json, notFound } from '@newsroom/http/problem.ts';
import { PHOTO_ROUTES } from '@newsroom/http/routes/photos.ts';
import { listPhotos, type PhotoPorts, photoFile, photoPorts, readPhoto, startUpload } from '@newsroom/operations/photos.ts';
import { config } from '@newsroom/runtime/config.ts';
import { localUploads, presignedPosts } from './targets.ts';

let uploads: PhotoPorts['uploads'] | undefined;
const ports = (): PhotoPorts => {
  const bucket = config().photos.bucket;
  uploads ??= bucket ? presignedPosts(bucket) : localUploads;
  return photoPorts(uploads);
};

const TYPES: Record<string, string> = { avif: PHOTO_MIME.avif, webp: PHOTO_MIME.webp, jpg: PHOTO_MIME.jpeg };

/** Each action parses the request, runs one operation (functions/operations/photos.ts) and answers with its result. */
export const handler = lambdaHandler(PHOTO_ROUTES, {
  'POST /photos': async (req) => {
    const body = req.body(NewUploadBody, 'Die Angaben zum Foto');
    const created = await startUpload(ports(), req.actor, body);
    return json(201, created, { location: `/photos/${created.photo.id}` });
  },

  'GET /photos': async (req) => {
    const { kind, id } = req.filter(PhotoListQuery);
    return json(200, { items: await listPhotos(ports(), req.actor, kind && id ? { kind, id } : undefined) });
  },

  'GET /photos/{id}': async (req) => json(200, await readPhoto(ports(), req.actor, req.params.id!)),

  'GET /photos/{id}/files/{file}': async (req) => {
    const params = PhotoFileParams.safeParse(req.params);
    if (!params.success) throw notFound('Diese Datei des Fotos gibt es nicht.');
    const { body, path } = await photoFile(ports(), req.actor, params.data.id, params.data.file);
    return json(200, { path, type: TYPES[path.slice(path.lastIndexOf('.') + 1)]!, data: body.toString('base64') });
  },
});
