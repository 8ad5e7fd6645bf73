import { randomBytes } from 'node:crypto';
import { type Actor, hasRole } from '@newsroom/domain/actor.ts';
import { storyFor } from '@newsroom/domain/audience.ts';
import { berlinDay, longGermanDay } from '@newsroom/domain/consent.ts';
import { personExport } from '@newsroom/domain/erasure.ts';
import { expectVersion, NotFound, refuse } from '@newsroom/domain/errors.ts';
import { PARTNERS } from '@newsroom/domain/partners.ts';
import { contentHash, READ_BACK_WAYS, type ReadBackInput } from '@newsroom/domain/read-back.ts';
import { reidentificationWarnings } from '@newsroom/domain/reidentification.ts';
import {
  type AuditEntry,
  type RevisionStatus,
  Story,
  StoryDraftInput,
  type StoryRevision,
  type StoryStatus,
  slugify,
  statusLabel,
  storyContent,
  textInWork,
} from '@newsroom/domain/story.ts';
import { diffStory } from '@newsroom/domain/story-diff.ts';
import { versionLabels } from '@newsroom/domain/story-history.ts';
import {
  canCreate,
  canDiscardRevision,
  canRead,
  canRecordReadBack,
  type Decision,
  decide,
  type StoryAction,
  type TextEdit,
  textEdit,
} from '@newsroom/domain/workflow.ts';
import { withdrawalReports } from '@newsroom/store/reports.ts';
import { expiringBy, getStory, listByPartner, listByRevisionStatus, listByStatus, putNewStory, updateStory } from '@newsroom/store/stories.ts';
import { commentsOf, contentOf, putComment, putVersion, versionsOf } from '@newsroom/store/story-history.ts';
import { eraseStory } from './erasure.ts';
import { notifyStoryEvent } from './notifications.ts';
import { withProcessedPhotos } from './photos.ts';
import type { Ports } from './ports.ts';
import { reidentificationContext } from './reidentification-context.ts';
import { detachStoryFromReleases } from './release-cascade.ts';

/**
 * What a request does with a story: each operation loads what it needs, lets the
 * domain decide, writes in one versioned write per item and announces what changes the
 * public site. A refusal is thrown in the domain's terms (functions/domain/errors.ts).
 */

const NOT_FOUND = 'Diese Geschichte gibt es nicht oder Sie dürfen sie nicht sehen.';

const newId = () => randomBytes(5).toString('hex');

/**
 * The story's full record, for its partner and the press office (workflow.ts `canRead`).
 * For anyone else it does not exist here: not found, so ids leak nothing; reading a
 * published story's public projection is `readStory` alone.
 */
export async function readableStory(p: Ports, actor: Actor, id: string): Promise<Story> {
  const story = await getStory(id, p.db);
  if (!story || !canRead(actor, story)) throw new NotFound(NOT_FOUND);
  return story;
}

/** Review comments and history: the story's partner and the press office, never other partners. */
async function ownOrPress(p: Ports, actor: Actor, id: string): Promise<Story> {
  const story = await readableStory(p, actor, id);
  if (story.partner !== actor.partner && !hasRole(actor, 'press')) throw new NotFound(NOT_FOUND);
  return story;
}

export interface StoryListFilter {
  status?: StoryStatus;
  /** Instead of the story's own status: the state of its pending revision (the work queues). */
  revision?: RevisionStatus;
  cursor?: string;
  limit?: number;
  /** 'partner': the caller's own partner only, also for the press office. */
  scope?: string;
}

/**
 * Partner members list their own partner's stories; the press office and admins list
 * by status across partners (default: the press queue, partner-approved). With
 * `revision`, the published stories whose pending revision is in that state: the same
 * queues for a change to a published story as for a new one.
 */
