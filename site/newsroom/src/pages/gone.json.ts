import type { APIRoute } from 'astro';
import { goneStoryPaths } from '../lib/stories.ts';

/** The manifest of withdrawn addresses, read by the server to answer 410 Gone. */
export const GET: APIRoute = async () =>
  new Response(JSON.stringify({ page: '/nicht-mehr-verfuegbar/', paths: await goneStoryPaths() }), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
