import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocal } from '@newsroom/infra-local/start.ts';
import { percentile, round } from './results.ts';

/**
 * API latency on the local gateway: `clients` concurrent clients, each in a loop of
 * list + read + save as a different demo user, for `seconds`.
 */
export async function apiLoad(clients = 50, seconds = 15) {
  const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-load-'));
  const system = await startLocal({ dataDir, ports: { site: 0, editor: 0, api: 0, dynamo: 0 }, log: () => undefined });
  try {
    const users = ['caritas-manager', 'drk-manager', 'awo-manager', 'kdv-manager', 'presse'];
    const tokens = await Promise.all(users.map((u) => system.gateway.idp.issue(u)));
    const latencies: number[] = [];
    let errors = 0;
    const until = Date.now() + seconds * 1000;
    const request = async (token: string, method: string, path: string, body?: unknown) => {
      const t = performance.now();
      const res = await fetch(`${system.urls.api}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as any;
      latencies.push(performance.now() - t);
      if (res.status >= 400) errors++;
      return json;
    };
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const token = tokens[c % (users.length - 1)]!;
        let story = await request(token, 'POST', '/stories', {
          title: `Lasttest Client ${c}`,
          teaser: 'Ein Anreißer für den Lasttest mit genug Zeichen.',
          municipality: 'Tamm',
          topics: ['sprache'],
          body: 'x'.repeat(80),
        });
        while (Date.now() < until) {
          await request(token, 'GET', '/stories?limit=20');
          await request(token, 'GET', `/stories/${story.id}`);
          story = await request(token, 'PUT', `/stories/${story.id}`, {
            version: story.version,
            story: { title: `Lasttest Client ${c} v${story.version}`, municipality: 'Tamm', topics: ['sprache'] },
          });
        }
      }),
    );
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      clients,
      seconds,
      requests: latencies.length,
      errors,
      requestsPerSecond: round(latencies.length / seconds),
      p50Ms: round(percentile(sorted, 50)),
      p95Ms: round(percentile(sorted, 95)),
      p99Ms: round(percentile(sorted, 99)),
      maxMs: round(sorted.at(-1)!),
      mix: 'per client: GET /stories?limit=20, GET /stories/{id}, PUT /stories/{id} (own draft, optimistic locking)',
    };
  } finally {
    await system.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
