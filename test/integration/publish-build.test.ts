import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedStore, startDynalite } from '@newsroom/infra-local/dynalite.ts';
import { seedOrganisationSettings } from '@newsroom/infra-local/seed-organisation.ts';
import { buildSite } from '@newsroom/publish/build.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';

let store: EmbeddedStore;
let dir: string;

beforeAll(async () => {
  store = await startDynalite();
  dir = await mkdtemp(join(tmpdir(), 'publish-build-'));
});

afterAll(async () => {
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('refuses to build while an organisation setting the legal pages show is missing, naming it in German', async () => {
  const env = { DYNAMODB_ENDPOINT: store.endpoint, TABLE_NAME: store.db.tableName };
  const failed = buildSite({ outDir: join(dir, 'unset', 'out'), cacheDir: join(dir, 'unset', 'cache'), env });
  await expect(failed).rejects.toMatchObject({ name: 'BuildFailed' });
  const message = ((await failed.catch((e: unknown) => e)) as Error & { output: string }).output;
  expect(message).toContain('Die Website wird nicht gebaut: In den Einstellungen der Organisation fehlt');
  expect(message).toContain('„Datenschutzbeauftragte/r: E-Mail“');
}, 180_000);

it('runs two builds at the same time without one breaking the other', async () => {
  await seedOrganisationSettings(store.db);
  const env = { DYNAMODB_ENDPOINT: store.endpoint, TABLE_NAME: store.db.tableName };
  const results = await Promise.all(['a', 'b'].map((name) => buildSite({ outDir: join(dir, name, 'out'), cacheDir: join(dir, name, 'cache'), env })));
  for (const result of results) {
    const files = await readdir(result.outDir);
    expect(files).toEqual(expect.arrayContaining(['index.html', '404.html', 'rss.xml', '_astro']));
    // Astro's intermediate server bundle must not end up on the public site.
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
  }
}, 60_000);

it("reports a failed build with Astro's output when the store cannot be reached", async () => {
  const failed = buildSite({
    outDir: join(dir, 'c', 'out'),
    cacheDir: join(dir, 'c', 'cache'),
    env: { DYNAMODB_ENDPOINT: 'http://127.0.0.1:9', TABLE_NAME: 'missing', AWS_MAX_ATTEMPTS: '1' },
  });
  await expect(failed).rejects.toMatchObject({ name: 'BuildFailed' });
}, 60_000);
