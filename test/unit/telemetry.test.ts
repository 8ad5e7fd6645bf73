import { correlationIdOf, Logger } from '@newsroom/telemetry/logger.ts';
import { contentChangeMetric } from '@newsroom/telemetry/metrics.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';

describe('correlation id', () => {
  it("takes the caller's x-correlation-id, so one id follows a request through several services", () => {
    expect(correlationIdOf({ 'x-correlation-id': 'editor-7f3a.1' }, 'req-1')).toBe('editor-7f3a.1');
  });

  it("falls back to API Gateway's request id when the caller sent none", () => {
    expect(correlationIdOf({}, 'req-1')).toBe('req-1');
    expect(correlationIdOf(undefined, 'req-1')).toBe('req-1');
  });

  it('ignores a header that could forge log lines or flood them', () => {
    expect(correlationIdOf({ 'x-correlation-id': 'a\n{"level":"ERROR"}' }, 'req-1')).toBe('req-1');
    expect(correlationIdOf({ 'x-correlation-id': 'x'.repeat(129) }, 'req-1')).toBe('req-1');
  });
});

describe('content change metric', () => {
  it('is a valid embedded-metric-format document: every dimension and metric it names is set at the root', () => {
    const doc = contentChangeMetric('story', 'published', 1_700_000_000_000);
    const [directive] = doc._aws.CloudWatchMetrics;
    expect(directive!.Namespace).toBe('Newsroom');
    for (const name of directive!.Dimensions.flat()) expect(doc).toHaveProperty(name);
    for (const { Name } of directive!.Metrics) expect(doc[Name as keyof typeof doc]).toBe(1);
    expect(doc).toMatchObject({ kind: 'story', change: 'published', _aws: { Timestamp: 1_700_000_000_000 } });
  });
});

describe('logger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Every line the logger writes during `run`, per stream, parsed. */
  function written(run: () => void) {
    const lines = { stdout: [] as any[], stderr: [] as any[] };
    for (const stream of ['stdout', 'stderr'] as const) {
      vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines[stream].push(JSON.parse(line));
        return true;
      });
    }
    run();
    vi.restoreAllMocks();
    return lines;
  }

  const context = {
    functionName: 'Newsroom-stories',
    memoryLimitInMB: '512',
    invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:Newsroom-stories',
    awsRequestId: 'req-1',
  };

  it("writes one JSON line per call with Powertools Logger's keys, the child's keys and the invocation's", () => {
    const { stdout } = written(() => {
      const log = new Logger({ serviceName: 'newsroom', logLevel: 'INFO' }).createChild({
        persistentKeys: { correlation_id: 'c-1', routeKey: 'GET /stories' },
      });
      log.addContext(context);
      log.info('request handled', { status: 200 });
    });
    expect(stdout).toHaveLength(1);
    expect(stdout[0]).toMatchObject({
      level: 'INFO',
      message: 'request handled',
      service: 'newsroom',
      correlation_id: 'c-1',
      routeKey: 'GET /stories',
      status: 200,
      function_name: 'Newsroom-stories',
      function_request_id: 'req-1',
      function_memory_size: '512',
      function_arn: context.invokedFunctionArn,
    });
    expect(typeof stdout[0].cold_start).toBe('boolean');
    expect(Date.parse(stdout[0].timestamp)).not.toBeNaN();
  });

  it('only the first invocation of a process is a cold start', () => {
    const { stdout } = written(() => {
      for (const id of ['a', 'b']) {
        const log = new Logger({ serviceName: 'newsroom', logLevel: 'INFO' }).createChild();
        log.addContext({ ...context, awsRequestId: id });
        log.info('request handled');
      }
    });
    expect(stdout.map((l) => l.cold_start)).toEqual([expect.any(Boolean), false]);
  });

  it('writes an error with its name, message, stack and cause to stderr, and nothing below its level', () => {
    const { stdout, stderr } = written(() => {
      const log = new Logger({ serviceName: 'newsroom', logLevel: 'WARN' });
      log.info('not written');
      log.error('unhandled error', new TypeError('kaputt', { cause: new Error('darunter') }));
    });
    expect(stdout).toEqual([]);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatchObject({
      level: 'ERROR',
      message: 'unhandled error',
      error: { name: 'TypeError', message: 'kaputt', cause: { name: 'Error', message: 'darunter' } },
    });
    expect(stderr[0].error.stack).toMatch(/TypeError: kaputt/);
  });

  it('never throws on what it is given: a circular object, a big integer', () => {
    const circular: Record<string, unknown> = { name: 'a' };
    circular.self = circular;
    const { stdout } = written(() => new Logger({ serviceName: 'newsroom', logLevel: 'DEBUG' }).debug('odd input', { circular, big: 10n ** 20n }));
    expect(stdout[0]).toMatchObject({ level: 'DEBUG', circular: { name: 'a', self: '[Circular]' }, big: '100000000000000000000' });
  });
});
