import { germanDateTime } from '../domain/berlin-time.ts';
import { ConflictError } from '../domain/errors.ts';
import { decide } from '../domain/workflow.ts';
import { allInStatus, updateStory } from '../store/stories.ts';
import type { Ports } from './ports.ts';

/** Who publishes at the planned moment: the press office's schedule, in the audit as such. */
const SCHEDULE = { sub: 'system', name: 'Zeitplan', roles: ['press' as const], partner: 'lra' as const };

/**
 * Planned publications of stories due at `now`. The press office's queue of approved stories is
 * small, so one Query of it finds them (access pattern 3); each is decided again at this moment,
 * exactly like a publication by hand: a consent that ran out or was narrowed since the plan stops
 * it, the plan is dropped with the reason in the audit, and the story waits in the press office's
 * queue. Safe to repeat: a published story is no longer in the queue, a dropped plan is gone.
 */
export async function runStorySchedule(p: Ports, now: Date): Promise<{ published: string[]; refused: string[] }> {
  const published: string[] = [];
  const refused: string[] = [];
  const due = (await allInStatus('press-approved', p.db)).filter((s) => s.publishAt && Date.parse(s.publishAt) <= now.getTime());
  for (const story of due) {
    const planned = germanDateTime(new Date(story.publishAt!));
    const decision = decide(story, 'publish', SCHEDULE, { now });
    try {
      if (decision.ok) {
        const at = decision.audit.at;
        await updateStory(
          story,
          {
            expectedVersion: story.version,
            status: 'published',
            publishedAt: story.publishedAt ?? at,
            audit: { ...decision.audit, comment: `Geplante Veröffentlichung (${planned})` },
          },
          p.db,
        );
        await p.events.announce({ kind: 'story', id: story.id, change: 'published', at });
        published.push(story.id);
      } else {
        await updateStory(
          story,
          {
            expectedVersion: story.version,
            publishAt: null,
            audit: {
              at: now.toISOString(),
              by: SCHEDULE.sub,
              byName: SCHEDULE.name,
              action: 'schedule-refused',
              comment: `Geplante Veröffentlichung (${planned}) nicht möglich: ${[decision.message, ...decision.problems].join(' ')}`,
            },
          },
          p.db,
        );
        refused.push(story.id);
      }
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  return { published, refused };
}
