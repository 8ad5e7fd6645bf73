import { diffArrays } from 'diff';
import * as z from 'zod/mini';
import { AGE_GROUPS, DETAILS, label, NAMINGS, PHOTOS } from './consent.ts';
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

/**
 * Words in any script (letters with their combining marks, so „ü“ typed as u + ¨ stays one
 * letter; Cyrillic, Arabic, Ge'ez as well as Latin), numbers such as „10.000“, words joined by a
 * hyphen or an apostrophe; then runs of white space, then any other single character.
 */
const TOKENS = /[\p{L}\p{M}\p{N}\u00AD]+(?:[-'’.,][\p{L}\p{M}\p{N}\u00AD]+)*|\s+|./gsu;

/** A change is always whole words: a word that changed is removed and added as a whole, never cut in half. */
export function diffWordsWhole(a: string, b: string): FieldDiff['parts'] {
  return diffArrays(a.match(TOKENS) ?? [], b.match(TOKENS) ?? []).map((p) => ({
    value: p.value.join(''),
    added: p.added || undefined,
    removed: p.removed || undefined,
  }));
}

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
        : diffWordsWhole(a, b);
    diffs.push({ field: f.key, label: f.label, parts });
  }
  const persons = (c: StoryDraftInput) => JSON.stringify(c.persons ?? []);
  if (persons(from) !== persons(to)) {
    diffs.push({
      field: 'persons',
      label: 'Personen',
      parts: diffWordsWhole(describePersons(from), describePersons(to)),
    });
  }
  const photos = (c: StoryDraftInput) => describePhotos(c);
  if (photos(from) !== photos(to)) {
    diffs.push({
      field: 'photos',
      label: 'Fotos',
      parts: diffWordsWhole(photos(from), photos(to)),
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

/** Each person as the form names the choices, in German: what the people in the story agreed to be shown. */
function describePersons(c: StoryDraftInput): string {
  return (c.persons ?? [])
    .map((p) => {
      const details = p.shows.details.map((d) => label(DETAILS, d)).join(', ') || 'keine';
      const name = p.publicName ? `, Name auf der Website „${p.publicName}“` : '';
      return `Person ${p.id} (${p.role}): ${label(AGE_GROUPS, p.ageGroup)}, ${label(NAMINGS, p.shows.naming)} genannt${name}, ${label(PHOTOS, p.shows.photos)}, Details: ${details}`;
    })
    .join('; ');
}