export async function listStories(p: Ports, actor: Actor, { status, revision, cursor, limit, scope: asked }: StoryListFilter) {
  const crossPartner = hasRole(actor, 'press') || hasRole(actor, 'admin');
  const scope = asked === 'partner' || !crossPartner ? 'partner' : 'all';
  const state = status ?? revision;
  if (scope === 'all' && state && ['draft', 'submitted', 'returned'].includes(state)) {
    refuse({ reason: 'forbidden', message: 'Entwürfe und eingereichte Geschichten sieht nur der eigene Träger.' });
  }
  const page = revision
    ? await listByRevisionStatus(scope === 'partner' ? actor.partner : undefined, revision, { cursor, limit }, p.db)
    : scope === 'partner'
      ? await listByPartner(actor.partner, status, { cursor, limit }, p.db)
      : await listByStatus(status ?? 'partner-approved', { cursor, limit }, p.db);
  return { items: page.items.filter((s) => canRead(actor, s)), next: page.next };
}

/** The content with each photo's pixel size, if every photo was uploaded for this story and is processed. */
async function withPhotoFiles(p: Ports, storyId: string, content: StoryDraftInput): Promise<StoryDraftInput> {
  if (!content.photos?.length) return content;
  return { ...content, photos: await withProcessedPhotos(p, { kind: 'story', id: storyId }, content.photos) };
}

export async function createStory(p: Ports, actor: Actor, input: StoryDraftInput): Promise<Story> {
  const denied = canCreate(actor);
  if (denied) refuse({ reason: 'forbidden', message: denied });
  if (input.photos?.length)
    refuse({ reason: 'invalid', message: 'Fotos kommen nach dem ersten Speichern dazu: Sie werden für eine bestehende Geschichte hochgeladen.' });
  const now = p.clock.now().toISOString();
  const id = newId();
  const story: Story = Story.parse({
    ...input,
    id,
    slug: `${slugify(input.title, 'geschichte')}-${id}`,
    partner: actor.partner,
    status: 'draft',
    version: 1,
    authorId: actor.sub,
    authorName: actor.name,
    createdAt: now,
    updatedAt: now,
    consents: [],
    lastEditorId: actor.sub,
    lastEditorName: actor.name,
    audit: [{ at: now, by: actor.sub, byName: actor.name, action: 'create', to: 'draft' }],
  });
  await putNewStory(story, p.db);
  await putVersion(story, actor, p.db);
  return story;
}

/**
 * One story: the full record with the re-identification warnings the author and the
 * partner lead must see, or for anyone else what the public site shows of it.
 */
export async function readStory(p: Ports, actor: Actor, id: string) {
  const story = await getStory(id, p.db);
  const seen = story && storyFor(actor, story, p.clock.now());
  if (!seen) throw new NotFound(NOT_FOUND);
  if (seen.audience === 'public') return seen;
  return { ...seen, reidentificationWarnings: reidentificationWarnings(seen.record, await reidentificationContext(p)) };
}

/**
 * Saves new content where `edit` says: the story itself before publication, its revision
 * after. Whoever changes the text becomes its last editor (and so cannot approve it);
 * saving it unchanged changes nothing about who wrote it.
 */
async function saveText(
  p: Ports,
  actor: Actor,
  story: Story,
  content: StoryDraftInput,
  edit: Extract<TextEdit, { ok: true }>,
  note: Pick<AuditEntry, 'action' | 'comment'>,
  { autosave = false } = {},
): Promise<Story> {
  const at = p.clock.now().toISOString();
  const who = { at, by: actor.sub, byName: actor.name };
  const changed = storyContent(textInWork(story)) !== storyContent(content);
  if (edit.target === 'story') {
    const saved = await updateStory(
      story,
      {
        expectedVersion: story.version,
        content,
        audit: { ...who, ...note },
        ...(changed ? { lastEditor: { id: actor.sub, name: actor.name } } : {}),
      },
      p.db,
    );
    await putVersion(saved, actor, p.db, { autosave });
    return saved;
  }
  const before = story.revision;
  const editor =
    changed || !before ? { lastEditorId: actor.sub, lastEditorName: actor.name } : { lastEditorId: before.lastEditorId, lastEditorName: before.lastEditorName };
  const revision: StoryRevision = {
    ...(before?.readBack ? { readBack: before.readBack } : {}),
    ...(before?.submittedBy ? { submittedBy: before.submittedBy } : {}),
    ...(before?.returnComment ? { returnComment: before.returnComment } : {}),
    ...StoryDraftInput.parse(content),
    status: before?.status ?? 'draft',
    startedAt: before?.startedAt ?? at,
    startedBy: before?.startedBy ?? actor.sub,
    startedByName: before?.startedByName ?? actor.name,
    updatedAt: at,
    ...editor,
  } as StoryRevision;
  const saved = await updateStory(
    story,
    {
      expectedVersion: story.version,
      revision,
      audit: { ...who, ...note, action: before ? 'revision-edit' : 'revision-start' },
    },
    p.db,
  );
  await putVersion(textInWork(saved), actor, p.db, { autosave });
  return saved;
}

