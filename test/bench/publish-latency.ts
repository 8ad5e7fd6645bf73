import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Story } from '@newsroom/domain/story.ts';
import { subjectOf } from '@newsroom/infra-local/dev-idp.ts';
import { startLocal } from '@newsroom/infra-local/start.ts';
import type { PublishReport } from '@newsroom/publish/queue.ts';
import { putNewStory } from '@newsroom/store/stories.ts';
import { consented, withReadBack } from '../fixtures/consent.ts';
import { round } from './results.ts';

const TOPICS = ['wohnen', 'arbeit', 'sprache', 'familie', 'ausbildung', 'gesundheit', 'teilhabe'] as const;
/** One story every eight hours: 10,000 stories span about nine years, some 1,100 a year (the year archive's page). */
const SPACING_MS = 8 * 3_600_000;

function story(i: number, status: Story['status'], at: Date): Story {
  const id = `b${String(i).padStart(9, '0')}`;
  const iso = at.toISOString();
  return withReadBack({
    id,
    slug: `bench-geschichte-${id}`,
    partner: (['awo', 'caritas', 'kdv', 'drk'] as const)[i % 4],
    status,
    version: 1,
    title: `Benchmark-Geschichte Nummer ${i}`,
    teaser: `Eine fiktive Geschichte für die Lastmessung, Nummer ${i}, mit genug Text für einen Anreißer.`,
    municipality: 'Ludwigsburg',
    topics: [TOPICS[i % TOPICS.length]!],
    body: `Fiktiver Text der Geschichte ${i} mit dem Suchwort Messwort${i}.\n\nSie hat zwei Absätze, damit die Seite nicht leer ist, und **etwas** Auszeichnung.`,
    authorId: subjectOf('caritas-manager'),
    authorName: 'Bench',
    createdAt: iso,
    updatedAt: iso,
    ...(status === 'published' ? { publishedAt: iso } : {}),
    audit: [],
    ...consented,
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timeout');
}

const median = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);

/**
 * At `published` stories (seeded into the store, not through the editor): the full
 * build `npm start` makes, then `runs` times, each from the API call until a reader
 * sees the result over HTTP on the local site:
 * - publish-to-live: the press office publishes; the page answers 200 and the feed has the item;
 * - unpublish-to-gone: the press office takes it down; 410 and out of the feed;
 * - withdrawal-to-gone: the person withdraws consent; 410 and out of the feed. The search
 *   index goes with the same switch; checked afterwards in the live build's index files.
 * Between steps the publisher is let finish its background copy: changes seconds apart,
 * as the press office makes them (its own timing shows any wait for that copy).
 */
export async function publishLatency(published: number, runs = 3) {
  const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-bench-'));
  // The publisher's own report of each publish (pages written, where the time went), beside the reader's view.
  const reports: PublishReport[] = [];
  /** When each publish started and went live (performance.now()), to split a reader's wait into its parts. */
  const events: { message: string; t: number }[] = [];
  const system = await startLocal({
    dataDir,
    seed: false,
    ports: { site: 0, editor: 0, api: 0, dynamo: 0 },
    log: () => undefined,
    scheduleEveryMs: 3_600_000,
    onPublish: (entry) => {
      events.push({ message: String(entry.message), t: performance.now() });
      if (entry.message === 'publish live' && entry.mode === 'incremental') reports.push(entry as unknown as PublishReport);
    },
  });
  try {
    const seedStarted = performance.now();
    const base = Date.now() - published * SPACING_MS;
    for (let i = 0; i < published; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, published - i) }, (_, k) =>
          putNewStory(story(i + k, 'published', new Date(base + (i + k) * SPACING_MS)), system.store.db),
        ),
      );
    }
    const seedMs = performance.now() - seedStarted;
    const full = await system.publisher.request({ full: true, reason: 'bench: full build after seeding' });
    await system.publisher.whenIdle();
    const liveDir = () => system.publisher.currentDir()!;
    const pageCount = (await readdir(join(liveDir(), 'geschichten'))).length;

    const token = await system.gateway.idp.issue('presse');
    const managerToken = await system.gateway.idp.issue('caritas-manager');
    const call = (path: string, body: unknown, as = token) =>
      fetch(`${system.urls.api}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<Story>);

    const publish: number[] = [];
    /** Per measured change: API answered, publish started, publish live, reader saw it (ms after the call). */
    const phases: { api: number; started: number; live: number; seen: number }[] = [];
    const phase = async <T>(t: number, act: () => Promise<T>, seen: () => Promise<boolean>): Promise<T> => {
      const result = await act();
      const api = performance.now() - t;
      await waitUntil(seen);
      const end = performance.now() - t;
      const after = events.filter((e) => e.t >= t);
      phases.push({
        api,
        started: (after.find((e) => e.message === 'publish started')?.t ?? NaN) - t,
        live: (after.find((e) => e.message === 'publish live')?.t ?? NaN) - t,
        seen: end,
      });
      return result;
    };
    const unpublish: number[] = [];
    const withdrawal: number[] = [];
    let searchClean = true;
    for (let r = 0; r < runs; r++) {
      const s = story(published + 1000 + r, 'press-approved', new Date());
      s.partner = 'caritas';
      await putNewStory(s, system.store.db);
      const page = `${system.urls.site}/geschichten/${s.slug}/`;
      const feedHas = async () => (await (await fetch(`${system.urls.site}/rss.xml`)).text()).includes(s.slug);
      const word = `Messwort${published + 1000 + r}`;

      let t = performance.now();
      const live = await phase(
        t,
        () => call(`/stories/${s.id}/transitions`, { action: 'publish', version: s.version }),
        async () => (await fetch(page)).status === 200 && (await feedHas()),
      );
      publish.push(performance.now() - t);
      await system.publisher.whenIdle();

      t = performance.now();
      const down = await phase(
        t,
        () => call(`/stories/${s.id}/transitions`, { action: 'unpublish', version: live.version }),
        async () => (await fetch(page)).status === 410 && !(await feedHas()),
      );
      unpublish.push(performance.now() - t);
      await system.publisher.whenIdle();

      const again = await call(`/stories/${s.id}/transitions`, { action: 'publish', version: down.version });
      await waitUntil(async () => (await fetch(page)).status === 200 && (await feedHas()));
      await system.publisher.whenIdle();
      if (!(await searchIndexHas(liveDir(), word))) searchClean = false;
      t = performance.now();
      await phase(
        t,
        () =>
          call(`/stories/${s.id}/consents/A/withdrawal`, { version: again.version, withdrawal: { date: '2026-01-01', receivedVia: 'phone' } }, managerToken),
        async () => (await fetch(page)).status === 410 && !(await feedHas()),
      );
      withdrawal.push(performance.now() - t);
      if (await searchIndexHas(liveDir(), word)) searchClean = false;
      await system.publisher.whenIdle();
    }
    const timing = (key: string) => median(reports.map((r) => Number(r.timings[key] ?? 0)));
    return {
      publishedStories: published,
      storyFolders: pageCount,
      runs,
      seedMs: round(seedMs),
      fullBuildMs: full.timings.buildMs,
      fullPublishMs: full.durationMs,
      publishToLiveMs: publish.map(round),
      publishToLiveMedianMs: median(publish),
      unpublishToGoneMs: unpublish.map(round),
      unpublishToGoneMedianMs: median(unpublish),
      withdrawalToGoneMs: withdrawal.map(round),
      withdrawalToGoneMedianMs: median(withdrawal),
      searchIndexFollowed: searchClean,
      // Where a reader's wait goes (medians, ms after the API call): the API answers, the publish starts, goes live, the reader sees it.
      phases: {
        apiAnsweredMs: median(phases.map((p) => p.api)),
        publishStartedMs: median(phases.map((p) => p.started)),
        publishLiveMs: median(phases.map((p) => p.live)),
        readerSawMs: median(phases.map((p) => p.seen)),
      },
      // Inside the publisher, medians over every incremental publish of the runs.
      publisher: {
        publishes: reports.length,
        pagesWrittenMedian: median(reports.map((r) => r.written.length)),
        pagesWrittenMax: Math.max(...reports.map((r) => r.written.length)),
        refreshMs: timing('refreshMs'),
        pathsMs: timing('pathsMs'),
        renderMs: timing('renderMs'),
        sitemapsMs: timing('sitemapsMs'),
        searchMs: timing('searchMs'),
        spareWaitMs: timing('spareWaitMs'),
        applyMs: timing('applyMs'),
        totalMs: median(reports.map((r) => r.durationMs)),
      },
    };
  } finally {
    await system.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Whether any fragment of the live build's search index (main and shards) holds `word`. */
async function searchIndexHas(siteDir: string, word: string): Promise<boolean> {
  const files = (await readdir(join(siteDir, 'pagefind'), { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && e.parentPath.endsWith('fragment'))
    .map((e) => join(e.parentPath, e.name));
  for (const f of files)
    if (
      gunzipSync(await readFile(f))
        .toString('utf8')
        .includes(word)
    )
      return true;
  return false;
}

type Row = Awaited<ReturnType<typeof publishLatency>>;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mark = (ms: number, goal: number) => (ms <= goal ? seconds(ms) : `**${seconds(ms)}** (goal ${seconds(goal)})`);

/** The figures as a table: medians of the runs, the slowest run in brackets; misses of the goals in bold. */
export function publishTable(rows: Row[]): string {
  return [
    '| published stories | full build (Astro + search index) | publish-to-live | unpublish-to-gone | withdrawal-to-gone | pages written per publish | inside the publisher: paths / render / search / write+switch |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.publishedStories.toLocaleString('en')} | ${seconds(r.fullBuildMs)} | ${mark(r.publishToLiveMedianMs, 2000)} (max ${seconds(Math.max(...r.publishToLiveMs))}) ` +
        `| ${mark(r.unpublishToGoneMedianMs, 5000)} (max ${seconds(Math.max(...r.unpublishToGoneMs))}) | ${mark(r.withdrawalToGoneMedianMs, 5000)} (max ${seconds(Math.max(...r.withdrawalToGoneMs))}) ` +
        `| ${r.publisher.pagesWrittenMedian} (max ${r.publisher.pagesWrittenMax}) | ${r.publisher.pathsMs} / ${r.publisher.renderMs} / ${r.publisher.searchMs} / ${r.publisher.applyMs} ms |`,
    ),
  ].join('\n');
}
