import { getImage } from 'astro:assets';
import { type CollectionEntry, getCollection } from 'astro:content';
import type { PublicRelease } from '../../../../functions/domain/release-public.ts';
import { mediaPath } from './site.ts';

export type LibraryImage = CollectionEntry<'media'>['data'];

/** A release photo joined with its library entry: the image to render and the original's facts. */
export interface ReleasePhoto extends LibraryImage {
  /** The release's own alt text and credit win over the library's suggestions. */
  alt: string;
  credit: string;
  /** The original, byte for byte, for downloads and feed enclosures. */
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
 * The photos of a release that exist in the media library. A file the library does
 * not have is left out rather than failing the build: one bad reference must not stop
 * every other publication (the API checks references when the release is saved).
 */
export async function releasePhotos(release: Pick<PublicRelease, 'id' | 'photos'>): Promise<ReleasePhoto[]> {
  const lib = await mediaLibrary();
  return release.photos.flatMap((photo) => {
    const entry = lib.get(photo.file);
    if (!entry) {
      console.warn(`release ${release.id}: photo ${photo.file} is not in content/media/library.json, left out`);
      return [];
    }
    return [{ ...entry, alt: photo.alt, credit: photo.credit, original: mediaPath(photo.file), mimeType: mimeTypeOf(photo.file) }];
  });
}

/**
 * The rendition for link previews (Open Graph, JSON-LD): a JPEG 1200 pixels wide,
 * the size the large preview cards ask for.
 */
export async function shareImage(image: LibraryImage['image']) {
  const result = await getImage({ src: image, width: Math.min(1200, image.width), format: 'jpeg', quality: 80 });
  return { src: result.src, width: Number(result.attributes.width), height: Number(result.attributes.height) };
}
