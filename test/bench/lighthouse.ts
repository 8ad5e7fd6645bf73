import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocal } from '@newsroom/infra-local/start.ts';
import chromium from '@sparticuz/chromium';
import lighthouse, { desktopConfig } from 'lighthouse';
import { chromium as pw } from 'playwright-core';

/** Issue 13's goal: performance and accessibility at 100 on a story page with a photo. */
export const GOAL_SCORE = 100;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/**
 * The public site of `npm start` with the demo data, audited by Lighthouse in the
 * Chromium the tests use: a story page with a lead picture, a press release page with
 * one, and the start page, each with the mobile preset (simulated slow 4G and a 4× slower
 * CPU, Lighthouse's default) and the desktop preset.
 */
export async function lighthouseBench() {
  const dataDir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
  const system = await startLocal({ dataDir, ports: { site: 0, editor: 0, api: 0, dynamo: 0 }, log: () => undefined });
  const port = await freePort();
  const browser = await pw.launch({
    executablePath: await chromium.executablePath(),
    args: [...chromium.args, `--remote-debugging-port=${port}`],
    headless: true,
  });
  try {
    const pages = await pagesWithPictures(system.urls.site);
    const rows = [];
    for (const [kind, url] of Object.entries(pages)) {
      for (const preset of ['mobile', 'desktop'] as const) {
        const run = await lighthouse(
          url,
          { port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES },
          preset === 'desktop' ? desktopConfig : undefined,
        );
        if (!run) throw new Error(`Lighthouse lieferte kein Ergebnis für ${url}`);
        const { categories, audits, runtimeError, runWarnings } = run.lhr;
        if (runtimeError) throw new Error(`Lighthouse ${url}: ${runtimeError.message}`);
        if (categories.performance?.score == null)
          throw new Error(
            `Lighthouse ${url}: keine Performance-Bewertung (${[
              ...runWarnings,
              ...Object.values(audits)
                .filter((a) => a.errorMessage)
                .map((a) => `${a.id}: ${a.errorMessage}`),
            ].join('; ')})`,
          );
        const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
        const failed = Object.values(audits)
          .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
          .map((a) => `${a.id} (${a.displayValue ?? a.score})`);
        rows.push({
          page: kind,
          path: new URL(url).pathname,
          preset,
          performance: score('performance'),
          accessibility: score('accessibility'),
          bestPractices: score('best-practices'),
          seo: score('seo'),
          largestContentfulPaintMs: Math.round(audits['largest-contentful-paint']?.numericValue ?? 0),
          cumulativeLayoutShift: audits['cumulative-layout-shift']?.numericValue ?? 0,
          totalBlockingTimeMs: Math.round(audits['total-blocking-time']?.numericValue ?? 0),
          transferKB: Math.round((audits['total-byte-weight']?.numericValue ?? 0) / 1024),
          withinGoal: score('performance') >= GOAL_SCORE && score('accessibility') >= GOAL_SCORE,
          notPassed: failed,
        });
      }
    }
    return {
      method:
        "Lighthouse (npm lighthouse) against npm start's static site with the demo data, in @sparticuz/chromium over the DevTools port; categories performance, accessibility, best practices, SEO; mobile preset (simulated throttling) and desktop preset; served from localhost without a CDN (no HTTP/2, no Brotli, as the local static server sends it)",
      goal: { performance: GOAL_SCORE, accessibility: GOAL_SCORE },
      rows,
    };
  } finally {
    await browser.close();
    await system.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A story page and a press release page that show a lead picture, and the start page; found from the sitemaps. */
async function pagesWithPictures(site: string): Promise<Record<string, string>> {
  const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  const paths: string[] = [];
  for (const sitemap of locs(await (await fetch(`${site}/sitemap.xml`)).text())) paths.push(...locs(await (await fetch(`${site}${sitemap}`)).text()));
  const withPicture = async (prefix: string) => {
    // An item's page, not a year's archive.
    for (const path of paths.filter((p) => p.startsWith(prefix) && !/^\/[^/]+\/(\d{4}\/)?$/.test(p))) {
      if ((await (await fetch(`${site}${path}`)).text()).includes('<picture')) return `${site}${path}`;
    }
    throw new Error(`Keine Seite unter ${prefix} mit Bild in den Demo-Daten.`);
  };
  return {
    story: await withPicture('/geschichten/'),
    release: await withPicture('/pressemitteilungen/'),
    start: `${site}/`,
    storyYear: `${site}${paths.find((p) => /^\/geschichten\/\d{4}\/$/.test(p))}`,
  };
}
