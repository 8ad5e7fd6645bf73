import { berlinDay } from '@newsroom/domain/consent.ts';
import { expiryTakedown } from '@newsroom/domain/consent-actions.ts';
import { ConflictError } from '@newsroom/domain/errors.ts';
import { PARTNERS } from '@newsroom/domain/partners.ts';
import { expiringBy, updateStory } from '@newsroom/store/stories.ts';
import { notifyStoryEvent } from './notifications.ts';
import type { Ports } from './ports.ts';
import { detachStoryFromReleases } from './release-cascade.ts';

export interface ExpiryRun {
  checked: number;
  takenDown: string[];
}

/**
 * Takes down every published story whose consent no longer covers it on day `now`.
 * Reads only the expiry index (stories whose earliest consent ended before today),
 * so a run costs what has expired, not the size of the site. Safe to repeat: a story
 * already down is skipped, and a concurrent change (409) is left for the next run.
 */
export async function takeDownExpired(p: Ports, now: Date): Promise<ExpiryRun> {
  const yesterday = berlinDay(new Date(now.getTime() - 86_400_000));
  const candidates = (await Promise.all(PARTNERS.map((partner) => expiringBy(partner.id, yesterday, p.db)))).flat();
  const takenDown: string[] = [];
  for (const story of candidates) {
    const audit = expiryTakedown(story, now);
    if (!audit) continue;
    try {
      const saved = await updateStory(story, { expectedVersion: story.version, status: 'unpublished', audit }, p.db);
      takenDown.push(story.id);
      await p.events.announce({ kind: 'story', id: story.id, change: 'unpublished', at: audit.at });
      await detachStoryFromReleases(p, story, 'Einwilligung abgelaufen', now, { consentGone: true });
      await notifyStoryEvent(p, { action: 'expiry', story: saved }, { story: saved, status: 'Von der Website genommen', reason: 'Einwilligung abgelaufen' });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  return { checked: candidates.length, takenDown };
}
