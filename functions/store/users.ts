import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { withoutUnsafeText } from '@newsroom/domain/text.ts';
import { User } from '@newsroom/domain/user.ts';
import { type Db, db } from './client.ts';
import { queryAll } from './versioned.ts';

/**
 * The local user directory (access pattern 14: PK = USER#<username>; all users via
 * GSI1 = USERS). It stands in for Cognito's user pool, read by the development identity
 * provider; in AWS the users function talks to Cognito instead (functions/users/cognito.ts).
 */
const key = (username: string) => ({ PK: `USER#${username}`, SK: 'USER' });

export async function listUsers(d: Db = db()): Promise<User[]> {
  return (await queryAll(d, 'GSI1', 'USERS', { ascending: true })).map(({ PK: _p, SK: _s, GSI1PK: _a, GSI1SK: _b, ...u }) => User.parse(withoutUnsafeText(u)));
}

export async function getUser(username: string, d: Db = db()): Promise<User | undefined> {
  const out = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: key(username), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { PK: _p, SK: _s, GSI1PK: _a, GSI1SK: _b, ...u } = out.Item;
  return User.parse(withoutUnsafeText(u));
}

/** Creates (`mustBeNew`) or replaces a user. */
export async function putUser(user: User, mustBeNew: boolean, d: Db = db()): Promise<void> {
  await d.doc.send(
    new PutCommand({
      TableName: d.tableName,
      Item: { ...key(user.username), GSI1PK: 'USERS', GSI1SK: user.username, ...user },
      ...(mustBeNew ? { ConditionExpression: 'attribute_not_exists(PK)' } : {}),
    }),
  );
}
