import { type Actor, hasRole } from './actor.ts';
import type { RevisionStatus, StoryStatus } from './story.ts';

/**
 * What the editor's overview („Übersicht“) lists for a person, answered by one request
 * (GET /overview): the first page of each story list of their role. The editor loads
 * further pages of a list with GET /stories, under the same key.
 */

/** Stories per list and page, on the overview and when more are loaded. */
export const OVERVIEW_PAGE = 25;
/** Releases per list on the press office's overview. */
export const OVERVIEW_RELEASES = 100;

/** The states a revision of a published story passes through: a story in one of these waits in the same lists as a new story in it. */
export const REVISION_STATES: readonly StoryStatus[] = ['draft', 'submitted', 'returned', 'partner-approved', 'press-approved'];

export type ListScope = 'partner' | 'all';

/** One story list as GET /stories answers it: stories in `status`, or published stories whose revision is in `revision`. */
export interface StoryListQuery {
  key: string;
  scope: ListScope;
  status?: StoryStatus;
  revision?: RevisionStatus;
}

export const storyListKey = (scope: ListScope, state: StoryStatus, revision: boolean) => `${scope}:${revision ? 'revision:' : ''}${state}`;

/**
 * A state as lists: the stories in it and, when a revision can be in it, the published
 * stories whose revision is, so a change to a published story reaches the same people as a new one.
 */
export function storyListQueries(scope: ListScope, states: readonly StoryStatus[]): StoryListQuery[] {
  return states.flatMap((state) => [
    { key: storyListKey(scope, state, false), scope, status: state },
    ...(REVISION_STATES.includes(state) ? [{ key: storyListKey(scope, state, true), scope, revision: state as RevisionStatus }] : []),
  ]);
}

/**
 * The lists each role's overview shows: the press office works across partners on what
 * partners released, and on its own organisation's drafts; administrators follow what is
 * public; partner staff see their organisation's stories in every state.
 */
export function overviewStoryLists(actor: Actor): StoryListQuery[] {
  if (hasRole(actor, 'press'))
    return [
      ...storyListQueries('all', ['partner-approved', 'press-approved', 'withdrawn', 'unpublished', 'published']),
      ...storyListQueries('partner', ['returned', 'draft', 'submitted']),
    ];
  if (hasRole(actor, 'admin')) return storyListQueries('all', ['published', 'unpublished', 'withdrawn']);
  return storyListQueries('partner', ['submitted', 'returned', 'draft', 'partner-approved', 'press-approved', 'published', 'unpublished', 'withdrawn']);
}
