import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ContentChangeDetail } from '../../events/bus.ts';
import { db } from '../../store/client.ts';
import { logger } from '../../telemetry/logger.ts';
import { ImageReferences } from '../image-refs.ts';
import { planPublish, type SitePaths } from '../plan.ts';
import { loadRenderer, type SiteRenderer } from '../renderer.ts';
import { RENDERER_MANIFEST } from '../renderer-capture.ts';
import { holdSearchService } from '../search-shards.ts';
import { SiteContentCache, type Refreshed } from '../site-content.ts';
import { applyToBucket } from './apply.ts';
import { awsEdge, recordingEdge, type Edge } from './edge.ts';
import { folderBucket, s3Bucket, type SiteBucket } from './site-bucket.ts';
import { pathsOf, readState, sameVersions, writeState } from './state.ts';

/**
 * The publisher in AWS: the same renderer, dependency map and plan as `npm start`
 * (functions/publish/plan.ts), writing to the site bucket instead of a new folder.
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
 * repeats nothing that already happened. After a failure the container forgets what it
 * held; the retry starts from the bucket's state file and, if the store moved on,
 * renders everything once.
 *
 * Environment: SITE_BUCKET (or SITE_BUCKET_DIR, a folder standing in for it), SITE_URL,
 * DISTRIBUTION_ID and GONE_STORE_ARN (or EDGE_LOG, a file recording the edge's calls),
 * TABLE_NAME (DYNAMODB_ENDPOINT locally), SITE_RENDER_TIME (tests: the instant pages judge by).
 */

/** The media originals are files of the deployment, not rendered (their route reads the repository's files). */
const DEPLOYED_ROUTES = ['/medien/[file]'];
const HERE = dirname(fileURLToPath(import.meta.url));

export type PublisherEvent = SQSEvent | { full: true } | { reconcile: true };

interface Container {
  renderer: SiteRenderer;
  rendererId: string;
  content: SiteContentCache;
  bucket: SiteBucket;
  edge: Edge;
  livePaths: SitePaths;
  images: ImageReferences;
  /** The bucket is behind the store or was written by other code: render everything next. */
  stale: boolean;
}

let container: Promise<Container> | undefined;

async function start(): Promise<Container> {
  // Pagefind's service binary ships beside the handler (infra/aws/publisher-bundle.ts).
  process.env.PAGEFIND_EXTENDED_BINARY_PATH ??= join(HERE, 'bin', 'pagefind_extended');
  const rendererDir = process.env.RENDERER_DIR ?? join(HERE, 'renderer');
  const rendererId = createHash('sha256').update(await readFile(join(rendererDir, RENDERER_MANIFEST))).digest('hex').slice(0, 16);
  const renderer = await loadRenderer(rendererDir, { site: process.env.SITE_URL });
  const bucket = process.env.SITE_BUCKET_DIR ? folderBucket(process.env.SITE_BUCKET_DIR) : s3Bucket(required('SITE_BUCKET'));
  const edge = process.env.DISTRIBUTION_ID ? awsEdge({ distributionId: process.env.DISTRIBUTION_ID, goneStoreArn: required('GONE_STORE_ARN') }) : recordingEdge(process.env.EDGE_LOG);
  const [content, state] = await Promise.all([SiteContentCache.load(db()), readState(bucket)]);
  holdSearchService();
  const stale = !state || state.renderer !== rendererId || !sameVersions(state.versions, content.versions());
  return { renderer, rendererId, content, bucket, edge, livePaths: state ? pathsOf(state) : new Map(), images: new ImageReferences(), stale };
}

const required = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const now = () => (process.env.SITE_RENDER_TIME ? new Date(process.env.SITE_RENDER_TIME) : new Date());

async function publish(c: Container, refreshed: Refreshed[], reasons: string[], everything: boolean) {
  const started = performance.now();
  const plan = await planPublish({
    renderer: c.renderer, content: c.content, refreshed, live: c.bucket, livePaths: c.livePaths, at: now(),
    everything: everything || c.stale, images: c.images, skipRoutes: DEPLOYED_ROUTES,
  });
  if (plan.write.size === 0 && plan.remove.size === 0 && !plan.search && !c.stale) {
    // A retried message whose publish went through: nothing differs, nothing is written or invalidated.
    c.livePaths = plan.paths;
    logger.info('publish unchanged', { reasons, durationMs: Math.round(performance.now() - started), timings: plan.timings });
    return { reasons, mode: 'unchanged' };
  }
  const applyStarted = performance.now();
  const applied = await applyToBucket(plan, c.bucket, c.edge);
  await writeState(c.bucket, c.rendererId, plan.paths, c.content.versions());
  c.livePaths = plan.paths;
  c.images.commit(plan.htmlChanges);
  const summary = {
    reasons, mode: everything || c.stale ? 'everything' : 'incremental', durationMs: Math.round(performance.now() - started),
    written: plan.written, removed: plan.removed, searchIndexes: plan.search ? [...plan.search.indexes.keys()].map((i) => i || 'main') : [],
    goneAdded: applied.goneAdded, goneRemoved: applied.goneRemoved, invalidated: applied.invalidated.length,
    timings: { ...plan.timings, applyMs: Math.round(performance.now() - applyStarted), rendered: plan.rendered },
  };
  c.stale = false;
  logger.info(plan.write.size || plan.remove.size ? 'publish live' : 'publish unchanged', summary);
  return summary;
}

/** What a queue message asks for: a content change (an EventBridge event), the hourly reconciliation, or a full render after a deployment. */
const Message = z.union([
  z.object({ 'detail-type': z.literal('ContentChanged'), detail: ContentChangeDetail }).transform((m) => ({ change: m.detail })),
  z.object({ reconcile: z.literal(true) }),
  z.object({ full: z.literal(true), reason: z.string().optional() }),
]);

async function handleBatch(c: Container, event: SQSEvent) {
  const messages = event.Records.map((r) => Message.parse(JSON.parse(r.body)));
  const changes = messages.flatMap((m) => ('change' in m ? [m.change] : []));
  const reasons = messages.map((m) => ('change' in m ? `${m.change.kind} ${m.change.id} ${m.change.change}` : 'reconcile' in m ? 'reconcile' : `full render${m.reason ? ` (${m.reason})` : ''}`));
  const full = messages.some((m) => 'full' in m);
  const refreshed = messages.some((m) => 'reconcile' in m) ? await c.content.reload() : [];
  refreshed.push(...(await c.content.refresh(changes)));
  if (!full && refreshed.length === 0 && !c.stale) {
    logger.info('publish unchanged', { reasons });
    return;
  }
  await publish(c, refreshed, reasons, full);
}

export async function handler(event: PublisherEvent, _context?: Context): Promise<SQSBatchResponse | Record<string, unknown>> {
  container ??= start();
  try {
    const c = await container;
    if ('Records' in event) {
      await handleBatch(c, event);
      return { batchItemFailures: [] };
    }
    if ('full' in event) return await publish(c, [], ['full render'], true);
    const refreshed = await c.content.reload();
    if (refreshed.length === 0 && !c.stale) return { reasons: ['reconcile'], mode: 'unchanged' };
    return await publish(c, refreshed, ['reconcile', ...refreshed.map((r) => `${r.kind} ${r.id}`)], false);
  } catch (err) {
    // The next attempt starts afresh from the bucket's state and the store.
    container = undefined;
    logger.error('publish failed, the site stays as it was', { error: (err as Error).message, stack: (err as Error).stack });
    // A FIFO batch is one publish: all of it is retried, in order, and after three attempts goes to the dead-letter queue.
    if ('Records' in event) return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
    throw err;
  }
}
