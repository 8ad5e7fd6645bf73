import { NewUploadBody, PhotoFileParams, PhotoListQuery } from '@newsroom/domain/api/photos.ts';
import { CreatePreviewBody } from '@newsroom/domain/api/previews.ts';
import { PHOTO_MIME } from '@newsroom/domain/photos.ts';
import { lambdaHandler, type Request } from '@newsroom/http/handler.ts';
import { json, notFound } from '@newsroom/http/problem.ts';
import { PHOTO_ROUTES } from '@newsroom/http/routes/photos.ts';
import { listPhotos, type PhotoPorts, photoFile, photoPorts, readPhoto, startUpload } from '@newsroom/operations/photos.ts';
import { runtimePorts } from '@newsroom/operations/ports.ts';
import { createPreviewLink, listPreviewLinks, previewSubject, revokePreview } from '@newsroom/operations/previews.ts';
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

  'GET /stories/{id}/previews': async (req) => json(200, { items: await listPreviewLinks(runtimePorts(), await subject(req, 'story')) }),

  'POST /stories/{id}/previews': async (req) => {
    req.body(CreatePreviewBody, 'Die Anfrage');
    return json(201, await createPreviewLink(runtimePorts(), req.actor, await subject(req, 'story')));
  },

  'DELETE /stories/{id}/previews/{previewId}': async (req) =>
    json(200, await revokePreview(runtimePorts(), req.actor, await subject(req, 'story'), req.params.previewId!)),

  'GET /releases/{id}/previews': async (req) => json(200, { items: await listPreviewLinks(runtimePorts(), await subject(req, 'release')) }),

  'POST /releases/{id}/previews': async (req) => {
    req.body(CreatePreviewBody, 'Die Anfrage');
    return json(201, await createPreviewLink(runtimePorts(), req.actor, await subject(req, 'release')));
  },

  'DELETE /releases/{id}/previews/{previewId}': async (req) =>
    json(200, await revokePreview(runtimePorts(), req.actor, await subject(req, 'release'), req.params.previewId!)),
});

/** Preview links hang off a story or release like its photos: served here, beside them, off the stories function's size limit. */
const subject = (req: Request, kind: 'story' | 'release') => previewSubject(runtimePorts(), req.actor, kind, req.params.id!);
