import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';
import { siteCsp } from '@newsroom/site-contract/security-headers.ts';
import { hostAllowed, loopbackHosts, wrongHostDetail } from './host-check.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
};

/** Feeds are named by what they are, not by their extension. */
const NAMED_TYPES: Record<string, string> = {
  'rss.xml': 'application/rss+xml; charset=utf-8',
  'atom.xml': 'application/atom+xml; charset=utf-8',
  'feed.xml': 'application/rss+xml; charset=utf-8',
  'feed.json': 'application/feed+json; charset=utf-8',
};

export interface StaticServerOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /**
   * The directory to serve, asked on every request: the publisher switches the
   * live build by replacing a symlink, and the next request sees the new one.
   * Undefined while nothing has been built yet (answered with 503).
   */
  root: () => string | undefined;
  /**
   * Content-Security-Policy for every response (the editor brings its own); default: the
   * site's, per path. A function when the policy names an address known only later.
   */
  csp?: string | ((urlPath: string) => string);
  /** Served with status 404 for paths that do not exist, relative to root. */
  notFoundPage?: string;
  /** Paths under this prefix carry a content hash in their name and never change. */
  immutablePrefix?: string;
  /** Further headers for every response. */
  headers?: Record<string, string>;
  /**
   * Addresses ("/geschichten/x/") answered with 410 and the neutral page besides those in
   * the build's own `gone.json`, before anything else: at start-up, the store's gone list
   * until the first publish is live (infra/local/start.ts).
   */
  gone?: () => ReadonlySet<string> | undefined;
  /**
   * While this returns a promise, every request that is not refused as gone waits for it
   * (503 if it rejects): at start-up after a crash, the build on disk may still show a
   * withdrawn story in its lists and feeds until the first publish is live.
   */
  ready?: () => Promise<unknown> | undefined;
  /** Addresses under `prefix` answered by `answer` (given the rest of the path), not from files: the site's previews. */
  dynamic?: { prefix: string; answer: (rest: string) => Promise<{ status: number; headers: Record<string, string>; body: Buffer }> };
}

export interface StaticServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * A small static file server for the local stand-in of S3 + CloudFront. Own code
 * rather than a library: it must resolve its root per request, follow the
 * site's trailing-slash rule and send the same security headers as CloudFront,
 * which is less code here than configuring around a library's caches.
 */
