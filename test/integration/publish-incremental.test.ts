import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Release } from '@newsroom/domain/release.ts';
import type { Story } from '@newsroom/domain/story.ts';
import type { ContentChange } from '@newsroom/events/changes.ts';
import { type EmbeddedStore, startDynalite } from '@newsroom/infra-local/dynalite.ts';
import { seedDemoData } from '@newsroom/infra-local/seed.ts';
import { buildSite } from '@newsroom/publish/build.ts';
import { createIncrementalPublisher, type IncrementalPublisher } from '@newsroom/publish/incremental.ts';
import type { PublishReport } from '@newsroom/publish/queue.ts';
import { allReleasesInStatus, getRelease, updateRelease } from '@newsroom/store/releases.ts';
import { allInStatus, getStory, putNewStory, updateStory } from '@newsroom/store/stories.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consented, withReadBack } from '../fixtures/consent.ts';

/**
 * The incremental publisher against the reference, the full Astro build: after random
 * sequences of publishing, unpublishing, withdrawing, editing and releases coming and
 * going, the live site it built change by change is the full build of the same store,
 * file by file and byte by byte (pages, feeds, sitemaps, gone list, search index).
 *
 * Small on purpose (the demo data plus 24 stories over three years, three sequences of
 * seven steps): each comparison costs one full build. The seeds are fixed so a failure
 * can be replayed; PUBLISH_SEQUENCE_SEED=<n> runs other sequences.
 */

const DAY = 86_400_000;
const now = Date.now();
/** Every page of both builds judges by this instant, after every change made here. */
const at = new Date(now + 3_600_000);
const TOPICS = ['wohnen', 'arbeit', 'sprache', 'familie', 'teilhabe'] as const;
const PARTNERS = ['awo', 'caritas', 'kdv', 'drk', 'lra'] as const;
const SEEDS = process.env.PUBLISH_SEQUENCE_SEED ? [Number(process.env.PUBLISH_SEQUENCE_SEED)] : [7, 11, 23];

let store: EmbeddedStore;
let root: string;
let env: Record<string, string>;
let publisher: IncrementalPublisher;
const reports: PublishReport[] = [];

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let counter = 0;
function newStory(rand: () => number): Story {
  const i = counter++;
  const id = `inc${String(i).padStart(7, '0')}`;
  const published = new Date(now - Math.floor(rand() * 3 * 365) * DAY - 60_000).toISOString();
  return withReadBack({
    id,
    slug: `geschichte-nummer-${i}-${id}`,
    partner: PARTNERS[Math.floor(rand() * 4)]!,
    status: 'published',
    version: 1,
    title: `Geschichte Nummer ${i} aus dem Landkreis`,
    teaser: `Ein Anreißer für die Geschichte Nummer ${i}, lang genug für die Karte.`,
    municipality: 'Ludwigsburg',
    topics: [TOPICS[Math.floor(rand() * TOPICS.length)]!],
    body: `Der Text der Geschichte ${i} mit dem Suchwort Zaunkönig${i}.\n\nEin zweiter Absatz.`,
    authorId: 'test',
    authorName: 'Test',
    createdAt: published,
    updatedAt: published,
    publishedAt: published,
    audit: [{ at: published, by: 'test', byName: 'Test', action: 'create', to: 'draft' }],
    ...consented,
  } as Story);
}

const stamp = () => new Date().toISOString();
const pick = <T>(rand: () => number, xs: T[]): T | undefined => xs[Math.floor(rand() * xs.length)];

