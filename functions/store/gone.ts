import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, db } from './client.ts';

/**
 * The gone list (access pattern 18: PK = GONE, SK = <address>): the public addresses of
 * stories and releases that were public and are not any more, answered with 410 Gone.
 * Builds derive most of them from the items' states, but two things a build cannot
 * know: an erasure (the erased record no longer carries its address, it must not) and a
 * takedown the live site has not caught up with (a crash right after a withdrawal). So
 * the stores write the address here with each takedown (functions/store/stories.ts,
 * releases.ts), and the site build, the local start-up and the publisher Lambda read it.
 *
 * Order against the item's own write, so that no crash leaves an address listed that
 * is live: a takedown lists it after its write succeeded (before the caller answers); a
 * republication unlists it before its write; an erasure, whose write removes the address
 * from the item, lists it before its write and unlists it again if that write fails.
 */
export interface GoneEntry {
  path: string;
  kind: 'story' | 'release';
  id: string;
}

export const storyAddress = (slug: string) => `/geschichten/${slug}/`;
export const releaseAddress = (slug: string) => `/pressemitteilungen/${slug}/`;

const key = (path: string) => ({ PK: 'GONE', SK: path });

/** Lists `entry`; resolves true when it was not listed before. */
export async function markGone(entry: GoneEntry, at: string, d: Db = db()): Promise<boolean> {
  const out = await d.doc.send(new PutCommand({ TableName: d.tableName, Item: { ...key(entry.path), ...entry, at }, ReturnValues: 'ALL_OLD' }));
  return out.Attributes === undefined;
}

export async function unmarkGone(path: string, d: Db = db()): Promise<void> {
  await d.doc.send(new DeleteCommand({ TableName: d.tableName, Key: key(path) }));
}

/** Every listed address. */
export async function storedGonePaths(d: Db = db()): Promise<string[]> {
  const out: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await d.doc.send(
      new QueryCommand({
        TableName: d.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'GONE' },
        ProjectionExpression: 'SK',
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    out.push(...(page.Items ?? []).map((i) => i.SK as string));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}
