import type { Event } from '@newsroom/http/handler.ts';
import { MAX_BODY_BYTES } from '@newsroom/http/problem.ts';
import { handler } from '@newsroom/meta/index.ts';
import { describe, expect, it } from 'vitest';

/** In AWS, API Gateway lets up to 10 MB through; the handler wrapper holds the API's own limit. */
const event = (body: string, isBase64Encoded = false) =>
  ({
    version: '2.0',
    routeKey: 'GET /meta',
    rawPath: '/meta',
    rawQueryString: '',
    headers: {},
    body,
    isBase64Encoded,
    requestContext: { requestId: 'test', routeKey: 'GET /meta', http: { method: 'GET', path: '/meta' } },
  }) as unknown as Event;

describe('the handler wrapper refuses bodies over the limit', () => {
  it('answers 413 in German for a body over 1 MB, counted in bytes, base64 decoded; up to the limit it reaches the route', async () => {
    for (const e of [
      event('x'.repeat(MAX_BODY_BYTES + 1)),
      event('ü'.repeat(MAX_BODY_BYTES / 2 + 1)),
      event(Buffer.alloc(MAX_BODY_BYTES + 1).toString('base64'), true),
      event('x'.repeat(10 * 1024 * 1024)),
    ]) {
      const res = await handler(e);
      expect(res.statusCode).toBe(413);
      expect(JSON.parse(res.body!)).toMatchObject({ status: 413, title: 'Anfrage zu groß', detail: expect.stringMatching(/^Die Anfrage ist größer als 1 MB/) });
    }
    expect((await handler(event('x'.repeat(MAX_BODY_BYTES)))).statusCode).toBe(200);
    expect((await handler(event(Buffer.alloc(MAX_BODY_BYTES).toString('base64'), true))).statusCode).toBe(200);
  });
});
