import * as z from 'zod/mini';
import { Municipality } from '../municipalities.ts';
import { PartialCounts, ReportingDate, Settings, SettingsInput } from '../statistics.ts';
import { Aggregate, PublicPublication, PublishedBreakdown, Snapshot, SnapshotAction } from '../statistics-snapshot.ts';
import { Submission, SubmissionAction, SubmissionStatus } from '../statistics-workflow.ts';
import { safeText } from '../text.ts';
import { conflictWith, Scope, Version } from './common.ts';

/** The statistics routes' requests and answers (functions/http/routes/statistics.ts names them per route). */

export const SettingsBody = z.extend(SettingsInput, { version: z.number({ error: 'Die Versionsnummer fehlt.' }).check(z.int(), z.gte(0)) });
export const SnapshotBody = z.strictObject({ date: ReportingDate });
export const SnapshotTransitionBody = z.strictObject({
  action: SnapshotAction,
  version: Version,
  /** The public note when published figures change ("korrigiert am …"). */
  note: z.optional(safeText('Der Hinweis').check(z.maxLength(1000, 'Der Hinweis darf höchstens 1.000 Zeichen haben.'))),
  /** The press office has seen that submissions are missing and publishes anyway. */
  acceptIncomplete: z.optional(z.boolean()),
});
export const SubmissionListQuery = z.object({ date: z.optional(ReportingDate), status: z.optional(SubmissionStatus), scope: z.optional(Scope) });
export const CreateSubmissionBody = z.strictObject(
  {
    date: ReportingDate,
    municipality: Municipality,
    counts: z.optional(PartialCounts),
  },
  { error: 'Unbekannte Angaben in der Meldung.' },
);
export const UpdateSubmissionBody = z.strictObject({ version: Version, counts: PartialCounts });
export const SubmissionTransitionBody = z.strictObject({
  action: SubmissionAction,
  version: Version,
  comment: z.optional(safeText('Der Kommentar').check(z.maxLength(2000, 'Der Kommentar darf höchstens 2.000 Zeichen haben.'))),
});

/** A reporting date as the press office and administrators see it: the full record, with what they may do with it. */
export const SnapshotView = z.extend(Snapshot, { actions: z.array(SnapshotAction) });
export type SnapshotView = z.infer<typeof SnapshotView>;

/**
 * A reporting date as partner staff see it (audience.ts `snapshotFor`): the call for
 * figures and, once published, the figures exactly as the site shows them.
 */
export const ReportingDateView = z.extend(z.pick(Snapshot, { date: true, dateLabel: true, status: true, origin: true }), {
  publication: z.optional(PublicPublication),
  actions: z.array(SnapshotAction),
});
export type ReportingDateView = z.infer<typeof ReportingDateView>;

export const SeenSnapshot = z.union([SnapshotView, ReportingDateView]);
export type SeenSnapshot = z.infer<typeof SeenSnapshot>;
export const SnapshotList = z.object({ items: z.array(SeenSnapshot) });
export type SnapshotList = z.infer<typeof SnapshotList>;

/** A submission as this person may see it (`submissionFor`), with the actions they may take now. */
export const SubmissionView = z.extend(Submission, { actions: z.array(SubmissionAction), correctionInProgress: z.optional(z.boolean()) });
export type SubmissionView = z.infer<typeof SubmissionView>;
export const SubmissionList = z.object({ items: z.array(SubmissionView) });
export type SubmissionList = z.infer<typeof SubmissionList>;

/** A reporting date for the press office and administrators: the county aggregate and the breakdown as it would be published. */
export const CountyDay = z.object({
  snapshot: SnapshotView,
  threshold: z.number().check(z.int()),
  aggregate: Aggregate,
  preview: z.optional(PublishedBreakdown),
});
export type CountyDay = z.infer<typeof CountyDay>;

/** A reporting date for partner staff: their own submissions and their municipalities still missing. */
export const PartnerDay = z.object({ snapshot: ReportingDateView, submissions: z.array(SubmissionView), missing: z.array(Municipality) });
export type PartnerDay = z.infer<typeof PartnerDay>;

export const ReportingDay = z.union([CountyDay, PartnerDay]);
export type ReportingDay = z.infer<typeof ReportingDay>;

export const SettingsConflict = conflictWith(Settings);
export const SnapshotConflict = conflictWith(Snapshot);
/** `existingId`: the submission that already holds these figures. */
export const SubmissionConflict = z.extend(conflictWith(SubmissionView), { existingId: z.optional(z.string()) });
