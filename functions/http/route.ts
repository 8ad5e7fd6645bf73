import type { Role } from '@newsroom/domain/actor.ts';
import type * as z from 'zod/mini';

export const FUNCTIONS = ['stories', 'meta', 'statistics', 'releases', 'users', 'photos', 'distribution', 'history'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export const EDITORS = ['manager', 'partner-lead', 'press', 'admin'] as const satisfies readonly Role[];

/** The refusals an action answers itself; 400, 401 and 413 follow from the route's request and roles. */
export type RefusalStatus = 403 | 404 | 409 | 422;

/**
 * One route of the table (functions/http/routes.ts). The CDK stack creates one HTTP API
 * route per entry (with the JWT authorizer unless `roles` is 'public'), the local gateway
 * dispatches with it, the handler checks `roles` again (the authorizer only proves
 * identity) and parses the body with `body`, and the API document
 * (functions/http/openapi.ts) describes it: one definition, so they cannot drift.
 */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path syntax: `/stories/{id}`. */
  path: string;
  /** The Lambda: the folder `functions/<fn>/index.ts`. */
  fn: FunctionName;
  roles: readonly Role[] | 'public';
  /** What the route does, in German, for the API document. */
  summary: string;
  /** Path parameters that are more than text (every `{name}` of the path is one). */
  params?: z.ZodMiniObject;
  query?: z.ZodMiniObject;
  /** The JSON body; the handler parses it with exactly this schema. */
  body?: z.ZodMiniType;
  /** A form a plain HTML page posts (application/x-www-form-urlencoded), for pages that work without script. */
  form?: z.ZodMiniObject;
  /** The answers when it works, by status; `null`: no content. */
  responses: { 200?: z.ZodMiniType; 201?: z.ZodMiniType; 204?: null };
  /** The answer also comes as a readable page when the caller asks for text/html. */
  html?: string;
  refusals: readonly RefusalStatus[];
  /** Requests per second this route takes at most, below the stage's ceiling: a public form or link a script could flood (CDK: the stage's route settings). */
  throttle?: { rateLimit: number; burstLimit: number };
  /** A 409's body, when it carries more than the problem (the item as it is now). */
  conflict?: z.ZodMiniType;
}

export const routeKey = (r: Pick<Route, 'method' | 'path'>) => `${r.method} ${r.path}`;
