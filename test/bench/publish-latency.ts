import { mkdtempSync, rmSync } from 'node:fs';
import { link, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type PhotoRecord, photoPaths, type StoryPhoto } from '@newsroom/domain/photos.ts';
import type { Story } from '@newsroom/domain/story.ts';
import { subjectOf } from '@newsroom/infra-local/dev-idp.ts';
import { type LocalSystem, startLocal } from '@newsroom/infra-local/start.ts';
import type { PublishReport } from '@newsroom/publish/queue.ts';
import { putNewPhoto } from '@newsroom/store/photos.ts';
import { putNewStory } from '@newsroom/store/stories.ts';
import { consented, consentFor, withReadBack } from '../fixtures/consent.ts';
import { twelveMegapixelPhoto } from './photos.ts';
import { round } from './results.ts';

const TOPICS = ['wohnen', 'arbeit', 'sprache', 'familie', 'ausbildung', 'gesundheit', 'teilhabe'] as const;
/** One story every eight hours: 10,000 stories span about nine years, some 1,100 a year (the year archive's page). */
const SPACING_MS = 8 * 3_600_000;

/** The consent of a seeded story with a photo: its person A appears in it, not recognisably. */
const photoConsent = consentFor('A', { scope: { ...consented.consents[0]!.scope, photos: 'not-recognisable' } });

/** A photo as the editor describes it: person A from behind, not recognisable, the lead picture. */
const describedPhoto = (id: string, width?: number, height?: number): StoryPhoto => ({
  id,
  alt: 'Eine Frau geht von hinten gesehen durch die Weinberge ins Tal.',
  credit: 'Caritas Ludwigsburg',
  licence: 'Nur für die Berichterstattung über das Integrationsmanagement.',
  focal: { x: 0.5, y: 0.5 },
  lead: true,
  ...(width && height ? { width, height } : {}),
  persons: [{ personId: 'A', recognisable: false }],
});

