import * as z from 'zod/mini';
import { berlinTime } from './berlin-time-input.ts';
import { PartnerId } from './partners.ts';
import { ReleasePhotos } from './photos.ts';
import { safeText } from './text.ts';
import { TopicId } from './topics.ts';

/**
 * Press releases: the structure journalists expect (dateline, headline, lead, quotes,
 * contacts, boilerplate), featuring approved stories and a statistics snapshot.
 */

/** A required text: `missing` completes "Bitte … angeben", `subject` starts the length messages. */
const text = (missing: string, subject: string, min: number, max: number) =>
  safeText(subject, { error: `Bitte ${missing} angeben.` }).check(
    z.trim(),
    z.minLength(min, `${subject} braucht mindestens ${min} Zeichen.`),
    // Worded when a text is too long: formatting the number loads the locale data, which building the schema at import need not.
    z.maxLength(max, { error: () => `${subject} darf höchstens ${max.toLocaleString('de-DE')} Zeichen haben.` }),
  );

export const Quote = z.object({
  text: text('das Zitat', 'Das Zitat', 10, 1000),
  name: text('den Namen der zitierten Person', 'Der Name der zitierten Person', 3, 100),
  function: text('die Funktion der zitierten Person', 'Die Funktion der zitierten Person', 2, 100),
  organisation: text('die Organisation der zitierten Person', 'Die Organisation der zitierten Person', 2, 120),
});
export type Quote = z.infer<typeof Quote>;

export const PressContact = z.object({
  name: text('den Namen der Ansprechperson', 'Der Name der Ansprechperson', 3, 100),
  function: text('die Funktion der Ansprechperson', 'Die Funktion der Ansprechperson', 2, 100),
  phone: safeText('Die Telefonnummer', { error: 'Bitte eine Telefonnummer angeben.' }).check(
    z.trim(),
    z.regex(/^\+?[\d\s/()-]{6,30}$/, 'Bitte eine gültige Telefonnummer angeben.'),
  ),
  email: z.email({ error: 'Bitte eine gültige E-Mail-Adresse angeben.' }),
});
export type PressContact = z.infer<typeof PressContact>;

export type { ReleasePhoto } from './photos.ts';

export const ReleaseInput = z.object({
  datelinePlace: z._default(text('den Ort der Ortsmarke', 'Der Ort der Ortsmarke', 2, 60), 'Ludwigsburg'),
  headline: text('eine Überschrift', 'Die Überschrift', 10, 140),
  subline: z.optional(safeText('Die Unterzeile').check(z.trim(), z.maxLength(200, 'Die Unterzeile darf höchstens 200 Zeichen haben.'))),
  lead: text('einen Vorspann', 'Der Vorspann', 40, 600),
  body: text('den Text', 'Der Text', 100, 30000),
  quotes: z._default(z.array(Quote).check(z.maxLength(6, 'Höchstens sechs Zitate.')), []),
  contacts: z
    .array(PressContact, { error: 'Bitte mindestens eine Ansprechperson für die Presse angeben.' })
    .check(z.minLength(1, 'Bitte mindestens eine Ansprechperson für die Presse angeben.'), z.maxLength(4)),
  topics: z
    .array(TopicId, { error: 'Bitte mindestens ein Thema wählen.' })
    .check(z.minLength(1, 'Bitte mindestens ein Thema wählen.'), z.maxLength(4, 'Höchstens vier Themen.')),
  partners: z
    .array(PartnerId, { error: 'Bitte die beteiligten Träger angeben.' })
    .check(z.minLength(1, 'Bitte die beteiligten Träger angeben.'), z.maxLength(5)),
  featuredStoryIds: z._default(
    z.array(z.string().check(z.regex(/^[a-z0-9]{10}$/, 'Unbekannte Geschichte.'))).check(z.maxLength(6, 'Höchstens sechs Geschichten.')),
    [],
  ),
  statisticsSnapshotId: z.optional(safeText('Der Stichtag der Statistik').check(z.maxLength(80))),
  photos: z._default(ReleasePhotos, []),
});
export type ReleaseInput = z.infer<typeof ReleaseInput>;

/** Drafts may be saved incomplete; the propose gate checks completeness. */
export const ReleaseDraftInput = z.required(z.partial(ReleaseInput), { headline: true });
export type ReleaseDraftInput = z.infer<typeof ReleaseDraftInput>;

