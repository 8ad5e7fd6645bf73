import { type Actor, hasRole } from '@newsroom/domain/actor.ts';
import { germanDateTime } from '@newsroom/domain/berlin-time.ts';
import { ConflictError, expectVersion, NotFound, refuse } from '@newsroom/domain/errors.ts';
import type { Story } from '@newsroom/domain/story.ts';
import { canRead, decide } from '@newsroom/domain/workflow.ts';
import { allInStatus, getStory, updateStory } from '@newsroom/store/stories.ts';
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

/**
 * Plans the publication of a story the press office approved, at an instant entered as Berlin
 * time (`publishAt` undefined removes the plan). Refused when the story could not be published
 * at that moment as it stands: a consent running out before then is named now, not at the time.
 */
export async function scheduleStory(p: Ports, actor: Actor, id: string, { version, publishAt }: { version: number; publishAt?: string }): Promise<Story> {
  if (!hasRole(actor, 'press')) refuse({ reason: 'forbidden', message: 'Nur die Pressestelle plant Veröffentlichungen.' });
  const story = await getStory(id, p.db);
  if (!story || !canRead(actor, story)) throw new NotFound('Diese Geschichte gibt es nicht oder Sie dürfen sie nicht sehen.');
  expectVersion('story', story, version);
  if (story.status !== 'press-approved')
    refuse({
      reason: 'state',
      message: 'Geplant werden kann nur eine Geschichte, die die Pressestelle freigegeben hat und die noch nicht veröffentlicht ist.',
    });
  const now = p.clock.now();
  const who = { at: now.toISOString(), by: actor.sub, byName: actor.name };
  if (!publishAt) {
    if (!story.publishAt) return story;
    return updateStory(
      story,
      { expectedVersion: version, publishAt: null, audit: { ...who, action: 'schedule', comment: 'Geplante Veröffentlichung aufgehoben' } },
      p.db,
    );
  }
  const at = new Date(publishAt);
  if (at.getTime() <= now.getTime()) {
    refuse({
      reason: 'invalid',
      message: 'Der geplante Zeitpunkt liegt in der Vergangenheit.',
      problems: ['Bitte einen Zeitpunkt in der Zukunft wählen oder sofort veröffentlichen.'],
    });
  }
  const then = decide(story, 'publish', actor, { now: at });
  if (!then.ok) refuse({ ...then, message: `Zum geplanten Zeitpunkt (${germanDateTime(at)}) könnte die Geschichte nicht veröffentlicht werden.` });
  return updateStory(
    story,
    { expectedVersion: version, publishAt, audit: { ...who, action: 'schedule', comment: `Veröffentlichung geplant für ${germanDateTime(at)}` } },
    p.db,
  );
}
