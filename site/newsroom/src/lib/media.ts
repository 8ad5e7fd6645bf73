import { getImage } from 'astro:assets';
import { type CollectionEntry, getCollection } from 'astro:content';
import type { SitePhoto } from './photos.ts';

export type LibraryImage = CollectionEntry<'media'>['data'];

/** A library image as a photo for download: the original, byte for byte, and its type. */
export interface LibraryPhoto extends LibraryImage {
  original: string;
  mimeType: string;
}

const MIME: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

let library: Promise<Map<string, LibraryImage>> | undefined;

export async function mediaLibrary(): Promise<Map<string, LibraryImage>> {
  library ??= getCollection('media').then((entries) => new Map(entries.map((e) => [e.id, e.data])));
  return library;
}

export const mimeTypeOf = (file: string) => MIME[file.slice(file.lastIndexOf('.') + 1)] ?? 'application/octet-stream';

/**
 * The rendition for link previews (Open Graph, JSON-LD): a JPEG 1200 pixels wide,
 * the size the large preview cards ask for.
 */
export async function shareImage(image: LibraryImage['image']) {
  const result = await getImage({ src: image, width: Math.min(1200, image.width), format: 'jpeg', quality: 80 });
  return { src: result.src, width: Number(result.attributes.width), height: Number(result.attributes.height) };
}

const WIDTHS = [400, 800, 1200];

/**
 * A library photo as the site renders every photo: a WebP source, a JPEG fallback, a
 * download. No AVIF here: these illustrations are encoded by every full build (uploaded
 * photos get their AVIF once, when processed), and AVIF would cost each build seconds.
 */
export async function librarySitePhoto(photo: LibraryPhoto): Promise<SitePhoto> {
  const { image } = photo;
  const widths = WIDTHS.filter((w) => w <= image.width);
  const variant = (format: 'webp' | 'jpeg') => getImage({ src: image, widths, format, quality: 75 });
  const [webp, jpeg, share] = await Promise.all([variant('webp'), variant('jpeg'), shareImage(image)]);
  return {
    id: photo.file,
    alt: photo.alt,
    caption: photo.title,
    credit: photo.credit,
    licence: photo.licence,
    width: image.width,
    height: image.height,
    focal: { x: 0.5, y: 0.5 },
    sources: [{ type: 'image/webp', srcset: webp.srcSet.attribute }],
    fallback: { src: jpeg.src, srcset: jpeg.srcSet.attribute },
    download: { href: photo.original, type: photo.mimeType, width: image.width, height: image.height, bytes: photo.bytes },
    share: { ...share },
  };
}
