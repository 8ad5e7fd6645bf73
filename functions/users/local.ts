import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { getUser, listUsers, putUser } from '@newsroom/store/users.ts';
import { type UserDirectory, UserExists } from './directory.ts';

/** The subject the development identity provider (infra/local/dev-idp.ts) puts in a user's tokens: stable per username, shaped like Cognito's. */
export function localSubject(username: string): string {
  const h = createHash('sha256').update(`dev-idp:${username}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export const localDirectory: UserDirectory = {
  list: () => listUsers(),
  people: async () => (await listUsers()).map((user) => ({ user, subject: localSubject(user.username) })),
  get: (username) => getUser(username),
  async invite(user) {
    try {
      await putUser({ ...user, enabled: true }, true);
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException') throw new UserExists();
      throw err;
    }
    return { ...user, enabled: true };
  },
  async update(username, change) {
    const current = await getUser(username);
    if (!current) throw new Error(`unknown user ${username}`);
    const next = { ...current, ...change };
    await putUser(next, false);
    return next;
  },
};