/**
 * New content; nothing public changes here: a story that has been public gets a revision instead.
 * `autosave`: the editor saved on its own, not the person (the version list groups such saves).
 */
export async function editStory(p: Ports, actor: Actor, id: string, version: number, content: StoryDraftInput, { autosave = false } = {}): Promise<Story> {
  const story = await readableStory(p, actor, id);
  const edit = textEdit(actor, story);
  if (!edit.ok) refuse({ reason: 'forbidden', message: edit.message });
  expectVersion('story', story, version);
  return saveText(p, actor, story, await withPhotoFiles(p, story.id, content), edit, { action: 'edit' }, { autosave });
}

/** Persists a decided transition of a pending revision; its publication replaces the published text. */
async function applyRevisionStep(p: Ports, story: Story, action: StoryAction, decision: Extract<Decision, { ok: true }>, actor: Actor): Promise<Story> {
  const revision = story.revision!;
  if (action === 'publish') {
    const {
      status: _s,
      startedAt: _a,
      startedBy: _b,
      startedByName: _n,
      updatedAt: _u,
      lastEditorId,
      lastEditorName,
      submittedBy,
      returnComment: _r,
      readBack,
      ...content
    } = revision;
    return updateStory(
      story,
      {
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
      },
      p.db,
    );
  }
  const next: StoryRevision = { ...revision, status: decision.to as StoryRevision['status'], updatedAt: decision.audit.at };
  if (action === 'submit') {
    next.submittedBy = actor.sub;
    delete next.returnComment;
  }
  if (action === 'return') next.returnComment = decision.audit.comment!;
  return updateStory(story, { expectedVersion: story.version, revision: next, audit: decision.audit }, p.db);
}

export interface TransitionInput {
  action: StoryAction;
  version: number;
  comment?: string;
  /** The author confirms the contact data or addresses the text check found. */
  confirmTextFindings?: boolean;
  /** The partner lead read the re-identification warnings; approval needs it when there are any. */
  acknowledgeWarnings?: boolean;
}

/**
 * A step of the workflow, of the story or of its pending revision. Publishing and taking
 * down change the public site; taking down also takes the story out of every press
 * release that features it. Submitting and approving return the re-identification
 * warnings the author and the partner lead must see.
 */
export async function transitionStory(
  p: Ports,
  actor: Actor,
  id: string,
  { action, version, comment, confirmTextFindings, acknowledgeWarnings }: TransitionInput,
) {
  const story = await readableStory(p, actor, id);
  expectVersion('story', story, version);
  const now = p.clock.now();
  const decision = decide(story, action, actor, { now, comment, confirmTextFindings });
  if (!decision.ok) refuse(decision);
  if (confirmTextFindings && action === 'submit') decision.audit.comment = 'Hinweise der Textprüfung bestätigt';
  // Submitting and approving show the warnings; a lead approves only knowingly, and the audit keeps what was acknowledged.
  const warnings = action === 'submit' || action === 'approve' ? reidentificationWarnings(story, await reidentificationContext(p)) : [];
  if (action === 'approve' && warnings.length) {
    if (!acknowledgeWarnings)
      refuse({ reason: 'gate', message: 'Vor der Freigabe bitte die Hinweise zur Wiedererkennbarkeit lesen und bestätigen.', problems: warnings });
    decision.audit.comment = `Hinweise zur Wiedererkennbarkeit gelesen und bestätigt: ${warnings.join(' ')}`;
  }
  const saved =
    decision.target === 'revision'
      ? await applyRevisionStep(p, story, action, decision, actor)
      : await updateStory(
          story,
          {
            expectedVersion: version,
            status: decision.to,
            audit: decision.audit,
            ...(decision.to === 'published' ? { publishedAt: story.publishedAt ?? decision.audit.at } : {}),
            ...(action === 'submit' ? { submittedBy: actor.sub } : {}),
            returnComment: action === 'return' ? decision.audit.comment! : action === 'submit' ? null : undefined,
          },
          p.db,
        );
  // Only these two change what is public; a revision's publication replaces a live text or brings the story back.
  const publicChange = action === 'publish' ? (story.status === 'published' ? 'updated' : 'published') : action === 'unpublish' ? 'unpublished' : undefined;
  if (publicChange) await p.events.announce({ kind: 'story', id: saved.id, change: publicChange, at: decision.audit.at });
  if (action === 'unpublish') await detachStoryFromReleases(p, saved, 'von der Pressestelle von der Website genommen', now, { consentGone: false });
  const status = decision.target === 'revision' && saved.revision ? `Überarbeitung: ${statusLabel(saved.revision.status)}` : statusLabel(saved.status);
  await notifyStoryEvent(
    p,
    { action, story: saved },
    {
      story: saved,
      status,
      ...(action === 'return' ? { comment: decision.audit.comment } : {}),
      ...(action === 'unpublish' ? { reason: 'Von der Pressestelle von der Website genommen' } : {}),
    },
    actor.sub,
  );
  return { story: saved, reidentificationWarnings: warnings };
}

