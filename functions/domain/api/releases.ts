import * as z from 'zod/mini';
import { berlinTime } from '../berlin-time-input.ts';
import { PressNotice } from '../notice.ts';
import { Release, ReleaseDraftInput, ReleaseStatus, ScheduleInput } from '../release.ts';
import { PublicRelease } from '../release-public.ts';
import { ReleaseAction } from '../release-workflow.ts';
import { safeText } from '../text.ts';
import { Cursor, conflictWith, Limit, Scope, Version } from './common.ts';

/** The press-release routes' requests and answers (functions/http/routes/releases.ts names them per route). */

export const ReleaseListQuery = z.object({ status: z.optional(ReleaseStatus), scope: z.optional(Scope), cursor: z.optional(Cursor), limit: z.optional(Limit) });
export const UpdateReleaseBody = z.object({
  version: Version,
  release: ReleaseDraftInput,
  /** Required for a change after publication: shown on the public page. */
  correctionNote: z.optional(
    safeText('Die Korrekturnotiz').check(z.trim(), z.minLength(10, 'Die Korrekturnotiz braucht mindestens 10 Zeichen.'), z.maxLength(500)),
  ),
});
/** Sperrfrist and end as Berlin wall-clock times `YYYY-MM-DDTHH:mm`; absent means none. */
export const ScheduleBody = z.extend(ScheduleInput, { version: Version });
export const ReleaseTransitionBody = z.object({
  action: ReleaseAction,
  version: Version,
  comment: z.optional(safeText('Der Kommentar').check(z.maxLength(2000, 'Der Kommentar darf höchstens 2.000 Zeichen haben.'))),
  /** Required to publish a release with consent holds: its text no longer refers to the persons of those stories. */
  confirmNoReference: z.optional(z.boolean()),
});

/** The full record, with the actions this person may take now. */
export const ReleaseView = z.extend(Release, { audience: z.literal('full'), actions: z.array(ReleaseAction) });
export type ReleaseView = z.infer<typeof ReleaseView>;

/** Another organisation's public release: only what the public site shows of it. */
export const PublicReleaseView = z.extend(PublicRelease, { audience: z.literal('public') });
export type PublicReleaseView = z.infer<typeof PublicReleaseView>;

/** A release as the caller may see it (functions/domain/audience.ts). */
export const SeenRelease = z.discriminatedUnion('audience', [ReleaseView, PublicReleaseView]);
export type SeenRelease = z.infer<typeof SeenRelease>;

export const ReleaseList = z.object({ items: z.array(ReleaseView), next: z.optional(Cursor) });
export type ReleaseList = z.infer<typeof ReleaseList>;
export const NoticeList = z.object({ items: z.array(PressNotice) });
export type NoticeList = z.infer<typeof NoticeList>;

export const ReleaseConflict = conflictWith(Release);

/** A story's planned publication: the press office's schedule, served by the releases function beside the Sperrfristen. */
/** A planned publication as Berlin wall-clock time `YYYY-MM-DDTHH:mm`; absent removes the plan. */
export const StoryScheduleBody = z.object({ version: Version, publishAt: z.optional(berlinTime) });
/** The plan as it now stands: the story's new version and the planned instant, if any. */
export const StorySchedule = z.object({ id: z.string(), version: Version, publishAt: z.optional(z.string()) });
export type StorySchedule = z.infer<typeof StorySchedule>;
