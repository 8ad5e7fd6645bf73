import * as z from 'zod/mini';
import type { Actor } from './actor.ts';
import { AgeGroup, ConsentRecord, Person } from './consent.ts';
import { photoPaths } from './photos.ts';
import { ReadBack } from './read-back.ts';
import { AuditEntry, Story, StoryRevision } from './story.ts';

/**
 * Art. 17 DSGVO: what is left of a story after its data is erased. Only a minimal
 * record stays: the id, the partner, when and why it was erased and by whom, and the
 * bare audit trail (who did what when, without comments, which may quote the text).
 */
export function erasedStory(story: Story, reason: 'request' | 'processing-withdrawn' | 'retention', actor: Pick<Actor, 'sub' | 'name'>, now: Date): Story {
  const at = now.toISOString();
  const entry: AuditEntry = {
    at,
    by: actor.sub,
    byName: actor.name,
    action: 'erased',
    from: story.status,
    to: 'withdrawn',
    comment:
      reason === 'request'
        ? 'Daten auf Antrag gelöscht (Art. 17 DSGVO)'
        : reason === 'processing-withdrawn'
          ? 'Einwilligung in die Verarbeitung widerrufen: Daten gelöscht'
          : 'Aufbewahrungsfrist abgelaufen: Entwurf gelöscht',
  };
  return {
    id: story.id,
    slug: story.id,
    partner: story.partner,
    status: 'withdrawn',
    version: story.version,
    title: 'Gelöschte Geschichte',
    authorId: story.authorId,
    authorName: story.authorName,
    createdAt: story.createdAt,
    updatedAt: at,
    ...(story.publishedAt ? { publishedAt: story.publishedAt } : {}),
    showMunicipality: false,
    channels: [],
    persons: [],
    consents: [],
    erasedAt: at,
    audit: [...story.audit.map(({ comment: _c, ...e }) => e), entry],
  };
}

/** Art. 15 DSGVO: everything stored about one pseudonymous person of a story. */
export const PersonExport = z.object({
  exportedAt: z.string(),
  note: z.string(),
  person: z.object({ label: z.string(), role: z.string(), ageGroup: AgeGroup, shownInStory: Person.shape.shows }),
  story: z.pick(Story, {
    id: true,
    partner: true,
    status: true,
    title: true,
    teaser: true,
    body: true,
    municipality: true,
    showMunicipality: true,
    channels: true,
    topics: true,
    createdAt: true,
    updatedAt: true,
    publishedAt: true,
  }),
  /** A change being prepared is stored data about the person too, though not public. */
  revision: z.optional(z.pick(StoryRevision, { status: true, title: true, teaser: true, body: true, municipality: true, startedAt: true, updatedAt: true })),
  consents: z.array(ConsentRecord),
  readBack: z.optional(ReadBack),
  /** Every photo of the story (and of its revision) the person appears on, with its files' addresses. */
  photos: z.array(
    z.object({
      id: z.string(),
      alt: z.string(),
      credit: z.string(),
      recognisable: z.boolean(),
      inRevisionOnly: z.boolean(),
      files: z.array(z.string()),
    }),
  ),
  history: z.array(z.pick(AuditEntry, { at: true, action: true, from: true, to: true })),
});
export type PersonExport = z.infer<typeof PersonExport>;

function photosShowing(story: Story, personId: string): PersonExport['photos'] {
  const current = new Set((story.photos ?? []).map((p) => p.id));
  const all = [...(story.photos ?? []), ...(story.revision?.photos ?? []).filter((p) => !current.has(p.id))];
  return all.flatMap((p) => {
    const shown = p.persons.find((x) => x.personId === personId);
    if (!shown) return [];
    return [
      {
        id: p.id,
        alt: p.alt,
        credit: p.credit,
        recognisable: shown.recognisable,
        inRevisionOnly: !current.has(p.id),
        files: p.width && p.height ? photoPaths(p.id, p.width, p.height, p.focal) : [],
      },
    ];
  });
}

export function personExport(story: Story, personId: string, now: Date): PersonExport | undefined {
  const person = story.persons.find((p) => p.id === personId) ?? story.revision?.persons.find((p) => p.id === personId);
  if (!person) return undefined;
  const r = story.revision;
  return {
    exportedAt: now.toISOString(),
    note: 'Auskunft nach Art. 15 DSGVO. Das System speichert keine Klarnamen; die Person ist in der Geschichte pseudonym bezeichnet.',
    person: { label: `Person ${person.id}`, role: person.role, ageGroup: person.ageGroup, shownInStory: person.shows },
    story: {
      id: story.id,
      partner: story.partner,
      status: story.status,
      title: story.title,
      teaser: story.teaser,
      body: story.body,
      municipality: story.municipality,
      showMunicipality: story.showMunicipality,
      channels: story.channels,
      topics: story.topics,
      createdAt: story.createdAt,
      updatedAt: story.updatedAt,
      publishedAt: story.publishedAt,
    },
    revision: r
      ? { status: r.status, title: r.title, teaser: r.teaser, body: r.body, municipality: r.municipality, startedAt: r.startedAt, updatedAt: r.updatedAt }
      : undefined,
    consents: story.consents.filter((c) => c.personId === personId),
    readBack: story.readBack?.personIds.includes(personId) ? story.readBack : undefined,
    photos: photosShowing(story, personId),
    history: story.audit.map(({ at, action, from, to }) => ({ at, action, from, to })),
  };
}
