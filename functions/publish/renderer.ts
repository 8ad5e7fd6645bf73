import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RENDER_PASS, type RenderPass, type SiteContent } from '@newsroom/site-contract/render-pass.ts';
import { RENDERER_MANIFEST, type RendererManifest, rendererEntryUrl } from './renderer-capture.ts';

/**
 * The site as an on-demand renderer: the server bundle a full build prerendered every
 * page with (kept by renderer-capture.ts), loaded once and asked for single pages.
 * Each page goes through Astro's own prerender path (BuildApp.render with the route),
 * so a page rendered here is byte for byte the page of a full build with the same
 * content and instant; test/integration/publish-incremental.test.ts checks exactly that.
 *
 * Why this and not Astro's `experimental.incrementalBuild`: that still runs the whole
 * build pipeline (content sync, Vite bundling of server and client, every route's
 * getStaticPaths, the search index over all output) and only skips rendering unchanged
 * pages, so it costs most of a full build. A full build takes longer than the two seconds
 * a publish may take already at 100 stories, most of it pipeline; rendering the dozen
 * pages of a change from the loaded bundle is a small part of a publish. The figures, per
 * site size: `fullBuildMs` and `publisher.renderMs` in bench/results/publish-latency.json.
 */

/** A route as Astro's manifest describes it (the fields used here). */
export interface RouteData {
  route: string;
  component: string;
  type: 'page' | 'endpoint' | 'redirect' | 'fallback';
  pathname?: string;
  prerender: boolean;
}

export interface RenderedFile {
  /** The site path, as Astro names it ("/", "/geschichten/x", "/rss.xml"). */
  pathname: string;
  /** Where the build writes it, relative to the site root ("geschichten/x/index.html"). */
  file: string;
  status: number;
  body: Buffer;
}

/** An optimised image a rendered page refers to, as Astro's build would generate it. */
export interface ImageVariant {
  /** Site path of the generated file ("/_astro/photo_Z1abc.webp"). */
  finalPath: string;
  /** Absolute path of the original. */
  source: string;
  transform: Record<string, unknown>;
}

export interface RenderPassHandle {
  /** Every output path of the site in this pass, with its route (Astro's order: the first route wins). */
  paths(): Promise<Map<string, RouteData>>;
  render(pathname: string): Promise<RenderedFile>;
  /** Image variants the pages rendered in this pass refer to. */
  images(): ImageVariant[];
}

export interface SiteRenderer {
  readonly site: URL;
  /** Starts a render pass: every page of it judges by `at` and reads `content`. */
  pass(at: Date, content: SiteContent): RenderPassHandle;
  /**
   * An image variant the live site does not have yet, made by Astro's image service
   * (sharp) as the build's image step would (assets/build/generate.js).
   */
  transformImage(variant: ImageVariant): Promise<Buffer>;
}

interface BundleApp {
  manifest: { site?: string; routes: { routeData: RouteData }[] };
  routeCache: { clearAll(): void };
  setInternals(internals: unknown): void;
  setOptions(options: unknown): void;
  render(request: Request, options: { routeData: RouteData }): Promise<Response>;
  getComponentByRoute(route: RouteData): Promise<unknown>;
}

/**
 * Loads the renderer captured into `dir`. `site` replaces the public address the
 * build was made for (the AWS stack knows its CloudFront address only when deployed);
 * `imageSource` finds an image's original where the build's absolute path does not exist.
 */
export async function loadRenderer(dir: string, opts: { site?: string; imageSource?: (buildPath: string) => string } = {}): Promise<SiteRenderer> {
  const manifest = JSON.parse(await readFile(join(dir, RENDERER_MANIFEST), 'utf8')) as RendererManifest;
  const site = new URL(opts.site ?? manifest.config.site);
  const images = installImageRecorder(manifest, await astroImageHelpers());
  const { app } = (await import(rendererEntryUrl(dir, manifest))) as { app: BundleApp };
  app.manifest.site = site.href.replace(/\/$/, '');
  // What the build environment reads from the build: page styles (headElements) and settings.scripts.
  app.setInternals({ pagesByKeys: new Map(manifest.pages), entrySpecifierToBundleMap: new Map() });
  app.setOptions({ settings: { scripts: manifest.scripts }, logger: { options: { destination: astroLogDestination } } });
  let imageService: ImageService | undefined;
  const { StaticPaths } = (await import('astro/runtime/prerender/static-paths.js')) as unknown as {
    StaticPaths: new (app: BundleApp) => { getAll(): Promise<{ pathname: string; route: RouteData }[]> };
  };

  return {
    site,
    pass(at, content) {
      const pass: RenderPass = { at, content, memo: new Map() };
      (globalThis as { [RENDER_PASS]?: RenderPass })[RENDER_PASS] = pass;
      // getStaticPaths results are cached per route: a new pass must ask again.
      app.routeCache.clearAll();
      images.clear();
      let paths: Promise<Map<string, RouteData>> | undefined;
      /** Astro's own form of each path (a dynamic endpoint keeps a trailing slash): what its request must name. */
      const original = new Map<string, string>();
      const current = () => {
        if ((globalThis as { [RENDER_PASS]?: RenderPass })[RENDER_PASS] !== pass) throw new Error('render pass ended: another pass started');
      };
      const allPaths = () =>
        (paths ??= new StaticPaths(app).getAll().then((all) => {
          const map = new Map<string, RouteData>();
          for (const { pathname, route } of all) {
            const key = normalise(pathname);
            // Astro's build keeps the first route for a path (prerenderConflictBehavior).
            if (!map.has(key)) {
              map.set(key, route);
              original.set(key, pathname);
            }
          }
          return map;
        }));
      return {
        paths: () => {
          current();
          return allPaths();
        },
        async render(pathname) {
          current();
          const key = normalise(pathname);
          const route = (await allPaths()).get(key);
          if (!route) throw new Error(`no page ${pathname} in this render pass`);
          const request = new Request(requestUrl(original.get(key)!, route, manifest, site));
          const response = await app.render(request, { routeData: route });
          if (response.status >= 300 && response.status < 400) throw new Error(`${pathname} redirects; the site has no redirects`);
          return { pathname: key, file: fileOf(key, route), status: response.status, body: Buffer.from(await response.arrayBuffer()) };
        },
        images: () => [...images.values()],
      };
    },
    async transformImage(variant) {
      imageService ??= ((await import(manifest.config.image.service.entrypoint)) as { default: ImageService }).default;
      const src = variant.transform.src as { src: string } | string;
      const source = opts.imageSource ? opts.imageSource(variant.source) : variant.source;
      const { data } = await imageService.transform(
        await readFile(source),
        { ...variant.transform, src: typeof src === 'string' ? src : src.src },
        manifest.config.image,
      );
      return Buffer.from(data);
    },
  };
}

