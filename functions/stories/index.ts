import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hasRole, type Actor } from '../domain/actor.ts';
import { storyFor } from '../domain/audience.ts';
import { recordConsent, withdrawConsent, type ConsentDecision } from '../domain/consent-actions.ts';
import { berlinDay, ConsentInput, consentProblems, consentStatus, earliestExpiry, EXPIRY_WARNING_DAYS, WithdrawalInput } from '../domain/consent.ts';
import { PARTNERS } from '../domain/partners.ts';
import { contentHash, READ_BACK_WAYS, ReadBackInput, readBackProblems } from '../domain/read-back.ts';
import { consentSubject, RevisionStatus, slugify, Story, StoryDraftInput, storyContent, StoryStatus, textInWork, type AuditEntry, type StoryRevision } from '../domain/story.ts';
import { safeText } from '../domain/text.ts';
import { availableActions, canCreate, canDiscardRevision, canRead, canRecordReadBack, decide, StoryAction, textEdit, type Decision, type TextEdit } from '../domain/workflow.ts';
import { expectVersion, refuse } from '../domain/errors.ts';
import { announce } from '../events/announce.ts';
import { detachStoryFromReleases } from '../releases/cascade.ts';
import { lambdaHandler, type Request } from '../http/handler.ts';
import { badRequest, conflict, forbidden, json, notFound, unprocessable } from '../http/problem.ts';
import { personExport } from '../domain/erasure.ts';
import { diffStory } from '../domain/story-diff.ts';
import { commentsOf, contentOf, putComment, putVersion, versionsOf } from '../store/story-history.ts';
import { reidentificationWarnings } from '../domain/reidentification.ts';
import { reidentificationContext } from './reidentification-context.ts';
import { withdrawalReport } from '../domain/withdrawal-report.ts';
import { eraseStory } from './erasure.ts';
import { EXPORT_PAGE_CSP, exportPage } from './export-page.ts';
import { putWithdrawalReport, withdrawalReports } from '../store/reports.ts';
import { expiringBy, getStory, listByPartner, listByRevisionStatus, listByStatus, putNewStory, updateStory } from '../store/stories.ts';

/** Injectable clock, so tests can move time. */
export const clock = { now: () => new Date() };

const newId = () => randomBytes(5).toString('hex');

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

/**
 * The story's full record, for its partner and the press office (workflow.ts `canRead`).
 * For anyone else it does not exist here: 404, not 403, so ids leak nothing; reading a
 * published story's public projection is `GET /stories/{id}` alone.
 */
async function readable(req: Request): Promise<Story> {
  const story = await getStory(req.params.id!);
  if (!story || !canRead(req.actor, story)) throw notFound('Diese Geschichte gibt es nicht oder Sie dürfen sie nicht sehen.');
  return story;
}

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

/**
 * Saves new content where `edit` says: the story itself before publication, its revision
 * after. Whoever changes the text becomes its last editor (and so cannot approve it);
 * saving it unchanged changes nothing about who wrote it.
 */
async function saveText(req: Request, story: Story, content: StoryDraftInput, edit: Extract<TextEdit, { ok: true }>, note: Pick<AuditEntry, 'action' | 'comment'>): Promise<Story> {
  const at = clock.now().toISOString();
  const who = { at, by: req.actor.sub, byName: req.actor.name };
  const changed = storyContent(textInWork(story)) !== storyContent(content);
  if (edit.target === 'story') {
    const saved = await updateStory(story, {
      expectedVersion: story.version,
      content,
      audit: { ...who, ...note },
      ...(changed ? { lastEditor: { id: req.actor.sub, name: req.actor.name } } : {}),
    });
    await putVersion(saved, req.actor);
    return saved;
  }
  const before = story.revision;
  const editor = changed || !before ? { lastEditorId: req.actor.sub, lastEditorName: req.actor.name } : { lastEditorId: before.lastEditorId, lastEditorName: before.lastEditorName };
  const revision: StoryRevision = {
    ...(before?.readBack ? { readBack: before.readBack } : {}),
    ...(before?.submittedBy ? { submittedBy: before.submittedBy } : {}),
    ...(before?.returnComment ? { returnComment: before.returnComment } : {}),
    ...StoryDraftInput.parse(content),
    status: before?.status ?? 'draft',
    startedAt: before?.startedAt ?? at,
    startedBy: before?.startedBy ?? req.actor.sub,
    startedByName: before?.startedByName ?? req.actor.name,
    updatedAt: at,
    ...editor,
  } as StoryRevision;
  const saved = await updateStory(story, {
    expectedVersion: story.version,
    revision,
    audit: { ...who, ...note, action: before ? 'revision-edit' : 'revision-start' },
  });
  await putVersion(textInWork(saved), req.actor);
  return saved;
}

