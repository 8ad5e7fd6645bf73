import { CHANNELS, label } from './consent.ts';
import type { Release } from './release.ts';
import type { Story } from './story.ts';

/**
 * Where a story went before its consent was withdrawn, so the partner can act on what
 * the system cannot recall itself. Built from the story's own audit trail (every
 * publication and takedown is in it) and the releases that featured it.
 */
export interface ReportEntry {
  where: string;
  /** Absolute or site-relative address, when there is one. */
  url?: string;
  /** When it became public and when it stopped being public (ISO). */
  from?: string;
  until?: string;
  /** Whether the system took it back itself. */
  recalled: boolean;
  note: string;
}

export interface WithdrawalReport {
  storyId: string;
  storyTitle: string;
  createdAt: string;
  entries: ReportEntry[];
}

/** Periods in which the story was public, from its audit trail. */
export function publicationPeriods(story: Pick<Story, 'audit'>): { from: string; until?: string }[] {
  const periods: { from: string; until?: string }[] = [];
  for (const e of story.audit) {
    if (e.to === 'published' && e.from !== 'published') periods.push({ from: e.at });
    else if (e.from === 'published' && e.to !== 'published' && periods.at(-1) && !periods.at(-1)!.until) periods.at(-1)!.until = e.at;
  }
  return periods;
}

export function withdrawalReport(story: Pick<Story, 'id' | 'slug' | 'title' | 'channels' | 'audit'>, releases: readonly Pick<Release, 'id' | 'slug' | 'headline' | 'publishedAt' | 'status'>[], now: Date): WithdrawalReport {
  const at = now.toISOString();
  const entries: ReportEntry[] = [];
  const periods = publicationPeriods(story);
  for (const p of periods) {
    entries.push({ where: 'Website: Seite der Geschichte', url: `/geschichten/${story.slug}/`, from: p.from, until: p.until ?? at, recalled: true, note: 'Die Seite ist entfernt und antwortet mit „nicht mehr verfügbar“ (410).' });
    if (story.channels.includes('press')) {
      entries.push({ where: 'RSS-Feed der Geschichten', url: '/rss.xml', from: p.from, until: p.until ?? at, recalled: true, note: 'Der Eintrag ist aus dem Feed entfernt. Feed-Reader, die ihn schon geladen haben, behalten ihre Kopie.' });
    }
  }
  for (const r of releases) {
    const wasPublic = r.publishedAt !== undefined && ['published', 'unpublished'].includes(r.status);
    entries.push({
      where: `Pressemitteilung „${r.headline}“`, url: `/pressemitteilungen/${r.slug}/`, from: wasPublic ? r.publishedAt : undefined, until: at, recalled: true,
      note: 'Die Geschichte ist aus der Pressemitteilung entfernt; die Pressestelle wurde informiert.',
    });
    if (wasPublic) {
      entries.push({ where: `Journalistinnen und Journalisten (Pressemitteilung „${r.headline}“)`, recalled: false, note: 'Pressemitteilungen werden per Feed und E-Mail verbreitet. Bereits versandte Fassungen kann das System nicht zurückholen: bitte die Pressestelle bitten, die Empfänger um Löschung zu bitten.' });
    }
  }
  for (const ch of ['print', 'social'] as const) {
    if (story.channels.includes(ch) && periods.length > 0) {
      entries.push({ where: label(CHANNELS, ch), recalled: false, note: ch === 'print' ? 'Gedruckte Exemplare lassen sich nicht zurückholen: bitte keine weiteren verteilen und Restbestände vernichten.' : 'Beiträge in sozialen Medien bitte von Hand löschen; geteilte Kopien anderer lassen sich nicht zurückholen.' });
    }
  }
  if (entries.length === 0) entries.push({ where: 'Nirgends veröffentlicht', recalled: true, note: 'Die Geschichte war nie öffentlich; sie ist jetzt gesperrt.' });
  return { storyId: story.id, storyTitle: story.title, createdAt: at, entries };
}
