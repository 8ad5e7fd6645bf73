import * as z from 'zod/mini';
import { type Actor, hasRole } from './actor.ts';
import { consentProblems } from './consent.ts';
import { photoLabel } from './photos.ts';
import { type Release, type ReleaseAuditEntry, ReleaseInput, type ReleaseStatus, releaseStatusLabel, wasPublic } from './release.ts';
import { consentSubject, type Story, toPublicStory } from './story.ts';

/**
 * The press-release workflow. Any partner drafts and proposes; the press office
 * edits, approves and publishes, with four eyes (the approver is neither the author
 * nor whoever changed the content last). Publishing with a future embargo schedules;
 * the scheduler publishes at the embargo.
 *
 *   draft ─propose─▶ proposed ─approve─▶ approved ─publish─▶ published (or scheduled ─(embargo)─▶ published)
 *     ▲                 │                   │                   │            │
 *     └──── returned ◀──┴──────return───────┴───────────────────┼────────────┘
 *                                                   unpublish ◀─┘ (also from scheduled)
 */
export const ReleaseAction = z.enum(['propose', 'approve', 'return', 'publish', 'unpublish'], { error: 'Unbekannte Aktion.' });
export type ReleaseAction = z.infer<typeof ReleaseAction>;

export const RELEASE_ACTION_LABELS: Record<ReleaseAction, string> = {
  propose: 'Der Pressestelle vorschlagen',
  approve: 'Freigeben',
  return: 'Zurückgeben',
  publish: 'Veröffentlichen',
  unpublish: 'Von der Website nehmen',
};

export interface ReleaseContext {
  now: Date;
  /** The featured stories, as loaded by the caller (missing ones are absent). */
  stories: ReadonlyMap<string, Story>;
  comment?: string;
  /** The press office confirms the text no longer refers to the persons of the held stories (`Release.consentHolds`). */
  confirmNoReference?: boolean;
}

/** Why a release with consent holds cannot simply be published again, and what lifts them. */
export const HOLD_CONFIRMATION =
  'Bitte bestätigen, dass der Text sich nicht mehr auf die Personen der Geschichten bezieht, deren Einwilligung nicht mehr gilt.';

type Gate = (r: Release, ctx: ReleaseContext) => string[];