/** Scheduling, set by the press office: embargo (Sperrfrist) and optional takedown. */
export const ScheduleInput = z.object({
  embargo: z.optional(berlinTime),
  takedown: z.optional(berlinTime),
});

export const RELEASE_STATUSES = [
  { id: 'draft', label: 'Entwurf' },
  { id: 'proposed', label: 'Der Pressestelle vorgeschlagen' },
  { id: 'returned', label: 'Zurückgegeben' },
  { id: 'approved', label: 'Freigegeben' },
  { id: 'scheduled', label: 'Geplant (Sperrfrist)' },
  { id: 'published', label: 'Veröffentlicht' },
  { id: 'unpublished', label: 'Von der Website genommen' },
] as const;
export const ReleaseStatus = z.enum(['draft', 'proposed', 'returned', 'approved', 'scheduled', 'published', 'unpublished'], { error: 'Unbekannter Status.' });
export type ReleaseStatus = z.infer<typeof ReleaseStatus>;

export const ReleaseAuditEntry = z.object({
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  action: z.string(),
  from: z.optional(ReleaseStatus),
  to: z.optional(ReleaseStatus),
  comment: z.optional(z.string()),
});
export type ReleaseAuditEntry = z.infer<typeof ReleaseAuditEntry>;

export const Correction = z.object({ at: z.string(), note: z.string() });

/** A featured story's consent went: see `Release.consentHolds`. */
export const ConsentHold = z.object({ storyId: z.string(), at: z.string(), reason: z.string() });
export type ConsentHold = z.infer<typeof ConsentHold>;

/** Something the press office must know, shown in the editor until acknowledged. */
export const Notice = z.object({ at: z.string(), message: z.string() });

export const Release = z.extend(ReleaseDraftInput, {
  datelinePlace: ReleaseInput.shape.datelinePlace,
  quotes: ReleaseInput.shape.quotes,
  featuredStoryIds: ReleaseInput.shape.featuredStoryIds,
  photos: ReleaseInput.shape.photos,
  id: z.string(),
  /** URL segment, fixed at creation: corrections keep the URL. */
  slug: z.string(),
  /** The proposing organisation. */
  partner: PartnerId,
  status: ReleaseStatus,
  version: z.number().check(z.int(), z.positive()),
  authorId: z.string(),
  authorName: z.string(),
  /** Who last changed the content: four-eyes compares the approver with this person. */
  lastEditorId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The public date: the embargo when scheduled, else the moment of publication. */
  publishedAt: z.optional(z.string()),
  embargoAt: z.optional(z.string()),
  takedownAt: z.optional(z.string()),
  /** Set by a correction after publication; the public page shows it. */
  correctedAt: z.optional(z.string()),
  corrections: z._default(z.array(Correction), []),
  notices: z._default(z.array(Notice), []),
  /**
   * Featured stories whose consent went (withdrawn, expired, no longer covering, erased)
   * while the release featured them. Nobody can tell from the outside whether its words
   * still describe those persons, so the release is off the site and the feeds while any
   * hold is open, and only a republication that confirms the text no longer refers to
   * them lifts the holds.
   */
  consentHolds: z.optional(z.array(ConsentHold)),
  returnComment: z.optional(z.string()),
  audit: z.array(ReleaseAuditEntry),
});
export type Release = z.infer<typeof Release>;

export function releaseStatusLabel(s: ReleaseStatus): string {
  return RELEASE_STATUSES.find((x) => x.id === s)!.label;
}

/**
 * Public at `now`: published, and any embargo passed (the scheduler flips the status
 * at the embargo; this checks again at render time), not past its takedown, and no
 * featured story's consent holding it back.
 */
export function isReleasePublic(
  r: Pick<Release, 'status' | 'publishedAt' | 'embargoAt' | 'takedownAt'> & { consentHolds?: readonly ConsentHold[] },
  now: Date,
): boolean {
  if (r.status !== 'published' || !r.publishedAt) return false;
  if (r.consentHolds?.length) return false;
  if (r.embargoAt && Date.parse(r.embargoAt) > now.getTime()) return false;
  if (r.takedownAt && Date.parse(r.takedownAt) <= now.getTime()) return false;
  return true;
}

/** Whether the release was ever public (its audit trail says so; a cancelled embargo does not count). */
export function wasPublic(r: Pick<Release, 'audit'>): boolean {
  return r.audit.some((e) => e.to === 'published');
}
