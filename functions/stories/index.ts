import { z } from 'zod';
import type { Actor } from '../domain/actor.ts';
import { ConsentInput, consentProblems, consentStatus, earliestExpiry, EXPIRY_WARNING_DAYS, WithdrawalInput } from '../domain/consent.ts';
import { ReadBackInput, readBackProblems } from '../domain/read-back.ts';
import { consentSubject, RevisionStatus, type Story, StoryDraftInput, StoryStatus } from '../domain/story.ts';
import { safeText } from '../domain/text.ts';
import { availableActions, StoryAction } from '../domain/workflow.ts';
import { lambdaHandler, type Request, type Result } from '../http/handler.ts';
import { badRequest, json } from '../http/problem.ts';
import { recordStoryConsent, withdrawStoryConsent } from '../operations/consents.ts';
import { clock, runtimePorts as ports } from '../operations/ports.ts';
import {
  addComment, createStory, discardRevision, editStory, expiringConsents, listStories, personData, readStory, recordReadBack, requestErasure,
  restoreVersion, storyComments, storyDiff, storyVersion, storyVersions, storyWithdrawalReports, transitionStory,
} from '../operations/stories.ts';
import { EXPORT_PAGE_CSP, exportPage } from './export-page.ts';

/**
 * The full record as the editor receives it: with the actions this actor may take now and
 * its consent status at a glance (with the reasons when it does not cover the story).
 */
const view = (story: Story, actor: Actor) => {
  const now = clock.now();
  const subject = consentSubject(story);
  return {
    audience: 'full' as const,
    ...story,
    actions: availableActions(story, actor),
    consentStatus: consentStatus(subject, now),
    consentProblems: consentProblems(subject, now),
    consentExpires: earliestExpiry(story.consents),
    readBackProblems: readBackProblems(story),
  };
};

