import { readFile } from 'node:fs/promises';
import type { APIContext, GetStaticPaths } from 'astro';
import { type LibraryImage, mediaLibrary } from '../../lib/media.ts';

/**
 * The originals of the media library, byte for byte: press photos for download and
 * the feeds' enclosures (whose length the library loader measured from these files).
 */
export const getStaticPaths = (async () =>
  [...(await mediaLibrary()).values()].map((image) => ({ params: { file: image.file }, props: { image } }))) satisfies GetStaticPaths;

export const GET = async ({ props }: APIContext<{ image: LibraryImage }>) => new Response(await readFile(props.image.path));
