import { diffArrays, diffWords } from 'diff';
import * as z from 'zod/mini';
import type { StoryDraftInput } from './story.ts';

/** A readable, word-level comparison of two versions of a story, field by field. */
export const FieldDiff = z.object({
  field: z.string(),
  label: z.string(),
  parts: z.array(z.object({ value: z.string(), added: z.optional(z.boolean()), removed: z.optional(z.boolean()) })),
});
export type FieldDiff = z.infer<typeof FieldDiff>;

const FIELDS: { key: keyof StoryDraftInput; label: string; show: (v: unknown) => string }[] = [
  { key: 'title', label: 'Titel', show: (v) => String(v ?? '') },
  { key: 'teaser', label: 'Anreißer', show: (v) => String(v ?? '') },
  { key: 'municipality', label: 'Gemeinde', show: (v) => String(v ?? '') },
  { key: 'showMunicipality', label: 'Gemeinde öffentlich nennen', show: (v) => (v === false ? 'nein' : 'ja') },
  { key: 'topics', label: 'Themen', show: (v) => ((v as string[] | undefined) ?? []).join(', ') },
  { key: 'channels', label: 'Kanäle', show: (v) => ((v as string[] | undefined) ?? []).join(', ') },
  { key: 'body', label: 'Text', show: (v) => String(v ?? '') },
];

export function diffStory(from: StoryDraftInput, to: StoryDraftInput): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  for (const f of FIELDS) {
    const a = f.show(from[f.key]);
    const b = f.show(to[f.key]);
    if (a === b) continue;
    const parts =
      Array.isArray(from[f.key]) || Array.isArray(to[f.key])
        ? diffArrays(a.split(', ').filter(Boolean), b.split(', ').filter(Boolean)).map((p) => ({
            value: p.value.join(', '),
            added: p.added || undefined,
            removed: p.removed || undefined,
          }))
        : diffWords(a, b).map((p) => ({ value: p.value, added: p.added || undefined, removed: p.removed || undefined }));
    diffs.push({ field: f.key, label: f.label, parts });
  }
  const persons = (c: StoryDraftInput) => JSON.stringify(c.persons ?? []);
  if (persons(from) !== persons(to)) {
    diffs.push({
      field: 'persons',
      label: 'Personen',
      parts: diffWords(describePersons(from), describePersons(to)).map((p) => ({
        value: p.value,
        added: p.added || undefined,
        removed: p.removed || undefined,
      })),
    });
  }
  const photos = (c: StoryDraftInput) => describePhotos(c);
  if (photos(from) !== photos(to)) {
    diffs.push({
      field: 'photos',
      label: 'Fotos',
      parts: diffWords(photos(from), photos(to)).map((p) => ({ value: p.value, added: p.added || undefined, removed: p.removed || undefined })),
    });
  }
  return diffs;
}

/** Each photo by its alt text, with whom it shows: what the people in the story are asked about. */
function describePhotos(c: StoryDraftInput): string {
  return (c.photos ?? [])
    .map((p) => {
      const shown = p.persons.length
        ? p.persons.map((x) => `Person ${x.personId} ${x.recognisable ? 'erkennbar' : 'nicht erkennbar'}`).join(', ')
        : 'keine Person erkennbar';
      return `${p.lead ? 'Aufmacherbild: ' : ''}„${p.alt}“ (${shown}; ${p.credit})`;
    })
    .join('; ');
}

function describePersons(c: StoryDraftInput): string {
  return (c.persons ?? [])
    .map((p) => `Person ${p.id} (${p.role}): ${p.shows.naming}, Fotos ${p.shows.photos}, Details ${p.shows.details.join('/') || 'keine'}`)
    .join('; ');
}
