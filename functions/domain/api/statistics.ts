import { z } from 'zod';
import { Municipality } from '../municipalities.ts';
import { Aggregate, PublicPublication, PublishedBreakdown, Snapshot, SnapshotAction } from '../statistics-snapshot.ts';
import { Submission, SubmissionAction, SubmissionStatus } from '../statistics-workflow.ts';
import { PartialCounts, ReportingDate, Settings, SettingsInput } from '../statistics.ts';
import { safeText } from '../text.ts';
import { conflictWith, Scope, Version } from './common.ts';

/** The statistics routes' requests and answers (functions/http/routes/statistics.ts names them per route). */

export const SettingsBody = SettingsInput.extend({ version: z.number({ error: 'Die Versionsnummer fehlt.' }).int().min(0) });
export const SnapshotBody = z.strictObject({ date: ReportingDate });
export const SnapshotTransitionBody = z.strictObject({
  action: SnapshotAction,
  version: Version,
  /** The public note when published figures change ("korrigiert am …"). */
  note: safeText('Der Hinweis').max(1000, 'Der Hinweis darf höchstens 1.000 Zeichen haben.').optional(),
  /** The press office has seen that submissions are missing and publishes anyway. */
  acceptIncomplete: z.boolean().optional(),
});
export const SubmissionListQuery = z.object({ date: ReportingDate.optional(), status: SubmissionStatus.optional(), scope: Scope.optional() });
export const CreateSubmissionBody = z.strictObject({
  date: ReportingDate,
  municipality: Municipality,
  counts: PartialCounts.optional(),
}, { error: 'Unbekannte Angaben in der Meldung.' });
export const UpdateSubmissionBody = z.strictObject({ version: Version, counts: PartialCounts });
export const SubmissionTransitionBody = z.strictObject({
  action: SubmissionAction,
  version: Version,
  comment: safeText('Der Kommentar').max(2000, 'Der Kommentar darf höchstens 2.000 Zeichen haben.').optional(),
});

/** A reporting date as the press office and administrators see it: the full record, with what they may do with it. */
export const SnapshotView = Snapshot.extend({ actions: z.array(SnapshotAction) });
export type SnapshotView = z.infer<typeof SnapshotView>;

/**
 * A reporting date as partner staff see it (audience.ts `snapshotFor`): the call for
 * figures and, once published, the figures exactly as the site shows them.
 */
export const ReportingDateView = Snapshot.pick({ date: true, dateLabel: true, status: true, origin: true })
  .extend({ publication: PublicPublication.optional(), actions: z.array(SnapshotAction) });
export type ReportingDateView = z.infer<typeof ReportingDateView>;

export const SeenSnapshot = z.union([SnapshotView, ReportingDateView]);
export type SeenSnapshot = z.infer<typeof SeenSnapshot>;
export const SnapshotList = z.object({ items: z.array(SeenSnapshot) });
export type SnapshotList = z.infer<typeof SnapshotList>;

/** A submission as this person may see it (`submissionFor`), with the actions they may take now. */
export const SubmissionView = Submission.extend({ actions: z.array(SubmissionAction), correctionInProgress: z.boolean().optional() });
export type SubmissionView = z.infer<typeof SubmissionView>;
export const SubmissionList = z.object({ items: z.array(SubmissionView) });
export type SubmissionList = z.infer<typeof SubmissionList>;

/** A reporting date for the press office and administrators: the county aggregate and the breakdown as it would be published. */
export const CountyDay = z.object({ snapshot: SnapshotView, threshold: z.number().int(), aggregate: Aggregate, preview: PublishedBreakdown.optional() });
export type CountyDay = z.infer<typeof CountyDay>;

/** A reporting date for partner staff: their own submissions and their municipalities still missing. */
export const PartnerDay = z.object({ snapshot: ReportingDateView, submissions: z.array(SubmissionView), missing: z.array(Municipality) });
export type PartnerDay = z.infer<typeof PartnerDay>;

export const ReportingDay = z.union([CountyDay, PartnerDay]);
export type ReportingDay = z.infer<typeof ReportingDay>;

export const SettingsConflict = conflictWith(Settings);
export const SnapshotConflict = conflictWith(Snapshot);
/** `existingId`: the submission that already holds these figures. */
export const SubmissionConflict = conflictWith(SubmissionView).extend({ existingId: z.string().optional() });
