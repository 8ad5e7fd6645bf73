import type { APIRoute } from 'astro';
import { goneReleasePaths } from '../lib/releases.ts';
import { goneStoryPaths } from '../lib/stories.ts';

/** The manifest of withdrawn addresses (stories and press releases), read by the server to answer 410 Gone. */
export const GET: APIRoute = async () => {
  const paths = [...await goneStoryPaths(), ...await goneReleasePaths()].sort();
  return new Response(JSON.stringify({ page: '/nicht-mehr-verfuegbar/', paths }), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
};
