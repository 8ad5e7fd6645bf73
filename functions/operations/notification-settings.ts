import type { Actor } from '@newsroom/domain/actor.ts';
import { refuse } from '@newsroom/domain/errors.ts';
import { NOTIFICATION_LABELS } from '@newsroom/domain/notification-labels.ts';
import { ALWAYS_AT_ONCE, deliveryOf, NOTIFICATION_KINDS, type NotificationPreferences } from '@newsroom/domain/notifications.ts';
import { getPreferences, putPreferences } from '@newsroom/store/notifications.ts';
import type { Ports } from './ports.ts';

/** The caller's settings, one line per kind; the ones that cannot be switched off say so. */
export async function notificationSettings(p: Ports, actor: Actor) {
  const prefs = await getPreferences(actor.sub, p.db);
  return {
    items: NOTIFICATION_KINDS.map((kind) => ({
      kind,
      label: NOTIFICATION_LABELS[kind],
      delivery: deliveryOf(kind, prefs),
      fixed: ALWAYS_AT_ONCE.includes(kind),
    })),
  };
}

/** Saves the caller's choices; a takedown notice cannot be delayed or switched off, and trying says so. */
export async function saveNotificationSettings(p: Ports, actor: Actor, preferences: NotificationPreferences) {
  const fixed = ALWAYS_AT_ONCE.filter((kind) => preferences[kind] && preferences[kind] !== 'sofort');
  if (fixed.length)
    refuse({
      reason: 'invalid',
      message: 'Diese Benachrichtigungen kommen immer sofort.',
      problems: fixed.map(
        (kind) => `„${NOTIFICATION_LABELS[kind]}“ lässt sich nicht abschalten oder aufschieben: Wer davon betroffen ist, muss sofort handeln können.`,
      ),
    });
  await putPreferences(actor.sub, preferences, p.clock.now().toISOString(), p.db);
  return notificationSettings(p, actor);
}
