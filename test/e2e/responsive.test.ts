import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalSystem, startLocal } from '@newsroom/infra-local/start.ts';
import chromium from '@sparticuz/chromium';
import { type Browser, chromium as pw } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overflows, problem, safeName } from './widths.ts';

/**
 * No page wider than the screen: every public page type at 320, 390 and 768 px (widths.ts).
 * The pages are found, not listed: from the sitemaps, one page per type of address. The
 * editor's screens are measured on the walk of editor-screens.test.ts.
 */

let system: LocalSystem;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'responsive-'));
  // With the demo data (stories, releases, statistics), seeded before the site's first build.
  system = await startLocal({ dataDir, ports: { site: 0, editor: 0, api: 0, dynamo: 0 }, log: () => undefined });
  browser = await pw.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await system?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Every address in the sitemaps, reduced to one per type: the address with its last varying segment replaced. */
async function publicPages(): Promise<string[]> {
  const site = system.urls.site;
  const read = async (path: string) => (await fetch(`${site}${path}`)).text();
  const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  const paths = new Set<string>();
  for (const sitemap of locs(await read('/sitemap.xml'))) for (const p of locs(await read(sitemap))) paths.add(p);
  const byType = new Map<string, string>();
  for (const p of [...paths].sort()) {
    const type = p
      .split('/')
      .map((seg) => (/\d|-.*-/.test(seg) ? '*' : seg))
      .join('/');
    if (!byType.has(type)) byType.set(type, p);
  }
  // Pages no sitemap lists: the neutral page of withdrawn content and the 404.
  return [...byType.values(), '/nicht-mehr-verfuegbar/', '/diese-seite-gibt-es-nicht/'];
}

describe('no public page wider than the screen at 320, 390 and 768 px', () => {
  it('every public page type', async () => {
    const pages = await publicPages();
    expect(pages.length).toBeGreaterThan(10);
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    const failures: string[] = [];
    for (const path of pages) {
      await page.goto(`${system.urls.site}${path}`);
      for (const o of await overflows(page, `site${safeName(path) ? `-${safeName(path)}` : ''}`)) failures.push(problem(path, o));
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
