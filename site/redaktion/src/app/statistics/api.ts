import type {
  BatchResult,
  CountyDay,
  GridBody,
  PartnerDay,
  PartnerGrid,
  ReportingDateView,
  SnapshotList,
  SnapshotView,
  SubmissionList,
  SubmissionView,
} from '@newsroom/domain/api/statistics.ts';
import type { PartialCounts, Settings, SettingsInput } from '@newsroom/domain/statistics.ts';
import type { SubmissionAction } from '@newsroom/domain/statistics-workflow.ts';
import type { Api } from '../api.ts';

export type { BatchResult, CountyDay, PartnerDay, PartnerGrid, ReportingDateView, SnapshotView, SubmissionView };

const enc = encodeURIComponent;

/** The statistics endpoints, on the editor's authenticated API client. */
export function statisticsApi(api: Api) {
  const call = api.request;
  return {
    settings: () => call<Settings>('GET', '/statistics/settings'),
    saveSettings: (version: number, input: SettingsInput) => call<Settings>('PUT', '/statistics/settings', { version, ...input }),
    snapshots: () => call<SnapshotList>('GET', '/statistics/snapshots'),
    createSnapshot: (date: string) => call<SnapshotView>('POST', '/statistics/snapshots', { date }),
    day: <T extends CountyDay | PartnerDay>(date: string) => call<T>('GET', `/statistics/snapshots/${enc(date)}`),
    snapshotAction: (date: string, body: { action: 'publish' | 'withdraw'; version: number; note?: string; acceptIncomplete?: boolean }) =>
      call<SnapshotView>('POST', `/statistics/snapshots/${enc(date)}/transitions`, body),
    submissions: (q: { date?: string; status?: string; scope?: 'partner' | 'all' } = {}) => {
      const params = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined) as [string, string][]).toString();
      return call<SubmissionList>('GET', `/statistics/submissions${params ? `?${params}` : ''}`);
    },
    submission: (id: string) => call<SubmissionView>('GET', `/statistics/submissions/${enc(id)}`),
    createSubmission: (date: string, municipality: string, counts: PartialCounts) =>
      call<SubmissionView>('POST', '/statistics/submissions', { date, municipality, counts }),
    updateSubmission: (id: string, version: number, counts: PartialCounts) =>
      call<SubmissionView>('PUT', `/statistics/submissions/${enc(id)}`, { version, counts }),
    grid: (date: string) => call<PartnerGrid>('GET', `/statistics/snapshots/${enc(date)}/grid`),
    saveGrid: (date: string, rows: GridBody['rows']) => call<PartnerGrid>('PUT', `/statistics/snapshots/${enc(date)}/grid`, { rows }),
    /** One step for every submission of the date it applies to; the answer says per submission what happened. */
    dateAction: (date: string, action: 'submit' | 'approve' | 'accept') =>
      call<BatchResult>('POST', `/statistics/snapshots/${enc(date)}/submissions/transitions`, { action }),
    transition: (id: string, action: SubmissionAction, version: number, comment?: string) =>
      call<SubmissionView>('POST', `/statistics/submissions/${enc(id)}/transitions`, { action, version, ...(comment ? { comment } : {}) }),
  };
}
export type StatisticsApi = ReturnType<typeof statisticsApi>;
