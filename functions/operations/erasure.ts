import type { Actor } from '@newsroom/domain/actor.ts';
import { erasedStory } from '@newsroom/domain/erasure.ts';
import { ConflictError } from '@newsroom/domain/errors.ts';
import { photoFolder } from '@newsroom/domain/photos.ts';
import type { Story } from '@newsroom/domain/story.ts';
import { config } from '@newsroom/runtime/config.ts';
import { deleteNoticesAbout } from '@newsroom/store/notices.ts';
import { deletePhoto, photosOf } from '@newsroom/store/photos.ts';
import { anonymiseWithdrawalReports } from '@newsroom/store/reports.ts';
import { eraseHistory, inStatusUntil, replaceStory } from '@newsroom/store/stories.ts';
import { deleteHistory } from '@newsroom/store/story-history.ts';
import type { Ports } from './ports.ts';

/**
 * Erases a story's data (Art. 17 DSGVO): the story item becomes a minimal record, its
 * consent versions go and its audit entries lose their comments, the withdrawal reports
 * lose the title, notices quoting it are deleted, and every photo uploaded for it goes
 * with all its files (after the story's own write, so a refused erasure keeps them). If it
 * was public, the site is rebuilt so its page and the public copies of its photos go too.
 */
export async function eraseStory(
  p: Ports,
  story: Story,
  reason: 'request' | 'processing-withdrawn' | 'retention',
  actor: Pick<Actor, 'sub' | 'name'>,
  now: Date,
): Promise<Story> {
  const erased = await replaceStory(story, erasedStory(story, reason, actor, now), p.db);
  await anonymiseWithdrawalReports(story.id, p.db);
  await deleteHistory(story.id, p.db);
  await eraseHistory(story.id, p.db);
  await deleteNoticesAbout(story.id, p.db);
  for (const photo of await photosOf({ kind: 'story', id: story.id }, p.db)) {
    await p.photos.deleteAll(photoFolder(photo.id));
    await p.photos.deleteRaw(photo.id);
    await deletePhoto(photo.id, p.db);
  }
  if (story.status === 'published') await p.events.announce({ kind: 'story', id: story.id, change: 'withdrawn', at: now.toISOString() });
  return erased;
}

/** Retention: drafts never published and unchanged for `days` are erased by the scheduler. */
export async function eraseStaleDrafts(p: Ports, now: Date, days = config().retentionDraftDays): Promise<string[]> {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  const erased: string[] = [];
  for (const status of ['draft', 'returned'] as const) {
    for (const story of await inStatusUntil(status, cutoff, p.db)) {
      if (story.publishedAt) continue;
      try {
        await eraseStory(p, story, 'retention', { sub: 'system', name: 'Aufbewahrungsfrist' }, now);
        erased.push(story.id);
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
  }
  return erased;
}
