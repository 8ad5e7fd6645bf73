import {
  authorizeUrl,
  base64url,
  type CognitoConfig,
  codeChallenge,
  exchangeCode,
  logoutUrl,
  newPending,
  SignInError,
} from '@newsroom/redaktion/src/app/auth/cognito.ts';
import { describe, expect, it } from 'vitest';

const config: CognitoConfig = {
  domain: 'https://newsroom-lkr-ludwigsburg.auth.eu-central-1.amazoncognito.com',
  clientId: '4abc1editorclient',
  redirectUri: 'https://d111.cloudfront.net/',
};

/** An unsigned JWT with the given payload: the editor only reads it, the API verifies signatures. */
const idToken = (payload: Record<string, unknown>) =>
  ['{"alg":"RS256"}', JSON.stringify(payload), 'sig'].map((part, i) => (i < 2 ? base64url(new TextEncoder().encode(part)) : part)).join('.');

describe('Cognito sign-in: PKCE (RFC 7636)', () => {
  it("derives the S256 challenge of the RFC's own example", async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a fresh 256-bit verifier, state and nonce for every sign-in', () => {
    const [a, b] = [newPending(), newPending()];
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.state).not.toBe(b.state);
    expect(a.nonce).not.toBe(b.nonce);
  });
});

describe('Cognito sign-in: addresses', () => {
  it('asks managed login for a code with the S256 challenge, returning exactly to the registered address, in German', async () => {
    const pending = newPending();
    const url = new URL(await authorizeUrl(config, pending));
    expect(`${url.origin}${url.pathname}`).toBe(`${config.domain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: config.clientId,
      redirect_uri: 'https://d111.cloudfront.net/',
      scope: 'openid email profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await codeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      lang: 'de',
    });
  });

  it('signs out at Cognito too, back to the editor', () => {
    const url = new URL(logoutUrl(config));
    expect(`${url.origin}${url.pathname}`).toBe(`${config.domain}/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: config.clientId, logout_uri: 'https://d111.cloudfront.net/' });
    expect(new URL(logoutUrl({ ...config, logoutUri: 'https://redaktion.example.de/' })).searchParams.get('logout_uri')).toBe('https://redaktion.example.de/');
  });
});

describe('Cognito sign-in: token exchange', () => {
  const pending = newPending();
  const respond = (status: number, body: unknown) => async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('posts the code with the verifier to /oauth2/token and keeps the ID token', async () => {
    let sent: { url: string; body: URLSearchParams } | undefined;
    const token = idToken({ sub: 'u1', nonce: pending.nonce, token_use: 'id' });
    const fetchFn = (async (url: string, init: RequestInit) => {
      sent = { url, body: init.body as URLSearchParams };
      return new Response(JSON.stringify({ id_token: token, access_token: 'a', refresh_token: 'r', expires_in: 3600, token_type: 'Bearer' }));
    }) as unknown as typeof fetch;
    expect(await exchangeCode(config, 'the-code', pending, fetchFn)).toEqual({ idToken: token, expiresIn: 3600 });
    expect(sent!.url).toBe(`${config.domain}/oauth2/token`);
    expect(Object.fromEntries(sent!.body)).toEqual({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: 'the-code',
      redirect_uri: config.redirectUri,
      code_verifier: pending.verifier,
    });
  });

  it('refuses an ID token that answers another sign-in (nonce)', async () => {
    const fetchFn = respond(200, { id_token: idToken({ nonce: 'someone-else' }), expires_in: 3600 }) as unknown as typeof fetch;
    await expect(exchangeCode(config, 'c', pending, fetchFn)).rejects.toThrow(/gehört nicht zu dieser Anfrage/);
  });

  it('says in German when the code was used or has expired', async () => {
    const fetchFn = respond(400, { error: 'invalid_grant' }) as unknown as typeof fetch;
    await expect(exchangeCode(config, 'c', pending, fetchFn)).rejects.toThrow(
      new SignInError('Der Anmeldecode ist abgelaufen oder wurde schon verwendet. Bitte melden Sie sich erneut an.'),
    );
  });

  it('says in German when Cognito cannot be reached', async () => {
    const fetchFn = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(exchangeCode(config, 'c', pending, fetchFn)).rejects.toThrow(/nicht erreichbar/);
  });
});
