import * as z from 'zod/mini';
import { Municipality } from '../municipalities.ts';
import { PartnerId } from '../partners.ts';
import { COUNT_KEYS, PartialCounts, ReportingDate, Settings, SettingsInput } from '../statistics.ts';
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

/** The grid of one partner and reporting date: one row per municipality (routes `/statistics/snapshots/{date}/grid`). */
const CountKeyEnum = z.enum(COUNT_KEYS);
const Reason = safeText('Die Begründung').check(z.maxLength(500, 'Eine Begründung darf höchstens 500 Zeichen haben.'));
export const GridRowInput = z.strictObject(
  {
    municipality: Municipality,
    /** The version of the municipality's submission as read; absent for a municipality without one yet. */
    version: z.optional(Version),
    counts: PartialCounts,
    /** Why a flagged figure changed this much (statistics-plausibility.ts). */
    reasons: z.optional(z.partialRecord(CountKeyEnum, Reason)),
  },
  { error: 'Unbekannte Angaben in einer Zeile.' },
);
export const GridBody = z.strictObject({ rows: z.array(GridRowInput).check(z.maxLength(39, 'Höchstens 39 Zeilen.')) });
export type GridBody = z.infer<typeof GridBody>;

export const PlausibilityFlagView = z.object({
  field: CountKeyEnum,
  kind: z.enum(['change', 'falls']),
  previous: z.number(),
  current: z.number(),
  changePercent: z.optional(z.number()),
  message: z.string(),
});

export const GridRow = z.object({
  municipality: Municipality,
  submission: z.optional(SubmissionView),
  /** The accepted counts of the previous reporting date, when there were any. */
  previous: z.optional(z.partialRecord(CountKeyEnum, z.number())),
  flags: z.array(PlausibilityFlagView),
});
export const PartnerGrid = z.object({
  date: z.string(),
  dateLabel: z.string(),
  partner: PartnerId,
  previousDate: z.optional(z.string()),
  /** Percent of change that is flagged. */
  changeThreshold: z.number(),
  rows: z.array(GridRow),
});
export type PartnerGrid = z.infer<typeof PartnerGrid>;

/** One step for every submission of a reporting date it applies to: submit (the partner's whole grid), approve (the lead), accept (the press office). */
export const BatchTransitionBody = z.strictObject({ action: z.enum(['submit', 'approve', 'accept'], { error: 'Unbekannte Aktion.' }) });
export const BatchResult = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      partner: PartnerId,
      municipality: Municipality,
      ok: z.boolean(),
      status: SubmissionStatus,
      message: z.optional(z.string()),
    }),
  ),
});
export type BatchResult = z.infer<typeof BatchResult>;

export const SettingsConflict = conflictWith(Settings);
export const SnapshotConflict = conflictWith(Snapshot);
/** `existingId`: the submission that already holds these figures. */
export const SubmissionConflict = z.extend(conflictWith(SubmissionView), { existingId: z.optional(z.string()) });