/** One random step: a change in the store and its announcement, as the handlers make them. */
async function step(rand: () => number): Promise<ContentChange | undefined> {
  const published = await allInStatus('published', store.db);
  const unpublished = await allInStatus('unpublished', store.db);
  const releases = await allReleasesInStatus('published', store.db);
  const roll = rand();
  const story = async (s: Story | undefined, change: ContentChange['change'], edit: (s: Story) => Parameters<typeof updateStory>[1]) => {
    if (!s) return undefined;
    await updateStory(s, edit(s), store.db);
    return { kind: 'story' as const, id: s.id, change, at: stamp() };
  };
  if (roll < 0.25) {
    const s = newStory(rand);
    await putNewStory(s, store.db);
    return { kind: 'story', id: s.id, change: 'published', at: stamp() };
  }
  if (roll < 0.4)
    return story(pick(rand, published), 'unpublished', (s) => ({
      expectedVersion: s.version,
      status: 'unpublished',
      audit: { at: stamp(), by: 'press', byName: 'Presse', action: 'unpublish', from: 'published', to: 'unpublished' },
    }));
  if (roll < 0.55) {
    // A featured story now and then, so the releases that show it change too.
    const featured = published.filter((s) => releases.some((r) => r.featuredStoryIds.includes(s.id)));
    return story(pick(rand, rand() < 0.5 && featured.length ? featured : published), 'withdrawn', (s) => ({
      expectedVersion: s.version,
      status: 'withdrawn',
      audit: { at: stamp(), by: 'lead', byName: 'Leitung', action: 'consent-withdrawn', from: 'published', to: 'withdrawn' },
    }));
  }
  if (roll < 0.65)
    return story(pick(rand, unpublished), 'published', (s) => ({
      expectedVersion: s.version,
      status: 'published',
      audit: { at: stamp(), by: 'press', byName: 'Presse', action: 'publish', from: 'unpublished', to: 'published' },
    }));
  if (roll < 0.8) {
    // An edit after publication: new title and topic (without a new read-back the story may drop off, which the site decides).
    return story(pick(rand, published), 'updated', (s) => ({
      expectedVersion: s.version,
      content: {
        title: `${s.title} (ergänzt)`,
        teaser: s.teaser,
        municipality: s.municipality,
        topics: [TOPICS[Math.floor(rand() * TOPICS.length)]!],
        body: s.body,
      },
      audit: { at: stamp(), by: 'manager', byName: 'Manager', action: 'edit' },
    }));
  }
  const release = pick(rand, releases) ?? (await allReleasesInStatus('unpublished', store.db))[0];
  if (!release) return undefined;
  const current = (await getRelease(release.id, store.db))!;
  const next: Omit<Release, 'version' | 'audit'> =
    current.status === 'published'
      ? rand() < 0.5
        ? { ...current, status: 'unpublished' }
        : { ...current, headline: `${current.headline} (aktualisiert)` }
      : { ...current, status: 'published' };
  const change = current.status !== next.status ? (next.status === 'published' ? 'published' : 'unpublished') : 'updated';
  await updateRelease(
    current,
    next,
    { at: stamp(), by: 'press', byName: 'Presse', action: change === 'updated' ? 'edit' : 'transition', from: current.status, to: next.status },
    store.db,
  );
  return { kind: 'release', id: current.id, change, at: stamp() };
}

async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** The differences between two built sites: files only in one, and files whose bytes differ. */
async function differences(a: string, b: string): Promise<string[]> {
  const [fa, fb] = await Promise.all([files(a), files(b)]);
  const inB = new Set(fb);
  const inA = new Set(fa);
  const out = [...fa.filter((f) => !inB.has(f)).map((f) => `only incremental: ${f}`), ...fb.filter((f) => !inA.has(f)).map((f) => `only full: ${f}`)];
  for (const f of fa.filter((x) => inB.has(x))) {
    const [x, y] = await Promise.all([readFile(join(a, f)), readFile(join(b, f))]);
    if (!x.equals(y)) {
      let i = 0;
      while (i < x.length && x[i] === y[i]) i++;
      out.push(
        `differs: ${f} at byte ${i}: …${x.subarray(Math.max(0, i - 60), i + 60).toString('utf8')}… vs …${y.subarray(Math.max(0, i - 60), i + 60).toString('utf8')}…`,
      );
    }
  }
  return out;
}

