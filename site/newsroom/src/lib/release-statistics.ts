/**
 * The statistics snapshot a release refers to. The statistics pages are their own
 * part of the site (lib/statistics.ts, /statistik/); this module asks them through a
 * glob import, so a release page still builds, and links to the statistics overview,
 * when that part is missing, renamed or cannot find the snapshot.
 */
interface StatisticsModule {
  publicSnapshots?: () => Promise<{ date: string; dateLabel: string; publication: { firstPublishedAt: string } }[]>;
  statisticsPath?: (date?: string) => string;
}

const modules = import.meta.glob<StatisticsModule>('./statistics.ts');

export interface StatisticsReference {
  href: string;
  /** "Anfang 2021": the reporting date, when the snapshot is published. */
  dateLabel?: string;
  publishedAt?: string;
}

const OVERVIEW: StatisticsReference = { href: '/statistik/' };

export async function statisticsReference(snapshotId: string): Promise<StatisticsReference> {
  const load = modules['./statistics.ts'];
  if (!load) return OVERVIEW;
  try {
    const mod = await load();
    const snapshot = (await mod.publicSnapshots?.())?.find((s) => s.date === snapshotId);
    if (!snapshot || !mod.statisticsPath) return OVERVIEW;
    return { href: mod.statisticsPath(snapshot.date), dateLabel: snapshot.dateLabel, publishedAt: snapshot.publication.firstPublishedAt };
  } catch (err) {
    console.warn(`statistics snapshot ${snapshotId}: ${(err as Error).message}; linking to the overview`);
    return OVERVIEW;
  }
}
