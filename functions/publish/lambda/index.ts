import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContentChangeDetail } from '@newsroom/events/bus.ts';
import { clock } from '@newsroom/runtime/clock.ts';
import { config, required, usePagefindBinary } from '@newsroom/runtime/config.ts';
import { db } from '@newsroom/store/client.ts';
import { logger } from '@newsroom/telemetry/logger.ts';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { liveGoneList } from '../apply.ts';
import { createPublishQueue, type PublishQueue, type PublishRequest, type PublishTarget } from '../queue.ts';
import { loadRenderer } from '../renderer.ts';
import { RENDERER_MANIFEST } from '../renderer-capture.ts';
import { holdSearchService } from '../search-shards.ts';
import { SiteContentCache } from '../site-content.ts';
import { folderFiles } from '../site-files.ts';
import { awsEdge, recordingEdge } from './edge.ts';
import { s3Bucket } from './site-bucket.ts';
import { pathsOf, readState, sameVersions, writeState } from './state.ts';

/**
 * The publisher in AWS: the publish loop of `npm start` (functions/publish/queue.ts), with
 * the same renderer, dependency map and plan, writing to the site bucket instead of a new
 * folder.
 *
 * Everything reaches it through one FIFO queue with one message group, so publishes
 * run one at a time and in order, and a batch of queued messages is one publish: the
 * content-change events of the handlers (EventBridge rule → queue), `{ "reconcile":
 * true }` every hour (read the store again; publish what changed without an
 * announcement) and `{ "full": true }` after each deployment (render every page with
 * the new code). Invoked directly with the same objects, it does the same (by hand).
 *
 * Idempotent: a publish reads the items from the store (never from the event), renders,
 * and writes only what differs from the bucket, so the queue's retry of a failed batch
 * repeats nothing that already happened. After a failure the next publish renders
 * everything (the loop's rule); a new container starts from the bucket's state file and,
 * if the store moved on, renders everything once too.
 *
 * Settings (functions/runtime/config.ts): SITE_BUCKET (or SITE_BUCKET_DIR, a folder standing
 * in for it), SITE_URL, DISTRIBUTION_ID and GONE_STORE_ARN (or EDGE_LOG, a file recording the
 * edge's calls), TABLE_NAME (DYNAMODB_ENDPOINT locally), SITE_RENDER_TIME (tests: the
 * instant pages judge by).
 */

/** The media originals are files of the deployment, not rendered (their route reads the repository's files). */
const DEPLOYED_ROUTES = ['/medien/[file]'];
const HERE = dirname(fileURLToPath(import.meta.url));

export type PublisherEvent = SQSEvent | { full: true } | { reconcile: true };

let container: Promise<PublishQueue> | undefined;

async function start(): Promise<PublishQueue> {
  const { siteUrl, publisher: settings } = config();
  // Pagefind's service binary ships beside the handler (infra/aws/publisher-bundle.ts).
  usePagefindBinary(settings.pagefindBinary ?? join(HERE, 'bin', 'pagefind_extended'));
  const rendererDir = settings.rendererDir ?? join(HERE, 'renderer');
  const rendererId = createHash('sha256')
    .update(await readFile(join(rendererDir, RENDERER_MANIFEST)))
    .digest('hex')
    .slice(0, 16);
  const renderer = await loadRenderer(rendererDir, { site: siteUrl });
  // The targets, picked once: the stack's bucket and distribution, or a folder and a log standing in for them.
  const bucket = settings.siteBucketDir ? folderFiles(settings.siteBucketDir) : s3Bucket(required(settings.siteBucket, 'SITE_BUCKET'));
  const edge = settings.distributionId
    ? awsEdge({ distributionId: settings.distributionId, goneStoreArn: required(settings.goneStoreArn, 'GONE_STORE_ARN') })
    : recordingEdge(settings.edgeLog);
  const [content, state] = await Promise.all([SiteContentCache.load(db()), readState(bucket)]);
  holdSearchService();
  const target: PublishTarget = {
    live: () => bucket,
    // No copy to switch to: the bucket is live as it is written, in the order apply.ts keeps.
    open: async () => ({
      files: bucket,
      edge,
      timings: {},
      async commit(plan, content) {
        await writeState(bucket, rendererId, plan.paths, content.versions());
        return {};
      },
      discard: async () => undefined,
    }),
    skipRoutes: DEPLOYED_ROUTES,
    async goneFirst(addresses) {
      const told = await liveGoneList(bucket);
      const missing = addresses.filter((p) => !told.has(p));
      if (missing.length) await edge.gone(missing, []);
      return missing;
    },
  };
  // The bucket is behind the store, or was written by other code: the first publish renders everything.
  const behind = !state || state.renderer !== rendererId || !sameVersions(state.versions, content.versions());
  return createPublishQueue({
    target,
    behind,
    clock: now,
    base: { renderer, content, paths: state ? pathsOf(state) : new Map() },
    log: ({ level, message, ...entry }) => (level === 'ERROR' ? logger.error(String(message), entry) : logger.info(String(message), entry)),
  });
}

const now = () => config().siteRenderTime ?? clock.now();

/** What a queue message asks for: a content change (an EventBridge event), the hourly reconciliation, or a full render after a deployment. */
const Message = z.union([
  z.object({ 'detail-type': z.literal('ContentChanged'), detail: ContentChangeDetail }).transform((m): PublishRequest => m.detail),
  z.object({ reconcile: z.literal(true) }).transform((): PublishRequest => ({ reconcile: true, reason: 'reconcile' })),
  z
    .object({ full: z.literal(true), reason: z.string().optional() })
    .transform((m): PublishRequest => ({ full: true, reason: `full render${m.reason ? ` (${m.reason})` : ''}` })),
]);

/** A container that could not start starts afresh at the next invocation. */
const queue = () =>
  (container ??= start().catch((err: unknown) => {
    container = undefined;
    throw err;
  }));

export async function handler(event: PublisherEvent, _context?: Context): Promise<SQSBatchResponse | Record<string, unknown>> {
  try {
    if ('Records' in event) {
      const requests = event.Records.map((r) => Message.parse(JSON.parse(r.body)));
      await (await queue()).request(...requests);
      return { batchItemFailures: [] };
    }
    return { ...(await (await queue()).request('full' in event ? { full: true, reason: 'full render' } : { reconcile: true, reason: 'reconcile' })) };
  } catch (err) {
    // A failed publish is logged by the loop with its reasons; this also covers a bad message or a container that could not start.
    logger.error('invocation failed', { error: (err as Error).message, stack: (err as Error).stack });
    // A FIFO batch is one publish: all of it is retried, in order, and after three attempts goes to the dead-letter queue.
    if ('Records' in event) return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
    throw err;
  }
}
