import type * as schemas from '@newsroom/domain/api/photos.ts';
import type { FocalPoint, PhotoOwner, PhotoRecord } from '@newsroom/domain/photos.ts';
import type * as z from 'zod/mini';
import { type Api, ApiError } from '../api.ts';

export type { PhotoOwner, PhotoRecord };

type NewUpload = z.infer<typeof schemas.NewUpload>;
type PhotoFile = z.infer<typeof schemas.PhotoFile>;
type PhotoList = z.infer<typeof schemas.PhotoList>;

const enc = encodeURIComponent;

/** How often, and how long, the editor asks whether the processing of an upload has finished (AWS: a Lambda after S3). */
const POLL_MS = 1000;
const POLL_LIMIT = 90;

/**
 * Sends the file where `POST /photos` said, with the browser's upload progress (fetch has
 * none): a PUT of the bytes to the local stand-in, or S3's form POST with its fields.
 */
function transfer(target: NewUpload['upload'], base: string, file: File, onProgress: (fraction: number) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    // The local stand-in answers with a path on the API; S3 with a full address.
    xhr.open(target.method, new URL(target.url, `${base}/`).href);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      const body = (() => {
        try {
          return xhr.responseText ? (JSON.parse(xhr.responseText) as Record<string, unknown>) : undefined;
        } catch {
          return undefined;
        }
      })();
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      reject(
        new ApiError(
          xhr.status,
          typeof body?.title === 'string' ? body.title : 'Hochladen fehlgeschlagen',
          typeof body?.detail === 'string' ? body.detail : `Die Datei wurde nicht angenommen (Fehler ${xhr.status}).`,
        ),
      );
    });
    xhr.addEventListener('error', () =>
      reject(new ApiError(0, 'Keine Verbindung', 'Die Datei konnte nicht gesendet werden. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es noch einmal.')),
    );
    if (target.method === 'PUT') {
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      xhr.send(file);
    } else {
      const form = new FormData();
      for (const [k, v] of Object.entries(target.fields)) form.append(k, v);
      form.append('file', file);
      xhr.send(form);
    }
  });
}

/** The photo endpoints, on the editor's authenticated API client at `apiUrl`. */
export function photosApi(api: Api, apiUrl: string) {
  const call = api.request;
  const read = (id: string) => call<PhotoRecord>('GET', `/photos/${enc(id)}`);
  return {
    read,
    /** The photos uploaded for one story or release, or (no owner) the media library of the caller. */
    list: (owner?: PhotoOwner) => call<PhotoList>('GET', `/photos${owner ? `?kind=${owner.kind}&id=${enc(owner.id)}` : ''}`).then((l) => l.items),
    /** A processed file as a data: URL (the editor's policy allows those for images), e.g. `480.webp`. */
    async fileUrl(id: string, file: string): Promise<string> {
      const f = await call<PhotoFile>('GET', `/photos/${enc(id)}/files/${enc(file)}`);
      return `data:${f.type};base64,${f.data}`;
    },
    /**
     * Uploads one file for `owner` and waits until it is processed: the photo reserved, the
     * bytes sent (progress 0–1), then its record once the metadata is stripped and the
     * derivatives made. A refusal (not a photo, too large, too many pixels) is an ApiError in German.
     */
    async upload(owner: PhotoOwner, file: File, onProgress: (fraction: number) => void, focal?: FocalPoint): Promise<PhotoRecord> {
      const reserved = await call<NewUpload>('POST', '/photos', { owner, size: file.size, ...(focal ? { focal } : {}) });
      const answer = await transfer(reserved.upload, apiUrl, file, onProgress);
      const id = reserved.photo.id;
      let record = answer && typeof answer === 'object' && 'state' in answer ? (answer as PhotoRecord) : await read(id);
      for (let i = 0; record.state === 'awaiting-upload' && i < POLL_LIMIT; i++) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        record = await read(id);
      }
      if (record.state === 'refused') throw new ApiError(422, 'Foto nicht verwendbar', record.refusal ?? 'Das Foto konnte nicht verarbeitet werden.');
      if (record.state !== 'ready')
        throw new ApiError(504, 'Verarbeitung dauert zu lange', 'Das Foto ist angekommen, aber noch nicht verarbeitet. Bitte laden Sie die Seite gleich neu.');
      return record;
    },
  };
}
export type PhotosApi = ReturnType<typeof photosApi>;

/** The smallest processed WebP: the thumbnail of the grid and the library. */
export function thumbnailFile(record: Pick<PhotoRecord, 'derivatives'>): string | undefined {
  const webp = (record.derivatives ?? []).filter((d) => d.format === 'webp').sort((a, b) => a.width - b.width);
  return webp[0]?.path.replace(/^.*\//, '');
}

/** A WebP about 800 pixels wide: big enough to set the focal point on. */
export function previewFile(record: Pick<PhotoRecord, 'derivatives'>): string | undefined {
  const webp = (record.derivatives ?? []).filter((d) => d.format === 'webp').sort((a, b) => Math.abs(a.width - 800) - Math.abs(b.width - 800));
  return webp[0]?.path.replace(/^.*\//, '');
}
