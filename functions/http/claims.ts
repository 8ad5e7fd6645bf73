import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { Actor, Role } from '../domain/actor.ts';
import { unauthorized } from './problem.ts';

/**
 * API Gateway's JWT authorizer passes array claims as a string like "[press admin]";
 * the local gateway passes the same shape, but we accept a real array too.
 */
function groups(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
  return [];
}

/** Builds the actor from the verified claims of the request; never from the body. */
export function actorFromEvent(event: APIGatewayProxyEventV2WithJWTAuthorizer): Actor {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) throw unauthorized();
  const parsed = Actor.safeParse({
    sub: claims.sub,
    name: claims.name ?? claims['cognito:username'] ?? claims.email,
    roles: groups(claims['cognito:groups']).filter((g) => Role.safeParse(g).success),
    partner: claims['custom:partner'],
  });
  if (!parsed.success) throw unauthorized('Das Anmeldetoken enthält keine gültige Rolle oder Organisation.');
  return parsed.data;
}