function story(i: number, status: Story['status'], at: Date, photo?: StoryPhoto): Story {
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
    ...(photo ? { photos: [photo], consents: [photoConsent] } : {}),
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

/** A day relative to today (ISO date): consents and read-backs lie in the past, withdrawals today. */
const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export const PUBLISH_GOALS = { publishToLiveMs: 2000, withdrawalToGoneMs: 5000 };

export const PUBLISH_METHOD =
  "npm start's system (one process: dynalite, API, publisher, static server); stories seeded into the store, one every 8 hours; " +
  'full build = Astro build with the renderer kept + search index, as at start; publish/unpublish/withdrawal from the API call until the ' +
  'page answers 200/410 and the feed has/lacks the item over HTTP; incremental publisher (renderer + dependency map + hard-linked copy + atomic switch), ' +
  'search shards in the same switch; changes seconds apart (the copy for the next publish is ready); load average (1 min) before and after';

export const PHOTO_PUBLISH_METHOD =
  `${PUBLISH_METHOD}. With photos (publishLatency(n, { photos: true }), the same measuring code): every seeded story has a lead photo ` +
  'showing its person A not recognisably (consent covers not-recognisable photos). One 12-megapixel phone JPEG (4000 × 3000, brightness grain, ' +
  'EXIF with GPS and camera) is uploaded through the API and the local upload route for a draft and processed by the real pipeline (sharp: ' +
  '12 derivatives and the Open Graph crops); its processed files are hard-linked in the private photo store under one new photo id per seeded ' +
  'story, with a photo record as processing writes it (processing 1,000 uploads would take 20 to 40 minutes here); the full build copies each ' +
  "public photo's 13 files (12 srcset files: AVIF, WebP and JPEG at 480/800/1280/1920 px, and the Open Graph image) into the site. " +
  'Each measured story is made through the API: created by the manager, its own photo uploaded and processed (photos.processingMs), described, ' +
  'consent, read-back, submitted, approved by the partner lead and the press office; live = page 200, item in the feed and all 13 photo URLs 200 ' +
  '(bodies not read); gone = page 410, out of the feed and every photo URL 404 or 410';

export interface LatencyOptions {
  /** Measured changes of each kind. */
  runs?: number;
  /**
   * Issue 13's figure: every seeded story has a lead photo, and each measured story one of
   * its own, made through the API and the local upload route (processing included); a change
   * counts as live or gone only when its photo's files (every srcset file, the Open Graph
   * image) answer too.
   */
  photos?: boolean;
}

/** A call to the local API as a demo user's token; anything but 2xx fails the bench, with the answer. */
type Api = <T = Story>(method: string, path: string, body: unknown, token: string) => Promise<T>;

function apiOf(system: LocalSystem): Api {
  return async <T>(method: string, path: string, body: unknown, token: string) => {
    const res = await fetch(`${system.urls.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
    return answer;
  };
}

/** Uploads `bytes` for a story as the editor does: reserve the photo, then PUT the file to the local upload route, which processes it before it answers. */
async function uploadPhoto(system: LocalSystem, api: Api, token: string, story: string, bytes: Buffer): Promise<{ record: PhotoRecord; ms: number }> {
  const started = performance.now();
  const { upload } = await api<{ upload: { url: string } }>('POST', '/photos', { owner: { kind: 'story', id: story }, size: bytes.length }, token);
  const sent = await fetch(new URL(upload.url, system.urls.api), { method: 'PUT', body: new Uint8Array(bytes) });
  const record = (await sent.json()) as PhotoRecord;
  if (sent.status !== 200) throw new Error(`upload: ${sent.status} ${JSON.stringify(record)}`);
  return { record, ms: performance.now() - started };
}

/** A story as the manager writes it in the editor (person A, the search word `Messwort<n>`). */
const editorStory = (n: number) => ({
  title: `Benchmark-Geschichte mit Foto Nummer ${n}`,
  teaser: `Eine fiktive Geschichte für die Lastmessung, Nummer ${n}, mit einem Aufmacherbild und genug Text für einen Anreißer.`,
  municipality: 'Ludwigsburg',
  topics: [TOPICS[n % TOPICS.length]!],
  body: `Fiktiver Text der Geschichte ${n} mit dem Suchwort Messwort${n}.\n\nSie hat zwei Absätze, damit die Seite nicht leer ist, und **etwas** Auszeichnung.`,
  channels: ['website', 'press'],
  persons: [{ id: 'A', role: 'Klientin', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: [] } }],
});

/**
 * Seeds the lead photo of seeded story `i`: the template's processed files under a new photo
 * id, hard-linked in the private photo store (`<data>/photos/media/bilder/<id>/`, the
 * layout of functions/store/photo-files.ts), and its record as processing writes it.
 */
async function seedPhoto(template: PhotoRecord, files: string[], photoDir: string, i: number, story: Story, system: LocalSystem): Promise<StoryPhoto> {
  const id = `p${String(i).padStart(11, '0')}`;
  const from = join(photoDir, 'media', 'bilder', template.id);
  const to = join(photoDir, 'media', 'bilder', id);
  await mkdir(to, { recursive: true });
  await Promise.all(files.map((f) => link(join(from, f), join(to, f))));
  const record = JSON.parse(JSON.stringify(template).replaceAll(`/bilder/${template.id}/`, `/bilder/${id}/`)) as PhotoRecord;
  await putNewPhoto({ ...record, id, owner: { kind: 'story', id: story.id }, partner: story.partner }, system.store.db);
  return describedPhoto(id, template.width, template.height);
}

/** Files and bytes under a folder of the live site. */
async function filesUnder(dir: string): Promise<{ files: number; MB: number }> {
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile());
  let bytes = 0;
  for (const e of entries) bytes += (await stat(join(e.parentPath, e.name))).size;
  return { files: entries.length, MB: round(bytes / 2 ** 20) };
}

/**
 * At `published` stories (seeded into the store, not through the editor): the full
 * build `npm start` makes, then `runs` times, each from the API call until a reader
 * sees the result over HTTP on the local site:
 * - publish-to-live: the press office publishes; the page answers 200 and the feed has the item;
 * - unpublish-to-gone: the press office takes it down; 410 and out of the feed;
 * - withdrawal-to-gone: the person withdraws consent; 410 and out of the feed. The search
 *   index goes with the same switch; checked afterwards in the live build's index files.
 * With `photos`, live also means every file of the story's photo answers 200, gone that
 * each answers 404 or 410.
 * Between steps the publisher is let finish its background copy: changes seconds apart,
 * as the press office makes them (its own timing shows any wait for that copy).
 */
export async function publishLatency(published: number, { runs = 3, photos = false }: LatencyOptions = {}) {
  const loadBefore = round(loadavg()[0]!);
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
    const api = apiOf(system);
    const token = await system.gateway.idp.issue('presse');
    const managerToken = await system.gateway.idp.issue('caritas-manager');
    const leadToken = await system.gateway.idp.issue('caritas-lead');

    // With photos: one 12-megapixel phone JPEG, processed once through the upload route for a draft; its files are every seeded story's lead photo.
    const photoDir = join(dataDir, 'photos');
    const source = photos ? await twelveMegapixelPhoto('brightness') : undefined;
    const processingMs: number[] = [];
    let template: { record: PhotoRecord; files: string[] } | undefined;
    if (source) {
      const draft = await api('POST', '/stories', editorStory(published + 999), managerToken);
      const { record, ms } = await uploadPhoto(system, api, managerToken, draft.id, source);
      processingMs.push(ms);
      template = { record, files: await readdir(join(photoDir, 'media', 'bilder', record.id)) };
      await system.publisher.whenIdle();
    }

    const seedStarted = performance.now();
    const base = Date.now() - published * SPACING_MS;
    for (let i = 0; i < published; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, published - i) }, async (_, k) => {
          const at = new Date(base + (i + k) * SPACING_MS);
          const photo = template && (await seedPhoto(template.record, template.files, photoDir, i + k, story(i + k, 'published', at), system));
          await putNewStory(story(i + k, 'published', at, photo), system.store.db);
        }),
      );
    }
    const seedMs = performance.now() - seedStarted;
    const full = await system.publisher.request({ full: true, reason: 'bench: full build after seeding' });
    await system.publisher.whenIdle();
    const liveDir = () => system.publisher.currentDir()!;
    const pageCount = (await readdir(join(liveDir(), 'geschichten'))).length;
    const sitePhotos = photos ? await filesUnder(join(liveDir(), 'bilder')) : undefined;

    /** A story ready to publish: seeded into the store; with photos made by the manager through the API, its photo uploaded and processed, approved by lead and press office. */
    const approved = async (n: number): Promise<{ story: Story; urls: string[] }> => {
      if (!source) {
        const s = story(n, 'press-approved', new Date());
        s.partner = 'caritas';
        await putNewStory(s, system.store.db);
        return { story: s, urls: [] };
      }
      let s = await api('POST', '/stories', editorStory(n), managerToken);
      const { record, ms } = await uploadPhoto(system, api, managerToken, s.id, source);
      processingMs.push(ms);
      s = await api('PUT', `/stories/${s.id}`, { version: s.version, story: { ...editorStory(n), photos: [describedPhoto(record.id)] } }, managerToken);
      s = await api(
        'POST',
        `/stories/${s.id}/consents`,
        {
          version: s.version,
          consent: {
            personId: 'A',
            givenBy: 'person',
            date: day(-30),
            language: 'Deutsch',
            interpreter: false,
            formReference: `EW-BENCH-${n}`,
            validUntil: '2099-12-31',
            scope: photoConsent.scope,
          },
        },
        managerToken,
      );
      s = await api(
        'POST',
        `/stories/${s.id}/read-back`,
        { version: s.version, readBack: { date: day(-1), how: 'read-aloud', language: 'Deutsch', personIds: ['A'] } },
        managerToken,
      );
      for (const [as, action] of [
        [managerToken, 'submit'],
        [leadToken, 'approve'],
        [token, 'press-approve'],
      ] as const)
        s = await api('POST', `/stories/${s.id}/transitions`, { action, version: s.version }, as);
      const p = s.photos![0]!;
      await system.publisher.whenIdle();
      return { story: s, urls: photoPaths(p.id, p.width!, p.height!, p.focal).map((path) => `${system.urls.site}${path}`) };
    };

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
    let pageShowsEveryPhotoUrl = true;
    for (let r = 0; r < runs; r++) {
      const n = published + 1000 + r;
      const { story: s, urls } = await approved(n);
      const page = `${system.urls.site}/geschichten/${s.slug}/`;
      const feedHas = async () => (await (await fetch(`${system.urls.site}/rss.xml`)).text()).includes(s.slug);
      /** Every photo file's status, its body left unread (a reader's check, not a download). */
      const photosAre = async (ok: (status: number) => boolean) =>
        (
          await Promise.all(
            urls.map(async (url) => {
              const res = await fetch(url);
              await res.body?.cancel();
              return res.status;
            }),
          )
        ).every(ok);
      const isLive = async () => (await fetch(page)).status === 200 && (await feedHas()) && (await photosAre((status) => status === 200));
      const isGone = async () => (await fetch(page)).status === 410 && !(await feedHas()) && (await photosAre((status) => status === 404 || status === 410));
      const word = `Messwort${n}`;

      let t = performance.now();
      const live = await phase(t, () => api('POST', `/stories/${s.id}/transitions`, { action: 'publish', version: s.version }, token), isLive);
      publish.push(performance.now() - t);
      if (urls.length) {
        const html = await (await fetch(page)).text();
        if (!urls.every((url) => html.includes(url.slice(system.urls.site.length)))) pageShowsEveryPhotoUrl = false;
      }
      await system.publisher.whenIdle();

      t = performance.now();
      const down = await phase(t, () => api('POST', `/stories/${s.id}/transitions`, { action: 'unpublish', version: live.version }, token), isGone);
      unpublish.push(performance.now() - t);
      await system.publisher.whenIdle();

      const again = await api('POST', `/stories/${s.id}/transitions`, { action: 'publish', version: down.version }, token);
      await waitUntil(isLive);
      await system.publisher.whenIdle();
      if (!(await searchIndexHas(liveDir(), word))) searchClean = false;
      t = performance.now();
      await phase(
        t,
        () =>
          api('POST', `/stories/${s.id}/consents/A/withdrawal`, { version: again.version, withdrawal: { date: day(), receivedVia: 'phone' } }, managerToken),
        isGone,
      );
      withdrawal.push(performance.now() - t);
      if (await searchIndexHas(liveDir(), word)) searchClean = false;
      await system.publisher.whenIdle();
    }
    const timing = (key: string) => median(reports.map((r) => Number(r.timings[key] ?? 0)));
    const photoFiles = (paths: string[]) => paths.filter((p) => p.startsWith('/bilder/')).length;
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
      ...(template && sitePhotos
        ? {
            photos: {
              source: { width: 4000, height: 3000, kB: round(source!.length / 1024) },
              /** Upload to processed record through the local upload route, wall time: the template, then each measured story's photo. */
              processingMs: processingMs.map(round),
              filesPerPhotoInStore: template.files.length,
              seededPhotos: published,
              urlsCheckedPerChange: photoPaths(template.record.id, template.record.width!, template.record.height!, { x: 0.5, y: 0.5 }).length,
              pageShowsEveryPhotoUrl,
              siteAfterFullBuild: sitePhotos,
            },
          }
        : {}),
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
        ...(photos
          ? {
              photoFilesWrittenMax: Math.max(...reports.map((r) => photoFiles(r.written))),
              photoFilesRemovedMax: Math.max(...reports.map((r) => photoFiles(r.removed))),
            }
          : {}),
        refreshMs: timing('refreshMs'),
        pathsMs: timing('pathsMs'),
        renderMs: timing('renderMs'),
        imagesMs: timing('imagesMs'),
        sitemapsMs: timing('sitemapsMs'),
        searchMs: timing('searchMs'),
        spareWaitMs: timing('spareWaitMs'),
        applyMs: timing('applyMs'),
        totalMs: median(reports.map((r) => r.durationMs)),
      },
      loadAverage: { before: loadBefore, after: round(loadavg()[0]!) },
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
