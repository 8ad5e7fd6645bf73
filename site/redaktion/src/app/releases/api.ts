import type { NoticeList, PublicReleaseView, ReleaseList, ReleaseView, SeenRelease } from '@newsroom/domain/api/releases.ts';
import type { SnapshotList } from '@newsroom/domain/api/statistics.ts';
import type { PressNotice } from '@newsroom/domain/notice.ts';
import type { ReleaseDraftInput, ReleaseStatus } from '@newsroom/domain/release.ts';
import type { ReleaseAction } from '@newsroom/domain/release-workflow.ts';
import { type Api, ApiError, type StoryList } from '../api.ts';

export type { PressNotice, PublicReleaseView, ReleaseAction, ReleaseDraftInput, ReleaseList, ReleaseStatus, ReleaseView };

const enc = encodeURIComponent;

/** The press-release endpoints, on the editor's authenticated API client. */
export function releasesApi(api: Api) {
  const call = api.request;
  return {
    /** The press office by status across partners; everyone else (and `scope: 'partner'`) their own organisation's. */
    list(q: { status?: ReleaseStatus; scope?: 'partner'; cursor?: string; limit?: number } = {}) {
      const params = new URLSearchParams(
        Object.entries(q)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      ).toString();
      return call<ReleaseList>('GET', `/releases${params ? `?${params}` : ''}`);
    },
    /** The full record, or for another organisation's public release what the site shows of it. */
    read: (id: string) => call<SeenRelease>('GET', `/releases/${enc(id)}`),
    /** The full record, for the screens that work on a release; anything less is not there for them. */
    async get(id: string): Promise<ReleaseView> {
      const r = await call<SeenRelease>('GET', `/releases/${enc(id)}`);
      if (r.audience === 'public')
        throw new ApiError(
          404,
          'Nicht gefunden',
          'Diese Pressemitteilung gehört zu einer anderen Organisation; bearbeiten kann sie nur diese mit der Pressestelle.',
        );
      return r;
    },
    create: (release: ReleaseDraftInput) => call<ReleaseView>('POST', '/releases', release),
    /** After publication the change is a correction and needs `correctionNote` (shown on the public page). */
    update: (id: string, version: number, release: ReleaseDraftInput, correctionNote?: string) =>
      call<ReleaseView>('PUT', `/releases/${enc(id)}`, { version, release, ...(correctionNote ? { correctionNote } : {}) }),
    /** Sperrfrist and end as Berlin wall-clock times `YYYY-MM-DDTHH:mm`; absent means none. */
    schedule: (id: string, version: number, times: { embargo?: string; takedown?: string }) =>
      call<ReleaseView>('PUT', `/releases/${enc(id)}/schedule`, { version, ...times }),
    /** `confirmNoReference`: publishing a release with consent holds, its text no longer refers to those persons. */
    transition: (id: string, action: ReleaseAction, version: number, comment?: string, confirmNoReference?: boolean) =>
      call<ReleaseView>('POST', `/releases/${enc(id)}/transitions`, {
        action,
        version,
        ...(comment ? { comment } : {}),
        ...(confirmNoReference ? { confirmNoReference } : {}),
      }),
    notices: () => call<NoticeList>('GET', '/notices'),
    /** Notices only: a task (`task: true`) stays open until its release is republished in a corrected version. */
    acknowledge: (n: Pick<PressNotice, 'at' | 'id'>) => call<undefined>('DELETE', `/notices/${enc(n.at)}/${enc(n.id)}`),
    /** Stories a release may feature: the press office sees every partner's, partners their own. */
    publishedStories: (crossPartner: boolean) => call<StoryList>('GET', `/stories?status=published&limit=100${crossPartner ? '' : '&scope=partner'}`),
    snapshots: () => call<SnapshotList>('GET', '/statistics/snapshots'),
  };
}
export type ReleasesApi = ReturnType<typeof releasesApi>;
