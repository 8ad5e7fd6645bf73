import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Story } from '@newsroom/domain/story.ts';
import { CONTENT_EVENT_SOURCE, CONTENT_EVENT_TYPE, type ContentChangeDetail } from '@newsroom/events/bus.ts';
import { type EmbeddedStore, startDynalite } from '@newsroom/infra-local/dynalite.ts';
import { seedDemoData } from '@newsroom/infra-local/seed.ts';
import { buildSite } from '@newsroom/publish/build.ts';
import { STATE_FILE } from '@newsroom/publish/lambda/state.ts';
import { hashPreviewToken, previewIdOf, putPreviewLink } from '@newsroom/store/previews.ts';
import { getStory, putNewStory, updateStory } from '@newsroom/store/stories.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consented, withReadBack } from '../fixtures/consent.ts';
import { synthStack } from './synth.ts';

/**
 * The publisher Lambda as deployed: the artifact from a synth (handler, renderer,
 * Pagefind binary), loaded by Node as Lambda loads it and fed queue messages, against
 * dynalite, with a folder standing in for the site bucket and a file recording what it
 * asks of CloudFront. It renders every page after a deployment, publishes and takes down
 * one story, answers a retried message without writing anything, reports a bad batch as
 * failed, publishes a batch as one publish, renders everything after a failed publish
 * (the publish loop of queue.ts, as `npm start` runs it), and leaves the bucket holding
 * exactly the full build's files.
 */
const nativeLoad = createRequire(import.meta.url) as (path: string) => Record<string, unknown>;
const at = new Date(Date.now() + 3_600_000).toISOString();
const SITE_URL = 'https://integration.example.org';

type Handler = (event: unknown) => Promise<any>;
/** This file's scratch: the edge's log and a full build to compare with. */
let work: string;
let bucket: string;
let edgeLog: string;
let store: EmbeddedStore;
let handler: Handler;
let message = 0;

const queued = (...bodies: unknown[]) => ({ Records: bodies.map((body) => ({ messageId: `m${++message}`, body: JSON.stringify(body) })) });
const contentEvent = (detail: ContentChangeDetail) => ({
  version: '0',
  id: `e${message}`,
  source: CONTENT_EVENT_SOURCE,
  'detail-type': CONTENT_EVENT_TYPE,
  detail,
});
const edgeCalls = async () =>
  (await readFile(edgeLog, 'utf8').catch(() => ''))
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { gone?: string[]; back?: string[]; invalidate?: string[] });
async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

const storyNamed = (id: string, title: string): Story =>
  withReadBack({
    id,
    slug: `${title.toLowerCase().replaceAll(' ', '-')}-${id}`,
    partner: 'drk',
    status: 'published',
    version: 1,
    title,
    teaser: 'Ein Anreißer, lang genug für die Karte auf der Startseite.',
    municipality: 'Tamm',
    topics: ['arbeit'],
    body: 'Der Text mit dem Suchwort Eisvogel.\n\nZweiter Absatz.',
    authorId: 'test',
    authorName: 'Test',
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    publishedAt: '2026-01-05T10:00:00.000Z',
    audit: [],
    ...consented,
  } as Story);