/** Persists a decided transition of a pending revision; its publication replaces the published text. */
async function applyRevisionStep(story: Story, action: StoryAction, decision: Extract<Decision, { ok: true }>, actor: Request['actor']): Promise<Story> {
  const revision = story.revision!;
  if (action === 'publish') {
    const { status: _s, startedAt: _a, startedBy: _b, startedByName: _n, updatedAt: _u, lastEditorId, lastEditorName, submittedBy, returnComment: _r, readBack, ...content } = revision;
    return updateStory(story, {
      expectedVersion: story.version,
      content,
      readBack,
      lastEditor: { id: lastEditorId, name: lastEditorName },
      ...(submittedBy ? { submittedBy } : {}),
      status: 'published',
      publishedAt: story.publishedAt ?? decision.audit.at,
      returnComment: null,
      revision: null,
      audit: decision.audit,
    });
  }
  const next: StoryRevision = { ...revision, status: decision.to as StoryRevision['status'], updatedAt: decision.audit.at };
  if (action === 'submit') {
    next.submittedBy = actor.sub;
    delete next.returnComment;
  }
  if (action === 'return') next.returnComment = decision.audit.comment!;
  return updateStory(story, { expectedVersion: story.version, revision: next, audit: decision.audit });
}

const actions: Record<string, (req: Request) => Promise<import('../http/handler.ts').Result>> = {
  /**
   * Partner members list their own partner's stories; the press office and admins list
   * by status across partners (default: the press queue, partner-approved). With
   * `revision`, the published stories whose pending revision is in that state: the same
   * queues for a change to a published story as for a new one.
   */
  'GET /stories': async (req) => {
    const { status, revision, cursor, limit } = req.filter(ListQuery);
    if (status && revision) throw badRequest('Bitte entweder nach dem Status der Geschichte (status) oder nach dem ihrer Überarbeitung (revision) filtern, nicht nach beiden.');
    const crossPartner = hasRole(req.actor, 'press') || hasRole(req.actor, 'admin');
    const scope = req.query.scope === 'partner' || !crossPartner ? 'partner' : 'all';
    const state = status ?? revision;
    if (scope === 'all' && state && ['draft', 'submitted', 'returned'].includes(state)) {
      throw forbidden('Entwürfe und eingereichte Geschichten sieht nur der eigene Träger.');
    }
    const page = revision
      ? await listByRevisionStatus(scope === 'partner' ? req.actor.partner : undefined, revision, { cursor, limit })
      : scope === 'partner'
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
    const story: Story = Story.parse({
      ...input,
      id,
      slug: `${slugify(input.title, 'geschichte')}-${id}`,
      partner: req.actor.partner,
      status: 'draft',
      version: 1,
      authorId: req.actor.sub,
      authorName: req.actor.name,
      createdAt: now,
      updatedAt: now,
      consents: [],
      lastEditorId: req.actor.sub,
      lastEditorName: req.actor.name,
      audit: [{ at: now, by: req.actor.sub, byName: req.actor.name, action: 'create', to: 'draft' }],
    });
    await putNewStory(story);
    await putVersion(story, req.actor);
    return json(201, view(story, req.actor), { location: `/stories/${id}` });
  },

  /**
   * One story: the full record with the re-identification warnings the author and the
   * partner lead must see, or for anyone else what the public site shows of it.
   */
  'GET /stories/{id}': async (req) => {
    const story = await getStory(req.params.id!);
    const seen = story && storyFor(req.actor, story, clock.now());
    if (!seen) throw notFound('Diese Geschichte gibt es nicht oder Sie dürfen sie nicht sehen.');
    if (seen.audience === 'public') return json(200, { audience: seen.audience, ...seen.record });
    return json(200, { ...view(seen.record, req.actor), reidentificationWarnings: reidentificationWarnings(seen.record, await reidentificationContext()) });
  },

  'PUT /stories/{id}': async (req) => {
    const { version, story: content } = req.body(UpdateBody, 'Die Angaben zur Geschichte');
    const story = await readable(req);
    const edit = textEdit(req.actor, story);
    if (!edit.ok) throw forbidden(edit.message);
    expectVersion('story', story, version);
    // Nothing public changes here: a story that has been public gets a revision instead.
    return json(200, view(await saveText(req, story, content, edit, { action: 'edit' }), req.actor));
  },

  'POST /stories/{id}/transitions': async (req) => {
    const { action, version, comment, confirmTextFindings } = req.body(TransitionBody, 'Die Aktion');
    const story = await readable(req);
    expectVersion('story', story, version);
    const now = clock.now();
    const decision = decide(story, action, req.actor, { now, comment, confirmTextFindings });
    if (!decision.ok) refuse(decision);
    if (confirmTextFindings && action === 'submit') decision.audit.comment = 'Hinweise der Textprüfung bestätigt';
    const saved = decision.target === 'revision'
      ? await applyRevisionStep(story, action, decision, req.actor)
      : await updateStory(story, {
        expectedVersion: version,
        status: decision.to,
        audit: decision.audit,
        ...(decision.to === 'published' ? { publishedAt: story.publishedAt ?? decision.audit.at } : {}),
        ...(action === 'submit' ? { submittedBy: req.actor.sub } : {}),
        returnComment: action === 'return' ? decision.audit.comment! : action === 'submit' ? null : undefined,
      });
    // Only these two change what is public; a revision's publication replaces a live text or brings the story back.
    const publicChange = action === 'publish' ? (story.status === 'published' ? 'updated' : 'published') : action === 'unpublish' ? 'unpublished' : undefined;
    if (publicChange) await announce({ kind: 'story', id: saved.id, change: publicChange, at: decision.audit.at });
    if (action === 'unpublish') await detachStoryFromReleases(saved, 'von der Pressestelle von der Website genommen', now, { consentGone: false });
    const warnings = action === 'submit' || action === 'approve' ? reidentificationWarnings(saved, await reidentificationContext()) : [];
    return json(200, { ...view(saved, req.actor), reidentificationWarnings: warnings });
  },
};

