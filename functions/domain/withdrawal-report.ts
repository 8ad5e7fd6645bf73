import * as z from 'zod/mini';
import { germanDateTime } from './berlin-time.ts';
import { CHANNELS, label } from './consent.ts';
import { leadPhoto, photoLabel, photoPaths } from './photos.ts';
import type { Release } from './release.ts';
import type { Story } from './story.ts';

/**
 * Where a story went before its consent was withdrawn, so the partner can act on what
 * the system cannot recall itself. Built from the story's own audit trail (every
 * publication and takedown is in it) and the releases that featured it.
 */
export const ReportEntry = z.object({
  where: z.string(),
  /** Absolute or site-relative address, when there is one. */
  url: z.optional(z.string()),
  /** Every address of the entry when it has several (a photo's derivatives and its link-preview image). */
  urls: z.optional(z.array(z.string())),
  /** When it became public and when it stopped being public (ISO). */
  from: z.optional(z.string()),
  until: z.optional(z.string()),
  /** Whether the system took it back itself. */
  recalled: z.boolean(),
  note: z.string(),
});
export type ReportEntry = z.infer<typeof ReportEntry>;

export const WithdrawalReport = z.object({
  storyId: z.string(),
  storyTitle: z.string(),
  createdAt: z.string(),
  entries: z.array(ReportEntry),
});
export type WithdrawalReport = z.infer<typeof WithdrawalReport>;

/** Periods in which the story was public, from its audit trail. */
export function publicationPeriods(story: Pick<Story, 'audit'>): { from: string; until?: string }[] {
  const periods: { from: string; until?: string }[] = [];
  for (const e of story.audit) {
    if (e.to === 'published' && e.from !== 'published') periods.push({ from: e.at });
    else if (e.from === 'published' && e.to !== 'published' && periods.at(-1) && !periods.at(-1)!.until) periods.at(-1)!.until = e.at;
  }
  return periods;
}

/**
 * `releases`: the releases that featured the story, as they were just before the
 * withdrawal (functions/operations/release-cascade.ts holds each one back: a public one goes offline).
 */
export function withdrawalReport(
  story: Pick<Story, 'id' | 'slug' | 'title' | 'channels' | 'audit'> & { photos?: Story['photos'] },
  releases: readonly Pick<Release, 'id' | 'slug' | 'headline' | 'publishedAt' | 'status' | 'audit'>[],
  now: Date,
): WithdrawalReport {
  const at = now.toISOString();
  const entries: ReportEntry[] = [];
  const periods = publicationPeriods(story);
  for (const p of periods) {
    entries.push({
      where: 'Website: Seite der Geschichte',
      url: `/geschichten/${story.slug}/`,
      from: p.from,
      until: p.until ?? at,
      recalled: true,
      note: 'Die Seite ist entfernt und antwortet mit „nicht mehr verfügbar“ (410).',
    });
    const lead = leadPhoto(story.photos ?? []);
    for (const photo of story.photos ?? []) {
      const urls = photo.width && photo.height ? photoPaths(photo.id, photo.width, photo.height, photo.focal) : [];
      entries.push({
        where: `Website: ${photoLabel(photo)}${photo === lead ? ' (Aufmacherbild, auch in Vorschauen beim Teilen)' : ''}`,
        ...(urls.length ? { url: urls.at(-1), urls } : {}),
        from: p.from,
        until: p.until ?? at,
        recalled: true,
        note: 'Alle Größen des Fotos sind mit der Seite von der Website entfernt (die Adressen antworten nicht mehr), auch aus Feeds, Suche und Vorschaubildern. Wer das Foto schon heruntergeladen hat, behält seine Kopie.',
      });
    }
    if (story.channels.includes('press')) {
      entries.push({
        where: 'RSS-Feed der Geschichten',
        url: '/rss.xml',
        from: p.from,
        until: p.until ?? at,
        recalled: true,
        note: 'Der Eintrag ist aus dem Feed entfernt. Feed-Reader, die ihn schon geladen haben, behalten ihre Kopie.',
      });
    }
  }
  const lift =
    'bis die Pressestelle unter derselben Adresse eine überarbeitete Fassung veröffentlicht und dabei bestätigt, dass der Text sich nicht mehr auf die Person bezieht (eine offene Aufgabe der Pressestelle)';
  for (const r of releases) {
    const live = r.status === 'published';
    const wasPublic = r.publishedAt !== undefined && (live || r.status === 'unpublished');
    const offlineSince = live ? at : r.audit.findLast((e) => e.from === 'published' && e.to !== 'published')?.at;
    entries.push({
      where: `Pressemitteilung „${r.headline}“`,
      url: `/pressemitteilungen/${r.slug}/`,
      from: wasPublic ? r.publishedAt : undefined,
      until: wasPublic ? offlineSince : undefined,
      recalled: true,
      note: live
        ? `Am ${germanDateTime(now)} mit Seite und Feeds offline genommen (410), weil ihr Text die Person beschreiben kann. Sie bleibt offline, ${lift}.`
        : wasPublic
          ? `War schon offline. Sie bleibt es, ${lift}.`
          : 'War noch nicht veröffentlicht. Sie kann erst erscheinen, wenn die Pressestelle bestätigt, dass ihr Text sich nicht mehr auf die Person bezieht (eine offene Aufgabe der Pressestelle).',
    });
    if (wasPublic) {
      entries.push({
        where: `Journalistinnen und Journalisten (Pressemitteilung „${r.headline}“)`,
        recalled: false,
        note: 'Pressemitteilungen werden per Feed und E-Mail verbreitet. Bereits versandte Fassungen kann das System nicht zurückholen: bitte die Pressestelle bitten, die Empfänger um Löschung zu bitten.',
      });
    }
  }
  for (const ch of ['print', 'social'] as const) {
    if (story.channels.includes(ch) && periods.length > 0) {
      entries.push({
        where: label(CHANNELS, ch),
        recalled: false,
        note:
          ch === 'print'
            ? 'Gedruckte Exemplare lassen sich nicht zurückholen: bitte keine weiteren verteilen und Restbestände vernichten.'
            : 'Beiträge in sozialen Medien bitte von Hand löschen; geteilte Kopien anderer lassen sich nicht zurückholen.',
      });
    }
  }
  if (entries.length === 0)
    entries.push({ where: 'Nirgends veröffentlicht', recalled: true, note: 'Die Geschichte war nie öffentlich; sie ist jetzt gesperrt.' });
  return { storyId: story.id, storyTitle: story.title, createdAt: at, entries };
}