beforeAll(async () => {
  store = await startDynalite();
  root = await mkdtemp(join(tmpdir(), 'publish-incremental-'));
  await seedDemoData(store.db, new Date(now));
  const rand = mulberry32(1);
  for (let i = 0; i < 24; i++) await putNewStory(newStory(rand), store.db);
  env = {
    DYNAMODB_ENDPOINT: store.endpoint,
    TABLE_NAME: store.db.tableName,
    AWS_REGION: 'eu-central-1',
    SITE_URL: 'https://integration.example.org',
    SITE_RENDER_TIME: at.toISOString(),
  };
  publisher = createIncrementalPublisher({
    root: join(root, 'site'),
    env,
    db: store.db,
    clock: () => at,
    log: (entry) => {
      if (entry.message === 'publish live' || entry.message === 'publish unchanged') reports.push(entry as unknown as PublishReport);
    },
  });
  await publisher.request({ full: true, reason: 'test: start' });
}, 120_000);

afterAll(async () => {
  await publisher?.close();
  await store?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('a write nobody announced', () => {
  // Before the sequences: their comparisons with the full build cover the reconciled state too.
  it('is published by the reconciliation', async () => {
    const s = newStory(mulberry32(77));
    await putNewStory(s, store.db);
    const report = await publisher.request({ reconcile: true, reason: 'test: reconcile' });
    expect(report.written).toContain(`/geschichten/${s.slug}/`);
  }, 60_000);
});

describe('incremental publishing equals the full build', () => {
  for (const seed of SEEDS) {
    it(`after a random sequence of seven changes (seed ${seed}), file by file`, async () => {
      const rand = mulberry32(seed);
      const done: string[] = [];
      for (let i = 0; i < 7; i++) {
        const change = await step(rand);
        if (!change) continue;
        done.push(`${change.kind} ${change.id} ${change.change}`);
        const report = await publisher.request(change);
        // Bounded: a change re-renders a handful of pages, never the archive.
        expect(report.written.length + report.removed.length, done.join(', ')).toBeLessThanOrEqual(30);
      }
      const full = join(root, `full-${seed}`);
      await buildSite({ outDir: full, cacheDir: join(root, 'full-cache'), env });
      expect(await differences(publisher.currentDir()!, full), done.join(', ')).toEqual([]);
      await rm(full, { recursive: true, force: true });
    }, 120_000);
  }
});

describe('a withdrawal through the incremental publisher', () => {
  it('removes the page, lists it as gone, and leaves its text nowhere: no page, feed, sitemap or search index entry', async () => {
    const s = newStory(mulberry32(99));
    s.title = 'Eine Geschichte mit dem Suchwort Kolibri';
    s.body = 'Der Text nennt den Kolibri im Garten von Asperg.\n\nZweiter Absatz.';
    await putNewStory(withReadBack(s), store.db);
    const live = await publisher.request({ kind: 'story', id: s.id, change: 'published', at: stamp() });
    expect(live.written).toContain(`/geschichten/${s.slug}/`);
    const dir = () => publisher.currentDir()!;
    const searchText = async () => {
      const fragments = (await files(join(dir(), 'pagefind'))).filter((f) => f.includes('/fragment/'));
      return (await Promise.all(fragments.map(async (f) => gunzipSync(await readFile(join(dir(), 'pagefind', f))).toString('utf8')))).join('\n');
    };
    expect(await searchText()).toContain('Kolibri');

    const current = (await getStory(s.id, store.db))!;
    await updateStory(
      current,
      {
        expectedVersion: current.version,
        status: 'withdrawn',
        audit: { at: stamp(), by: 'lead', byName: 'Leitung', action: 'consent-withdrawn', from: 'published', to: 'withdrawn' },
      },
      store.db,
    );
    const gone = await publisher.request({ kind: 'story', id: s.id, change: 'withdrawn', at: stamp() });
    expect(gone.removed).toEqual([`/geschichten/${s.slug}/`]);
    expect(gone.searchIndexes.length).toBeGreaterThan(0);
    expect(JSON.parse(await readFile(join(dir(), 'gone.json'), 'utf8')).paths).toContain(`/geschichten/${s.slug}/`);
    expect(await searchText()).not.toContain('Kolibri');
    for (const f of (await files(dir())).filter((x) => /\.(html|xml|json)$/.test(x) && x !== 'gone.json')) {
      expect(await readFile(join(dir(), f), 'utf8'), f).not.toContain('Kolibri');
    }
  }, 60_000);
});
