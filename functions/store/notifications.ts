import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationContent, NotificationPreferences } from '@newsroom/domain/notifications.ts';
import { type Db, db } from './client.ts';

/**
 * Notification preferences and the daily summary's waiting notifications:
 *
 * | #  | pattern                                       | key                                                   |
 * |----|-----------------------------------------------|-------------------------------------------------------|
 * | M3 | one person's preferences                      | PK = PREFS#<subject>, SK = NOTIFICATIONS              |
 * | M4 | every notification waiting for a summary, by person and time (one day's worth) | PK = DIGEST, SK = <subject>#<at>#<key> |
 */

export async function getPreferences(subject: string, d: Db = db()): Promise<Partial<NotificationPreferences>> {
  const out = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: { PK: `PREFS#${subject}`, SK: 'NOTIFICATIONS' } }));
  return (out.Item?.preferences as Partial<NotificationPreferences> | undefined) ?? {};
}

export async function putPreferences(subject: string, preferences: Partial<NotificationPreferences>, at: string, d: Db = db()): Promise<void> {
  await d.doc.send(new PutCommand({ TableName: d.tableName, Item: { PK: `PREFS#${subject}`, SK: 'NOTIFICATIONS', preferences, at } }));
}

export interface WaitingNotification {
  subject: string;
  to: string;
  at: string;
  key: string;
  content: NotificationContent;
}

/** Kept for the summary; the same key twice (a retried handler) is one entry. */
export async function addToDigest(w: WaitingNotification, d: Db = db()): Promise<void> {
  await d.doc.send(new PutCommand({ TableName: d.tableName, Item: { PK: 'DIGEST', SK: `${w.subject}#${w.at}#${w.key}`, ...w } }));
}

/** Every waiting notification, by person, oldest first. */
export async function waitingNotifications(d: Db = db()): Promise<(WaitingNotification & { sk: string })[]> {
  const out: (WaitingNotification & { sk: string })[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await d.doc.send(
      new QueryCommand({ TableName: d.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'DIGEST' }, ExclusiveStartKey }),
    );
    for (const { PK: _p, SK, ...w } of page.Items ?? []) out.push({ ...(w as WaitingNotification), sk: SK as string });
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

export async function dropFromDigest(sortKeys: readonly string[], d: Db = db()): Promise<void> {
  for (let i = 0; i < sortKeys.length; i += 25) {
    await d.doc.send(
      new BatchWriteCommand({
        RequestItems: { [d.tableName]: sortKeys.slice(i, i + 25).map((SK) => ({ DeleteRequest: { Key: { PK: 'DIGEST', SK } } })) },
      }),
    );
  }
}
