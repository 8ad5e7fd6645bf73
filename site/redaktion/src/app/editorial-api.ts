import type { CommentList, StoryDiff, StoryView, VersionList } from '@newsroom/domain/api/stories.ts';
import type { AuditLine, AuditPage, UserList } from '@newsroom/domain/api/users.ts';
import type { Comment } from '@newsroom/domain/comment.ts';
import type { FieldDiff } from '@newsroom/domain/story-diff.ts';
import type { StoredVersion, VersionInfo } from '@newsroom/domain/story-history.ts';
import type { User, UserChange, UserInvite } from '@newsroom/domain/user.ts';
import type { Api } from './api.ts';

export type { AuditLine, AuditPage, Comment, FieldDiff, StoredVersion, StoryDiff, User, UserChange, UserInvite, VersionInfo, VersionList };

const enc = encodeURIComponent;

/**
 * Review and administration endpoints (comments, versions, the global audit trail, user
 * administration) on the editor's authenticated client, so sign-in and errors behave alike.
 */
export function editorialApi(api: Api) {
  const call = api.request;
  const story = (id: string) => `/stories/${enc(id)}`;
  return {
    comments: (id: string) => call<CommentList>('GET', `${story(id)}/comments`),
    addComment: (id: string, text: string) => call<Comment>('POST', `${story(id)}/comments`, { text }),
    versions: (id: string) => call<VersionList>('GET', `${story(id)}/versions`),
    version: (id: string, n: number) => call<StoredVersion>('GET', `${story(id)}/versions/${n}`),
    diff: (id: string, from: number, to: number) => call<StoryDiff>('GET', `${story(id)}/diff?from=${from}&to=${to}`),
    /** `current` is the version the person looked at: a newer one in between makes it a 409. */
    restore: (id: string, n: number, current: number) => call<StoryView>('POST', `${story(id)}/versions/${n}/restore`, { version: current }),
    audit: (month: string, cursor?: string) => call<AuditPage>('GET', `/audit?month=${enc(month)}${cursor ? `&cursor=${enc(cursor)}` : ''}`),
    users: () => call<UserList>('GET', '/users'),
    invite: (user: UserInvite) => call<User>('POST', '/users', user),
    updateUser: (username: string, change: UserChange) => call<User>('PUT', `/users/${enc(username)}`, change),
  };
}
export type EditorialApi = ReturnType<typeof editorialApi>;
