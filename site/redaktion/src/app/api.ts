import type { Actor } from '@newsroom/domain/actor.ts';
import type { FieldProblem } from '@newsroom/domain/api/common.ts';
import type { Meta } from '@newsroom/domain/api/meta.ts';
import type { Overview } from '@newsroom/domain/api/overview.ts';
import type { StorySchedule } from '@newsroom/domain/api/releases.ts';
import type {
  ExpiringList,
  PublicStoryView,
  SeenStory,
  StoryDetail,
  StoryList,
  StoryView,
  WithdrawalReportList,
  WithdrawalResult,
} from '@newsroom/domain/api/stories.ts';
import type { ConsentInput, WithdrawalInput } from '@newsroom/domain/consent.ts';
import type { ReadBackInput } from '@newsroom/domain/read-back.ts';
import type { RevisionStatus, Story, StoryDraftInput, StoryStatus } from '@newsroom/domain/story.ts';
import type { WithdrawalReport } from '@newsroom/domain/withdrawal-report.ts';
import type { StoryAction } from '@newsroom/domain/workflow.ts';
import type { AuthModule } from './auth/index.ts';

/**
 * What the API hands the editor, as its route table declares it (functions/http/routes/):
 * the types are the API's own schemas (functions/domain/api), so they cannot drift apart.
 */
export type {
  Actor,
  ConsentInput,
  Meta,
  Overview,
  PublicStoryView,
  ReadBackInput,
  RevisionStatus,
  StoryAction,
  StoryDetail,
  StoryDraftInput,
  StoryList,
  StoryStatus,
  StoryView,
  WithdrawalInput,
  WithdrawalReport,
};

export type Problem = FieldProblem;

/** What a workflow step carries besides the action: a comment, or what the person confirmed. */
export interface TransitionOptions {
  comment?: string;
  confirmTextFindings?: boolean;
  /** The partner lead read the re-identification warnings (approval needs it when there are any). */
  acknowledgeWarnings?: boolean;
}

/** A refusal from the API in its problem+json shape (German title, detail and problems). */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly problems: Problem[];
  /** On 409: the story as it is now (the record, without the view's actions and status). */
  readonly current?: Story;
  constructor(status: number, title: string, detail: string, problems: Problem[] = [], current?: Story) {
    super(detail);
    this.status = status;
    this.title = title;
    this.problems = problems;
    this.current = current;
  }
}

/** Thrown after a 401: the session is gone and the app is on its way to the sign-in screen. */
export class SignedOut extends Error {}

/** `revision`: published stories whose pending revision is in that state, instead of stories in `status`. */
export interface ListQuery {
  status?: StoryStatus;
  revision?: RevisionStatus;
  scope?: 'partner' | 'all';
  cursor?: string;
  limit?: number;
}

export type Api = ReturnType<typeof createApi>;

