import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { rawKey } from '@newsroom/domain/photos.ts';
import { config, type PhotoSettings } from '@newsroom/runtime/config.ts';

/**
 * Where the files of photos live, private until published: the raw upload (`raw/<id>`,
 * deleted once processed; in S3 a lifecycle rule expires it after a day as a second line
 * of defence) and the processed files (`media/bilder/<id>/<width>.<ext>`). The public site
 * gets a copy of a photo's files while its item is public (the publisher decides which:
 * site/newsroom/src/pages/bilder). In AWS a private, encrypted bucket; locally the data
 * directory's `photos/` folder, laid out the same way.
 */
export interface PhotoFiles {
  /** The raw upload's bytes, or undefined when there is none (processed already, never sent). */
  readRaw(id: string): Promise<Buffer | undefined>;
  /** Stores a raw upload as the browser would (the demo seed; in AWS the presigned POST does this). */
  putRaw(id: string, body: Buffer): Promise<void>;
  deleteRaw(id: string): Promise<void>;
  /** A processed file by its site path without the leading slash ("bilder/<id>/800.webp"). */
  get(file: string): Promise<Buffer | undefined>;
  put(file: string, body: Buffer, type: string): Promise<void>;
  /** Deletes every processed file under `prefix` ("bilder/<id>/"); resolves the number deleted. */
  deleteAll(prefix: string): Promise<number>;
  list(prefix: string): Promise<string[]>;
}

const mediaKey = (file: string) => `media/${file}`;

/** The folder stand-in. `rawFile` is where the local upload route streams an upload to. */
export function photoFolder(root: string): PhotoFiles & { rawFile(id: string): string } {
  const rawFile = (id: string) => join(root, 'raw', id);
  const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';
  const orNothing = async <T>(read: () => Promise<T>) => {
    try {
      return await read();
    } catch (err) {
      if (missing(err)) return undefined;
      throw err;
    }
  };
  const walk = async (dir: string, base: string): Promise<string[]> => {
    const entries = (await orNothing(() => readdir(dir, { withFileTypes: true }))) ?? [];
    return (
      await Promise.all(entries.map((e) => (e.isDirectory() ? walk(join(dir, e.name), `${base}${e.name}/`) : Promise.resolve([`${base}${e.name}`]))))
    ).flat();
  };
  return {
    rawFile,
    readRaw: (id) => orNothing(() => readFile(rawFile(id))),
    async putRaw(id, body) {
      await mkdir(dirname(rawFile(id)), { recursive: true });
      await writeFile(rawFile(id), body);
    },
    deleteRaw: (id) => rm(rawFile(id), { force: true }),
    get: (file) => orNothing(() => readFile(join(root, mediaKey(file)))),
    async put(file, body) {
      const path = join(root, mediaKey(file));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, body);
    },
    async deleteAll(prefix) {
      const files = await walk(join(root, mediaKey(prefix)), prefix);
      await rm(join(root, mediaKey(prefix)), { recursive: true, force: true });
      return files.length;
    },
    list: async (prefix) => {
      const dir = prefix.endsWith('/') ? prefix : dirname(prefix);
      return (await walk(join(root, mediaKey(dir)), dir.endsWith('/') ? dir : `${dir}/`)).filter((f) => f.startsWith(prefix));
    },
  };
}

/**
 * The private photo bucket (infra/aws/photos.ts). The S3 client loads on first use: most
 * requests of the functions that carry this store never touch a photo.
 */
export function photoBucket(bucket: string, given?: S3Client): PhotoFiles {
  let loaded: Promise<{ s3: typeof import('@aws-sdk/client-s3'); client: S3Client }> | undefined;
  const sdk = () => {
    loaded ??= import('@aws-sdk/client-s3').then((s3) => ({ s3, client: given ?? new s3.S3Client({}) }));
    return loaded;
  };
  const body = async (key: string) => {
    const { s3, client } = await sdk();
    try {
      const out = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey' || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
        return undefined;
      throw err;
    }
  };
  const keys = async (prefix: string) => {
    const { s3, client } = await sdk();
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new s3.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      out.push(...(page.Contents ?? []).map((o) => o.Key!));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  };
  const remove = async (all: string[]) => {
    const { s3, client } = await sdk();
    for (let i = 0; i < all.length; i += 1000) {
      await client.send(new s3.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: all.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
    }
  };
  return {
    readRaw: (id) => body(rawKey(id)),
    async putRaw(id, data) {
      const { s3, client } = await sdk();
      await client.send(new s3.PutObjectCommand({ Bucket: bucket, Key: rawKey(id), Body: data }));
    },
    deleteRaw: (id) => remove([rawKey(id)]),
    get: (file) => body(mediaKey(file)),
    async put(file, data, type) {
      const { s3, client } = await sdk();
      await client.send(new s3.PutObjectCommand({ Bucket: bucket, Key: mediaKey(file), Body: data, ContentType: type }));
    },
    async deleteAll(prefix) {
      const all = await keys(mediaKey(prefix));
      await remove(all);
      return all.length;
    },
    list: async (prefix) => (await keys(mediaKey(prefix))).map((k) => k.slice('media/'.length)),
  };
}

let chosen: { key: string; files: PhotoFiles } | undefined;

/** The configured photo store: the bucket in AWS, else the folder (default `.data/photos`). */
export function photoFiles(settings: PhotoSettings = config().photos): PhotoFiles {
  const key = settings.bucket ? `s3:${settings.bucket}` : `dir:${settings.dir ?? '.data/photos'}`;
  if (chosen?.key !== key) chosen = { key, files: settings.bucket ? photoBucket(settings.bucket) : photoFolder(settings.dir ?? '.data/photos') };
  return chosen.files;
}
