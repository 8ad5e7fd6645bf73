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
