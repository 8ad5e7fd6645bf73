import { config, type LogLevel } from '@newsroom/runtime/config.ts';
import type { Context } from 'aws-lambda';

/** Powertools Logger's levels and their order; SILENT writes nothing. */
const LEVELS: Record<LogLevel, number> = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 };
type Attributes = Record<string, unknown>;

/** Whether this process has not yet served an invocation: the first one reports `cold_start: true`. */
let coldStart = true;

/** An error as Powertools Logger writes it: name, message, stack, its own fields, and its cause the same way. */
function errorAttributes(error: Error): Attributes {
  const { name, message, stack, cause, ...own } = error as Error & Attributes;
  return { name, message, stack, ...own, ...(cause === undefined ? {} : { cause: cause instanceof Error ? errorAttributes(cause) : cause }) };
}

/** A log call never throws: a repeated object is written once, big integers as text, errors with their fields. */
function safeReplacer() {
  const seen = new WeakSet<object>();
  return (_key: string, value: unknown) => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Error) return errorAttributes(value);
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '[Circular]';
      seen.add(value);
    }
    return value;
  };
}

/**
 * The one structured JSON logger of every function: one line per call with the keys of
 * Powertools Logger (`level`, `message`, `timestamp`, `service`, `cold_start`,
 * `function_name`, `function_request_id`, …), so the Logs Insights queries in the README
 * work on it. Written here rather than taken from Powertools, which was 22 KB of every
 * function bundle for these four calls (bench/results/bundle-sizes.json). In Lambda it
 * logs at INFO unless `POWERTOOLS_LOG_LEVEL` says otherwise; locally it only speaks up
 * for warnings and errors, so `npm start` and the test output stay readable
 * (functions/runtime/config.ts). Straight to the streams, because Lambda prefixes lines
 * written with the global console.
 */
export class Logger {
  readonly level: LogLevel;
  readonly #service: string;
  #keys: Attributes;

  constructor(options: { serviceName: string; logLevel: LogLevel; persistentKeys?: Attributes }) {
    this.#service = options.serviceName;
    this.level = options.logLevel;
    this.#keys = { ...options.persistentKeys };
  }

  /** A logger with this one's settings and keys plus `persistentKeys`: one per invocation, as requests run side by side locally. */
  createChild({ persistentKeys = {} }: { persistentKeys?: Attributes } = {}): Logger {
    return new Logger({ serviceName: this.#service, logLevel: this.level, persistentKeys: { ...this.#keys, ...persistentKeys } });
  }

  /** Adds the invocation's fields (function, request id, cold start) to every following line of this logger. */
  addContext(context: Pick<Context, 'functionName' | 'memoryLimitInMB' | 'invokedFunctionArn' | 'awsRequestId'>): void {
    this.#keys = {
      ...this.#keys,
      cold_start: coldStart,
      function_arn: context.invokedFunctionArn,
      function_memory_size: context.memoryLimitInMB,
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    };
    coldStart = false;
  }

  debug(message: string, ...extra: (Attributes | Error | string)[]): void {
    this.#write('DEBUG', message, extra);
  }

  info(message: string, ...extra: (Attributes | Error | string)[]): void {
    this.#write('INFO', message, extra);
  }

  warn(message: string, ...extra: (Attributes | Error | string)[]): void {
    this.#write('WARN', message, extra);
  }

  error(message: string, ...extra: (Attributes | Error | string)[]): void {
    this.#write('ERROR', message, extra);
  }

  #write(level: LogLevel, message: string, extra: (Attributes | Error | string)[]): void {
    if (LEVELS[level] < LEVELS[this.level]) return;
    const item: Attributes = { level, message, timestamp: new Date().toISOString(), service: this.#service, ...this.#keys };
    // As Powertools does: an error goes under `error`, a bare text under `extra`, an object's keys at the top.
    for (const e of extra) Object.assign(item, e instanceof Error ? { error: e } : typeof e === 'string' ? { extra: e } : e);
    (LEVELS[level] >= LEVELS.WARN ? process.stderr : process.stdout).write(`${JSON.stringify(item, safeReplacer())}\n`);
  }
}

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
