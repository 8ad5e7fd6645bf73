import { toBerlinLocal } from '@newsroom/domain/berlin-time.ts';
import { berlinDay } from '@newsroom/domain/consent.ts';
import { deliveryOf, type NotificationContent, type NotificationKind, recipientsOf, type StoryEvent } from '@newsroom/domain/notifications.ts';
import { config } from '@newsroom/runtime/config.ts';
import { addToDigest, dropFromDigest, getPreferences, waitingNotifications } from '@newsroom/store/notifications.ts';
import { logger } from '@newsroom/telemetry/logger.ts';
import type { Ports } from './ports.ts';

/** Where a notification links to: the item and the preferences screen in the editor. */
export const editorLink = (hash: string) => `${config().mail.editorUrl ?? ''}/#/${hash}`;
export const PREFERENCES_HASH = 'benachrichtigungen';

export interface StoryNotice {
  /** The story as it is after the step; an erased story is named by its id only. */
  story: { id: string; title: string; version: number };
  status: string;
  comment?: string;
  reason?: string;
  erased?: boolean;
}

/**
 * Tells everyone a step of a story concerns (domain/notifications.ts), each by their own
 * choice: at once, in the daily summary, or not at all. Never the person who took the
 * step. Each mail's idempotency key is the story's version after the step, the kind and
 * the recipient, so a retried handler or a redelivered message mails nobody twice. The
 * step itself is written already: a failure here is logged, it does not undo the step.
 */
export async function notifyStoryEvent(p: Ports, event: StoryEvent, notice: StoryNotice, actorSubject?: string): Promise<void> {
  try {
    const people = (await p.users.people()).map(({ user, subject }) => ({ ...user, subject }));
    const now = p.clock.now();
    const queued = [];
    for (const { kind, person } of recipientsOf(event, people, actorSubject)) {
      const key = `story:${notice.story.id}:v${notice.story.version}:${kind}:${person.subject}`;
      const content = contentOf(kind, notice);
      const delivery = deliveryOf(kind, await getPreferences(person.subject, p.db));
      if (delivery === 'aus') continue;
      if (delivery === 'taeglich') await addToDigest({ subject: person.subject, to: person.email, at: now.toISOString(), key, content }, p.db);
      else queued.push({ key, to: person.email, notifications: [content] });
    }
    await p.mail.enqueue(queued);
  } catch (err) {
    logger.error('notification failed', { storyId: notice.story.id, error: err as Error });
  }
}

function contentOf(kind: NotificationKind, notice: StoryNotice): NotificationContent {
  return {
    kind,
    title: notice.erased ? `Geschichte ${notice.story.id} (gelöscht)` : notice.story.title,
    status: notice.status,
    link: editorLink(`geschichten/${encodeURIComponent(notice.story.id)}`),
    ...(notice.comment ? { comment: notice.comment } : {}),
    ...(notice.reason ? { reason: notice.reason, reportLink: editorLink(`geschichten/${encodeURIComponent(notice.story.id)}`) } : {}),
    preferencesLink: editorLink(PREFERENCES_HASH),
  };
}

/** The hour (Berlin) from which the day's summary of the day before goes out. */
const DIGEST_HOUR = 7;

/**
 * The daily summary: from 7:00 (Berlin) everything that waited from before today goes to
 * each person in one mail, keyed by person and day, so a repeated run sends it once.
 */
export async function sendDigests(p: Ports, now: Date): Promise<string[]> {
  if (Number(toBerlinLocal(now).slice(11, 13)) < DIGEST_HOUR) return [];
  const today = berlinDay(now);
  const waiting = (await waitingNotifications(p.db)).filter((w) => berlinDay(new Date(w.at)) < today);
  const bySubject = Map.groupBy(waiting, (w) => w.subject);
  const sent: string[] = [];
  for (const [subject, items] of bySubject) {
    await p.mail.enqueue([{ key: `digest:${subject}:${today}`, to: items[0]!.to, notifications: items.map((w) => w.content) }]);
    await dropFromDigest(
      items.map((w) => w.sk),
      p.db,
    );
    sent.push(items[0]!.to);
  }
  return sent;
}
