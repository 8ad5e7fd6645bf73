import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroConfig, AstroIntegration, AstroPrerenderer } from 'astro';

/**
 * What `renderer.ts` needs to render pages of this site later, in another process, as
 * the build that captured it would have: the server bundle Astro prerenders every
 * page with, and the few facts of the build that bundle does not carry itself.
 */
export interface RendererManifest {
  /** The prerender entry inside `bundle/` (exports `app` and `manifest`). */
  entry: string;
  /** Per page (Astro's page key "route&component"): its stylesheets, in Astro's own form. */
  pages: [string, { styles: unknown[] }][];
  /** Scripts integrations inject into every page's head (none on this site). */
  scripts: { stage: string; content: string }[];
  config: {
    site: string;
    base: string;
    trailingSlash: AstroConfig['trailingSlash'];
    format: AstroConfig['build']['format'];
    compressHTML: boolean;
    assets: string;
    image: { service: { entrypoint: string; config: Record<string, unknown> } } & Record<string, unknown>;
  };
}

export const RENDERER_MANIFEST = 'renderer.json';
export const RENDERER_BUNDLE = 'bundle';

/**
 * An integration for the full build that keeps its renderer: Astro builds a server
 * bundle of the site, prerenders every page with it and deletes it. Wrapped around
 * Astro's own prerenderer, this copies the bundle into `dir` before the first page is
 * rendered, with the page styles and settings the bundle reads from the build. It
 * renders nothing itself, so the build's output is the plain full build's.
 *
 * Internals it relies on (checked by the equivalence test on every run): the default
 * prerenderer's `app` (Astro's BuildApp), the prerender folder `.prerender/` under the
 * out dir or `<cwd>/.astro/`, and the `pages` map of `astro:build:setup` carrying
 * each page's `styles` by the time pages are generated.
 */
export function captureRenderer(dir: string): AstroIntegration {
  let config: AstroConfig;
  let pages: Map<string, { styles: unknown[] }>;
  return {
    name: 'newsroom-renderer-capture',
    hooks: {
      'astro:config:done': ({ config: c }) => {
        config = c;
      },
      'astro:build:setup': ({ pages: p }) => {
        pages = p as unknown as Map<string, { styles: unknown[] }>;
      },
      'astro:build:start': ({ setPrerenderer }) => {
        setPrerenderer((fallback: AstroPrerenderer) => ({
          name: 'newsroom-renderer-capture',
          async setup() {
            await fallback.setup?.();
            const app = (fallback as AstroPrerenderer & { app: { getSettings(): { scripts: { stage: string; content: string }[] } } }).app;
            await save(dir, config, pages, app.getSettings().scripts);
          },
          getStaticPaths: () => fallback.getStaticPaths(),
          render: (request, options) => fallback.render(request, options),
          ...(fallback.collectStaticImages ? { collectStaticImages: () => fallback.collectStaticImages!() } : {}),
          teardown: () => fallback.teardown?.() ?? Promise.resolve(),
        }));
      },
    },
  };
}

/** Astro's prerender folder for a static build (prerender/utils.js, build/common.js). */
function prerenderDir(config: AstroConfig): string {
  const outDir = fileURLToPath(config.outDir);
  const within = outDir.startsWith(process.cwd()) ? outDir : join(process.cwd(), '.astro');
  return join(within, '.prerender');
}

async function save(dir: string, config: AstroConfig, pages: Map<string, { styles: unknown[] }>, scripts: { stage: string; content: string }[]): Promise<void> {
  if (scripts.some((s) => s.stage === 'page')) {
    // Page-stage scripts are resolved through build internals the renderer does not keep.
    throw new Error('renderer capture: integrations with page scripts are not supported');
  }
  const source = prerenderDir(config);
  const entry = (await readdir(source)).find((f) => f.startsWith('prerender-entry') && f.endsWith('.mjs'));
  if (!entry) throw new Error(`renderer capture: no prerender entry in ${source}`);
  await mkdir(dir, { recursive: true });
  await cp(source, join(dir, RENDERER_BUNDLE), { recursive: true });
  const manifest: RendererManifest = {
    entry,
    pages: [...pages].map(([key, page]) => [key, { styles: page.styles }]),
    scripts,
    config: {
      site: config.site ?? 'http://localhost:4321',
      base: config.base,
      trailingSlash: config.trailingSlash,
      format: config.build.format,
      compressHTML: Boolean(config.compressHTML),
      assets: config.build.assets,
      image: JSON.parse(JSON.stringify(config.image)),
    },
  };
  await writeFile(join(dir, RENDERER_MANIFEST), JSON.stringify(manifest));
}

export const rendererEntryUrl = (dir: string, manifest: RendererManifest) => pathToFileURL(join(dir, RENDERER_BUNDLE, manifest.entry)).href;
