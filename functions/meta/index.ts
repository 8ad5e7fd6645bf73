import { brotliDecompressSync } from 'node:zlib';
import { ROLES } from '../domain/actor.ts';
import type { Meta } from '../domain/api/meta.ts';
import { MUNICIPALITIES } from '../domain/municipalities.ts';
import { PARTNERS } from '../domain/partners.ts';
import { STORY_STATUSES, TEASER_MAX } from '../domain/story.ts';
import { TOPICS } from '../domain/topics.ts';
import { ACTION_LABELS } from '../domain/workflow.ts';
import { lambdaHandler } from '../http/handler.ts';
import { json } from '../http/problem.ts';
import { META_ROUTES } from '../http/routes/meta.ts';
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
