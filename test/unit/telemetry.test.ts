import { describe, expect, it } from 'vitest';
import { correlationIdOf } from '../../functions/telemetry/logger.ts';
import { contentChangeMetric } from '../../functions/telemetry/metrics.ts';

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
