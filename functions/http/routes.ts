import type { Role } from '../domain/actor.ts';

/**
 * The route table, defined once. The CDK stack creates one HTTP API route per entry
 * (with the JWT authorizer unless `roles` is 'public') and the local gateway dispatches
 * with it. `fn` names the Lambda: the folder `functions/<fn>/index.ts`.
 * `roles` is checked again inside the handler (the authorizer only proves identity).
 */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path syntax: `/stories/{id}`. */
  path: string;
  fn: FunctionName;
  roles: readonly Role[] | 'public';
}

export const FUNCTIONS = ['stories', 'meta', 'statistics', 'releases', 'users'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

const EDITORS = ['manager', 'partner-lead', 'press', 'admin'] as const;

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/meta', fn: 'meta', roles: 'public' },
  { method: 'GET', path: '/me', fn: 'meta', roles: EDITORS },
  { method: 'GET', path: '/stories', fn: 'stories', roles: EDITORS },
  { method: 'POST', path: '/stories', fn: 'stories', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'GET', path: '/stories/{id}', fn: 'stories', roles: EDITORS },
  { method: 'PUT', path: '/stories/{id}', fn: 'stories', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'POST', path: '/stories/{id}/transitions', fn: 'stories', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'DELETE', path: '/stories/{id}/revision', fn: 'stories', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'POST', path: '/stories/{id}/consents', fn: 'stories', roles: ['manager', 'partner-lead'] },
  { method: 'POST', path: '/stories/{id}/read-back', fn: 'stories', roles: ['manager', 'partner-lead'] },
  { method: 'POST', path: '/stories/{id}/consents/{personId}/withdrawal', fn: 'stories', roles: ['manager', 'partner-lead'] },
  { method: 'GET', path: '/stories/{id}/withdrawal-reports', fn: 'stories', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'POST', path: '/stories/{id}/erasure', fn: 'stories', roles: ['manager', 'partner-lead'] },
  { method: 'GET', path: '/stories/{id}/versions', fn: 'stories', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'GET', path: '/stories/{id}/versions/{n}', fn: 'stories', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'GET', path: '/stories/{id}/diff', fn: 'stories', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'POST', path: '/stories/{id}/versions/{n}/restore', fn: 'stories', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'GET', path: '/stories/{id}/comments', fn: 'stories', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'POST', path: '/stories/{id}/comments', fn: 'stories', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'GET', path: '/stories/{id}/persons/{personId}/export', fn: 'stories', roles: ['manager', 'partner-lead'] },
  { method: 'GET', path: '/consents/expiring', fn: 'stories', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'GET', path: '/releases', fn: 'releases', roles: EDITORS },
  { method: 'POST', path: '/releases', fn: 'releases', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'GET', path: '/releases/{id}', fn: 'releases', roles: EDITORS },
  { method: 'PUT', path: '/releases/{id}', fn: 'releases', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'PUT', path: '/releases/{id}/schedule', fn: 'releases', roles: ['press'] },
  { method: 'POST', path: '/releases/{id}/transitions', fn: 'releases', roles: ['manager', 'partner-lead', 'press'] },
  { method: 'GET', path: '/notices', fn: 'releases', roles: ['press'] },
  { method: 'GET', path: '/audit', fn: 'users', roles: ['press', 'admin'] },
  { method: 'GET', path: '/users', fn: 'users', roles: ['admin'] },
  { method: 'POST', path: '/users', fn: 'users', roles: ['admin'] },
  { method: 'PUT', path: '/users/{username}', fn: 'users', roles: ['admin'] },
  { method: 'DELETE', path: '/notices/{at}/{id}', fn: 'releases', roles: ['press'] },
  { method: 'GET', path: '/statistics/settings', fn: 'statistics', roles: EDITORS },
  { method: 'PUT', path: '/statistics/settings', fn: 'statistics', roles: ['admin'] },
  { method: 'GET', path: '/statistics/snapshots', fn: 'statistics', roles: EDITORS },
  { method: 'POST', path: '/statistics/snapshots', fn: 'statistics', roles: ['press'] },
  { method: 'GET', path: '/statistics/snapshots/{date}', fn: 'statistics', roles: EDITORS },
  { method: 'POST', path: '/statistics/snapshots/{date}/transitions', fn: 'statistics', roles: ['press'] },
  { method: 'GET', path: '/statistics/submissions', fn: 'statistics', roles: EDITORS },
  { method: 'POST', path: '/statistics/submissions', fn: 'statistics', roles: ['manager', 'partner-lead'] },
  { method: 'GET', path: '/statistics/submissions/{id}', fn: 'statistics', roles: EDITORS },
  { method: 'PUT', path: '/statistics/submissions/{id}', fn: 'statistics', roles: ['manager', 'partner-lead'] },
  { method: 'POST', path: '/statistics/submissions/{id}/transitions', fn: 'statistics', roles: ['manager', 'partner-lead', 'press'] },
];

export const routeKey = (r: Pick<Route, 'method' | 'path'>) => `${r.method} ${r.path}`;
