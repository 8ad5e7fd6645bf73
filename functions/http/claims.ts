import { Actor } from '@newsroom/domain/actor.ts';
import { signedInUsers, type UserCache } from '@newsroom/users/cache.ts';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { issuedInTheFuture } from './issued-at.ts';
import { unauthorized } from './problem.ts';

/** The caller's username: Cognito's ID tokens carry `cognito:username`, its access tokens `username`. */
export function usernameOf(claims: Record<string, unknown> | undefined): string | undefined {
  const value = claims?.['cognito:username'] ?? claims?.username;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Builds the actor of a request. The verified token only proves who is calling (`sub`,
 * username); role, partner, display name and whether the account is enabled come from
 * the user directory, so taking access away does not wait for the token to expire.
 * API Gateway's JWT authorizer does not check `iat`, so it is checked here.
 */
export async function actorFromEvent(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  { users = signedInUsers, now = Date.now }: { users?: UserCache; now?: () => number } = {},
): Promise<Actor> {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) throw unauthorized();
  if (issuedInTheFuture(claims.iat, now()))
    throw unauthorized(
      'Das Anmeldetoken ist ungültig: Es gibt vor, erst in der Zukunft ausgestellt zu sein. Bitte prüfen Sie die Uhrzeit Ihres Geräts und melden Sie sich erneut an.',
    );
  const username = usernameOf(claims);
  if (!username) throw unauthorized('Das Anmeldetoken nennt kein Benutzerkonto.');
  const user = await users.get(username);
  if (!user) throw unauthorized('Dieses Benutzerkonto gibt es nicht oder es hat keine gültige Rolle oder Organisation.');
  if (!user.enabled) throw unauthorized('Ihr Zugang ist gesperrt. Bitte wenden Sie sich an die Administration.');
  const parsed = Actor.safeParse({ sub: claims.sub, name: user.name, roles: [user.role], partner: user.partner });
  if (!parsed.success) throw unauthorized('Das Benutzerkonto hat keine gültige Rolle oder Organisation.');
  return parsed.data;
}
