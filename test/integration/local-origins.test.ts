import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { type StaticServer, serveStatic } from '@newsroom/infra-local/static-server.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, createConsentedStory, startApi } from './harness.ts';

let api: Api;
let dir: string;
let site: StaticServer;
beforeAll(async () => {
  api = await startApi();
  dir = await mkdtemp(join(tmpdir(), 'local-origins-'));
  await writeFile(join(dir, 'index.html'), '<h1>Redaktion</h1>');
  site = await serveStatic({ root: () => dir });
});
afterAll(async () => {
  await Promise.all([api?.close(), site?.close()]);
  await rm(dir, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request to 127.0.0.1 with headers fetch does not let a caller set (Host, Origin): what a
 * browser sends for a page whose domain was rebound to this machine, or for a cross-origin call.
 */
function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
  const { port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname + search, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const REBOUND = 'rebind.attacker.example';
const portOf = (url: string) => new URL(url).port;

describe('the local gateway and its development sign-in answer only under their own address', () => {
  it('gives a page on a rebound domain no token, no user list and no data, in German', async () => {
    const asRebound = { host: `${REBOUND}:${portOf(api.gateway.url)}`, 'content-type': 'application/json' };
    const token = await raw(`${api.gateway.url}/dev-idp/token`, { method: 'POST', headers: asRebound, body: JSON.stringify({ username: 'admin' }) });
    expect(token.status).toBe(421);
    expect(token.body).not.toContain('id_token');
    expect(JSON.parse(token.body)).toMatchObject({ status: 421, title: 'Falsche Adresse' });
    expect(JSON.parse(token.body).detail).toContain(`http://localhost:${portOf(api.gateway.url)}`);
    for (const path of ['/dev-idp/users', '/meta']) {
      const res = await raw(`${api.gateway.url}${path}`, { headers: asRebound });
      expect(res.status, path).toBe(421);
      expect(res.body, path).not.toContain('admin');
    }
    const bare = await raw(`${api.gateway.url}/meta`, { headers: { host: REBOUND } });
    expect(bare.status).toBe(421);
  });

  it('answers as before under localhost and 127.0.0.1 with its port', async () => {
    for (const host of [`localhost:${portOf(api.gateway.url)}`, `127.0.0.1:${portOf(api.gateway.url)}`]) {
      const token = await raw(`${api.gateway.url}/dev-idp/token`, {
        method: 'POST',
        headers: { host, 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin' }),
      });
      expect(token.status, host).toBe(200);
      expect(JSON.parse(token.body).id_token, host).toMatch(/^ey/);
    }
  });
});

describe('the local static servers answer only under their own address', () => {
  it('refuse a rebound domain and serve localhost', async () => {
    const rebound = await raw(site.url, { headers: { host: `${REBOUND}:${site.port}` } });
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain('Redaktion');
    expect(rebound.body).toContain(`http://localhost:${site.port}`);
    const own = await raw(site.url, { headers: { host: `localhost:${site.port}` } });
    expect(own.status).toBe(200);
    expect(own.body).toContain('Redaktion');
  });
});

describe('API answers are never sniffed', () => {
  it('carry X-Content-Type-Options: nosniff, from the functions and from the gateway itself', async () => {
    const s = await createConsentedStory(api);
    const answers: [string, Awaited<ReturnType<Api['call']>>, number][] = [
      ["a function's JSON", await api.call('caritas-manager', 'GET', `/stories/${s.id}`), 200],
      ["a function's problem", await api.call('presse', 'GET', `/stories/${s.id}/persons/A/export`), 403],
      ["a function's 400", await api.call('caritas-manager', 'POST', '/stories', '{kein json'), 400],
      ['the public reference data', await api.call(undefined, 'GET', '/meta'), 200],
      ['the Art. 15 page', await api.call('caritas-manager', 'GET', `/stories/${s.id}/persons/A/export`, undefined, { accept: 'text/html' }), 200],
      ["the gateway's 401", await api.call(undefined, 'GET', '/stories'), 401],
      ["the gateway's 404", await api.call('caritas-manager', 'GET', '/gibt-es-nicht'), 404],
      [
        "the gateway's preflight",
        await api.call(undefined, 'OPTIONS', '/stories', undefined, { origin: 'http://localhost:4322', 'access-control-request-method': 'POST' }),
        204,
      ],
      ["the sign-in's user list", await api.call(undefined, 'GET', '/dev-idp/users'), 200],
    ];
    expect(answers.map(([what, res]) => [what, res.status, res.headers.get('x-content-type-options')])).toEqual(
      answers.map(([what, , status]) => [what, status, 'nosniff']),
    );
  });
});

describe('the Art. 15 page', () => {
  it('is sent with a policy that lets it load, run, frame and send nothing, its one style block allowed by hash', async () => {
    const s = await createConsentedStory(api);
    const page = await api.call('caritas-manager', 'GET', `/stories/${s.id}/persons/A/export`, undefined, { accept: 'text/html' });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    );
    const styles = [...(page.body as string).matchAll(/<style>([^<]*)<\/style>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    expect(directives).toEqual({
      'default-src': "'none'",
      'style-src': `'sha256-${createHash('sha256').update(styles[0]!).digest('base64')}'`,
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
      sandbox: '',
    });
    // A hash covers style blocks, not style attributes: the page must have none.
    expect(page.body).not.toMatch(/\sstyle=|<script/i);
    expect(page.headers.get('cache-control')).toBe('no-store');
  });
});

describe('the embedded store (dynalite) is out of reach of web pages', () => {
  const listTables = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables', 'x-amz-date': '20260101T000000Z' };
  // dynalite does not check signatures; a page could send any Authorization header after a preflight.
  const authorization = 'AWS4-HMAC-SHA256 Credential=local/20260101/eu-central-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00';

  it('refuses a cross-origin call and its preflight, without any CORS header', async () => {
    const host = `127.0.0.1:${portOf(api.store.endpoint)}`;
    const call = await raw(api.store.endpoint, { method: 'POST', headers: { ...listTables, host, authorization, origin: 'https://evil.example' }, body: '{}' });
    expect(call.status).toBe(403);
    expect(call.headers['access-control-allow-origin']).toBeUndefined();
    expect(call.body).not.toContain(api.store.db.tableName);
    expect(JSON.parse(call.body).message).toMatch(/Webseite/);
    const preflight = await raw(api.store.endpoint, {
      method: 'OPTIONS',
      headers: {
        host,
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-amz-target',
      },
    });
    expect(preflight.status).toBe(403);
    expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('refuses a rebound domain', async () => {
    const res = await raw(api.store.endpoint, {
      method: 'POST',
      headers: { ...listTables, host: `${REBOUND}:${portOf(api.store.endpoint)}`, authorization },
      body: '{}',
    });
    expect(res.status).toBe(421);
    expect(res.body).not.toContain(api.store.db.tableName);
  });

  it('still answers the AWS SDK and a request like its own on the loopback address', async () => {
    const { TableNames } = await api.store.db.raw.send(new ListTablesCommand({}));
    expect(TableNames).toContain(api.store.db.tableName);
    const res = await raw(api.store.endpoint, {
      method: 'POST',
      headers: { ...listTables, host: `127.0.0.1:${portOf(api.store.endpoint)}`, authorization },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).TableNames).toContain(api.store.db.tableName);
  });
});