const contentGate: Gate = (r) => {
  const result = ReleaseInput.safeParse(r);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

/**
 * Featured stories must be public and their consents must cover the channel
 * "Pressemitteilung / Feed"; every person a photo shows must be a featured story's person
 * whose consent covers photos on which they are shown so (recognisable, or at least not
 * recognisable) in releases.
 */
export const featuredGate: Gate = (r, ctx) => {
  const problems: string[] = [];
  for (const id of r.featuredStoryIds) {
    const story = ctx.stories.get(id);
    if (!story) problems.push(`Die Geschichte ${id} gibt es nicht.`);
    else if (!toPublicStory(story, ctx.now, 'press')) {
      problems.push(`Die Geschichte „${story.title}“ ist nicht veröffentlicht, oder ihre Einwilligungen decken den Kanal „Pressemitteilung / Feed“ nicht ab.`);
    }
  }
  for (const photo of r.photos) {
    for (const shown of photo.persons) {
      const story = ctx.stories.get(shown.storyId);
      if (!story || !r.featuredStoryIds.includes(shown.storyId)) {
        problems.push(`${photoLabel(photo)}: Personen auf Fotos müssen zu einer Geschichte gehören, die in dieser Pressemitteilung vorkommt.`);
        continue;
      }
      const subject = consentSubject(story);
      const person = subject.persons.find((p) => p.id === shown.personId);
      if (!person) {
        problems.push(`${photoLabel(photo)}: Person ${shown.personId} kommt in „${story.title}“ nicht vor.`);
        continue;
      }
      // The one consent rule, asked about this person and this photo alone, on the release's channel.
      const asShown = {
        ...subject,
        persons: [person],
        photos: [{ alt: photo.alt, persons: [{ personId: shown.personId, recognisable: shown.recognisable }] }],
      };
      problems.push(...consentProblems(asShown, ctx.now, ['press']));
    }
  }
  return problems;
};

interface Transition {
  from: readonly ReleaseStatus[];
  allowed: (actor: Actor, r: Release) => string | undefined;
  needsComment?: boolean;
  gates: readonly Gate[];
}

const press = (actor: Actor) => (hasRole(actor, 'press') ? undefined : 'Nur die Pressestelle des Landratsamts darf das.');
const proposer = (actor: Actor, r: Release) =>
  hasRole(actor, 'press') || (actor.partner === r.partner && (hasRole(actor, 'manager') || hasRole(actor, 'partner-lead')))
    ? undefined
    : 'Nur Mitarbeitende des eigenen Trägers oder die Pressestelle können diese Pressemitteilung vorschlagen.';

export const RELEASE_TRANSITIONS: Record<ReleaseAction, Transition> = {
  propose: { from: ['draft', 'returned'], allowed: proposer, gates: [contentGate, featuredGate] },
  approve: {
    from: ['proposed'],
    allowed: (actor, r) =>
      press(actor) ??
      (actor.sub === r.authorId || actor.sub === r.lastEditorId
        ? 'Vier-Augen-Prinzip: Wer die Pressemitteilung geschrieben oder zuletzt geändert hat, kann sie nicht freigeben.'
        : undefined),
    gates: [contentGate, featuredGate],
  },
  return: { from: ['proposed', 'approved', 'scheduled'], allowed: press, needsComment: true, gates: [] },
  publish: { from: ['approved', 'unpublished'], allowed: press, gates: [contentGate, featuredGate] },
  unpublish: { from: ['published', 'scheduled'], allowed: press, gates: [] },
};

export type ReleaseDecision =
  | { ok: true; to: ReleaseStatus; audit: ReleaseAuditEntry; publishedAt?: string; liftsHolds?: true }
  | { ok: false; reason: 'forbidden' | 'state' | 'comment' | 'gate'; message: string; problems: string[] };

export function decideRelease(r: Release, action: ReleaseAction, actor: Actor, ctx: ReleaseContext): ReleaseDecision {
  const t = RELEASE_TRANSITIONS[action];
  const refuse = (reason: 'forbidden' | 'state' | 'comment' | 'gate', message: string, problems: string[] = []) =>
    ({ ok: false, reason, message, problems }) as const;
  if (!t.from.includes(r.status)) return refuse('state', `„${RELEASE_ACTION_LABELS[action]}“ ist im Status „${releaseStatusLabel(r.status)}“ nicht möglich.`);
  const denied = t.allowed(actor, r);
  if (denied) return refuse('forbidden', denied);
  const comment = ctx.comment?.trim();
  if (t.needsComment && !comment) return refuse('comment', 'Bitte einen Kommentar angeben, was zu ändern ist.');
  const problems = t.gates.flatMap((g) => g(r, ctx));
  if (problems.length) return refuse('gate', `„${RELEASE_ACTION_LABELS[action]}“ ist noch nicht möglich.`, problems);
  const held = action === 'publish' && (r.consentHolds?.length ?? 0) > 0;
  if (held && !ctx.confirmNoReference) {
    return refuse('gate', 'Diese Pressemitteilung ist offline, weil die Einwilligung für eine darin vorgestellte Geschichte nicht mehr gilt.', [
      HOLD_CONFIRMATION,
    ]);
  }

  let to: ReleaseStatus =
    action === 'propose'
      ? 'proposed'
      : action === 'approve'
        ? 'approved'
        : action === 'return'
          ? 'returned'
          : action === 'unpublish'
            ? 'unpublished'
            : 'published';
  let publishedAt: string | undefined;
  if (action === 'publish') {
    const embargoed = r.embargoAt && Date.parse(r.embargoAt) > ctx.now.getTime();
    to = embargoed ? 'scheduled' : 'published';
    // The public date is the embargo, or now; a republication keeps the first date.
    publishedAt = embargoed ? r.embargoAt : wasPublic(r) && r.publishedAt ? r.publishedAt : ctx.now.toISOString();
  }
  const confirmed = held ? 'Bestätigt: Der Text bezieht sich nicht mehr auf die Personen der Geschichten, deren Einwilligung nicht mehr gilt.' : undefined;
  const note = [comment, confirmed].filter(Boolean).join(' ');
  return {
    ok: true,
    to,
    publishedAt,
    ...(held ? { liftsHolds: true as const } : {}),
    audit: { at: ctx.now.toISOString(), by: actor.sub, byName: actor.name, action, from: r.status, to, ...(note ? { comment: note } : {}) },
  };
}

export function availableReleaseActions(r: Release, actor: Actor): ReleaseAction[] {
  return ReleaseAction.options.filter((a) => RELEASE_TRANSITIONS[a].from.includes(r.status) && !RELEASE_TRANSITIONS[a].allowed(actor, r));
}

/**
 * Who may see a release's full record (workflow, audit, notices, schedule): its own
 * organisation, and the press office and administrators all but others' drafts.
 * Everyone else sees at most what the public site shows (audience.ts).
 */
export function canReadRelease(actor: Actor, r: Release): boolean {
  if (actor.partner === r.partner) return true;
  if (hasRole(actor, 'press') || hasRole(actor, 'admin')) return !['draft', 'returned'].includes(r.status);
  return false;
}

/**
 * Editing: the proposer's organisation while draft or returned; the press office from
 * proposal on. A press edit of an approved or scheduled release sends it back to
 * "proposed" (someone else must approve the new text); an edit after publication is a
 * correction and needs a note.
 */
export function releaseEdit(actor: Actor, r: Release): { ok: true; to: ReleaseStatus; correction: boolean } | { ok: false; message: string } {
  if (
    ['draft', 'returned'].includes(r.status) &&
    actor.partner === r.partner &&
    (hasRole(actor, 'manager') || hasRole(actor, 'partner-lead') || hasRole(actor, 'press'))
  ) {
    return { ok: true, to: r.status, correction: false };
  }
  if (!hasRole(actor, 'press'))
    return { ok: false, message: `Im Status „${releaseStatusLabel(r.status)}“ bearbeitet nur die Pressestelle die Pressemitteilung.` };
  if (r.status === 'published') return { ok: true, to: 'published', correction: true };
  if (r.status === 'approved' || r.status === 'scheduled') return { ok: true, to: 'proposed', correction: false };
  return { ok: true, to: r.status, correction: false };
}

/** Scheduler: what becomes of a release at `now` (embargo reached, takedown reached). */
export function dueChange(r: Release, now: Date): ReleaseAuditEntry | undefined {
  const at = now.toISOString();
  const system = { at, by: 'system', byName: 'Zeitplan' };
  if (r.status === 'scheduled' && r.embargoAt && Date.parse(r.embargoAt) <= now.getTime()) {
    return { ...system, action: 'embargo-ended', from: 'scheduled', to: 'published', comment: 'Sperrfrist abgelaufen' };
  }
  if (r.status === 'published' && r.takedownAt && Date.parse(r.takedownAt) <= now.getTime()) {
    return { ...system, action: 'scheduled-takedown', from: 'published', to: 'unpublished', comment: 'Geplantes Ende der Veröffentlichung' };
  }
  return undefined;
}