export async function serveStatic(opts: StaticServerOptions): Promise<StaticServer> {
  let hosts: Set<string>;
  const server = createServer((req, res) => {
    // The editor's page holds the session: a rebound domain must not serve it as its own.
    if (!hostAllowed(req, hosts)) return send(res, opts, 421, 'text/plain; charset=utf-8', wrongHostDetail(hosts));
    handle(req, res, opts).catch((err: unknown) => {
      console.error(JSON.stringify({ level: 'ERROR', message: 'static server error', url: req.url, error: String(err) }));
      if (!res.headersSent) send(res, opts, 500, 'text/plain; charset=utf-8', 'Interner Fehler');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = loopbackHosts(port, opts.host);
  return {
    server,
    port,
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function securityHeaders(opts: StaticServerOptions, urlPath = '/'): Record<string, string> {
  return {
    'content-security-policy': typeof opts.csp === 'function' ? opts.csp(urlPath) : (opts.csp ?? siteCsp(urlPath)),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    ...opts.headers,
  };
}

function send(res: ServerResponse, opts: StaticServerOptions, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...securityHeaders(opts), 'content-type': type, 'cache-control': 'no-cache', ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: StaticServerOptions): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, opts, 405, 'text/plain; charset=utf-8', 'Methode nicht erlaubt', { allow: 'GET, HEAD' });
    return;
  }

  const url = new URL(req.url ?? '/', 'http://localhost');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    send(res, opts, 400, 'text/plain; charset=utf-8', 'Ungültige Adresse');
    return;
  }
  if (path.includes('\0') || path.split('/').includes('..') || path.includes('\\')) {
    send(res, opts, 400, 'text/plain; charset=utf-8', 'Ungültige Adresse');
    return;
  }

  if (opts.dynamic && path.startsWith(opts.dynamic.prefix)) {
    const answer = await opts.dynamic.answer(path.slice(opts.dynamic.prefix.length));
    // The answer brings its own policy and caching; the other security headers are the site's.
    res.writeHead(answer.status, { ...securityHeaders(opts, path), ...answer.headers, 'content-length': String(answer.body.length) });
    res.end(req.method === 'HEAD' ? undefined : answer.body);
    return;
  }

  // Resolve the symlink once: this request is answered from one build only, even if the publisher switches
  // while it runs. A gone address is refused before any file is looked at (the build may still hold its
  // page); anything else waits while `ready` holds, and is then looked at again in the build live then.
  const page = pageAddress(path);
  let root = await liveRoot(opts);
  let waited: Promise<unknown> | undefined;
  for (;;) {
    const manifest = root ? await goneManifest(root) : undefined;
    if (page && (opts.gone?.()?.has(page) || manifest?.paths.has(page))) return sendGone(req, res, opts, root, manifest?.page ?? GONE_PAGE);
    const waiting = opts.ready?.();
    if (!waiting || waiting === waited) break;
    if (
      !(await waiting.then(
        () => true,
        () => false,
      ))
    )
      return notYet(res, opts);
    waited = waiting;
    root = await liveRoot(opts);
  }
  if (!root) return notYet(res, opts);
  let file = await within(root, path);
  let info = file ? await stat(file).catch(() => undefined) : undefined;
  if (info?.isDirectory()) {
    if (!path.endsWith('/')) {
      // The site's links all end in "/", so relative references resolve correctly.
      send(res, opts, 301, 'text/plain; charset=utf-8', '', { location: `${url.pathname}/${url.search}` });
      return;
    }
    file = await within(root, `${path}index.html`);
    info = file ? await stat(file).catch(() => undefined) : undefined;
  }
  if (!file || !info?.isFile()) {
    const page = await within(root, opts.notFoundPage ?? '/404.html');
    const pageInfo = page ? await stat(page).catch(() => undefined) : undefined;
    if (page && pageInfo?.isFile()) return stream(req, res, opts, page, pageInfo.size, 404, '/404.html', pageInfo.mtimeMs);
    send(res, opts, 404, 'text/plain; charset=utf-8', 'Nicht gefunden');
    return;
  }
  return stream(req, res, opts, file, info.size, 200, path, info.mtimeMs);
}

async function liveRoot(opts: StaticServerOptions): Promise<string | undefined> {
  const configured = opts.root();
  return configured ? realpath(configured).catch(() => undefined) : undefined;
}

function notYet(res: ServerResponse, opts: StaticServerOptions): void {
  send(res, opts, 503, 'text/plain; charset=utf-8', 'Die Seite wird gerade erstellt. Bitte in einigen Sekunden erneut laden.', { 'retry-after': '5' });
}

/** The neutral page of withdrawn addresses (site/newsroom/src/pages/nicht-mehr-verfuegbar), when a build names none. */
const GONE_PAGE = '/nicht-mehr-verfuegbar/';

/** "/a/b", "/a/b/" and "/a/b/index.html" are the page "/a/b/"; another file is no page. */
function pageAddress(path: string): string | undefined {
  if (path.endsWith('/index.html')) return path.slice(0, -'index.html'.length);
  if (path.endsWith('/')) return path;
  return extname(path) ? undefined : `${path}/`;
}

/** 410 with the build's neutral page, or a plain German line when there is no build to take it from. */
async function sendGone(req: IncomingMessage, res: ServerResponse, opts: StaticServerOptions, root: string | undefined, goneAt: string): Promise<void> {
  const page = root ? await within(root, `${goneAt}index.html`) : undefined;
  const info = page ? await stat(page).catch(() => undefined) : undefined;
  if (page && info?.isFile()) return stream(req, res, opts, page, info.size, 410, `${goneAt}index.html`, info.mtimeMs);
  send(res, opts, 410, 'text/plain; charset=utf-8', 'Dieser Beitrag ist nicht mehr verfügbar.');
}

const manifests = new Map<string, Promise<{ page: string; paths: Set<string> } | undefined>>();

/**
 * A build's `gone.json`: the addresses of stories that were public and are not any
 * more, answered with 410 Gone. Builds never change once live, so it is read once per build.
 */
function goneManifest(root: string) {
  let found = manifests.get(root);
  if (!found) {
    found = readFile(join(root, 'gone.json'), 'utf8')
      .then((text) => {
        const m = JSON.parse(text) as { page: string; paths: string[] };
        return { page: m.page, paths: new Set(m.paths) };
      })
      .catch(() => undefined);
    manifests.set(root, found);
    // Only the live build and the previous one are ever asked for.
    if (manifests.size > 4) manifests.delete(manifests.keys().next().value!);
  }
  return found;
}

/** The real path of `path` under `root`, or undefined when it does not exist or leaves root. */
async function within(root: string, path: string): Promise<string | undefined> {
  const candidate = join(root, path);
  try {
    const real = await realpath(candidate);
    return real === root || real.startsWith(root + sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

function contentType(file: string): string {
  const name = file.slice(file.lastIndexOf(sep) + 1);
  return NAMED_TYPES[name] ?? TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

function cacheControl(opts: StaticServerOptions, urlPath: string, type: string): string {
  const prefix = opts.immutablePrefix ?? '/_astro/';
  if (urlPath.startsWith(prefix)) return 'public, max-age=31536000, immutable';
  if (type.startsWith('text/html') || type.includes('xml') || type.startsWith('application/json')) return 'no-cache';
  return 'public, max-age=3600';
}

function stream(
  req: IncomingMessage,
  res: ServerResponse,
  opts: StaticServerOptions,
  file: string,
  size: number,
  status: number,
  urlPath: string,
  mtimeMs: number,
): void {
  const type = contentType(file);
  const etag = `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
  const headers = { ...securityHeaders(opts, urlPath), 'content-type': type, 'cache-control': cacheControl(opts, urlPath, type), etag };
  if (status === 200 && req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(status, { ...headers, 'content-length': String(size) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
