import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import * as z from 'zod/mini';
import type { Story } from './story.ts';
import { safeText } from './text.ts';

/**
 * Read-back approval: before the partner lead approves, the manager records that the
 * people in the story (and guardians) heard or read the final text. The record is bound
 * to a hash of exactly that text, so any later change voids it. Pure JS hashing, so the
 * editor can show the same verdict as the server.
 */
export const READ_BACK_WAYS = [
  { id: 'read-aloud', label: 'vorgelesen' },
  { id: 'translated', label: 'übersetzt vorgelesen' },
  { id: 'read-themselves', label: 'selbst gelesen' },
] as const;

export const ReadBackInput = z.object({
  date: z.string({ error: 'Bitte das Datum angeben.' }).check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Bitte ein Datum im Format JJJJ-MM-TT angeben.')),
  how: z.enum(['read-aloud', 'translated', 'read-themselves'], { error: 'Bitte angeben, wie der Text vermittelt wurde.' }),
  language: safeText('Die Sprache').check(z.trim(), z.minLength(2, 'Bitte die Sprache angeben.'), z.maxLength(60)),
  /** The pseudonymous persons (and through them their guardians) who confirmed. */
  personIds: z.array(z.string().check(z.regex(/^[A-Z]$/))).check(z.minLength(1, 'Bitte angeben, wer den Text bestätigt hat.')),
});
export type ReadBackInput = z.infer<typeof ReadBackInput>;

export const ReadBack = z.extend(ReadBackInput, {
  contentHash: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
  recordedByName: z.string(),
});
export type ReadBack = z.infer<typeof ReadBack>;

type Hashed = Pick<Story, 'title' | 'teaser' | 'body' | 'municipality' | 'showMunicipality' | 'persons'> & { photos?: Story['photos'] };

/**
 * The hash of what the people were shown: every public text field, what is declared about
 * them (with the name the site gives them), and each photo (its file, alt text, crop, lead choice and who it shows), so a changed or
 * added photo voids the read-back. A story without photos hashes as before photos existed.
 */
export function contentHash(story: Hashed): string {
  const photos = story.photos ?? [];
  const shown = JSON.stringify([
    story.title,
    story.teaser ?? '',
    story.body ?? '',
    story.showMunicipality ? (story.municipality ?? '') : '',
    // A public name is part of what the people hear; without one a person hashes as before names existed.
    story.persons.map((p) => (p.publicName ? [p.id, p.shows, p.publicName] : [p.id, p.shows])),
    ...(photos.length
      ? [photos.map((p) => [p.id, p.alt, p.focal.x, p.focal.y, p.lead === true, p.noPerson === true, p.persons.map((x) => [x.personId, x.recognisable])])]
      : []),
  ]);
  return bytesToHex(sha256(utf8ToBytes(shown)));
}

/** Why the read-back does not (or no longer) cover the story; empty when it does. */
export function readBackProblems(story: Hashed & { readBack?: ReadBack }): string[] {
  if (!story.readBack) return ['Die Rückbestätigung fehlt: Die Personen in der Geschichte müssen den endgültigen Text kennen, bevor der Träger freigibt.'];
  if (story.readBack.contentHash !== contentHash(story))
    return ['Der Text wurde nach der Rückbestätigung geändert. Bitte den geänderten Text noch einmal bestätigen lassen.'];
  const missing = story.persons.filter((p) => !story.readBack!.personIds.includes(p.id));
  return missing.map((p) => `Person ${p.id}: Die Rückbestätigung des Textes fehlt.`);
}
