import type { APIContext, GetStaticPaths } from 'astro';
import { publicReleases } from '../../../lib/releases.ts';
import { renderPass } from '../../../lib/render-pass.ts';
import { publicStories } from '../../../lib/stories.ts';

/**
 * The processed files of every photo of a public item (functions/domain/photos.ts), copied
 * from the private photo store. Nothing else decides which photo files the site has: a
 * photo's files are here exactly while an item showing it is public, so when a story goes
 * (withdrawal, expiry, erasure, takedown) the publisher removes its files with its page.
 */
export const getStaticPaths = (async () => {
  const photos = new Map<string, string[]>();
  for (const item of [...(await publicStories('website')), ...(await publicStories('press')), ...(await publicReleases())]) {
    for (const photo of item.photos) photos.set(photo.id, [...photo.derivatives.map((d) => d.path), photo.og.path]);
  }
  return [...photos].flatMap(([id, paths]) => paths.map((path) => ({ params: { id, file: path.slice(path.lastIndexOf('/') + 1) } })));
}) satisfies GetStaticPaths;

export const GET = async ({ params }: APIContext) => {
  const body = await renderPass().content.photoFile(`bilder/${params.id}/${params.file}`);
  // A file the store lost is left out rather than failing the publication of everything else.
  return body ? new Response(new Uint8Array(body)) : new Response(null, { status: 404 });
};
