import * as z from 'zod/mini';
import { Delivery, NotificationKind, NotificationPreferences } from '../notification-schemas.ts';
import { User } from '../user.ts';
import { Cursor } from './common.ts';

/** The administration routes' requests and answers (functions/http/routes/users.ts names them per route). */

export const Month = z.string().check(z.regex(/^\d{4}-\d{2}$/, 'Bitte einen Monat im Format JJJJ-MM angeben.'));
/** `month` defaults to the current one. */
export const AuditQuery = z.object({ month: z.optional(Month), cursor: z.optional(Cursor) });

/** One line of the global audit trail: who, when, what, on which item (`STORY#…`, `RELEASE#…`, `STATS#SUB#…`). */
export const AuditLine = z.object({
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  action: z.string(),
  from: z.optional(z.string()),
  to: z.optional(z.string()),
  entity: z.string(),
});
export type AuditLine = z.infer<typeof AuditLine>;
export const AuditPage = z.object({ month: z.string(), items: z.array(AuditLine), next: z.optional(Cursor) });
export type AuditPage = z.infer<typeof AuditPage>;

export const UserList = z.object({ items: z.array(User) });
export type UserList = z.infer<typeof UserList>;

/** The caller's notification settings: each kind with its delivery, whether it can be switched off, and its label. */
export const NotificationSettings = z.object({
  items: z.array(
    z.object({
      kind: NotificationKind,
      label: z.string(),
      delivery: Delivery,
      /** Takedown notices reach whoever must act on them, always at once. */
      fixed: z.boolean(),
    }),
  ),
});
export const NotificationSettingsBody = z.object({ preferences: NotificationPreferences });
