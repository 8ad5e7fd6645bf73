import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPublisher } from '../../functions/publish/publisher.ts';

/**
 * The publisher's scheduling and switching with a stand-in for Astro: fast,
 * and each build can be held open or made to fail.
 */
let root: string;
const logs: Record<string, unknown>[] = [];

interface FakeBuild {
  outDir: string;
  finish: (opts?: { fail?: string; incomplete?: boolean }) => Promise<void>;
}

function fakeBuilder() {
  const started: FakeBuild[] = [];
  const waiting: (() => void)[] = [];
  const build = (outDir: string) => new Promise<void>((resolve, reject) => {
    started.push({
      outDir,
      finish: async (opts = {}) => {
        if (opts.fail) return reject(new Error(opts.fail));
        await mkdir(outDir, { recursive: true });
        for (const f of opts.incomplete ? ['index.html'] : ['index.html', '404.html', 'rss.xml']) await writeFile(join(outDir, f), outDir);
        resolve();
      },
    });
    for (const w of waiting.splice(0)) w();
  });
  /** Resolves once `n` builds have started. */
  const startedCount = async (n: number) => {
    while (started.length < n) await new Promise<void>((r) => waiting.push(r));
    return started[n - 1]!;
  };
  return { build, started, startedCount };
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'publish-coalesce-'));
  logs.length = 0;
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the publisher', () => {
  it('runs exactly one more build for all requests made while a build runs', async () => {
    const fake = fakeBuilder();
    const p = createPublisher({ root, build: fake.build, log: (e) => logs.push(e) });
    const first = p.request('story a published');
    const firstBuild = await fake.startedCount(1);
    const later = [p.request('story b edited'), p.request('story c unpublished'), p.request('story d published')];
    await firstBuild.finish();
    await first;
    const second = await fake.startedCount(2);
    await second.finish();
    await Promise.all(later);
    expect(fake.started).toHaveLength(2);
    expect(logs.filter((l) => l.message === 'publish started').map((l) => l.reasons)).toEqual([
      ['story a published'],
      ['story b edited', 'story c unpublished', 'story d published'],
    ]);
    expect(p.currentDir()).toBe(second.outDir);
  });

  it('resolves a request only when a build that started after it is live', async () => {
    const fake = fakeBuilder();
    const p = createPublisher({ root, build: fake.build, log: () => {} });
    void p.request('first');
    const firstBuild = await fake.startedCount(1);
    let settled = false;
    const during = p.request('during').then(() => { settled = true; });
    await firstBuild.finish();
    await new Promise((r) => setTimeout(r, 20));
    // The running build may have read the store before this request's change.
    expect(settled).toBe(false);
    await (await fake.startedCount(2)).finish();
    await during;
    expect(settled).toBe(true);
  });

  it('keeps the previous site live when a build fails, and tells the caller', async () => {
    const fake = fakeBuilder();
    const p = createPublisher({ root, build: fake.build, log: (e) => logs.push(e) });
    const ok = p.request('first');
    await (await fake.startedCount(1)).finish();
    await ok;
    const liveBefore = p.currentDir();

    const failing = p.request('second');
    const broken = await fake.startedCount(2);
    await broken.finish({ fail: 'Die Tabelle ist nicht erreichbar' });
    await expect(failing).rejects.toThrow('Die Tabelle ist nicht erreichbar');
    expect(p.currentDir()).toBe(liveBefore);
    expect(logs.at(-1)).toMatchObject({ level: 'ERROR', reasons: ['second'] });

    const incomplete = p.request('third');
    await (await fake.startedCount(3)).finish({ incomplete: true });
    await expect(incomplete).rejects.toThrow(/build incomplete: 404.html missing/);
    expect(p.currentDir()).toBe(liveBefore);
    expect(await readdir(join(root, 'builds'))).toEqual([liveBefore!.split('/').pop()]);
  });

  it('has no live directory before the first publish', () => {
    const p = createPublisher({ root, build: async () => {}, log: () => {} });
    expect(p.currentDir()).toBeUndefined();
  });
});
