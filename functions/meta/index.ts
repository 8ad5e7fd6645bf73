import { brotliDecompressSync } from 'node:zlib';
import { ROLES } from '@newsroom/domain/actor.ts';
import type { Meta } from '@newsroom/domain/api/meta.ts';
import { MUNICIPALITIES } from '@newsroom/domain/municipalities.ts';
import { PARTNERS } from '@newsroom/domain/partners.ts';
import { STORY_STATUSES, TEASER_MAX } from '@newsroom/domain/story.ts';
import { TOPICS } from '@newsroom/domain/topics.ts';
import { ACTION_LABELS } from '@newsroom/domain/workflow.ts';
import { lambdaHandler } from '@newsroom/http/handler.ts';
import { json } from '@newsroom/http/problem.ts';
import { META_ROUTES } from '@newsroom/http/routes/meta.ts';
import { OPENAPI_DOCUMENT_BROTLI } from './openapi-document.ts';

const meta: Meta = {
  partners: [...PARTNERS],
  municipalities: [...MUNICIPALITIES],
  topics: [...TOPICS],
  roles: [...ROLES],
  statuses: [...STORY_STATUSES],
  actions: ACTION_LABELS,
  teaserMax: TEASER_MAX,
};

let document: string | undefined;
const apiDocument = () => (document ??= brotliDecompressSync(Buffer.from(OPENAPI_DOCUMENT_BROTLI, 'base64')).toString('utf8'));

/** Reference data for the editor's forms, from the domain's single definitions, and the API's own description. */
export const handler = lambdaHandler(META_ROUTES, {
  'GET /meta': async () => json(200, meta, { 'cache-control': 'public, max-age=300' }),
  'GET /me': async (req) => json(200, req.actor),
  'GET /openapi.json': async () => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' },
    body: apiDocument(),
  }),
});
