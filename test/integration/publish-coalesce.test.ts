import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContentChange } from '@newsroom/events/changes.ts';
import { createIncrementalPublisher } from '@newsroom/publish/incremental.ts';
import { createPublishQueue, type PublishTarget, type SiteBase } from '@newsroom/publish/queue.ts';
import type { SiteContentCache } from '@newsroom/publish/site-content.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * The publish loop that `npm start` and the publisher Lambda share (queue.ts), with a
 * stand-in target: each full publish can be held open or made to fail, and the content
 * copy fails to read when told to. The real targets run it in publish-site.test.ts
 * (build folders) and test/infra/publisher-bundle.test.ts (the bucket).
 */
const logs: Record<string, unknown>[] = [];

interface HeldBuild {
  finish: (opts?: { fail?: string }) => void;
}

function standIn() {
  const builds: HeldBuild[] = [];
  const waiting: (() => void)[] = [];
  let storeDown = false;
  const content = {
    refresh: async () => {
      if (storeDown) throw new Error('Die Tabelle ist nicht erreichbar');
      return [];
    },
    reload: async () => [],
  } as unknown as SiteContentCache;
  const base = { content, paths: new Map() } as unknown as SiteBase;
  const target: PublishTarget = {
    live: () => {
      throw new Error('the stand-in has no live site');
    },
    open: () => Promise.reject(new Error('the stand-in writes nothing')),
    build: () =>
      new Promise((resolve, reject) => {
        builds.push({ finish: (opts = {}) => (opts.fail ? reject(new Error(opts.fail)) : resolve({ base, report: { timings: {} } })) });
        for (const w of waiting.splice(0)) w();
      }),
  };
  /** Resolves once `n` full publishes have started. */
  const started = async (n: number) => {
    while (builds.length < n) await new Promise<void>((r) => waiting.push(r));
    return builds[n - 1]!;
  };
  const queue = createPublishQueue({ target, clock: () => new Date(), log: (e) => logs.push(e) });
  return {
    queue,
    builds,
    started,
    storeDown: (down: boolean) => {
      storeDown = down;
    },
  };
}

const change = (id: string): ContentChange => ({ kind: 'story', id, change: 'published', at: new Date().toISOString() });
const startedLogs = () => logs.filter((l) => l.message === 'publish started').map((l) => ({ mode: l.mode, reasons: l.reasons }));

beforeEach(() => {
  logs.length = 0;
});

describe('the publish loop', () => {
  it('runs a preview between publishes: never beside one, and a publish asked for meanwhile waits for it', async () => {
    const s = standIn();
    const first = s.queue.request({ full: true, reason: 'start' });
    const held = await s.started(1);
    const order: string[] = [];
    let endPreview: (() => void) | undefined;
    const preview = s.queue.exclusive(async (base) => {
      order.push('preview started');
      expect(base.paths).toBeInstanceOf(Map);
      await new Promise<void>((r) => {
        endPreview = r;
      });
      order.push('preview ended');
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual([]);
    held.finish();
    await first;
    while (!endPreview) await new Promise((r) => setTimeout(r, 5));
    const next = s.queue.request({ full: true, reason: 'during the preview' });
    await new Promise((r) => setTimeout(r, 50));
    expect(s.builds).toHaveLength(1);
    endPreview!();
    await preview;
    (await s.started(2)).finish();
    await next;
    expect(order).toEqual(['preview started', 'preview ended']);
    expect(startedLogs().map((l) => l.reasons)).toEqual([['start'], ['during the preview']]);
  });

  it('runs exactly one more publish for all requests made while one runs', async () => {
    const s = standIn();
    const first = s.queue.request({ full: true, reason: 'start' });
    const held = await s.started(1);
    const later = [s.queue.request({ full: true, reason: 'b' }), s.queue.request({ full: true, reason: 'c' }), s.queue.request({ full: true, reason: 'd' })];
    held.finish();
    await first;
    (await s.started(2)).finish();
    const reports = await Promise.all(later);
    expect(s.builds).toHaveLength(2);
    expect(startedLogs().map((l) => l.reasons)).toEqual([['start'], ['b', 'c', 'd']]);
    expect(new Set(reports).size).toBe(1);
  });

  it('publishes the requests of one call (a batch of queued messages) together', async () => {
    const s = standIn();
    const batch = s.queue.request({ full: true, reason: 'deployment' }, change('aaaa'), { reconcile: true, reason: 'reconcile' });
    (await s.started(1)).finish();
    expect((await batch).reasons).toEqual(['deployment', 'story aaaa published', 'reconcile']);
    expect(s.builds).toHaveLength(1);
  });

  it('resolves a request only when a publish that started after it is live', async () => {
    const s = standIn();
    void s.queue.request({ full: true, reason: 'first' });
    const held = await s.started(1);
    let settled = false;
    const during = s.queue.request({ full: true, reason: 'during' }).then(() => {
      settled = true;
    });
    held.finish();
    await new Promise((r) => setTimeout(r, 20));
    // The running publish may have read the store before this request's change.
    expect(settled).toBe(false);
    (await s.started(2)).finish();
    await during;
    expect(settled).toBe(true);
  });

  it('tells every caller of a failed publish, and publishes in full after a failed incremental publish', async () => {
    const s = standIn();
    const ok = s.queue.request({ full: true, reason: 'start' });
    const held = await s.started(1);
    s.storeDown(true);
    const failing = [s.queue.request(change('bbbb')), s.queue.request(change('cccc'))];
    held.finish();
    expect((await ok).mode).toBe('full');
    for (const f of failing) await expect(f).rejects.toThrow('Die Tabelle ist nicht erreichbar');
    expect(logs.at(-1)).toMatchObject({
      level: 'ERROR',
      message: 'publish failed, the site stays as it was',
      reasons: ['story bbbb published', 'story cccc published'],
    });

    // A change alone asks for an incremental publish; after the failure the copy may be ahead of the live site.
    s.storeDown(false);
    const next = s.queue.request(change('dddd'));
    (await s.started(2)).finish();
    expect(await next).toMatchObject({ mode: 'full', reasons: ['story dddd published'] });
    expect(startedLogs().map((l) => l.mode)).toEqual(['full', 'incremental', 'full']);
  });

  it('publishes in full again after a failed full publish, until one succeeds', async () => {
    const s = standIn();
    const ok = s.queue.request({ full: true, reason: 'start' });
    (await s.started(1)).finish();
    await ok;
    const broken = s.queue.request({ full: true, reason: 'new code' });
    (await s.started(2)).finish({ fail: 'build incomplete: 404.html missing' });
    await expect(broken).rejects.toThrow('build incomplete');
    const next = s.queue.request(change('eeee'));
    (await s.started(3)).finish();
    expect((await next).mode).toBe('full');
    expect(await s.queue.request(change('ffff')).catch((e: Error) => e.message)).toBe('the stand-in has no live site');
    expect(startedLogs().map((l) => l.mode)).toEqual(['full', 'full', 'full', 'incremental']);
  });
});

describe('the local publisher', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'publish-coalesce-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('has no live directory before the first publish', async () => {
    const p = createIncrementalPublisher({ root, log: () => {} });
    expect(p.currentDir()).toBeUndefined();
    await p.close();
  });
});
