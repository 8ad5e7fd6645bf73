import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Event } from '@newsroom/http/handler.ts';
import { MAX_BODY_BYTES, payloadTooLarge, problem as problemResult } from '@newsroom/http/problem.ts';
import { FUNCTIONS, type FunctionName, ROUTES, routeKey } from '@newsroom/http/routes.ts';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import Router from 'find-my-way';
import { type DevIdp, userDirectory } from './dev-idp.ts';
import { hostAllowed, loopbackHosts, wrongHostDetail } from './host-check.ts';
import { claimsAsApiGatewayPasses, createJwtAuthorizer } from './jwt-authorizer.ts';
import { receiveUpload } from './uploads.ts';

type Handler = (event: Event) => Promise<APIGatewayProxyStructuredResultV2>;

/** Loads every function's handler from `functions/<fn>/index.ts`, as Lambda would. */
export async function loadHandlers(): Promise<Record<FunctionName, Handler>> {
  const entries = await Promise.all(
    FUNCTIONS.map(async (fn) => {
      const mod = (await import(`../../functions/${fn}/index.ts`)) as { handler: Handler };
      return [fn, mod.handler] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<FunctionName, Handler>;
}

/** How long a refused body is still read and dropped before the socket is cut. */
const DRAIN_MS = 10_000;

/**
 * Reads the body up to the API's limit. A larger one is refused by its Content-Length
 * before reading, or as soon as the stream passes the limit; nothing more is kept. The
 * rest is read and dropped until the client stops sending, and only then does the 413
 * go out with `Connection: close`: closing a socket with unread data resets it, and the
 * client would lose the answer.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const refuse = () => reject(Object.assign(new Error('too large'), { status: 413 }));
    const tooLarge = () => {
      refused = true;
      chunks.length = 0;
      setTimeout(refuse, DRAIN_MS).unref();
    };
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) tooLarge();
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (refused) return;
      if (size > MAX_BODY_BYTES) tooLarge();
      else chunks.push(c);
    });
    req.on('end', () => (refused ? refuse() : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/problem+json; charset=utf-8', ...headers, 'x-content-type-options': 'nosniff' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const problem = (status: number, title: string, detail: string) => ({ type: 'about:blank', status, title, detail, problems: [] });

const UPLOAD_TITLES: Record<number, string> = {
  400: 'Ungültige Datei',
  404: 'Nicht gefunden',
  413: 'Datei zu groß',
  415: 'Kein unterstütztes Foto',
  422: 'Foto nicht verwendbar',
};

export interface GatewayOptions {
  port: number;
  host?: string;
  /** Origins allowed by CORS (the editor). */
  allowedOrigins: string[];
  /** Built once the server knows its own URL (the issuer lives on it). */
  idp: (apiUrl: string) => Promise<DevIdp>;
}

export interface Gateway {
  url: string;
  idp: DevIdp;
  server: Server;
  close(): Promise<void>;
}

/**
 * The local stand-in for API Gateway (HTTP API): routes from the route table, the JWT
 * authorizer on every non-public route, v2 events with the claims, the same handlers.
 * It also serves the development identity provider under `/dev-idp`.
 */
export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const handlers = await loadHandlers();
  const router = Router({ ignoreTrailingSlash: true });
  let authorize: ReturnType<typeof createJwtAuthorizer>;
  let idp: DevIdp;
  let hosts: Set<string>;

  for (const route of ROUTES) {
    router.on(route.method, route.path.replace(/\{(\w+)\}/g, ':$1'), () => undefined, { route });
  }

  const server = createServer(async (req, res) => {
    // Before CORS and before the sign-in: a rebound page must not even learn the demo users.
    if (!hostAllowed(req, hosts)) return send(res, 421, problem(421, 'Falsche Adresse', wrongHostDetail(hosts)));
    const origin = req.headers.origin;
    const cors: Record<string, string> =
      origin && opts.allowedOrigins.includes(origin)
        ? {
            'access-control-allow-origin': origin,
            vary: 'origin',
            'access-control-allow-headers': 'authorization, content-type',
            'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
            'access-control-max-age': '600',
          }
        : {};
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'OPTIONS') return send(res, 204, '', cors);

      if (url.pathname.startsWith('/dev-idp/')) return await serveIdp(req, res, url.pathname.slice('/dev-idp'.length), cors);
      if (url.pathname.startsWith('/local-uploads/') && req.method === 'PUT') {
        const outcome = await receiveUpload(req, url.pathname.slice('/local-uploads/'.length));
        if (outcome.ok) return send(res, 200, outcome.photo, { ...cors, 'content-type': 'application/json; charset=utf-8' });
        const closing: Record<string, string> = outcome.status === 413 ? { connection: 'close' } : {};
        return send(res, outcome.status, problem(outcome.status, UPLOAD_TITLES[outcome.status], outcome.message), { ...cors, ...closing });
      }

      const found = router.find(req.method as 'GET', url.pathname);
      if (!found) return send(res, 404, problem(404, 'Nicht gefunden', 'Diese Adresse gibt es in der Schnittstelle nicht.'), cors);
      const route = (found.store as { route: (typeof ROUTES)[number] }).route;

      let claims: Record<string, string> | undefined;
      if (route.roles !== 'public') {
        const payload = await authorize(req.headers.authorization);
        // API Gateway answers 401 itself, before any Lambda runs.
        if (!payload) return send(res, 401, { message: 'Unauthorized' }, { ...cors, 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
        claims = claimsAsApiGatewayPasses(payload);
      }

      const body = req.method === 'GET' || req.method === 'DELETE' ? '' : await readBody(req);
      const now = new Date();
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
      const event = {
        version: '2.0',
        routeKey: routeKey(route),
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
        pathParameters: Object.keys(found.params).length ? (found.params as Record<string, string>) : undefined,
        body: body || undefined,
        isBase64Encoded: false,
        requestContext: {
          accountId: 'local',
          apiId: 'local',
          domainName: req.headers.host ?? 'localhost',
          domainPrefix: 'local',
          http: {
            method: req.method!,
            path: url.pathname,
            protocol: `HTTP/${req.httpVersion}`,
            sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
            userAgent: req.headers['user-agent'] ?? '',
          },
          requestId: randomUUID(),
          routeKey: routeKey(route),
          stage: '$default',
          time: now.toUTCString(),
          timeEpoch: now.getTime(),
          authorizer: claims ? { principalId: '', integrationLatency: 0, jwt: { claims, scopes: null } } : undefined,
        },
      } as unknown as Event;

      const result = await handlers[route.fn](event);
      res.writeHead(result.statusCode ?? 200, { ...(result.headers as Record<string, string>), ...cors });
      res.end(result.body ?? '');
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status === 413) {
        const result = problemResult(payloadTooLarge());
        return send(res, 413, result.body!, { ...(result.headers as Record<string, string>), ...cors, connection: 'close' });
      }
      console.error(err);
      send(res, 500, problem(500, 'Interner Fehler', 'Es ist ein unerwarteter Fehler aufgetreten.'), cors);
    }
  });

  async function serveIdp(req: IncomingMessage, res: ServerResponse, path: string, cors: Record<string, string>) {
    if (req.method === 'GET' && path === '/.well-known/jwks.json') return send(res, 200, idp.jwks, { 'content-type': 'application/json' });
    if (req.method === 'GET' && path === '/users')
      return send(res, 200, await userDirectory(idp), { ...cors, 'content-type': 'application/json; charset=utf-8' });
    if (req.method === 'POST' && path === '/token') {
      let username: unknown;
      try {
        username = (JSON.parse(await readBody(req)) as { username?: unknown }).username;
      } catch {
        username = undefined;
      }
      if (typeof username !== 'string' || !(await idp.users()).some((u) => u.username === username)) {
        return send(res, 400, problem(400, 'Ungültige Anfrage', 'Unbekannter Demo-Benutzer.'), cors);
      }
      return send(
        res,
        200,
        { id_token: await idp.issue(username), token_type: 'Bearer', expires_in: 3600 },
        { ...cors, 'content-type': 'application/json', 'cache-control': 'no-store' },
      );
    }
    return send(res, 404, problem(404, 'Nicht gefunden', 'Unbekannte Adresse des Entwicklungs-Logins.'), cors);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hosts = loopbackHosts(port, opts.host);
  const url = `http://localhost:${port}`;
  idp = await opts.idp(url);
  authorize = createJwtAuthorizer({ issuer: idp.issuer, audience: idp.clientId });
  return {
    url,
    idp,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
