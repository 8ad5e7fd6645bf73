import { ROLES } from '../domain/actor.ts';
import { MUNICIPALITIES } from '../domain/municipalities.ts';
import { PARTNERS } from '../domain/partners.ts';
import { STORY_STATUSES, TEASER_MAX } from '../domain/story.ts';
import { TOPICS } from '../domain/topics.ts';
import { ACTION_LABELS } from '../domain/workflow.ts';
import { lambdaHandler } from '../http/handler.ts';
import { json } from '../http/problem.ts';

/** Reference data for the editor's forms, from the domain's single definitions. */
export const handler = lambdaHandler('meta', {
  'GET /meta': async () => json(200, {
    partners: PARTNERS, municipalities: MUNICIPALITIES, topics: TOPICS, roles: ROLES,
    statuses: STORY_STATUSES, actions: ACTION_LABELS, teaserMax: TEASER_MAX,
  }, { 'cache-control': 'public, max-age=300' }),
  'GET /me': async (req) => json(200, req.actor),
});
