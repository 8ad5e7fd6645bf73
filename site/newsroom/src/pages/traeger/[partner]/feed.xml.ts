import type { PartnerId } from '@newsroom/domain/partners.ts';
import type { APIContext, GetStaticPaths } from 'astro';
import { rssResponse } from '../../../lib/feeds.ts';
import { partnerScopes, scopeFeed } from '../../../lib/scopes.ts';

export const getStaticPaths = (() => partnerScopes().map((s) => ({ params: { partner: s.id } }))) satisfies GetStaticPaths;

export const GET = async ({ params, site }: APIContext) => rssResponse(await scopeFeed({ kind: 'partner', id: params.partner as PartnerId }, site!));
