import { lambdaHandler } from '@newsroom/http/handler.ts';
import { badRequest, json } from '@newsroom/http/problem.ts';
import { HISTORY_ROUTES } from '@newsroom/http/routes/history.ts';
import { runtimePorts as ports } from '@newsroom/operations/ports.ts';
import { storyDiff, storyVersion, storyVersions } from '@newsroom/operations/stories.ts';

/** Each action parses the request, reads a story's history (functions/operations/stories.ts) and answers with it. */
export const handler = lambdaHandler(HISTORY_ROUTES, {
  'GET /stories/{id}/versions': async (req) => json(200, await storyVersions(ports(), req.actor, req.params.id!)),

  'GET /stories/{id}/versions/{n}': async (req) => json(200, await storyVersion(ports(), req.actor, req.params.id!, Number(req.params.n))),

  /** `from` and `to` name saved versions; `to` defaults to the current text. */
  'GET /stories/{id}/diff': async (req) => {
    const diff = await storyDiff(ports(), req.actor, req.params.id!, req.query.from, req.query.to);
    if (!diff) throw badRequest('Bitte zwei vorhandene Fassungen zum Vergleich angeben (from, to).');
    return json(200, diff);
  },
});
