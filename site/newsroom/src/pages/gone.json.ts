import type { APIRoute } from 'astro';
import { goneReleasePaths, publicReleases } from '../lib/releases.ts';
import { perPass } from '../lib/render-pass.ts';
import { releasePath } from '../lib/site.ts';
import { goneStoryPaths, publicStories } from '../lib/stories.ts';

/**
 * The manifest of withdrawn addresses (stories and press releases), read by the server to
 * answer 410 Gone: what the items' states say, and the store's gone list, which also
 * holds what they cannot say (an erased story's address). Never an address live now.
 */
export const GET: APIRoute = async () => {
  const live = new Set([...(await publicStories()).map((s) => `/geschichten/${s.slug}/`), ...(await publicReleases()).map((r) => releasePath(r.slug))]);
  const stored = await perPass('gone:stored', (pass) => pass.content.gonePaths());
  const paths = [...new Set([...(await goneStoryPaths()), ...(await goneReleasePaths()), ...stored])].filter((p) => !live.has(p)).sort();
  return new Response(JSON.stringify({ page: '/nicht-mehr-verfuegbar/', paths }), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
};
