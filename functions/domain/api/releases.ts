import { z } from 'zod';
import { PressNotice } from '../notice.ts';
import { PublicRelease } from '../release-public.ts';
import { Release, ReleaseDraftInput, ReleaseStatus, ScheduleInput } from '../release.ts';
import { ReleaseAction } from '../release-workflow.ts';
import { safeText } from '../text.ts';
import { conflictWith, Cursor, Limit, Scope, Version } from './common.ts';

/** The press-release routes' requests and answers (functions/http/routes/releases.ts names them per route). */

export const ReleaseListQuery = z.object({ status: ReleaseStatus.optional(), scope: Scope.optional(), cursor: Cursor.optional(), limit: Limit.optional() });
export const UpdateReleaseBody = z.object({
  version: Version,
  release: ReleaseDraftInput,
  /** Required for a change after publication: shown on the public page. */
  correctionNote: safeText('Die Korrekturnotiz').trim().min(10, 'Die Korrekturnotiz braucht mindestens 10 Zeichen.').max(500).optional(),
});
/** Sperrfrist and end as Berlin wall-clock times `YYYY-MM-DDTHH:mm`; absent means none. */
export const ScheduleBody = ScheduleInput.extend({ version: Version });
export const ReleaseTransitionBody = z.object({
  action: ReleaseAction,
  version: Version,
  comment: safeText('Der Kommentar').max(2000, 'Der Kommentar darf höchstens 2.000 Zeichen haben.').optional(),
  /** Required to publish a release with consent holds: its text no longer refers to the persons of those stories. */
  confirmNoReference: z.boolean().optional(),
});

/** The full record, with the actions this person may take now. */
export const ReleaseView = Release.extend({ audience: z.literal('full'), actions: z.array(ReleaseAction) });
export type ReleaseView = z.infer<typeof ReleaseView>;

/** Another organisation's public release: only what the public site shows of it. */
export const PublicReleaseView = PublicRelease.extend({ audience: z.literal('public') });
export type PublicReleaseView = z.infer<typeof PublicReleaseView>;

/** A release as the caller may see it (functions/domain/audience.ts). */
export const SeenRelease = z.discriminatedUnion('audience', [ReleaseView, PublicReleaseView]);
export type SeenRelease = z.infer<typeof SeenRelease>;

export const ReleaseList = z.object({ items: z.array(ReleaseView), next: Cursor.optional() });
export type ReleaseList = z.infer<typeof ReleaseList>;
export const NoticeList = z.object({ items: z.array(PressNotice) });
export type NoticeList = z.infer<typeof NoticeList>;

export const ReleaseConflict = conflictWith(Release);