/** Astro names paths without the trailing slash, except the root. */
const normalise = (pathname: string) => (pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname);

/** The request the build would make for this path (core/build/generate.js getUrlForPath). */
function requestUrl(pathname: string, route: RouteData, manifest: RendererManifest, site: URL): URL {
  const { base, format, trailingSlash } = manifest.config;
  if (format !== 'directory') throw new Error(`renderer: build format ${format} is not supported`);
  const trim = (p: string) => p.replace(/^\/+|\/+$/g, '');
  let path: string;
  if (pathname === '/') path = trailingSlash === 'never' ? base : `${base.replace(/\/$/, '')}/`;
  else if (route.type === 'endpoint')
    path = `${base.replace(/\/$/, '')}/${pathname.replace(/^\/+/, '')}${trailingSlash === 'always' && !/\/[^/]+\.\w+$/.test(pathname) && !pathname.endsWith('/') ? '/' : ''}`;
  else path = `${base.replace(/\/$/, '')}/${trim(pathname)}${trailingSlash === 'never' ? '' : '/'}`;
  return new URL(path, site.origin);
}

/** The file the build writes for a path (core/build/common.js getOutFolder/getOutFile, format "directory"). */
export function fileOf(pathname: string, route: Pick<RouteData, 'type'>): string {
  const encoded = encodeURI(pathname).replace(/^\//, '');
  if (route.type === 'endpoint') return encoded;
  if (pathname === '/404' || pathname === '/500') return `${encoded}.html`;
  return encoded === '' ? 'index.html' : `${encoded}/index.html`;
}

const astroLogDestination = {
  write(event: { level: string; label?: string | null; message: string }) {
    if (event.level === 'error' || event.level === 'warn')
      console.error(JSON.stringify({ level: event.level.toUpperCase(), message: 'astro', detail: event.message }));
    return true;
  },
};

interface ImageService {
  transform(buffer: Buffer, transform: Record<string, unknown>, config: unknown): Promise<{ data: Uint8Array }>;
}

interface ImageHelpers {
  hashTransform(transform: Record<string, unknown>, imageService: string, propertiesToHash: string[]): string;
  propsToFilename(filePath: string, transform: Record<string, unknown>, hash: string): string;
}

async function astroImageHelpers(): Promise<ImageHelpers> {
  // Not in Astro's package exports: by file, which Node and the Lambda's bundler both follow.
  return (await import('../../node_modules/astro/dist/assets/utils/hash.js')) as ImageHelpers;
}

/**
 * What the build's asset plugin installs for getImage() (assets/vite-plugin-assets.js,
 * addStaticImageFactory), for this site's configuration (base "/", no assetsPrefix):
 * the final address of each transform, remembered so the publisher can generate
 * variants the live site does not have yet.
 */
function installImageRecorder(manifest: RendererManifest, helpers: ImageHelpers): Map<string, ImageVariant> {
  const { base, assets, image } = manifest.config;
  if (base !== '/') throw new Error('renderer: only base "/" is supported');
  const seen = new Map<string, ImageVariant>();
  (globalThis as { astroAsset?: unknown }).astroAsset = {
    referencedImages: new Set(),
    recordReferencedImage: () => undefined,
    addStaticImage(options: Record<string, unknown>, hashProperties: string[], originalFSPath: string) {
      const src = options.src as { src: string } | string;
      const esm = typeof src === 'object';
      const original = esm ? src.src : src;
      const hash = helpers.hashTransform(options, image.service.entrypoint, hashProperties);
      const file = helpers.propsToFilename(original, options, hash);
      const finalPath = `/${[esm ? '' : assets, file].filter(Boolean).join('/')}`.replace(/\/+/g, '/');
      seen.set(finalPath, { finalPath, source: originalFSPath, transform: options });
      return encodeURI(finalPath);
    },
  };
  return seen;
}
