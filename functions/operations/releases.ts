import { randomBytes } from 'node:crypto';
import { type Actor, hasRole } from '@newsroom/domain/actor.ts';
import { releaseFor } from '@newsroom/domain/audience.ts';
import { longGermanDateTime } from '@newsroom/domain/berlin-time.ts';
import { expectVersion, NotFound, refuse } from '@newsroom/domain/errors.ts';
import { Release, type ReleaseDraftInput, type ReleaseStatus, wasPublic } from '@newsroom/domain/release.ts';
import { canReadRelease, decideRelease, type ReleaseAction, releaseEdit } from '@newsroom/domain/release-workflow.ts';
import { type Story, slugify } from '@newsroom/domain/story.ts';
import { acknowledgeNotice, closeTasksOf, listNotices } from '@newsroom/store/notices.ts';
import { getRelease, putNewRelease, releasesInStatus, releasesOfPartner, updateRelease } from '@newsroom/store/releases.ts';
import { getStoryItem } from '@newsroom/store/stories.ts';
import { withProcessedPhotos } from './photos.ts';
import type { Ports } from './ports.ts';

/**
 * What a request does with a press release: load, let the domain decide, one versioned
 * write with its audit entry, and announce what changes the public site. Refusals are
 * thrown in the domain's terms (functions/domain/errors.ts).
 */

const NOT_FOUND = 'Diese Pressemitteilung gibt es nicht oder Sie dürfen sie nicht sehen.';

/**
 * The release's full record, for its organisation and the press office. For anyone else
 * it does not exist here (not found, so ids leak nothing); reading a public release's
 * public projection is `readRelease` alone.
 */
async function readableRelease(p: Ports, actor: Actor, id: string): Promise<Release> {
  const r = await getRelease(id, p.db);
  if (!r || !canReadRelease(actor, r)) throw new NotFound(NOT_FOUND);
  return r;
}

async function featuredStories(p: Ports, ids: readonly string[]): Promise<Map<string, Story>> {
  const found = await Promise.all(ids.map((id) => getStoryItem(id, p.db)));
  return new Map(found.filter((s): s is Story => s !== undefined).map((s) => [s.id, s]));
}

export interface ReleaseListFilter {
  status?: ReleaseStatus;
  cursor?: string;
  limit?: number;
  /** 'partner': the caller's own organisation only, also for the press office. */
  scope?: string;
}

export async function listReleases(p: Ports, actor: Actor, { status, cursor, limit, scope }: ReleaseListFilter) {
  const crossPartner = (hasRole(actor, 'press') || hasRole(actor, 'admin')) && scope !== 'partner';
  if (crossPartner && (status === 'draft' || status === 'returned')) refuse({ reason: 'forbidden', message: 'Entwürfe sieht nur die eigene Organisation.' });
  const page = crossPartner
    ? await releasesInStatus(status ?? 'proposed', { cursor, limit }, p.db)
    : await releasesOfPartner(actor.partner, status, { cursor, limit }, p.db);
  return { items: page.items.filter((r) => canReadRelease(actor, r)), next: page.next };
}

export async function createRelease(p: Ports, actor: Actor, input: ReleaseDraftInput): Promise<Release> {
  if (hasRole(actor, 'admin') && actor.roles.length === 1)
    refuse({ reason: 'forbidden', message: 'Administratorinnen und Administratoren schreiben keine Pressemitteilungen.' });
  if (input.photos?.length)
    refuse({ reason: 'invalid', message: 'Fotos kommen nach dem ersten Speichern dazu: Sie werden für eine bestehende Pressemitteilung hochgeladen.' });
  const at = p.clock.now().toISOString();
  const id = randomBytes(5).toString('hex');
  const release = Release.parse({
    ...input,
    id,
    slug: `${slugify(input.headline, 'pressemitteilung')}-${id}`,
    partner: actor.partner,
    status: 'draft',
    version: 1,
    authorId: actor.sub,
    authorName: actor.name,
    lastEditorId: actor.sub,
    createdAt: at,
    updatedAt: at,
    audit: [{ at, by: actor.sub, byName: actor.name, action: 'create', to: 'draft' }],
  });
  await putNewRelease(release, p.db);
  return release;
}

