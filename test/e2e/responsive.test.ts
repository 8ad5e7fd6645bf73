import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoUsers } from '@newsroom/content/seed/users.ts';
import { type LocalSystem, startLocal } from '@newsroom/infra-local/start.ts';
import chromium from '@sparticuz/chromium';
import { type Browser, type Page, chromium as pw } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * No page wider than the screen: every public page type and every editor screen at
 * 320, 390 and 768 px. The pages are found, not listed: the public ones from the
 * sitemaps (one page per type of address), the editor's by following its own links as
 * each role, so a screen someone adds is covered once a link leads to it. Each screen
 * is photographed at every width into test-results/responsive/ to be looked at.
 */

const WIDTHS = [320, 390, 768] as const;
const SHOTS = join(process.cwd(), 'test-results', 'responsive');
let system: LocalSystem;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'responsive-'));
  // With the demo data (stories, releases, statistics), seeded before the site's first build.
  system = await startLocal({ dataDir, ports: { site: 0, editor: 0, api: 0, dynamo: 0 }, log: () => undefined });
  browser = await pw.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
  mkdirSync(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await system?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Overflow {
  width: number;
  scrollWidth: number;
  /** The elements reaching past the right edge, outermost first: where to look. */
  culprits: string[];
  /** Words of headings and key-figure labels cut inside themselves (not at a hyphen or soft hyphen): "Integrationsmanagemen|t". */
  broken: string[];
  /** Height of the page's header in px: on a phone it must leave the screen to the content. */
  header: number;
}

/** The most a header may take of an 800 px tall phone screen: brand, who is signed in, one row of navigation. */
const PHONE_HEADER_MAX = 160;
const tallHeader = (o: Overflow) => o.width < 768 && o.header > PHONE_HEADER_MAX;

/** Measures the page at each width; a screenshot per width. */
async function overflows(page: Page, name: string): Promise<Overflow[]> {
  const found: Overflow[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    // Two frames: the new width is laid out and painted.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const measure = () =>
      page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        const culprits: string[] = [];
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.right > vw + 1 && r.width > 0 && !el.closest('[data-scroll-ok]')) {
            // Inside a scroll container the page itself does not grow.
            let p = el.parentElement;
            // An absolutely positioned element escapes a scroll box that is not its containing block.
            let contained = false;
            if (getComputedStyle(el).position === 'absolute' || getComputedStyle(el).position === 'fixed') p = null;
            while (p && p !== document.body) {
              const o = getComputedStyle(p).overflowX;
              if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') {
                contained = true;
                break;
              }
              p = p.parentElement;
            }
            if (!contained && culprits.length < 5)
              culprits.push(
                `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} (${Math.round(r.right)} px)`,
              );
          }
        }
        // Nothing outside a scroll box reaches past the edge: name what does, wherever it is.
        if (!culprits.length && document.documentElement.scrollWidth > vw)
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right > vw + 1 && culprits.length < 5)
              culprits.push(
                `${el.tagName.toLowerCase()}.${String(el.className)} in ${el.parentElement?.tagName.toLowerCase()}.${String(el.parentElement?.className)} (${Math.round(r.right)} px)`,
              );
          }
        // A piece of a word between the places it may break (space, hyphen, soft hyphen) spans one line.
        const broken: string[] = [];
        for (const el of document.querySelectorAll('main h1, main h2, main h3, .key-figures dt')) {
          const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let t = texts.nextNode() as Text | null; t; t = texts.nextNode() as Text | null)
            for (const m of t.data.matchAll(/[^\s\u00ad-]+/g)) {
              // Its first and last letter on one line (a range over the whole piece would also
              // hold the hyphen a soft hyphen before it draws at the end of the line above).
              const bottom = (at: number) => {
                const range = document.createRange();
                range.setStart(t, at);
                range.setEnd(t, at + 1);
                return Math.round(range.getBoundingClientRect().bottom);
              };
              const lines = new Set([bottom(m.index), bottom(m.index + m[0].length - 1)]);
              if (lines.size > 1)
                broken.push(`„${m[0]}“ in ${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).trim().split(/\s+/).join('.')}` : ''}`);
            }
        }
        const header = Math.round(document.querySelector('body > header')?.getBoundingClientRect().height ?? 0);
        return { scrollWidth: document.documentElement.scrollWidth, culprits, broken, header };
      });
    let m = await measure();
    // A screen still settling (a late answer re-rendering it) is measured again once it has.
    if (m.scrollWidth > width || m.broken.length) {
      await page.waitForTimeout(1000);
      m = await measure();
    }
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: false });
    const o = { width, ...m };
    if (o.scrollWidth > width || o.broken.length || tallHeader(o)) found.push(o);
  }
  return found;
}

const problem = (where: string, o: Overflow) =>
  [
    o.scrollWidth > o.width ? `${where} at ${o.width} px is ${o.scrollWidth} px wide: ${o.culprits.join(', ')}` : '',
    o.broken.length ? `${where} at ${o.width} px breaks inside the words ${o.broken.join(', ')}` : '',
    tallHeader(o) ? `${where} at ${o.width} px has a header ${o.header} px tall (at most ${PHONE_HEADER_MAX})` : '',
  ]
    .filter(Boolean)
    .join('; ');

const safeName = (s: string) =>
  s
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80) || 'start';

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

async function signedIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  await page.goto(`${system.urls.editor}/`);
  await page.getByRole('heading', { level: 1, name: 'Anmelden (lokale Entwicklung)' }).waitFor();
  await page.getByRole('button', { name: demoUsers().find((u) => u.username === username)!.name }).click();
  await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
  return page;
}

/** An editor address as a screen type: ids and dates become placeholders. */
const screenType = (hash: string) =>
  hash
    .split('?')[0]!
    .split('/')
    .map((seg) => (/\d/.test(seg) || seg.length > 20 ? '*' : seg))
    .join('/');

/** Opens a screen by its address as a fresh load (a hash change alone would leave the previous screen's heading standing while the new one loads). */
async function openScreen(page: Page, hash: string): Promise<void> {
  await page.goto(`${system.urls.editor}/${hash}`);
  await page.reload();
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle').catch(() => undefined);
}

/**
 * Visits the editor's screens a role reaches by its own links, one per screen type,
 * breadth first: each is opened once, handed to `visit` (which measures it), and its
 * links queued.
 */
async function walkEditor(page: Page, visit: (hash: string) => Promise<void>, limit = 40): Promise<string[]> {
  const seen = new Map<string, string>();
  const queue = ['#/'];
  while (queue.length && seen.size < limit) {
    const hash = queue.shift()!;
    const type = screenType(hash);
    if (seen.has(type)) continue;
    seen.set(type, hash);
    await page.setViewportSize({ width: 1280, height: 900 });
    await openScreen(page, hash);
    const links = await page.locator('a[href^="#/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    for (const l of links) if (!seen.has(screenType(l)) && l !== '#/abmelden') queue.push(l);
    await visit(hash);
  }
  return [...seen.values()];
}

describe('no page wider than the screen at 320, 390 and 768 px', () => {
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

  it.each(['caritas-manager', 'caritas-lead', 'presse', 'admin'])(
    'every editor screen %s reaches',
    async (username) => {
      const page = await signedIn(username);
      const failures: string[] = [];
      const screens = await walkEditor(page, async (hash) => {
        for (const o of await overflows(page, `editor-${username}-${safeName(hash)}`)) failures.push(problem(hash, o));
      });
      expect(screens.length).toBeGreaterThan(3);
      expect(failures).toEqual([]);
    },
    600_000,
  );
});
