import type { Actor } from '@newsroom/domain/actor.ts';
import { ConflictError, type EntityKind, InvalidCursor, NotFound, Refused } from '@newsroom/domain/errors.ts';
import { correlationIdOf, logger } from '@newsroom/telemetry/logger.ts';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { actorFromEvent } from './claims.ts';
import { badRequest, forbidden, fromConflict, fromRefusal, fromZod, HttpError, MAX_BODY_BYTES, notFound, payloadTooLarge, problem } from './problem.ts';
import { type Route, routeKey } from './route.ts';

export type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
export type Result = APIGatewayProxyStructuredResultV2;

export interface Request {
  event: Event;
  /** Present on every non-public route (the wrapper refuses the call otherwise). */
  actor: Actor;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Parses the JSON body with the schema the route declares (`Route.body`); bad JSON or invalid data → 400 in German. */
  body<S extends z.ZodMiniType>(schema: S, what?: string): z.infer<S>;
  /** Parses the form a page posted with the schema the route declares (`Route.form`); a repeated field becomes a list. */
  form<S extends z.ZodMiniType>(schema: S): z.infer<S> | undefined;
  /** Parses the query string of a list with the schema the route declares (`Route.query`); an unknown or invalid filter → 400. */
  filter<S extends z.ZodMiniType>(schema: S): z.infer<S>;
}

export type Action = (req: Request) => Promise<Result>;

const bodyBytes = (event: Event) => (event.isBase64Encoded ? Buffer.from(event.body!, 'base64') : Buffer.from(event.body!, 'utf8'));