/** Read-back approval: the people heard or read exactly this text (bound to its hash). */
export async function recordReadBack(p: Ports, actor: Actor, id: string, version: number, readBack: ReadBackInput): Promise<Story> {
  const story = await readableStory(p, actor, id);
  const denied = canRecordReadBack(actor, story);
  if (denied) refuse({ reason: 'forbidden', message: denied });
  // While a revision is pending, the people confirm the revised text, not the published one.
  const text = textInWork(story);
  const unknown = readBack.personIds.filter((personId) => !text.persons.some((person) => person.id === personId));
  if (unknown.length)
    refuse({
      reason: 'invalid',
      message: 'Unbekannte Personen.',
      problems: unknown.map((personId) => `Person ${personId} kommt in dieser Geschichte nicht vor.`),
    });
  expectVersion('story', story, version);
  const at = p.clock.now().toISOString();
  const record = { ...readBack, contentHash: contentHash(text), recordedAt: at, recordedBy: actor.sub, recordedByName: actor.name };
  const audit = {
    at,
    by: actor.sub,
    byName: actor.name,
    action: 'read-back',
    comment: `Text ${READ_BACK_WAYS.find((w) => w.id === readBack.how)!.label} am ${longGermanDay(readBack.date)} (${readBack.language}), bestätigt von ${readBack.personIds.map((personId) => `Person ${personId}`).join(', ')}`,
  };
  return story.revision
    ? updateStory(
        story,
        { expectedVersion: version, revision: { ...story.revision, readBack: record, updatedAt: at }, audit: { ...audit, action: 'revision-read-back' } },
        p.db,
      )
    : updateStory(story, { expectedVersion: version, readBack: record, audit }, p.db);
}

/** Every saved version, newest first (content on request). */
export async function storyVersions(p: Ports, actor: Actor, id: string) {
  const story = await readableStory(p, actor, id);
  const versions = (await versionsOf(story.id, p.db)).map(({ content: _c, ...v }) => v).reverse();
  return { current: story.version, items: versions };
}

export async function storyVersion(p: Ports, actor: Actor, id: string, n: number) {
  const story = await readableStory(p, actor, id);
  const found = (await versionsOf(story.id, p.db)).find((v) => v.version === n);
  if (!found) throw new NotFound('Diese Fassung gibt es nicht.');
  return found;
}

/**
 * A readable word-level diff between two saved versions (`to` defaults to the current
 * text); undefined without `from` or when either is not a saved version.
 */
export async function storyDiff(p: Ports, actor: Actor, id: string, from: string | undefined, to: string | undefined) {
  const story = await readableStory(p, actor, id);
  if (from === undefined) return undefined;
  const versions = await versionsOf(story.id, p.db);
  const pick = (n: string | undefined) =>
    n === undefined ? { version: story.version, content: contentOf(textInWork(story)) } : versions.find((v) => v.version === Number(n));
  const older = pick(from);
  const newer = pick(to);
  if (!older || !newer) return undefined;
  return { from: older.version, to: newer.version, fields: diffStory(older.content, newer.content) };
}

