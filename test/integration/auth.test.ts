import { createHmac } from 'node:crypto';
import type { Event } from '@newsroom/http/handler.ts';
import { LOCAL_CLIENT_ID, subjectOf } from '@newsroom/infra-local/dev-idp.ts';
import { handler as metaHandler } from '@newsroom/meta/index.ts';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, createConsentedStory, startApi } from './harness.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

const claims = { 'cognito:groups': ['press'], 'custom:partner': 'lra', name: 'Eindringling', token_use: 'id' };
const withToken = (token: string) => api.call(undefined, 'GET', '/stories', undefined, { authorization: `Bearer ${token}` });

describe('the local JWT authorizer refuses what API Gateway refuses', () => {
  it('accepts a valid token of the identity provider', async () => {
    expect((await withToken(await api.token('presse'))).status).toBe(200);
  });

  it('no token → 401', async () => {
    expect((await api.call(undefined, 'GET', '/stories')).status).toBe(401);
  });

  it('an expired token → 401', async () => {
    const token = await api.gateway.idp.issue('presse', { expiresInSeconds: -10 });
    expect((await withToken(token)).status).toBe(401);
  });

  it('a token signed with another key → 401', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: api.gateway.idp.jwks.keys[0]!.kid })
      .setSubject('x')
      .setIssuer(api.gateway.idp.issuer)
      .setAudience(LOCAL_CLIENT_ID)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await withToken(forged)).status).toBe(401);
  });

  it('alg: none → 401', async () => {
    const unsigned = new UnsecuredJWT(claims)
      .setSubject('x')
      .setIssuer(api.gateway.idp.issuer)
      .setAudience(LOCAL_CLIENT_ID)
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    expect((await withToken(unsigned)).status).toBe(401);
  });

  it('HS256 signed with the public key as secret → 401', async () => {
    const jwk = api.gateway.idp.jwks.keys[0]!;
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: jwk.kid })).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const payload = Buffer.from(JSON.stringify({ ...claims, sub: 'x', iss: api.gateway.idp.issuer, aud: LOCAL_CLIENT_ID, iat: now, exp: now + 3600 })).toString(
      'base64url',
    );
    const secret = JSON.stringify(jwk);
    const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    expect((await withToken(`${header}.${payload}.${sig}`)).status).toBe(401);
  });

  it('a wrong issuer, audience or token_use → 401', async () => {
    const idpToken = await api.token('presse');
    const [h, p] = idpToken.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    for (const change of [{ iss: 'https://evil.example/' }, { aud: 'another-client' }, { token_use: 'access' }]) {
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, ...change })).toString('base64url')}.${idpToken.split('.')[2]}`;
      expect((await withToken(tampered)).status).toBe(401);
    }
  });

  it('public routes need no token', async () => {
    expect((await api.call(undefined, 'GET', '/meta')).status).toBe(200);
  });
});

describe('taking access away works at once: the API judges a token by the directory, not by its claims', () => {
  /** Calls the API with one particular token, as the editor that signed in earlier would. */
  const callWith = (token: string, method: string, path: string, body?: unknown) =>
    api.call(undefined, method, path, body, { authorization: `Bearer ${token}` });

  /** An administrator invites a fresh account, so no other test depends on what these tests change. */
  async function invite(username: string, role: string, partner: string) {
    const res = await api.call('admin', 'POST', '/users', { username, name: `Test ${username}`, email: `${username}@example.org`, role, partner });
    expect(res.status).toBe(201);
    return api.gateway.idp.issue(username);
  }

  it('a disabled user is refused with the token issued before, on reads and writes', async () => {
    const token = await invite('h12-gesperrt', 'manager', 'caritas');
    expect((await callWith(token, 'GET', '/stories')).status).toBe(200);

    expect((await api.call('admin', 'PUT', '/users/h12-gesperrt', { enabled: false })).status).toBe(200);

    const read = await callWith(token, 'GET', '/stories');
    expect(read.status).toBe(401);
    expect(read.body.detail).toMatch(/Zugang ist gesperrt/);
    expect((await callWith(token, 'GET', '/me')).status).toBe(401);
    expect((await callWith(token, 'POST', '/stories', { title: 'Nach der Sperre' })).status).toBe(401);

    expect((await api.call('admin', 'PUT', '/users/h12-gesperrt', { enabled: true })).status).toBe(200);
    expect((await callWith(token, 'GET', '/me')).status).toBe(200);
  });

  it('a partner lead demoted to manager can no longer approve with the token issued before', async () => {
    const token = await invite('h12-leitung', 'partner-lead', 'caritas');
    expect((await callWith(token, 'GET', '/me')).body.roles).toEqual(['partner-lead']);
    const ready = await createConsentedStory(api);
    const submitted = (await api.call('caritas-manager', 'POST', `/stories/${ready.id}/transitions`, { action: 'submit', version: ready.version })).body;
    expect(submitted.status).toBe('submitted');

    expect((await api.call('admin', 'PUT', '/users/h12-leitung', { role: 'manager' })).status).toBe(200);

    expect((await callWith(token, 'GET', '/me')).body).toMatchObject({ roles: ['manager'], partner: 'caritas', name: 'Test h12-leitung' });
    const approve = await callWith(token, 'POST', `/stories/${ready.id}/transitions`, { action: 'approve', version: submitted.version });
    expect(approve.status).toBe(403);
    // The story was ready: a partner lead of Caritas may still approve it.
    expect((await api.call('caritas-lead', 'POST', `/stories/${ready.id}/transitions`, { action: 'approve', version: submitted.version })).status).toBe(200);
  });

  it("a manager moved to another partner no longer sees the old partner's drafts with the token issued before", async () => {
    const token = await invite('h12-wechsel', 'manager', 'caritas');
    const draft = (await api.call('caritas-manager', 'POST', '/stories', { title: 'Entwurf vor dem Wechsel' })).body;
    expect((await callWith(token, 'GET', `/stories/${draft.id}`)).status).toBe(200);

    expect((await api.call('admin', 'PUT', '/users/h12-wechsel', { partner: 'drk' })).status).toBe(200);

    expect((await callWith(token, 'GET', '/me')).body.partner).toBe('drk');
    expect((await callWith(token, 'GET', `/stories/${draft.id}`)).status).toBe(404);
    const listed = await callWith(token, 'GET', '/stories');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).not.toContain(draft.id);
    const created = await callWith(token, 'POST', '/stories', { title: 'Entwurf nach dem Wechsel' });
    expect(created.status).toBe(201);
    expect(created.body.partner).toBe('drk');
  });

  it('a display name changed by the administrator is the one the API uses', async () => {
    const token = await invite('h12-name', 'manager', 'awo');
    expect((await api.call('admin', 'PUT', '/users/h12-name', { name: 'Neuer Anzeigename' })).status).toBe(200);
    expect((await callWith(token, 'GET', '/me')).body.name).toBe('Neuer Anzeigename');
  });
});

describe('tokens issued in the future are refused', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('by the local gateway, beyond five minutes of clock skew', async () => {
    const ahead = await api.gateway.idp.issue('presse', { issuedAt: now() + 3600 });
    expect((await withToken(ahead)).status).toBe(401);
    const skewed = await api.gateway.idp.issue('presse', { issuedAt: now() + 60 });
    expect((await withToken(skewed)).status).toBe(200);
  });

  it("by the handlers themselves, since API Gateway's JWT authorizer does not check iat", async () => {
    const event = (iat: number) =>
      ({
        version: '2.0',
        routeKey: 'GET /me',
        rawPath: '/me',
        rawQueryString: '',
        headers: {},
        isBase64Encoded: false,
        requestContext: {
          requestId: `iat-${iat}`,
          routeKey: 'GET /me',
          http: { method: 'GET', path: '/me' },
          // As API Gateway passes them: every claim a string.
          authorizer: {
            jwt: {
              scopes: null,
              claims: {
                sub: subjectOf('presse'),
                'cognito:username': 'presse',
                'cognito:groups': '[press]',
                'custom:partner': 'lra',
                token_use: 'id',
                iat: String(iat),
              },
            },
          },
        },
      }) as unknown as Event;
    const ahead = await metaHandler(event(now() + 3600));
    expect(ahead.statusCode).toBe(401);
    expect(JSON.parse(ahead.body!).detail).toMatch(/Zukunft/);
    expect((await metaHandler(event(now() - 60))).statusCode).toBe(200);
  });
});
