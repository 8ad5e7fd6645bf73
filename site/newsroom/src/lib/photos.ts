import type { PublicPhoto } from '@newsroom/domain/photos.ts';

/**
 * A photo as the site's pages render it: the processed renditions only (never the
 * upload), with the description the editor had to complete before the photo could be
 * saved. The render pass hands over only photos of items that are public now, so a
 * page cannot show the photo of a story that went offline.
 */
export interface SitePhoto {
  id: string;
  /** What is shown, in German: the img's alt. */
  alt: string;
  /** The caption under the lead picture; the alt text stands in when there is none. */
  caption?: string;
  credit: string;
  licence: string;
  /** Size of the largest rendition: the aspect ratio the img reserves before it loads. */
  width: number;
  height: number;
  /** Where crops keep their centre: fractions of the width and the height from the top left. */
  focal: { x: number; y: number };
  /** The modern formats, best first (AVIF, WebP), each a `srcset` of its widths. */
  sources: { type: string; srcset: string }[];
  /** The JPEG every browser understands. */
  fallback: { src: string; srcset: string };
  /** The largest rendition as a file for download (journalists, feeds); its size in bytes when known. */
  download: { href: string; type: string; width: number; height: number; bytes?: number };
  /** The link-preview rendition (Open Graph): 1200 pixels wide, JPEG. */
  share: { src: string; width: number; height: number };
}

/** The column a lead picture fills: the text measure, or the whole width on a phone. */
export const LEAD_SIZES = '(min-width: 44rem) 42rem, calc(100vw - 2.5rem)';
/** A card's picture: a third of the page's width on wide screens, the card's width on a phone. */
export const CARD_SIZES = '(min-width: 44rem) 15rem, calc(100vw - 2.5rem)';

/**
 * The focal point as two classes (steps of 10 %): the CSP allows no inline style,
 * so `object-position` comes from the stylesheet (photos.css).
 */
export function focalClasses(focal: SitePhoto['focal']): string {
  const step = (v: number) => Math.min(100, Math.max(0, Math.round(v * 10) * 10));
  return `fx-${step(focal.x)} fy-${step(focal.y)}`;
}

const srcset = (files: readonly { path: string; width: number }[]) => files.map((f) => `${f.path} ${f.width}w`).join(', ');

/**
 * An uploaded photo as the site renders it, from its public form (functions/domain/photos.ts):
 * AVIF and WebP sources, the JPEGs as fallback (about 800 pixels wide for browsers without
 * `srcset`), the largest JPEG as the download, the Open Graph crop for link previews.
 */
export function sitePhoto(photo: PublicPhoto): SitePhoto {
  const of = (format: PublicPhoto['derivatives'][number]['format']) => photo.derivatives.filter((d) => d.format === format).sort((a, b) => a.width - b.width);
  const jpeg = of('jpeg');
  const largest = jpeg.at(-1)!;
  const fallback = jpeg.find((d) => d.width >= 800) ?? largest;
  return {
    id: photo.id,
    alt: photo.alt,
    credit: photo.credit,
    licence: photo.licence,
    width: largest.width,
    height: largest.height,
    focal: photo.focal,
    sources: [
      { type: 'image/avif', srcset: srcset(of('avif')) },
      { type: 'image/webp', srcset: srcset(of('webp')) },
    ].filter((s) => s.srcset),
    fallback: { src: fallback.path, srcset: srcset(jpeg) },
    download: { href: largest.path, type: 'image/jpeg', width: largest.width, height: largest.height },
    share: { src: photo.og.path, width: photo.og.width, height: photo.og.height },
  };
}

/** An item's photos for its page, the lead picture first. */
export function sitePhotos(photos: readonly PublicPhoto[]): SitePhoto[] {
  return [...photos].sort((a, b) => Number(b.lead) - Number(a.lead)).map(sitePhoto);
}
