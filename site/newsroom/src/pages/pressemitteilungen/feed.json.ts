import type { APIContext } from 'astro';
import { jsonFeedResponse } from '../../lib/feeds.ts';
import { scopeFeed } from '../../lib/scopes.ts';

export const GET = async ({ site }: APIContext) => jsonFeedResponse(await scopeFeed({ kind: 'all' }, site!));
