import { randomBytes } from 'node:crypto';
import type { Release } from '../domain/release.ts';
import type { Story } from '../domain/story.ts';
import { announce } from '../events/changes.ts';
import { allReleasesInStatus, updateRelease } from '../store/releases.ts';
import { addNotice } from '../store/notices.ts';
import { VersionConflict } from '../store/versioned.ts';

const ACTIVE = ['proposed', 'approved', 'scheduled', 'published'] as const;

/**
 * A featured story came off the site (consent withdrawn, expired, or taken down): it is
 * removed from every release that features it, each in its own versioned write with an
 * audit entry, and the press office gets a notice per release. The release itself stays
 * up: it is about the programme, and the rest of it is still true. Reads the releases
 * in the active statuses (a few hundred at county scale) and filters them in memory.
 */
export async function detachStoryFromReleases(story: Pick<Story, 'id' | 'title'>, reason: string, now: Date): Promise<Release[]> {
  const touched: Release[] = [];
  const releases = (await Promise.all(ACTIVE.map((s) => allReleasesInStatus(s)))).flat().filter((r) => r.featuredStoryIds.includes(story.id));
  for (const release of releases) {
    const at = now.toISOString();
    const message = `Die Geschichte „${story.title}“ wurde aus der Pressemitteilung „${release.headline}“ entfernt: ${reason}.`;
    try {
      await updateRelease(release, {
        ...release,
        featuredStoryIds: release.featuredStoryIds.filter((id) => id !== story.id),
        photos: release.photos.filter((p) => p.recognisablePerson?.storyId !== story.id),
      }, { at, by: 'system', byName: 'Automatische Prüfung', action: 'story-removed', comment: message });
    } catch (err) {
      if (!(err instanceof VersionConflict)) throw err;
      // Changed meanwhile: the render-time check already hides the story; the notice still goes out.
    }
    await addNotice({ id: randomBytes(4).toString('hex'), at, message, releaseId: release.id, storyId: story.id });
    touched.push(release);
    if (release.status === 'published') await announce({ kind: 'release', id: release.id, change: 'updated', at });
  }
  return touched;
}
