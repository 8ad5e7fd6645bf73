import * as z from 'zod/mini';

/**
 * What every route shares: the version a write was based on, list paging, and the
 * refusal every route answers with, an RFC 9457 problem with a German title and detail
 * (functions/http/problem.ts renders it).
 */

export const Version = z.number({ error: 'Die Versionsnummer fehlt.' }).check(z.int(), z.positive());

/** Opaque cursor of the next page, as the previous page handed it out. */
export const Cursor = z.string().check(z.maxLength(2000));
export const Limit = z.coerce.number().check(z.int(), z.gte(1), z.lte(100));
/** `partner`: only the caller's own organisation, also for the press office. */
export const Scope = z.enum(['partner', 'all'], { error: 'Unbekannter Bereich.' });

export const FieldProblem = z.object({ field: z.optional(z.string()), message: z.string() });
export type FieldProblem = z.infer<typeof FieldProblem>;

export const Problem = z.object({
  type: z.string(),
  status: z.number().check(z.int()),
  title: z.string(),
  detail: z.string(),
  /** Each form field or gate that refused, with its German message. */
  problems: z.array(FieldProblem),
});
export type Problem = z.infer<typeof Problem>;

/** A refusal because someone else changed the item first: `current` is the item as it is now, when the route sends it. */
export const conflictWith = <T extends z.ZodMiniType>(current: T) => z.extend(Problem, { current: z.optional(current) });

/** API Gateway's own answer to a missing or invalid token, before any function runs. */
export const GatewayRefusal = z.object({ message: z.string() });
