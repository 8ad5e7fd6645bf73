import { randomBytes } from 'node:crypto';
import { germanDateTime } from '@newsroom/domain/berlin-time.ts';
import { ConflictError } from '@newsroom/domain/errors.ts';
import { type Release, type ReleaseAuditEntry, ReleaseStatus, wasPublic } from '@newsroom/domain/release.ts';
import type { Story } from '@newsroom/domain/story.ts';
import { addNotice } from '@newsroom/store/notices.ts';
import { allReleasesInStatus, getRelease, updateRelease } from '@newsroom/store/releases.ts';
import { logger } from '@newsroom/telemetry/logger.ts';
import { editorLink, PREFERENCES_HASH } from './notifications.ts';
import type { Ports } from './ports.ts';
import { remind } from './remind.ts';

const ACTIVE = ['proposed', 'approved', 'scheduled', 'published'] as const;
/** A hold must land; a write that lost a race is tried again on what is stored then. */
const ATTEMPTS = 5;

/**
 * A featured story came off the site. Every release featuring it loses it (its card and
 * the photos of its persons), each in its own versioned write with an audit entry.
 *
 * `consentGone`: it came off because its consent went (withdrawn, expired, no longer
 * covering, erased). A release's own words may still describe the person ("Eine Familie
 * aus Kornwestheim erzählt …") and the system cannot tell, so every release that features
 * it, in any state, also gets a consent hold: a published one goes off the site and the
 * feeds (410, like the story), a scheduled one back to approved, and none is published
 * again until the press office republishes it confirming a corrected text
 * (release-workflow.ts). The press office gets a task per release that stays open until
 * then. Hold messages name no story: they outlive an erasure of its data.
 *
 * Otherwise (taken down by the press office, its consent still valid) the release stays
 * up without it and the press office gets a notice. Reads the releases in the statuses
 * concerned (a few hundred at county scale) and filters them in memory.
 *
 * Returns the releases as they were before.
 */
export async function detachStoryFromReleases(
  p: Ports,
  story: Pick<Story, 'id' | 'title'>,
  reason: string,
  now: Date,
  opts: { consentGone: boolean },
): Promise<Release[]> {
  const statuses = opts.consentGone ? ReleaseStatus.options : ACTIVE;
  const releases = (await Promise.all(statuses.map((s) => allReleasesInStatus(s, p.db)))).flat().filter((r) => r.featuredStoryIds.includes(story.id));
  const at = now.toISOString();
  const touched: Release[] = [];
  for (const release of releases) {
    if (opts.consentGone) {
      const before = await hold(p, release, story.id, reason, now);
      if (!before) continue;
      touched.push(before);
      await addNotice(
        { id: randomBytes(4).toString('hex'), at, message: taskMessage(before, reason, now), releaseId: release.id, storyId: story.id, task: true },
        p.db,
      );
      if (before.status === 'published') await p.events.announce({ kind: 'release', id: release.id, change: 'unpublished', at });
      await tellReleaseNeedsCorrection(p, before, story.id, reason);
      continue;
    }
    touched.push(release);
    const message = `Die Geschichte „${story.title}“ wurde aus der Pressemitteilung „${release.headline}“ entfernt: ${reason}.`;
    try {
      await updateRelease(
        release,
        withoutStory(release, story.id),
        { at, by: 'system', byName: 'Automatische Prüfung', action: 'story-removed', comment: message },
        p.db,
      );
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      // Changed meanwhile: the render-time check already hides the story; the notice still goes out.
    }
    await addNotice({ id: randomBytes(4).toString('hex'), at, message, releaseId: release.id, storyId: story.id }, p.db);
    if (release.status === 'published') await p.events.announce({ kind: 'release', id: release.id, change: 'updated', at });
  }
  return touched;
}

/** The press office and the release's partner leads, once per release and story; never the story's title (it may outlive an erasure). */
async function tellReleaseNeedsCorrection(p: Ports, r: Release, storyId: string, reason: string): Promise<void> {
  try {
    await remind(p, `release-needs-correction:${r.id}:${storyId}`, [{ role: 'press' }, { role: 'partner-lead', partner: r.partner }], {
      kind: 'release-needs-correction',
      title: r.headline,
      status: 'Offline, bis eine überarbeitete Fassung ohne Bezug auf die Person veröffentlicht ist',
      reason,
      link: editorLink(`pressemitteilungen/${encodeURIComponent(r.id)}`),
      preferencesLink: editorLink(PREFERENCES_HASH),
    });
  } catch (err) {
    // The hold and the task are written; a mail that could not be queued does not undo them.
    logger.error('release correction notice failed', { releaseId: r.id, error: err as Error });
  }
}

const withoutStory = (r: Release, storyId: string): Release => ({
  ...r,
  featuredStoryIds: r.featuredStoryIds.filter((id) => id !== storyId),
  photos: r.photos.filter((p) => !p.persons.some((shown) => shown.storyId === storyId)),
});

/** Takes the release offline (or out of its schedule) with a hold; returns it as it was just before. */
async function hold(p: Ports, first: Release, storyId: string, reason: string, now: Date): Promise<Release | undefined> {
  let release: Release | undefined = first;
  for (let attempt = 1; release; attempt++) {
    const to = release.status === 'published' ? 'unpublished' : release.status === 'scheduled' ? 'approved' : release.status;
    const next: Release = {
      ...withoutStory(release, storyId),
      status: to,
      // A release taken out of its schedule keeps its public date only if it was public once (as the schedule route does).
      publishedAt: release.status === 'scheduled' && !wasPublic(release) ? undefined : release.publishedAt,
      consentHolds: [...(release.consentHolds ?? []), { storyId, at: now.toISOString(), reason }],
    };
    const audit: ReleaseAuditEntry = {
      at: now.toISOString(),
      by: 'system',
      byName: 'Automatische Prüfung',
      action: 'consent-hold',
      ...(to !== release.status ? { from: release.status, to } : {}),
      comment: `Die Einwilligung für eine vorgestellte Geschichte gilt nicht mehr (${reason}). Gesperrt, bis eine überarbeitete Fassung ohne Bezug auf die Person bestätigt und veröffentlicht ist.`,
    };
    try {
      await updateRelease(release, next, audit, p.db);
      return release;
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= ATTEMPTS) throw err;
      release = (err.current as Release | undefined) ?? (await getRelease(release.id, p.db));
    }
  }
  return undefined;
}

function taskMessage(r: Release, reason: string, now: Date): string {
  const cause = `Die Einwilligung für eine darin vorgestellte Geschichte gilt nicht mehr (${reason}).`;
  const lift = 'unter derselben Adresse eine überarbeitete Fassung veröffentlichen und dabei bestätigen, dass der Text sich nicht mehr auf die Person bezieht';
  if (r.status === 'published')
    return `Die Pressemitteilung „${r.headline}“ ist seit ${germanDateTime(now)} offline. ${cause} Sie bleibt offline, bis Sie ${lift}.`;
  return `Die Pressemitteilung „${r.headline}“ ist gesperrt. ${cause} Sie kann erst erscheinen, wenn Sie ${lift}.`;
}
