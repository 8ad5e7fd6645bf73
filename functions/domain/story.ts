import * as z from 'zod/mini';
import { Channel, ConsentRecord, consentProblems, type Detail, Person, publicPersonName } from './consent.ts';
import { Municipality } from './municipalities.ts';
import { PartnerId } from './partners.ts';
import { PublicPhoto, publicPhotos, StoryPhotos } from './photos.ts';
import { ReadBack } from './read-back.ts';
import { safeText } from './text.ts';
import { TopicId } from './topics.ts';

export const TEASER_MAX = 300;

/** What an author writes. Parsed at the edge; everything inside trusts it. */
export const StoryInput = z.object({
  title: safeText('Der Titel', { error: 'Bitte einen Titel angeben.' }).check(
    z.trim(),
    z.minLength(5, 'Der Titel braucht mindestens 5 Zeichen.'),
    z.maxLength(120, 'Der Titel darf höchstens 120 Zeichen haben.'),
  ),
  teaser: safeText('Der Anreißer', { error: 'Bitte einen Anreißer angeben.' }).check(
    z.trim(),
    z.minLength(20, 'Der Anreißer braucht mindestens 20 Zeichen.'),
    z.maxLength(TEASER_MAX, `Der Anreißer darf höchstens ${TEASER_MAX} Zeichen haben.`),
  ),
  municipality: Municipality,
  topics: z.array(TopicId, { error: 'Bitte mindestens ein Thema wählen.' }).check(
    z.minLength(1, 'Bitte mindestens ein Thema wählen.'),
    z.maxLength(4, 'Höchstens vier Themen.'),
    z.refine((t) => new Set(t).size === t.length, 'Jedes Thema nur einmal wählen.'),
  ),
  body: safeText('Der Text der Geschichte', { error: 'Bitte den Text der Geschichte angeben.' }).check(
    z.trim(),
    z.minLength(50, 'Der Text braucht mindestens 50 Zeichen.'),
    z.maxLength(20000, 'Der Text darf höchstens 20.000 Zeichen haben.'),
  ),
  /** Whether the public site names the municipality; if so, it is a detail every person must consent to. */
  showMunicipality: z._default(z.boolean(), true),
  /** Where the story may appear; consents must cover each. */
  channels: z
    ._default(z.array(Channel).check(z.maxLength(4)), ['website', 'press'])
    .check(z.refine((c) => new Set(c).size === c.length, 'Jeden Kanal nur einmal angeben.')),
  /** The persons the story is about, by pseudonymous label; each needs a consent. */
  persons: z
    ._default(z.array(Person).check(z.maxLength(12, 'Höchstens 12 Personen pro Geschichte.')), [])
    .check(z.refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, 'Jede Person braucht einen eigenen Buchstaben.')),
  /** Photos with their descriptions and the persons they show (functions/domain/photos.ts); each shown person's consent must cover them. */
  photos: z._default(StoryPhotos, []),
});
export type StoryInput = z.infer<typeof StoryInput>;

/**
 * A draft may be saved incomplete (only the title is needed to find it again);
 * every field that is present must still be well-formed. Completeness is checked
 * by the submit gate of the workflow.
 */
export const StoryDraftInput = z.required(z.partial(StoryInput), { title: true });
export type StoryDraftInput = z.infer<typeof StoryDraftInput>;

export const STORY_STATUSES = [
  { id: 'draft', label: 'Entwurf' },
  { id: 'submitted', label: 'Zur Freigabe eingereicht' },
  { id: 'returned', label: 'Zurückgegeben' },
  { id: 'partner-approved', label: 'Vom Träger freigegeben' },
  { id: 'press-approved', label: 'Von der Pressestelle freigegeben' },
  { id: 'published', label: 'Veröffentlicht' },
  { id: 'unpublished', label: 'Von der Website genommen' },
  { id: 'withdrawn', label: 'Einwilligung widerrufen' },
] as const;

export const StoryStatus = z.enum(['draft', 'submitted', 'returned', 'partner-approved', 'press-approved', 'published', 'unpublished', 'withdrawn'], {
  error: 'Unbekannter Status.',
});
export type StoryStatus = z.infer<typeof StoryStatus>;

