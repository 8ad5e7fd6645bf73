import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { dirname } from 'node:path';
import { MAX_UPLOAD_BYTES, PhotoId, UPLOAD_REFUSALS } from '@newsroom/domain/photos.ts';
import { type ProcessOutcome, processUpload } from '@newsroom/operations/photo-processing.ts';
import { clock } from '@newsroom/operations/ports.ts';
import { config } from '@newsroom/runtime/config.ts';
import { db } from '@newsroom/store/client.ts';
import { photoFolder } from '@newsroom/store/photo-files.ts';
import { deletePhoto, getPhoto } from '@newsroom/store/photos.ts';

/**
 * The local stand-in for the presigned POST into the photo bucket: the editor PUTs the
 * file's bytes to `/local-uploads/<photo id>` (the target `POST /photos` handed out). The
 * bytes stream to a temporary file under the data directory, never into memory, and stop
 * at the size limit; then the processing step of the Lambda runs on it
 * (functions/operations/photo-processing.ts) and the answer is its outcome. Like the
 * bucket, the route asks for no token: only a photo awaiting its upload takes one, once.
 */
export async function receiveUpload(req: IncomingMessage, id: string): Promise<ProcessOutcome> {
  const known = PhotoId.safeParse(id);
  const record = known.success ? await getPhoto(id, db()) : undefined;
  if (record?.state !== 'awaiting-upload') {
    req.resume();
    return { ok: false, status: 404, message: 'Für diese Datei wurde kein Foto angelegt, oder sie wurde schon verarbeitet.' };
  }
  const files = photoFolder(config().photos.dir ?? '.data/photos');
  const path = files.rawFile(id);
  await mkdir(dirname(path), { recursive: true });
  const size = await new Promise<number | 'too-large'>((resolve, reject) => {
    if (Number(req.headers['content-length']) > MAX_UPLOAD_BYTES) {
      req.resume();
      return resolve('too-large');
    }
    const out = createWriteStream(path);
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_UPLOAD_BYTES) {
        req.unpipe(out);
        out.destroy();
        req.resume();
        resolve('too-large');
      }
    });
    req.on('error', reject);
    out.on('error', reject);
    out.on('finish', () => resolve(bytes));
    req.pipe(out);
  });
  if (size === 'too-large') {
    await rm(path, { force: true });
    await deletePhoto(id, db());
    return { ok: false, status: 413, message: UPLOAD_REFUSALS.tooLarge };
  }
  return processUpload({ db: db(), clock, photos: files }, id, { keepRefusal: false });
}
