/**
 * How far a token's `iat` may lie ahead of this clock. Clocks of issuer and API drift a
 * little; a token from further ahead was signed by a clock that is wrong or was set on
 * purpose, and would pass any check of when it was issued (e.g. "after the sign-out").
 */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** Whether the token claims to be issued later than the clock skew allows (or gives no valid `iat`). */
export function issuedInTheFuture(iat: unknown, nowMs = Date.now()): boolean {
  const seconds = typeof iat === 'number' ? iat : typeof iat === 'string' && iat.trim() !== '' ? Number(iat) : Number.NaN;
  return !Number.isFinite(seconds) || seconds > nowMs / 1000 + MAX_CLOCK_SKEW_SECONDS;
}