export function createApi(apiUrl: string, auth: AuthModule, onUnauthorized: () => void) {
  async function call<T>(method: string, path: string, body?: unknown, authenticated = true): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (authenticated) {
      const token = auth.token();
      if (!token) {
        onUnauthorized();
        throw new SignedOut();
      }
      headers.authorization = `Bearer ${token}`;
    }
    let res: Response;
    try {
      res = await fetch(`${apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(
        0,
        'Keine Verbindung',
        'Die Schnittstelle der Redaktion ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es noch einmal.',
      );
    }
    if (res.status === 401 && authenticated) {
      onUnauthorized();
      throw new SignedOut();
    }
    const data = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!res.ok) {
      throw new ApiError(
        res.status,
        typeof data?.title === 'string' ? data.title : 'Fehler',
        typeof data?.detail === 'string' ? data.detail : `Die Schnittstelle antwortet mit Fehler ${res.status}.`,
        Array.isArray(data?.problems) ? (data.problems as Problem[]) : [],
        data?.current as Story | undefined,
      );
    }
    return data as T;
  }

  return {
    /** Any endpoint, with the same sign-in and error handling (the statistics screens use it). */
    request: call,
    meta: () => call<Meta>('GET', '/meta', undefined, false),
    me: () => call<Actor>('GET', '/me'),
    /** Everything the overview shows the signed-in person, in one answer. */
    overview: () => call<Overview>('GET', '/overview'),
    listStories(q: ListQuery = {}) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v));
      const qs = params.toString();
      return call<StoryList>('GET', `/stories${qs ? `?${qs}` : ''}`);
    },
    /** The full record, or for another partner's published story what the site shows of it. */
    readStory: (id: string) => call<SeenStory>('GET', `/stories/${encodeURIComponent(id)}`),
    /** The full record, for the screens that work on a story; anything less is not there for them. */
    async getStory(id: string): Promise<StoryDetail> {
      const story = await call<SeenStory>('GET', `/stories/${encodeURIComponent(id)}`);
      if (story.audience === 'public')
        throw new ApiError(404, 'Nicht gefunden', 'Diese Geschichte gehört zu einem anderen Träger; bearbeiten kann sie nur dieser.');
      return story;
    },
    createStory: (story: StoryDraftInput) => call<StoryView>('POST', '/stories', story),
    /** `autosave`: the editor saves on its own while the person types (the versions list groups such saves). */
    updateStory: (id: string, version: number, story: StoryDraftInput, { autosave = false } = {}) =>
      call<StoryView>('PUT', `/stories/${encodeURIComponent(id)}`, { version, story, ...(autosave ? { autosave } : {}) }),
    transition: (id: string, action: StoryAction, version: number, opts: TransitionOptions = {}) =>
      call<StoryDetail>('POST', `/stories/${encodeURIComponent(id)}/transitions`, {
        action,
        version,
        ...(opts.comment ? { comment: opts.comment } : {}),
        ...(opts.confirmTextFindings ? { confirmTextFindings: true } : {}),
        ...(opts.acknowledgeWarnings ? { acknowledgeWarnings: true } : {}),
      }),
    /** Plans the publication at a Berlin wall-clock time `YYYY-MM-DDTHH:mm` (press office); without one, removes the plan. */
    scheduleStory: (id: string, version: number, publishAt?: string) =>
      call<StorySchedule>('PUT', `/stories/${encodeURIComponent(id)}/schedule`, { version, ...(publishAt ? { publishAt } : {}) }),
    /** Art. 17 DSGVO on request: erases the story data, keeps a minimal record. */
    requestErasure: (id: string, version: number) => call<StoryView>('POST', `/stories/${encodeURIComponent(id)}/erasure`, { version }),
    /** Drops the pending revision of a published story; the published text stays. */
    discardRevision: (id: string, version: number) => call<StoryView>('DELETE', `/stories/${encodeURIComponent(id)}/revision?version=${version}`),
    recordConsent: (id: string, version: number, consent: ConsentInput, correctionReason?: string) =>
      call<StoryView>('POST', `/stories/${encodeURIComponent(id)}/consents`, { version, consent, ...(correctionReason ? { correctionReason } : {}) }),
    /** The answer carries the report of where the story went and what was recalled. */
    withdrawConsent: (id: string, personId: string, version: number, withdrawal: WithdrawalInput) =>
      call<WithdrawalResult>('POST', `/stories/${encodeURIComponent(id)}/consents/${encodeURIComponent(personId)}/withdrawal`, { version, withdrawal }),
    /** The people in the story heard or read exactly this text (bound to its hash on the server). */
    recordReadBack: (id: string, version: number, readBack: ReadBackInput) =>
      call<StoryView>('POST', `/stories/${encodeURIComponent(id)}/read-back`, { version, readBack }),
    withdrawalReports: (id: string) => call<WithdrawalReportList>('GET', `/stories/${encodeURIComponent(id)}/withdrawal-reports`),
    /** Stories whose earliest consent runs out within `days` (the API's default: 30). */
    expiringConsents: () => call<ExpiringList>('GET', '/consents/expiring'),
  };
}
