import { DiffQuery, StoryDiff, VersionList, VersionParams } from '@newsroom/domain/api/stories.ts';
import { StoredVersion } from '@newsroom/domain/story-history.ts';
import type { Route } from '../route.ts';

const WRITERS = ['manager', 'partner-lead', 'press'] as const;

/**
 * A story's history (functions/history): its saved versions, numbered as people count them,
 * and two of them compared word by word (with the `diff` package). Reading only: restoring a
 * version is an edit of the story and stays with the stories function.
 */
export const HISTORY_ROUTES = [
  {
    method: 'GET',
    path: '/stories/{id}/versions',
    fn: 'history',
    roles: WRITERS,
    summary: 'Alle gespeicherten Fassungen, neueste zuerst',
    responses: { 200: VersionList },
    refusals: [404],
  },
  {
    method: 'GET',
    path: '/stories/{id}/versions/{n}',
    fn: 'history',
    roles: WRITERS,
    summary: 'Eine gespeicherte Fassung mit ihrem Inhalt',
    params: VersionParams,
    responses: { 200: StoredVersion },
    refusals: [404],
  },
  {
    method: 'GET',
    path: '/stories/{id}/diff',
    fn: 'history',
    roles: WRITERS,
    summary: 'Zwei Fassungen Wort für Wort verglichen',
    query: DiffQuery,
    responses: { 200: StoryDiff },
    refusals: [404],
  },
] as const satisfies readonly Route[];
