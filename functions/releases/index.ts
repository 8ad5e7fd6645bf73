import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hasRole, type Actor } from '../domain/actor.ts';
import { releaseFor } from '../domain/audience.ts';
import { Release, ReleaseDraftInput, ReleaseStatus, ScheduleInput, wasPublic } from '../domain/release.ts';
import { availableReleaseActions, canReadRelease, decideRelease, ReleaseAction, releaseEdit } from '../domain/release-workflow.ts';
import { slugify, type Story } from '../domain/story.ts';
import { safeText } from '../domain/text.ts';
import { expectVersion, refuse } from '../domain/errors.ts';
import { announce } from '../events/announce.ts';
import { lambdaHandler, type Request } from '../http/handler.ts';
import { conflict, forbidden, json, notFound, unprocessable } from '../http/problem.ts';
import { acknowledgeNotice, closeTasksOf, listNotices } from '../store/notices.ts';
import { getRelease, putNewRelease, releasesInStatus, releasesOfPartner, updateRelease } from '../store/releases.ts';
import { getStoryItem } from '../store/stories.ts';

/** Injectable clock, so tests can move time (embargoes). */
export const clock = { now: () => new Date() };

/** The full record, with the actions this actor may take now. */
const view = (r: Release, actor: Actor) => ({ audience: 'full' as const, ...r, actions: availableReleaseActions(r, actor) });

const NOT_FOUND = 'Diese Pressemitteilung gibt es nicht oder Sie dürfen sie nicht sehen.';

/**
 * The release's full record, for its organisation and the press office. For anyone else
 * it does not exist here (404, so ids leak nothing); reading a public release's public
 * projection is `GET /releases/{id}` alone.
 */
async function readable(req: Request): Promise<Release> {
  const r = await getRelease(req.params.id!);
  if (!r || !canReadRelease(req.actor, r)) throw notFound(NOT_FOUND);
  return r;
}

async function featuredStories(ids: readonly string[]): Promise<Map<string, Story>> {
  const found = await Promise.all(ids.map((id) => getStoryItem(id)));
  return new Map(found.filter((s): s is Story => s !== undefined).map((s) => [s.id, s]));
}

const EMPTY_CONTENT = {
  subline: undefined, lead: undefined, body: undefined, statisticsSnapshotId: undefined, contacts: undefined, topics: undefined, partners: undefined,
  quotes: [], featuredStoryIds: [], photos: [],
};

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

