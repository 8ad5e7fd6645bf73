import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { getUser, listUsers, putUser } from '../store/users.ts';
import { type UserDirectory, UserExists } from './directory.ts';

export const localDirectory: UserDirectory = {
  list: () => listUsers(),
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
