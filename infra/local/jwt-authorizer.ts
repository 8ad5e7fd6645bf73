import { issuedInTheFuture } from '@newsroom/http/issued-at.ts';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';

/**
 * Does locally what API Gateway's HTTP API JWT authorizer does in AWS: fetch the
 * issuer's JWKS, verify the signature (RS256 only, so `alg: none` and an HS256 token
 * signed with the public key are refused), issuer, audience, expiry, and accept only
 * ID tokens (`token_use: id`, which carry `custom:partner`). Beyond API Gateway, it refuses
 * a token whose `iat` lies further in the future than the clock skew allows (jose checks
 * `iat` only together with a maximum age); the handlers check that again in AWS.
 */
export function createJwtAuthorizer(opts: { issuer: string; audience: string }) {
  const jwks = createRemoteJWKSet(new URL(`${opts.issuer}/.well-known/jwks.json`));
  return async function authorize(authorization: string | undefined): Promise<JWTPayload | undefined> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return undefined;
    try {
      const { payload } = await jwtVerify(match[1]!, jwks, {
        issuer: opts.issuer,
        audience: opts.audience,
        algorithms: ['RS256'],
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      return payload.token_use === 'id' && !issuedInTheFuture(payload.iat) ? payload : undefined;
    } catch {
      return undefined;
    }
  };
}

/** API Gateway hands claims to the Lambda as strings; arrays become "[a b]". */
export function claimsAsApiGatewayPasses(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]));
}
