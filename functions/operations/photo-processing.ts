import type { PhotoRecord } from '@newsroom/domain/photos.ts';
import { photoFolder } from '@newsroom/domain/photos.ts';
import { type Processed, processedRecord, processImage } from '@newsroom/photo-processing/pipeline.ts';
import { clock } from '@newsroom/runtime/clock.ts';
import { db } from '@newsroom/store/client.ts';
import { photoFiles } from '@newsroom/store/photo-files.ts';
import { deletePhoto, finishPhoto, getPhoto } from '@newsroom/store/photos.ts';
import type { Ports } from './ports.ts';

/** What processing works with: the table, the photo store and the time (no user directory, no publisher). */
export const processingPorts = (): Pick<Ports, 'db' | 'clock' | 'photos'> => ({ db: db(), clock, photos: photoFiles() });

export type ProcessOutcome = { ok: true; photo: PhotoRecord } | { ok: false; status: 400 | 404 | 413 | 415 | 422; message: string };

/**
 * Processes the raw upload of photo `id`: the same steps in the processing Lambda (an S3
 * event per upload) and behind the local upload route. The raw file is deleted whatever
 * happens; on refusal nothing of it is kept. `keepRefusal` (AWS) records the German reason
 * for the editor, which learns it by reading the photo; locally the route answers it at
 * once and the record goes too.
 */
export async function processUpload(p: Pick<Ports, 'db' | 'clock' | 'photos'>, id: string, { keepRefusal }: { keepRefusal: boolean }): Promise<ProcessOutcome> {
  try {
    const record = await getPhoto(id, p.db);
    if (record?.state !== 'awaiting-upload')
      return { ok: false, status: 404, message: 'Für diese Datei wurde kein Foto angelegt, oder sie wurde schon verarbeitet.' };
    const raw = await p.photos.readRaw(id);
    const result: Processed = raw ? await processImage(id, raw) : { ok: false, status: 400, message: 'Die Datei ist nicht angekommen.' };
    if (!result.ok) {
      if (keepRefusal) await finishPhoto({ ...record, state: 'refused', refusal: result.message, processedAt: p.clock.now().toISOString() }, p.db);
      else await deletePhoto(id, p.db);
      return result;
    }
    try {
      await Promise.all(result.files.map((f) => p.photos.put(f.path.slice(1), f.body, f.type)));
      const photo = processedRecord(record, result, p.clock.now().toISOString());
      if (!(await finishPhoto(photo, p.db))) throw new Error(`photo ${id} was processed twice at once`);
      return { ok: true, photo };
    } catch (err) {
      await p.photos.deleteAll(photoFolder(id));
      throw err;
    }
  } finally {
    await p.photos.deleteRaw(id);
  }
}
