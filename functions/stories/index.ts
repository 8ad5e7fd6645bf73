import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hasRole, type Actor } from '../domain/actor.ts';
import { slugify, StoryDraftInput, StoryStatus, type Story } from '../domain/story.ts';
import { availableActions, canCreate, canEdit, canRead, decide, StoryAction } from '../domain/workflow.ts';
import { announce } from '../events/changes.ts';
import { lambdaHandler, type Request } from '../http/handler.ts';
import { conflict, forbidden, json, notFound, unprocessable } from '../http/problem.ts';
import { getStory, listByPartner, listByStatus, putNewStory, updateStory } from '../store/stories.ts';

/** Injectable clock, so tests can move time. */
export const clock = { now: () => new Date() };

const newId = () => randomBytes(5).toString('hex');

/** A story as the editor receives it: with the actions this actor may take now. */
const view = (story: Story, actor: Actor) => ({ ...story, actions: availableActions(story, actor) });

/** Another partner's unpublished story does not exist for the caller: 404, not 403, so ids leak nothing. */
async function readable(req: Request): Promise<Story> {
  const story = await getStory(req.params.id!);
  if (!story || !canRead(req.actor, story)) throw notFound('Diese Geschichte gibt es nicht oder Sie dürfen sie nicht sehen.');
  return story;
}

const UpdateBody = z.object({ version: z.number({ error: 'Die Versionsnummer fehlt.' }).int().positive(), story: StoryDraftInput });
const TransitionBody = z.object({
  action: StoryAction,
  version: z.number({ error: 'Die Versionsnummer fehlt.' }).int().positive(),
  comment: z.string().max(2000, 'Der Kommentar darf höchstens 2.000 Zeichen haben.').optional(),
});
const ListQuery = z.object({
  status: StoryStatus.optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

const PUBLIC_STATES = new Set(['published']);

export const handler = lambdaHandler('stories', {
  /**
   * Partner members list their own partner's stories; the press office and admins list
   * by status across partners (default: the press queue, partner-approved).
   */
  'GET /stories': async (req) => {
    const q = ListQuery.safeParse(req.query);
    if (!q.success) throw unprocessable('Ungültiger Filter.', q.error.issues.map((i) => i.message));
    const { status, cursor, limit } = q.data;
    const crossPartner = hasRole(req.actor, 'press') || hasRole(req.actor, 'admin');
    const scope = req.query.scope === 'partner' || !crossPartner ? 'partner' : 'all';
    if (scope === 'all' && status && ['draft', 'submitted', 'returned'].includes(status)) {
      throw forbidden('Entwürfe und eingereichte Geschichten sieht nur der eigene Träger.');
    }
    const page = scope === 'partner'
      ? await listByPartner(req.actor.partner, status, { cursor, limit })
      : await listByStatus(status ?? 'partner-approved', { cursor, limit });
    return json(200, { items: page.items.filter((s) => canRead(req.actor, s)).map((s) => view(s, req.actor)), next: page.next });
  },

  'POST /stories': async (req) => {
    const denied = canCreate(req.actor);
    if (denied) throw forbidden(denied);
    const input = req.body(StoryDraftInput, 'Die Angaben zur Geschichte');
    const now = clock.now().toISOString();
    const id = newId();
    const story: Story = {
      ...input,
      id,
      slug: `${slugify(input.title)}-${id}`,
      partner: req.actor.partner,
      status: 'draft',
      version: 1,
      authorId: req.actor.sub,
      authorName: req.actor.name,
      createdAt: now,
      updatedAt: now,
      audit: [{ at: now, by: req.actor.sub, byName: req.actor.name, action: 'create', to: 'draft' }],
    };
    await putNewStory(story);
    return json(201, view(story, req.actor), { location: `/stories/${id}` });
  },

  'GET /stories/{id}': async (req) => json(200, view(await readable(req), req.actor)),

  'PUT /stories/{id}': async (req) => {
    const { version, story: content } = req.body(UpdateBody, 'Die Angaben zur Geschichte');
    const story = await readable(req);
    const denied = canEdit(req.actor, story);
    if (denied) throw forbidden(denied);
    if (story.version !== version) {
      throw conflict('Die Geschichte wurde inzwischen von jemand anderem geändert. Bitte laden Sie die aktuelle Fassung und prüfen Sie Ihre Änderungen.', { current: story });
    }
    const at = clock.now().toISOString();
    const saved = await updateStory(story, {
      expectedVersion: version,
      content,
      audit: { at, by: req.actor.sub, byName: req.actor.name, action: 'edit' },
    });
    if (PUBLIC_STATES.has(saved.status)) await announce({ kind: 'story', id: saved.id, change: 'updated', at });
    return json(200, view(saved, req.actor));
  },

  'POST /stories/{id}/transitions': async (req) => {
    const { action, version, comment } = req.body(TransitionBody, 'Die Aktion');
    const story = await readable(req);
    if (story.version !== version) {
      throw conflict('Die Geschichte wurde inzwischen von jemand anderem geändert. Bitte laden Sie die aktuelle Fassung.', { current: story });
    }
    const now = clock.now();
    const decision = decide(story, action, req.actor, { now, comment });
    if (!decision.ok) {
      if (decision.reason === 'forbidden') throw forbidden(decision.message);
      if (decision.reason === 'state') throw conflict(decision.message);
      throw unprocessable(decision.message, decision.problems.length ? decision.problems : [decision.message]);
    }
    const saved = await updateStory(story, {
      expectedVersion: version,
      status: decision.to,
      audit: decision.audit,
      ...(decision.to === 'published' ? { publishedAt: story.publishedAt ?? decision.audit.at } : {}),
      returnComment: action === 'return' ? decision.audit.comment! : action === 'submit' ? null : undefined,
    });
    if (decision.to === 'published' || story.status === 'published') {
      await announce({ kind: 'story', id: saved.id, change: decision.to === 'published' ? 'published' : 'unpublished', at: decision.audit.at });
    }
    return json(200, view(saved, req.actor));
  },
});