/** The full record, or for anyone else what the public site shows of it. */
export async function readRelease(p: Ports, actor: Actor, id: string) {
  const r = await getRelease(id, p.db);
  const seen = r && releaseFor(actor, r, p.clock.now(), await featuredStories(p, r.featuredStoryIds));
  if (!seen) throw new NotFound(NOT_FOUND);
  return seen;
}

const EMPTY_CONTENT = {
  subline: undefined,
  lead: undefined,
  body: undefined,
  statisticsSnapshotId: undefined,
  contacts: undefined,
  topics: undefined,
  partners: undefined,
  quotes: [],
  featuredStoryIds: [],
  photos: [],
};

/**
 * New content. After approval it needs a new approval; after publication it is a
 * correction with a public note, and the site shows it at once.
 */
export async function editRelease(
  p: Ports,
  actor: Actor,
  id: string,
  { version, release: content, correctionNote }: { version: number; release: ReleaseDraftInput; correctionNote?: string },
): Promise<Release> {
  const r = await readableRelease(p, actor, id);
  const edit = releaseEdit(actor, r);
  if (!edit.ok) refuse({ reason: 'forbidden', message: edit.message });
  expectVersion('release', r, version);
  if (edit.correction && !correctionNote) {
    refuse({
      reason: 'invalid',
      message: 'Eine veröffentlichte Pressemitteilung wird nur mit einer Korrekturnotiz geändert.',
      problems: ['Bitte eine Korrekturnotiz angeben; sie erscheint auf der Seite.'],
    });
  }
  const at = p.clock.now().toISOString();
  const photos = content.photos?.length ? await withProcessedPhotos(p, { kind: 'release', id }, content.photos) : [];
  const next = {
    // PUT semantics: the content is replaced as a whole; a field left out is cleared.
    ...r,
    ...EMPTY_CONTENT,
    ...content,
    photos,
    lastEditorId: actor.sub,
    status: edit.to,
    ...(edit.correction ? { correctedAt: at, corrections: [...r.corrections, { at, note: correctionNote! }] } : {}),
  };
  const saved = await updateRelease(
    r,
    next,
    {
      at,
      by: actor.sub,
      byName: actor.name,
      action: edit.correction ? 'correction' : 'edit',
      ...(edit.to !== r.status ? { from: r.status, to: edit.to, comment: 'Nach der Freigabe geändert: braucht eine neue Freigabe.' } : {}),
      ...(edit.correction ? { comment: correctionNote } : {}),
    },
    p.db,
  );
  if (saved.status === 'published') await p.events.announce({ kind: 'release', id: saved.id, change: 'updated', at });
  if (r.status === 'scheduled' && saved.status !== 'scheduled') await p.events.announce({ kind: 'release', id: saved.id, change: 'unpublished', at });
  return saved;
}

