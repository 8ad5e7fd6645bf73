import { type Audience, deliveryOf, type NotificationContent, type Person } from '@newsroom/domain/notifications.ts';
import { addToDigest, getPreferences } from '@newsroom/store/notifications.ts';
import { claimReminder } from '@newsroom/store/reminders.ts';
import type { Ports } from './ports.ts';

/**
 * Notifications of events that are not a step of a story's workflow (reminders.ts, and a
 * release that must be corrected: release-cascade.ts). Each person is told once per event:
 * a marker per event and person is written before the mail is queued or kept for the
 * daily summary, so a repeated scheduled run or a retried handler tells nobody twice.
 * Each by their own choice of sofort, täglich or aus.
 */

const meant = (a: Audience, person: Person) =>
  'subject' in a ? person.subject === a.subject : person.role === a.role && (a.partner === undefined || person.partner === a.partner);

/** Tells everyone the audiences name about one event, once each; returns the addresses told now. */
export async function remind(p: Ports, event: string, audiences: readonly Audience[], content: NotificationContent): Promise<string[]> {
  const people = (await p.users.people()).map(({ user, subject }) => ({ ...user, subject }) as Person);
  const now = p.clock.now();
  const told: string[] = [];
  const queued = [];
  for (const person of people) {
    if (!person.enabled || !person.email || !audiences.some((a) => meant(a, person))) continue;
    const delivery = deliveryOf(content.kind, await getPreferences(person.subject, p.db));
    if (delivery === 'aus') continue;
    const key = `${event}:${person.subject}`;
    if (!(await claimReminder(key, now, p.db))) continue;
    if (delivery === 'taeglich') await addToDigest({ subject: person.subject, to: person.email, at: now.toISOString(), key, content }, p.db);
    else queued.push({ key, to: person.email, notifications: [content] });
    told.push(person.email);
  }
  await p.mail.enqueue(queued);
  return told;
}
