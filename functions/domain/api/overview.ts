import * as z from 'zod/mini';
import { Settings } from '../statistics.ts';
import { NoticeList, ReleaseList } from './releases.ts';
import { PartnerDay } from './statistics.ts';
import { ExpiringList, StoryList } from './stories.ts';
import { AuditPage, UserList } from './users.ts';

/**
 * Everything the editor's overview shows the signed-in person, in one answer (GET /overview).
 * Each part is exactly what its own route answers this person (the same audience rules),
 * and a part their role's overview does not show is absent.
 */
export const Overview = z.object({
  /** The first page of each story list of the role (functions/domain/overview.ts), by key (`all:published`, `partner:revision:draft`). */
  stories: z.record(z.string(), StoryList),
  /** Those who write and publish stories: GET /consents/expiring. */
  expiring: z.optional(ExpiringList),
  /** Press office: GET /releases?status=proposed and ?status=scheduled. */
  releases: z.optional(z.object({ proposed: ReleaseList, scheduled: ReleaseList })),
  /** Press office: GET /notices. */
  notices: z.optional(NoticeList),
  /** Partner staff: the latest reporting date open for figures up to today, as GET /statistics/snapshots/{date} answers it; absent when there is none. */
  statistics: z.optional(z.object({ latest: z.optional(PartnerDay) })),
  /** Administrators: GET /users, GET /statistics/settings, the latest entries of GET /audit (this month) and the titles of their items (null: not theirs to see). */
  admin: z.optional(z.object({ users: UserList, settings: Settings, audit: AuditPage, titles: z.record(z.string(), z.nullable(z.string())) })),
});
export type Overview = z.infer<typeof Overview>;