/** Sperrfrist and takedown (instants, parsed from Berlin wall-clock times); press office only. */
export async function scheduleRelease(
  p: Ports,
  actor: Actor,
  id: string,
  { version, embargo, takedown }: { version: number; embargo?: string; takedown?: string },
): Promise<Release> {
  if (!hasRole(actor, 'press')) refuse({ reason: 'forbidden', message: 'Nur die Pressestelle legt Sperrfristen fest.' });
  const r = await readableRelease(p, actor, id);
  expectVersion('release', r, version);
  if (['draft', 'returned', 'unpublished'].includes(r.status))
    refuse({ reason: 'state', message: 'Eine Sperrfrist wird für vorgeschlagene oder freigegebene Pressemitteilungen festgelegt.' });
  const now = p.clock.now();
  if (embargo && Date.parse(embargo) <= now.getTime() && r.status !== 'published') {
    refuse({
      reason: 'invalid',
      message: 'Die Sperrfrist liegt in der Vergangenheit.',
      problems: ['Bitte eine Sperrfrist in der Zukunft wählen oder ohne Sperrfrist veröffentlichen.'],
    });
  }
  if (embargo && r.status === 'published')
    refuse({ reason: 'state', message: 'Die Pressemitteilung ist schon veröffentlicht; eine Sperrfrist ist nicht mehr möglich.' });
  if (takedown && Date.parse(takedown) <= Math.max(now.getTime(), embargo ? Date.parse(embargo) : 0)) {
    refuse({
      reason: 'invalid',
      message: 'Das Ende der Veröffentlichung muss nach der Sperrfrist und in der Zukunft liegen.',
      problems: ['Bitte ein späteres Ende wählen.'],
    });
  }
  const at = now.toISOString();
  // A scheduled release whose embargo is removed goes back to "approved": publishing is then an explicit act.
  const status = r.status === 'scheduled' && !embargo ? 'approved' : r.status;
  return updateRelease(
    r,
    {
      ...r,
      embargoAt: embargo,
      takedownAt: takedown,
      status,
      // The public date follows the embargo until the release was really public once.
      publishedAt: status === 'scheduled' ? embargo : wasPublic(r) ? r.publishedAt : undefined,
    },
    {
      at,
      by: actor.sub,
      byName: actor.name,
      action: 'schedule',
      comment: `Sperrfrist: ${embargo ? longGermanDateTime(new Date(embargo)) : 'keine'}; Ende: ${takedown ? longGermanDateTime(new Date(takedown)) : 'keines'}`,
      ...(status !== r.status ? { from: r.status, to: status } : {}),
    },
    p.db,
  );
}

export interface ReleaseTransition {
  action: ReleaseAction;
  version: number;
  comment?: string;
  /** Required to publish a release with consent holds: its text no longer refers to the persons of those stories. */
  confirmNoReference?: boolean;
}

/** A step of the workflow; publishing and taking down change the public site, a confirmed republication lifts consent holds. */
export async function transitionRelease(
  p: Ports,
  actor: Actor,
  id: string,
  { action, version, comment, confirmNoReference }: ReleaseTransition,
): Promise<Release> {
  const r = await readableRelease(p, actor, id);
  expectVersion('release', r, version);
  const now = p.clock.now();
  const decision = decideRelease(r, action, actor, { now, comment, confirmNoReference, stories: await featuredStories(p, r.featuredStoryIds) });
  if (!decision.ok) refuse(decision);
  const saved = await updateRelease(
    r,
    {
      ...r,
      status: decision.to,
      publishedAt: decision.publishedAt ?? r.publishedAt,
      returnComment: action === 'return' ? decision.audit.comment : action === 'propose' ? undefined : r.returnComment,
      ...(decision.liftsHolds ? { consentHolds: undefined } : {}),
    },
    decision.audit,
    p.db,
  );
  if (decision.liftsHolds) await closeTasksOf(r.id, p.db);
  if (decision.to === 'published' || r.status === 'published') {
    await p.events.announce({ kind: 'release', id: saved.id, change: decision.to === 'published' ? 'published' : 'unpublished', at: decision.audit.at });
  }
  return saved;
}

const PRESS_ONLY = 'Hinweise sind für die Pressestelle.';

export async function pressNotices(p: Ports, actor: Actor) {
  if (!hasRole(actor, 'press')) refuse({ reason: 'forbidden', message: PRESS_ONLY });
  return listNotices(p.db);
}

/** A notice is read and goes; a task stays until the release it is about is corrected. */
export async function acknowledgePressNotice(p: Ports, actor: Actor, at: string, id: string): Promise<void> {
  if (!hasRole(actor, 'press')) refuse({ reason: 'forbidden', message: PRESS_ONLY });
  const result = await acknowledgeNotice(at, id, p.db);
  if (result === 'task') {
    refuse({
      reason: 'state',
      message: 'Diese Aufgabe bleibt offen, bis die Pressemitteilung in einer überarbeiteten Fassung ohne Bezug auf die Person erneut veröffentlicht ist.',
    });
  }
  if (result === 'missing') throw new NotFound('Diesen Hinweis gibt es nicht (mehr).');
}
