import * as z from 'zod/mini';
import { Comment } from '../comment.ts';
import { ConsentInput, ConsentStatus, EXPIRY_WARNING_DAYS, WithdrawalInput } from '../consent.ts';
import { ReadBackInput } from '../read-back.ts';
import { PublicStory, RevisionStatus, Story, StoryDraftInput, StoryStatus } from '../story.ts';
import { FieldDiff } from '../story-diff.ts';
import { VersionInfo } from '../story-history.ts';
import { safeText } from '../text.ts';
import { WithdrawalReport } from '../withdrawal-report.ts';
import { StoryAction } from '../workflow.ts';
import { Cursor, conflictWith, Limit, Scope, Version } from './common.ts';

/** The stories routes' requests and answers (functions/http/routes/stories.ts names them per route). */

export const StoryListQuery = z.object({
  status: z.optional(StoryStatus),
  /** Instead of the story's own status: the state of its pending revision (the work queues). */
  revision: z.optional(RevisionStatus),
  scope: z.optional(Scope),
  cursor: z.optional(Cursor),
  limit: z.optional(Limit),
});
/** `autosave`: the editor saved on its own while someone typed (the version list groups such saves, story-history.ts). */
export const UpdateStoryBody = z.object({ version: Version, story: StoryDraftInput, autosave: z.optional(z.boolean()) });
export const StoryTransitionBody = z.object({
  action: StoryAction,
  version: Version,
  comment: z.optional(safeText('Der Kommentar').check(z.maxLength(2000, 'Der Kommentar darf höchstens 2.000 Zeichen haben.'))),
  /** The author confirms the contact data or addresses the text check found. */
  confirmTextFindings: z.optional(z.boolean()),
  /** The partner lead read the re-identification warnings and approves knowingly; approval is refused without it when there are any. */
  acknowledgeWarnings: z.optional(z.boolean()),
});
export const ConsentBody = z.object({
  version: Version,
  consent: ConsentInput,
  correctionReason: z.optional(safeText('Der Grund der Korrektur').check(z.trim(), z.maxLength(500, 'Der Grund darf höchstens 500 Zeichen haben.'))),
});
export const ReadBackBody = z.object({ version: Version, readBack: ReadBackInput });
export const WithdrawalBody = z.object({ version: Version, withdrawal: WithdrawalInput });
/** Restore and erasure: only the version the person looked at. */
export const VersionBody = z.object({ version: Version });
export const CommentBody = z.object({
  text: safeText('Der Kommentar', { error: 'Bitte einen Kommentar schreiben.' }).check(
    z.trim(),
    z.minLength(2, 'Bitte einen Kommentar schreiben.'),
    z.maxLength(2000, 'Der Kommentar darf höchstens 2.000 Zeichen haben.'),
  ),
});
export const RevisionQuery = z.object({ version: z.coerce.number({ error: 'Die Versionsnummer fehlt.' }).check(z.int(), z.positive()) });
/** `to` defaults to the text in work now. */
export const DiffQuery = z.object({ from: z.coerce.number().check(z.int(), z.positive()), to: z.optional(z.coerce.number().check(z.int(), z.positive())) });
export const ExpiringQuery = z.object({ days: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(365)), EXPIRY_WARNING_DAYS) });
export const VersionParams = z.object({ id: z.string(), n: z.coerce.number().check(z.int(), z.positive()) });

/**
 * The full record as the editor receives it: with the actions this actor may take now and
 * its consent status at a glance (with the reasons when it does not cover the story).
 */
export const StoryView = z.extend(Story, {
  audience: z.literal('full'),
  actions: z.array(StoryAction),
  consentStatus: ConsentStatus,
  consentProblems: z.array(z.string()),
  /** The day (YYYY-MM-DD) the earliest current consent runs out. */
  consentExpires: z.optional(z.string()),
  /** Why the read-back does not cover the current text; empty when it does. */
  readBackProblems: z.array(z.string()),
});
export type StoryView = z.infer<typeof StoryView>;

/** One story with the re-identification warnings its author and partner lead must see (empty when there are none). */
export const StoryDetail = z.extend(StoryView, { reidentificationWarnings: z.array(z.string()) });
export type StoryDetail = z.infer<typeof StoryDetail>;

/** Another partner's published story: only what the public site shows of it. */
export const PublicStoryView = z.extend(PublicStory, { audience: z.literal('public') });
export type PublicStoryView = z.infer<typeof PublicStoryView>;

/** A story as the caller may see it (functions/domain/audience.ts). */
export const SeenStory = z.discriminatedUnion('audience', [StoryDetail, PublicStoryView]);

export type SeenStory = z.infer<typeof SeenStory>;
export const StoryList = z.object({ items: z.array(StoryView), next: z.optional(Cursor) });
export type StoryList = z.infer<typeof StoryList>;

/** A withdrawal answers with the report of where the story went and what was recalled. */
export const WithdrawalResult = z.extend(StoryView, { withdrawalReport: z.optional(WithdrawalReport) });
export type WithdrawalResult = z.infer<typeof WithdrawalResult>;
export const WithdrawalReportList = z.object({ items: z.array(WithdrawalReport) });
export type WithdrawalReportList = z.infer<typeof WithdrawalReportList>;
export const VersionList = z.object({ current: z.number().check(z.int(), z.positive()), items: z.array(VersionInfo) });
export type VersionList = z.infer<typeof VersionList>;
export const StoryDiff = z.object({ from: z.number().check(z.int(), z.positive()), to: z.number().check(z.int(), z.positive()), fields: z.array(FieldDiff) });
export type StoryDiff = z.infer<typeof StoryDiff>;
export const CommentList = z.object({ items: z.array(Comment) });
export type CommentList = z.infer<typeof CommentList>;
export const ExpiringList = z.object({ until: z.string(), items: z.array(StoryView) });

export type ExpiringList = z.infer<typeof ExpiringList>;
export const StoryConflict = conflictWith(Story);
