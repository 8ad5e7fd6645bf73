import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * No page wider than the screen (issue 16): a page measured at 320, 390 and 768 px, and
 * photographed at each width into test-results/responsive/ to be looked at. Used for the
 * public pages (responsive.test.ts) and for every editor screen (editor-screens.test.ts).
 */

export const WIDTHS = [320, 390, 768] as const;
const SHOTS = join(process.cwd(), 'test-results', 'responsive');
mkdirSync(SHOTS, { recursive: true });

export interface Overflow {
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
export async function overflows(page: Page, name: string): Promise<Overflow[]> {
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

export const problem = (where: string, o: Overflow) =>
  [
    o.scrollWidth > o.width ? `${where} at ${o.width} px is ${o.scrollWidth} px wide: ${o.culprits.join(', ')}` : '',
    o.broken.length ? `${where} at ${o.width} px breaks inside the words ${o.broken.join(', ')}` : '',
    tallHeader(o) ? `${where} at ${o.width} px has a header ${o.header} px tall (at most ${PHONE_HEADER_MAX})` : '',
  ]
    .filter(Boolean)
    .join('; ');

export const safeName = (s: string) =>
  s
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80) || 'start';
