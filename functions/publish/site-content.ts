import { berlinDay } from '@newsroom/domain/consent.ts';
import { emptySettings, type OrganisationSettings } from '@newsroom/domain/organisation.ts';
import { isReleasePublic, type Release, wasPublic } from '@newsroom/domain/release.ts';
import type { Snapshot } from '@newsroom/domain/statistics-snapshot.ts';
import { type Story, toPublicStory } from '@newsroom/domain/story.ts';
import type { ContentChange } from '@newsroom/events/changes.ts';
import type { SiteContent, SiteReleaseStatus, SiteStoryStatus } from '@newsroom/site-contract/render-pass.ts';
import { type Db, db as defaultDb } from '@newsroom/store/client.ts';
import { releaseAddress, storedGonePaths, storyAddress } from '@newsroom/store/gone.ts';
import { getOrganisationSettings } from '@newsroom/store/organisation.ts';
import { photoFiles } from '@newsroom/store/photo-files.ts';
import { allReleasesInStatus, getRelease } from '@newsroom/store/releases.ts';
import { getSnapshot, publishedSnapshots } from '@newsroom/store/statistics.ts';
import { allInStatus, getStoryItem } from '@newsroom/store/stories.ts';

const STORY_STATUSES: readonly SiteStoryStatus[] = ['published', 'unpublished', 'withdrawn'];
const RELEASE_STATUSES: readonly SiteReleaseStatus[] = ['published', 'unpublished', 'scheduled'];

/** A changed item as the site saw it before the change and as it is now (undefined: not in any list the site reads). */
export type Refreshed =
  | { kind: 'story'; id: string; before?: Story; after?: Story }
  | { kind: 'release'; id: string; before?: Release; after?: Release }
  | { kind: 'statistics'; id: string; before?: Snapshot; after?: Snapshot }
  | { kind: 'settings'; id: string; before?: OrganisationSettings; after?: OrganisationSettings };

/**
 * The publisher's copy of everything the public site reads from the store: the
 * stories and releases in the statuses the pages ask for, and the published
 * statistics. Loaded once with the same Queries a full build makes; after that each
 * announced change re-reads only its own item (one GetItem, consistent), so a publish
 * costs the same at 10,000 stories as at 100. `reload()` reads everything again; the
 * publisher does so on start and can do so on a schedule as a safety net against a
 * change nobody announced.
 *
 * Lists come back in the order of the store's status index (newest first by the
 * index's sort key), so the site sees exactly what the Queries would return.
 */
export class SiteContentCache implements SiteContent {
  private storiesById = new Map<string, Story>();
  private releasesById = new Map<string, Release>();
  private snapshotsByDate = new Map<string, Snapshot>();
  private gone: string[] = [];
  private settings: OrganisationSettings = emptySettings();
  private readonly db: Db;

  private constructor(db: Db) {
    this.db = db;
  }

  static async load(db: Db = defaultDb()): Promise<SiteContentCache> {
    const cache = new SiteContentCache(db);
    await cache.reload();
    return cache;
  }

  /**
   * Reads everything again and returns what differs from the copy held so far, as if
   * each difference had been announced: the safety net for a change nobody announced.
   */
  async reload(): Promise<Refreshed[]> {
    const [stories, releases, snapshots, gone, settings] = await Promise.all([
      Promise.all(STORY_STATUSES.map((s) => allInStatus(s, this.db))),
      Promise.all(RELEASE_STATUSES.map((s) => allReleasesInStatus(s, this.db))),
      publishedSnapshots(this.db),
      storedGonePaths(this.db),
      getOrganisationSettings(this.db),
    ]);
    this.gone = gone;
    const settingsBefore = this.settings;
    this.settings = settings;
    const before = { stories: this.storiesById, releases: this.releasesById, snapshots: this.snapshotsByDate };
    this.storiesById = new Map(stories.flat().map((s) => [s.id, s]));
    this.releasesById = new Map(releases.flat().map((r) => [r.id, r]));
    this.snapshotsByDate = new Map(snapshots.map((s) => [s.date, s]));
    const differ = <T extends { version: number; updatedAt?: string }>(a?: T, b?: T) => a?.version !== b?.version || a?.updatedAt !== b?.updatedAt;
    const ids = <T>(x: Map<string, T>, y: Map<string, T>) => [...new Set([...x.keys(), ...y.keys()])];
    return [
      ...ids(before.stories, this.storiesById)
        .filter((id) => differ(before.stories.get(id), this.storiesById.get(id)))
        .map((id): Refreshed => ({ kind: 'story', id, before: before.stories.get(id), after: this.storiesById.get(id) })),
      ...ids(before.releases, this.releasesById)
        .filter((id) => differ(before.releases.get(id), this.releasesById.get(id)))
        .map((id): Refreshed => ({ kind: 'release', id, before: before.releases.get(id), after: this.releasesById.get(id) })),
      ...ids(before.snapshots, this.snapshotsByDate)
        .filter((id) => differ(before.snapshots.get(id), this.snapshotsByDate.get(id)))
        .map((id): Refreshed => ({ kind: 'statistics', id, before: before.snapshots.get(id), after: this.snapshotsByDate.get(id) })),
      ...(settingsBefore.version !== settings.version ? [{ kind: 'settings', id: 'organisation', before: settingsBefore, after: settings } as const] : []),
    ];
  }

