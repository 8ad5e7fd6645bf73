import type { FieldDiff } from '../../../../functions/domain/story-diff.ts';
import type { StoryDraftInput } from '../../../../functions/domain/story.ts';
import type { User, UserChange } from '../../../../functions/domain/user.ts';
import type { Comment } from '../../../../functions/domain/comment.ts';
import type { Api, StoryView } from './api.ts';

export type { Comment, FieldDiff, User, UserChange };

/** One saved version of a story, as the list names it (the content comes on request). */
export interface VersionInfo { version: number; at: string; by: string; byName: string }
export interface VersionList { current: number; items: VersionInfo[] }
export interface StoredVersion extends VersionInfo { content: StoryDraftInput }
export interface StoryDiff { from: number; to: number; fields: FieldDiff[] }

/** One line of the global audit trail: who, when, what, on which item (`STORY#…`, `RELEASE#…`, `STATS#SUB#…`). */
export interface AuditLine { at: string; by: string; byName: string; action: string; from?: string; to?: string; entity: string }
export interface AuditPage { month: string; items: AuditLine[]; next?: string }

export type UserInvite = Omit<User, 'enabled'>;

const enc = encodeURIComponent;

/**
 * Review and administration endpoints (comments, versions, the global audit trail, user
 * administration) on the editor's authenticated client, so sign-in and errors behave alike.
 */
export function editorialApi(api: Api) {
  const call = api.request;
  const story = (id: string) => `/stories/${enc(id)}`;
  return {
    comments: (id: string) => call<{ items: Comment[] }>('GET', `${story(id)}/comments`),
    addComment: (id: string, text: string) => call<Comment>('POST', `${story(id)}/comments`, { text }),
    versions: (id: string) => call<VersionList>('GET', `${story(id)}/versions`),
    version: (id: string, n: number) => call<StoredVersion>('GET', `${story(id)}/versions/${n}`),
    diff: (id: string, from: number, to: number) => call<StoryDiff>('GET', `${story(id)}/diff?from=${from}&to=${to}`),
    /** `current` is the version the person looked at: a newer one in between makes it a 409. */
    restore: (id: string, n: number, current: number) => call<StoryView>('POST', `${story(id)}/versions/${n}/restore`, { version: current }),
    audit: (month: string, cursor?: string) =>
      call<AuditPage>('GET', `/audit?month=${enc(month)}${cursor ? `&cursor=${enc(cursor)}` : ''}`),
    users: () => call<{ items: User[] }>('GET', '/users'),
    invite: (user: UserInvite) => call<User>('POST', '/users', user),
    updateUser: (username: string, change: UserChange) => call<User>('PUT', `/users/${enc(username)}`, change),
  };
}
export type EditorialApi = ReturnType<typeof editorialApi>;