export function statusLabel(status: StoryStatus): string {
  return STORY_STATUSES.find((s) => s.id === status)!.label;
}

/** One line of a story's audit trail: who did what, when, from which state to which. */
export const AuditEntry = z.object({
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  action: z.string(),
  from: z.optional(StoryStatus),
  to: z.optional(StoryStatus),
  comment: z.optional(z.string()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/**
 * The states a revision of a published story passes through before it replaces the
 * published text: the same way as a new story (read-back, partner lead, press office).
 */
export const RevisionStatus = z.enum(['draft', 'submitted', 'returned', 'partner-approved', 'press-approved']);
export type RevisionStatus = z.infer<typeof RevisionStatus>;

/**
 * A change to a story that has been public, prepared beside the published text. The site
 * keeps showing the published fields of the story until this is published and replaces
 * them. Its size is bounded by the content limits: there is at most one revision.
 */
export const StoryRevision = z.extend(StoryDraftInput, {
  showMunicipality: StoryInput.shape.showMunicipality,
  channels: StoryInput.shape.channels,
  persons: StoryInput.shape.persons,
  status: RevisionStatus,
  startedAt: z.string(),
  startedBy: z.string(),
  startedByName: z.string(),
  updatedAt: z.string(),
  lastEditorId: z.string(),
  lastEditorName: z.string(),
  submittedBy: z.optional(z.string()),
  returnComment: z.optional(z.string()),
  /** The read-back of the revised text (bound to its hash); the published text keeps its own. */
  readBack: z.optional(ReadBack),
});
export type StoryRevision = z.infer<typeof StoryRevision>;

export const Story = z.extend(StoryDraftInput, {
  showMunicipality: StoryInput.shape.showMunicipality,
  channels: StoryInput.shape.channels,
  persons: StoryInput.shape.persons,
  id: z.string(),
  /** URL segment, fixed at creation so links never break when the title is edited. */
  slug: z.string(),
  partner: PartnerId,
  status: StoryStatus,
  version: z.number().check(z.int(), z.positive()),
  authorId: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.optional(z.string()),
  /**
   * A planned publication (UTC instant), set by the press office on a story it approved; the
   * scheduler publishes it then if everything still holds at that moment (functions/operations/story-schedule.ts).
   */
  publishAt: z.optional(z.string()),
  /** The latest comment of a reviewer who returned the story; shown to the author. */
  returnComment: z.optional(z.string()),
  /** Every consent version ever recorded, append-only. */
  consents: z._default(z.array(ConsentRecord), []),
  /** The latest read-back approval of the text (bound to its hash). */
  readBack: z.optional(ReadBack),
  /** Who changed the text last (absent on stories from before it was recorded): they cannot approve it. */
  lastEditorId: z.optional(z.string()),
  lastEditorName: z.optional(z.string()),
  /** Who submitted the text for approval last: they cannot approve it either. */
  submittedBy: z.optional(z.string()),
  /** A change in preparation after publication; the fields above stay what is public. */
  revision: z.optional(StoryRevision),
  /** Set when the story's data was erased (Art. 17 DSGVO); only a minimal record remains. */
  erasedAt: z.optional(z.string()),
  audit: z.array(AuditEntry),
});
export type Story = z.infer<typeof Story>;

/** The fields an author writes: what a content edit replaces and a revision holds. */
export const CONTENT_FIELDS = Object.keys(StoryInput.shape) as (keyof StoryInput)[];

/** A story's content alone, in a fixed order, for comparing two texts. */
export function storyContent(s: Partial<StoryInput>): string {
  return JSON.stringify(CONTENT_FIELDS.map((k) => canonical(s[k])));
}
const canonical = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v ?? null;
};

/**
 * The story as its revision would make it: the revised content with the revision's
 * state, read-back and editors. This is what the workflow decides on and what the
 * editor shows as the text in work; the published fields stay on the story itself.
 */
export function revisionSubject<S extends Story>(story: S): S | undefined {
  const r = story.revision;
  if (!r) return undefined;
  const {
    status,
    readBack,
    lastEditorId,
    lastEditorName,
    submittedBy,
    returnComment,
    startedAt: _a,
    startedBy: _b,
    startedByName: _n,
    updatedAt,
    ...content
  } = r;
  // Everything else of the story (and of a view of it) stays; nothing of the published text does.
  const rest = Object.fromEntries(
    Object.entries(story).filter(
      ([k]) =>
        !(CONTENT_FIELDS as string[]).includes(k) && !['readBack', 'lastEditorId', 'lastEditorName', 'submittedBy', 'returnComment', 'revision'].includes(k),
    ),
  );
  return {
    ...rest,
    ...content,
    status,
    updatedAt,
    lastEditorId,
    lastEditorName,
    ...(readBack ? { readBack } : {}),
    ...(submittedBy ? { submittedBy } : {}),
    ...(returnComment ? { returnComment } : {}),
  } as S;
}

/** The text someone works on now: the revision when there is one, else the story itself. */
export const textInWork = <S extends Story>(story: S): S => revisionSubject(story) ?? story;

/** What the story shows of a person, including what its own fields reveal (the municipality). */
export function consentSubject(story: Pick<Story, 'partner' | 'channels' | 'persons' | 'consents' | 'showMunicipality'> & { photos?: Story['photos'] }) {
  const implied: Detail[] = story.showMunicipality === false ? [] : ['municipality'];
  return {
    partner: story.partner,
    channels: story.channels ?? [],
    consents: story.consents ?? [],
    photos: story.photos ?? [],
    persons: (story.persons ?? []).map((p) => ({
      ...p,
      shows: { ...p.shows, details: [...new Set([...p.shows.details, ...implied])] },
    })),
  };
}

/**
 * The public projection: what the site and feeds show, nothing internal, and all that
 * the API shows of a story outside its partner and the press office. Where the story
 * may appear (channels) and the municipality switch are editorial settings, not content.
 */
export const PublicStory = z.extend(z.pick(StoryInput, { title: true, teaser: true, topics: true, body: true }), {
  id: z.string(),
  slug: z.string(),
  partner: PartnerId,
  municipality: z.optional(Municipality),
  publishedAt: z.string(),
  updatedAt: z.string(),
  /** The photos, lead picture marked, with their derivatives: gone with the story. */
  photos: z.array(PublicPhoto),
  /** How the story names its people, where it names them (`publicPersonName`); absent when it names nobody. */
  names: z.optional(z.array(z.string())),
});
export type PublicStory = z.infer<typeof PublicStory>;

/**
 * Returns the public projection for `channel` on day `now`, or undefined when the
 * story must not appear there. The site (channel website) and the feeds (channel
 * press) call this for every story they render: defence in depth, the store query
 * already filters by status, this checks status and consent again at render time.
 * Persons and consents never leave the system.
 */
export function toPublicStory(s: Story, now: Date, channel: Channel = 'website'): PublicStory | undefined {
  if (s.status !== 'published' || !s.publishedAt) return undefined;
  if (!s.channels.includes(channel)) return undefined;
  if (consentProblems(consentSubject(s), now, [channel]).length > 0) return undefined;
  const content = StoryInput.safeParse(s);
  if (!content.success) return undefined;
  const { title, teaser, topics, body, municipality, photos } = content.data;
  const names = s.persons.map(publicPersonName).filter((n) => n !== undefined);
  return {
    title,
    teaser,
    topics,
    body,
    ...(s.showMunicipality ? { municipality } : {}),
    id: s.id,
    slug: s.slug,
    partner: s.partner,
    updatedAt: s.updatedAt,
    publishedAt: s.publishedAt,
    photos: publicPhotos(photos),
    ...(names.length ? { names } : {}),
  };
}

const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/**
 * The readable part of an address. A title with no Latin letters or digits (only emoji,
 * dashes, another script) gives no words, so `fallback` names what it is instead of an
 * address that starts with a bare dash.
 */
export function slugify(text: string, fallback = 'beitrag'): string {
  const slug = text
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => UMLAUTS[c]!)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || fallback;
}