/** Restores an earlier version as a new version (the history is never rewritten). */
export async function restoreVersion(p: Ports, actor: Actor, id: string, n: number, version: number): Promise<Story> {
  const story = await readableStory(p, actor, id);
  const edit = textEdit(actor, story);
  if (!edit.ok) refuse({ reason: 'forbidden', message: edit.message });
  expectVersion('story', story, version);
  const versions = await versionsOf(story.id, p.db);
  const old = versions.find((v) => v.version === n);
  if (!old) throw new NotFound('Diese Fassung gibt es nicht.');
  return saveText(p, actor, story, await withPhotoFiles(p, story.id, old.content), edit, {
    action: 'restore',
    comment: `${versionLabels(versions).get(old.version)} vom ${longGermanDay(berlinDay(new Date(old.at)))} wiederhergestellt`,
  });
}

/** Drops a pending revision; the published text stays as it is. */
export async function discardRevision(p: Ports, actor: Actor, id: string, version: number): Promise<Story> {
  const story = await readableStory(p, actor, id);
  const refusal = canDiscardRevision(actor, story);
  if (refusal) refuse(refusal);
  expectVersion('story', story, version);
  return updateStory(
    story,
    {
      expectedVersion: story.version,
      revision: null,
      audit: { at: p.clock.now().toISOString(), by: actor.sub, byName: actor.name, action: 'revision-discard' },
    },
    p.db,
  );
}

export async function storyComments(p: Ports, actor: Actor, id: string) {
  const story = await ownOrPress(p, actor, id);
  return commentsOf(story.id, p.db);
}

export async function addComment(p: Ports, actor: Actor, id: string, text: string) {
  const story = await ownOrPress(p, actor, id);
  const comment = { id: randomBytes(4).toString('hex'), at: p.clock.now().toISOString(), by: actor.sub, byName: actor.name, partner: actor.partner, text };
  await putComment(story.id, comment, p.db);
  return comment;
}

/** Art. 17 DSGVO on request: erase the story data, keep a minimal record. */
export async function requestErasure(p: Ports, actor: Actor, id: string, version: number): Promise<Story> {
  const story = await readableStory(p, actor, id);
  if (story.partner !== actor.partner || !(hasRole(actor, 'manager') || hasRole(actor, 'partner-lead'))) {
    refuse({ reason: 'forbidden', message: 'Löschen auf Antrag dürfen nur Mitarbeitende des eigenen Trägers.' });
  }
  if (story.erasedAt) refuse({ reason: 'state', message: 'Diese Geschichte ist bereits gelöscht.' });
  expectVersion('story', story, version);
  const now = p.clock.now();
  if (story.publishedAt) await detachStoryFromReleases(p, story, 'Daten auf Antrag gelöscht', now, { consentGone: true });
  return eraseStory(p, story, 'request', actor, now);
}

/** Art. 15 DSGVO: everything about one pseudonymous person, from the partner that keeps the story. */
export async function personData(p: Ports, actor: Actor, id: string, personId: string) {
  const story = await readableStory(p, actor, id);
  if (story.partner !== actor.partner) refuse({ reason: 'forbidden', message: 'Auskünfte erteilt der Träger, der die Geschichte führt.' });
  const data = personExport(story, personId, p.clock.now());
  if (!data) throw new NotFound(`Person ${personId} kommt in dieser Geschichte nicht vor.`);
  return data;
}

/** Where the story went before the withdrawal: for the partner and the press office. */
export async function storyWithdrawalReports(p: Ports, actor: Actor, id: string) {
  const story = await readableStory(p, actor, id);
  return withdrawalReports(story.id, p.db);
}

/** "Einwilligungen laufen bald ab": the caller's partner (the press office: all partners), within `days`. */
export async function expiringConsents(p: Ports, actor: Actor, days: number) {
  const until = berlinDay(new Date(p.clock.now().getTime() + days * 86_400_000));
  const partners = hasRole(actor, 'press') ? PARTNERS.map((partner) => partner.id) : [actor.partner];
  const stories = (await Promise.all(partners.map((partner) => expiringBy(partner, until, p.db)))).flat().filter((s) => canRead(actor, s));
  return { until, stories };
}
