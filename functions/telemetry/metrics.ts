import { config } from '@newsroom/runtime/config.ts';

/**
 * Counts a change that affects the public site (published, updated, unpublished,
 * withdrawn) as the CloudWatch metric `Newsroom/ContentChanges` with the dimensions
 * `kind` and `change`. Written as one line in CloudWatch's embedded metric format:
 * no API call and no extra latency, CloudWatch extracts the metric from the log.
 * Hand-written rather than Powertools Metrics, which would add a package to every
 * bundle (bench/results/bundle-sizes.json) for this single counter. Straight to stdout, because Lambda prefixes lines written
 * with the global console and CloudWatch would then not recognise the JSON.
 * Only in Lambda: locally no CloudWatch reads the line.
 */
export function countContentChange(kind: string, change: string, at = Date.now()): void {
  if (!config().inLambda) return;
  process.stdout.write(`${JSON.stringify(contentChangeMetric(kind, change, at))}\n`);
}

/** The embedded-metric-format document for one content change. */
export function contentChangeMetric(kind: string, change: string, at: number) {
  return {
    _aws: {
      Timestamp: at,
      CloudWatchMetrics: [{ Namespace: config().metricsNamespace, Dimensions: [['kind', 'change']], Metrics: [{ Name: 'ContentChanges', Unit: 'Count' }] }],
    },
    kind,
    change,
    ContentChanges: 1,
  };
}