export const handler = lambdaHandler('releases', {
  'GET /releases': async (req) => {
    const { status, cursor, limit } = req.filter(ListQuery);
    const crossPartner = hasRole(req.actor, 'press') || hasRole(req.actor, 'admin');
    if (crossPartner && req.query.scope !== 'partner' && (status === 'draft' || status === 'returned')) {
      throw forbidden('Entwürfe sieht nur die eigene Organisation.');
    }
    const page = crossPartner && req.query.scope !== 'partner'
      ? await releasesInStatus(status ?? 'proposed', { cursor, limit })
      : await releasesOfPartner(req.actor.partner, status, { cursor, limit });
    return json(200, { items: page.items.filter((r) => canReadRelease(req.actor, r)).map((r) => view(r, req.actor)), next: page.next });
  },

  'POST /releases': async (req) => {
    if (hasRole(req.actor, 'admin') && req.actor.roles.length === 1) throw forbidden('Administratorinnen und Administratoren schreiben keine Pressemitteilungen.');
    const input = req.body(ReleaseDraftInput, 'Die Angaben zur Pressemitteilung');
    const at = clock.now().toISOString();
    const id = randomBytes(5).toString('hex');
    const release = Release.parse({
      ...input, id, slug: `${slugify(input.headline, 'pressemitteilung')}-${id}`, partner: req.actor.partner, status: 'draft', version: 1,
      authorId: req.actor.sub, authorName: req.actor.name, lastEditorId: req.actor.sub, createdAt: at, updatedAt: at,
      audit: [{ at, by: req.actor.sub, byName: req.actor.name, action: 'create', to: 'draft' }],
    });
    await putNewRelease(release);
    return json(201, view(release, req.actor), { location: `/releases/${id}` });
  },

  /** The full record, or for anyone else what the public site shows of it. */
  'GET /releases/{id}': async (req) => {
    const r = await getRelease(req.params.id!);
    const seen = r && releaseFor(req.actor, r, clock.now(), await featuredStories(r.featuredStoryIds));
    if (!seen) throw notFound(NOT_FOUND);
    return json(200, seen.audience === 'public' ? { audience: seen.audience, ...seen.record } : view(seen.record, req.actor));
  },

  'PUT /releases/{id}': async (req) => {
    const { version, release: content, correctionNote } = req.body(UpdateBody, 'Die Angaben zur Pressemitteilung');
    const r = await readable(req);
    const edit = releaseEdit(req.actor, r);
    if (!edit.ok) throw forbidden(edit.message);
    expectVersion('release', r, version);
    if (edit.correction && !correctionNote) throw unprocessable('Eine veröffentlichte Pressemitteilung wird nur mit einer Korrekturnotiz geändert.', ['Bitte eine Korrekturnotiz angeben; sie erscheint auf der Seite.']);
    const at = clock.now().toISOString();
    const next = {
      // PUT semantics: the content is replaced as a whole; a field left out is cleared.
      ...r, ...EMPTY_CONTENT, ...content,
      lastEditorId: req.actor.sub, status: edit.to,
      ...(edit.correction ? { correctedAt: at, corrections: [...r.corrections, { at, note: correctionNote! }] } : {}),
    };
    const saved = await updateRelease(r, next, {
      at, by: req.actor.sub, byName: req.actor.name, action: edit.correction ? 'correction' : 'edit',
      ...(edit.to !== r.status ? { from: r.status, to: edit.to, comment: 'Nach der Freigabe geändert: braucht eine neue Freigabe.' } : {}),
      ...(edit.correction ? { comment: correctionNote } : {}),
    });
    if (saved.status === 'published') await announce({ kind: 'release', id: saved.id, change: 'updated', at });
    if (r.status === 'scheduled' && saved.status !== 'scheduled') await announce({ kind: 'release', id: saved.id, change: 'unpublished', at });
    return json(200, view(saved, req.actor));
  },

  /** Sperrfrist and takedown, as Berlin wall-clock times; press office only. */
  'PUT /releases/{id}/schedule': async (req) => {
    const { version, embargo, takedown } = req.body(ScheduleBody, 'Die Zeitangaben');
    if (!hasRole(req.actor, 'press')) throw forbidden('Nur die Pressestelle legt Sperrfristen fest.');
    const r = await readable(req);
    expectVersion('release', r, version);
    if (['draft', 'returned', 'unpublished'].includes(r.status)) throw conflict('Eine Sperrfrist wird für vorgeschlagene oder freigegebene Pressemitteilungen festgelegt.');
    const now = clock.now();
    if (embargo && Date.parse(embargo) <= now.getTime() && r.status !== 'published') throw unprocessable('Die Sperrfrist liegt in der Vergangenheit.', ['Bitte eine Sperrfrist in der Zukunft wählen oder ohne Sperrfrist veröffentlichen.']);
    if (embargo && r.status === 'published') throw conflict('Die Pressemitteilung ist schon veröffentlicht; eine Sperrfrist ist nicht mehr möglich.');
    if (takedown && Date.parse(takedown) <= Math.max(now.getTime(), embargo ? Date.parse(embargo) : 0)) {
      throw unprocessable('Das Ende der Veröffentlichung muss nach der Sperrfrist und in der Zukunft liegen.', ['Bitte ein späteres Ende wählen.']);
    }
    const at = now.toISOString();
    // A scheduled release whose embargo is removed goes back to "approved": publishing is then an explicit act.
    const status = r.status === 'scheduled' && !embargo ? 'approved' : r.status;
    const saved = await updateRelease(r, {
      ...r, embargoAt: embargo, takedownAt: takedown, status,
      // The public date follows the embargo until the release was really public once.
      publishedAt: status === 'scheduled' ? embargo : wasPublic(r) ? r.publishedAt : undefined,
    }, {
      at, by: req.actor.sub, byName: req.actor.name, action: 'schedule',
      comment: `Sperrfrist: ${embargo ?? 'keine'}; Ende: ${takedown ?? 'keines'}`,
      ...(status !== r.status ? { from: r.status, to: status } : {}),
    });
    return json(200, view(saved, req.actor));
  },

  'POST /releases/{id}/transitions': async (req) => {
    const { action, version, comment, confirmNoReference } = req.body(TransitionBody, 'Die Aktion');
    const r = await readable(req);
    expectVersion('release', r, version);
    const now = clock.now();
    const decision = decideRelease(r, action, req.actor, { now, comment, confirmNoReference, stories: await featuredStories(r.featuredStoryIds) });
    if (!decision.ok) refuse(decision);
    const saved = await updateRelease(r, {
      ...r, status: decision.to, publishedAt: decision.publishedAt ?? r.publishedAt,
      returnComment: action === 'return' ? decision.audit.comment : action === 'propose' ? undefined : r.returnComment,
      ...(decision.liftsHolds ? { consentHolds: undefined } : {}),
    }, decision.audit);
    if (decision.liftsHolds) await closeTasksOf(r.id);
    if (decision.to === 'published' || r.status === 'published') {
      await announce({ kind: 'release', id: saved.id, change: decision.to === 'published' ? 'published' : 'unpublished', at: decision.audit.at });
    }
    return json(200, view(saved, req.actor));
  },

  'GET /notices': async (req) => {
    if (!hasRole(req.actor, 'press')) throw forbidden('Hinweise sind für die Pressestelle.');
    return json(200, { items: await listNotices() });
  },

  'DELETE /notices/{at}/{id}': async (req) => {
    if (!hasRole(req.actor, 'press')) throw forbidden('Hinweise sind für die Pressestelle.');
    const result = await acknowledgeNotice(req.params.at!, req.params.id!);
    if (result === 'task') throw conflict('Diese Aufgabe bleibt offen, bis die Pressemitteilung in einer überarbeiteten Fassung ohne Bezug auf die Person erneut veröffentlicht ist.');
    if (result === 'missing') throw notFound('Diesen Hinweis gibt es nicht (mehr).');
    return { statusCode: 204 };
  },
});
