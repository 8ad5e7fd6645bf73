import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StaticServer, serveStatic } from '@newsroom/infra-local/static-server.ts';
import { SITE_CSP } from '@newsroom/site-contract/security-headers.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
let server: StaticServer;
let live: string | undefined;

/** A raw request, so the path reaches the server exactly as written (fetch would normalise it). */
function raw(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function site(name: string, marker: string): Promise<string> {
  const root = join(dir, name);
  await mkdir(join(root, 'geschichten', 'eine'), { recursive: true });
  await mkdir(join(root, '_astro'), { recursive: true });
  await writeFile(join(root, 'index.html'), `<h1>${marker}</h1>`);
  await writeFile(join(root, 'geschichten', 'eine', 'index.html'), '<h1>Eine Geschichte</h1>');
  await writeFile(join(root, '404.html'), '<h1>Seite nicht gefunden</h1>');
  await writeFile(join(root, 'rss.xml'), '<rss version="2.0"></rss>');
  await writeFile(join(root, 'data.json'), '{}');
  await writeFile(join(root, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(root, 'font.woff2'), 'x');
  await writeFile(join(root, '_astro', 'Base.abc123.css'), 'body{}');
  return root;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'static-server-'));
  await writeFile(join(dir, 'secret.txt'), 'geheim');
  await site('a', 'Build A');
  await site('b', 'Build B');
  await symlink(join(dir, 'secret.txt'), join(dir, 'a', 'leak.txt'));
  await symlink('a', join(dir, 'current'));
  live = join(dir, 'current');
  server = await serveStatic({ root: () => live });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('serveStatic', () => {
  it('serves index.html for a directory path, with the site security headers', async () => {
    const res = await raw('/geschichten/eine/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('Eine Geschichte');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBe(SITE_CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it('redirects a directory path without its trailing slash', async () => {
    const res = await raw('/geschichten/eine?x=1');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/geschichten/eine/?x=1');
  });

  it.each([
    ['/rss.xml', 'application/rss+xml; charset=utf-8'],
    ['/data.json', 'application/json; charset=utf-8'],
    ['/logo.svg', 'image/svg+xml'],
    ['/font.woff2', 'font/woff2'],
    ['/_astro/Base.abc123.css', 'text/css; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    const res = await raw(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
  });

  it('lets hashed assets be cached for good, and feeds never without asking', async () => {
    expect((await raw('/_astro/Base.abc123.css')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await raw('/rss.xml')).headers['cache-control']).toBe('no-cache');
  });

  it('answers an unknown path with the site 404 page and status 404', async () => {
    const res = await raw('/gibt-es-nicht/');
    expect(res.status).toBe(404);
    expect(res.body).toContain('Seite nicht gefunden');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/geschichten/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00'])(
    'does not leave the root for %s',
    async (path) => {
      const res = await raw(path);
      expect([400, 404]).toContain(res.status);
      expect(res.body).not.toContain('geheim');
    },
  );

  it('does not follow a symlink out of the root', async () => {
    const res = await raw('/leak.txt');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('geheim');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await raw('/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const post = await raw('/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('answers a repeated request with 304 when the ETag matches', async () => {
    const first = await fetch(`${server.url}/`);
    const again = await fetch(`${server.url}/`, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('serves the new build on the next request after the symlink is switched', async () => {
    expect((await raw('/')).body).toContain('Build A');
    await symlink('b', join(dir, 'next'));
    await rename(join(dir, 'next'), join(dir, 'current'));
    expect((await raw('/')).body).toContain('Build B');
  });

  it('says so while there is nothing to serve yet', async () => {
    live = undefined;
    try {
      const res = await raw('/');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      live = join(dir, 'current');
    }
  });

  it('takes another Content-Security-Policy per server', async () => {
    const editor = await serveStatic({ root: () => live, csp: "default-src 'self'; connect-src 'self' http://127.0.0.1:3000" });
    try {
      const res = await fetch(`${editor.url}/`);
      expect(res.headers.get('content-security-policy')).toBe("default-src 'self'; connect-src 'self' http://127.0.0.1:3000");
    } finally {
      await editor.close();
    }
  });
});
