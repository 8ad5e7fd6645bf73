import {
  CommentBody,
  ConsentBody,
  ExpiringQuery,
  type PublicStoryView,
  ReadBackBody,
  RevisionQuery,
  type StoryDetail,
  StoryListQuery,
  StoryTransitionBody,
  UpdateStoryBody,
  VersionBody,
  WithdrawalBody,
  type WithdrawalResult,
} from '@newsroom/domain/api/stories.ts';
import { StoryDraftInput } from '@newsroom/domain/story.ts';
import { lambdaHandler, type Request, type Result } from '@newsroom/http/handler.ts';
import { badRequest, json } from '@newsroom/http/problem.ts';
import { STORY_ROUTES } from '@newsroom/http/routes/stories.ts';
import { recordStoryConsent, withdrawStoryConsent } from '@newsroom/operations/consents.ts';
import { runtimePorts as ports } from '@newsroom/operations/ports.ts';
import {
  addComment,
  createStory,
  discardRevision,
  editStory,
  expiringConsents,
  listStories,
  personData,
  readStory,
  recordReadBack,
  requestErasure,
  restoreVersion,
  storyComments,
  storyWithdrawalReports,
  transitionStory,
} from '@newsroom/operations/stories.ts';
import { storyView } from '@newsroom/operations/views.ts';
import { EXPORT_PAGE_CSP, exportPage } from './export-page.ts';

/** Each action parses the request, runs one operation (functions/operations) and answers with its result. */
const actions: Record<string, (req: Request) => Promise<Result>> = {
  'GET /stories': async (req) => {
    const filter = req.filter(StoryListQuery);
    if (filter.status && filter.revision)
      throw badRequest('Bitte entweder nach dem Status der Geschichte (status) oder nach dem ihrer Überarbeitung (revision) filtern, nicht nach beiden.');
    const page = await listStories(ports(), req.actor, { ...filter, scope: req.query.scope });
    return json(200, { items: page.items.map((s) => storyView(s, req.actor)), next: page.next });
  },

  'POST /stories': async (req) => {
    const story = await createStory(ports(), req.actor, req.body(StoryDraftInput, 'Die Angaben zur Geschichte'));
    return json(201, storyView(story, req.actor), { location: `/stories/${story.id}` });
  },

  'GET /stories/{id}': async (req) => {
    const seen = await readStory(ports(), req.actor, req.params.id!);
    if (seen.audience === 'public') return json(200, { audience: seen.audience, ...seen.record } satisfies PublicStoryView);
    return json(200, { ...storyView(seen.record, req.actor), reidentificationWarnings: seen.reidentificationWarnings } satisfies StoryDetail);
  },

  'PUT /stories/{id}': async (req) => {
    const { version, story: content, autosave } = req.body(UpdateStoryBody, 'Die Angaben zur Geschichte');
    return json(200, storyView(await editStory(ports(), req.actor, req.params.id!, version, content, { autosave }), req.actor));
  },

  'POST /stories/{id}/transitions': async (req) => {
    const { story, reidentificationWarnings } = await transitionStory(ports(), req.actor, req.params.id!, req.body(StoryTransitionBody, 'Die Aktion'));
    return json(200, { ...storyView(story, req.actor), reidentificationWarnings } satisfies StoryDetail);
  },

  'POST /stories/{id}/read-back': async (req) => {
    const { version, readBack } = req.body(ReadBackBody, 'Die Angaben zur Rückbestätigung');
    return json(200, storyView(await recordReadBack(ports(), req.actor, req.params.id!, version, readBack), req.actor));
  },

  'POST /stories/{id}/consents': async (req) => {
    const { story } = await recordStoryConsent(ports(), req.actor, req.params.id!, req.body(ConsentBody, 'Die Angaben zur Einwilligung'));
    return json(200, storyView(story, req.actor));
  },

  'POST /stories/{id}/consents/{personId}/withdrawal': async (req) => {
    const body = req.body(WithdrawalBody, 'Die Angaben zum Widerruf');
    const { story, withdrawalReport } = await withdrawStoryConsent(ports(), req.actor, req.params.id!, req.params.personId!, body);
    return json(200, { ...storyView(story, req.actor), ...(withdrawalReport ? { withdrawalReport } : {}) } satisfies WithdrawalResult);
  },

  'POST /stories/{id}/versions/{n}/restore': async (req) => {
    const { version } = req.body(VersionBody, 'Die Anfrage');
    return json(200, storyView(await restoreVersion(ports(), req.actor, req.params.id!, Number(req.params.n), version), req.actor));
  },

  'DELETE /stories/{id}/revision': async (req) => {
    const q = RevisionQuery.safeParse(req.query);
    if (!q.success) throw badRequest('Bitte die Versionsnummer angeben (version).');
    return json(200, storyView(await discardRevision(ports(), req.actor, req.params.id!, q.data.version), req.actor));
  },

  'GET /stories/{id}/comments': async (req) => json(200, { items: await storyComments(ports(), req.actor, req.params.id!) }),

  'POST /stories/{id}/comments': async (req) => {
    const { text } = req.body(CommentBody, 'Der Kommentar');
    return json(201, await addComment(ports(), req.actor, req.params.id!, text));
  },

  'POST /stories/{id}/erasure': async (req) => {
    const { version } = req.body(VersionBody, 'Die Anfrage');
    return json(200, storyView(await requestErasure(ports(), req.actor, req.params.id!, version), req.actor));
  },

  /** As JSON, or as a readable page for a browser. */
  'GET /stories/{id}/persons/{personId}/export': async (req) => {
    const { id, personId } = req.params as { id: string; personId: string };
    const data = await personData(ports(), req.actor, id, personId);
    if ((req.event.headers?.accept ?? '').includes('text/html')) {
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-disposition': `inline; filename="auskunft-${id}-${personId}.html"`,
          'content-security-policy': EXPORT_PAGE_CSP,
          // One person's data: no copy in any cache on the way.
          'cache-control': 'no-store',
        },
        body: exportPage(data),
      };
    }
    return json(200, data, { 'content-disposition': `attachment; filename="auskunft-${id}-${personId}.json"` });
  },

  'GET /stories/{id}/withdrawal-reports': async (req) => json(200, { items: await storyWithdrawalReports(ports(), req.actor, req.params.id!) }),

  'GET /consents/expiring': async (req) => {
    const q = ExpiringQuery.safeParse(req.query);
    if (!q.success) throw badRequest('Bitte eine Anzahl Tage zwischen 1 und 365 angeben.');
    const { until, stories } = await expiringConsents(ports(), req.actor, q.data.days);
    return json(200, { until, items: stories.map((s) => storyView(s, req.actor)) });
  },
};

export const handler = lambdaHandler(STORY_ROUTES, actions);
