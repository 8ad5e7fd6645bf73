import type { APIContext } from 'astro';
import { rssResponse } from '../../lib/feeds.ts';
import { scopeFeed } from '../../lib/scopes.ts';

export const GET = async ({ site }: APIContext) => rssResponse(await scopeFeed({ kind: 'all' }, site!));
