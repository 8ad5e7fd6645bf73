import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { roleLabel } from '@newsroom/domain/actor.ts';
import { partnerName } from '@newsroom/domain/partners.ts';
import type { User } from '@newsroom/domain/user.ts';
import { localSubject } from '@newsroom/users/local.ts';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

/**
 * The development identity provider: signs ID tokens shaped like Cognito's
 * (`sub`, `cognito:groups`, `custom:partner`, `token_use: id`, `aud` = client id)
 * for the demo users. It exists only in `infra/local`; the AWS stack has Cognito
 * and no way to sign in without it.
 */
export const LOCAL_CLIENT_ID = 'redaktion-local';

export interface DevIdp {
  issuer: string;
  clientId: string;
  jwks: { keys: JWK[] };
  users: () => Promise<User[]>;
  /**
   * `claims` adds to the token, e.g. the `nonce` of an OpenID Connect sign-in (tests of the Cognito mode);
   * `issuedAt` (seconds since the epoch) signs a token as a wrong clock would (tests of the `iat` check).
   */
  issue(username: string, opts?: { expiresInSeconds?: number; claims?: Record<string, string>; issuedAt?: number }): Promise<string>;
}

interface KeyFile {
  privateJwk: JWK;
  publicJwk: JWK;
}

/** Keys persist under the data dir so tokens survive a restart (never committed: .data is ignored). */
async function loadKeys(keyFile: string | undefined): Promise<KeyFile> {
  if (keyFile && existsSync(keyFile)) return JSON.parse(readFileSync(keyFile, 'utf8')) as KeyFile;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const keys = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(keys), { mode: 0o600 });
  }
  return keys;
}

/** A stable, opaque subject per demo user, like Cognito's UUID `sub`. */
export function subjectOf(username: string): string {
  return localSubject(username);
}

/**
 * `users` reads the local user directory (the table, maintained by the administrators
 * through the users function), so an invited user can sign in at once and a disabled
 * one cannot.
 */
export async function createDevIdp(opts: { issuer: string; users: () => Promise<User[]>; keyFile?: string }): Promise<DevIdp> {
  const keys = await loadKeys(opts.keyFile);
  const signingKey = await importJWK(keys.privateJwk, 'RS256');
  return {
    issuer: opts.issuer,
    clientId: LOCAL_CLIENT_ID,
    jwks: { keys: [keys.publicJwk] },
    users: async () => (await opts.users()).filter((u) => u.enabled),
    async issue(username, { expiresInSeconds = 3600, claims = {}, issuedAt } = {}) {
      const user = (await opts.users()).find((u) => u.username === username && u.enabled);
      if (!user) throw new Error(`unknown demo user ${username}`);
      return new SignJWT({
        ...claims,
        'cognito:groups': [user.role],
        'cognito:username': user.username,
        'custom:partner': user.partner,
        name: user.name,
        email: user.email,
        token_use: 'id',
        auth_time: Math.floor(Date.now() / 1000),
      })
        .setProtectedHeader({ alg: 'RS256', kid: keys.publicJwk.kid, typ: 'JWT' })
        .setSubject(subjectOf(user.username))
        .setIssuer(opts.issuer)
        .setAudience(LOCAL_CLIENT_ID)
        .setIssuedAt(issuedAt)
        .setExpirationTime(`${expiresInSeconds}s`)
        .sign(signingKey);
    },
  };
}

/** What the sign-in page lists. */
export async function userDirectory(idp: DevIdp) {
  return (await idp.users()).map((u) => ({ ...u, roleLabel: roleLabel(u.role), partnerName: partnerName(u.partner) }));
}