  /** Each item's version, to tell later whether the store moved on without an announcement. */
  versions(): Record<string, string> {
    const v: Record<string, string> = {};
    for (const s of this.storiesById.values()) v[`story:${s.id}`] = `${s.version}:${s.updatedAt}`;
    for (const r of this.releasesById.values()) v[`release:${r.id}`] = `${r.version}:${r.updatedAt}`;
    for (const s of this.snapshotsByDate.values()) v[`statistics:${s.date}`] = `${s.version}:${s.date}`;
    v['settings:organisation'] = String(this.settings.version);
    return v;
  }

  /** Re-reads the items of `changes` (each once) and returns them before and after. */
  async refresh(changes: readonly Pick<ContentChange, 'kind' | 'id'>[]): Promise<Refreshed[]> {
    const unique = [...new Map(changes.map((c) => [`${c.kind}:${c.id}`, c])).values()];
    // A story or release taken down or back changes the gone list with it (written before the change is announced).
    if (unique.some((c) => c.kind === 'story' || c.kind === 'release')) this.gone = await storedGonePaths(this.db);
    return Promise.all(
      unique.map(async (c): Promise<Refreshed> => {
        if (c.kind === 'story') {
          const before = this.storiesById.get(c.id);
          const now = await getStoryItem(c.id, this.db);
          const after = now && (STORY_STATUSES as readonly string[]).includes(now.status) ? now : undefined;
          if (after) this.storiesById.set(c.id, after);
          else this.storiesById.delete(c.id);
          return { kind: 'story', id: c.id, before, after };
        }
        if (c.kind === 'release') {
          const before = this.releasesById.get(c.id);
          const now = await getRelease(c.id, this.db);
          const after = now && (RELEASE_STATUSES as readonly string[]).includes(now.status) ? now : undefined;
          if (after) this.releasesById.set(c.id, after);
          else this.releasesById.delete(c.id);
          return { kind: 'release', id: c.id, before, after };
        }
        if (c.kind === 'settings') {
          const before = this.settings;
          this.settings = await getOrganisationSettings(this.db);
          return { kind: 'settings', id: c.id, before, after: this.settings };
        }
        const before = this.snapshotsByDate.get(c.id);
        const now = await getSnapshot(c.id, this.db);
        const after = now?.status === 'published' ? now : undefined;
        if (after) this.snapshotsByDate.set(c.id, after);
        else this.snapshotsByDate.delete(c.id);
        return { kind: 'statistics', id: c.id, before, after };
      }),
    );
  }

  async stories(status: SiteStoryStatus): Promise<Story[]> {
    return [...this.storiesById.values()].filter((s) => s.status === status).sort(newestFirst(storySortKey));
  }

  async releases(status: SiteReleaseStatus): Promise<Release[]> {
    return [...this.releasesById.values()].filter((r) => r.status === status).sort(newestFirst(releaseSortKey));
  }

  /** Photo files are read where they are kept, not copied: a publish reads only those of the pages it adds. */
  photoFile(file: string): Promise<Buffer | undefined> {
    return photoFiles().get(file);
  }

  async gonePaths(): Promise<string[]> {
    return this.gone;
  }

  async organisationSettings(): Promise<OrganisationSettings> {
    return this.settings;
  }

  /**
   * Addresses that must answer 410 whatever a build on disk or in the bucket still holds:
   * the store's gone list, every story and release taken down (their states say so), and
   * published stories whose consent no longer covers the website (the scheduler takes them
   * down at its next run). Applied before a live site is served at start-up and before a
   * publisher Lambda renders anything.
   */
  goneAddresses(now: Date): string[] {
    const day = berlinDay(now);
    const stories = [...this.storiesById.values()].filter((s) => s.publishedAt && (s.status !== 'published' || !onSite(s, now, day)));
    const releases = [...this.releasesById.values()].filter((r) => wasPublic(r) && !isReleasePublic(r, now));
    return [...new Set([...this.gone, ...stories.map((s) => storyAddress(s.slug)), ...releases.map((r) => releaseAddress(r.slug))])].sort();
  }

  async publishedSnapshots(): Promise<Snapshot[]> {
    return [...this.snapshotsByDate.values()].sort(newestFirst((s) => s.date));
  }

  /** Published releases that feature this story: their pages show it, and their photos follow its consents. */
  releasesFeaturing(storyId: string): Release[] {
    return [...this.releasesById.values()].filter((r) => r.featuredStoryIds.includes(storyId));
  }

  /** Releases that point to a statistics snapshot (their page names its reporting date). */
  releasesWithStatistics(): Release[] {
    return [...this.releasesById.values()].filter((r) => r.statisticsSnapshotId !== undefined);
  }
}

/** Whether the story is on the site on `day`; kept per item and day (items are replaced, never changed, when they change). */
const shown = new WeakMap<Story, { day: string; public: boolean }>();
function onSite(s: Story, now: Date, day: string): boolean {
  const seen = shown.get(s);
  if (seen?.day === day) return seen.public;
  const result = toPublicStory(s, now, 'website') !== undefined;
  shown.set(s, { day, public: result });
  return result;
}

// The status indexes' sort keys (functions/store/stories.ts and releases.ts, indexKeys).
const storySortKey = (s: Story) => `${s.status === 'published' ? (s.publishedAt ?? s.updatedAt) : s.updatedAt}#${s.id}`;
const releaseSortKey = (r: Release) =>
  `${r.status === 'scheduled' ? r.embargoAt! : r.status === 'published' ? (r.publishedAt ?? r.updatedAt) : r.updatedAt}#${r.id}`;
const newestFirst =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0;
