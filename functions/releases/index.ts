import { z } from 'zod';
import type { Actor } from '../domain/actor.ts';
import { type Release, ReleaseDraftInput, ReleaseStatus, ScheduleInput } from '../domain/release.ts';
import { availableReleaseActions, ReleaseAction } from '../domain/release-workflow.ts';
import { safeText } from '../domain/text.ts';
import { lambdaHandler } from '../http/handler.ts';
import { json } from '../http/problem.ts';
import { runtimePorts as ports } from '../operations/ports.ts';
import {
  acknowledgePressNotice, createRelease, editRelease, listReleases, pressNotices, readRelease, scheduleRelease, transitionRelease,
} from '../operations/releases.ts';

/** The full record, with the actions this actor may take now. */
const view = (r: Release, actor: Actor) => ({ audience: 'full' as const, ...r, actions: availableReleaseActions(r, actor) });

const Version = z.number({ error: 'Die Versionsnummer fehlt.' }).int().positive();
const UpdateBody = z.object({
  version: Version,
  release: ReleaseDraftInput,
  /** Required for a change after publication: shown on the public page. */
  correctionNote: safeText('Die Korrekturnotiz').trim().min(10, 'Die Korrekturnotiz braucht mindestens 10 Zeichen.').max(500).optional(),
});
const ScheduleBody = ScheduleInput.extend({ version: Version });
const TransitionBody = z.object({
  action: ReleaseAction, version: Version, comment: safeText('Der Kommentar').max(2000, 'Der Kommentar darf höchstens 2.000 Zeichen haben.').optional(),
  /** Required to publish a release with consent holds: its text no longer refers to the persons of those stories. */
  confirmNoReference: z.boolean().optional(),
});
const ListQuery = z.object({ status: ReleaseStatus.optional(), cursor: z.string().max(2000).optional(), limit: z.coerce.number().int().min(1).max(100).optional() });

/** Each action parses the request, runs one operation (functions/operations/releases.ts) and answers with its result. */
export const handler = lambdaHandler('releases', {
  'GET /releases': async (req) => {
    const page = await listReleases(ports(), req.actor, { ...req.filter(ListQuery), scope: req.query.scope });
    return json(200, { items: page.items.map((r) => view(r, req.actor)), next: page.next });
  },

  'POST /releases': async (req) => {
    const input = req.body(ReleaseDraftInput, 'Die Angaben zur Pressemitteilung');
    const release = await createRelease(ports(), req.actor, input);
    return json(201, view(release, req.actor), { location: `/releases/${release.id}` });
  },

  'GET /releases/{id}': async (req) => {
    const seen = await readRelease(ports(), req.actor, req.params.id!);
    return json(200, seen.audience === 'public' ? { audience: seen.audience, ...seen.record } : view(seen.record, req.actor));
  },

  'PUT /releases/{id}': async (req) => {
    const body = req.body(UpdateBody, 'Die Angaben zur Pressemitteilung');
    return json(200, view(await editRelease(ports(), req.actor, req.params.id!, body), req.actor));
  },

  'PUT /releases/{id}/schedule': async (req) => {
    const body = req.body(ScheduleBody, 'Die Zeitangaben');
    return json(200, view(await scheduleRelease(ports(), req.actor, req.params.id!, body), req.actor));
  },

  'POST /releases/{id}/transitions': async (req) => {
    const body = req.body(TransitionBody, 'Die Aktion');
    return json(200, view(await transitionRelease(ports(), req.actor, req.params.id!, body), req.actor));
  },

  'GET /notices': async (req) => json(200, { items: await pressNotices(ports(), req.actor) }),

  'DELETE /notices/{at}/{id}': async (req) => {
    await acknowledgePressNotice(ports(), req.actor, req.params.at!, req.params.id!);
    return { statusCode: 204 };
  },
});
