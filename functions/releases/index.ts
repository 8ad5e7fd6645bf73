import { SendBody, TestSendBody } from '@newsroom/domain/api/release-sends.ts';
import {
  type PublicReleaseView,
  ReleaseListQuery,
  ReleaseTransitionBody,
  ScheduleBody,
  type StorySchedule,
  StoryScheduleBody,
  UpdateReleaseBody,
} from '@newsroom/domain/api/releases.ts';
import { ReleaseDraftInput } from '@newsroom/domain/release.ts';
import { lambdaHandler } from '@newsroom/http/handler.ts';
import { json } from '@newsroom/http/problem.ts';
import { RELEASE_ROUTES } from '@newsroom/http/routes/releases.ts';
import { runtimePorts as ports } from '@newsroom/operations/ports.ts';
import { releaseSends, sendOptions, sendRelease, sendTest } from '@newsroom/operations/release-sends.ts';
import {
  acknowledgePressNotice,
  createRelease,
  editRelease,
  listReleases,
  pressNotices,
  readRelease,
  scheduleRelease,
  transitionRelease,
} from '@newsroom/operations/releases.ts';
import { scheduleStory } from '@newsroom/operations/story-schedule.ts';
import { releaseView } from '@newsroom/operations/views.ts';

/** Each action parses the request, runs one operation (functions/operations/releases.ts) and answers with its result. */
export const handler = lambdaHandler(RELEASE_ROUTES, {
  'GET /releases': async (req) => {
    const page = await listReleases(ports(), req.actor, { ...req.filter(ReleaseListQuery), scope: req.query.scope });
    return json(200, { items: page.items.map((r) => releaseView(r, req.actor)), next: page.next });
  },

  'POST /releases': async (req) => {
    const input = req.body(ReleaseDraftInput, 'Die Angaben zur Pressemitteilung');
    const release = await createRelease(ports(), req.actor, input);
    return json(201, releaseView(release, req.actor), { location: `/releases/${release.id}` });
  },

  'GET /releases/{id}': async (req) => {
    const seen = await readRelease(ports(), req.actor, req.params.id!);
    return json(
      200,
      seen.audience === 'public' ? ({ audience: seen.audience, ...seen.record } satisfies PublicReleaseView) : releaseView(seen.record, req.actor),
    );
  },

  'PUT /releases/{id}': async (req) => {
    const body = req.body(UpdateReleaseBody, 'Die Angaben zur Pressemitteilung');
    return json(200, releaseView(await editRelease(ports(), req.actor, req.params.id!, body), req.actor));
  },

  'PUT /releases/{id}/schedule': async (req) => {
    const body = req.body(ScheduleBody, 'Die Zeitangaben');
    return json(200, releaseView(await scheduleRelease(ports(), req.actor, req.params.id!, body), req.actor));
  },

  'PUT /stories/{id}/schedule': async (req) => {
    const { id, version, publishAt } = await scheduleStory(ports(), req.actor, req.params.id!, req.body(StoryScheduleBody, 'Der Zeitplan'));
    return json(200, { id, version, ...(publishAt ? { publishAt } : {}) } satisfies StorySchedule);
  },

  'POST /releases/{id}/transitions': async (req) => {
    const body = req.body(ReleaseTransitionBody, 'Die Aktion');
    return json(200, releaseView(await transitionRelease(ports(), req.actor, req.params.id!, body), req.actor));
  },

  'GET /releases/{id}/send-options': async (req) => {
    const lists = (req.query.lists ?? '').split(',').filter(Boolean);
    return json(200, await sendOptions(ports(), req.actor, req.params.id!, lists));
  },

  'GET /releases/{id}/sends': async (req) => json(200, { items: await releaseSends(ports(), req.actor, req.params.id!) }),

  'POST /releases/{id}/sends': async (req) => json(201, await sendRelease(ports(), req.actor, req.params.id!, req.body(SendBody, 'Der Versand'))),

  'POST /releases/{id}/sends/test': async (req) => {
    req.body(TestSendBody, 'Der Test');
    return json(201, await sendTest(ports(), req.actor, req.params.id!));
  },

  'GET /notices': async (req) => json(200, { items: await pressNotices(ports(), req.actor) }),

  'DELETE /notices/{at}/{id}': async (req) => {
    await acknowledgePressNotice(ports(), req.actor, req.params.at!, req.params.id!);
    return { statusCode: 204 };
  },
});
