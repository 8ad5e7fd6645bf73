import { type ConflictError, changedMeanwhileTitle, type RefusalReason, type Refused } from '@newsroom/domain/errors.ts';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';

/**
 * An error meant for the person using the API: status, a German title and detail,
 * and optionally the list of problems (form fields or gate refusals).
 * Rendered as RFC 9457 problem+json.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly title: string;
  readonly problems: { field?: string; message: string }[];
  readonly extra: Record<string, unknown>;
  constructor(status: number, title: string, detail: string, problems: { field?: string; message: string }[] = [], extra: Record<string, unknown> = {}) {
    super(detail);
    this.status = status;
    this.title = title;
    this.problems = problems;
    this.extra = extra;
  }
}

export const badRequest = (detail: string, problems: { field?: string; message: string }[] = []) => new HttpError(400, 'Ungültige Anfrage', detail, problems);
export const unauthorized = (detail = 'Bitte melden Sie sich an.') => new HttpError(401, 'Nicht angemeldet', detail);
export const forbidden = (detail: string) => new HttpError(403, 'Keine Berechtigung', detail);
export const notFound = (detail = 'Nicht gefunden.') => new HttpError(404, 'Nicht gefunden', detail);
/** The largest request body the API accepts (the local gateway and every handler). */
export const MAX_BODY_BYTES = 1024 * 1024;
export const payloadTooLarge = () =>
  new HttpError(413, 'Anfrage zu groß', 'Die Anfrage ist größer als 1 MB und wird nicht angenommen. Bitte kürzen Sie den Inhalt.');

const REFUSAL_STATUS: Record<RefusalReason, 403 | 409 | 422> = { forbidden: 403, state: 409, comment: 422, gate: 422, invalid: 422 };
const TITLES = { 403: 'Keine Berechtigung', 409: 'Konflikt', 422: 'Nicht möglich' } as const;

/**
 * The one answer to a refused decision: not the person's to take 403, not possible in the
 * record's state 409, anything missing or failing 422 (with the problems, or the reason
 * as the one problem).
 */
export function fromRefusal(err: Refused): HttpError {
  const status = REFUSAL_STATUS[err.reason];
  const problems = status === 422 && err.problems.length === 0 ? [{ message: err.message }] : err.problems;
  return new HttpError(status, TITLES[status], err.message, problems, err.extra);
}

/** A stale version or a lost race: the record's own wording, and the record as it is now. */
export const fromConflict = (err: ConflictError, current: unknown = err.current) =>
  new HttpError(409, changedMeanwhileTitle(err.entity), err.message, [], { current });

/** Turns zod issues into German field problems (the schemas carry German messages). */
export function fromZod(error: z.core.$ZodError, what = 'Die Eingaben'): HttpError {
  return badRequest(
    `${what} sind nicht vollständig oder nicht gültig.`,
    error.issues.map((i) => ({
      field: i.path.join('.') || undefined,
      message: i.code === 'unrecognized_keys' ? `Unbekannte Felder: ${i.keys.join(', ')}` : i.message,
    })),
  );
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode: status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

export function problem(err: HttpError): APIGatewayProxyStructuredResultV2 {
  return json(
    err.status,
    { type: 'about:blank', status: err.status, title: err.title, detail: err.message, problems: err.problems, ...err.extra },
    {
      'content-type': 'application/problem+json; charset=utf-8',
    },
  );
}
