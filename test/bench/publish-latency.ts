import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Story } from '../../functions/domain/story.ts';
import { putNewStory } from '../../functions/store/stories.ts';
import { startLocal } from '../../infra/local/start.ts';
import { subjectOf } from '../../infra/local/dev-idp.ts';
import { consented, withReadBack } from '../fixtures/consent.ts';
import { round } from './results.ts';

const TOPICS = ['wohnen', 'arbeit', 'sprache', 'familie'] as const;

function story(i: number, status: Story['status'], at: Date): Story {
  return withReadBack(storyContent(i, status, at));
}

function storyContent(i: number, status: Story['status'], at: Date): Story {
  const id = `b${String(i).padStart(9, '0')}`;
  const iso = at.toISOString();
  return {
    id, slug: `bench-geschichte-${id}`, partner: (['awo', 'caritas', 'kdv', 'drk'] as const)[i % 4], status, version: 1,
    title: `Benchmark-Geschichte Nummer ${i}`, teaser: `Eine fiktive Geschichte für die Lastmessung, Nummer ${i}, mit genug Text für einen Anreißer.`,
    municipality: 'Ludwigsburg', topics: [TOPICS[i % 4]!],
    body: `Fiktiver Text der Geschichte ${i}.\n\nSie hat zwei Absätze, damit die Seite nicht leer ist, und **etwas** Auszeichnung.`,
    authorId: subjectOf('caritas-manager'), authorName: 'Bench', createdAt: iso, updatedAt: iso,
    ...(status === 'published' ? { publishedAt: iso } : {}), audit: [], ...consented,
  };
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timeout');
}

/**
 * Publish-to-live: from the API call that publishes a press-approved story until its
 * page and the feed item are served; and unpublish-to-gone the same way back.
 */
export async function publishLatency(published: number, runs = 3) {
  const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-bench-'));
  const system = await startLocal({ dataDir, seed: false, ports: { site: 0, editor: 0, api: 0, dynamo: 0 }, log: () => undefined });
  try {
    const base = Date.now() - published * 60_000;
    for (let i = 0; i < published; i += 25) {
      await Promise.all(Array.from({ length: Math.min(25, published - i) }, (_, k) => putNewStory(story(i + k, 'published', new Date(base + (i + k) * 60_000)), system.store.db)));
    }
    await system.publisher.request('bench seed');
    const token = await system.gateway.idp.issue('presse');
    const managerToken = await system.gateway.idp.issue('caritas-manager');
    const call = (path: string, body: unknown, as = token) => fetch(`${system.urls.api}${path}`, {
      method: 'POST', headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<Story>);

    const publish: number[] = [];
    const unpublish: number[] = [];
    const withdrawal: number[] = [];
    for (let r = 0; r < runs; r++) {
      const s = story(published + 1000 + r, 'press-approved', new Date());
      s.partner = 'caritas';
      await putNewStory(s, system.store.db);
      const page = `${system.urls.site}/geschichten/${s.slug}/`;
      const feedHas = async () => (await (await fetch(`${system.urls.site}/rss.xml`)).text()).includes(s.slug);

      let t = performance.now();
      const live = await call(`/stories/${s.id}/transitions`, { action: 'publish', version: s.version });
      await waitUntil(async () => (await fetch(page)).status === 200 && (await feedHas()));
      publish.push(performance.now() - t);

      t = performance.now();
      const down = await call(`/stories/${s.id}/transitions`, { action: 'unpublish', version: live.version });
      await waitUntil(async () => (await fetch(page)).status === 410 && !(await feedHas()));
      unpublish.push(performance.now() - t);

      // Withdrawal: publish again, then the person withdraws their consent.
      const again = await call(`/stories/${s.id}/transitions`, { action: 'publish', version: down.version });
      await waitUntil(async () => (await fetch(page)).status === 200 && (await feedHas()));
      t = performance.now();
      await call(`/stories/${s.id}/consents/A/withdrawal`, { version: again.version, withdrawal: { date: '2026-01-01', receivedVia: 'phone' } }, managerToken);
      await waitUntil(async () => (await fetch(page)).status === 410 && !(await feedHas()));
      withdrawal.push(performance.now() - t);
    }
    const median = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
    return { publishedStories: published, runs, publishToLiveMs: publish.map(round), publishToLiveMedianMs: median(publish), unpublishToGoneMs: unpublish.map(round), unpublishToGoneMedianMs: median(unpublish), withdrawalToGoneMs: withdrawal.map(round), withdrawalToGoneMedianMs: median(withdrawal) };
  } finally {
    await system.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
