import { Logger } from '@aws-lambda-powertools/logger';
import { config } from '../runtime/config.ts';

/**
 * The one structured JSON logger of every function (Powertools Logger). In Lambda it
 * logs at INFO unless `POWERTOOLS_LOG_LEVEL` says otherwise; locally it only speaks
 * up for warnings and errors, so `npm start` and the test output stay readable
 * (functions/runtime/config.ts).
 */
export const logger = new Logger({ serviceName: config().serviceName, logLevel: config().logLevel });

/** What a caller may pass as `x-correlation-id`: short, printable, no log injection. */
const CORRELATION_ID = /^[\w.:-]{1,128}$/;

/**
 * The id that ties one request's log lines together: the caller's `x-correlation-id`
 * when it sent a sane one (so a chain of calls shares one id), otherwise API
 * Gateway's request id, which also appears in the API access log.
 */
export function correlationIdOf(headers: Record<string, string | undefined> | undefined, requestId: string | undefined): string | undefined {
  const sent = headers?.['x-correlation-id'];
  if (sent && CORRELATION_ID.test(sent)) return sent;
  return requestId;
}
