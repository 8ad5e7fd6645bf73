import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { demoUsers } from '@newsroom/content/seed/users.ts';
import { openApiDocument } from '@newsroom/http/openapi.ts';
import { FUNCTIONS, ROUTES, type Route, routeKey } from '@newsroom/http/routes.ts';
import { MAX_BUNDLE_KB } from '@newsroom/infra-aws/bundle.ts';
import { subjectOf } from '@newsroom/infra-local/dev-idp.ts';
import { type EmbeddedStore, startDynalite } from '@newsroom/infra-local/dynalite.ts';
import { seedUsers } from '@newsroom/infra-local/seed.ts';
import { seedDemoReleases } from '@newsroom/infra-local/seed-releases.ts';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeStory } from '../integration/harness.ts';
import { synthStack } from './synth.ts';

/**
 * The deployable artifacts themselves: one synth into a temporary cloud assembly, then
 * each function's `index.mjs` from its asset directory is imported by Node (not through
 * vitest's transform, as Lambda would load it) and invoked with sample events against an
 * in-memory dynalite. `@aws-sdk/*` is left out of the bundles because the Lambda runtime
 * provides it; here a `node_modules` link next to the assets stands in for the runtime's.
 */
/**
 * Node's own loader (require of an ES module, Node 22+), not vitest's transform: the
 * bundle is loaded as Lambda's runtime loads it, and resolves `@aws-sdk/*` by plain
 * Node resolution from its own directory.
 */
const nativeLoad = createRequire(import.meta.url) as (path: string) => Record<string, unknown>;

type Handler = (event: unknown, context?: unknown) => Promise<any>;

let store: EmbeddedStore;
const bundles = new Map<string, { dir: string; handler: Handler }>();

/** A stand-in for EventBridge: every call the bundles make, answered as accepted. */
const busCalls: { target: unknown; body: any }[] = [];
const bus = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    busCalls.push({ target: req.headers['x-amz-target'], body: JSON.parse(body) });
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] }));
  });
});
const busSettings = ['CONTENT_EVENT_BUS', 'AWS_ENDPOINT_URL_EVENTBRIDGE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
const envBefore = Object.fromEntries(busSettings.map((k) => [k, process.env[k]]));

beforeAll(async () => {
  const { all, outdir } = synthStack();

  store = await startDynalite({ tableName: 'bundles' });
  process.env.DYNAMODB_ENDPOINT = store.endpoint;
  process.env.TABLE_NAME = store.db.tableName;
  process.env.AWS_REGION = 'eu-central-1';
  // Without USER_POOL_ID the bundles read the caller from the table, as locally.
  await seedUsers(store.db);
  // Content changes go to the bus as in AWS, here the stand-in (the SDK's own setting for a
  // service's endpoint; the keys are only there to sign with).
  await new Promise<void>((resolve) => bus.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    CONTENT_EVENT_BUS: 'newsroom-content',
    AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${(bus.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: 'bundle-test',
    AWS_SECRET_ACCESS_KEY: 'bundle-test',
  });

  for (const [, fn] of all('AWS::Lambda::Function')) {
    const described = /^Newsroom: functions\/(\w+)$/.exec(fn.Properties.Description ?? '');
    if (!described) continue;
    const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
    const dir = join(outdir, `asset.${hash}`);
    const mod = nativeLoad(join(dir, 'index.mjs'));
    bundles.set(described[1]!, { dir, handler: mod.handler as Handler });
  }
});

afterAll(async () => {
  for (const [k, v] of Object.entries(envBefore)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  bus.close();
  await store?.close();
});

const user = (username: string) => {
  const found = demoUsers().find((u) => u.username === username);
  if (!found) throw new Error(`no demo user ${username}`);
  return found;
};

/** An API Gateway HTTP API v2 event as the JWT authorizer hands it on (array claims as "[a b]"). */
function apiEvent(route: Pick<Route, 'method' | 'path'>, opts: { username?: string; body?: unknown; params?: Record<string, string> } = {}) {
  const u = opts.username ? user(opts.username) : undefined;
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => opts.params?.[name] ?? name);
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'x-correlation-id': 'bundle-test' },
    pathParameters: opts.params,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example',
      domainPrefix: 'api',
      stage: '$default',
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: routeKey(route),
      time: '',
      timeEpoch: Date.now(),
      http: { method: route.method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'bundles.test' },
      authorizer: u
        ? {
            jwt: {
              scopes: null,
              claims: {
                sub: subjectOf(u.username),
                'cognito:username': u.username,
                name: u.name,
                'cognito:groups': `[${u.role}]`,
                'custom:partner': u.partner,
                token_use: 'id',
                iat: String(Math.floor(Date.now() / 1000)),
              },
            },
          }
        : undefined,
    },
  };
}

