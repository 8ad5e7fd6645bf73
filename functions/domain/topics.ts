import * as z from 'zod/mini';

/** Topics of the counselling (DOMAIN.md: housing, work, language, family, health, participation). */
export const TOPICS = [
  { id: 'wohnen', label: 'Wohnen' },
  { id: 'arbeit', label: 'Arbeit' },
  { id: 'ausbildung', label: 'Ausbildung und Studium' },
  { id: 'sprache', label: 'Sprache' },
  { id: 'familie', label: 'Familie' },
  { id: 'gesundheit', label: 'Gesundheit' },
  { id: 'teilhabe', label: 'Teilhabe und Ehrenamt' },
] as const;

export const TopicId = z.enum(['wohnen', 'arbeit', 'ausbildung', 'sprache', 'familie', 'gesundheit', 'teilhabe'], {
  error: 'Unbekanntes Thema.',
});
export type TopicId = z.infer<typeof TopicId>;

export function topicLabel(id: TopicId): string {
  return TOPICS.find((t) => t.id === id)!.label;
}
