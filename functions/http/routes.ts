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

export const FUNCTIONS = ['stories', 'meta'] as const;
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
  { method: 'POST', path: '/stories/{id}/consents', fn: 'stories', roles: ['manager', 'partner-lead'] },
  { method: 'POST', path: '/stories/{id}/consents/{personId}/withdrawal', fn: 'stories', roles: ['manager', 'partner-lead'] },
  { method: 'GET', path: '/consents/expiring', fn: 'stories', roles: ['manager', 'partner-lead', 'press'] },
];

export const routeKey = (r: Pick<Route, 'method' | 'path'>) => `${r.method} ${r.path}`;
