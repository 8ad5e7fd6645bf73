import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { SiteFiles } from '../site-files.ts';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  svg: 'image/svg+xml',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
};
/** Feeds are named by what they are, not by their extension (as infra/local/static-server.ts serves them). */
const NAMED: Record<string, string> = {
  'rss.xml': 'application/rss+xml; charset=utf-8',
  'feed.xml': 'application/rss+xml; charset=utf-8',
  'atom.xml': 'application/atom+xml; charset=utf-8',
  'feed.json': 'application/feed+json; charset=utf-8',
};

export function contentType(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return NAMED[name] ?? TYPES[name.slice(name.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Content-hashed files never change and are cached for a year; everything else is kept
 * by CloudFront until the publisher invalidates it (s-maxage) and revalidated by
 * browsers every time, so a taken-down page does not linger in a reader's cache.
 */
export function cacheControl(file: string): string {
  if (file.startsWith('_astro/') || /^pagefind\/(.+\/)?(fragment|index|filter)\//.test(file) || file.endsWith('.pf_meta'))
    return 'public, max-age=31536000, immutable';
  return 'public, max-age=0, s-maxage=31536000, must-revalidate';
}

/**
 * Where the Lambda publishes (invoked locally, a folder stands in for it: site-files.ts).
 * Unlike the local publisher there is no folder to switch: objects are replaced one by
 * one, so `../apply.ts` orders the writes to keep every state a reader can see consistent.
 */
export function s3Bucket(bucket: string, client = new S3Client({})): SiteFiles {
  const missing = (err: unknown) =>
    err instanceof NoSuchKey ||
    err instanceof NotFound ||
    (err as { name?: string }).name === 'NoSuchKey' ||
    (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
  return {
    async read(file) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: file }));
        return Buffer.from(await out.Body!.transformToByteArray());
      } catch (err) {
        if (missing(err)) return undefined;
        throw err;
      }
    },
    async exists(file) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: file }));
        return true;
      } catch (err) {
        if (missing(err)) return false;
        throw err;
      }
    },
    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(out.Contents ?? []).map((o) => o.Key!));
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    async put(file, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: file, Body: body, ContentType: contentType(file), CacheControl: cacheControl(file) }));
    },
    async delete(files) {
      for (let i = 0; i < files.length; i += 1000) {
        await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: files.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
      }
    },
  };
}