const lambdaContext = (name: string) => ({
  functionName: `Newsroom-${name}`,
  functionVersion: '$LATEST',
  awsRequestId: 'ctx-1',
  memoryLimitInMB: '512',
  invokedFunctionArn: `arn:aws:lambda:eu-central-1:123456789012:function:Newsroom-${name}`,
  getRemainingTimeInMillis: () => 10_000,
});

async function invoke(name: string, event: unknown): Promise<APIGatewayProxyStructuredResultV2 & { json: any }> {
  const result = (await bundles.get(name)!.handler(event, lambdaContext(name))) as APIGatewayProxyStructuredResultV2;
  return { ...result, json: result.body ? JSON.parse(result.body) : undefined };
}

describe('Lambda bundles from cdk.out', () => {
  it('exist for every function of the route table, the scheduler and the mailer, as a minified ES module with a source map', () => {
    expect([...bundles.keys()].sort()).toEqual([...FUNCTIONS, 'scheduler', 'mailer'].sort());
    for (const [name, { dir }] of bundles) {
      expect(existsSync(join(dir, 'index.mjs.map')), name).toBe(true);
      expect(statSync(join(dir, 'index.mjs')).size, name).toBeGreaterThan(1_000);
    }
  });

  it(`are each at most ${MAX_BUNDLE_KB} KB minified, what Lambda loads at every cold start (figures: bench/results/bundle-sizes.json)`, () => {
    for (const [name, { dir }] of bundles) expect(statSync(join(dir, 'index.mjs')).size / 1024, name).toBeLessThanOrEqual(MAX_BUNDLE_KB);
  });

  it('meta answers the public reference data without a token', async () => {
    const res = await invoke('meta', apiEvent({ method: 'GET', path: '/meta' }));
    expect(res.statusCode).toBe(200);
    expect(res.json.partners.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['awo', 'caritas', 'kdv', 'drk', 'lra']));
  });

  it('meta serves the API document without a token, as generated from the route table', async () => {
    const res = await invoke('meta', apiEvent({ method: 'GET', path: '/openapi.json' }));
    expect(res.statusCode).toBe(200);
    expect(res.json).toEqual(JSON.parse(JSON.stringify(openApiDocument(ROUTES))));
  });

  it('meta names the signed-in person from the user directory', async () => {
    const res = await invoke('meta', apiEvent({ method: 'GET', path: '/me' }, { username: 'awo-manager' }));
    expect(res.statusCode).toBe(200);
    expect(res.json).toMatchObject({ partner: 'awo', roles: ['manager'] });
  });

  it('stories writes a draft to the table and reads it back', async () => {
    const created = await invoke('stories', apiEvent({ method: 'POST', path: '/stories' }, { username: 'awo-manager', body: completeStory }));
    expect(created.statusCode, JSON.stringify(created.json)).toBe(201);
    const read = await invoke('stories', apiEvent({ method: 'GET', path: '/stories/{id}' }, { username: 'awo-manager', params: { id: created.json.id } }));
    expect(read.statusCode).toBe(200);
    expect(read.json).toMatchObject({ title: completeStory.title, status: 'draft', partner: 'awo' });
  });

  it('stories answers in German when a request is refused (the problem responses are bundled too)', async () => {
    const res = await invoke('stories', apiEvent({ method: 'GET', path: '/stories' }));
    expect(res.statusCode).toBe(401);
    expect(res.json.title).toBe('Nicht angemeldet');
  });

  const lists = ROUTES.filter((r) => r.method === 'GET' && !r.path.includes('{') && r.roles !== 'public');
  it.each(lists.map((r) => [routeKey(r), r] as const))(
    '%s answers the press office (or, for admin-only lists, the administration) from the table',
    async (_, route) => {
      const res = await invoke(route.fn, apiEvent(route, { username: route.roles.includes('press') ? 'presse' : 'admin' }));
      expect(res.statusCode, JSON.stringify(res.json)).toBe(200);
    },
  );

  it('scheduler runs a scheduled event against the table', async () => {
    const result = await bundles
      .get('scheduler')!
      .handler({ time: new Date().toISOString(), 'detail-type': 'Scheduled Event', source: 'aws.events' }, lambdaContext('scheduler'));
    expect(JSON.stringify(result)).toMatch(/takenDown/);
  });

  it('scheduler puts a content change on the event bus, with the EventBridge client the bundle loads only then', async () => {
    await seedDemoReleases(store.db, new Date());
    // A week on, the seeded release's embargo has passed.
    const result = await bundles.get('scheduler')!.handler({ time: new Date(Date.now() + 7 * 86_400_000).toISOString() }, lambdaContext('scheduler'));
    expect(result.releases.published).toHaveLength(1);
    const put = busCalls.filter((c) => c.target === 'AWSEvents.PutEvents').flatMap((c) => c.body.Entries);
    expect(put).toEqual([expect.objectContaining({ EventBusName: 'newsroom-content', Source: 'newsroom.content', DetailType: 'ContentChanged' })]);
    expect(JSON.parse(put[0].Detail)).toMatchObject({ kind: 'release', id: result.releases.published[0], change: 'published' });
  });
});
