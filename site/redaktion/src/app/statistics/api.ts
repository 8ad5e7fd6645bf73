import type { ReportingDate } from '../../../../../functions/domain/audience.ts';
import type { Aggregate, Snapshot } from '../../../../../functions/domain/statistics-snapshot.ts';
import type { ProtectedBreakdown } from '../../../../../functions/domain/statistics-suppression.ts';
import type { Submission, SubmissionAction } from '../../../../../functions/domain/statistics-workflow.ts';
import type { PartialCounts, Settings, SettingsInput } from '../../../../../functions/domain/statistics.ts';
import type { Api } from '../api.ts';

/** A submission as the API hands it out: with the actions this person may take now. */
export type SubmissionView = Submission & { actions: SubmissionAction[]; correctionInProgress?: boolean };
type SnapshotActions = { actions: ('publish' | 'withdraw')[] };
/** A snapshot as the press office and administrators see it: the full record. */
export type SnapshotView = Snapshot & SnapshotActions;
/** A reporting date as everyone sees it in lists; partner staff get no more than this. */
export type ReportingDateView = ReportingDate & SnapshotActions;

export interface CountyDay {
  snapshot: SnapshotView;
  threshold: number;
  aggregate: Aggregate;
  preview?: ProtectedBreakdown;
}
export interface PartnerDay {
  snapshot: ReportingDateView;
  submissions: SubmissionView[];
  missing: string[];
}

const enc = encodeURIComponent;

/** The statistics endpoints, on the editor's authenticated API client. */
export function statisticsApi(api: Api) {
  const call = api.request;
  return {
    settings: () => call<Settings>('GET', '/statistics/settings'),
    saveSettings: (version: number, input: SettingsInput) => call<Settings>('PUT', '/statistics/settings', { version, ...input }),
    snapshots: () => call<{ items: ReportingDateView[] }>('GET', '/statistics/snapshots'),
    createSnapshot: (date: string) => call<SnapshotView>('POST', '/statistics/snapshots', { date }),
    day: <T extends CountyDay | PartnerDay>(date: string) => call<T>('GET', `/statistics/snapshots/${enc(date)}`),
    snapshotAction: (date: string, body: { action: 'publish' | 'withdraw'; version: number; note?: string; acceptIncomplete?: boolean }) =>
      call<SnapshotView>('POST', `/statistics/snapshots/${enc(date)}/transitions`, body),
    submissions: (q: { date?: string; status?: string; scope?: 'partner' | 'all' } = {}) => {
      const params = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined) as [string, string][]).toString();
      return call<{ items: SubmissionView[] }>('GET', `/statistics/submissions${params ? `?${params}` : ''}`);
    },
    submission: (id: string) => call<SubmissionView>('GET', `/statistics/submissions/${enc(id)}`),
    createSubmission: (date: string, municipality: string, counts: PartialCounts) =>
      call<SubmissionView>('POST', '/statistics/submissions', { date, municipality, counts }),
    updateSubmission: (id: string, version: number, counts: PartialCounts) =>
      call<SubmissionView>('PUT', `/statistics/submissions/${enc(id)}`, { version, counts }),
    transition: (id: string, action: SubmissionAction, version: number, comment?: string) =>
      call<SubmissionView>('POST', `/statistics/submissions/${enc(id)}/transitions`, { action, version, ...(comment ? { comment } : {}) }),
  };
}
export type StatisticsApi = ReturnType<typeof statisticsApi>;