async function applyConsentDecision(req: Request, story: Story, version: number, decision: ConsentDecision) {
  if (!decision.ok) refuse(decision);
  expectVersion('story', story, version);
  const saved = await updateStory(story, { expectedVersion: version, consent: decision.record, audit: decision.audit, status: decision.status });
  if (story.status === 'published' && saved.status !== 'published') {
    await announce({ kind: 'story', id: saved.id, change: saved.status === 'withdrawn' ? 'withdrawn' : 'unpublished', at: decision.audit.at });
  }
  if (saved.status === 'withdrawn' || (story.status === 'published' && saved.status !== 'published')) {
    const now = clock.now();
    const releases = await detachStoryFromReleases(saved, saved.status === 'withdrawn' ? 'Einwilligung widerrufen' : 'Einwilligung deckt die Veröffentlichung nicht mehr ab', now, { consentGone: true });
    if (saved.status === 'withdrawn') {
      const report = withdrawalReport(saved, releases, now);
      await putWithdrawalReport(report);
      // Withdrawing the consent to processing erases the story data, after the report is kept.
      const final = decision.record.withdrawal?.scope === 'processing' ? await eraseStory(saved, 'processing-withdrawn', req.actor, now) : saved;
      return json(200, { ...view(final, req.actor), withdrawalReport: report });
    }
  }
  return json(200, view(saved, req.actor));
}

