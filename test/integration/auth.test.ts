import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID } from '../../infra/local/dev-idp.ts';
import { startApi, type Api } from './harness.ts';

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
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: api.gateway.idp.jwks.keys[0]!.kid })
      .setSubject('x').setIssuer(api.gateway.idp.issuer).setAudience(LOCAL_CLIENT_ID).setIssuedAt().setExpirationTime('1h').sign(privateKey);
    expect((await withToken(forged)).status).toBe(401);
  });

  it('alg: none → 401', async () => {
    const unsigned = new UnsecuredJWT(claims).setSubject('x').setIssuer(api.gateway.idp.issuer).setAudience(LOCAL_CLIENT_ID).setIssuedAt().setExpirationTime('1h').encode();
    expect((await withToken(unsigned)).status).toBe(401);
  });

  it('HS256 signed with the public key as secret → 401', async () => {
    const jwk = api.gateway.idp.jwks.keys[0]!;
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: jwk.kid })).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const payload = Buffer.from(JSON.stringify({ ...claims, sub: 'x', iss: api.gateway.idp.issuer, aud: LOCAL_CLIENT_ID, iat: now, exp: now + 3600 })).toString('base64url');
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