const UpdateBody = z.object({ version: z.number({ error: 'Die Versionsnummer fehlt.' }).int().positive(), story: StoryDraftInput });
const TransitionBody = z.object({
  action: StoryAction,
  version: z.number({ error: 'Die Versionsnummer fehlt.' }).int().positive(),
  comment: safeText('Der Kommentar').max(2000, 'Der Kommentar darf höchstens 2.000 Zeichen haben.').optional(),
  /** The author confirms the contact data or addresses the text check found. */
  confirmTextFindings: z.boolean().optional(),
});
const ConsentBody = z.object({
  version: z.number({ error: 'Die Versionsnummer fehlt.' }).int().positive(),
  consent: ConsentInput,
  correctionReason: safeText('Der Grund der Korrektur').trim().max(500, 'Der Grund darf höchstens 500 Zeichen haben.').optional(),
});
const ReadBackBody = z.object({
  version: z.number({ error: 'Die Versionsnummer fehlt.' }).int().positive(),
  readBack: ReadBackInput,
});
const WithdrawalBody = z.object({
  version: z.number({ error: 'Die Versionsnummer fehlt.' }).int().positive(),
  withdrawal: WithdrawalInput,
});
const ListQuery = z.object({
  status: StoryStatus.optional(),
  /** Instead of the story's own status: the state of its pending revision (the work queues). */
  revision: RevisionStatus.optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

const VersionQuery = z.object({ version: z.coerce.number({ error: 'Die Versionsnummer fehlt.' }).int().positive() });

const VersionBody = z.object({ version: z.number({ error: 'Die Versionsnummer fehlt.' }).int().positive() });
const CommentBody = z.object({ text: safeText('Der Kommentar', { error: 'Bitte einen Kommentar schreiben.' }).trim().min(2, 'Bitte einen Kommentar schreiben.').max(2000, 'Der Kommentar darf höchstens 2.000 Zeichen haben.') });

/** Each action parses the request, runs one operation (functions/operations) and answers with its result. */
const actions: Record<string, (req: Request) => Promise<Result>> = {
  'GET /stories': async (req) => {
    const filter = req.filter(ListQuery);
    if (filter.status && filter.revision) throw badRequest('Bitte entweder nach dem Status der Geschichte (status) oder nach dem ihrer Überarbeitung (revision) filtern, nicht nach beiden.');
    const page = await listStories(ports(), req.actor, { ...filter, scope: req.query.scope });
    return json(200, { items: page.items.map((s) => view(s, req.actor)), next: page.next });
  },

  'POST /stories': async (req) => {
    const story = await createStory(ports(), req.actor, req.body(StoryDraftInput, 'Die Angaben zur Geschichte'));
    return json(201, view(story, req.actor), { location: `/stories/${story.id}` });
  },

  'GET /stories/{id}': async (req) => {
    const seen = await readStory(ports(), req.actor, req.params.id!);
    if (seen.audience === 'public') return json(200, { audience: seen.audience, ...seen.record });
    return json(200, { ...view(seen.record, req.actor), reidentificationWarnings: seen.reidentificationWarnings });
  },

  'PUT /stories/{id}': async (req) => {
    const { version, story: content } = req.body(UpdateBody, 'Die Angaben zur Geschichte');
    return json(200, view(await editStory(ports(), req.actor, req.params.id!, version, content), req.actor));
  },

  'POST /stories/{id}/transitions': async (req) => {
    const { story, reidentificationWarnings } = await transitionStory(ports(), req.actor, req.params.id!, req.body(TransitionBody, 'Die Aktion'));
    return json(200, { ...view(story, req.actor), reidentificationWarnings });
  },

  'POST /stories/{id}/read-back': async (req) => {
    const { version, readBack } = req.body(ReadBackBody, 'Die Angaben zur Rückbestätigung');
    return json(200, view(await recordReadBack(ports(), req.actor, req.params.id!, version, readBack), req.actor));
  },

  'POST /stories/{id}/consents': async (req) => {
    const { story } = await recordStoryConsent(ports(), req.actor, req.params.id!, req.body(ConsentBody, 'Die Angaben zur Einwilligung'));
    return json(200, view(story, req.actor));
  },

  'POST /stories/{id}/consents/{personId}/withdrawal': async (req) => {
    const body = req.body(WithdrawalBody, 'Die Angaben zum Widerruf');
    const { story, withdrawalReport } = await withdrawStoryConsent(ports(), req.actor, req.params.id!, req.params.personId!, body);
    return json(200, { ...view(story, req.actor), ...(withdrawalReport ? { withdrawalReport } : {}) });
  },

  'GET /stories/{id}/versions': async (req) => json(200, await storyVersions(ports(), req.actor, req.params.id!)),

  'GET /stories/{id}/versions/{n}': async (req) => json(200, await storyVersion(ports(), req.actor, req.params.id!, Number(req.params.n))),

  /** `from` and `to` name saved versions; `to` defaults to the current text. */
  'GET /stories/{id}/diff': async (req) => {
    const diff = await storyDiff(ports(), req.actor, req.params.id!, req.query.from, req.query.to);
    if (!diff) throw badRequest('Bitte zwei vorhandene Fassungen zum Vergleich angeben (from, to).');
    return json(200, diff);
  },

  'POST /stories/{id}/versions/{n}/restore': async (req) => {
    const { version } = req.body(VersionBody, 'Die Anfrage');
    return json(200, view(await restoreVersion(ports(), req.actor, req.params.id!, Number(req.params.n), version), req.actor));
  },

  'DELETE /stories/{id}/revision': async (req) => {
    const q = VersionQuery.safeParse(req.query);
    if (!q.success) throw badRequest('Bitte die Versionsnummer angeben (version).');
    return json(200, view(await discardRevision(ports(), req.actor, req.params.id!, q.data.version), req.actor));
  },

  'GET /stories/{id}/comments': async (req) => json(200, { items: await storyComments(ports(), req.actor, req.params.id!) }),

  'POST /stories/{id}/comments': async (req) => {
    const { text } = req.body(CommentBody, 'Der Kommentar');
    return json(201, await addComment(ports(), req.actor, req.params.id!, text));
  },

  'POST /stories/{id}/erasure': async (req) => {
    const { version } = req.body(VersionBody, 'Die Anfrage');
    return json(200, view(await requestErasure(ports(), req.actor, req.params.id!, version), req.actor));
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
    const days = z.coerce.number().int().min(1).max(365).default(EXPIRY_WARNING_DAYS).safeParse(req.query.days ?? undefined);
    if (!days.success) throw badRequest('Bitte eine Anzahl Tage zwischen 1 und 365 angeben.');
    const { until, stories } = await expiringConsents(ports(), req.actor, days.data);
    return json(200, { until, items: stories.map((s) => view(s, req.actor)) });
  },
};

export const handler = lambdaHandler('stories', actions);
