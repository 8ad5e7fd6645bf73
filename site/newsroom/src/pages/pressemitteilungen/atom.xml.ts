import type { APIContext } from 'astro';
import { atomResponse } from '../../lib/feeds.ts';
import { scopeFeed } from '../../lib/scopes.ts';

export const GET = async ({ site }: APIContext) => atomResponse(await scopeFeed({ kind: 'all' }, site!));
