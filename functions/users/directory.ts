import type { User, UserChange } from '@newsroom/domain/user.ts';

/**
 * Where users live: the local table (development identity provider) or Cognito.
 * The users function chooses by configuration; the rules are the same for both.
 */
export interface UserDirectory {
  list(): Promise<User[]>;
  /** Every user with the subject (`sub`) their tokens carry: who the workflow's records name (authors, submitters). */
  people(): Promise<{ user: User; subject: string }[]>;
  get(username: string): Promise<User | undefined>;
  /** Throws UserExists when the username is taken. */
  invite(user: Omit<User, 'enabled'>): Promise<User>;
  update(username: string, change: UserChange): Promise<User>;
}

export class UserExists extends Error {}