const story = storyNamed('lambda0001', 'Eine Geschichte aus der Lambda');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'publisher-bundle-test-'));
  bucket = mkdtempSync(join(tmpdir(), 'site-bucket-'));
  edgeLog = join(work, 'edge.jsonl');
  // The cloud assembly links the runtime's AWS SDK, which the bundle leaves out.
  const { stack, resource, logicalId, outdir } = synthStack();
  const code = resource(logicalId(stack.publisher.fn)).Properties.Code;
  store = await startDynalite({ tableName: 'publisher-bundle' });
  await seedDemoData(store.db);
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: store.endpoint,
    TABLE_NAME: store.db.tableName,
    AWS_REGION: 'eu-central-1',
    SITE_BUCKET_DIR: bucket,
    EDGE_LOG: edgeLog,
    SITE_URL,
    SITE_RENDER_TIME: at,
  });
  handler = nativeLoad(join(outdir, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`, 'index.mjs')).handler as Handler;
  // What the deployment uploads before the first render: styles, scripts, image variants, media originals.
  cpSync(join(stack.publisher.bundleDir, 'static'), bucket, { recursive: true });
}, 240_000);

afterAll(async () => {
  await store?.close();
  for (const dir of [work, bucket]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the bundled publisher Lambda, invoked locally', () => {
  it('renders every page after a deployment (a full render from the queue) and keeps its state beside them', async () => {
    expect(await handler(queued({ full: true, reason: 'test deployment' }))).toEqual({ batchItemFailures: [] });
    const written = await files(bucket);
    expect(written).toEqual(
      expect.arrayContaining([
        'index.html',
        '404.html',
        'rss.xml',
        'gone.json',
        'sitemap.xml',
        'pagefind/pagefind-entry.json',
        'pagefind/shards.json',
        STATE_FILE,
      ]),
    );
  }, 120_000);

  it('publishes a story: its page appears and exactly the changed paths are invalidated', async () => {
    await putNewStory(story, store.db);
    const before = (await edgeCalls()).length;
    await handler(queued(contentEvent({ kind: 'story', id: story.id, change: 'published', at })));
    expect(await readFile(join(bucket, `geschichten/${story.slug}/index.html`), 'utf8')).toContain('Eine Geschichte aus der Lambda');
    const invalidated = (await edgeCalls()).slice(before).flatMap((c) => c.invalidate ?? []);
    expect(invalidated).toEqual(
      expect.arrayContaining([`/geschichten/${story.slug}/`, `/geschichten/${story.slug}/index.html`, '/', '/rss.xml', '/geschichten/']),
    );
    expect(invalidated.length).toBeLessThanOrEqual(40);
    expect(invalidated.filter((p) => p.includes('/pressemitteilungen/'))).toEqual([]);
  }, 60_000);

  it('takes it down on withdrawal: gone at the edge first, page and search entry deleted, both addresses invalidated', async () => {
    const current = (await getStory(story.id, store.db))!;
    await updateStory(
      current,
      {
        expectedVersion: current.version,
        status: 'withdrawn',
        audit: { at, by: 'lead', byName: 'Leitung', action: 'consent-withdrawn', from: 'published', to: 'withdrawn' },
      },
      store.db,
    );
    const before = (await edgeCalls()).length;
    await handler(queued(contentEvent({ kind: 'story', id: story.id, change: 'withdrawn', at })));
    const calls = (await edgeCalls()).slice(before);
    expect(calls[0]).toEqual({ gone: [`/geschichten/${story.slug}/`], back: [] });
    expect(calls.at(-1)!.invalidate).toEqual(expect.arrayContaining([`/geschichten/${story.slug}/`, `/geschichten/${story.slug}/index.html`]));
    expect(await files(bucket)).not.toContain(`geschichten/${story.slug}/index.html`);
    for (const f of (await files(bucket)).filter((x) => x.includes('/fragment/'))) {
      expect((await readFile(join(bucket, f))).includes('Eisvogel')).toBe(false);
    }
  }, 60_000);

  it('answers the same message again (a retry) without writing or invalidating anything', async () => {
    const before = (await edgeCalls()).length;
    const state = await readFile(join(bucket, STATE_FILE), 'utf8');
    expect(await handler(queued(contentEvent({ kind: 'story', id: story.id, change: 'withdrawn', at })))).toEqual({ batchItemFailures: [] });
    expect((await edgeCalls()).length).toBe(before);
    expect(await readFile(join(bucket, STATE_FILE), 'utf8')).toBe(state);
  }, 60_000);

  it('reports a batch it cannot publish as failed, every message of it, so the queue retries them in order', async () => {
    const batch = queued({ 'detail-type': CONTENT_EVENT_TYPE, detail: { kind: 'story' } }, { reconcile: true });
    expect(await handler(batch)).toEqual({ batchItemFailures: batch.Records.map((r) => ({ itemIdentifier: r.messageId })) });
  }, 60_000);

  it('publishes the messages of a batch together: one publish, one invalidation for both stories', async () => {
    const two = [storyNamed('lambda0002', 'Zwei Geschichten in einem Stapel'), storyNamed('lambda0003', 'Die zweite Geschichte im Stapel')];
    for (const s of two) await putNewStory(s, store.db);
    const before = (await edgeCalls()).length;
    expect(await handler(queued(...two.map((s) => contentEvent({ kind: 'story', id: s.id, change: 'published', at }))))).toEqual({ batchItemFailures: [] });
    const invalidations = (await edgeCalls()).slice(before).filter((c) => c.invalidate);
    expect(invalidations).toHaveLength(1);
    expect(invalidations[0]!.invalidate).toEqual(expect.arrayContaining(two.map((s) => `/geschichten/${s.slug}/`)));
  }, 60_000);

  it('after a publish that fails, the bucket stays as it was and the next publish renders everything', async () => {
    const late = storyNamed('lambda0004', 'Eine Geschichte nach dem Fehler');
    await putNewStory(late, store.db);
    const snapshot = async () =>
      Promise.all(
        (await files(bucket)).map(
          async (f) =>
            `${f} ${createHash('sha256')
              .update(await readFile(join(bucket, f)))
              .digest('hex')}`,
        ),
      );
    // A fault after the store was read, so the publisher's copy of the content is ahead of the bucket: the
    // bucket refuses to read the story's page (a key the folder cannot read, a symlink to itself).
    const page = join(bucket, `geschichten/${late.slug}/index.html`);
    await mkdir(dirname(page), { recursive: true });
    await symlink(page, page);
    const [bucketBefore, edgeBefore] = [await snapshot(), (await edgeCalls()).length];
    const batch = queued(contentEvent({ kind: 'story', id: late.id, change: 'published', at }));
    try {
      expect(await handler(batch)).toEqual({ batchItemFailures: batch.Records.map((r) => ({ itemIdentifier: r.messageId })) });
      expect(await snapshot()).toEqual(bucketBefore);
    } finally {
      await rm(dirname(page), { recursive: true });
    }
    expect((await edgeCalls()).length).toBe(edgeBefore);

    // The hourly reconciliation would find nothing new in that copy; it renders everything instead.
    const report = await handler({ reconcile: true });
    expect(report).toMatchObject({ mode: 'full', reasons: ['reconcile'] });
    expect(report.written).toContain(`/geschichten/${late.slug}/`);
    expect(await readFile(join(bucket, `geschichten/${late.slug}/index.html`), 'utf8')).toContain('Eine Geschichte nach dem Fehler');
    expect(await handler({ reconcile: true })).toMatchObject({ mode: 'unchanged' });
  }, 120_000);

  it('a withdrawal whose publish fails: its address reached the edge before anything was rendered, and the retry takes the page down', async () => {
    const withdrawn = (await getStory('lambda0002', store.db))!;
    await updateStory(
      withdrawn,
      {
        expectedVersion: withdrawn.version,
        status: 'withdrawn',
        audit: { at, by: 'lead', byName: 'Leitung', action: 'consent-withdrawn', from: 'published', to: 'withdrawn' },
      },
      store.db,
    );
    const address = `/geschichten/${withdrawn.slug}/`;
    // The plan cannot read the feed it must rewrite (a key the folder cannot read, a symlink to itself).
    const feed = join(bucket, 'rss.xml');
    const feedBody = await readFile(feed);
    await rm(feed);
    await symlink(feed, feed);
    const edgeBefore = (await edgeCalls()).length;
    const batch = queued(contentEvent({ kind: 'story', id: withdrawn.id, change: 'withdrawn', at }));
    try {
      expect(await handler(batch)).toEqual({ batchItemFailures: batch.Records.map((r) => ({ itemIdentifier: r.messageId })) });
    } finally {
      await rm(feed);
      await writeFile(feed, feedBody);
    }
    expect((await edgeCalls()).slice(edgeBefore)).toEqual([{ gone: [address], back: [] }]);
    expect(await readdir(join(bucket, 'geschichten'))).toContain(withdrawn.slug);

    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(await readdir(join(bucket, 'geschichten'))).not.toContain(withdrawn.slug);
    expect(JSON.parse(await readFile(join(bucket, 'gone.json'), 'utf8')).paths).toContain(address);
  }, 120_000);

  it('leaves the bucket (with the files the deployment uploaded) holding what a full build of the same store writes, file by file', async () => {
    const full = join(work, 'full');
    await buildSite({
      outDir: full,
      cacheDir: join(work, 'full-cache'),
      env: { DYNAMODB_ENDPOINT: store.endpoint, TABLE_NAME: store.db.tableName, SITE_URL, SITE_RENDER_TIME: at },
    });
    const expected = await files(full);
    const present = (await files(bucket)).filter((f) => f !== STATE_FILE);
    expect({ extra: present.filter((f) => !expected.includes(f)), missing: expected.filter((f) => !present.includes(f)) }).toEqual({ extra: [], missing: [] });
    const differing: string[] = [];
    for (const f of expected) if (!(await readFile(join(bucket, f))).equals(await readFile(join(full, f)))) differing.push(f);
    expect(differing).toEqual([]);
  }, 120_000);
});

describe('the bundled preview function, invoked locally', () => {
  it("renders a draft's page with the publisher's renderer, marked and kept out of search engines, and writes nothing to the bucket", async () => {
    const { stack, resource, logicalId, outdir } = synthStack();
    const fn = resource(logicalId(stack.publisher.preview)).Properties;
    const preview = nativeLoad(join(outdir, `asset.${String(fn.Code.S3Key).replace(/\.zip$/, '')}`, 'preview.mjs')).handler as Handler;
    const draft = { ...storyNamed('lambda0009', 'Eine Vorschau aus der Lambda'), status: 'draft', publishedAt: undefined } as Story;
    await putNewStory(draft, store.db);
    const token = 'T'.repeat(43);
    const now = new Date();
    await putPreviewLink(
      hashPreviewToken(token),
      {
        id: previewIdOf(hashPreviewToken(token)),
        kind: 'story',
        itemId: draft.id,
        partner: draft.partner,
        createdAt: now.toISOString(),
        createdBy: 'test',
        createdByName: 'Test',
        expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
      },
      store.db,
    );
    const before = await files(bucket);

    const page = await preview({ rawPath: `/vorschau/${token}/`, headers: {} });
    expect(page.statusCode).toBe(200);
    expect(page.headers).toMatchObject({ 'x-robots-tag': 'noindex, nofollow', 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer' });
    const html = Buffer.from(page.body, 'base64').toString('utf8');
    expect(html).toContain('<h1>Eine Vorschau aus der Lambda</h1>');
    expect(html).toContain('Vorschau – nicht veröffentlicht');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain(`<link rel="canonical" href="${SITE_URL}/geschichten/${draft.slug}/">`);

    const unknown = await preview({ rawPath: `/vorschau/${'U'.repeat(43)}/`, headers: {} });
    expect(unknown.statusCode).toBe(404);
    expect(await files(bucket)).toEqual(before);
  }, 120_000);
});
