import * as z from 'zod/mini';
import { type NotificationContent as Content, DELIVERIES, NOTIFICATION_KINDS } from './notifications.ts';

/**
 * The schemas of notifications where they cross a boundary: the mail queue (parsed by the
 * sender) and the settings routes. Apart from the rules (notifications.ts), so the
 * functions that only send keep zod's schemas out of their bundles.
 */
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export const Delivery = z.enum(DELIVERIES);
export const NotificationPreferences = z.partialRecord(NotificationKind, Delivery);

export const NotificationContent = z.object({
  kind: NotificationKind,
  title: z.string().check(z.maxLength(300)),
  status: z.string().check(z.maxLength(200)),
  link: z.string().check(z.maxLength(2000)),
  comment: z.optional(z.string().check(z.maxLength(4000))),
  reason: z.optional(z.string().check(z.maxLength(500))),
  reportLink: z.optional(z.string().check(z.maxLength(2000))),
  preferencesLink: z.string().check(z.maxLength(2000)),
}) satisfies z.ZodMiniType<Content>;
