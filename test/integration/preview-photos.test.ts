import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalSystem, startLocal } from '@newsroom/infra-local/start.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The pictures of a preview, on the demo data: a story's photos and a release's library
 * images are served under the link, as the page's projection shows them, and nothing else is.
 */
let system: LocalSystem;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'preview-photos-'));
  system = await startLocal({ dataDir, ports: { site: 0, editor: 0, api: 0, dynamo: 0 }, log: () => undefined });
}, 300_000);

afterAll(async () => {
  await system?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function call(user: string, method: string, path: string, body?: unknown) {
  const token = await system.gateway.idp.issue(user);
  const res = await fetch(`${system.urls.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  return (await res.json()) as any;
}

/** The root-relative addresses of a page's pictures (src and every srcset entry). */
const pictures = (html: string) => [
  ...new Set(
    [...html.matchAll(/(?:src|srcset)="([^"]+)"/g)].flatMap((m) => m[1]!.split(',').map((x) => x.trim().split(' ')[0]!)).filter((u) => u.startsWith('/')),
  ),
];

describe('pictures of a preview', () => {
  it("a story's photos and a release's library images load under the link; another photo does not", async () => {
    const stories = (await call('presse', 'GET', '/stories?status=published&scope=all')).items as any[];
    const story = stories.find((s) => s.photos?.length)!;
    const other = stories.find((s) => s.photos?.length && s.id !== story.id);
    expect(other, 'the demo data has two stories with photos').toBeDefined();
    const releases = (await call('presse', 'GET', '/releases?status=published')).items as any[];
    const release = releases.find((r) => r.photos?.length)!;

    for (const [kind, item] of [
      ['stories', story],
      ['releases', release],
    ] as const) {
      const link = await call('presse', 'POST', `/${kind}/${item.id}/previews`, {});
      const html = await (await fetch(`${system.urls.site}${link.path}`)).text();
      const underLink = pictures(html).filter((u) => u.startsWith(link.path));
      expect(underLink.length, kind).toBeGreaterThan(0);
      for (const url of underLink) {
        const res = await fetch(`${system.urls.site}${url}`);
        expect(res.status, url).toBe(200);
        expect(res.headers.get('content-type'), url).toMatch(/^image\//);
        expect(res.headers.get('cache-control'), url).toBe('private, no-store');
      }
      if (kind === 'stories') {
        const foreign = `${link.path}bilder/${other!.photos[0].id}/800.webp`;
        expect((await fetch(`${system.urls.site}${foreign}`)).status).toBe(404);
      }
    }
  });
});