function parseJson(event: Event): unknown {
  if (!event.body) return undefined;
  const text = bodyBytes(event).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('Der Inhalt der Anfrage ist kein gültiges JSON.');
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The fields of `input` a schema left out of `parsed`: zod drops keys it does not know,
 * so whatever the sender wrote that is missing after parsing was not understood. Refusing
 * them tells a sender about a misspelt field instead of silently ignoring it.
 */
function unknownFields(input: unknown, parsed: unknown, path: string[] = []): string[] {
  if (Array.isArray(input) && Array.isArray(parsed)) return input.flatMap((v, i) => unknownFields(v, parsed[i], [...path, String(i)]));
  if (!isPlainObject(input) || !isPlainObject(parsed)) return [];
  return Object.keys(input).flatMap((k) => (Object.hasOwn(parsed, k) ? unknownFields(input[k], parsed[k], [...path, k]) : [[...path, k].join('.')]));
}

/** How a function shows a record of a conflict to the person who ran into it (default: as stored). */
export type ConflictViews = Partial<Record<EntityKind, (current: never, actor: Actor) => unknown>>;

/**
 * Builds a Lambda handler for one function's routes (functions/http/routes/<fn>.ts):
 * dispatches on the route key, checks the role, parses input at the edge and maps every
 * error to a German problem response in one place. Every invocation logs one structured
 * line (functions/telemetry/logger.ts) with its correlation id, and an unhandled error with its stack.
 */
export function lambdaHandler(routes: readonly Route[], actions: Record<string, Action>, { conflictViews = {} }: { conflictViews?: ConflictViews } = {}) {
  for (const r of routes) {
    if (!actions[routeKey(r)]) throw new Error(`function ${r.fn} has no action for ${routeKey(r)}`);
  }
  return async (event: Event, context?: Context): Promise<Result> => {
    const started = performance.now();
    // A child per invocation: the local gateway runs many requests in one process at once.
    const log = logger.createChild({
      persistentKeys: {
        correlation_id: correlationIdOf(event.headers, event.requestContext?.requestId),
        routeKey: event.routeKey,
      },
    });
    if (context) log.addContext(context);
    const result = await handle(event, log);
    // Every answer, whatever its type: a browser must never guess that a JSON or CSV answer is a page.
    result.headers = { ...result.headers, 'x-content-type-options': 'nosniff' };
    log.info('request handled', {
      status: result.statusCode,
      durationMs: Math.round(performance.now() - started),
      // The pseudonymous Cognito subject, as in the API access log; never a name.
      sub: event.requestContext?.authorizer?.jwt?.claims?.sub,
    });
    return result;
  };

  async function handle(event: Event, log: typeof logger): Promise<Result> {
    let actor: Actor | undefined;
    try {
      const route = routes.find((r) => routeKey(r) === event.routeKey);
      const action = route && actions[event.routeKey];
      if (!route || !action) throw new HttpError(404, 'Nicht gefunden', 'Diese Adresse gibt es in der Schnittstelle nicht.');
      if (route.roles !== 'public') {
        actor = await actorFromEvent(event);
        const allowed = route.roles;
        if (!actor.roles.some((r) => allowed.includes(r))) throw forbidden('Ihre Rolle darf diese Aktion nicht ausführen.');
      }
      // API Gateway lets up to 10 MB through; nothing here needs more than the local gateway accepts.
      if (event.body && bodyBytes(event).length > MAX_BODY_BYTES) throw payloadTooLarge();
      let cachedBody: unknown;
      let bodyRead = false;
      return await action({
        event,
        actor: actor as Actor,
        params: (event.pathParameters ?? {}) as Record<string, string>,
        query: (event.queryStringParameters ?? {}) as Record<string, string>,
        body(schema, what) {
          // The API document describes the body with the route's schema: parsing with another would make it lie.
          if (schema !== route.body) throw new Error(`${routeKey(route)} parses its body with a schema its route does not declare`);
          if (!bodyRead) {
            cachedBody = parseJson(event);
            bodyRead = true;
          }
          const parsed = schema.safeParse(cachedBody);
          if (!parsed.success) throw fromZod(parsed.error, what);
          const unknown = unknownFields(cachedBody, parsed.data);
          if (unknown.length) {
            throw badRequest(
              `Die Anfrage enthält Felder, die es nicht gibt: ${unknown.join(', ')}.`,
              unknown.map((field) => ({ field, message: `Unbekanntes Feld „${field}“.` })),
            );
          }
          return parsed.data;
        },
        form(schema) {
          if ((schema as z.ZodMiniType) !== route.form) throw new Error(`${routeKey(route)} parses a form its route does not declare`);
          const fields: Record<string, string | string[]> = {};
          for (const [k, v] of new URLSearchParams(event.body ? bodyBytes(event).toString('utf8') : '')) {
            const before = fields[k];
            fields[k] = before === undefined ? v : [...(Array.isArray(before) ? before : [before]), v];
          }
          const parsed = schema.safeParse(fields);
          return parsed.success ? parsed.data : undefined;
        },
        filter(schema) {
          if ((schema as z.ZodMiniType) !== route.query) throw new Error(`${routeKey(route)} parses its query with a schema its route does not declare`);
          const parsed = schema.safeParse(event.queryStringParameters ?? {});
          if (!parsed.success)
            throw badRequest(
              'Ungültiger Filter.',
              parsed.error.issues.map((i) => ({ field: i.path.join('.') || undefined, message: i.message })),
            );
          return parsed.data;
        },
      });
    } catch (err) {
      if (err instanceof HttpError) return problem(err);
      if (err instanceof InvalidCursor)
        return problem(
          badRequest('Die Fortsetzungsmarke der Liste (cursor) ist ungültig. Bitte laden Sie die Liste neu.', [
            { field: 'cursor', message: 'Ungültige Fortsetzungsmarke.' },
          ]),
        );
      if (err instanceof ConflictError) {
        const view = conflictViews[err.entity];
        return problem(fromConflict(err, view && err.current !== undefined && actor ? view(err.current as never, actor) : err.current));
      }
      if (err instanceof Refused) return problem(fromRefusal(err));
      if (err instanceof NotFound) return problem(notFound(err.message));
      log.error('unhandled error', err instanceof Error ? err : String(err));
      return problem(new HttpError(500, 'Interner Fehler', 'Es ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es später noch einmal.'));
    }
  }
}