Object.assign(actions, {
  /** Read-back approval: the people heard or read exactly this text (bound to its hash). */
  'POST /stories/{id}/read-back': async (req: Request) => {
    const { version, readBack } = req.body(ReadBackBody, 'Die Angaben zur Rückbestätigung');
    const story = await readable(req);
    const denied = canRecordReadBack(req.actor, story);
    if (denied) throw forbidden(denied);
    // While a revision is pending, the people confirm the revised text, not the published one.
    const text = textInWork(story);
    const unknown = readBack.personIds.filter((id) => !text.persons.some((p) => p.id === id));
    if (unknown.length) throw unprocessable('Unbekannte Personen.', unknown.map((id) => `Person ${id} kommt in dieser Geschichte nicht vor.`));
    expectVersion('story', story, version);
    const at = clock.now().toISOString();
    const record = { ...readBack, contentHash: contentHash(text), recordedAt: at, recordedBy: req.actor.sub, recordedByName: req.actor.name };
    const audit = { at, by: req.actor.sub, byName: req.actor.name, action: 'read-back', comment: `Text ${READ_BACK_WAYS.find((w) => w.id === readBack.how)!.label} am ${readBack.date} (${readBack.language}), bestätigt von ${readBack.personIds.map((id) => `Person ${id}`).join(', ')}` };
    const saved = story.revision
      ? await updateStory(story, { expectedVersion: version, revision: { ...story.revision, readBack: record, updatedAt: at }, audit: { ...audit, action: 'revision-read-back' } })
      : await updateStory(story, { expectedVersion: version, readBack: record, audit });
    return json(200, view(saved, req.actor));
  },

  'POST /stories/{id}/consents': async (req: Request) => {
    const { version, consent, correctionReason } = req.body(ConsentBody, 'Die Angaben zur Einwilligung');
    const story = await readable(req);
    return applyConsentDecision(req, story, version, recordConsent(story, consent, req.actor, clock.now(), correctionReason));
  },

  'POST /stories/{id}/consents/{personId}/withdrawal': async (req: Request) => {
    const { version, withdrawal } = req.body(WithdrawalBody, 'Die Angaben zum Widerruf');
    const story = await readable(req);
    return applyConsentDecision(req, story, version, withdrawConsent(story, req.params.personId!, withdrawal, req.actor, clock.now()));
  },

  /** Every saved version, newest first (content on request). */
  'GET /stories/{id}/versions': async (req: Request) => {
    const story = await readable(req);
    const versions = (await versionsOf(story.id)).map(({ content: _c, ...v }) => v).reverse();
    return json(200, { current: story.version, items: versions });
  },

  'GET /stories/{id}/versions/{n}': async (req: Request) => {
    const story = await readable(req);
    const found = (await versionsOf(story.id)).find((v) => v.version === Number(req.params.n));
    if (!found) throw notFound('Diese Fassung gibt es nicht.');
    return json(200, found);
  },

  /** A readable word-level diff between two saved versions (`from`, `to`; `to` defaults to the current one). */
  'GET /stories/{id}/diff': async (req: Request) => {
    const story = await readable(req);
    const versions = await versionsOf(story.id);
    const pick = (n: string | undefined) => (n === undefined ? { version: story.version, content: contentOf(textInWork(story)) } : versions.find((v) => v.version === Number(n)));
    const from = pick(req.query.from);
    const to = pick(req.query.to);
    if (!req.query.from || !from || !to) throw badRequest('Bitte zwei vorhandene Fassungen zum Vergleich angeben (from, to).');
    return json(200, { from: from.version, to: to.version, fields: diffStory(from.content, to.content) });
  },

  /** Restores an earlier version as a new version (the history is never rewritten). */
  'POST /stories/{id}/versions/{n}/restore': async (req: Request) => {
    const { version } = req.body(z.object({ version: z.number({ error: 'Die Versionsnummer fehlt.' }).int().positive() }), 'Die Anfrage');
    const story = await readable(req);
    const edit = textEdit(req.actor, story);
    if (!edit.ok) throw forbidden(edit.message);
    expectVersion('story', story, version);
    const old = (await versionsOf(story.id)).find((v) => v.version === Number(req.params.n));
    if (!old) throw notFound('Diese Fassung gibt es nicht.');
    const saved = await saveText(req, story, old.content, edit, { action: 'restore', comment: `Fassung ${old.version} vom ${old.at.slice(0, 10)} wiederhergestellt` });
    return json(200, view(saved, req.actor));
  },

  /** Drops a pending revision; the published text stays as it is. */
  'DELETE /stories/{id}/revision': async (req: Request) => {
    const q = VersionQuery.safeParse(req.query);
    if (!q.success) throw badRequest('Bitte die Versionsnummer angeben (version).');
    const story = await readable(req);
    const refusal = canDiscardRevision(req.actor, story);
    if (refusal) refuse(refusal);
    expectVersion('story', story, q.data.version);
    const saved = await updateStory(story, {
      expectedVersion: story.version,
      revision: null,
      audit: { at: clock.now().toISOString(), by: req.actor.sub, byName: req.actor.name, action: 'revision-discard' },
    });
    return json(200, view(saved, req.actor));
  },

  /** Review comments: the story's partner and the press office, never other partners. */
  'GET /stories/{id}/comments': async (req: Request) => {
    const story = await readable(req);
    if (story.partner !== req.actor.partner && !hasRole(req.actor, 'press')) throw notFound('Diese Geschichte gibt es nicht oder Sie dürfen sie nicht sehen.');
    return json(200, { items: await commentsOf(story.id) });
  },

  'POST /stories/{id}/comments': async (req: Request) => {
    const { text } = req.body(z.object({ text: safeText('Der Kommentar', { error: 'Bitte einen Kommentar schreiben.' }).trim().min(2, 'Bitte einen Kommentar schreiben.').max(2000, 'Der Kommentar darf höchstens 2.000 Zeichen haben.') }), 'Der Kommentar');
    const story = await readable(req);
    if (story.partner !== req.actor.partner && !hasRole(req.actor, 'press')) throw notFound('Diese Geschichte gibt es nicht oder Sie dürfen sie nicht sehen.');
    const comment = { id: randomBytes(4).toString('hex'), at: clock.now().toISOString(), by: req.actor.sub, byName: req.actor.name, partner: req.actor.partner, text };
    await putComment(story.id, comment);
    return json(201, comment);
  },

  /** Art. 17 DSGVO on request: erase the story data, keep a minimal record. */
  'POST /stories/{id}/erasure': async (req: Request) => {
    const { version } = req.body(z.object({ version: z.number({ error: 'Die Versionsnummer fehlt.' }).int().positive() }), 'Die Anfrage');
    const story = await readable(req);
    if (story.partner !== req.actor.partner || !(hasRole(req.actor, 'manager') || hasRole(req.actor, 'partner-lead'))) {
      throw forbidden('Löschen auf Antrag dürfen nur Mitarbeitende des eigenen Trägers.');
    }
    if (story.erasedAt) throw conflict('Diese Geschichte ist bereits gelöscht.');
    expectVersion('story', story, version);
    const now = clock.now();
    if (story.publishedAt) await detachStoryFromReleases(story, 'Daten auf Antrag gelöscht', now, { consentGone: true });
    return json(200, view(await eraseStory(story, 'request', req.actor, now), req.actor));
  },

  /** Art. 15 DSGVO: everything about one pseudonymous person, as JSON or a readable page. */
  'GET /stories/{id}/persons/{personId}/export': async (req: Request) => {
    const story = await readable(req);
    if (story.partner !== req.actor.partner) throw forbidden('Auskünfte erteilt der Träger, der die Geschichte führt.');
    const data = personExport(story, req.params.personId!, clock.now());
    if (!data) throw notFound(`Person ${req.params.personId} kommt in dieser Geschichte nicht vor.`);
    if ((req.event.headers?.accept ?? '').includes('text/html')) {
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-disposition': `inline; filename="auskunft-${story.id}-${req.params.personId}.html"`,
          'content-security-policy': EXPORT_PAGE_CSP,
          // One person's data: no copy in any cache on the way.
          'cache-control': 'no-store',
        },
        body: exportPage(data),
      };
    }
    return json(200, data, { 'content-disposition': `attachment; filename="auskunft-${story.id}-${req.params.personId}.json"` });
  },

  /** Where the story went before the withdrawal: for the partner and the press office. */
  'GET /stories/{id}/withdrawal-reports': async (req: Request) => {
    const story = await readable(req);
    return json(200, { items: await withdrawalReports(story.id) });
  },

  /** "Einwilligungen laufen bald ab": the caller's partner (the press office: all partners). */
  'GET /consents/expiring': async (req: Request) => {
    const days = z.coerce.number().int().min(1).max(365).default(EXPIRY_WARNING_DAYS).safeParse(req.query.days ?? undefined);
    if (!days.success) throw badRequest('Bitte eine Anzahl Tage zwischen 1 und 365 angeben.');
    const until = berlinDay(new Date(clock.now().getTime() + days.data * 86_400_000));
    const partners = hasRole(req.actor, 'press') ? PARTNERS.map((p) => p.id) : [req.actor.partner];
    const stories = (await Promise.all(partners.map((p) => expiringBy(p, until)))).flat().filter((s) => canRead(req.actor, s));
    return json(200, { until, items: stories.map((s) => view(s, req.actor)) });
  },
});

export const handler = lambdaHandler('stories', actions);
