import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  type AttributeType,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { Role } from '@newsroom/domain/actor.ts';
import { PartnerId } from '@newsroom/domain/partners.ts';
import type { User } from '@newsroom/domain/user.ts';
import { type UserDirectory, UserExists } from './directory.ts';

/**
 * The user directory in AWS: Cognito's user pool. Roles are groups, the partner is
 * `custom:partner` (writable only with admin credentials, which this function's role
 * has for exactly these calls on exactly this pool).
 */
export function cognitoDirectory(userPoolId: string, client = new CognitoIdentityProviderClient({})): UserDirectory {
  const attr = (attrs: AttributeType[] | undefined, name: string) => attrs?.find((a) => a.Name === name)?.Value;
  async function roleOf(username: string) {
    const groups = await client.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: username }));
    return (groups.Groups ?? []).map((g) => g.GroupName).find((g) => Role.safeParse(g).success) as User['role'] | undefined;
  }
  async function toUser(username: string, attrs: AttributeType[] | undefined, enabled: boolean | undefined): Promise<User | undefined> {
    const role = await roleOf(username);
    const partner = PartnerId.safeParse(attr(attrs, 'custom:partner'));
    if (!role || !partner.success) return undefined;
    return { username, name: attr(attrs, 'name') ?? username, email: attr(attrs, 'email') ?? '', role, partner: partner.data, enabled: enabled ?? true };
  }
  async function people() {
    const found: { user: User; subject: string }[] = [];
    let PaginationToken: string | undefined;
    do {
      const page = await client.send(new ListUsersCommand({ UserPoolId: userPoolId, PaginationToken }));
      for (const u of page.Users ?? []) {
        const user = await toUser(u.Username!, u.Attributes, u.Enabled);
        if (user) found.push({ user, subject: attr(u.Attributes, 'sub') ?? '' });
      }
      PaginationToken = page.PaginationToken;
    } while (PaginationToken);
    return found;
  }
  return {
    list: async () => (await people()).map((p) => p.user),
    people,
    async get(username) {
      try {
        const u = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
        return toUser(username, u.UserAttributes, u.Enabled);
      } catch (err) {
        // Only a missing user is "no such user"; a throttled or failed call must not read as one.
        if (err instanceof UserNotFoundException || (err as Error).name === 'UserNotFoundException') return undefined;
        throw err;
      }
    },
    async invite(user) {
      try {
        await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: user.username,
            DesiredDeliveryMediums: ['EMAIL'],
            UserAttributes: [
              { Name: 'email', Value: user.email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: user.name },
              { Name: 'custom:partner', Value: user.partner },
            ],
          }),
        );
      } catch (err) {
        if (err instanceof UsernameExistsException) throw new UserExists();
        throw err;
      }
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.username, GroupName: user.role }));
      return { ...user, enabled: true };
    },
    async update(username, change) {
      const current = await this.get(username);
      if (!current) throw new Error(`unknown user ${username}`);
      const attributes = [
        ...(change.name ? [{ Name: 'name', Value: change.name }] : []),
        ...(change.partner ? [{ Name: 'custom:partner', Value: change.partner }] : []),
      ];
      if (attributes.length)
        await client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: userPoolId, Username: username, UserAttributes: attributes }));
      if (change.role && change.role !== current.role) {
        await client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: current.role }));
        await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: change.role }));
      }
      if (change.enabled === true && !current.enabled) await client.send(new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: username }));
      if (change.enabled === false && current.enabled) {
        await client.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: username }));
        // Disabling stops new sign-ins; signing out also revokes the refresh tokens, so no session outlives it.
        await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: username }));
      }
      return { ...current, ...change };
    },
  };
}
